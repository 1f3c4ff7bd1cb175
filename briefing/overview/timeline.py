"""Previews and reports, and where each article puts the event (deciding only).

An article whose lead speaks of what is expected is a *preview*, one whose lead has no
expectation a *report*. Each article's lead also says where the event is; articles that share
no place fall in separate sets. :mod:`briefing.overview.notes` writes both up for the editor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from briefing.overview.articles import LEAD_SENTENCES, Doc, Sent, lead
from briefing.overview.lexicon import EVENT_NOUNS, FUTURE, PAST, PLACE_PAIRS, PLACES
from briefing.overview.slots import PLACE_MARKERS
from briefing.overview.text import LETTER_PREFIXES, glued_in
from briefing.types import ArticleStatus

__all__ = ["event_noun", "place_clusters", "statuses"]

# "The next summit", "the previous round": in a report, another instance of the event.
_OTHER_INSTANCE = frozenset(
    [
        "المقبل",
        "المقبله",
        "القادم",
        "القادمه",
        "السابق",
        "السابقه",
        "الماضي",
        "الماضيه",
        "المرتقب",
        "المرتقبه",
    ]
)


def _marked(sent: Sent, words: frozenset[str]) -> int:
    """How many tokens of ``sent`` are in ``words`` (also with a glued و/ف)."""
    return sum(1 for t in sent.tokens if glued_in(t, words))


def _body(doc: Doc) -> list[Sent]:
    """The article's sentences that are not headings."""
    return [s for s in doc.sents if s.kind != "heading"]


# --- previews and reports ------------------------------------------------------------------------


def status_lead(doc: Doc) -> list[Sent]:
    """Headline and the first two body sentences: where an article says what it is about."""
    return lead(doc) + _body(doc)[LEAD_SENTENCES : LEAD_SENTENCES + 1]


def _status(doc: Doc) -> ArticleStatus:
    """``preview`` when the lead speaks of what is expected, ``report`` when it does not.

    News reports what happened in the past tense, which Arabic marks with no particle; the
    future and expectations are marked (``سـ``, ``يتوقع``, ``المرتقب``, ``المقبل``). So a lead
    with more expectation words than words of a held event is a preview, one with none is a
    report, and a lead with both is left ``unknown``.
    """
    sents = status_lead(doc)
    future = sum(_marked(s, FUTURE) for s in sents)
    past = sum(_marked(s, PAST) for s in sents)
    if future > past:
        return "preview"
    if future == 0 or past > future:
        return "report"
    return "unknown"


def statuses(group: Sequence[Doc]) -> dict[int, ArticleStatus]:
    """Each article's status, in the group's order."""
    return {d.id: _status(d) for d in group}


def _noun_forms(token: str) -> set[str]:
    """``token`` without glued letters, article or a pronoun suffix (والقمة, لاجتماعه)."""
    forms = {token}
    for form in list(forms):
        if form[:1] in LETTER_PREFIXES and len(form) > 4:
            forms.add(form[1:])
    for form in list(forms):
        if form.startswith("ال") and len(form) > 4:
            forms.add(form[2:])
    for form in list(forms):
        if form.endswith("ه") and len(form) > 4:
            forms.add(form[:-1])
    return forms


def event_noun(group: Sequence[Doc]) -> str | None:
    """The event noun (a key of ``lexicon.EVENT_NOUNS``) named in most leads, if any.

    Ties go to the noun listed first in ``lexicon.EVENT_NOUNS`` (a summit before a meeting).
    """
    order = {noun: rank for rank, noun in enumerate(EVENT_NOUNS)}
    seen: Counter[str] = Counter()
    for doc in group:
        named = {f for s in status_lead(doc) for t in s.tokens for f in _noun_forms(t) if f in EVENT_NOUNS}
        seen.update(named)
    if not seen:
        return None
    return min(seen, key=lambda n: (-seen[n], order[n]))


# --- places --------------------------------------------------------------------------------------


def _place_candidate(token: str, after: str) -> str | None:
    """The word a place may be: after ``في`` or a place word, or glued to ``ب``; else None."""
    if token == "في" or token in PLACE_MARKERS:
        return after
    if token[:1] == "ب" and len(token) > 4:
        return token[1:]
    return None


def _is_place(candidate: str, token: str, after: str) -> bool:
    """A known place (with or without its article), or any word after a place marker."""
    bare = candidate[2:] if candidate.startswith("ال") else candidate
    return candidate in PLACES or bare in PLACES or (token in PLACE_MARKERS and bool(after))


def _places_at(toks: Sequence[str], i: int) -> list[str]:
    """The places named by the words at position ``i`` of a sentence, if any."""
    token = toks[i]
    after = toks[i + 1] if i + 1 < len(toks) else ""
    candidate = _place_candidate(token, after)
    if candidate is None:
        return []
    following = toks[i + 2] if token == "في" and i + 2 < len(toks) else ""
    if (candidate, following) in PLACE_PAIRS:
        return [f"{candidate} {following}"]
    if _is_place(candidate, token, after):
        # "X in Y", "X – Y": other known places of the same sentence are one location.
        return [candidate, *(t for t in toks if t in PLACES)]
    return []


def _places(doc: Doc, status: ArticleStatus) -> set[str]:
    """Places the article's lead puts the event in: after ``في``/``ب`` or a place word.

    In a report, a sentence about another instance ("the next summit in X") is skipped.
    """
    places: set[str] = set()
    for sent in lead(doc) + _body(doc)[LEAD_SENTENCES : LEAD_SENTENCES + 2]:
        if status == "report" and _marked(sent, _OTHER_INSTANCE):
            continue
        for i in range(len(sent.tokens)):
            places.update(_places_at(sent.tokens, i))
    return places


def place_clusters(group: Sequence[Doc], status: dict[int, ArticleStatus]) -> list[tuple[set[int], set[str]]]:
    """Articles joined by the places their leads share: ``(ids, places)``, largest set first.

    Articles whose leads name no place are in none. Two sets or more: the sources place
    the event differently.
    """
    clusters: list[tuple[set[int], set[str]]] = []
    for doc in group:
        places = _places(doc, status[doc.id])
        if not places:
            continue
        joined = [c for c in clusters if c[1] & places]
        ids, where = {doc.id}, set(places)
        for cluster in joined:
            ids |= cluster[0]
            where |= cluster[1]
            clusters.remove(cluster)
        clusters.append((ids, where))
    clusters.sort(key=lambda c: (-len(c[0]), min(c[0])))
    return clusters
