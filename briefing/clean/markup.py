"""Markup: Markdown and plain-text structure lines (headings, rules, quotes, list markers,
pipe tables), inline marks (links, images, emphasis, code, HTML tags), and tables flattened
into plain lines."""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.clean.characters import END_PUNCTUATION, SPACES, last_mark
from briefing.clean.items import Item
from briefing.types import BlockKind

Drop = Callable[[str, str], None]
"""Records a removed piece of text with the rule that removed it."""

_ATX = re.compile(r"(#{1,6})\s+")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_HR = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_BULLET = re.compile(r"^[-*+•●▪◦·‣∙○■□➢►✓✔–—]\s+")
_NUMBER = re.compile(r"^(?:\d{1,3}|[٠-٩]{1,3}|[a-zA-Z])[.)]\s+|^(?:\d{1,2}|[٠-٩]{1,2})\s*[-–]\s+(?=\D)")
_QUOTE = re.compile(r"^>\s?")
_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
# Inline patterns run over whole lines of any length, so each is written to stay linear: a
# run that a pattern scans stops at the pattern's own opener (`[^\[\]]`, `[^()]`, `[^<>]`),
# so no stretch of text is rescanned from every opener before it (100,000 `[` took minutes
# when link text was `[^\]]+`), and the text inside a pair of marks cannot hold the mark
# itself, so an unclosed `**` is given up at the next `**`, not at the end of the line.
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_LINK = re.compile(r"\[([^\[\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)|\[([^\[\]]+)\]\[[^\[\]]*\]")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_STRONG = re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*|__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__")
# `*` may follow a letter: Arabic attaches و/ف/ب to the next word (`و*ميل*`); `_` may not
# (snake_case names, URLs).
_EMPHASIS = re.compile(r"(?<!\*)\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)((?:[^~]|~(?!~))+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`]+)`")
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_GLUED_CELL = re.compile(r"[.!?؟”»)](?=[\u0621-\u064a])")

# ------------------------------------------------------------------ structure lines

_Structure = tuple[BlockKind, int, str]
"""A line's kind, heading level and text without its marker."""


def structure_line(
    text: str, previous: Item | None, *, markdown: bool, after_gap: bool, order: int, drop: Drop
) -> Item | None:
    """One txt/md line as an item (None when it is markup only).

    A Markdown setext underline retypes ``previous`` (the item before it) as a heading.
    """
    if (
        markdown
        and not after_gap
        and previous is not None
        and previous.kind == "line"
        and _SETEXT.match(text)
    ):
        previous.kind, previous.level = "heading", 1 if text.startswith("=") else 2
        return None
    if _HR.match(text) or _LINK_DEFINITION.match(text):
        drop(text, "markdown")
        return None
    if _is_pipe_row(text) and _PIPE_SEPARATOR.match(text):
        return None
    kind, level, text = _structure(text)
    text = inline_markup(text, markdown=markdown, drop=drop)
    if "\t" in text and kind != "line":
        text = text.replace("\t", " ")
    text = SPACES.sub(" ", text).strip()
    if not text:
        return None
    return Item(text, kind, level, lines=True, order=order)


def _is_pipe_row(text: str) -> bool:
    """A Markdown pipe-table line (``| a | b |``)."""
    return bool(_PIPE_ROW.match(text)) and text.count("|") >= 3


def _heading(text: str) -> _Structure | None:
    """An ATX heading (``## Title``)."""
    match = _ATX.match(text)
    if not match:
        return None
    # The optional closing `#`s are cut with string methods: in the pattern, `(.*?)(?:\s+#+)?`
    # rescanned a run of spaces from every position of it (quadratic).
    body = text[match.end() :].rstrip()
    unclosed = body.rstrip("#")
    if unclosed != body and (not unclosed or unclosed[-1].isspace()):
        body = unclosed.rstrip()
    return ("heading", len(match.group(1)), body)


def _table_row(text: str) -> _Structure | None:
    """A pipe-table row, its cells joined with `` | ``."""
    if not _is_pipe_row(text):
        return None
    return ("table_row", 0, " | ".join(cell.strip() for cell in text.strip("|").split("|") if cell.strip()))


def _quote(text: str) -> _Structure | None:
    """A ``>`` quote line."""
    match = _QUOTE.match(text)
    return ("quote", 0, text[match.end() :]) if match else None


def _list_item(text: str) -> _Structure | None:
    """A bulleted or numbered list item."""
    match = _BULLET.match(text) or _NUMBER.match(text)
    return ("list_item", 0, text[match.end() :]) if match else None


# Tried in this order; a line none of them takes is a plain line.
_STRUCTURES: tuple[Callable[[str], _Structure | None], ...] = (_heading, _table_row, _quote, _list_item)


def _structure(text: str) -> _Structure:
    """The kind of a txt/md line and its text without the structure marker."""
    for parse in _STRUCTURES:
        if (found := parse(text)) is not None:
            return found
    return "line", 0, text


def inline_markup(text: str, *, markdown: bool, drop: Drop) -> str:
    """``text`` without Markdown links, images, emphasis and code marks (images are dropped)."""
    for image in _IMAGE.finditer(text):
        drop(image.group(), "markdown-image")
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda match: match.group(1) or match.group(2), text)
    text = _AUTOLINK.sub("", text)
    text = _STRONG.sub(lambda match: match.group(1) or match.group(2), text)
    text = _STRIKE.sub(r"\1", text)
    if markdown:
        text = _EMPHASIS.sub(lambda match: match.group(1) or match.group(2), text)
        text = _CODE.sub(r"\1", text)
        text = _HTML_TAG.sub("", text)
    return text


# --------------------------------------------------------------------------- tables


def find_tables(items: list[Item]) -> None:
    """Mark flattened table rows in txt/md (tab-separated, glued cells, header + short rows)."""
    gaps = sum(item.gap_before for item in items)
    blank_separated = gaps >= 0.3 * max(len(items), 1)
    run: list[Item] = []
    for item in [*items, None]:
        if item is not None and item.lines and item.kind == "line" and (not run or not item.gap_before):
            run.append(item)
            continue
        _mark_table(run, blank_separated)
        run = [item] if item is not None and item.lines and item.kind == "line" else []


def _mark_table(run: list[Item], blank_separated: bool) -> None:
    """Turn the table part of a run of consecutive plain lines into ``table_row`` items."""
    if len(run) < 2 or _mark_tabbed(run) or _mark_glued(run):
        return
    if blank_separated and _header_and_short_rows(run):
        for item in run:
            item.kind = "table_row"
    for item in run:
        item.text = item.text.replace("\t", " ")


def _mark_tabbed(run: list[Item]) -> bool:
    """Mark tab-separated rows (at least two) with their cells joined by `` | ``."""
    tabbed = [item for item in run if "\t" in item.text.strip("\t")]
    if len(tabbed) < 2:
        return False
    for item in tabbed:
        item.kind = "table_row"
        item.text = " | ".join(cell.strip() for cell in item.text.split("\t") if cell.strip())
    return True


def _mark_glued(run: list[Item]) -> bool:
    """Mark rows whose cells are glued (``...انتهى.الجولة``; at least two), with a header above."""
    glued = [index for index, item in enumerate(run) if _GLUED_CELL.search(item.text)]
    if len(glued) < 2:
        return False
    first = glued[0]
    if first > 0 and _looks_like_header(run[first - 1].text):
        first -= 1
    for item in run[first : glued[-1] + 1]:
        item.kind = "table_row"
    return True


def _header_and_short_rows(run: list[Item]) -> bool:
    """Three lines or more: a header line, then rows of at most 20 words."""
    return (
        len(run) >= 3
        and _looks_like_header(run[0].text)
        and all(len(item.text.split()) <= 20 for item in run[1:])
    )


def _looks_like_header(text: str) -> bool:
    """A table header line: a few words, no sentence punctuation."""
    return len(text.split()) <= 8 and last_mark(text) not in END_PUNCTUATION
