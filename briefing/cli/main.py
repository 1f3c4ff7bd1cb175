"""Command line: ``briefing build|batch|summarize|inspect|overview|review|glossary|models|schema|serve``.

One module per command (:data:`COMMANDS`), each with ``register(sub)`` and ``run(args)``;
what they share is in :mod:`briefing.cli.options`. This module builds the parser, sets up
logging, and is the one place where exceptions become exit codes: 0 when the command did its
work (a briefing was written; skipped inputs are listed inside it), 1 when nothing usable came
out, 2 for usage errors, 130 when interrupted. Environment variables are read by
:mod:`briefing.config` only.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from briefing._version import __version__
from briefing.cli import batch, build, glossary, inspect, models, overview, review, schema, serve, summarize
from briefing.cli.options import (
    EXIT_INTERRUPTED,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    eprint,
    usage_error,
)
from briefing.errors import BriefingError, ConfigError, OutputExistsError

__all__ = ["COMMANDS", "EXIT_INTERRUPTED", "EXIT_NOTHING", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

log = logging.getLogger("briefing")

COMMANDS: tuple[Command, ...] = (
    build,
    batch,
    summarize,
    inspect,
    overview,
    review,
    glossary,
    models,
    schema,
    serve,
)
"""Every command, in the order ``briefing --help`` lists them; the one way to add a command."""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (no side effects)."""
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Turn Arabic news articles into side-by-side English/Arabic briefings, offline.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub).set_defaults(run=command.run)
    return parser


def _setup_logging(verbosity: int) -> None:
    """Log to stderr: warnings, -v info, -vv debug."""
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    0: done (a briefing was written; skipped inputs are listed in it), 1: nothing usable came
    out or the model could not be had, 2: usage error (bad option, output exists), 130:
    interrupted (Ctrl-C).
    """
    args = build_parser().parse_args(argv)
    _setup_logging(getattr(args, "verbose", 0) or 0)
    try:
        code: int = args.run(args)
    except (ConfigError, OutputExistsError) as exc:
        return usage_error(args, str(exc))
    except BriefingError as exc:
        log.debug("error details", exc_info=True)
        eprint(f"briefing: error: {exc}")
        return EXIT_NOTHING
    except KeyboardInterrupt:
        eprint("briefing: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `briefing ... | head`: the reader went away; not an error of ours. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code
