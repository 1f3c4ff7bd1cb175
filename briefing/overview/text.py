"""Arabic text features for the cross-source overview (matching only, never shown).

The overview compares sentences of different outlets. Outlets spell the same word differently
(``ترامب``/``ترمب``, ``الأمريكي``/``الأميركي``), glue prepositions and conjunctions to it
(``لثلاث``, ``بمدينة``, ``والقمة``) and write numbers as digits or words (``ثلاث ساعات``,
``ساعتين ونصف``). This module turns a normalised token into a *matching key* and reads
numbers; :mod:`briefing.overview.slots` reads the slots that contradictions are made of
(durations, counts, days and places).

Everything works on :func:`briefing.text.arabic.tokenize` output (alef forms unified, taa
marbuta as ``ه``, alef maqsura as ``ي``, digits ASCII), so every table below is written in
that normalised spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from briefing.overview.lexicon import words
from briefing.text.arabic import stem

# Function words, pronouns and reporting verbs: they carry no fact of their own, and leaving
# them in makes any two long sentences look alike. Normalised spelling (see module docstring).
STOPWORDS: frozenset[str] = words("""
    في من الي علي عن مع ان او ام ثم حتي اذا اذ لم لن لا ما ماذا هل قد لقد كان كانت يكون تكون
    كانوا هو هي هم هن انا نحن انت هذا هذه ذلك تلك هؤلاء هولاء الذي التي الذين اللذين اللتين
    اللتان اللذان كل بعض غير بين عند عندما حيث حيثما حين بعد قبل خلال ضد دون لدي الا ايضا كما
    مثل لان لكن لكنه لكنها بل اي ايه هناك هنا ثمه عليه عليها عليهم فيه فيها فيهم منه منها منهم
    له لها لهم به بها بهم اليه اليها عنه عنها ذات اما اذن اليوم امس الان تم تمت يتم سوي فقط
    قال قالت يقول تقول اكد اكدت يؤكد تؤكد اضاف اضافت اوضح اوضحت اشار اشارت مشيرا لافتا
    ذكر ذكرت وفق وفقا بحسب حسب نحو عبر لدى جدا كلا كلاهما احد احدي اخري اخر الاخري وذلك
    بينما وبينما بشان حول عقب لما اكثر اقل جميع مجرد سواء اول ضمن يمكن تعد يعد انه انها بانه
    بانها لانه لانها انهم انما كذلك هكذا ايضا فان وان بان كي لكي اي اذ عليه عدم رغم برغم
    """)

# A lone glued letter (و ف ب ل ك) is split off a number word (لثلاث, وخمسة) and a duration
# unit (لساعات); the stemmer handles the other words.
LETTER_PREFIXES = "وفبلك"


# The dashes that end a dateline ("دبي، الإمارات العربية المتحدة (CNN) --").
_DATELINE_DASHES = ("--", "—", "–")


def without_dateline(text: str) -> str:
    """*text* without a leading dateline: a few words with the outlet in brackets, then a dash.

    The dateline names the desk's city and country ("دبي، الإمارات العربية المتحدة (CNN) –"),
    not the event's: read as part of the sentence it makes CNN's lead name the UAE, which the
    other outlets' report of the same fact does not.
    """
    for dash in _DATELINE_DASHES:
        head, sep, rest = text.partition(dash)
        if sep and "(" in head and len(head.split()) <= 8:
            return rest.strip()
    return text


def glued_in(token: str, table: AbstractSet[str]) -> bool:
    """True when ``token`` is in ``table``, also with a glued ``و``/``ف`` (``وهو``, ``فقد``)."""
    return token in table or (token[:1] in "وف" and token[1:] in table)


# --- numbers ---------------------------------------------------------------------------

_UNITS: dict[str, float] = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1, "احدا": 1, "اثنان": 2, "اثنين": 2, "اثني": 2,
    "اثنتين": 2, "اثنتان": 2,
    "اثنتي": 2, "اثنا": 2, "اثنتا": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5,
    "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8,
    "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40,
    "اربعين": 40, "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90, "مئه": 100, "مائه": 100, "مئتين": 200,
    "مئتان": 200, "مائتين": 200, "مائتان": 200, "الف": 1000, "الفين": 2000, "الفان": 2000,
    # The dual before its noun drops its ن ("ألفي عنصر", "مئتي شخص").
    "مئتي": 200, "مائتي": 200, "الفي": 2000,
    "مليون": 1_000_000, "مليار": 1_000_000_000, "نصف": 0.5, "ربع": 0.25,
}  # fmt: skip
# Hundreds are written as one word ("ثلاثمئة", "خمسمائة"), the news' usual spelling.
for _digit, _stems in {3: "ثلاث", 4: "اربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان ثماني", 9: "تسع"}.items():
    for _stem in _stems.split():
        _UNITS[_stem + "مئه"] = _UNITS[_stem + "مائه"] = 100.0 * _digit
_MULTIPLIERS: dict[str, float] = {
    "مئه": 100, "مائه": 100, "الف": 1000, "الاف": 1000, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9,
}  # fmt: skip
# A number written in digits ("12", "6.8").
NUMBER_TOKEN = re.compile(r"^\d+(?:[.,]\d+)?$")


def strip_letter_prefix(token: str, known: Iterable[str] | None = None) -> str:
    """Return ``token`` without one glued letter when the rest is a number word or ``known``."""
    if len(token) >= 3 and token[0] in LETTER_PREFIXES:
        rest = token[1:]
        if rest in _UNITS or rest in _MULTIPLIERS or (known is not None and rest in known):
            return rest
    return token


def number_value(token: str) -> float | None:
    """Value of a single number token (digits or an Arabic number word), else ``None``."""
    if NUMBER_TOKEN.match(token):
        return float(token.replace(",", "."))
    token = strip_letter_prefix(token)
    return _UNITS.get(token)


def _number_word(token: str) -> float | None:
    """Value of a number token, also with a pronoun glued on (``إحداها`` "one of them")."""
    value = number_value(token)
    if value is None:
        for suffix in ("هما", "ها", "هم"):
            if token.endswith(suffix) and len(token) > len(suffix) + 2:
                value = number_value(token[: -len(suffix)])
                break
    return value


def read_number(tokens: Sequence[str], start: int) -> tuple[float, int] | None:
    """Read a number written in words or digits at ``tokens[start]``.

    Handles compounds joined by ``و`` (``خمسة وعشرون``, ``ساعتين ونصف`` is read by the caller),
    teens (``اثني عشر``) and multipliers (``ثلاثة آلاف``).

    Returns:
        ``(value, end)`` with ``end`` the index after the number, or ``None``.
    """
    value = number_value(tokens[start])
    if value is None:
        return None
    end = start + 1
    while end < len(tokens):
        token = tokens[end]
        if token in ("عشر", "عشره") and value < 10:  # teens: اثني عشر, ثلاثة عشر
            value += 10
        elif token in _MULTIPLIERS and value < 1000:
            value *= _MULTIPLIERS[token]
        elif token.startswith("و") and number_value(token[1:]) is not None and token[1:] not in ("نصف",):
            value += number_value(token[1:]) or 0
        else:
            break
        end += 1
    return value, end


# --- sentence features --------------------------------------------------------------

# Words marking a *different* instance of an event: the previous call, the next summit, a
# phone call. Two statements that differ in one of these are about different things.
QUALIFIERS: frozenset[str] = (
    words("""هاتفي هاتفيه الهاتفي الهاتفيه هاتفيا مكالمه المكالمه اتصال الاتصال اتصالا السابق السابقه
    الماضي الماضيه المقبل المقبله القادم القادمه الاول الاولي الثاني الثانيه الثالث الثالثه
    الاخير الاخيره المرتقب المرتقبه المنتظر المنتظره""")
)


def format_number(value: float) -> str:
    """A number as slots and keys write it (``3``, ``2.5``)."""
    return f"{value:g}"


class Analyzer:
    """Matching keys for the tokens of one set of articles.

    A key is the package stemmer's output (:func:`briefing.text.arabic.stem`, ISRI), or ``#<value>``
    for a number, so that digits and number words match (``ثلاث`` = ``3``). Keys are cached:
    one set of articles has a few thousand distinct tokens.
    """

    def __init__(self, tokens: Iterable[str] = ()) -> None:
        self._vocabulary = frozenset(tokens)
        self._cache: dict[str, str] = {}

    def key(self, token: str) -> str:
        """Matching key of a normalised token."""
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        value = _number_word(token)
        if value is None and len(token) > 3 and token[0] in LETTER_PREFIXES:
            value = _number_word(token[1:])
        if value is not None:
            result = f"#{format_number(value)}"
        elif len(token) >= 4 and token[0] in LETTER_PREFIXES and token[1:] in self._vocabulary:
            # A glued preposition the stemmer keeps (لساعات): split only when the rest is a
            # word of these articles, so names starting with these letters (فلاديمير) stay.
            result = self.key(token[1:])
        else:
            result = stem(token)
        self._cache[token] = result
        return result

    def is_stopword(self, token: str) -> bool:
        """True for function words, also with a glued ``و``/``ف`` (``وهو``, ``فقد``)."""
        return glued_in(token, STOPWORDS)
