"""Layout: hard-wrapped plain text (detecting the column and joining its lines), the title
line, plain-text subheadings and wrapped Markdown paragraphs."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.clean.characters import END_PUNCTUATION, ends_sentence, last_mark
from briefing.clean.items import Item
from briefing.clean.rules import noise_alone

_MAX_HEADING_WORDS = 12
_MAX_TITLE_WORDS = 25
# A title does not end like a sentence or a lead-in (it may end with `!`, `؟` or `…`).
_NOT_TITLE_END = ".،,:;؛"
# A first line followed directly by the body is a title when at most this share of the next
# line's length (a headline over a paragraph); a hard-wrapped first line is about as long.
_TITLE_SHORTER = 0.75
# Hard-wrap detection (plain text). Columns are 60-80 characters in newspaper archives and
# PDF copies; a line at least this share of the column width is "full". Lines of text laid
# out one paragraph per line are far longer than any wrap width. Checked on the benchmark's
# wrapped layouts (EASC re-wrapped at 60/72/80 at run time, docs/notes/summaries-benchmark.md), not tuned
# on the samples: every layout reads the same sentences as the original.
_FULL_LINE = 0.6
_MAX_WRAP_WIDTH = 300
_MIN_OPEN_SHARE = 0.3  # share of lines that must be full and unpunctuated
_MAX_WIDTH_SPREAD = 0.25  # standard deviation of their widths, as a share of the column


@dataclass(frozen=True, slots=True)
class Layout:
    """How a plain-text file lays out its paragraphs."""

    wrapped: bool
    """Lines are broken at a fixed width inside paragraphs (newspaper columns, PDF copies)."""
    width: int
    """The column width: the 90th percentile of line lengths."""
    indented: bool
    """Paragraphs start with an indented line (and continuation lines are not indented)."""


UNWRAPPED = Layout(wrapped=False, width=0, indented=False)


def layout(items: Sequence[Item]) -> Layout:
    """The layout of the plain lines of a txt file, from line-length statistics.

    Wrapped: several lines without end punctuation are about as wide as the column (at
    least ``_FULL_LINE`` of it, with a small spread), and the column is narrow enough to be a
    wrap width (one-paragraph-per-line text has much longer lines). Indented: some but not
    all lines start with white space.
    """
    lines = [item for item in items if item.lines and item.kind == "line"]
    if len(lines) < 3:
        return UNWRAPPED
    widths = sorted(len(item.text) for item in lines)
    width = widths[min(len(widths) - 1, int(0.9 * len(widths)))]
    indents = sum(item.indented for item in lines)
    indented = 2 <= indents <= 0.8 * len(lines)
    open_widths = [
        len(item.text)
        for item in lines[:-1]
        if len(item.text) >= _FULL_LINE * width and not ends_sentence(item.text)
    ]
    wrapped = (
        width <= _MAX_WRAP_WIDTH
        and len(open_widths) >= max(2, _MIN_OPEN_SHARE * (len(lines) - 1))
        and statistics.pstdev(open_widths) <= _MAX_WIDTH_SPREAD * width
    )
    return Layout(wrapped=wrapped, width=width, indented=indented)


def join_hard_wraps(items: list[Item], layout: Layout) -> list[Item]:
    """Join the lines of hard-wrapped plain text into paragraphs (see :func:`layout`).

    A line continues the one before it when the text is wrapped, no blank line lies
    between them, the line before it is as wide as the column (or has no end
    punctuation) and, where paragraphs are marked by indentation, the line is not
    indented. A line that is noise on its own (a byline, a share prompt) is never joined.
    """
    if not layout.wrapped:
        return items
    joined: list[Item] = []
    paragraphs: list[Item] = []
    for item in items:
        if joined and _joins(joined[-1], item, layout):
            joined[-1].text = f"{joined[-1].text} {item.text}"
            paragraphs.append(joined[-1])
            continue
        joined.append(item)
    for item in paragraphs:
        # Joined lines are prose: not a table row, a subheading or a list.
        item.kind = "paragraph"
    return joined


def _joins(previous: Item, item: Item, layout: Layout) -> bool:
    """Whether plain line ``item`` is joined to ``previous`` in wrapped text."""
    return (
        previous.kind == item.kind == "line"
        and previous.lines
        and item.lines
        and not item.gap_before
        and _continues(previous.text, item, layout)
        and not noise_alone(item.text)
    )


def _continues(previous: str, item: Item, layout: Layout) -> bool:
    """Whether line ``item`` continues the paragraph whose last line is ``previous``."""
    full = len(previous) >= _FULL_LINE * layout.width
    ends = ends_sentence(previous)
    if layout.indented:
        # Indentation marks paragraph starts: an unindented line goes on, unless the line
        # before it is a short one that ends a sentence (then it is a line of its own: a
        # byline, a caption).
        return not item.indented and (full or not ends)
    return full and not ends


# ------------------------------------------------------------------------- title


def title_line(items: Sequence[Item], layout: Layout) -> bool:
    """Whether the first item is a headline line: short, not a sentence, followed by a body
    and (in wrapped text) set apart from it."""
    body = [item for item in items[1:] if item.kind != "heading"]
    return bool(
        items
        and body  # a one-sentence file (a wire flash) is an article, not a title
        and items[0].kind in ("line", "paragraph")
        and _looks_like_title(items[0].text)
        and (not items[0].lines or not layout.wrapped or _set_apart(items[0], items[1]))
    )


def _looks_like_title(text: str) -> bool:
    """A headline-like first line: short, and not a sentence (no full stop, comma or colon at the end)."""
    words = len(text.split())
    return words <= _MAX_TITLE_WORDS and last_mark(text) not in _NOT_TITLE_END


def _set_apart(first: Item, following: Item) -> bool:
    """In hard-wrapped text, the first line stands apart from the body: a blank line or an
    indented paragraph follows it, or it is much shorter than the line that follows."""
    return (
        following.gap_before
        or (following.indented and not first.indented)
        or len(first.text) <= _TITLE_SHORTER * len(following.text)
    )


# --------------------------------------------------------- subheadings, Markdown


def find_subheadings(items: list[Item]) -> None:
    """Mark short unpunctuated plain-text lines followed by text as ``heading`` items."""
    for item, following in itertools.pairwise(items):
        if (
            item.lines
            and item.kind == "line"
            and following.kind in ("line", "paragraph", "list_item", "table_row")
            and len(item.text.split()) <= _MAX_HEADING_WORDS
            and last_mark(item.text) not in END_PUNCTUATION
        ):
            item.kind, item.level = "heading", 2


def join_markdown_paragraphs(items: list[Item]) -> list[Item]:
    """Join hard-wrapped Markdown paragraph lines (no blank line, no end punctuation)."""
    joined: list[Item] = []
    for item in items:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == item.kind == "line"
            and not item.gap_before
            and last_mark(previous.text) not in END_PUNCTUATION
        ):
            previous.text = f"{previous.text} {item.text}"
            continue
        joined.append(item)
    return joined
