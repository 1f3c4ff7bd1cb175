"""Ingest: find the input files and read each into an Article (text, metadata)."""
