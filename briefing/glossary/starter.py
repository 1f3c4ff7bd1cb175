"""The starter list that ships: countries and cities, Arabic to English, from CLDR (Babel).

Built from the gazetteer (:mod:`briefing.text.places`), so the overview's place notes and the
translations use one list. Left out: regions (CLDR's "العالم" is "world", not a name), names
CLDR gives two places of different English names once normalised (عمان: Oman and Amman; see
:func:`~briefing.text.places.homonym_keys`), and English forms made for menus rather than prose
("Congo - Kinshasa", "Hong Kong SAR China"). CLDR's "&" becomes "and" and a parenthesis is
dropped on both sides ("Myanmar (Burma)" -> "Myanmar").
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.glossary.terms import Glossary, Term
from briefing.text.names import name_key
from briefing.text.places import Place, homonym_keys, places

__all__ = ["STARTER_NAME", "starter_glossary"]

STARTER_NAME = "CLDR places"
"""What the first page calls the starter list."""

_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_MENU_FORMS = (" - ", " SAR ")


def _term(place: Place) -> Term | None:
    """The starter entry for *place*, or None when its names do not make a rendering."""
    english = _PARENTHESIS.sub("", place.english).replace(" & ", " and ").strip()
    arabic = _PARENTHESIS.sub("", place.arabic).strip()
    if any(form in f" {english} " for form in _MENU_FORMS) or not name_key(arabic):
        return None
    return Term(arabic, english, origin=f"CLDR:{place.code}")


@lru_cache(maxsize=1)
def starter_glossary() -> Glossary:
    """Countries and cities of CLDR, as a glossary (loaded once).

    Returns:
        The starter list; its digest changes when Babel's CLDR data does.
    """
    ambiguous = homonym_keys()
    terms = [
        term
        for place in places()
        if place.kind != "region" and name_key(place.arabic) not in ambiguous
        for term in (_term(place),)
        if term is not None
    ]
    return Glossary(tuple(terms), name=STARTER_NAME, sources=(STARTER_NAME,))
