"""Metadata helpers shared by the readers: field collection with provenance, dates."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

log = logging.getLogger(__name__)

FIELDS = ("title", "outlet", "author", "published", "url")
"""The attribution fields a reader may fill (the ``SourceRef`` metadata)."""

_SPACES = re.compile(r"\s+")

# Gregorian month names as Arabic outlets write them: Egyptian/Gulf transliterations and
# the Levantine/Iraqi Syriac names. Keys are compared after removing hamza variants.
_AR_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
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
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2}))?$")
_WORD_DATE = re.compile(
    r"^(?:[^\d\s,]+,?\s+)?(?:(\d{1,2})\s+([^\d\s,]+(?:\s+[^\d\s,]+)?),?\s+(\d{4})"
    r"|([^\d\s,]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))"
    r"(?:\s*[,،]?\s*(?:at\s+|الساعة\s+)?(\d{1,2}):(\d{2}))?$",
    re.IGNORECASE,
)


def clean_value(value: object) -> str | None:
    """A metadata value as one trimmed line of text, or ``None`` when empty or not a scalar."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    value = _SPACES.sub(" ", value).strip()
    return value or None


def normalize_date(value: object) -> str | None:
    """Return ``value`` as an ISO 8601 date or date-time, or ``None`` if it is not a date.

    Accepts ISO 8601 (``2025-08-16``, ``2025-08-16T10:00:00Z``), RFC 2822 (feeds, e-mail),
    day-first numeric dates (``16/08/2025``, as Arabic outlets write them), and dates with
    English or Arabic month names (``16 أغسطس 2025``, ``August 16, 2025``), in Arabic-Indic
    or ASCII digits. A date-time keeps its time zone when it has one.
    """
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    text = clean_value(value)
    if text is None or len(text) > 80:
        return None
    text = text.translate(_DIGITS)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
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


def _iso(moment: datetime) -> str:
    """ISO 8601 text of ``moment`` at second precision."""
    return moment.replace(microsecond=0).isoformat()


def _numeric_date(text: str) -> str | None:
    """ISO date of ``16/08/2025``-style text (year first or day first), or None."""
    match = _NUMERIC_DATE.match(text)
    if not match:
        return None
    first, second, third, hour, minute = match.groups()
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    elif len(third) == 4:
        # Arabic and European outlets write the day first; a US-style 08/16 is read as day 8,
        # month 16 and rejected below rather than guessed.
        year, month, day = int(third), int(second), int(first)
    else:
        return None
    return _build(year, month, day, hour, minute)


def _word_date(text: str) -> str | None:
    """ISO date of text with a month name (``16 أغسطس 2025``, ``Aug 16, 2025``), or None."""
    match = _WORD_DATE.match(text)
    if not match:
        return None
    day1, month1, year1, month2, day2, year2, hour, minute = match.groups()
    day, month_name, year = (day1, month1, year1) if day1 else (day2, month2, year2)
    month_key = month_name.lower().translate(_HAMZA_ALEF).rstrip(".")
    month_key = re.sub(r"\s+", " ", month_key)
    month = _EN_MONTHS.get(month_key) or _AR_MONTHS.get(month_key)
    if month is None:
        return None
    return _build(int(year), month, int(day), hour, minute)


def _build(year: int, month: int, day: int, hour: str | None, minute: str | None) -> str | None:
    """ISO text of the given parts, or None when they do not form a real date."""
    try:
        if hour is not None and minute is not None:
            return _iso(datetime(year, month, day, int(hour), int(minute)))
        return date(year, month, day).isoformat()
    except ValueError:
        return None


class MetadataBuilder:
    """Collects metadata fields from several origins; the first value set for a field wins.

    Readers call :meth:`add` from the most to the least trusted origin, so precedence is
    simply the order of the calls.
    """

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.origins: dict[str, str] = {}
        self.notes: dict[str, str] = {}

    def note(self, key: str, origin: str) -> None:
        """Record where a non-attribution fact came from (e.g. ``("encoding", "bom")``)."""
        self.notes[key] = origin

    def add(self, field: str, value: object, origin: str) -> bool:
        """Set ``field`` from ``origin`` unless already set; return True if it was used."""
        if field not in FIELDS:
            raise ValueError(f"unknown metadata field {field!r}; expected one of {', '.join(FIELDS)}")
        if field in self.values:
            return False
        text = normalize_date(value) if field == "published" else clean_value(value)
        if text is None:
            if field == "published" and clean_value(value):
                log.warning("ignoring %s date %r: not a date briefing can read", origin, value)
            return False
        self.values[field] = text
        self.origins[field] = origin
        return True

    def provenance(self) -> tuple[tuple[str, str], ...]:
        """``(field, origin)`` pairs in the order of :data:`FIELDS`, then the notes."""
        fields = tuple((field, self.origins[field]) for field in FIELDS if field in self.origins)
        return fields + tuple(self.notes.items())
