"""``briefing glossary check FILE [INPUT...]``: validate a glossary and show what it would hit."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import asdict
from typing import TYPE_CHECKING

from briefing.cli.options import EXIT_NOTHING, EXIT_OK, add_verbose_option, eprint, report_skipped

if TYPE_CHECKING:
    from briefing.glossary import GlossaryReport


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``glossary`` (with its ``check`` action) to ``sub``."""
    parser = sub.add_parser(
        "glossary",
        help="check a glossary file and show which terms inputs would hit",
        description="Work with the desk's glossary (CSV, TSV or TOML of Arabic terms and their English; "
        "see docs/glossary.md). `check FILE [INPUT...]` lists repeated rows, conflicting renderings and "
        "terms that never match as written, then the terms each input would hit. Exit 0 when the file "
        "is sound, 1 when it has a conflict or a term that never matches.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="validate a glossary; show the terms inputs would hit")
    check.add_argument("file", metavar="FILE", help="the glossary (.csv, .tsv, .txt or .toml)")
    check.add_argument("inputs", nargs="*", metavar="INPUT", help="articles to find the terms in")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    add_verbose_option(check)
    return parser


def _texts(inputs: list[str]) -> list[tuple[str, str]]:
    """``(name, cleaned text)`` of each readable input; unreadable ones are reported and left out."""
    from briefing.clean.cleaner import clean
    from briefing.errors import InputError
    from briefing.ingest.discover import discover, display_path, ingest, skip_reason
    from briefing.types import Skipped

    files, skipped = discover(inputs)
    skipped = list(skipped)
    texts: list[tuple[str, str]] = []
    for item in files:
        name = display_path(item.path)
        try:
            texts.append((name, clean(ingest(item)).text))
        except InputError as exc:
            skipped.append(Skipped(source=name, reason=skip_reason(exc, name)))
    report_skipped(skipped)
    return texts


def _print(report: GlossaryReport) -> None:
    print(f"{report.path}: {report.terms} terms")
    for problem in report.problems:
        print(f"  line {problem.line}: {problem.kind}: {problem.message}")
    if not report.problems:
        print("  no duplicates, conflicts or terms that never match")
    for name, hits in report.hits:
        counts = Counter(f"{hit.term.arabic} → {hit.term.english}" for hit in hits)
        print(f"{name}: {len(hits)} hit" + ("" if len(hits) == 1 else "s"))
        for entry, count in counts.most_common():
            print(f"  {entry}" + (f" ×{count}" if count > 1 else ""))


def _as_json(report: GlossaryReport) -> str:
    data = {
        "file": report.path,
        "terms": report.terms,
        "ok": report.ok,
        "problems": [asdict(problem) for problem in report.problems],
        "inputs": [
            {
                "input": name,
                "hits": [
                    {
                        "arabic": hit.surface,
                        "term": hit.term.arabic,
                        "english": hit.term.english,
                        "start": hit.start,
                    }
                    for hit in hits
                ],
            }
            for name, hits in report.hits
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def run(args: argparse.Namespace) -> int:
    """Check the glossary; 0 when sound, 1 with a conflict or a term that never matches."""
    from briefing.glossary import check_glossary

    report = check_glossary(args.file, _texts(args.inputs))
    if args.json:
        print(_as_json(report))
    else:
        _print(report)
    if not report.ok:
        eprint(f"briefing: {args.file} has problems a build would trip on (see above)")
        return EXIT_NOTHING
    return EXIT_OK
