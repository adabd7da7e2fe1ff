"""The live preview: a local web server and a file watcher (``regiovisie preview``)."""
