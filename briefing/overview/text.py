"""Arabic text features for the cross-source overview (matching only, never shown).

The overview compares sentences of different outlets. Outlets spell the same word differently
(``ترامب``/``ترمب``, ``الأمريكي``/``الأميركي``), glue prepositions and conjunctions to it
(``لثلاث``, ``بمدينة``, ``والقمة``) and write numbers as digits or words (``ثلاث ساعات``,
``ساعتين ونصف``). This module turns a normalised token into a *matching key* and reads the
slots that contradictions are made of: durations, counts, days and places.

Everything works on :func:`briefing.text.arabic.tokenize` output (alef forms unified, taa
marbuta as ``ه``, alef maqsura as ``ي``, digits ASCII), so every table below is written in
that normalised spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from briefing.overview.lexicon import FUTURE
from briefing.text.arabic import stem


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (word tables written as plain text)."""
    return frozenset(text.split())


# Function words, pronouns and reporting verbs: they carry no fact of their own, and leaving
# them in makes any two long sentences look alike. Normalised spelling (see module docstring).
STOPWORDS: frozenset[str] = _words("""
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
_LETTER_PREFIXES = "وفبلك"


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
    "مليون": 1_000_000, "مليار": 1_000_000_000, "نصف": 0.5, "ربع": 0.25,
}  # fmt: skip
_MULTIPLIERS: dict[str, float] = {
    "مئه": 100, "مائه": 100, "الف": 1000, "الاف": 1000, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9,
}  # fmt: skip
# Words that give a quantity without a number ("for long hours", "several days").
VAGUE_QUANTIFIERS: frozenset[str] = _words("عده بضع بضعه عشرات مئات الاف طويله طويل")
_APPROXIMATE = _words("نحو حوالي قرابه يقارب زهاء اكثر اقل تقريبا")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def strip_letter_prefix(token: str, known: Iterable[str] | None = None) -> str:
    """Return ``token`` without one glued letter when the rest is a number word or ``known``."""
    if len(token) >= 3 and token[0] in _LETTER_PREFIXES:
        rest = token[1:]
        if rest in _UNITS or rest in _MULTIPLIERS or (known is not None and rest in known):
            return rest
    return token


def number_value(token: str) -> float | None:
    """Value of a single number token (digits or an Arabic number word), else ``None``."""
    if _NUMBER.match(token):
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


# --- slots -----------------------------------------------------------------------------

# Duration units: key -> (unit name, implied value of the dual form or None).
_DURATION_UNITS: dict[str, tuple[str, float | None]] = {}
for _unit, _forms, _duals in (
    ("minute", "دقيقه دقائق دقيقتين دقيقتان", "دقيقتين دقيقتان"),
    ("hour", "ساعه ساعات ساعتين ساعتان", "ساعتين ساعتان"),
    ("day", "يوما ايام يومين يومان", "يومين يومان"),
    ("week", "اسبوع اسابيع اسبوعين اسبوعان", "اسبوعين اسبوعان"),
    ("month", "شهر شهرا اشهر شهور شهرين شهران", "شهرين شهران"),
    ("year", "عام عاما اعوام عامين عامان سنه سنوات سنين سنتين سنتان", "عامين عامان سنتين سنتان"),
    ("decade", "عقدا عقود عقدين عقدان", "عقدين عقدان"),
):
    for _form in _forms.split():
        _DURATION_UNITS[_form] = (_unit, 2.0 if _form in _duals.split() else None)
_PLURAL_UNITS = _words("دقائق ساعات ايام اسابيع اشهر شهور اعوام سنوات سنين عقود")

WEEKDAYS: frozenset[str] = _words("السبت الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه")
MONTHS: frozenset[str] = _words("""يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر
    كانون شباط اذار نيسان ايار حزيران تموز ايلول تشرين""")
# A place name follows these words (city, capital, state, province, region, village).
_PLACE_MARKERS = _words("""مدينه بمدينه لمدينه المدينه عاصمه العاصمه بالعاصمه ولايه بولايه محافظه
    بمحافظه منطقه بمنطقه اقليم باقليم قريه بقريه بلده ببلده منتجع بمنتجع""")
# Words marking a *different* instance of an event: the previous call, the next summit, a
# phone call. Two statements that differ in one of these are about different things.
QUALIFIERS: frozenset[str] = (
    _words("""هاتفي هاتفيه الهاتفي الهاتفيه هاتفيا مكالمه المكالمه اتصال الاتصال اتصالا السابق السابقه
    الماضي الماضيه المقبل المقبله القادم القادمه الاول الاولي الثاني الثانيه الثالث الثالثه
    الاخير الاخيره المرتقب المرتقبه المنتظر المنتظره""")
)
# Future or expectation: "a summit is expected" is a different statement from "a summit was held".
FUTURE_MARKERS: frozenset[str] = FUTURE


@dataclass(frozen=True, slots=True)
class Slot:
    """A number, duration, day or place read from a sentence.

    Attributes:
        kind: ``duration``, ``count``, ``day``, ``year`` or ``place``.
        unit: What is measured: ``hour``/``since:hour``..., the counted noun's key, or ``""``.
        value: Comparable value: a number as text (``"3"``), ``"several"``, a day name, a key.
        approximate: The source hedged (``نحو``, ``أكثر من``): never a contradiction.
        tokens: Normalised tokens the slot covers (left out when comparing the rest).
        head: Key of the content word just before a count (``مقتل`` in ``مقتل 12 شخصا``):
            killed and injured are both counted in people, and are different figures.
    """

    kind: str
    unit: str
    value: str
    approximate: bool
    tokens: tuple[str, ...]
    head: str = ""


def _is_approximate(token: str) -> bool:
    """``نحو``, ``أكثر``... also with a glued letter (``لأكثر``, ``بحوالي``)."""
    return token in _APPROXIMATE or (token[:1] in _LETTER_PREFIXES and token[1:] in _APPROXIMATE)


def _format(value: float) -> str:
    return f"{value:g}"


def _duration_kind(tokens: Sequence[str], start: int) -> str:
    """``since``, ``within`` or ``span`` from the words just before a duration."""
    for token in tokens[max(0, start - 3) : start]:
        if token in ("منذ", "قبل"):
            return "since"
        if token in ("غضون", "بغضون", "خلال", "بعد"):
            return "within"
    return "span"


def _unit_of(token: str) -> tuple[str, float | None] | None:
    if token in _DURATION_UNITS:
        return _DURATION_UNITS[token]
    stripped = strip_letter_prefix(token, _DURATION_UNITS)
    return _DURATION_UNITS.get(stripped)


def extract_slots(tokens: Sequence[str], key: Callable[[str], str], places: Iterable[str] = ()) -> list[Slot]:
    """Slots of one sentence.

    Args:
        tokens: The sentence's normalised tokens.
        key: Token -> matching key (counted nouns and places are compared by key).
        places: Keys known to be places in this set of articles (``في موسكو`` counts then).

    Returns:
        The slots in sentence order.
    """
    slots: list[Slot] = []
    known_places = set(places)
    used: set[int] = set()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        approx = any(_is_approximate(t) for t in tokens[max(0, i - 3) : i])
        number = read_number(tokens, i)
        if number is not None and i not in used:
            value, end = number
            unit = _unit_of(tokens[end]) if end < len(tokens) else None
            if unit is not None:
                # "ساعتين ونصف": a dual unit followed by a fraction.
                extra = end + 1
                value_total = value
                if extra < len(tokens) and tokens[extra] in ("ونصف", "وربع"):
                    value_total += 0.5 if tokens[extra] == "ونصف" else 0.25
                    extra += 1
                kind = _duration_kind(tokens, i)
                slots.append(
                    Slot(
                        "duration", f"{kind}:{unit[0]}", _format(value_total), approx, tuple(tokens[i:extra])
                    )
                )
                used.update(range(i, extra))
                i = extra
                continue
            if _NUMBER.match(token) and len(token) == 4 and 1900 <= value <= 2100:
                slots.append(Slot("year", "", token, approx, (token,)))
                i = end
                continue
            # "نقطة واحدة": one is an adjective far more often than a count.
            countable = value != 1 or bool(_NUMBER.match(token))
            if (
                countable
                and end < len(tokens)
                and tokens[end] not in STOPWORDS
                and number_value(tokens[end]) is None
            ):
                noun = tokens[end]
                if noun in MONTHS:
                    slots.append(Slot("day", "date", f"{_format(value)} {noun}", approx, (token, noun)))
                else:
                    head = next(
                        (key(t) for t in reversed(tokens[max(0, i - 3) : i]) if t not in STOPWORDS), ""
                    )
                    slots.append(Slot("count", key(noun), _format(value), approx, (token, noun), head))
                i = end + 1
                continue
            i = end
            continue
        unit = _unit_of(token)
        if unit is not None and i not in used:
            name, dual = unit
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            before = tokens[i - 1] if i > 0 else ""
            if dual is not None:
                value_total = dual
                covered = [token]
                if after in ("ونصف", "وربع"):
                    value_total += 0.5 if after == "ونصف" else 0.25
                    covered.append(after)
                kind = _duration_kind(tokens, i)
                slots.append(Slot("duration", f"{kind}:{name}", _format(value_total), approx, tuple(covered)))
                i += len(covered)
                continue
            bare = strip_letter_prefix(token, _DURATION_UNITS)
            # "عدة ساعات", "ساعات طويلة", and "لساعات" (for hours) alone: several, no number.
            vague_before, vague_after = before in VAGUE_QUANTIFIERS, after in VAGUE_QUANTIFIERS
            if bare in _PLURAL_UNITS and (vague_before or vague_after or token.startswith("ل")):
                kind = _duration_kind(tokens, i)
                span = (before, token) if vague_before else (token, after) if vague_after else (token,)
                slots.append(Slot("duration", f"{kind}:{name}", "several", approx, span))
                i += 2 if vague_after and not vague_before else 1
                continue
        if token in WEEKDAYS:
            slots.append(Slot("day", "weekday", token, False, (token,)))
        elif token in _PLACE_MARKERS and i + 1 < len(tokens) and tokens[i + 1] not in STOPWORDS:
            name = tokens[i + 1]
            slots.append(Slot("place", "", key(name), False, (token, name)))
            i += 2
            continue
        elif token.startswith(("في", "ب")) and known_places:
            bare = token[2:] if token.startswith("في") else token[1:]
            if token != "في" and key(bare) in known_places:
                slots.append(Slot("place", "", key(bare), False, (token,)))
            elif token == "في" and i + 1 < len(tokens) and key(tokens[i + 1]) in known_places:
                slots.append(Slot("place", "", key(tokens[i + 1]), False, (token, tokens[i + 1])))
                i += 2
                continue
        i += 1
    return slots


def place_names(tokens: Sequence[str], key: Callable[[str], str]) -> set[str]:
    """Keys of the words that follow a place marker (``مدينة X``, ``ولاية X``)."""
    return {
        key(tokens[i + 1])
        for i, token in enumerate(tokens[:-1])
        if token in _PLACE_MARKERS and tokens[i + 1] not in STOPWORDS
    }


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
        if value is None and len(token) > 3 and token[0] in _LETTER_PREFIXES:
            value = _number_word(token[1:])
        if value is not None:
            result = f"#{_format(value)}"
        elif len(token) >= 4 and token[0] in _LETTER_PREFIXES and token[1:] in self._vocabulary:
            # A glued preposition the stemmer keeps (لساعات): split only when the rest is a
            # word of these articles, so names starting with these letters (فلاديمير) stay.
            result = self.key(token[1:])
        else:
            result = stem(token)
        self._cache[token] = result
        return result

    def is_stopword(self, token: str) -> bool:
        """True for function words, also with a glued ``و``/``ف`` (``وهو``, ``فقد``)."""
        return token in STOPWORDS or (token[:1] in ("و", "ف") and token[1:] in STOPWORDS)
