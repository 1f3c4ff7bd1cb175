"""Previews and reports, and where each article puts the event (deciding only).

An article whose lead speaks of what is expected is a *preview*, one whose lead has no
expectation a *report*. Each article's lead also says where the event is (known places only, from
the gazetteer of :mod:`briefing.text.places`); articles that share no place fall in separate
sets. :mod:`briefing.overview.notes` writes both up for the editor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from briefing.overview.articles import LEAD_SENTENCES, Doc, Sent, lead
from briefing.overview.lexicon import EVENT_NOUNS, FUTURE, PAST
from briefing.overview.text import LETTER_PREFIXES, glued_in, without_dateline
from briefing.text.arabic import normalize_arabic, surface, tokenize
from briefing.types import ArticleStatus

__all__ = ["event_noun", "names_noun", "place_clusters", "statuses"]

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


def names_noun(sent: Sent, noun: str) -> bool:
    """Whether *sent* names the event noun (with or without glued letters, article, pronoun)."""
    return any(noun in _noun_forms(t) for t in sent.tokens)


def event_noun(group: Sequence[Doc]) -> str | None:
    """The event noun (a key of ``lexicon.EVENT_NOUNS``) named in most leads, if any.

    The noun must be named in the leads of at least half the group's articles (and of two):
    a word in one lead does not make the group's story (an "accident" in one of four unrelated
    leads is no accident the sources report). Ties go to the noun listed first in
    ``lexicon.EVENT_NOUNS`` (a summit before a meeting).
    """
    order = {noun: rank for rank, noun in enumerate(EVENT_NOUNS)}
    seen: Counter[str] = Counter()
    for doc in group:
        named = {f for s in status_lead(doc) for t in s.tokens for f in _noun_forms(t) if f in EVENT_NOUNS}
        seen.update(named)
    enough = max(2, (len(group) + 1) // 2)
    common = [n for n in seen if seen[n] >= enough]
    if not common:
        return None
    return min(common, key=lambda n: (-seen[n], order[n]))


# --- places --------------------------------------------------------------------------------------


def _country(code: str) -> str:
    """The country of a gazetteer place: itself for a country, the time zone's for a city."""
    if "/" not in code:
        return code
    from babel.core import get_global

    return str(get_global("zone_territories").get(code, code))


# "In" before a place: the preposition, or a word naming the kind of place ("مدينة جدة",
# "العاصمة موسكو", "وسط مدينة الإسكندرية"), normalised as tokens are.
_LOCATIVE = frozenset(["في", "فى", "وفي", "وفى", "داخل"])
_PLACE_WORDS = frozenset(
    ["مدينه", "العاصمه", "عاصمه", "ولايه", "منطقه", "محافظه", "اقليم", "جزيره", "بلده", "قريه", "وسط"]
)
# Tokens between the event noun and the place, on either side: "القمة في الرياض",
# "القمة المنعقدة في مدينة الرياض", "شهدت مدينة ألاسكا انعقاد قمة". Further away, "in X" is
# seldom where the event is: "a summit between Russia and the US to seek peace in Ukraine"
# places the war, not the summit.
_EVENT_PLACE_REACH = 4
# Verbs that say an event took place ("الذي أقيم السبت في القاهرة"): with one of them just
# before, "in X" is the venue wherever the noun is in the sentence.
_HELD = frozenset(
    {
    "اقيم", "اقيمت", "جرت", "جري", "عقد", "عقدت", "انعقد", "انعقدت", "تعقد", "يعقد", "تنعقد", "ينعقد",
    "تقام", "يقام", "ستقام", "ستعقد", "اجريت", "اجري", "وقع", "وقعت", "اندلع", "اندلعت",
    }
)  # fmt: skip


def _where_event(tokens: Sequence[str], start: int, noun: str) -> bool:
    """Whether the place at ``start`` says where the event is: "in" it, near the noun."""
    before = tokens[start - 1] if start else ""
    glued = tokens[start][:1] == "ب" and len(tokens[start]) > 3  # بموسكو: in Moscow
    if not (before in _LOCATIVE or before in _PLACE_WORDS or glued):
        return False
    near = [
        *tokens[max(0, start - _EVENT_PLACE_REACH) : start],
        *tokens[start + 1 : start + 1 + _EVENT_PLACE_REACH],
    ]
    if any(noun in _noun_forms(t) for t in near):
        return True
    # "The final, which was held on Saturday in Cairo": the sentence names an event (this
    # group's noun or another word for it, نهائي for a مباراة) and says where it was held.
    held = any(t in _HELD for t in tokens[max(0, start - 4) : start])
    return held and any(_noun_forms(t) & EVENT_NOUNS.keys() for t in tokens)


def _without_clitic(written: str, name: str) -> str:
    """The place as written, without a glued "in"/"and" (بموسكو, وروسيا -> موسكو, روسيا)."""
    if written[:1] in "بو" and name[:1] not in "بو" and len(written) > 3:
        return written[1:]
    return written


def _places(doc: Doc, status: ArticleStatus, noun: str) -> dict[str, tuple[str, frozenset[str]]]:
    """Where the article's lead puts the event: ``{code: (name as written, keys)}``.

    The keys are what another place must share to be the same: the place, its country, and
    those of the places written alike (عمان is Oman or Amman).

    Only known places count (countries, regions and cities of CLDR through
    :mod:`briefing.text.places`), never "the word after في", and only as the event's place:
    "in" it, within a few words of the event noun (``noun``, a key of ``lexicon.EVENT_NOUNS``),
    or after a verb of taking place in a sentence naming an event. A news lead names the
    parties (Russia, the United States) and the subject (Ukraine) of a summit as often as its
    venue; two leads naming different parties are no dispute about where it was. A dateline
    ("دبي (CNN) --") is the desk's city, and in a report a sentence about another instance
    ("the next summit in X") is skipped. Regions (continents, "the world") place nothing.
    """
    from briefing.text.places import find_places, homonyms

    found: dict[str, tuple[str, frozenset[str]]] = {}
    for sent in lead(doc) + _body(doc)[LEAD_SENTENCES : LEAD_SENTENCES + 2]:
        if status == "report" and _marked(sent, _OTHER_INSTANCE):
            continue
        text = without_dateline(sent.text)
        tokens = tokenize(normalize_arabic(text))
        for mention in find_places(text):
            if mention.place.kind == "region" or not _where_event(tokens, mention.start, noun):
                continue
            written = " ".join(surface(text, t) for t in tokens[mention.start : mention.end])
            written = _without_clitic(written, mention.place.arabic)
            codes = [mention.place.code, *(p.code for p in homonyms(mention.place))]
            keys = frozenset(codes) | {_country(c) for c in codes}
            found.setdefault(mention.place.code, (written, keys))
    return found


def place_clusters(
    group: Sequence[Doc], status: dict[int, ArticleStatus], noun: str
) -> list[tuple[set[int], dict[str, str]]]:
    """Articles joined by where their leads put the event: ``(ids, {code: name})``, largest set first.

    A city and its country are one place (Cairo and Egypt agree). Articles whose leads do not
    place the event (``noun``) are in none. Two sets or more: the sources place it differently.
    """
    clusters: list[tuple[set[int], dict[str, str], set[str]]] = []
    for doc in group:
        places = _places(doc, status[doc.id], noun)
        if not places:
            continue
        keys = {k for _, place_keys in places.values() for k in place_keys}
        joined = [c for c in clusters if c[2] & keys]
        ids, where = {doc.id}, {code: written for code, (written, _) in places.items()}
        for cluster in joined:
            ids |= cluster[0]
            where.update(cluster[1])
            keys |= cluster[2]
            clusters.remove(cluster)
        clusters.append((ids, where, keys))
    clusters.sort(key=lambda c: (-len(c[0]), min(c[0])))
    return [(ids, where) for ids, where, _ in clusters]
