"""Do two sources give different values for one slot of one statement? (deciding only)

A *claim* is one slot (:mod:`briefing.overview.slots`: a number, duration, day or place) in
its statement: the sentence and the one before it, compared without the disputed words. Two
claims *clash* when every rule of :data:`_CLASH_RULES` holds: they are the same statement of
the same kind of slot, their values differ, neither article states the other's value
anywhere, and neither side is qualified as another instance (the *previous* call, the *next*
summit). Approximate and vague values ("about three hours", "long hours") never count. Claims
linked by clashes form one :class:`SlotDispute`; :mod:`briefing.overview.differences` shows it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from briefing.overview.articles import Doc, Sent
from briefing.overview.matching import tfidf
from briefing.overview.settings import OverviewSettings
from briefing.overview.slots import Slot, extract_slots, place_names
from briefing.overview.text import Analyzer
from briefing.text.arabic import cosine

__all__ = ["Claim", "SlotDispute", "slot_disputes"]

# "1. ..." / "2) ...": a list number, not a count of anything.
_LIST_NUMBER = re.compile(r"^\s*\d+\s*[.)\-–]")
# Jaccard of two statements' words for a source to join a version it states the same value of.
_AGREE_OVERLAP = 0.3


@dataclass(slots=True)
class Claim:
    """One slot of one statement.

    Attributes:
        doc: The article.
        sent: The sentence holding the slot.
        slot: The slot.
        context: TF-IDF vector of the statement's keys (this sentence and the one before,
            the slot's own words left out).
        context_keys: Those keys without the group's topic keys.
        window_keys: Those keys, topic keys included.
    """

    doc: Doc
    sent: Sent
    slot: Slot
    context: dict[str, float]
    context_keys: set[str]
    window_keys: set[str]


@dataclass(frozen=True, slots=True)
class SlotDispute:
    """Sources that state one statement with different values of one slot.

    Attributes:
        first: The earliest claim of the statement (the difference is listed where it is).
        versions: One tuple of claims per value, in the order found; each claim from its own
            article.
    """

    first: Claim
    versions: tuple[tuple[Claim, ...], ...]


# --- claims --------------------------------------------------------------------------------------


def _stated(slot: Slot, sent: Sent) -> bool:
    """True when the slot is a firm claim: not hedged, not the number of a list item."""
    return not (slot.approximate or (slot.kind == "count" and _LIST_NUMBER.match(sent.text)))


def _sentence_claims(
    doc: Doc,
    sent: Sent,
    previous: Sent | None,
    analyzer: Analyzer,
    idf: Mapping[str, float],
    topic: frozenset[str],
) -> list[Claim]:
    """The claims of one body sentence whose slots are already read."""
    claims = []
    for slot in sent.slots:
        if not _stated(slot, sent):
            continue
        # The statement: this sentence and the one before it (the Arabic often says who met
        # where in one sentence and how long it lasted in the next), without the disputed
        # words themselves.
        skip = {analyzer.key(t) for t in slot.tokens}
        window = sent.keys + (previous.keys if previous is not None else [])
        keys = [k for k in window if k not in skip]
        claims.append(Claim(doc, sent, slot, tfidf(Counter(keys), idf), set(keys) - topic, set(keys)))
    return claims


def _claims(
    group: Sequence[Doc], analyzer: Analyzer, idf: Mapping[str, float], topic: frozenset[str]
) -> list[Claim]:
    """Read every sentence's slots (kept on the sentence) and the claims of the body sentences."""
    places = {p for d in group for s in d.sents for p in place_names(s.tokens, analyzer.key)}
    claims: list[Claim] = []
    for doc in group:
        previous: Sent | None = None
        for sent in doc.sents:
            sent.slots = extract_slots(sent.tokens, analyzer.key, places)
            if sent.kind != "heading":
                claims += _sentence_claims(doc, sent, previous, analyzer, idf, topic)
                previous = sent
    return claims


def _values(doc: Doc, kind: str, unit: str) -> set[str]:
    """Every value the article states for this kind of slot and unit."""
    return {slot.value for s in doc.sents for slot in s.slots if slot.kind == kind and slot.unit == unit}


# --- when two claims clash -----------------------------------------------------------------------


def _values_differ(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """The two give different values (the same value is agreement, not a clash)."""
    return a.slot.value != b.slot.value


def _same_measure(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """Two articles measuring the same thing: same kind of slot and unit."""
    return a.sent.article != b.sent.article and a.slot.kind == b.slot.kind and a.slot.unit == b.slot.unit


def _same_head(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """Counts of the same event: "مقتل 12 شخصا" against "إصابة 15 شخصا" is not a clash.

    A count or year with no word before it ("250 قتيلا جراء...") takes the other's; a year
    must otherwise date the same word ("appointed in 2019" and "installed in 2020" are two
    events), and a count with no noun after it (``مصرع 66 في``) is named by its head alone.
    """
    if a.slot.kind == "count" and a.slot.unit == "":
        return bool(a.slot.head) and a.slot.head == b.slot.head
    if not (a.slot.head and b.slot.head):
        return True
    return a.slot.head == b.slot.head


def _same_instance(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """Both held or both expected, neither qualified as another instance (the previous call)."""
    return a.sent.future == b.sent.future and a.sent.qualifiers == b.sent.qualifiers


def _shared_context(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """Enough non-topic words in common besides the disputed slot."""
    return len(a.context_keys & b.context_keys) >= settings.difference_min_shared


def _similar_context(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """The two statements are alike, the disputed words left out."""
    return cosine(a.context, b.context) >= settings.difference_similarity


def _both_precise(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """ "Long hours" against "three hours": a vague quantity never disputes a precise one."""
    return "several" not in (a.slot.value, b.slot.value)


def _neither_states_the_other(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """An article that states the other's value anywhere does not dispute it."""
    kind, unit = a.slot.kind, a.slot.unit
    return b.slot.value not in _values(a.doc, kind, unit) and a.slot.value not in _values(b.doc, kind, unit)


def _neither_names_the_other_place(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """A place the other article names anywhere (not only after a marker) is not disputed."""
    if a.slot.kind != "place":
        return True
    return b.slot.value not in a.doc.key_set and a.slot.value not in b.doc.key_set


_Rule = Callable[[Claim, Claim, OverviewSettings], bool]

# Every rule must hold for two claims to clash, checked in this order (cheapest first).
_CLASH_RULES: tuple[_Rule, ...] = (
    _values_differ,
    _same_measure,
    _same_head,
    _same_instance,
    _shared_context,
    _similar_context,
    _both_precise,
    _neither_states_the_other,
    _neither_names_the_other_place,
)


def _clash(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """True when ``a`` and ``b`` are one statement with values that contradict each other."""
    return all(rule(a, b, settings) for rule in _CLASH_RULES)


def _agrees(a: Claim, b: Claim, settings: OverviewSettings) -> bool:
    """True when claim ``a`` states the same thing as ``b`` (to list its source beside b's).

    Looser than a contradiction: the protagonists count here (Jaccard of the statements'
    words), since listing one more source for a version cannot invent a dispute.
    """
    if a.sent.article == b.sent.article or (a.slot.kind, a.slot.unit, a.slot.value) != (
        b.slot.kind,
        b.slot.unit,
        b.slot.value,
    ):
        return False
    if not _same_instance(a, b, settings):
        return False
    union = a.window_keys | b.window_keys
    return bool(union) and len(a.window_keys & b.window_keys) / len(union) >= _AGREE_OVERLAP


# --- from clashes to disputes --------------------------------------------------------------------


def _components(conflicts: Sequence[tuple[Claim, Claim]]) -> list[list[Claim]]:
    """Claims linked by clashes, as one list per disputed statement (12 against 15 against 13)."""
    parent: dict[int, int] = {}

    def root(ident: int) -> int:
        while parent.setdefault(ident, ident) != ident:
            ident = parent[ident]
        return ident

    for a, b in conflicts:
        parent[root(id(a))] = root(id(b))
    by_id = {id(c): c for pair in conflicts for c in pair}
    components: dict[int, list[Claim]] = {}
    for ident, claim in by_id.items():
        components.setdefault(root(ident), []).append(claim)
    return list(components.values())


def _has_article(versions: Mapping[str, list[Claim]], article: int) -> bool:
    """True when a claim of ``article`` is in one of the versions already."""
    return any(c.sent.article == article for v in versions.values() for c in v)


def _versions(
    members: Sequence[Claim], claims: Sequence[Claim], settings: OverviewSettings
) -> dict[str, list[Claim]]:
    """The statement's claims by value, one per article; others stating a value join it."""
    versions: dict[str, list[Claim]] = {}
    for claim in members:
        if not _has_article(versions, claim.sent.article):
            versions.setdefault(claim.slot.value, []).append(claim)
    if len(versions) < 2:
        return versions
    # Other articles stating one of the values in the same statement join that version.
    for other in claims:
        if other.slot.value not in versions or _has_article(versions, other.sent.article):
            continue
        if _agrees(other, versions[other.slot.value][0], settings):
            versions[other.slot.value].append(other)
    return versions


def slot_disputes(
    group: Sequence[Doc],
    analyzer: Analyzer,
    idf: Mapping[str, float],
    topic: frozenset[str],
    settings: OverviewSettings,
) -> tuple[list[SlotDispute], set[tuple[int, int]]]:
    """The group's slot disputes, and every sentence (article, index) of a clash.

    Args:
        group: The group's independent articles, their sentences vectorized.
        analyzer: Matching keys of the briefing.
        idf: The group's IDF (topic keys weighing little).
        topic: The group's topic keys.
        settings: Thresholds.

    Returns:
        The disputes in the order their statements were found, and the sentences of all
        clashes (also of those left with one value): the stance rules leave them alone.
    """
    claims = _claims(group, analyzer, idf, topic)
    conflicts = [(a, b) for i, a in enumerate(claims) for b in claims[i + 1 :] if _clash(a, b, settings)]
    components = _components(conflicts)
    disputes: list[SlotDispute] = []
    for members in components:
        members.sort(key=lambda c: (c.sent.article, c.sent.index))
        versions = _versions(members, claims, settings)
        if len(versions) >= 2:
            disputes.append(SlotDispute(members[0], tuple(tuple(v) for v in versions.values())))
    taken = {(c.sent.article, c.sent.index) for members in components for c in members}
    return disputes, taken
