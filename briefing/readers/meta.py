"""Metadata helpers shared by the readers: field collection with provenance (dates: :mod:`briefing.dates`)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

from briefing.dates import normalize_date

__all__ = ["FIELDS", "MetadataBuilder", "clean_value", "normalize_date"]

log = logging.getLogger(__name__)

FIELDS = ("title", "outlet", "author", "published", "url")
"""The attribution fields a reader may fill (the ``SourceRef`` metadata)."""

_SPACES = re.compile(r"\s+")


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
