"""The full-text search index: its file format, the builder and a reader (the browser's algorithm in Python)."""
