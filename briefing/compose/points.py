"""Overview points and article sentences: which sentence a point quotes, which articles are copies.

The overview cites sentences by position, or quotes one source's wording without a citation;
these helpers find the summary sentence behind each point (so it is cited and flagged like any
other), and which articles are near-duplicate copies that get no section of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from briefing.compose.labels import isolate
from briefing.compose.marks import flags_of
from briefing.types import KeyPoint, Overview, OverviewVersion, TranslatedSentence, TranslatedSummary


@dataclass(frozen=True, slots=True)
class PointView:
    """A key point or difference version as cited and flagged (outline rows and JSON alike).

    Attributes:
        citations: ``(article, sentence index)`` pairs, index 0-based.
        confidence: Translation confidence of the English.
        flags: Flags to mark (see :func:`flags_of`).
    """

    citations: tuple[tuple[int, int], ...]
    confidence: float | None
    flags: tuple[str, ...]


def point_view(version: KeyPoint | OverviewVersion, wordings: WordingIndex) -> PointView:
    """Citations, confidence and flags of an overview point.

    The overview's own ``citations``/``confidence``/``flags`` win; where it gives none, a point
    whose Arabic is exactly one of the summary sentences of a source it lists takes that
    sentence's citation, confidence and flags (the same words, the same translation).
    """
    citations = tuple((c.article, c.index) for c in version.citations)
    confidence = version.confidence
    flags: tuple[str, ...] = tuple(version.flags)
    if not citations:
        found = wordings.find(version)
        if found is not None:
            citations = ((found[0], found[1].index),)
            if confidence is None:
                confidence = found[1].confidence
            if not flags:
                flags = found[1].flags
    return PointView(citations, confidence, flags_of(confidence, flags))


class WordingIndex:
    """Finds the summary sentence an overview point quotes, to cite it like any other sentence.

    The overview shows one source's wording of a point; when that wording is one of the
    summary sentences of a source the point lists, the point gets that sentence's citation
    (``[4:1]``) and its translation confidence.
    """

    def __init__(self, articles: Iterable[TranslatedSummary]) -> None:
        self._by_text: dict[str, list[tuple[int, TranslatedSentence]]] = {}
        for article in articles:
            for sentence in article.sentences:
                self._by_text.setdefault(_key(sentence.arabic), []).append((article.id, sentence))

    def find(self, version: KeyPoint | OverviewVersion) -> tuple[int, TranslatedSentence] | None:
        """``(source number, sentence)`` whose Arabic is the point's wording, or None."""
        for article_id, sentence in self._by_text.get(_key(version.arabic), ()):
            if article_id in version.sources:
                return article_id, sentence
        return None


def _key(text: str) -> str:
    """Whitespace-insensitive lookup key (the overview may re-join a sentence's lines)."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Duplicates:
    """Near-duplicate articles found by the overview: ``(kept, copy)`` pairs, looked up both ways.

    A copy keeps its entry in the sources list but gets no section of its own; the kept
    article's attribution says it was also published by the copy's source.
    """

    kept_of: dict[int, int]
    copies_of: dict[int, tuple[int, ...]]
    adding: frozenset[int] = frozenset()
    """Copies that state something the article they copy does not ("What copies add")."""

    @classmethod
    def of(cls, overview: Overview | None) -> Duplicates:
        kept_of: dict[int, int] = {}
        copies: dict[int, list[int]] = {}
        adding: set[int] = set()
        for group in overview.groups if overview is not None else ():
            for kept, copy in group.duplicates:
                if copy != kept and copy not in kept_of:
                    kept_of[copy] = kept
                    copies.setdefault(kept, []).append(copy)
            adding.update(source for point in group.copy_extras for source in point.sources)
        return cls(
            kept_of=kept_of, copies_of={k: tuple(v) for k, v in copies.items()}, adding=frozenset(adding)
        )

    def sections(self, articles: Sequence[TranslatedSummary]) -> list[TranslatedSummary]:
        """The articles that get a section of their own (copies left out)."""
        return [a for a in articles if a.id not in self.kept_of]


def also_published(
    article: TranslatedSummary, duplicates: Duplicates, articles: Sequence[TranslatedSummary]
) -> str | None:
    """``Also published by [3] Outlet, [5] file.txt`` for a kept article, or None."""
    copies = duplicates.copies_of.get(article.id)
    if not copies:
        return None
    by_id = {a.id: a for a in articles}
    names = []
    for copy in copies:
        other = by_id.get(copy)
        label = (other.source.outlet or PurePath(other.source.path).name) if other else None
        names.append(f"[{copy}] {isolate(label)}" if label else f"[{copy}]")
    return "Also published by " + ", ".join(names) + " (a copy or light rewrite; not repeated)"


HEADING_COPY_EXTRAS = "What copies add"
"""Heading of the sentences a copy states that the article it copies does not."""


def copy_note(article: TranslatedSummary, duplicates: Duplicates) -> str | None:
    """``Copy or light rewrite of [1]`` for a copy, or None.

    A copy has no section: what it shares with [1] is under [1], and the sentences it adds
    (its own news), if any, are in the overview under the event, never dropped; the note
    says where.
    """
    kept = duplicates.kept_of.get(article.id)
    if kept is None:
        return None
    note = f"Copy or light rewrite of [{kept}]"
    if article.id in duplicates.adding:
        note += f"; what it adds is under \u201c{HEADING_COPY_EXTRAS}\u201d"
    return note
