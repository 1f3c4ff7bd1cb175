"""Translations to check: the reasons shown beside a flagged row, and the first page's list.

The review (:mod:`briefing.translation.review`) gives each flag a reason; here they become what an
editor reads: a short note under the English of the row ("− about 45% of the Arabic has no English
counterpart"), and on the first page how many translations to check and where ("[2:14]",
"title of [3]", "overview, event 1"), so nobody has to page through the tables to find them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from briefing.compose.labels import citation
from briefing.compose.marks import LOW_CONFIDENCE_THRESHOLD, flag_mark, flags_of
from briefing.types import FLAG_LEGEND, Briefing, KeyPoint, OverviewVersion

CHECKS_LISTED = 12
"""Entries the first page lists by name; the rest are counted ("and 5 more"), so a briefing made
with an unsuitable model does not push the contents off the first page."""

HEADING_CHECKS = "Translations to check"


def row_reasons(
    flags: Iterable[str], reasons: Iterable[tuple[str, str]], confidence: float | None = None
) -> tuple[tuple[str, str], ...]:
    """``(flag, reason)`` for each flag of a row: the review's reason, low-confidence's from
    ``confidence``, else the legend's words (a result made before reasons existed still says why)."""
    given: Mapping[str, str] = dict(reasons)
    out = []
    for flag in flags:
        if flag == "low-confidence" and confidence is not None:
            out.append(
                (
                    flag,
                    f"the model's own confidence is low ({confidence:.2f}, below {LOW_CONFIDENCE_THRESHOLD})",
                )
            )
        else:
            out.append((flag, given.get(flag) or FLAG_LEGEND.get(flag, flag)))
    return tuple(out)


def note(reasons: Iterable[tuple[str, str]]) -> str:
    """The reasons as one line, each after its flag's mark: ``− about 45% of ...; ‡ the Arabic ...``."""
    return "; ".join(f"{flag_mark(flag)} {reason}" for flag, reason in reasons)


@dataclass(frozen=True, slots=True)
class CheckEntry:
    """One flagged translation: where it is shown, and why.

    Attributes:
        where: ``[2:14]`` (a summary sentence), ``title of [2]`` or ``overview, event 1``.
        article: The source number for a link (0: the overview).
        index: The sentence index for a link (-1: a title or an overview point).
        flags: The flags of the translation.
        reasons: ``(flag, reason)`` pairs, drawn with :func:`note`.
    """

    where: str
    article: int
    index: int
    flags: tuple[str, ...]
    reasons: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class CheckList:
    """What the first page says about the translations to check.

    Attributes:
        flagged: Translations with at least one flag.
        total: Translations in the briefing (titles, sentences, overview points).
        entries: The first :data:`CHECKS_LISTED` flagged ones, in reading order.
    """

    flagged: int
    total: int
    entries: tuple[CheckEntry, ...]

    def headline(self) -> str:
        """``7 of 42 translations are marked for checking`` (or that none is)."""
        if not self.flagged:
            return f"None of the {self.total} translations is marked for checking."
        verb = "is" if self.flagged == 1 else "are"
        marked = f"{self.flagged} of {self.total} translations {verb} marked for checking"
        return f"{marked}; the reasons are under each."

    @property
    def more(self) -> int:
        """Flagged translations not listed by name."""
        return self.flagged - len(self.entries)


def _translations(briefing: Briefing) -> Iterator[CheckEntry]:
    """Every translation of the briefing as an entry (flags possibly empty), in reading order."""
    if briefing.overview is not None:
        for number, group in enumerate(briefing.overview.groups, start=1):
            points: list[KeyPoint | OverviewVersion] = [*group.key_points]
            points += [v for d in group.differences for v in d.versions]
            for point in points:
                if point.english:
                    flags = flags_of(point.confidence, point.flags)
                    yield CheckEntry(
                        f"overview, event {number}",
                        0,
                        -1,
                        flags,
                        row_reasons(flags, point.reasons, point.confidence),
                    )
    for article in briefing.articles:
        if article.title_en and article.summary.article.title:  # a headline translated from Arabic
            flags = tuple(article.title_flags)
            yield CheckEntry(
                f"title of [{article.id}]", article.id, -1, flags, row_reasons(flags, article.title_reasons)
            )
        for s in article.sentences:
            if s.english:
                flags = flags_of(s.confidence, s.flags)
                yield CheckEntry(
                    citation(article.id, s.index),
                    article.id,
                    s.index,
                    flags,
                    row_reasons(flags, s.reasons, s.confidence),
                )


def check_list(briefing: Briefing) -> CheckList:
    """The first page's count and list of flagged translations."""
    every = list(_translations(briefing))
    flagged = [entry for entry in every if entry.flags]
    return CheckList(flagged=len(flagged), total=len(every), entries=tuple(flagged[:CHECKS_LISTED]))
