"""Sentence segmentation: ``CleanArticle -> Sentences``.

Arabic sentences end at ``.``, ``!``, ``?``, ``؟`` and ``…`` (also when no space follows, as
in ``نوح.و تعني``), at the end of a paragraph, list item or heading. A full stop does not end
a sentence inside a number (``3.5``, ``1.000``), after an abbreviation (``د.``, ``ج.م.ع``,
``U.S.``, ``Dr.``), inside a web address, or inside a short quotation or parenthesis
(``“… السلام.”``, ``«…»``, ``(ت. 1827)``).

Hard-wrapped text (newspaper columns, the EASC articles) breaks lines in the middle of
sentences. A line that does not end with sentence punctuation is joined to the next one
when the text looks wrapped: several such lines, of similar width. The joined sentence has
one space where the line break was; every other sentence is an exact substring of its block.

``split_long`` cuts a sentence that is too long for the translation model at clause
boundaries; the briefing still shows the sentence as one.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from briefing.types import Block, BlockKind, CleanArticle, Sentence, Sentences

__all__ = ["flatten_breaks", "segment", "segment_text", "split_long"]

_TERMINATORS = ".!?؟…"
_TERMINATOR_RUN = re.compile(r"[.!?؟…]+")
# Closing quotes and brackets that belong to the sentence they close: `قال: “نعم.”`
_CLOSERS = "”’»\"')]}›"
_OPENING_QUOTES = '“«"‘‹'
# Text kinds whose lines may be joined when hard-wrapped (headings, list items and table rows
# are units of their own).
_PROSE_KINDS = frozenset({"line", "paragraph", "quote"})
# Quotations and parentheses shorter than this are never split; longer ones (a whole speech
# in quotes, or a quote mark that is never closed) are split as ordinary text.
_MAX_QUOTE = 400
_MAX_PAREN = 200
# A straight quote opens only where a quotation can start (not after a full stop, not before a
# space) and closes only after a word: a stray closing quote (`ناجحة." وأضاف …`) would otherwise
# pair with the next opening one and hold every sentence between them in one.
_PROTECTED = re.compile(
    rf"“[^“”\n]{{1,{_MAX_QUOTE}}}”|«[^«»\n]{{1,{_MAX_QUOTE}}}»"
    rf"|(?<![.!?؟…])\"(?=\S)[^\"\n]{{1,{_MAX_QUOTE}}}(?<=\S)\""
    rf"|\([^()\n]{{1,{_MAX_PAREN}}}\)"
)
# Multi-letter abbreviations followed by a full stop (compared lower-cased, without the dot).
# Single letters (Arabic `د.` `م.` `ص.`, Latin initials `J.`) are handled by rule.
_ABBREVIATIONS = frozenset(
    {
        "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "col", "lt",
        "capt", "sgt", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "mt", "ave", "fig",
        "vol", "pp", "ed", "eds", "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ph", "op", "cit",
        # Arabic: `هـ` (hijri year), `إلخ`, `تلفـ` are written with a dot inside sentences.
        "هـ", "إلخ", "الخ", "تلفـ",
    }
)  # fmt: skip
# `1990 م.` and `1411 هـ.` (year markers) usually close the sentence they end.
_YEAR_MARKERS = frozenset({"م", "ه", "هـ"})
# A word before a full stop, with its harakat, tanween and shadda (combining marks are not
# `\w` in Python: without them `أيضًا.` looked like the one-letter word `ا.`).
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD_BEFORE = re.compile(rf"([^\W\d_]|[ـ{_MARKS}])+$")
_STRIP_MARKS = re.compile(f"[ـ{_MARKS}]")
# Latin letters spelled in Arabic script, as in the initials of `جون إف. كينيدي` or
# `جورج دبليو. بوش`: a full stop after one of them, inside a sentence, is an initial's.
_LATIN_LETTER_NAMES = frozenset(
    {
        "إيه", "ايه", "بي", "سي", "دي", "إي", "اي", "إف", "اف", "جي", "إتش", "اتش", "آي", "جاي", "جيه",
        "كيه", "كاي", "إل", "ال", "إم", "ام", "إن", "ان", "أو", "او", "كيو", "آر", "ار", "إس", "اس",
        "تي", "يو", "في", "دبليو", "إكس", "اكس", "واي", "زد", "زي",
    }
)  # fmt: skip
_DIGIT_BEFORE = re.compile(r"\d\s?$")
_LOOKBACK = 24  # longer "words" before a full stop are never abbreviations


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-blank line of a block: where it lies and its text without edge whitespace."""

    block: int
    start: int
    text: str
    joinable: bool = True
    """False when the line is followed by a paragraph break (blank line or non-prose block)."""


# --------------------------------------------------------------------------- public API


def segment(article: CleanArticle) -> Sentences:
    """Split a cleaned article into sentences, in document order.

    Headings become sentences of kind ``heading`` (never summary candidates); each list item
    and table row is its own sentence (or several, if it holds several); paragraphs and
    lines are split at sentence punctuation, and hard-wrapped lines are joined first.

    Args:
        article: The cleaned article.

    Returns:
        The sentences, numbered from 0 in document order. Each ``Sentence.text`` is an exact
        substring of the text of block ``Sentence.block``, except that a sentence running
        over a hard line wrap has a single space where the line break was.
    """
    found: list[tuple[str, int, BlockKind]] = []
    for run_kind, lines in _units(article.blocks):
        for unit in _join_wrapped(lines) if run_kind in _PROSE_KINDS else [[line] for line in lines]:
            text, starts = _unit_text(unit)
            pieces = [(text, 0)] if run_kind == "heading" else _split(text)
            for piece, offset in pieces:
                block = unit[bisect.bisect_right(starts, offset) - 1].block
                kind: BlockKind = "paragraph" if run_kind == "line" else run_kind
                found.append((piece, block, kind))
    sentences = tuple(
        Sentence(index=i, text=text, block=block, kind=kind) for i, (text, block, kind) in enumerate(found)
    )
    return Sentences(article=article, sentences=sentences)


def segment_text(text: str) -> list[str]:
    """Split raw text (paragraphs separated by blank lines, possibly hard-wrapped) into sentences.

    Args:
        text: Any text; line breaks inside a paragraph are treated as in :func:`segment`.

    Returns:
        The sentences in order, stripped. Each is a substring of ``text`` once every line
        break (with the spaces around it) is replaced by one space.
    """
    lines = list(_block_lines(text, 0, paragraph_breaks=True))
    out: list[str] = []
    for unit in _join_wrapped(lines):
        unit_text, _ = _unit_text(unit)
        out.extend(piece for piece, _ in _split(unit_text))
    return out


def split_long(text: str, max_tokens: int, count_tokens: Callable[[str], int]) -> list[str]:
    """Cut a sentence into pieces that each fit a translation model's input limit.

    Cuts are made, by preference, after clause punctuation (``، ؛ : , ;``), then before a
    word starting with the conjunction ``و``, then between words, and only as a last resort
    inside a word. Pieces are as long as the limit allows, so a sentence is cut as few times
    as possible.

    Args:
        text: The sentence.
        max_tokens: Largest token count a piece may have (at least 1).
        count_tokens: Counts a text's tokens the way the model does (or over-estimates).

    Returns:
        The pieces in order, stripped. Joined with single spaces they give ``text`` back, up
        to the whitespace at the cut points; nothing is dropped. A single character whose
        count exceeds ``max_tokens`` is returned as a piece of its own (it cannot be cut).

    Raises:
        ValueError: If ``max_tokens`` is less than 1.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    stripped = text.strip()
    if not stripped:
        return []
    if count_tokens(stripped) <= max_tokens:
        return [stripped]
    return [piece for piece in _split_level(stripped, 0, max_tokens, count_tokens) if piece]


# ------------------------------------------------------------------ lines and hard wraps


def _units(blocks: Sequence[Block]) -> Iterator[tuple[BlockKind, list[_Line]]]:
    """Group the lines of the blocks into runs of one kind; prose runs may span blocks."""
    run: list[_Line] = []
    for index, block in enumerate(blocks):
        if block.kind in _PROSE_KINDS:
            # A blank line inside a block is a paragraph break; a block boundary between two
            # prose blocks is not (a .txt reader gives one block per line).
            run.extend(_block_lines(block.text, index, paragraph_breaks=True))
            continue
        if run:
            yield "paragraph", _close(run)
            run = []
        lines = list(_block_lines(block.text, index, paragraph_breaks=False))
        if lines:
            yield block.kind, lines
    if run:
        yield "paragraph", _close(run)


def _close(run: list[_Line]) -> list[_Line]:
    """The run with its last line marked as ending the paragraph."""
    last = run[-1]
    return [*run[:-1], _Line(last.block, last.start, last.text, joinable=False)]


def _block_lines(text: str, block: int, *, paragraph_breaks: bool) -> Iterator[_Line]:
    """Non-blank lines of ``text``; with ``paragraph_breaks`` a blank line ends a paragraph."""
    pending: _Line | None = None
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            if pending is not None:
                yield pending
            lead = len(raw) - len(raw.lstrip())
            pending = _Line(block, pos + lead, stripped)
        elif pending is not None and paragraph_breaks:
            yield _Line(pending.block, pending.start, pending.text, joinable=False)
            pending = None
        pos += len(raw) + 1
    if pending is not None:
        yield pending


def _ends_sentence(line: str) -> bool:
    """True when a line ends with sentence (or list-introducing) punctuation."""
    tail = line.rstrip(_CLOSERS + " ")
    return not tail or tail[-1] in _TERMINATORS + ":"


def _join_wrapped(lines: list[_Line]) -> list[list[_Line]]:
    """Group lines into units: a hard-wrapped line is joined to the next one.

    The text counts as wrapped when at least two lines that do not end a sentence are wider
    than 60% of the typical (90th percentile) line width, and that width is a plausible column
    (at most 300 characters: one-paragraph-per-line text has longer lines). Headings and
    short lines stay units of their own.
    """
    if len(lines) < 2:
        return [[line] for line in lines]
    open_ids = {id(line) for line in _wrapped_lines(lines)} | {id(line) for line in _quote_intros(lines)}
    units: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        current.append(line)
        if id(line) not in open_ids:
            units.append(current)
            current = []
    if current:
        units.append(current)
    return units


def _wrapped_lines(lines: list[_Line]) -> list[_Line]:
    """The lines that a hard wrap broke (joined to the next one); none when the text is not wrapped."""
    widths = sorted(len(line.text) for line in lines)
    typical = widths[min(len(widths) - 1, int(0.9 * len(widths)))]
    floor = 0.6 * typical
    open_lines = [
        line
        for line in lines[:-1]
        if line.joinable and not _ends_sentence(line.text) and len(line.text) >= floor
    ]
    if typical > 300 or len(open_lines) < max(2, 0.3 * (len(lines) - 1)):
        return []
    # Lines of similar width are the mark of a wrapped column; a couple of long unpunctuated
    # lines among paragraphs of any length are more likely headlines.
    spread = statistics.pstdev(len(line.text) for line in open_lines)
    return open_lines if spread <= 0.25 * typical else []


def _quote_intros(lines: list[_Line]) -> list[_Line]:
    """Lines like `وأضاف:` that introduce the quotation on the next line: one sentence with it."""
    return [
        line
        for line, following in itertools.pairwise(lines)
        if line.joinable and line.text.endswith(":") and following.text[0] in _OPENING_QUOTES
    ]


def _unit_text(unit: list[_Line]) -> tuple[str, list[int]]:
    """The unit's lines joined by single spaces, and where each line starts in that text."""
    starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for line in unit:
        starts.append(pos)
        parts.append(line.text)
        pos += len(line.text) + 1
    return " ".join(parts), starts


# ------------------------------------------------------------------ splitting sentences


def _split(text: str) -> list[tuple[str, int]]:
    """Sentences of one unit of text as ``(sentence, offset)``; punctuation-only bits merged."""
    spans = _pieces(text, _sentence_ends(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # A bit without letters or digits (`!!`, a stray quote) joins its neighbour.
        if merged and not (_has_word(text[start:end]) and _has_word(text[merged[-1][0] : merged[-1][1]])):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [(text[start:end], start) for start, end in merged]


def _sentence_ends(text: str) -> list[int]:
    """Where sentences end in ``text``: after each boundary terminator run and its closers."""
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    cuts: list[int] = []
    for match in _TERMINATOR_RUN.finditer(text):
        start, end = match.span()
        if _inside(protected, start) or not _is_boundary(text, start, end):
            continue
        while end < len(text) and text[end] in _CLOSERS + _TERMINATORS:
            end += 1
        cuts.append(end)
    return cuts


def _pieces(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Spans of the non-blank pieces between ``cuts``, stripped of edge whitespace."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for cut in [*cuts, len(text)]:
        if cut <= begin:
            continue
        piece = text[begin:cut]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            spans.append((begin + lead, begin + lead + len(piece)))
        begin = cut
    return spans


def _has_word(text: str) -> bool:
    """True when ``text`` holds a letter (digits alone, as in `[1]` or `2.`, are not a sentence)."""
    return any(ch.isalpha() for ch in text)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """True when ``pos`` lies strictly inside one of the sorted, disjoint spans, before its closer."""
    found = bisect.bisect_left(spans, (pos, -1)) - 1
    return found >= 0 and spans[found][0] < pos < spans[found][1] - 1


def _is_boundary(text: str, start: int, end: int) -> bool:
    """Whether the terminator run ``text[start:end]`` ends a sentence."""
    if text[start:end] != ".":
        return True
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() and after.isdigit():  # 3.5, 1.000.000
        return False
    if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
        return False  # example.com, file.txt, U.S
    word = _word_before(text, start)
    return word is None or not _abbreviation_dot(text, word, end)


@dataclass(frozen=True, slots=True)
class _WordBefore:
    """The word before a full stop."""

    text: str
    """As written."""
    bare: str
    """Without tatweel and diacritics."""
    preceded: str
    """The character before it (a space at the start of the text)."""
    number_before: bool
    """A number comes right before it (`1990 م.`)."""


def _word_before(text: str, start: int) -> _WordBefore | None:
    """The word that ends at the full stop at ``start``, or None (no word, or one too long)."""
    # Look back over a short window only: a regex anchored at `start` but searched from 0
    # would rescan the whole unit for every full stop (quadratic on long paragraphs).
    window = max(0, start - _LOOKBACK)
    word_match = _WORD_BEFORE.search(text[window:start])
    if word_match is None or (word_match.start() == 0 and window > 0):
        return None
    word = word_match.group(0)
    word_start = window + word_match.start()
    return _WordBefore(
        text=word,
        bare=_STRIP_MARKS.sub("", word),
        preceded=text[word_start - 1] if word_start else " ",
        number_before=bool(_DIGIT_BEFORE.search(text[max(0, word_start - 2) : word_start])),
    )


def _abbreviation_dot(text: str, word: _WordBefore, end: int) -> bool:
    """True when the full stop after ``word`` marks an abbreviation, an initial or a handle."""
    if word.preceded == "@":
        return True
    if word.bare in _LATIN_LETTER_NAMES and not word.preceded.isalnum() and _word_follows(text, end):
        return True
    if len(word.bare) == 1 and not word.preceded.isalnum():
        return _initial_dot(text, word, end)
    if word.bare.lower() in _ABBREVIATIONS:
        return not (word.bare in _YEAR_MARKERS and word.number_before)
    return False


def _initial_dot(text: str, word: _WordBefore, end: int) -> bool:
    """A single letter with a dot: an initial or abbreviation (د. م. ص. ج.م.ع U.S. J.), except a
    year marker after a number (`عام 1990 م.`), which ends the sentence."""
    after_text = text[end : end + 3]
    chained = len(after_text) >= 2 and after_text[0].isalpha() and after_text[1] == "."
    return not (word.text in _YEAR_MARKERS and word.number_before and not chained)


def _word_follows(text: str, end: int) -> bool:
    """True when a word (not a closing mark or the end of the text) follows position ``end``."""
    rest = text[end : end + 2].lstrip()
    return bool(rest) and rest[0].isalpha()


# ----------------------------------------------------------------------- long sentences

# Cut points by preference: after clause punctuation, before a `و` conjunction, between words.
_CUTS = (
    re.compile(r"(?<=[،؛:,;])\s*"),
    re.compile(r"\s+(?=و\w)"),
    re.compile(r"\s+"),
)


def _split_level(text: str, level: int, max_tokens: int, count: Callable[[str], int]) -> list[str]:
    """Pieces of ``text`` that fit, cutting at ``level`` boundaries and finer ones if needed."""
    if count(text) <= max_tokens:
        return [text]
    if level == len(_CUTS):
        return _split_chars(text, max_tokens, count)
    spans = _segments(text, _CUTS[level])
    if len(spans) == 1:
        return _split_level(text, level + 1, max_tokens, count)
    pieces: list[str] = []
    current: tuple[int, int] | None = None
    for start, end in spans:
        if current is not None and count(text[current[0] : end].strip()) <= max_tokens:
            current = (current[0], end)
            continue
        if current is not None:
            pieces.append(text[current[0] : current[1]].strip())
        if count(text[start:end].strip()) <= max_tokens:
            current = (start, end)
        else:
            pieces.extend(_split_level(text[start:end].strip(), level + 1, max_tokens, count))
            current = None
    if current is not None:
        pieces.append(text[current[0] : current[1]].strip())
    return pieces


def _segments(text: str, cut: re.Pattern[str]) -> list[tuple[int, int]]:
    """Non-blank segments between ``cut`` points, as spans of ``text`` (so a piece is always a
    substring); cut points at either end of the text do not count."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in cut.finditer(text):
        if match.start() > 0 and match.end() < len(text):
            spans.append((begin, match.start()))
            begin = match.end()
    spans.append((begin, len(text)))
    return [(start, end) for start, end in spans if text[start:end].strip()]


def _split_chars(text: str, max_tokens: int, count: Callable[[str], int]) -> list[str]:
    """Last resort: cut inside a word, as late as the limit allows.

    The cut is found by doubling then bisecting the piece length (token counts grow with the
    text), so a long run without spaces costs a logarithmic number of counts per piece.
    """
    pieces: list[str] = []
    begin = 0
    while begin < len(text):
        good, step = begin + 1, 1  # a single character is always taken, fit or not
        while good + step <= len(text) and count(text[begin : good + step].strip()) <= max_tokens:
            good += step
            step *= 2
        low, high = good, min(len(text), good + step)  # text[begin:high] does not fit (or is all)
        while high - low > 1:
            middle = (low + high) // 2
            if count(text[begin:middle].strip()) <= max_tokens:
                low = middle
            else:
                high = middle
        if high == len(text) and count(text[begin:high].strip()) <= max_tokens:
            low = high
        pieces.append(text[begin:low].strip())
        begin = low
    return [piece for piece in pieces if piece]


def flatten_breaks(text: str) -> str:
    """``text`` with every line break (and the spaces around it) replaced by one space."""
    return re.sub(r"[^\S\n]*\n\s*", " ", text)
