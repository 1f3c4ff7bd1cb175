"""Characters: what ``clean`` removes from every line, the folded copy rules match against,
and the punctuation that ends a sentence or a line."""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters, bidi embeddings/overrides/isolates, marks and the BOM. They are
# invisible, break matching and can reorder displayed text; the briefing sets direction
# itself. U+00AD (soft hyphen) and U+2060 (word joiner) are invisible too.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u00ad\u180e]")
_TATWEEL = "\u0640"
# Arabic Presentation Forms-A and -B: glyph codes from old PDF exports and some CMSs.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SPACES = re.compile(r"[^\S\t\n]+")


def clean_text(text: str) -> str:
    """``text`` with invisible characters, tatweel and controls removed, presentation forms
    mapped to letters (NFKC), and runs of spaces collapsed (tabs are kept)."""
    text = INVISIBLE.sub("", text)
    # Presentation forms first: NFKC maps some (U+FE77, a medial fatha) to tatweel + mark.
    text = _PRESENTATION_FORMS.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    text = text.replace(_TATWEEL, "")
    text = _CONTROL.sub("", text)
    return SPACES.sub(" ", text).strip(" ")


# Folding for pattern matching only: diacritics, hamza/alef and taa marbuta variants.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_FOLD = str.maketrans("أإآٱةى٠١٢٣٤٥٦٧٨٩", "ااااهي0123456789", "\u0640")


def fold(text: str) -> str:
    """Matching copy of ``text`` (never shown): folded Arabic spelling variants."""
    return _DIACRITICS.sub("", text).translate(_FOLD)


# ---------------------------------------------------------------- punctuation

END_PUNCTUATION = ".!?؟…:;؛"
TERMINATORS = ".!?؟…"
CLOSERS = "”’»\"')]}›"


def last_mark(text: str) -> str:
    """The last character of ``text`` before closing quotes, brackets and spaces ("" if none)."""
    return text.rstrip(CLOSERS + " ")[-1:]


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with a sentence terminator (a colon or comma at a wrap does not
    end anything: the clause goes on on the next line)."""
    return last_mark(text) in TERMINATORS
