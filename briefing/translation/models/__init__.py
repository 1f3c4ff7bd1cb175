"""Models: find, download, convert and build (demo) translation models."""
