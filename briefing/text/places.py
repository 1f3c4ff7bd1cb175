"""A gazetteer: countries, regions and cities in Arabic and English, from CLDR through Babel.

A place is a fact only when it is a known place: the overview's notes and the glossary's
starter list use this list instead of taking whatever word follows "في". The names come from
the Unicode CLDR data that Babel ships (territory names, and the exemplar cities of the time
zones, which cover most capitals and large cities of the region: القاهرة، الرياض، بغداد، دمشق،
بيروت، عمّان، غزة، طهران…), in Arabic and English, so nothing is written by hand here.

Matching is on normalised Arabic (alef forms, taa marbuta, alef maqsura, diacritics, tatweel)
and survives the clitics a name takes in running text (و، ف، ب، ل، ك and the article ال:
``وبالقاهرة`` finds القاهرة). The Arabic shown to a reader is always the text's own spelling.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from briefing.text.arabic import normalize_arabic, tokenize

PlaceKind = Literal["country", "region", "city"]

# Territory codes that are not places a story happens in ("unknown region", pseudo-locales,
# "outlying Oceania") or that are organisations rather than places (UN).
_NOT_PLACES = frozenset({"ZZ", "XA", "XB", "QO", "UN", "EZ"})
_TZ_AREAS = ("Africa/", "America/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/")


@dataclass(frozen=True)
class Place:
    """One named place of the gazetteer.

    Attributes:
        code: the CLDR territory code (``EG``, ``001``) or the time zone id (``Africa/Cairo``).
        kind: ``"country"``, ``"region"`` (continents, the EU) or ``"city"``.
        arabic: CLDR's Arabic name, as CLDR writes it.
        english: CLDR's English name.
    """

    code: str
    kind: PlaceKind
    arabic: str
    english: str


@dataclass(frozen=True)
class PlaceMention:
    """A place found in a text: which place, and where (token offsets, end exclusive)."""

    place: Place
    start: int
    end: int


def _territories() -> Iterator[Place]:
    """Countries and regions, Arabic and English, from CLDR."""
    from babel import Locale

    arabic, english = Locale("ar").territories, Locale("en").territories
    for code, name in arabic.items():
        if code in _NOT_PLACES or code not in english:
            continue
        kind: PlaceKind = "region" if code.isdigit() or code == "EU" else "country"
        yield Place(code, kind, name, english[code])


def _cities() -> Iterator[Place]:
    """Cities named by CLDR as the exemplar cities of time zones."""
    import zoneinfo

    from babel.dates import get_timezone_location

    for zone in sorted(zoneinfo.available_timezones()):
        if not zone.startswith(_TZ_AREAS):
            continue
        try:
            arabic = get_timezone_location(zone, locale="ar", return_city=True)
            english = get_timezone_location(zone, locale="en", return_city=True)
        except (LookupError, ValueError):  # a zone this CLDR does not name
            continue
        if arabic and english and arabic != english:
            yield Place(zone, "city", arabic, english)


def _key(name: str) -> tuple[str, ...]:
    """The matching key of a name: normalised tokens, the first without its article."""
    tokens = tokenize(normalize_arabic(name))
    if tokens and tokens[0].startswith("ال") and len(tokens[0]) > 3:
        tokens[0] = tokens[0][2:]
    return tuple(tokens)


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Every place of the gazetteer: countries and regions first, then cities."""
    found: list[Place] = []
    for alike in _by_key().values():
        found.append(alike[0])  # a city named like its country (قطر) stays the country
    order = {"country": 0, "region": 0, "city": 1}
    return tuple(sorted(found, key=lambda p: order[p.kind]))


@lru_cache(maxsize=1)
def _by_key() -> dict[tuple[str, ...], list[Place]]:
    """Every place by its matching key, the one a text means by default first."""
    by_key: dict[tuple[str, ...], list[Place]] = {}
    for place in (*_territories(), *_cities()):
        key = _key(place.arabic)
        if key:
            by_key.setdefault(key, []).append(place)
    return by_key


def homonyms(place: Place) -> tuple[Place, ...]:
    """Other places written with the same Arabic letters (عمان: Oman and Amman).

    :func:`find_places` reads such a name as the first place listed (the country); a caller
    that compares places can treat a homonym as the same name rather than a different place.
    """
    return tuple(p for p in _by_key().get(_key(place.arabic), ()) if p != place)


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[tuple[str, ...], Place]]]:
    """Places by the first token of their key, longest names first."""
    index: dict[str, list[tuple[tuple[str, ...], Place]]] = {}
    for place in places():
        key = _key(place.arabic)
        index.setdefault(key[0], []).append((key, place))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


def _bare_forms(token: str) -> list[str]:
    """*token* and its forms without leading clitics (و/ف, then ب/ل/ك, then the article)."""
    forms = [token]
    rest = token
    for clitics in (("و", "ف"), ("ب", "ل", "ك")):
        if rest[:1] in clitics and len(rest) > 3:
            rest = rest[1:]
            forms.append(rest)
    if rest.startswith("ال") and len(rest) > 3:
        forms.append(rest[2:])
    elif rest.startswith("ل") and forms[-2:-1] and forms[-2].startswith(("ل", "ول", "فل")):
        forms.append(rest[1:])  # لل: the preposition ل before the article drops its alef
    return forms


def find_places(text: str) -> list[PlaceMention]:
    """The known places named in *text*, in order, longest name first where names overlap.

    Args:
        text: Arabic text as written (normalised here for matching only).

    Returns:
        One mention per place occurrence, with token offsets into ``tokenize(normalize_arabic(text))``.
    """
    tokens = tokenize(normalize_arabic(text))
    index = _index()
    mentions: list[PlaceMention] = []
    position = 0
    while position < len(tokens):
        mention = _match_at(tokens, position, index)
        if mention is None:
            position += 1
            continue
        mentions.append(mention)
        position = mention.end
    return mentions


def _match_at(
    tokens: list[str], position: int, index: dict[str, list[tuple[tuple[str, ...], Place]]]
) -> PlaceMention | None:
    """The longest place name starting at *position*, if any."""
    for form in _bare_forms(tokens[position]):
        for key, place in index.get(form, ()):
            end = position + len(key)
            if tuple(tokens[position + 1 : end]) == key[1:]:
                return PlaceMention(place, position, end)
    return None


@lru_cache(maxsize=1)
def _by_english() -> dict[str, Place]:
    """Places by lower-cased English name."""
    return {place.english.casefold(): place for place in reversed(places())}


def place_named(name: str) -> Place | None:
    """The place called *name* (Arabic, with or without clitics, or English), if known."""
    if name.isascii():
        return _by_english().get(name.strip().casefold())
    mentions = find_places(name)
    if len(mentions) == 1 and mentions[0].start == 0:
        return mentions[0].place
    return None
