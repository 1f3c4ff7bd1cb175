"""Command line: ``briefing build|summarize|inspect|models|schema``.

The only module that prints, configures logging, or reads environment variables.
Exit codes: 0 when the command did its work (a briefing was written; skipped inputs are
listed inside it), 1 when nothing usable came out, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from briefing import __version__
from briefing.errors import BriefingError

log = logging.getLogger("briefing")

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


def _env_flag(name: str) -> bool:
    """True when environment variable ``name`` is set to a truthy value."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _eprint(*parts: object) -> None:
    print(*parts, file=sys.stderr)


# --------------------------------------------------------------------------- build


def _add_build(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("build", help="build a briefing from Arabic articles")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    parser.set_defaults(handler=_cmd_build)


def _cmd_build(args: argparse.Namespace) -> int:
    raise NotImplementedError("build: being written")


# ----------------------------------------------------------------------- summarize


def _add_summarize(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("summarize", help="print each article's Arabic summary (no translation)")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    parser.set_defaults(handler=_cmd_summarize)


def _cmd_summarize(args: argparse.Namespace) -> int:
    raise NotImplementedError("summarize: being written")


# ------------------------------------------------------------------------- inspect


def _add_inspect(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("inspect", help="show what briefing makes of each input")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    parser.set_defaults(handler=_cmd_inspect)


def _cmd_inspect(args: argparse.Namespace) -> int:
    raise NotImplementedError("inspect: being written")


# -------------------------------------------------------------------------- models


def _add_models(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("models", help="download or convert translation models")
    models_sub = parser.add_subparsers(dest="models_command", required=True)
    pull = models_sub.add_parser("pull", help="download a Marian model into models/")
    pull.add_argument("model", nargs="?", default=None, help="hub id (default: the default model)")
    pull.set_defaults(handler=_cmd_models_pull)
    _add_models_convert(models_sub)


def _cmd_models_pull(args: argparse.Namespace) -> int:
    raise NotImplementedError("models pull: being written")


def _add_models_convert(models_sub: argparse._SubParsersAction) -> None:
    convert = models_sub.add_parser("convert", help="convert a Marian model to CTranslate2 into models/")
    convert.add_argument("model", nargs="?", default=None, help="hub id or folder")
    convert.set_defaults(handler=_cmd_models_convert)


def _cmd_models_convert(args: argparse.Namespace) -> int:
    raise NotImplementedError("models convert: being written")


# -------------------------------------------------------------------------- schema


def _add_schema(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("schema", help="print the JSON Schema of `build --json` / .json output")
    parser.set_defaults(handler=_cmd_schema)


def _cmd_schema(args: argparse.Namespace) -> int:
    raise NotImplementedError("schema: being written")


# ---------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (no side effects)."""
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Turn Arabic news articles into side-by-side English/Arabic briefings, offline.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_build(sub)
    _add_summarize(sub)
    _add_inspect(sub)
    _add_models(sub)
    _add_schema(sub)
    return parser


def _setup_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(getattr(args, "verbose", 0) or 0)
    try:
        return args.handler(args)
    except BriefingError as exc:
        _eprint(f"briefing: error: {exc}")
        return EXIT_NOTHING
    except KeyboardInterrupt:
        _eprint("briefing: interrupted")
        return 130
