"""``briefing overview INPUT... [--json]``: the cross-source overview alone.

No translation and no model: ingest, clean, segment, summarize (for the points' importance)
and the overview, in seconds. Text output is for an editor in a terminal; ``--json`` prints
``{"articles": [{"id", "source", "metadata"}], "overview": {...}}`` with ``overview`` in the
shape of ``build --json`` (the same serializer).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from briefing.types import Overview, SourceRef


def add_parser(sub: argparse._SubParsersAction, handler: Any) -> None:
    """Register the ``overview`` subcommand on ``sub``; ``handler`` runs it."""
    parser = sub.add_parser(
        "overview",
        help="print the cross-source overview (no translation)",
        description="Group the articles by event and print, per event, the key points several "
        "sources agree on, where they contradict each other, copies, and which articles preview "
        "the event and which report it. Arabic only; no model is loaded.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    parser.add_argument(
        "--json", action="store_true", help='print JSON: {"articles": [...], "overview": {...}}'
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more detail (-vv: debug)")
    parser.set_defaults(handler=handler)


def run(args: argparse.Namespace) -> int:
    """Build and print the overview; 0 when at least one article was read, else 1."""
    from briefing.compose.jsonout import overview_to_dict
    from briefing.overview import OverviewInput, build_overview
    from briefing.pipeline import prepare_articles
    from briefing.summarize import get_summarizer, parse_length

    prepared, skipped = prepare_articles(args.inputs, summarizer=get_summarizer(), length=parse_length(5))
    for item in skipped:
        print(f"briefing: skipped {item.source}: {item.reason}", file=sys.stderr)
    if not prepared:
        return 1
    overview = build_overview(
        [OverviewInput(number, p.sentences, p.summary) for number, p in enumerate(prepared, start=1)]
    )
    sources = [p.summary.source for p in prepared]
    if args.json:
        data = {
            "articles": [
                {"id": number, "source": src.path, "metadata": src.metadata()}
                for number, src in enumerate(sources, start=1)
            ],
            "overview": overview_to_dict(overview),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_overview(overview, sources))
    return 0


def format_overview(overview: Overview, sources: list[SourceRef]) -> str:
    """The overview as plain text: one block per event group."""
    lines = [
        f"[{n}] {src.path}" + (f" — {src.title}" if src.title else "") for n, src in enumerate(sources, 1)
    ]
    for number, group in enumerate(overview.groups, start=1):
        ids = ", ".join(f"[{i}]" for i in group.articles)
        lines += ["", f"Event {number}: {ids}"]
        status = dict(group.statuses)
        if status:
            said = ", ".join(f"[{i}] {status[i]}" for i in group.articles if i in status)
            lines.append(f"  Status: {said}")
        lines += [f"  Note: {note}" for note in group.notes]
        for point in group.key_points:
            backed = ", ".join(f"[{i}]" for i in point.sources)
            lines.append(f"  * {point.arabic}  ({backed})")
        for difference in group.differences:
            lines.append(f"  ! {difference.topic} ({difference.kind}):")
            for version in difference.versions:
                said = f" [{' '.join(version.values)}]" if version.values else ""
                lines.append(f"      {', '.join(f'[{i}]' for i in version.sources)}{said}: {version.arabic}")
        for kept, copy in group.duplicates:
            lines.append(f"  = [{copy}] copies [{kept}]")
    return "\n".join(lines)
