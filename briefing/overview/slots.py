"""The slots contradictions are made of: durations, counts, days and places in one sentence.

Two outlets that give a different number of dead, a different length of a meeting or a
different day are the "where sources differ" of the overview. This module reads those values
from a sentence's normalised tokens (:func:`briefing.text.arabic.tokenize` output, so every
table below is in that spelling); :mod:`briefing.overview.claims` decides which of them clash.

:func:`extract_slots` walks the tokens once. At each position a table of small readers
(:data:`_READERS`) is tried in order, each for one way a slot is written (a number with a
unit, a dual unit, a weekday, a place); the first that recognises the position says what
it read and where reading resumes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from briefing.overview.lexicon import words
from briefing.overview.text import (
    LETTER_PREFIXES,
    NUMBER_TOKEN,
    STOPWORDS,
    format_number,
    number_value,
    read_number,
    strip_letter_prefix,
)

__all__ = ["MONTHS", "PLACE_MARKERS", "VAGUE_QUANTIFIERS", "WEEKDAYS", "Slot", "extract_slots", "place_names"]

# Words that give a quantity without a number ("for long hours", "several days").
VAGUE_QUANTIFIERS: frozenset[str] = words("عده بضع بضعه عشرات مئات الاف طويله طويل")
_APPROXIMATE = words("نحو حوالي قرابه يقارب زهاء اكثر اقل تقريبا")

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
_PLURAL_UNITS = words("دقائق ساعات ايام اسابيع اشهر شهور اعوام سنوات سنين عقود")
# "ساعتين ونصف": a fraction after a duration adds to it.
_FRACTIONS = {"ونصف": 0.5, "وربع": 0.25}

WEEKDAYS: frozenset[str] = words("السبت الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه")
MONTHS: frozenset[str] = words("""يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر
    كانون شباط اذار نيسان ايار حزيران تموز ايلول تشرين""")
# A place name follows these words (city, capital, state, province, region, village).
PLACE_MARKERS: frozenset[str] = (
    words("""مدينه بمدينه لمدينه المدينه عاصمه العاصمه بالعاصمه ولايه بولايه محافظه
    بمحافظه منطقه بمنطقه اقليم باقليم قريه بقريه بلده ببلده منتجع بمنتجع""")
)


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
            killed and injured are both counted in people, and are different figures. For a
            year, the word it dates (``تعيينه عام 2019`` against ``تنصيبه في 2020``: an
            appointment and an installation are two events, not two dates of one).
    """

    kind: str
    unit: str
    value: str
    approximate: bool
    tokens: tuple[str, ...]
    head: str = ""


def _is_approximate(token: str) -> bool:
    """``نحو``, ``أكثر``... also with a glued letter (``لأكثر``, ``بحوالي``)."""
    return token in _APPROXIMATE or (token[:1] in LETTER_PREFIXES and token[1:] in _APPROXIMATE)


def _duration_kind(tokens: Sequence[str], start: int) -> str:
    """``since``, ``within`` or ``span`` from the words just before a duration."""
    for token in tokens[max(0, start - 3) : start]:
        if token in ("منذ", "قبل"):
            return "since"
        if token in ("غضون", "بغضون", "خلال", "بعد"):
            return "within"
    return "span"


def _unit_of(token: str) -> tuple[str, float | None] | None:
    """The duration unit a token names (also with a glued letter), with its dual's value."""
    if token in _DURATION_UNITS:
        return _DURATION_UNITS[token]
    stripped = strip_letter_prefix(token, _DURATION_UNITS)
    return _DURATION_UNITS.get(stripped)


@dataclass(frozen=True, slots=True)
class _Reading:
    """One sentence being read for slots: its tokens, the key function, the known places."""

    tokens: Sequence[str]
    key: Callable[[str], str]
    places: frozenset[str]

    def at(self, i: int) -> str:
        """The token at ``i``, ``""`` before the start or past the end."""
        return self.tokens[i] if 0 <= i < len(self.tokens) else ""

    def has(self, i: int) -> bool:
        """True when there is a token at ``i``."""
        return i < len(self.tokens)

    def approximate(self, i: int) -> bool:
        """True when one of the three words before ``i`` hedges (``نحو``, ``أكثر من``)."""
        return any(_is_approximate(t) for t in self.tokens[max(0, i - 3) : i])

    def duration(self, i: int, name: str, value: float, covered: tuple[str, ...]) -> Slot:
        """A duration slot starting at ``i`` (since/within/span from the words before it)."""
        kind = _duration_kind(self.tokens, i)
        return Slot("duration", f"{kind}:{name}", format_number(value), self.approximate(i), covered)


# What a reader found: the slot (None when the words are read but state no slot) and the
# position where reading resumes.
_Read: TypeAlias = tuple[Slot | None, int]


# --- a number and what follows it ----------------------------------------------------------


def _number_with_unit(reading: _Reading, i: int, value: float, end: int) -> _Read | None:
    """``ثلاث ساعات``, ``ساعتين ونصف`` written as a number: a duration."""
    unit = _unit_of(reading.at(end))
    if unit is None:
        return None
    resume = end + 1
    fraction = _FRACTIONS.get(reading.at(resume))
    if fraction is not None:
        value += fraction
        resume += 1
    return reading.duration(i, unit[0], value, tuple(reading.tokens[i:resume])), resume


# Words between a dated word and its year ("تعيينه في عام 2019"): not what the year dates.
_YEAR_WORDS = words("عام العام عاما سنه السنه عامي")


def _head(reading: _Reading, i: int) -> str:
    """Key of the content word just before position ``i`` (within three words), or ``""``."""
    before = [t for t in reading.tokens[max(0, i - 3) : i] if t not in _YEAR_WORDS and t not in MONTHS]
    return next((reading.key(t) for t in reversed(before) if t not in STOPWORDS), "")


def _year(reading: _Reading, i: int, value: float, end: int) -> _Read | None:
    """Four digits between 1900 and 2100: a year, with the word it dates as its head."""
    token = reading.tokens[i]
    if NUMBER_TOKEN.match(token) and len(token) == 4 and 1900 <= value <= 2100:
        return Slot("year", "", token, reading.approximate(i), (token,), _head(reading, i)), end
    return None


def _counts_a_noun(reading: _Reading, i: int, value: float, end: int) -> bool:
    """True when the number counts the noun after it (not a function word, not a number)."""
    # "نقطة واحدة": one is an adjective far more often than a count.
    countable = value != 1 or bool(NUMBER_TOKEN.match(reading.tokens[i]))
    return (
        countable
        and reading.has(end)
        and reading.tokens[end] not in STOPWORDS
        and number_value(reading.tokens[end]) is None
    )


def _count_or_date(reading: _Reading, i: int, value: float, end: int) -> _Read | None:
    """``12 شخصا`` (a count of people) or ``15 أغسطس`` (a date)."""
    if not _counts_a_noun(reading, i, value, end):
        return None
    token, noun = reading.tokens[i], reading.tokens[end]
    approximate = reading.approximate(i)
    if noun in MONTHS:
        return Slot("day", "date", f"{format_number(value)} {noun}", approximate, (token, noun)), end + 1
    head = _head(reading, i)
    return Slot("count", reading.key(noun), format_number(value), approximate, (token, noun), head), end + 1


def _bare_count(reading: _Reading, i: int, value: float, end: int) -> _Read | None:
    """``مصرع 66 في ...``: a count with no noun after it, named by the word before it.

    Its unit is ``""``; it only ever clashes with a bare count of the same head word.
    """
    head = _head(reading, i)
    if not head or not NUMBER_TOKEN.match(reading.tokens[i]) or reading.at(i - 1) in STOPWORDS:
        return None
    token = reading.tokens[i]
    return Slot("count", "", format_number(value), reading.approximate(i), (token,), head), end


# Ways a number is followed, tried in order; a number none of them reads states no slot.
_AFTER_NUMBER: tuple[Callable[[_Reading, int, float, int], _Read | None], ...] = (
    _number_with_unit,
    _year,
    _count_or_date,
    _bare_count,
)


def _number(reading: _Reading, i: int) -> _Read | None:
    """A number in digits or words, with what it measures or counts."""
    number = read_number(reading.tokens, i)
    if number is None:
        return None
    value, end = number
    for after in _AFTER_NUMBER:
        found = after(reading, i, value, end)
        if found is not None:
            return found
    return None, end


# --- a unit without a number -------------------------------------------------------------------


def _dual_unit(reading: _Reading, i: int) -> _Read | None:
    """``ساعتين`` (two hours), ``ساعتين ونصف``: the dual form states its number."""
    unit = _unit_of(reading.tokens[i])
    if unit is None:
        return None
    name, value = unit
    if value is None:
        return None
    covered: tuple[str, ...] = (reading.tokens[i],)
    fraction = _FRACTIONS.get(reading.at(i + 1))
    if fraction is not None:
        value += fraction
        covered += (reading.at(i + 1),)
    return reading.duration(i, name, value, covered), i + len(covered)


def _vague_unit(reading: _Reading, i: int) -> _Read | None:
    """``عدة ساعات``, ``ساعات طويلة``, and ``لساعات`` (for hours) alone: several, no number."""
    token = reading.tokens[i]
    unit = _unit_of(token)
    if unit is None or unit[1] is not None:
        return None
    before, after = reading.at(i - 1), reading.at(i + 1)
    vague_before, vague_after = before in VAGUE_QUANTIFIERS, after in VAGUE_QUANTIFIERS
    if strip_letter_prefix(token, _DURATION_UNITS) not in _PLURAL_UNITS:
        return None
    if not (vague_before or vague_after or token.startswith("ل")):
        return None
    span = (before, token) if vague_before else (token, after) if vague_after else (token,)
    kind = _duration_kind(reading.tokens, i)
    slot = Slot("duration", f"{kind}:{unit[0]}", "several", reading.approximate(i), span)
    return slot, i + (2 if vague_after and not vague_before else 1)


# --- days and places ---------------------------------------------------------------------------


def _weekday(reading: _Reading, i: int) -> _Read | None:
    """``الجمعة``: a day of the week."""
    token = reading.tokens[i]
    return (Slot("day", "weekday", token, False, (token,)), i + 1) if token in WEEKDAYS else None


def _marked_place(reading: _Reading, i: int) -> _Read | None:
    """``مدينة X``, ``ولاية X``: the word after a place marker."""
    token = reading.tokens[i]
    if token not in PLACE_MARKERS or not reading.has(i + 1) or reading.tokens[i + 1] in STOPWORDS:
        return None
    name = reading.tokens[i + 1]
    return Slot("place", "", reading.key(name), False, (token, name)), i + 2


def _known_place(reading: _Reading, i: int) -> _Read | None:
    """``بموسكو``, ``في موسكو``: a place other sentences of the set name after a marker."""
    token = reading.tokens[i]
    if not token.startswith(("في", "ب")) or not reading.places:
        return None
    if token != "في":
        bare = token[2:] if token.startswith("في") else token[1:]
        key = reading.key(bare)
        return (Slot("place", "", key, False, (token,)), i + 1) if key in reading.places else None
    if reading.has(i + 1) and reading.key(reading.tokens[i + 1]) in reading.places:
        name = reading.tokens[i + 1]
        return Slot("place", "", reading.key(name), False, (token, name)), i + 2
    return None


# How a slot may start at a position, tried in order: the first reader that recognises the
# position reads it. A number is read whole even when it states no slot, so that its words
# are not read again as a unit.
_READERS: tuple[Callable[[_Reading, int], _Read | None], ...] = (
    _number,
    _dual_unit,
    _vague_unit,
    _weekday,
    _marked_place,
    _known_place,
)


def _read_at(reading: _Reading, i: int) -> _Read:
    """What the first reader recognising position ``i`` read; nothing (and the next word) if none."""
    for reader in _READERS:
        found = reader(reading, i)
        if found is not None:
            return found
    return None, i + 1


def extract_slots(tokens: Sequence[str], key: Callable[[str], str], places: Iterable[str] = ()) -> list[Slot]:
    """Slots of one sentence.

    Args:
        tokens: The sentence's normalised tokens.
        key: Token -> matching key (counted nouns and places are compared by key).
        places: Keys known to be places in this set of articles (``في موسكو`` counts then).

    Returns:
        The slots in sentence order.
    """
    reading = _Reading(tokens, key, frozenset(places))
    slots: list[Slot] = []
    i = 0
    while i < len(tokens):
        slot, i = _read_at(reading, i)
        if slot is not None:
            slots.append(slot)
    return slots


def place_names(tokens: Sequence[str], key: Callable[[str], str]) -> set[str]:
    """Keys of the words that follow a place marker (``مدينة X``, ``ولاية X``)."""
    return {
        key(tokens[i + 1])
        for i, token in enumerate(tokens[:-1])
        if token in PLACE_MARKERS and tokens[i + 1] not in STOPWORDS
    }
