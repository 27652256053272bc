"""Thin adapters over the pipeline: the command line and the MkDocs plugin."""
