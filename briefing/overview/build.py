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
from briefing.overview.grouping import EventRules, copy_extras, event_facts, find_duplicates, group_by_event
from briefing.overview.matching import vectorize
from briefing.overview.notes import editor_notes
from briefing.overview.points import key_points
from briefing.overview.settings import OverviewSettings
from briefing.overview.text import Analyzer
from briefing.overview.timeline import statuses
from briefing.types import Citation, Difference, EventGroup, KeyPoint, Overview

__all__ = ["build_overview", "duplicate_ids", "event_groups"]


def _disputed(found: Sequence[Difference], independent: Sequence[Doc]) -> set[tuple[int, int]]:
    """Sentences (article, index) shown as a version of a difference."""
    disputed: set[tuple[int, int]] = set()
    for difference in found:
        for version in difference.versions:
            for doc in independent:
                if doc.id in version.sources:
                    disputed.update((doc.id, s.index) for s in doc.sents if s.text == version.arabic)
    return disputed


def _headline(docs: Sequence[Doc], sources: Sequence[int]) -> KeyPoint:
    """What happened: the headline of *docs* closest in meaning to their other headlines.

    *sources* are the group's independent articles (its copies are listed on their own line,
    "[2]–[200] repeat [1]", not 200 outlets here); on a tie the earlier source.
    """
    from briefing.text.vectors import similarity

    titles = [event_facts(d).title for d in docs]
    sim = similarity(titles, titles)
    best = max(range(len(docs)), key=lambda i: (float(sim[i].sum()), -i))
    doc = docs[best]
    cited = [s.index for s in doc.sents if s.text == titles[best]]
    return KeyPoint(
        arabic=titles[best],
        english=None,
        sources=tuple(sources),
        citations=(Citation(doc.id, cited[0]),) if cited else (),
    )


def _extras(docs: Sequence[Doc], copied: Sequence[tuple[int, int]], analyzer: Analyzer) -> list[KeyPoint]:
    """Each copy's own sentences (what the article it copies lacks), in source order."""
    by_id = {d.id: d for d in docs}
    points = []
    for kept, copy in sorted(copied, key=lambda pair: pair[1]):
        for sent in copy_extras(by_id[kept], by_id[copy], analyzer):
            if sent.kind == "heading" and sent.text == by_id[copy].title:
                continue  # its own headline is in the sources list
            points.append(KeyPoint(sent.text, None, (copy,), citations=(Citation(copy, sent.index),)))
    return points


def _event_group(
    docs: Sequence[Doc], copied: Sequence[tuple[int, int]], analyzer: Analyzer, settings: OverviewSettings
) -> EventGroup:
    """One event's key points, differences, copies, statuses and notes.

    Only what sets sources side by side is kept: points two or more independent sources
    state (a single source's facts are in its own section), differences, copies and what a
    copy adds, and the notes. A group of one article carries nothing but its number.
    """
    if len(docs) < 2:
        return EventGroup(articles=tuple(d.id for d in docs), statuses=tuple(statuses(docs).items()))
    copies = {copy for _, copy in copied}
    independent = [d for d in docs if d.id not in copies]
    found: list[Difference] = []
    points: list[KeyPoint] = []
    if len(independent) > 1:
        idf, topic = vectorize(independent, settings)
        found = differences(independent, analyzer, idf, topic, settings)
        points = [
            p
            for p in key_points(independent, topic, _disputed(found, independent), settings)
            if len(p.sources) > 1
        ]
    status = statuses(docs)
    return EventGroup(
        articles=tuple(d.id for d in docs),
        key_points=tuple(points),
        differences=tuple(found),
        duplicates=tuple(copied),
        statuses=tuple(status.items()),
        notes=editor_notes(independent, status, analyzer),
        headline=_headline(independent, [d.id for d in independent]),
        copy_extras=tuple(_extras(docs, copied, analyzer)),
    )


def build_overview(
    articles: Sequence[OverviewInput],
    *,
    settings: OverviewSettings | None = None,
    rules: EventRules | None = None,
    one_event: bool = False,
) -> Overview:
    """Group articles by event and find, per group, key points, differences and copies.

    Args:
        articles: The briefing's articles with their source numbers, all sentences and summary.
        settings: Thresholds; the defaults suit news articles of a few hundred words.
        rules: When two articles report the same event (:class:`EventRules`).
        one_event: The editor says every article reports one event (a folder gathered for
            one story): no grouping, one group; copies are still found.

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
    groups, copied = event_groups(docs, analyzer, settings, rules, one_event=one_event)
    events = []
    for group in groups:
        members = {d.id for d in group}
        pairs = [(kept, copy) for kept, copy in copied if copy in members]
        events.append(_event_group(group, pairs, analyzer, settings))
    return Overview(groups=tuple(events), one_event=one_event)


def event_groups(
    docs: Sequence[Doc],
    analyzer: Analyzer,
    settings: OverviewSettings,
    rules: EventRules | None = None,
    *,
    one_event: bool = False,
) -> tuple[list[list[Doc]], list[tuple[int, int]]]:
    """The articles grouped by event, and the ``(kept, copy)`` pairs among them.

    Copies are found first, over all articles: a copy is the same story whatever its
    headline, and it joins the group of the article it copies (grouping reads the others).
    With ``one_event`` every article is in one group (the editor's word, not the rules').
    """
    copied = find_duplicates(docs, analyzer, settings)
    if one_event:
        return [sorted(docs, key=lambda d: d.id)], copied
    kept_of = {copy: kept for kept, copy in copied}
    groups = group_by_event([d for d in docs if d.id not in kept_of], rules)
    group_of = {d.id: n for n, group in enumerate(groups) for d in group}
    for doc in docs:
        if doc.id in kept_of:
            original = doc.id
            while original in kept_of:  # a copy of a copy joins the first article's group
                original = kept_of[original]
            groups[group_of[original]].append(doc)
    for group in groups:
        group.sort(key=lambda d: d.id)
    groups.sort(key=lambda group: group[0].id)
    return groups, copied


def duplicate_ids(overview: Overview) -> frozenset[int]:
    """Source numbers of articles that copy another one of the briefing.

    The pipeline drops their per-article sections (their content is the kept article's) and
    shows "also published by [n]" beside the kept article instead.
    """
    return frozenset(copy for group in overview.groups for _, copy in group.duplicates)
