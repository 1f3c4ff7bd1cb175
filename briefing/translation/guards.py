"""Translation guards: what goes into the model, and checks on what comes out.

Input (:func:`model_input`): OPUS-MT models were trained on text whose control and format
characters had been removed (Moses ``remove-non-printing-char``). Zero-width joiners, the
byte-order mark, bidi marks (U+200E/F, U+061C ARABIC LETTER MARK, embeddings and isolates)
and soft hyphens survive SentencePiece's normaliser and change the tokenisation of the word
they sit in, so they are removed from the text the model sees. The briefing still shows the
Arabic as the source wrote it.

Output (:func:`check_translation`): flags, named as in :data:`briefing.types.FLAG_LEGEND`,
for a translation that may have lost or invented something:

- ``numbers``: a number of the Arabic is not stated in the English, or the English writes in digits
  a number the Arabic does not state (:mod:`briefing.translation.numbers`);
- ``repetition``: the English repeats itself like a decoding loop;
- ``length``: the English is implausibly short or long for the Arabic;
- ``cap``: decoding stopped at the output length limit (set by the backend).

A flag never changes the English: editors see the mark and the legend and check the source.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from briefing.translation.numbers import extra_numbers, missing_numbers
from briefing.types import FLAG_LEGEND

# ------------------------------------------------------------------------------ input

_SPACES = re.compile(r"\s+")


def model_input(text: str) -> str:
    """``text`` as the model should see it: format characters removed, controls made spaces.

    Format characters (category Cf: zero-width space/joiners, BOM, bidi marks, soft hyphen)
    sit inside words, so they are deleted; control characters (Cc: tabs, stray C0/C1 codes)
    separate words, so they become a space. Runs of white space collapse to one space.
    """
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        out.append(" " if category == "Cc" or ch.isspace() else ch)
    return _SPACES.sub(" ", "".join(out)).strip()


# ----------------------------------------------------------------------------- output

# A loop repeats a short unit back to back ("the talks the talks the talks") or keeps coming
# back to one longer phrase. Chosen on sentences written for tests/translation/test_guards.py: a
# unit of 1-4 words said 3 times in a row, or a phrase of 4+ words said 3 times anywhere, does
# not occur in well-formed news English (a list "the minister of X, the minister of Y, the
# minister of Z" repeats a 3-word phrase, which stays below both rules).
REPEAT_UNIT_WORDS = 4
REPEAT_TIMES = 3
REPEAT_PHRASE_WORDS = 4

# English words per Arabic word. Arabic writes conjunctions, prepositions, articles and object
# pronouns as clitics, so English news runs about 1.2-1.5 words per Arabic word (the sentence
# pairs of briefing/translation/models/demo.py: 1.1-1.6). Below 0.4 or above 3.5 something was dropped or
# invented; sources under 4 words are too short to judge (names, datelines).
LENGTH_RATIO_MIN = 0.4
LENGTH_RATIO_MAX = 3.5
LENGTH_MIN_SOURCE_WORDS = 4

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def is_repetitive(english: str) -> bool:
    """True when ``english`` looks like a decoding loop (see :data:`REPEAT_TIMES`)."""
    words = _words(english)
    for size in range(1, REPEAT_UNIT_WORDS + 1):
        for start in range(len(words) - size * REPEAT_TIMES + 1):
            unit = words[start : start + size]
            if all(words[start + k * size : start + (k + 1) * size] == unit for k in range(REPEAT_TIMES)):
                return True
    phrases = Counter(
        tuple(words[i : i + REPEAT_PHRASE_WORDS]) for i in range(len(words) - REPEAT_PHRASE_WORDS + 1)
    )
    return any(count >= REPEAT_TIMES for count in phrases.values())


def implausible_length(arabic: str, english: str) -> bool:
    """True when the English has implausibly few or many words for the Arabic."""
    source = len(_words(arabic))
    if source < LENGTH_MIN_SOURCE_WORDS:
        return False
    ratio = len(_words(english)) / source
    return not LENGTH_RATIO_MIN <= ratio <= LENGTH_RATIO_MAX


def order_flags(flags: Iterable[str]) -> tuple[str, ...]:
    """``flags`` without duplicates, in :data:`FLAG_LEGEND` order (unknown ones last)."""
    unique = set(flags)
    known = [flag for flag in FLAG_LEGEND if flag in unique]
    return (*known, *sorted(unique - set(FLAG_LEGEND)))


def check_translation(arabic: str, english: str, flags: Iterable[str] = ()) -> tuple[str, ...]:
    """Every guard's verdict on one translation, merged with the backend's ``flags``.

    Args:
        arabic: The source text as the briefing shows it.
        english: Its translation (pieces joined when the source was split).
        flags: Flags the backend already set (``cap``).

    Returns:
        The flags, in :data:`FLAG_LEGEND` order.
    """
    found = list(flags)
    if missing_numbers(arabic, english) or extra_numbers(arabic, english):
        found.append("numbers")
    if is_repetitive(english):
        found.append("repetition")
    if implausible_length(arabic, english):
        found.append("length")
    return order_flags(found)
