"""The ``briefing`` command line: one module per command over the library (see :mod:`.main`)."""

from briefing.cli.main import main

__all__ = ["main"]
