"""How values are written in every format: bidi isolation, URLs, dates, citations, highlights.

Formatting only: these helpers decide nothing about what a briefing shows (that is
:mod:`briefing.compose.outline`); they turn one value into the text every format prints.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from briefing.text.dates import parse_date
from briefing.types import TranslatedSummary

# Unicode bidi isolates (UAX #9, 6.3+). A metadata line mixes Arabic fields with an English
# date: without isolation the day "16" of "16 August 2025" after an Arabic outlet resolves as
# an Arabic number (rule W2) and jumps to the other side of the outlet. Each field wrapped in
# FSI...PDI is laid out on its own and counts as a neutral for its neighbours.
FSI = "\u2068"  # first strong isolate: direction from the field's first letter
LRI = "\u2066"  # left-to-right isolate: URLs, whose Arabic path must not reorder the host
RLI = "\u2067"  # right-to-left isolate: Arabic text inside an English line
PDI = "\u2069"  # pop directional isolate
BIDI_CONTROLS = FSI + LRI + RLI + PDI

_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def has_arabic(text: str) -> bool:
    """True when ``text`` holds an Arabic letter (it needs right-to-left treatment)."""
    return _ARABIC_LETTER.search(text) is not None


def starts_rtl(text: str) -> bool:
    """True when the first strong letter of ``text`` is right-to-left (the direction an FSI gives it).

    ``BBC News عربي`` starts left-to-right: drawn right-to-left it would read ``عربي BBC News``.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def isolate(text: str) -> str:
    """``text`` between FSI and PDI: laid out in its own direction, neutral to its neighbours."""
    return f"{FSI}{text}{PDI}"


def isolate_ltr(text: str) -> str:
    """``text`` between LRI and PDI (URLs and file paths, which are left-to-right even with Arabic)."""
    return f"{LRI}{text}{PDI}"


_ARABIC_RUN = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+"
    "(?:[ /\u060c\u061b\u2013-]+[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+)*"
)


def isolate_arabic_runs(text: str) -> str:
    """An English line with each run of Arabic words (``ألاسكا / أنكوريدج``) isolated right-to-left.

    Free text that names Arabic places or outlets (the overview's notes) would otherwise let the
    bidi algorithm pull the neighbouring ``[1]`` or ``;`` across the Arabic.
    """
    return _ARABIC_RUN.sub(lambda match: f"{RLI}{match.group()}{PDI}", text)


def strip_bidi(text: str) -> str:
    """``text`` without the isolate controls (for comparisons and plain search)."""
    return text.translate({ord(ch): None for ch in BIDI_CONTROLS})


# Long enough for a host plus the distinctive start of a slug; a readable URL on a narrow
# phone column or 8.5 cm table cell is at most about two lines of small print.
URL_DISPLAY_LIMIT = 60


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]")


def readable_url(url: str) -> str:
    """The whole URL as a reader reads it: the percent-escapes of letters decoded, nothing cut.

    ``https://x.example/%D8%A7%D9%84`` -> ``https://x.example/ال``. Pages write the same address
    both ways; shown one way, two sources' URLs can be compared. Escapes of delimiters
    (``%2F``, ``%3F``, ``%20``) and bytes that are not UTF-8 stay as written: decoding them
    would change the address.
    """
    return _ESCAPES.sub(_decode_escapes, url.strip())


def _decode_escapes(match: re.Match[str]) -> str:
    """A run of percent-escapes decoded when it spells letters (or unreserved characters)."""
    try:
        text = bytes.fromhex(match.group().replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return match.group()
    if all(not char.isascii() or _UNRESERVED.match(char) for char in text):
        return unicodedata.normalize("NFC", text)
    return match.group()


def display_url(url: str, *, limit: int = URL_DISPLAY_LIMIT) -> str:
    """A URL as a reader reads it: percent-escapes decoded, no scheme or ``www.``, shortened.

    ``https://www.x.example/%D8%A7...?id=7`` -> ``x.example/ا…?id=7`` (middle elided with
    ``…`` when longer than ``limit``). The link target stays the full URL.
    """
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme and parts.netloc:
        host = parts.netloc.removeprefix("www.")
        rest = parts.path + (f"?{parts.query}" if parts.query else "")
        text = host + (rest if rest != "/" else "")
    text = unicodedata.normalize("NFC", readable_url(text)).rstrip("/")
    if len(text) <= limit:
        return text
    head = max(limit * 2 // 3, 1)
    tail = max(limit - head - 1, 0)
    return text[:head].rstrip() + "…" + (text[-tail:] if tail else "")


def citation(article_id: int, sentence_index: int) -> str:
    """``[source:sentence]`` with the sentence counted from 1, as a reader counts."""
    return f"[{article_id}:{sentence_index + 1}]"


def source_refs(ids: Iterable[int]) -> str:
    """``[2][4][5]`` for a list of source numbers."""
    return "".join(f"[{i}]" for i in ids)


def format_date(value: str | None) -> str | None:
    """``16 August 2025`` for an ISO date; the original text when it is not one."""
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        return value.strip()
    return _long_date(parsed)


def _long_date(day: _dt.date) -> str:
    """``16 August 2025`` (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


def format_created(value: str) -> str:
    """``24 November 2026, 06:48`` for the build time (ISO 8601), with its zone when it has one.

    ``UTC`` for a zero offset, ``UTC+02:00`` otherwise; the text as given when it is not ISO 8601.
    """
    try:
        moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    text = f"{moment.day} {moment:%B %Y, %H:%M}"
    offset = moment.utcoffset()
    if offset is None:
        return text
    if not offset:
        return f"{text} UTC"
    zone = moment.strftime("%z")
    return f"{text} UTC{zone[:3]}:{zone[3:5]}"


def _first_and_last(articles: Sequence[TranslatedSummary]) -> tuple[_dt.date, _dt.date] | None:
    """The earliest and latest known publication dates of the articles, or None."""
    dates = sorted(d for d in (parse_date(a.source.published) for a in articles) if d is not None)
    return (dates[0], dates[-1]) if dates else None


def date_range(articles: Sequence[TranslatedSummary]) -> str | None:
    """Earliest to latest publication date of the articles, or None when none is known."""
    span = _first_and_last(articles)
    if span is None:
        return None
    first, last = span
    if first == last:
        return _long_date(first)
    return f"{_long_date(first)} – {_long_date(last)}"


def compact_date_range(articles: Sequence[TranslatedSummary]) -> str | None:
    """``7–16 August 2025``, ``30 July – 2 August 2025`` or one date; None when none is known."""
    span = _first_and_last(articles)
    if span is None or span[0] == span[1] or span[0].year != span[1].year:
        return date_range(articles)  # one date, or years apart: nothing to shorten
    first, last = span
    if first.month == last.month:
        return f"{first.day}–{_long_date(last)}"
    return f"{first.day} {first:%B} – {_long_date(last)}"


# Letters glued before an Arabic word (و ف ب ل ك and the article): a value written بالقاهرة
# in the text is still the word القاهرة.
_GLUED_BEFORE = re.compile(r"(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)")


def _whole_word(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is a whole word: no letter goes on after it, and before
    it only nothing or the letters Arabic glues to a word (``لا`` inside ``ولاية`` is not)."""
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return False
    begin = start
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        begin -= 1
    return begin == start or _GLUED_BEFORE.fullmatch(text[begin:start]) is not None


def highlight_spans(text: str, values: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_disputed_value)`` pieces, each value found marked.

    Longer values are matched first, so "3 hours" wins over "3"; only whole words are marked
    (``لا`` is not marked inside ``ولاية`` or ``الثلاثاء``, ``3`` not inside ``2023``); a value
    that does not occur in ``text`` (it is given in the other language) marks nothing.
    """
    wanted = sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True)
    if not text:
        return []
    if not wanted:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(v) for v in wanted))
    pieces: list[tuple[str, bool]] = []
    last = 0
    found = pattern.search(text)
    while found is not None:
        start = found.start()
        value = next(
            (v for v in wanted if text.startswith(v, start) and _whole_word(text, start, start + len(v))),
            None,
        )
        if value is None:
            found = pattern.search(text, start + 1)
            continue
        if start > last:
            pieces.append((text[last:start], False))
        pieces.append((value, True))
        last = start + len(value)
        found = pattern.search(text, last)
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces
