"""Where sources differ: slot disputes and visible contradictions, shown as differences.

Two kinds of dispute are decided, then presented alike (:class:`briefing.types.Difference`,
each version with its disputed ``values`` and citations, each difference its ``kind``):

* numbers, durations, days and places between two statements that otherwise match
  (:mod:`briefing.overview.claims`);
* two near-identical statements the stance model sees negated, reversed (rise/fall,
  continue/stop), placed elsewhere or in another country (:func:`stance_disputes`).

Quoted material that both outlets carry (the same tweet or statement, quoted by each) is
what someone said, not what the outlets dispute: a difference whose disputed words sit in a
quotation the other outlet also quotes is dropped (:func:`shared_quote`).

A false contradiction is worse than a missed one: it sends an editor checking a dispute that
does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from briefing.overview.articles import Doc, Sent
from briefing.overview.claims import SlotDispute, slot_disputes
from briefing.overview.lexicon import UNITS_EN
from briefing.overview.matching import key_index, same_fact, sharing, stance
from briefing.overview.settings import OverviewSettings
from briefing.overview.slots import Slot
from briefing.overview.stance import HARD_CUES, Stance
from briefing.overview.text import Analyzer
from briefing.text.arabic import surface, tokenize
from briefing.types import Citation, Difference, OverviewVersion

__all__ = ["StanceDispute", "differences", "shared_quote", "stance_disputes"]

# Numbers are left to the slot rules, which know what is counted (killed or injured) and
# which instance it is (the previous call, the next summit).
_STANCE_DIFFERENCES = HARD_CUES - {"number"}


# A quotation: “...”, «...» or "..." (the quote marks outlets use).
_QUOTATION = re.compile(r"“([^“”]+)”|«([^«»]+)»|\"([^\"]+)\"")
_SHARED_QUOTE = 0.6
"""Share of a quotation's words the other article must contain for the quote to be shared by
both: a tweet quoted whole by one outlet and in part, with other words around it, by another
still shares most of its words."""


def _quotations(text: str) -> list[frozenset[str]]:
    """The normalised words of each quotation in ``text``."""
    return [
        frozenset(tokenize(next(g for g in m.groups() if g), numbers=True)) for m in _QUOTATION.finditer(text)
    ]


def shared_quote(sent: Sent, disputed: Iterable[str], other: Sequence[Sent]) -> bool:
    """True when a disputed word of ``sent`` is inside a quotation the ``other`` article carries too.

    Args:
        sent: One side of a dispute.
        disputed: The disputed normalised tokens of that side.
        other: The sentences of the other side's article.
    """
    words = set(disputed)
    if not words:
        return False
    theirs = {t for s in other for t in s.tokens}
    return any(
        quote & words and len(quote & theirs) >= _SHARED_QUOTE * len(quote)
        for quote in _quotations(sent.text)
    )


@dataclass(frozen=True, slots=True)
class StanceDispute:
    """Two sentences stating one fact where the stance model sees a visible dispute."""

    a: Sent
    b: Sent
    stance: Stance


# --- deciding: visible contradictions --------------------------------------------------------------


def _pairs(sents: Sequence[Sent], topic: frozenset[str], least: int) -> Iterator[tuple[Sent, Sent]]:
    """Pairs of sentences (in order) sharing at least ``least`` non-topic keys."""
    position = {id(s): i for i, s in enumerate(sents)}
    # Only sentences sharing enough non-topic keys can be one statement: index them by key.
    index = key_index(sents, topic)
    for i, a in enumerate(sents):
        later = (position[id(b)] for b in sharing(a, index, topic, least))
        for j in sorted(j for j in later if j > i):
            yield a, sents[j]


def _quoted_by_both(a: Sent, b: Sent, decision: Stance, docs: Mapping[int, Sequence[Sent]]) -> bool:
    """True when either side's disputed words are in a quotation the other article also carries."""
    values_a, values_b = decision.values
    return shared_quote(a, values_a, docs[b.article]) or shared_quote(b, values_b, docs[a.article])


def stance_disputes(
    group: Sequence[Doc], topic: frozenset[str], taken: set[tuple[int, int]], settings: OverviewSettings
) -> list[StanceDispute]:
    """Pairs of sentences stating one fact where the stance model sees a visible dispute.

    The slot rules catch numbers, durations and days with their context; this catches the
    rest: one outlet negating what another states, antonyms (rise/fall, continue/stop),
    another place or country in the same statement.

    Args:
        group: The group's independent articles, their sentences vectorized.
        topic: The group's topic keys.
        taken: Sentences (article, index) already in a slot dispute: left alone.
        settings: Thresholds.

    Returns:
        The disputes in sentence order; a sentence is in one at most.
    """
    taken = set(taken)
    docs = {d.id: d.sents for d in group}
    found: list[StanceDispute] = []
    sents = [s for d in group for s in d.sents if s.kind != "heading"]
    for a, b in _pairs(sents, topic, settings.point_min_shared):
        if a.article == b.article or (a.article, a.index) in taken or (b.article, b.index) in taken:
            continue
        if same_fact(a, b, topic, settings) < settings.stance_difference_similarity:
            continue
        decision = stance(a, b, settings)
        if decision.label != "contradict" or decision.kind not in _STANCE_DIFFERENCES:
            continue
        if _quoted_by_both(a, b, decision, docs):
            continue
        taken.update({(a.article, a.index), (b.article, b.index)})
        found.append(StanceDispute(a, b, decision))
    return found


# --- presenting: the English topic of each difference ------------------------------------------------

_TOPICS = {
    "duration": "How long it lasted",
    "count": "Number",
    "day": "Day",
    "year": "Year",
    "place": "Place",
}
_DURATION_TOPICS = {"since": "How long ago", "within": "Within how long"}
_SLOT_KINDS = {"duration": "duration", "count": "number", "day": "date", "year": "date", "place": "place"}
_CUE_TOPICS = {
    "negation": "Whether it happened",
    "antonym": "Which way it went",
    "place": "Place",
    "entity": "Which country",
    "number": "Number",
}


def _topic(slot: Slot) -> str:
    """What a slot difference is about, in English ("How long it lasted (hours)")."""
    if slot.kind == "duration":
        kind, unit = slot.unit.split(":")
        label = _DURATION_TOPICS.get(kind, "How long it lasted")
        return f"{label} ({UNITS_EN.get(unit, unit)})"
    return _TOPICS.get(slot.kind, slot.kind.title())


def _slot_difference(dispute: SlotDispute) -> Difference:
    """A slot dispute as shown: the best-backed version first, each with its disputed words."""
    first = dispute.first.slot
    ordered = sorted(dispute.versions, key=lambda v: (-len(v), v[0].sent.article))
    return Difference(
        topic=_topic(first),
        versions=tuple(
            OverviewVersion(
                v[0].sent.text,
                None,
                tuple(sorted({c.sent.article for c in v})),
                values=(" ".join(surface(v[0].sent.text, t) for t in v[0].slot.tokens),),
                citations=tuple(Citation(c.sent.article, c.sent.index) for c in v),
            )
            for v in ordered
        ),
        kind=_SLOT_KINDS.get(first.kind, first.kind),
    )


def _stance_difference(dispute: StanceDispute) -> Difference:
    """A visible contradiction as shown: both sentences, each with its disputed words."""
    values = dispute.stance.values
    versions = tuple(
        OverviewVersion(
            s.text,
            None,
            (s.article,),
            values=tuple(surface(s.text, t) for t in words),
            citations=(Citation(s.article, s.index),),
        )
        for s, words in ((dispute.a, values[0]), (dispute.b, values[1]))
    )
    kind = dispute.stance.kind
    return Difference(_CUE_TOPICS[kind], versions, kind)


def _slot_quoted_by_both(dispute: SlotDispute, docs: Mapping[int, Sequence[Sent]]) -> bool:
    """True when a version's disputed value is in a quotation another version's article carries."""
    claims = [v[0] for v in dispute.versions]
    return any(
        shared_quote(c.sent, c.slot.tokens, docs[o.sent.article])
        for c in claims
        for o in claims
        if o is not c
    )


def differences(
    group: Sequence[Doc],
    analyzer: Analyzer,
    idf: Mapping[str, float],
    topic: frozenset[str],
    settings: OverviewSettings,
) -> list[Difference]:
    """Where the group's sources differ, in the order of the first sentence of each dispute.

    Args:
        group: The group's independent articles (copies left out), their sentences vectorized.
        analyzer: Matching keys of the briefing.
        idf: The group's IDF (topic keys weighing little).
        topic: The group's topic keys.
        settings: Thresholds.

    Returns:
        Slot differences and visible contradictions, by first sentence (article, index).
    """
    disputes, taken = slot_disputes(group, analyzer, idf, topic, settings)
    docs = {d.id: d.sents for d in group}
    found = [
        ((d.first.sent.article, d.first.sent.index), _slot_difference(d))
        for d in disputes
        if not _slot_quoted_by_both(d, docs)
    ]
    found += [
        ((d.a.article, d.a.index), _stance_difference(d))
        for d in stance_disputes(group, topic, taken, settings)
    ]
    found.sort(key=lambda d: d[0])
    return [d for _, d in found]
