"""Numbers are facts: find the numbers of an Arabic sentence and check its English keeps them.

A translation model that drops or changes a number writes fluent English that nobody would
question. :func:`missing_numbers` lists every number of the Arabic that its English does not
state, in any of the ways English writes numbers.

Arabic side (:func:`arabic_numbers`):

- digits in any of the three common scripts: ASCII ``0-9``, Arabic-Indic ``٠-٩`` and
  Persian ``۰-۹``; the Arabic decimal separator ``٫`` and thousands separator ``٬``; ``,`` and
  ``.`` either way (``3,5`` is 3.5 in some outlets, ``3,500`` is 3500 in most), so such a
  number carries every reading and any one of them in the English satisfies it;
- number words from three upward (``ثلاثة``, ``خمسة وعشرون``, ``ثلاثمئة``, ``ثلاثة عشر``), the
  duals ``ألفان``/``مليونان``/``ملياران``, and the multipliers ``ألف``/``آلاف``, ``مليون``/``ملايين``,
  ``مليار``/``مليارات`` after digits or words (``3 ملايين``, ``٢٫٥ مليار``, ``ثلاثة ملايين``).
  ``واحد``/``أحد`` (one) are left out: English renders them as "a", "an" or "one of", which
  would flag sound translations. ``آلاف``/``ملايين`` alone ("thousands of") are not a number.
  Words with the article ``ال`` count only for units and tens (``الدول الثلاث``, "the three
  countries"); ``في المئة`` (per cent) and ``الألف`` are not numbers;
- decades (``الستينيات``, ``الستينات``): 60, 1960, 1860 or 2060, any of them in the English.

English side (:func:`english_numbers`): digits (``3``, ``3.5``, ``3,000,000``), digits with a
scale word or suffix (``3 million``, ``3.5bn``, ``$3m``), and number words, cardinal or
ordinal (``three``, ``twenty-five``, ``three hundred and fifty``, ``a million``, ``fifth``).
A numeric date (``15/8/2025``) is also satisfied by the month's English name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# ----------------------------------------------------------------------------- digits

_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_NUMBER_RE = re.compile(rf"[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)*")
_DATE_RE = re.compile(rf"([{_DIGIT}]{{1,2}})[/\-]([{_DIGIT}]{{1,2}})[/\-]([{_DIGIT}]{{2,4}})")
_TOLERANCE = 1e-9


def _ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits replaced by ASCII digits."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)


def _digit_readings(token: str) -> frozenset[float]:
    """Every value a digit string with separators can mean (``3,500`` -> 3500 or 3.5)."""
    token = _ascii_digits(token).replace("\u066c", "")  # ٬ only ever groups thousands
    token = token.replace("\u066b", ".")  # ٫ is always the decimal point
    seps = [ch for ch in token if ch in ",."]
    if not seps:
        return frozenset({float(token)})
    readings: set[float] = set()
    groups = re.split(r"[,.]", token)
    if all(len(g) == 3 for g in groups[1:]):  # 3,500 / 1.234.567: thousands grouping
        readings.add(float("".join(groups)))
    last = max(token.rfind(","), token.rfind("."))
    head, tail = token[:last], token[last + 1 :]
    if (len(set(seps)) == 1 and len(seps) == 1) or len(set(seps)) == 2:
        # One separator, or both kinds: the last one is the decimal point.
        readings.add(float(re.sub(r"[,.]", "", head) + "." + tail))
    if not readings:  # 1,23,456 (Indian grouping) and other oddities: the digits as written
        readings.add(float("".join(groups)))
    return frozenset(readings)


# ----------------------------------------------------------------------- Arabic words

_AR_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")


_FOLD = str.maketrans("أإآٱةى", "ااااهي")


def _fold(word: str) -> str:
    """Arabic word folded for lookup: no diacritics or tatweel, plain alef, ه for ة, ي for ى."""
    word = _AR_DIACRITICS.sub("", word)
    return word.translate(_FOLD)


def _table(entries: dict[str, float]) -> dict[str, float]:
    return {_fold(k): v for k, v in entries.items()}


# Values of units (3-9), ten, the tens and the hundreds; both genders and both cases.
_AR_UNITS = _table(
    {
        "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
        "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6,
        "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
        "عشر": 10, "عشرة": 10,
        "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
        "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
        "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    }
)  # fmt: skip
_AR_ONE = {_fold(w) for w in ("أحد", "إحدى", "واحد", "واحدة")}  # 1: only inside 11 (أحد عشر)
_AR_TEEN = {_fold(w) for w in ("عشر", "عشرة")}
_AR_HUNDRED = {_fold(w) for w in ("مئة", "مائة")}
_AR_HUNDREDS: dict[str, float] = {}
for _stem, _value in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("تسع", 9)):
    for _h in ("مئة", "مائة"):
        _AR_HUNDREDS[_fold(_stem + _h)] = _value * 100.0
_AR_HUNDREDS.update(_table({"مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200, "مئتا": 200}))
# Scale words: singular (a number on its own: ألف = 1000), dual (a complete value), plural
# (only after a number: ثلاثة آلاف = 3000; alone, آلاف means "thousands of").
_AR_SCALES = _table({"ألف": 1e3, "ألفا": 1e3, "مليون": 1e6, "مليونا": 1e6, "مليار": 1e9, "مليارا": 1e9,
                     "بليون": 1e9, "تريليون": 1e12})  # fmt: skip
_AR_DUALS = _table(
    {"ألفان": 2e3, "ألفين": 2e3, "مليونان": 2e6, "مليونين": 2e6, "ملياران": 2e9, "مليارين": 2e9}
)
_AR_PLURAL_SCALES = _table({"آلاف": 1e3, "ألوف": 1e3, "ملايين": 1e6, "مليارات": 1e9, "بلايين": 1e9})
_AR_PREFIXES = ("و", "ب", "ل", "ف", "وب", "ول", "لل")
_AR_WORD_RE = re.compile(r"[\u0621-\u064a\u0640\u064b-\u0652\u0670\u0671]+")
_AR_TOKEN_RE = re.compile(rf"{_NUMBER_RE.pattern}|{_AR_WORD_RE.pattern}")


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number found in a text.

    Attributes:
        text: The number as written (``٣٫٥``, ``ثلاثة ملايين``).
        values: Every value it can mean (``3,500`` -> {3500, 3.5}).
        months: Month numbers it may stand for, when it is the month of a numeric date; the
            English month name then satisfies it too.
    """

    text: str
    values: frozenset[float]
    months: frozenset[int] = frozenset()


# What a number word is, after the units and tens (which also count with the article): in
# this order, the first table holding the stem names its kind and value.
_AR_KINDS: tuple[tuple[str, dict[str, float]], ...] = (
    ("one", dict.fromkeys(_AR_ONE, 1.0)),
    ("unit", _AR_HUNDREDS),
    ("hundred", dict.fromkeys(_AR_HUNDRED, 100.0)),
    ("unit", _AR_DUALS),
    ("scale", _AR_SCALES),
    ("plural", _AR_PLURAL_SCALES),
)


def _stems(folded: str) -> list[tuple[str, bool, bool]]:
    """(stem, connected, definite) readings of a folded word: itself, without a prefix, without ال."""
    candidates = [(folded, False, False)]
    for prefix in _AR_PREFIXES:
        # The stem must keep three letters: لست ("I am not") is no ست (six).
        if folded.startswith(prefix) and len(folded) > len(prefix) + 2:
            candidates.append((folded[len(prefix) :], prefix.startswith("و"), False))
    if folded.startswith("ال"):
        candidates.append((folded[2:], False, True))
    return candidates


def _stem_kind(stem: str, definite: bool) -> tuple[str, float] | None:
    """(kind, value) of a stem, ``None`` when it is no number word."""
    if stem in _AR_UNITS and not (definite and _AR_UNITS[stem] == 2):  # الاثنين: Monday
        return "unit", _AR_UNITS[stem]
    if definite:
        return None  # المئة (per cent), الألف...: only units and tens count with the article
    for kind, table in _AR_KINDS:
        if stem in table:
            return kind, table[stem]
    return None


def _word_kind(word: str) -> tuple[str, float, bool]:
    """(kind, value, connected) of an Arabic word; kind ``""`` when it is no number word.

    ``connected`` is True when the word carried the conjunction و (``وعشرون``), which joins it
    to the number before it.
    """
    for stem, connected, definite in _stems(_fold(word)):
        found = _stem_kind(stem, definite)
        if found is not None:
            return found[0], found[1], connected
    return "", 0.0, False


class _Group:
    """A number being read word by word: ``total`` of finished scales plus ``current``."""

    def __init__(self, start: int, values: frozenset[float] | None, months: frozenset[int]) -> None:
        self.start = start
        self.end = start
        self.total: frozenset[float] = frozenset({0.0})
        self.current: frozenset[float] | None = values
        self.months = months
        self.pending_one = False
        self.last = "digits" if values is not None else ""

    def add(self, value: float) -> None:
        self.current = frozenset({c + value for c in self.current or {0.0}})

    def scale(self, factor: float) -> None:
        base = self.current if self.current is not None else frozenset({1.0})
        self.total = frozenset({t + b * factor for t in self.total for b in base})
        self.current = None

    def values(self) -> frozenset[float]:
        current = self.current if self.current is not None else frozenset({0.0})
        return frozenset({t + c for t in self.total for c in current})

    def has_value(self) -> bool:
        """True once a digit, unit or scale was read (a lone أحد leaves nothing)."""
        return self.current is not None or self.total != frozenset({0.0})

    def take(self, kind: str, value: float, token: str) -> None:
        """Add an Arabic number word of ``kind`` (``one``, ``unit``, ``hundred``, a scale)."""
        if kind == "one":
            self.pending_one = True  # 1 counts only inside 11 (أحد عشر)
            return
        if kind == "unit":
            self._unit(value, token)
        elif kind == "hundred":
            self._hundred()
        else:
            self.scale(value)
        self.pending_one = False

    def _unit(self, value: float, token: str) -> None:
        """A unit, a ten, or the عشر of a teen (ثلاثة عشر, أحد عشر)."""
        if value == 10 and _fold(token) in _AR_TEEN and self.last in ("unit", "one"):
            self.add(10.0 + (1.0 if self.pending_one else 0.0))
        else:
            self.add(value)

    def _hundred(self) -> None:
        """مئة: multiplies a unit before it (ثلاث مئة), else adds a hundred."""
        if self.current is not None and all(0 < c < 10 for c in self.current):
            self.current = frozenset({c * 100 for c in self.current})
        else:
            self.add(100.0)


def _date_months(text: str) -> dict[int, frozenset[int]]:
    """Month numbers each day-or-month field of a numeric date may stand for, by its offset."""
    months: dict[int, frozenset[int]] = {}
    for date in _DATE_RE.finditer(text):
        first, second = (int(_ascii_digits(date.group(i))) for i in (1, 2))
        candidates = frozenset(m for m in (first, second) if 1 <= m <= 12)
        for i in (1, 2):
            months[date.start(i)] = candidates
    return months


class _Reader:
    """What both readers share: the text, the numbers found so far and the one being read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[NumberMention] = []
        self.group: _Group | None = None

    def _keeps(self, group: _Group) -> bool:
        """True when the number being closed is one to report."""
        return True

    def close(self) -> None:
        """End the number being read, keeping it when :meth:`_keeps` says so."""
        group = self.group
        if group is not None and self._keeps(group):
            self.found.append(NumberMention(self.text[group.start : group.end], group.values(), group.months))
        self.group = None

    def _open(self, match: re.Match[str]) -> _Group:
        """The number being read, or a new one starting at ``match``."""
        if self.group is None:
            self.group = _Group(match.start(), None, frozenset())
        return self.group

    def _start_digits(
        self, match: re.Match[str], values: frozenset[float], months: frozenset[int] = frozenset()
    ) -> None:
        """A digit string starts a number of its own."""
        self.close()
        self.group = _Group(match.start(), values, months)
        self.group.end = match.end()


class _ArabicReader(_Reader):
    """Reads an Arabic text token by token into :class:`NumberMention` items."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.months = _date_months(text)

    def _keeps(self, group: _Group) -> bool:
        """Only a number that holds a value (a lone أحد leaves nothing)."""
        return group.has_value()

    def digits(self, match: re.Match[str]) -> None:
        """A digit string starts a number of its own."""
        self._start_digits(match, _digit_readings(match.group()), self.months.get(match.start(), frozenset()))

    def word(self, match: re.Match[str]) -> None:
        """A word continues the number, starts one, or ends it."""
        token = match.group()
        kind, value, connected = _word_kind(token)
        if not kind:
            self.close()
            return
        if self._separates(kind, value, connected):
            self.close()
        if kind == "plural" and (self.group is None or self.group.current is None):
            self.close()  # آلاف alone: "thousands of", no number
            return
        group = self._open(match)
        group.take(kind, value, token)
        group.end, group.last = match.end(), kind

    def _separates(self, kind: str, value: float, connected: bool) -> bool:
        """True when a number word cannot continue the number being read."""
        group = self.group
        if group is None:
            return False
        if group.last == "digits" and kind not in ("scale", "plural"):
            return True  # digits then a number word: two numbers (٣ ثلاثة is a typo we keep apart)
        teen = kind == "unit" and value == 10 and group.last in ("unit", "one")
        beside = group.current is not None and not connected
        return beside and kind in ("unit", "one") and not teen  # two numbers side by side without و


def _is_lone_one(mention: NumberMention) -> bool:
    """True for one written as a word: English says "a", "an" or "one of" (see the module docstring)."""
    return len(mention.values) == 1 and 1.0 in mention.values and not mention.text[0].isdigit()


# Decades: الستينيات / الستينات (the sixties) is the 1960s, or the 1860s, 2060s, or someone's
# sixties; an English "1960s", "60s" or "sixties" states it. Read on the folded text.
_AR_DECADES = {_fold(w): v for w, v in (("عشرين", 20), ("ثلاثين", 30), ("أربعين", 40), ("خمسين", 50),
               ("ستين", 60), ("سبعين", 70), ("ثمانين", 80), ("تسعين", 90))}  # fmt: skip
_AR_DECADE_RE = re.compile(r"(?<![\w])(?:[وبلف]{0,2})(?:ال)?(" + "|".join(_AR_DECADES) + r")ي?ات(?![\w])")


def _decades(text: str) -> list[NumberMention]:
    """The decades an Arabic text names in words (see :data:`_AR_DECADES`)."""
    found = []
    for match in _AR_DECADE_RE.finditer(_fold(text)):
        tens = float(_AR_DECADES[match.group(1)])
        found.append(NumberMention(match.group(), frozenset({tens, 1800 + tens, 1900 + tens, 2000 + tens})))
    return found


def arabic_numbers(text: str) -> list[NumberMention]:
    """Every number stated in an Arabic text, in order (see the module docstring for what counts)."""
    reader = _ArabicReader(text)
    for match in _AR_TOKEN_RE.finditer(text):
        if match.group()[0].isdigit():
            reader.digits(match)
        else:
            reader.word(match)
    reader.close()
    return [m for m in reader.found if not _is_lone_one(m)] + _decades(text)


# ---------------------------------------------------------------------- English words

_EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
    "eighties": 80, "nineties": 90,
}  # fmt: skip
_EN_HUNDRED = {"hundred": 100, "hundredth": 100}
_EN_SCALES = {
    "thousand": 1e3, "thousandth": 1e3, "million": 1e6, "millionth": 1e6, "billion": 1e9,
    "billionth": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3, "b": 1e9,
}  # fmt: skip
_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_EN_TOKEN_RE = re.compile(
    rf"(?P<num>{_NUMBER_RE.pattern})(?:(?P<suffix>bn|mn|m|k|b)(?![A-Za-z]))?|(?P<word>[A-Za-z]+)"
)
_EN_SHORT_SCALES = {"bn", "mn", "m", "k", "b"}


def _extends(current: float, value: float) -> bool:
    """True when ``value`` continues the number ``current`` (twenty + five, hundred + fifty)."""
    return (current % 100 == 0 and value < 100) or (current >= 20 and current % 10 == 0 and value < 10)


class _EnglishReader(_Reader):
    """Reads an English text token by token into :class:`NumberMention` items."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        # "a"/"an"/"one" before "hundred", "million"...: those words then start a number.
        self.after_article = False

    def digits(self, match: re.Match[str]) -> None:
        """Digits, with a scale suffix read both ways (3m may be metres)."""
        values = _digit_readings(match.group("num"))
        suffix = match.group("suffix")
        if suffix:  # 3m, 3.5bn: the scaled value, or the bare number
            values = values | frozenset(v * _EN_SCALES[suffix] for v in values)
        self._start_digits(match, values)

    def word(self, match: re.Match[str]) -> None:
        """A word continues the number, starts one, or ends it."""
        word = match.group("word").lower()
        starts = self.group is not None or self.after_article
        if word in _EN_SMALL and word != "second":
            self._small(match, _EN_SMALL[word])
        elif word in _EN_HUNDRED and starts:
            group = self._open(match)
            group.current = frozenset({c * 100 for c in group.current or {1.0}})
            group.end = match.end()
        elif word in _EN_SCALES and word not in _EN_SHORT_SCALES and starts:
            group = self._open(match)
            group.scale(_EN_SCALES[word])
            group.end = match.end()
        elif not (word == "and" and self.group is not None):  # three hundred and fifty
            self.close()
        self.after_article = word in ("a", "an", "one")

    def _small(self, match: re.Match[str], value: float) -> None:
        """A number word below a hundred: continues the number (twenty + five) or starts one."""
        current = self.group.current if self.group is not None else None
        if current is not None and not all(_extends(c, value) for c in current):
            self.close()
        group = self._open(match)
        group.add(value)
        group.end = match.end()


def english_numbers(text: str) -> list[NumberMention]:
    """Every number stated in an English text: digits, digits with a scale, number words."""
    reader = _EnglishReader(text)
    for match in _EN_TOKEN_RE.finditer(text.replace("-", " ")):
        if match.group("num"):
            reader.digits(match)
        else:
            reader.word(match)
    reader.close()
    return reader.found


def _months_named(english: str) -> set[int]:
    """Month numbers whose English names appear in ``english``."""
    return {_EN_MONTHS[w] for w in re.findall(r"[a-z]+", english.lower()) if w in _EN_MONTHS}


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= _TOLERANCE * max(1.0, abs(a), abs(b))


def missing_numbers(arabic: str, english: str) -> list[str]:
    """The numbers of ``arabic`` that ``english`` does not state (as written in the Arabic).

    Every reading of every English number counts, so ``3 million``, ``3,000,000`` and
    ``three million`` all satisfy ``ثلاثة ملايين``. Arabic left as it was in the English (a
    quoted name, an untranslated passage) keeps its numbers too.
    """
    mentions = english_numbers(english)
    if _AR_WORD_RE.search(english):
        mentions += arabic_numbers(english)
    stated = [v for mention in mentions for v in mention.values]
    months = _months_named(english)
    missing = []
    for mention in arabic_numbers(arabic):
        if any(_same(a, e) for a in mention.values for e in stated):
            continue
        if mention.months & months:
            continue
        missing.append(mention.text)
    return missing


def extra_numbers(arabic: str, english: str) -> list[str]:
    """Numbers the English writes in digits that the Arabic does not state (as written in the English).

    Only judged when the Arabic itself writes a number in digits: an Arabic that spells its numbers
    in words this module does not read (decades, ordinals) would make every English digit look
    invented. This is what catches a changed digit where the Arabic's number is still stated in
    the English elsewhere (``7,000`` -> ``7,500`` beside a ``7``), or hides in a form the Arabic
    reader takes apart (``802.11g``, ``1:09.02``). Measured with tests/benchmarks/review.py's
    number faults: FLORES-200 devtest, changed numbers caught 90.8% -> 93.9% with this check, human
    translations flagged 2.6% -> 2.9%; NTREX-128 (calibration) 95.5% -> 96.4%, 1.6% -> 1.9%.
    """
    stated = arabic_numbers(arabic)
    if not any(mention.text[0].isdigit() for mention in stated):
        return []
    values = [v for mention in stated for v in mention.values]
    return [
        mention.text
        for mention in english_numbers(english)
        if mention.text[0].isdigit() and not any(_same(v, a) for v in mention.values for a in values)
    ]
