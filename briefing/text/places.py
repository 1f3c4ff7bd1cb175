"""A gazetteer: countries, regions and cities in Arabic and English, from CLDR through Babel.

A place is a fact only when it is a known place: the overview's notes and the glossary's
starter list use this list instead of taking whatever word follows "في". The names come from
the Unicode CLDR data that Babel ships (territory names, and the exemplar cities of the time
zones, which cover most capitals and large cities of the region: القاهرة، الرياض، بغداد، دمشق،
بيروت، عمّان، غزة، طهران…), in Arabic and English, so nothing is written by hand here.

Matching is on normalised Arabic (alef forms, taa marbuta, alef maqsura, diacritics, tatweel)
and survives the clitics a name takes in running text (و، ف، ب، ل، ك and the article ال:
``وبالقاهرة`` finds القاهرة), through the matcher the glossary shares
(:mod:`briefing.text.names`). The Arabic shown to a reader is always the text's own spelling.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from briefing.text.arabic import normalize_arabic, tokenize
from briefing.text.names import NameIndex, name_key

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


@lru_cache(maxsize=1)
def _all_places() -> tuple[Place, ...]:
    """Every territory and city CLDR names, homonyms included (countries and regions first)."""
    return (*_territories(), *_cities())


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Every place of the gazetteer: countries and regions first, then cities."""
    found: list[Place] = []
    seen: set[tuple[str, ...]] = set()
    for place in _all_places():
        key = name_key(place.arabic)
        if key and key not in seen:  # a city named like its country (قطر) stays the country
            seen.add(key)
            found.append(place)
    return tuple(found)


def homonyms(place: Place) -> tuple[Place, ...]:
    """Other places written with the same Arabic letters (عمان: Oman and Amman).

    :func:`find_places` reads such a name as the first place listed (the country); a caller
    that compares places can treat a homonym as the same name rather than a different place.
    """
    key = name_key(place.arabic)
    return tuple(p for p in _all_places() if p != place and name_key(p.arabic) == key)


@lru_cache(maxsize=1)
def homonym_keys() -> frozenset[tuple[str, ...]]:
    """Matching keys that CLDR gives to places of different English names.

    Normalised, عُمان (Oman) and عمّان (Amman) are one key, as are الجزائر (Algeria and
    Algiers) and تونس (Tunisia and Tunis): the gazetteer keeps the country, and a list that
    *renders* names (the glossary's starter list) must leave such a key out.
    """
    english: dict[tuple[str, ...], set[str]] = {}
    for place in _all_places():
        english.setdefault(name_key(place.arabic), set()).add(place.english)
    return frozenset(key for key, names in english.items() if len(names) > 1)


@lru_cache(maxsize=1)
def _index() -> NameIndex[Place]:
    """Places by matching key, longest names first."""
    return NameIndex((name_key(place.arabic), place) for place in places())


def find_places(text: str) -> list[PlaceMention]:
    """The known places named in *text*, in order, longest name first where names overlap.

    Args:
        text: Arabic text as written (normalised here for matching only).

    Returns:
        One mention per place occurrence, with token offsets into ``tokenize(normalize_arabic(text))``.
    """
    tokens = tokenize(normalize_arabic(text))
    return [PlaceMention(m.value, m.start, m.end) for m in _index().find(tokens)]


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
