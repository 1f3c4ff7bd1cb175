"""``briefing inspect INPUT...``: what briefing makes of each input, before any summary."""

from __future__ import annotations

import argparse
import json

from briefing.cli.options import EXIT_NOTHING, EXIT_OK, add_inputs_argument, add_verbose_option


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``inspect`` and its options to ``sub``."""
    parser = sub.add_parser(
        "inspect",
        help="show what briefing makes of each input",
        description=(
            "Read, clean and check each input as `build` would, without summarizing or translating: "
            "status (ok or skipped, with the reason), format, encoding, metadata and where each field "
            "came from, the cleaned text as sentences, and every dropped line with its rule."
        ),
    )
    add_inputs_argument(parser, "article files, folders or manifests")
    parser.add_argument("--json", action="store_true", help="print a JSON array, one object per input")
    add_verbose_option(parser, "log more (-vv for debug)")
    return parser


def run(args: argparse.Namespace) -> int:
    """Print one report per input; 0 when at least one input is usable, else 1."""
    from briefing.inspect import format_reports, inspect_inputs

    reports = inspect_inputs(args.inputs)
    if args.json:
        print(json.dumps([report.to_dict() for report in reports], ensure_ascii=False, indent=2))
    else:
        print(format_reports(reports))
    return EXIT_OK if any(report.status == "ok" for report in reports) else EXIT_NOTHING
