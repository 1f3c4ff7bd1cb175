"""Layout: hard-wrapped plain text (detecting the column and joining its lines), the title
line, plain-text subheadings and wrapped Markdown paragraphs."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.clean.characters import END_PUNCTUATION, ends_sentence, fold, last_mark
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


# ------------------------------------------------------- a headline glued to its lead

# Scrapers that flatten a page often put the headline and the lead on one line. The lead is
# found by its first word: a word that opens news leads and seldom stands inside a first
# sentence. LEAD_OPENERS are the folded first words of the leads of the ANT corpus
# (antcorpus/antcorpus.multisource.data: every 8th file from the 4th, 3,941 articles) that
# open a lead at least 4 times and make at least 60% of their uses in first lines; a
# dateline (`دبي، الإمارات (CNN)--`) opens a lead too. On the other ANT files (every 8th from
# the 8th, 3,940): 42.3% of glued headlines found exactly, 0.6% cut at a wrong word, 0.08% of
# untouched first lines (3) cut. `tests/benchmarks/glued_titles.py` derives and measures them.
LEAD_OPENERS = frozenset(
    {
    "ابدي", "اتفق", "اتفقت", "اتهم", "اتهمت", "احرز", "احرزت", "ادانت", "ارتفع", "ارتفعت", "استعاد",
    "استقبل", "اشاد", "اصدر", "اصدرت", "اطلقت", "اظهر", "اظهرت", "اعتبر", "اعتبرت", "اعتذرت", "اعترف",
    "اعرب", "اعربت", "اعلن", "اعلنت", "اغلقت", "افاد", "اقر", "اقرت", "اكد", "اكدت", "القت", "انتزع",
    "اهدي", "اوضح", "اوضحت", "اوقف", "اوقفت", "تاهل", "تراجعت", "تستعد", "تشهد", "تعكف", "تواصلت",
    "توج", "توقع", "حددت", "حذر", "حذرت", "حققت", "حملت", "خرج", "خلصت", "دافع", "دانت", "دعا", "دعت",
    "ذكرت", "ردت", "رفعت", "سجل", "سجلت", "شنت", "صرح", "طالبت", "عاد", "عبرت", "عزز", "قال", "قالت",
    "قدمت", "قررت", "قضت", "كشف", "كشفت", "كلف", "لقي", "نجح", "ندد", "نشرت", "نفت", "نفي", "هاجم",
    "هبطت", "يستضيف", "يسعي", "يواجه",
    }
)  # fmt: skip
_MIN_TITLE_WORDS = 3
_MAX_GLUED_TITLE_WORDS = 20
_MIN_LEAD_WORDS = 8
_DATELINE_LEAD = re.compile(r"^[^\s،,]+،(?:\s+[^\s،,()]+){0,4}\s*\([^()]{1,20}\)\s*[-–—]")


def _folded(words: str) -> frozenset[str]:
    """The folded forms of space-separated ``words``."""
    return frozenset(fold(word) for word in words.split())


# A headline has no comma and does not end on a word that needs more after it; it is no
# sentence of reporting (a verb of saying, a complement `أن`) and does not open like a lead.
_OPEN_ENDED = _folded(
    "بعدما عقب إثر لأن ما الذي التي الذين أن إن لكن لكنه لكنها بعد قبل في من على عن إلى مع حسب بحسب "
    "وقت حين عندما كما فيما بينما حيث وفق وفقا منذ خلال و أو ثم"
)
_SAYING = _folded("قال قالت وقال وقالت أكد أكدت أضاف أضافت أوضح أوضحت ذكر ذكرت أفاد أفادت صرح صرحت")
_COMPLEMENT = _folded("أن إن بأن وأن لأن")
# `هجوما قتل فيه …`: a verb followed by a pronoun that points back is a relative clause.
_RESUMPTIVE = _folded("فيه فيها خلاله خلالها له لها به بها عليه عليها منه منها عنه عنها إليه إليها")
_WORD = re.compile(r"\S+")
_QUOTES = "\"'«»“”()[]"


def glued_title(text: str) -> int | None:
    """Where the lead starts in a first line that begins with its headline, or None.

    ``هكذا تحالفت أحلام وإليسا ضد عاصي أعلنت إدارة البرنامج …``: the headline is the words
    before the first lead opener (:data:`LEAD_OPENERS`, or a dateline) when they read as a
    headline: 3-20 words, no comma or sentence end, no verb of saying or ``أن``, not ending
    on or opening with a word that asks for more, not opening like a lead; at least 8 words
    follow.
    """
    words = list(_WORD.finditer(text))
    keys = [fold(word.group()).strip(_QUOTES) for word in words]
    for k in range(_MIN_TITLE_WORDS, min(_MAX_GLUED_TITLE_WORDS, len(words) - _MIN_LEAD_WORDS) + 1):
        if keys[k] in LEAD_OPENERS or _DATELINE_LEAD.match(text[words[k].start() :]):
            return words[k].start() if _headline_before(words[:k], keys[: k + 2]) else None
    return None


def _headline_before(words: list[re.Match[str]], keys: list[str]) -> bool:
    """Whether ``words`` (before a lead opener; ``keys`` also hold the opener and the word after
    it) read as a headline rather than the start of a sentence."""
    prefix = keys[: len(words)]
    last = words[-1].group()
    return not (
        last[-1] in _NOT_TITLE_END + "-–—;؛"
        or any(mark in word.group() for word in words for mark in "،,")
        or any(word.group()[-1] in ".!?؟" and not word.group().endswith("..") for word in words[:-1])
        or prefix[-1] in _OPEN_ENDED
        or prefix[0] in LEAD_OPENERS
        or prefix[0] in _OPEN_ENDED  # `في خطوة مفاجئة أعلنت …`: an adverbial opening a lead
        or any(key in _SAYING or key in _COMPLEMENT for key in prefix)
        or (len(keys) > len(words) + 1 and keys[len(words) + 1] in _RESUMPTIVE)
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
