"""The CLI commands, one module each; they parse options, call the library and print."""
