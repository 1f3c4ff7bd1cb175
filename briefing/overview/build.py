"""Build the overview: group the articles by event, then find each group's points, differences, copies.

The steps, each in its own module:

1. :mod:`~briefing.overview.articles`: sentences with their matching features;
2. :mod:`~briefing.overview.grouping`: which articles are about the same event, which copy another;
3. :mod:`~briefing.overview.matching`: per group, sentence vectors and the story's topic keys;
4. :mod:`~briefing.overview.differences`: where the independent sources differ;
5. :mod:`~briefing.overview.points`: the facts they state, each with its sources;
6. :mod:`~briefing.overview.timeline` and :mod:`~briefing.overview.notes`: previews against
   reports, places, in a line for the editor.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing.overview.articles import Doc, OverviewInput, prepare
from briefing.overview.differences import differences
from briefing.overview.grouping import find_duplicates, group_by_event
from briefing.overview.matching import vectorize
from briefing.overview.notes import editor_notes
from briefing.overview.points import key_points
from briefing.overview.settings import OverviewSettings
from briefing.overview.text import Analyzer
from briefing.overview.timeline import statuses
from briefing.types import Difference, EventGroup, Overview

__all__ = ["build_overview", "duplicate_ids"]


def _disputed(found: Sequence[Difference], independent: Sequence[Doc]) -> set[tuple[int, int]]:
    """Sentences (article, index) shown as a version of a difference."""
    disputed: set[tuple[int, int]] = set()
    for difference in found:
        for version in difference.versions:
            for doc in independent:
                if doc.id in version.sources:
                    disputed.update((doc.id, s.index) for s in doc.sents if s.text == version.arabic)
    return disputed


def _event_group(docs: Sequence[Doc], analyzer: Analyzer, settings: OverviewSettings) -> EventGroup:
    """One event's key points, differences, copies, statuses and notes."""
    copied = find_duplicates(docs, analyzer, settings)
    copies = {copy for _, copy in copied}
    independent = [d for d in docs if d.id not in copies]
    idf, topic = vectorize(independent, settings)
    found = differences(independent, analyzer, idf, topic, settings) if len(independent) > 1 else []
    points = key_points(independent, topic, _disputed(found, independent), settings)
    status = statuses(docs)
    # One article: nothing to set against another source.
    notes = editor_notes(docs, status, analyzer) if len(docs) >= 2 else ()
    return EventGroup(
        articles=tuple(d.id for d in docs),
        key_points=tuple(points),
        differences=tuple(found),
        duplicates=tuple(copied),
        statuses=tuple(status.items()),
        notes=notes,
    )


def build_overview(
    articles: Sequence[OverviewInput], *, settings: OverviewSettings | None = None
) -> Overview:
    """Group articles by event and find, per group, key points, differences and copies.

    Args:
        articles: The briefing's articles with their source numbers, all sentences and summary.
        settings: Thresholds; the defaults suit news articles of a few hundred words.

    Returns:
        One :class:`EventGroup` per event, ordered by first source number. English fields are
        ``None``: translate :func:`overview_texts` and call :func:`with_translations`.

    Raises:
        ValueError: Two articles share a source number.
    """
    settings = settings or OverviewSettings()
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError(f"overview article ids must be unique, got {ids}")
    if not articles:
        return Overview(groups=())
    docs, analyzer = prepare(articles)
    return Overview(
        groups=tuple(_event_group(g, analyzer, settings) for g in group_by_event(docs, analyzer, settings))
    )


def duplicate_ids(overview: Overview) -> frozenset[int]:
    """Source numbers of articles that copy another one of the briefing.

    The pipeline drops their per-article sections (their content is the kept article's) and
    shows "also published by [n]" beside the kept article instead.
    """
    return frozenset(copy for group in overview.groups for _, copy in group.duplicates)
