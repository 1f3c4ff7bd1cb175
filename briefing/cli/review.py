"""``briefing review FILE``: check translations made elsewhere with the checks of ``build``.

FILE holds ``arabic<TAB>english`` lines (a header line allowed) or JSON lines with ``arabic`` and
``english`` (:mod:`briefing.translation.pairs`). Each pair is reviewed by
:mod:`briefing.translation.review` (numbers, repetition, length, meaning, omission, addition);
the side-by-side document shows the flags, each flagged row says why, and the first page lists
the translations to check. ``--json`` prints ``{"sentences": [{"index", "arabic", "english",
"flags", "reasons", "scores"}], "flagged": N}`` in input order. Lines that cannot be read are
reported with their numbers on stderr and left out; the others are still reviewed.

Exit codes: 0 the review was written, 1 no pair could be read, 2 usage error.
"""

from __future__ import annotations

import argparse
import json

from briefing.cli.options import EXIT_OK, add_config_option, add_verbose_option, eprint
from briefing.config import load_settings

_PROBLEMS_SHOWN = 20
"""Unreadable lines named on stderr; more are counted."""


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``review`` and its options to ``sub``."""
    parser = sub.add_parser(
        "review",
        help="check translations made elsewhere (TSV or JSON lines)",
        description="Check translations made elsewhere (a stringer's, an agency's, another "
        "tool's) with the checks build runs on its own: numbers, repetition, length, and whether "
        "the English says what the Arabic says (meaning, omission, addition). FILE: one "
        "arabic<TAB>english pair per line (a header line allowed), or JSON lines with "
        '"arabic" and "english". Exit codes: 0 written, 1 no pair could be read, 2 usage error.',
    )
    parser.add_argument("file", metavar="FILE", help="TSV (arabic<TAB>english) or JSON-lines file")
    parser.add_argument(
        "-o",
        "--output",
        help="output file, or a folder (DIR/); default: outputs/review-<timestamp>.<format>",
    )
    parser.add_argument(
        "--format",
        action="append",
        metavar="FMT",
        help="docx, md, html or json; repeat or comma-separate for several (default: from the "
        "output suffix, else docx)",
    )
    parser.add_argument("--title", help="document title (default: Review of FILE)")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="DOCX page size (default a4)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    parser.add_argument(
        "--json", action="store_true", help='print {"sentences": [...], "flagged": N} on stdout'
    )
    add_config_option(parser)
    add_verbose_option(parser)
    return parser


def _report_problems(file: str, problems: tuple[str, ...]) -> None:
    """Name the unreadable lines on stderr (the first :data:`_PROBLEMS_SHOWN`)."""
    if not problems:
        return
    eprint(f"briefing: {file}: {len(problems)} line(s) could not be read and were left out:")
    for problem in problems[:_PROBLEMS_SHOWN]:
        eprint(f"  {problem}")
    if len(problems) > _PROBLEMS_SHOWN:
        eprint(f"  ... and {len(problems) - _PROBLEMS_SHOWN} more")


def run(args: argparse.Namespace) -> int:
    """Read, review, write; 0 when written (InputError, no pair read, becomes 1 in main)."""
    from briefing.compose import save
    from briefing.compose.outputs import check_outputs_free, resolve_outputs
    from briefing.compose.reviewdoc import review_briefing
    from briefing.translation.pairs import read_pairs
    from briefing.translation.review import review

    targets = resolve_outputs(args.output, args.format, stem="review")
    check_outputs_free([path for path, _ in targets], overwrite=args.overwrite)
    settings = load_settings(args.config)
    found = read_pairs(args.file)
    _report_problems(args.file, found.problems)
    result = review(found.pairs, meaning=settings.review)
    document = review_briefing(result, source=args.file, shape=found.shape, title=args.title)
    written = [
        save(
            document,
            path,
            format=fmt,
            overwrite=args.overwrite,
            paper=args.paper,
            font_arabic=settings.font_arabic,
        )
        for path, fmt in targets
    ]
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    eprint(
        f"briefing: wrote {', '.join(str(p) for p in written)}: {len(result.sentences)} pair(s), "
        f"{len(result.flagged)} to check"
    )
    return EXIT_OK
