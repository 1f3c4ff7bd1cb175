"""Arabic normalisation for matching and scoring only.

Nothing here is ever shown to a reader: the briefing keeps the sentence as the source wrote
it. Summarizers, the overview and near-duplicate detection compare *normalised copies* so
that spelling variants (hamza on alef, taa marbuta written as haa, diacritics, tatweel,
Arabic-Indic digits) match.
"""

from __future__ import annotations

import re
import unicodedata

import pyarabic.araby as araby

_ALEF_MAKSURA = "\u0649"
_YEH = "\u064a"
# Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0..) digits to ASCII.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def normalize_arabic(text: str) -> str:
    """Return a matching copy of ``text``.

    NFKC (presentation forms to base letters), diacritics and tatweel removed, alef forms
    unified to bare alef, alef maqsura to yeh, taa marbuta to haa, Arabic-Indic digits to
    ASCII digits, lower-cased Latin.
    """
    text = unicodedata.normalize("NFKC", text)
    text = araby.strip_diacritics(text)
    text = araby.strip_tatweel(text)
    # Maqsura first: pyarabic's normalize_alef would otherwise turn it into alef.
    text = text.replace(_ALEF_MAKSURA, _YEH)
    text = araby.normalize_alef(text)
    text = araby.normalize_teh(text)
    return text.translate(_DIGITS).lower()


def tokenize(text: str) -> list[str]:
    """Normalised word tokens of ``text`` (letters and digits; punctuation dropped)."""
    return _TOKEN.findall(normalize_arabic(text))


# Clitics stripped by light_stem, longest first: conjunction/preposition + article, then the
# article alone, then the conjunction. Only when at least three letters remain, so short
# words such as `وقت` or `الي` keep their form.
_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال", "و")


def light_stem(token: str) -> str:
    """Strip a leading conjunction/article clitic from a *normalised* token (``والكتاب`` -> ``كتاب``).

    Deliberately light: generic Arabic stemmers (ISRI, Tashaphyne) also cut suffixes and
    roots, which merges unrelated words and lowered LexRank on the EASC benchmark.
    """
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            return token[len(prefix) :]
    return token
