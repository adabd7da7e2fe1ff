"""Readers: turn input files (regio.yaml, content blocks, Markdown) into the document model."""
