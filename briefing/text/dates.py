"""Dates, read once for every stage: metadata values, visible datelines, ISO text for composers.

Readers and ``clean`` turn what a source writes (``2025-08-16T10:00:00Z``, ``16/08/2025``,
``الخميس، 20 مارس 2025 02:05 م``, ``Aug 16, 2025``) into ISO 8601 text with
:func:`normalize_date`; composers read that ISO text back with :func:`parse_date`.

Only full dates are dates: a bare year (``2024``) or a month (``2025-03``) is refused rather
than padded to the 1st of January, because a wrong day in an attribution is worse than none.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

__all__ = ["DateMatch", "normalize_date", "parse_date", "parse_dateline", "search_date"]

# Gregorian month names as Arabic outlets write them: Egyptian/Gulf transliterations, the
# Levantine/Iraqi Syriac names, the French-derived names of Tunisia and Algeria (`جانفي`,
# `جويلية`, `أوت`) and Morocco's (`يوليوز`, `غشت`, `شتنبر`, `نونبر`, `دجنبر`). Keys are compared
# after removing hamza variants.
_AR_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "جويليه": 7, "اوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}  # fmt: skip
_EN_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_HAMZA_ALEF = str.maketrans("أإآ", "ااا")
_SPACES = re.compile(r"\s+")
# `28/08/2013`, `2013-08-28 10:30`, `28-08-2013 - 10:30` (a byline's stamp), `28.08.2013, 10:30:05`.
_NUMERIC_DATE = re.compile(
    r"^(\d{1,4}) ?[/.\-] ?(\d{1,2}) ?[/.\-] ?(\d{1,4})"
    r"(?:(?:[ T,]|\s*[|\-–]\s*)+(\d{1,2}):(\d{2})(?::\d{2})?\s*(ص|م|am|pm|a\.m\.|p\.m\.)?)?$",
    re.IGNORECASE,
)
# `2 أبريل/ نيسان 2025`, `28 آب - أغسطس 2013`, `28 آب (أغسطس) 2013`: both month names (pan-Arab
# outlets write both); the second is dropped.
_DOUBLE_MONTH = re.compile(
    r"([^\d\s])(?:\s*[/\-–]\s*[^\d\s/()\-–]+(?:\s+[^\d\s/()\-–]+)?|\s*\(\s*[^\d\s()]+(?:\s+[^\d\s()]+)?\s*\))"
    r"(?=[,،]?\s+\d{4})"
)
_WORD_DATE = re.compile(
    r"^(?:[^\d\s,،]+[,،]?\s+)?(?:(\d{1,2})\s+([^\d\s,،]+(?:\s+[^\d\s,،]+)?)[,،]?\s+(\d{4})"
    r"|([^\d\s,،]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))"
    r"(?:\s*[,،|\-–]?\s*(?:at\s+|(?:على\s+)?الساعة\s+)?(\d{1,2}):(\d{2})(?::\d{2})?\s*(ص|م|am|pm|a\.m\.|p\.m\.)?)?$",
    re.IGNORECASE,
)
_AFTERNOON = {"م", "pm", "p.m."}
_MORNING = {"ص", "am", "a.m."}
# Weekday names that open a dateline (`الخميس، 20 مارس 2025`), compared after hamza folding.
_WEEKDAY = re.compile(
    r"^(?:يوم\s+)?(الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعة|السبت|"
    r"sunday|monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tue|wed|thu|fri|sat)\.?\s*[,،]?\s+",
    re.IGNORECASE,
)
# Labels before the date of a visible dateline.
_LABEL = re.compile(
    r"^(?:نشر في|نشر بتاريخ|تاريخ النشر|نشر|منشور في|published(?: on)?|posted(?: on)?|date)\s*[:：\-–]?\s*",
    re.IGNORECASE,
)


def normalize_date(value: object) -> str | None:
    """Return ``value`` as an ISO 8601 date or date-time, or ``None`` if it is not a full date.

    Accepts ISO 8601 (``2025-08-16``, ``2025-08-16T10:00:00Z``), RFC 2822 (feeds, e-mail),
    day-first numeric dates (``16/08/2025``, as Arabic outlets write them), and dates with
    English or Arabic month names (``16 أغسطس 2025``, ``August 16, 2025``, ``الخميس، 20
    مارس 2025 02:05 م``), in Arabic-Indic or ASCII digits. A date-time keeps its time zone
    when it has one. A year or a month alone is not a date.
    """
    if isinstance(value, _dt.datetime):
        return _iso(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value).strip()
    if not text or len(text) > 80:
        return None
    text = text.translate(_DIGITS)
    try:
        parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        pass
    else:
        is_date_only = len(text) <= 10
        return parsed.date().isoformat() if is_date_only else _iso(parsed)
    try:
        return _iso(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    return _numeric_date(text) or _word_date(text)


def parse_dateline(text: str) -> str | None:
    """The ISO date of a visible dateline (``نشر في: الخميس، 20 مارس 2025 02:05 م``), or None.

    A label (``نشر في``, ``Published``) and a weekday may come first; the rest must be a
    date (a line that merely mentions one is not a dateline).
    """
    text = _SPACES.sub(" ", text).strip(" |-–،,")
    text = _LABEL.sub("", text)
    text = _WEEKDAY.sub("", text.translate(_HAMZA_ALEF))
    return normalize_date(text.strip(" |-–،,"))


# A date inside a short line (a byline's `كتب: … | 28 آب/اغسطس 2013 - 10:30`): the shapes
# normalize_date reads, each with an optional time after it. Every part is bounded (no nested
# repetition), so a long line costs one linear scan.
_TIME = r"(?:\s*[,،|\-–]?\s*(?:at\s+|(?:على\s+)?الساعة\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:ص|م|am|pm)\b)?)?"
_WORD = r"[^\W\d_]+"
# A weekday before the date belongs to it (`الأربعاء 28 آب 2013`).
_WEEKDAY_BEFORE = (
    r"(?:(?:يوم\s+)?(?:ال[أا]حد|ال[إا]ثنين|الثلاثاء|ال[أا]ربعاء|الخميس|الجمعة|السبت"
    r"|sunday|monday|tuesday|wednesday|thursday|friday|saturday)[,،]?\s+)?"
)
_DATE_IN_TEXT = re.compile(
    rf"(?<!\d){_WEEKDAY_BEFORE}(?:\d{{1,4}} ?[/.\-] ?\d{{1,2}} ?[/.\-] ?\d{{1,4}}{_TIME}"
    rf"|\d{{1,2}}\s+{_WORD}(?:\s+{_WORD})?(?:\s*[/\-–]\s*{_WORD}(?:\s+{_WORD})?|\s*\({_WORD}\))?[,،]?\s+\d{{4}}{_TIME}"
    rf"|[A-Za-z]{{3,9}}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}{_TIME})(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found inside a line: its ISO text and where it stands in the line."""

    iso: str
    start: int
    end: int


def search_date(text: str) -> DateMatch | None:
    """The first full date written inside ``text`` (a byline with a stamp), or None.

    Unlike :func:`parse_dateline`, the date may stand among other words
    (``كتب: سامي الحسن | 28 آب/اغسطس 2013 - 10:30``); callers use it only on lines that are
    bylines or datelines, never on prose, where a date is what the article talks about.
    """
    if len(text) > _MAX_SEARCH_CHARS:
        return None
    digits = text.translate(_DIGITS)  # same length: positions stay valid in ``text``
    for match in _DATE_IN_TEXT.finditer(digits):
        candidate = match.group().rstrip()
        date = _WEEKDAY.sub("", candidate.translate(_HAMZA_ALEF))
        iso = normalize_date(date) or normalize_date(_TIME_AT_END.sub("", date))
        if iso:
            return DateMatch(iso, match.start(), match.start() + len(candidate))
    return None


_MAX_SEARCH_CHARS = 400
_TIME_AT_END = re.compile(_TIME + "$", re.IGNORECASE)


def parse_date(value: str | None) -> _dt.date | None:
    """The calendar date of an ISO 8601 date or date-time (as :func:`normalize_date` writes
    them), or None when it is not one."""
    if not value:
        return None
    text = value.strip()
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _iso(moment: _dt.datetime) -> str:
    """ISO 8601 text of ``moment`` at second precision."""
    return moment.replace(microsecond=0).isoformat()


def _numeric_date(text: str) -> str | None:
    """ISO date of ``16/08/2025``-style text (year first or day first), or None."""
    match = _NUMERIC_DATE.match(text)
    if not match:
        return None
    first, second, third, hour, minute, half = match.groups()
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    elif len(third) == 4:
        # Arabic and European outlets write the day first; a US-style 08/16 is read as day 8,
        # month 16 and rejected below rather than guessed.
        year, month, day = int(third), int(second), int(first)
    else:
        return None
    return _build(year, month, day, hour, minute, half)


def _word_date(text: str) -> str | None:
    """ISO date of text with a month name (``16 أغسطس 2025``, ``Aug 16, 2025``), or None."""
    match = _WORD_DATE.match(_DOUBLE_MONTH.sub(r"\1", text))
    if not match:
        return None
    day1, month1, year1, month2, day2, year2, hour, minute, half = match.groups()
    day, month_name, year = (day1, month1, year1) if day1 else (day2, month2, year2)
    month_key = _SPACES.sub(" ", month_name.lower().translate(_HAMZA_ALEF).rstrip("."))
    month = _EN_MONTHS.get(month_key) or _AR_MONTHS.get(month_key)
    if month is None:
        return None
    return _build(int(year), month, int(day), hour, minute, half)


def _build(
    year: int, month: int, day: int, hour: str | None, minute: str | None, half: str | None
) -> str | None:
    """ISO text of the given parts, or None when they do not form a real date."""
    try:
        if hour is not None and minute is not None:
            hours = int(hour)
            if half and half.lower() in _AFTERNOON and hours < 12:
                hours += 12
            elif half and half.lower() in _MORNING and hours == 12:
                hours = 0
            return _iso(_dt.datetime(year, month, day, hours, int(minute)))
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None
