"""Metadata helpers shared by the readers: field collection with provenance.

Dates are parsed by :mod:`briefing.text.dates`.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

from briefing.text.dates import normalize_date

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


# ---------------------------------------------------------------------- people

# Byline labels. Those of the first group may be followed by the name after a plain space
# (`كتبت أسماء نصار`, `By Sara Ali`); the others need a colon, a dash or a comma
# (`حوار: …`, `Author, …`: the visually hidden label of some international sites).
_FREE_LABELS = r"بقلم|كتب|كتبت|كتبه|by|written by|reporting by"
_COLON_LABELS = (
    r"إعداد|اعداد|تحرير|المحرر|الكاتب|الكاتبة|حوار|تقرير|متابعة|متابعه|ترجمة|مراسلة|مراسل|"
    r"author|authors|المؤلف"
)
_BYLINE = re.compile(
    rf"^(?:(?P<free>{_FREE_LABELS})\s*[:：\-–—]?\s+|(?:{_COLON_LABELS})\s*[:：\-–—,،]\s*)(?P<name>\S.*)$",
    re.IGNORECASE,
)
_ROLE_CREDIT = re.compile(r"^(?:role|الدور|المنصب|تصوير|photo|photograph)\s*[:：\-–—,،]\s*\S", re.IGNORECASE)
# A person's name is a few words of letters (initials with a dot allowed).
_NAME_PART = re.compile(r"^[^\W\d_][\w.'’\-]*$")
_NOT_A_NAME = re.compile(r"https?|www\.|@|\.(png|jpe?g|gif|svg|webp)\b|\blogo\b|\bcdn|;", re.IGNORECASE)
MAX_NAME_WORDS = 4
"""Most words in one person's name (`سامي عبد الله الحسن`); a longer phrase is a sentence."""
_MAX_NAMES = 4


def looks_like_person(name: str | None) -> bool:
    """True when ``name`` reads as one to four people's names (not a URL, a handle, a
    file name from image metadata, a user name, or a sentence)."""
    if not name or _NOT_A_NAME.search(name) or is_user_name(name):
        return False
    # Vowel marks (`نادية سَليم`) are letters' companions, not the letters the pattern asks for.
    name = _MARKS.sub("", name)
    people = [part.strip() for part in re.split(r"[,،]| and | & | و ", name) if part.strip()]
    if not 1 <= len(people) <= _MAX_NAMES:
        return False
    for person in people:
        words = person.split()
        if not 1 <= len(words) <= MAX_NAME_WORDS or not all(_NAME_PART.match(word) for word in words):
            return False
    return True


def is_user_name(name: str) -> bool:
    """True for a site's account name rather than a person's (``admin``, ``akhbarelyom``).

    People's names in Latin script are capitalised and Arabic has no case; one all-lowercase
    Latin word is the login a CMS shows when no byline was written.
    """
    name = name.strip()
    return bool(_USER_NAME.match(name))


_USER_NAME = re.compile(r"^[a-z][a-z0-9._\-]*$")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")


def byline_author(text: str) -> str | None:
    """The author named by a byline line (``بقلم: …``, ``كتبت أسماء نصار``, ``حوار: …``,
    ``Author, …``, ``By …``), or None when ``text`` is not one."""
    text = _SPACES.sub(" ", text).strip()
    match = _BYLINE.match(text)
    if match is None or (text[-1:] in ".!?؟" and not re.search(r"\b\w\.$", text)):
        return None  # a byline does not end like a sentence (an initial's dot aside)
    name = match.group("name").strip(" :-–—،,")
    if match.group("free") and len(name.split()) < 2 and not name.isascii():
        # `كتبت الصحيفة …` is a sentence; a free-label byline names a person in full.
        return None
    return name if looks_like_person(name) else None


def is_role_credit(text: str) -> bool:
    """True for a role or photo credit line (``Role, مراسلة الشؤون الاقتصادية``, ``تصوير: …``)."""
    return len(text.split()) <= 10 and bool(_ROLE_CREDIT.match(text.strip()))
