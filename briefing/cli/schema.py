"""``briefing schema``: the JSON Schema that ``build --json`` and ``.json`` briefings follow."""

from __future__ import annotations

import argparse

from briefing.cli.options import EXIT_OK


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``schema`` and its option to ``sub``."""
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of `build --json` / .json output",
        description="Print the JSON Schema (draft 2020-12) that `briefing build --json` and .json "
        "briefings follow. schema_version is MAJOR.MINOR: minor versions only add keys.",
    )
    parser.add_argument("--version-only", action="store_true", help="print only the schema version")
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the schema, or only its version."""
    from briefing.compose.jsonout import SCHEMA_VERSION, schema_text

    print(SCHEMA_VERSION if args.version_only else schema_text().rstrip("\n"))
    return EXIT_OK
