"""Overview: what several sources say about the same events."""
