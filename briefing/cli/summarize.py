"""``briefing summarize INPUT...``: each article's Arabic summary, no translation, no model."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefing.cli.options import (
    EXIT_NOTHING,
    EXIT_OK,
    add_config_option,
    add_inputs_argument,
    add_length_options,
    add_verbose_option,
    eprint,
    length_arguments,
    report_skipped,
    summarizer_name,
)
from briefing.config import load_settings

if TYPE_CHECKING:
    from briefing.pipeline import PreparedArticle
    from briefing.types import Skipped


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``summarize`` and its options to ``sub``."""
    parser = sub.add_parser(
        "summarize",
        help="print each article's Arabic summary (no translation)",
        description="Print each article's extractive summary in Arabic, one sentence per line in "
        "document order. No model is loaded.",
    )
    add_inputs_argument(parser)
    add_length_options(parser)
    parser.add_argument(
        "--summarizer",
        type=summarizer_name,
        metavar="NAME",
        help="method: default, centrality, lexrank, lead",
    )
    add_config_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON: [{source, sentences: [...]}]")
    add_verbose_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Summarize and print every article; 0 when at least one was usable, else 1."""
    from briefing.pipeline import prepare_articles
    from briefing.summarize import Length, get_summarizer

    # The length and method: options, then BRIEFING_* and the config file, as build reads them.
    settings = load_settings(args.config, **length_arguments(args), summarizer=args.summarizer)
    prepared, skipped = prepare_articles(
        args.inputs, summarizer=get_summarizer(settings.summarizer), length=Length.from_settings(settings)
    )
    report_skipped(skipped)
    if args.json:
        _print_json(prepared, skipped)
    else:
        _print_text(prepared)
    if not prepared:
        eprint("briefing: no usable article")
    return EXIT_OK if prepared else EXIT_NOTHING


def _print_json(prepared: Sequence[PreparedArticle], skipped: Sequence[Skipped]) -> None:
    """``[{source, sentences: [{index, arabic, score}]}]``, skipped inputs last with their reason."""
    entries = [
        {
            "source": p.summary.source.path,
            "sentences": [
                {"index": s.index, "arabic": s.text, "score": s.score} for s in p.summary.sentences
            ],
        }
        for p in prepared
    ]
    entries += [{"source": item.source, "sentences": [], "skipped": item.reason} for item in skipped]
    print(json.dumps(entries, ensure_ascii=False, indent=2))


def _print_text(prepared: Sequence[PreparedArticle]) -> None:
    """One block per article: ``# SOURCE — TITLE``, then its summary sentences."""
    blocks = []
    for p in prepared:
        title = p.summary.article.title or p.summary.source.title
        header = f"# {p.summary.source.path}" + (f" — {title}" if title else "")
        blocks.append("\n".join([header, *(s.text for s in p.summary.sentences)]))
    if blocks:
        print("\n\n".join(blocks))
