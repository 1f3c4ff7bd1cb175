"""The ``briefing`` command line: one module per command over the library."""

from briefing.cli.main import main

__all__ = ["main"]
