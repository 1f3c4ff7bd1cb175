"""``briefing overview INPUT... [--json]``: the cross-source overview alone.

No translation and no model: ingest, clean, segment, summarize (for the points' importance)
and the overview, in seconds. Text output (:func:`briefing.compose.text.format_overview`) is
for an editor in a terminal; ``--json`` prints ``{"articles": [{"id", "source", "metadata"}],
"overview": {...}}`` with ``overview`` in the shape of ``build --json`` (the same serializer).
"""

from __future__ import annotations

import argparse
import json

from briefing.cli.options import (
    EXIT_NOTHING,
    EXIT_OK,
    add_config_option,
    add_inputs_argument,
    add_one_event_option,
    add_verbose_option,
    report_skipped,
)
from briefing.config import ONE_EVENT, load_settings


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``overview`` and its options to ``sub``."""
    parser = sub.add_parser(
        "overview",
        help="print the cross-source overview (no translation)",
        description="Group the articles by event and print, per event, the key points several "
        "sources agree on, where they contradict each other, copies, and which articles preview "
        "the event and which report it. Arabic only; no model is loaded.",
    )
    add_inputs_argument(parser)
    add_config_option(parser)
    add_one_event_option(parser, dest="one_event", const=True)
    parser.add_argument(
        "--json", action="store_true", help='print JSON: {"articles": [...], "overview": {...}}'
    )
    add_verbose_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Build and print the overview; 0 when at least one article was read, else 1."""
    from briefing.compose.jsonout import overview_to_dict
    from briefing.compose.text import format_overview
    from briefing.pipeline import overview_choice, overview_of, prepare_articles
    from briefing.summarize import Length, get_summarizer

    # The summaries rank the points: their length and method come from BRIEFING_* and the
    # config file, as in build (5 sentences by default).
    settings = load_settings(args.config)
    prepared, skipped = prepare_articles(
        args.inputs, summarizer=get_summarizer(settings.summarizer), length=Length.from_settings(settings)
    )
    report_skipped(skipped)
    if not prepared:
        return EXIT_NOTHING
    choice = overview_choice(settings.overview, ONE_EVENT if args.one_event else None)
    overview = overview_of(prepared, one_event=choice == ONE_EVENT)
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
    return EXIT_OK
