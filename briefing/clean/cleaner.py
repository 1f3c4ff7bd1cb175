"""Clean: ``Article -> CleanArticle``.

Removes what is not the article: Markdown markup (headings become ``heading`` blocks, list
markers go and list items become ``list_item`` blocks), scrape noise (share prompts,
comment counters and forms, reader comments, copyright and e-mail lines, "read also"
links, follow/subscribe/newsletter/cookie text, breadcrumbs, tags, adverts, captions),
bylines and datelines (kept as metadata), repeated headline lines, and invisible
characters (zero-width and bidi controls, tatweel; Arabic presentation forms are mapped
to ordinary letters with NFKC). Flattened tables become ``table_row`` blocks.

Every removed line is recorded as :class:`~briefing.types.Dropped` with the rule that
removed it (``briefing inspect`` and ``-v`` show them). The text that stays is the
source's own, character for character apart from the invisible characters above.

Noise is recognised on short lines only (each rule has a word limit), so a real
sentence that merely mentions "subscribe" or "copyright" is never dropped. Patterns are
matched against a folded copy of the line (hamza, alef and taa marbuta variants unified,
diacritics removed), so one pattern covers the spellings outlets use.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.clean import layout as _layout
from briefing.clean.characters import (
    END_PUNCTUATION,
    INVISIBLE,
    SPACES,
    TERMINATORS,
    clean_text,
    fold,
    last_mark,
)
from briefing.clean.items import Item
from briefing.clean.markup import ENTITY, find_tables, structure_line
from briefing.clean.rules import (
    AGENCY_LINE,
    AGENCY_PREFIX,
    AGENCY_SUFFIX,
    MAX_BYLINE_WORDS,
    MAX_EMAIL_LINE_WORDS,
    PROTECTED_EMAIL,
    RULES,
    UPDATED,
    comment_signs,
    copyright_outlet,
    has_email,
    line_rule,
)
from briefing.errors import EmptyArticleError
from briefing.ingest.readers.meta import MetadataBuilder, byline_author, is_role_credit
from briefing.text.dates import parse_dateline, search_date
from briefing.types import Article, Block, BlockKind, CleanArticle, Dropped, SourceRef

__all__ = ["RULES", "clean", "clean_text"]

log = logging.getLogger(__name__)

# A comment counter/form opens the comment section only this far into the page; one near
# the top ("3 تعليقات" under the headline) is just a counter.
_COMMENTS_AFTER = 0.5
_PROSE = ("line", "paragraph")
_SCRAPED_TEXT = ("txt", "md", "text")  # plain text and articles given as text, not pages
_MAX_DATELINE_WORDS = 10
_MAX_STAMP_WORDS = 8  # `الأربعاء 28 آب/اغسطس 2013 - 10:30 م` after a byline


class _Cleaner:
    """One article's passes, with the lines they dropped and the metadata they found."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.source = article.source
        self.markdown = article.source.format == "md"
        self.dropped: list[tuple[int, Dropped]] = []
        self.position = 0
        """Index of the input block being looked at (orders the dropped lines)."""
        self.meta = MetadataBuilder()
        self.title: str | None = article.source.title
        self.title_origin: str | None = None
        self.layout = _layout.UNWRAPPED

    def drop(self, item: Item | str, rule: str) -> None:
        """Record ``item`` (or text of the block being looked at) as dropped by ``rule``."""
        text, order = (item, self.position) if isinstance(item, str) else (item.text, item.order)
        if text:
            self.dropped.append((order, Dropped(text, rule)))

    # -- passes ---------------------------------------------------------------

    def run(self) -> CleanArticle:
        """Run the passes in order and build the cleaned article."""
        items = self.structure(self.article.blocks)
        if not self.markdown:
            self.layout = _layout.layout(items)
            items = _layout.join_hard_wraps(items, self.layout)
        items = self.remove_noise(items)
        items = self.remove_reader_comments(items)
        find_tables(items)
        items = self.take_title(items)
        items = self.remove_repeats(items)
        if self.markdown:
            items = _layout.join_markdown_paragraphs(items)
        else:
            _layout.find_subheadings(items)
        blocks = tuple(
            Block(item.text, "paragraph" if item.kind == "line" else item.kind, item.level) for item in items
        )
        dropped = tuple(record for _, record in sorted(self.dropped, key=lambda pair: pair[0]))
        for record in dropped:  # `-v` shows what was removed, `briefing inspect` lists it
            log.info("%s: dropped [%s] %s", self.source.path, record.rule, record.text)
        if not any(block.kind != "heading" for block in blocks):
            rules = sorted({record.rule for record in dropped})
            detail = f" ({len(self.dropped)} lines dropped: {', '.join(rules)})" if rules else ""
            raise EmptyArticleError(
                f"{self.source.path}: no article text left after cleaning{detail}; "
                "check that the file holds the article itself (`briefing inspect` shows what was dropped)"
            )
        return CleanArticle(source=self.updated_source(), title=self.title, blocks=blocks, dropped=dropped)

    def structure(self, blocks: Sequence[Block]) -> list[Item]:
        """Clean characters and turn Markdown/plain-text structure into typed items."""
        items: list[Item] = []
        gap = False
        for self.position, block in enumerate(blocks):
            if block.kind != "line":
                # Typed blocks (HTML, DOCX) are one unit each: any inner line break is a space.
                text = " ".join(clean_text(block.text).split())
                if text:
                    items.append(Item(text, block.kind, block.level, order=self.position))
                continue
            for raw in block.text.splitlines() or [""]:
                indented = INVISIBLE.sub("", raw)[:1].isspace()
                text = clean_text(raw)
                if ENTITY.search(text):
                    text = clean_text(html.unescape(text))
                if not text.strip():
                    gap = True
                    continue
                item = structure_line(
                    text.strip(),
                    items[-1] if items else None,
                    markdown=self.markdown,
                    after_gap=gap,
                    order=self.position,
                    drop=self.drop,
                )
                if item is not None:
                    item.gap_before, item.indented = gap, indented
                    items.append(item)
                gap = False
        return items

    def remove_noise(self, items: list[Item]) -> list[Item]:
        """Drop noise lines; record bylines and datelines as metadata.

        A comment counter or form in the last part of the article opens the comment
        section: every line after it is a reader comment.
        """
        kept: list[Item] = []
        skip_next_link = False
        in_comments = False
        for index, item in enumerate(items):
            if skip_next_link:
                skip_next_link = False
                if len(item.text.split()) <= 15 and item.text[-1] not in END_PUNCTUATION:
                    self.drop(item, "read-also")
                    continue
            rule = self.noise_rule(item)
            if rule is None:
                if in_comments:
                    self.drop(item, "reader-comments")
                else:
                    kept.append(item)
                continue
            self.drop(item, rule)
            if rule == "copyright" and (outlet := copyright_outlet(item.text)):
                self.meta.add("outlet", outlet, "copyright-line")
            elif rule == "read-also" and re.search(r"[:：\-–]\s*$", item.text):
                skip_next_link = True
            elif rule in ("comment-counter", "comment-form") and index >= _COMMENTS_AFTER * len(items):
                in_comments = True
        return kept

    def strip_agency_credit(self, item: Item) -> None:
        """Remove an agency credit at the start or end of a paragraph (kept as the author)."""
        for pattern in (AGENCY_PREFIX, AGENCY_SUFFIX):
            match = pattern.search(item.text)
            if match and match.end() - match.start() < len(item.text):
                self.drop(match.group().strip(), "agency")
                self.meta.add("author", match.group("agency"), "agency-credit")
                item.text = (item.text[: match.start()] + item.text[match.end() :]).strip()

    def noise_rule(self, item: Item) -> str | None:
        """Name of the rule that makes ``item`` noise, or None (may edit e-mail artifacts).

        The rules after the line patterns look at the line as it was before its e-mail
        artifacts were removed.
        """
        if item.kind in _PROSE:
            self.strip_agency_credit(item)
        line = _Line.of(item.text)
        if not any(char.isalpha() for char in line.text):
            return (self.dateline(line) if line.words <= _MAX_DATELINE_WORDS else None) or "no-text"
        if rule := line_rule(line.folded, line.words):
            return rule
        if has_email(line.text):
            if line.words <= MAX_EMAIL_LINE_WORDS:
                return "email"
            self.remove_email_artifacts(item)
        for check in (self.credit_rule, self.agency_rule, self.fragment_rule, self.dateline_rule):
            if rule := check(item.kind, line):
                return rule
        return None

    def remove_email_artifacts(self, item: Item) -> None:
        """Drop the "[email protected]" artifacts inside a sentence, keeping the sentence."""
        for artifact in PROTECTED_EMAIL.finditer(item.text):
            self.drop(artifact.group(), "email")
        item.text = SPACES.sub(" ", PROTECTED_EMAIL.sub("", item.text)).strip()

    def credit_rule(self, kind: BlockKind, line: _Line) -> str | None:
        """``byline`` (recording the author) or ``credit`` for a short prose line or list item
        (pages list the byline's label pairs, ``Author, …`` and ``Role, …``, as list items)."""
        if kind not in (*_PROSE, "list_item") or line.words > MAX_BYLINE_WORDS + _MAX_STAMP_WORDS:
            return None
        if line.words <= MAX_BYLINE_WORDS and (author := byline_author(line.text)):
            self.meta.add("author", author, "byline")
            return "byline"
        # `كتب: سامي الحسن | 12 جويلية 2019 - 10:30`: a byline with its date-time stamp.
        stamp = search_date(line.text)
        rest = f"{line.text[: stamp.start]} {line.text[stamp.end :]}".strip(" |-–—,،") if stamp else ""
        if stamp and len(rest.split()) <= MAX_BYLINE_WORDS and (author := byline_author(rest)):
            self.meta.add("author", author, "byline")
            self.meta.add("published", stamp.iso, "byline")
            return "byline"
        return "credit" if line.words <= MAX_BYLINE_WORDS and is_role_credit(line.text) else None

    def agency_rule(self, kind: BlockKind, line: _Line) -> str | None:
        """``agency`` for a line that is only a news agency's name (recorded as the author)."""
        if match := AGENCY_LINE.match(line.folded):
            self.meta.add("author", line.text[match.start("agency") : match.end("agency")], "agency-credit")
            return "agency"
        return None

    def fragment_rule(self, kind: BlockKind, line: _Line) -> str | None:
        """``fragment`` for a word or two in a paragraph of its own on a web page (a button, a label)."""
        web_paragraph = self.source.format == "html" and kind == "paragraph"
        if web_paragraph and line.words <= 2 and last_mark(line.text) not in TERMINATORS:
            return "fragment"
        return None

    def dateline_rule(self, kind: BlockKind, line: _Line) -> str | None:
        """``dateline`` for a short prose line that is a date line."""
        return self.dateline(line) if kind in _PROSE and line.words <= _MAX_DATELINE_WORDS else None

    def dateline(self, line: _Line) -> str | None:
        """``dateline`` when ``line`` is a date line (recording the publication date), else None.

        An "updated" line is dropped without being recorded: it is not the publication date.
        """
        if updated := UPDATED.match(line.folded):
            return "dateline" if parse_dateline(line.text[updated.start("date") :]) else None
        published = parse_dateline(line.text)
        if published:
            self.meta.add("published", published, "dateline")
            return "dateline"
        return None

    def remove_reader_comments(self, items: list[Item]) -> list[Item]:
        """Drop reader comments written informally at the end of the article, with no section marker."""
        content = [index for index, item in enumerate(items) if item.kind != "heading"]
        if len(content) < 3:
            return items
        end = _comment_tail(items)
        if end is None:
            return items
        for item in items[end:]:
            self.drop(item, "reader-comments")
        return items[:end]

    def take_title(self, items: list[Item]) -> list[Item]:
        """Set the title (metadata, else first heading, else first short line) and drop its line."""
        if self.title is not None:
            return items
        for index, item in enumerate(items[:3]):
            if item.kind == "heading":
                self.title, self.title_origin = item.text, "first-heading"
                self.drop(item, "title")
                return items[:index] + items[index + 1 :]
        if _layout.title_line(items, self.layout):
            self.title, self.title_origin = items[0].text, "first-line"
            self.drop(items[0], "title")
            return items[1:]
        if items and items[0].kind in _PROSE and self.source.format in _SCRAPED_TEXT:
            # A scraped file's headline glued to its lead on the first line.
            first = items[0]
            start = _layout.glued_title(first.text)
            if start is not None:
                self.title, self.title_origin = first.text[:start].strip(), "first-line-headline"
                self.dropped.append((first.order, Dropped(self.title, "title")))
                first.text = first.text[start:]
        return items

    def remove_repeats(self, items: list[Item]) -> list[Item]:
        """Drop lines repeating the headline, and paragraphs repeated word for word."""
        title_key = _key(self.title) if self.title else None
        seen: set[str] = set()
        kept = []
        for index, item in enumerate(items):
            key = _key(item.text)
            if title_key and (
                key == title_key or (index < 3 and item.kind == "heading" and _similar(key, title_key))
            ):
                self.drop(item, "repeated-headline")
                continue
            if item.kind not in ("heading", "table_row") and len(key) > 20 and key in seen:
                self.drop(item, "duplicate")
                continue
            seen.add(key)
            kept.append(item)
        return kept

    def updated_source(self) -> SourceRef:
        """The SourceRef with title, author and date found in the text (when it had none)."""
        source = self.source
        changes: dict[str, str] = {}
        provenance = list(source.provenance)
        if source.title is None and self.title is not None and self.title_origin:
            changes["title"] = self.title
            provenance.append(("title", self.title_origin))
        for field_name in ("outlet", "author", "published"):
            if getattr(source, field_name) is None and field_name in self.meta.values:
                changes[field_name] = self.meta.values[field_name]
                provenance.append((field_name, self.meta.origins[field_name]))
        if not changes:
            return source
        return dataclasses.replace(source, **changes, provenance=tuple(provenance))


@dataclass(frozen=True, slots=True)
class _Line:
    """A line as the noise rules see it: its text, folded copy and word count."""

    text: str
    folded: str
    words: int

    @classmethod
    def of(cls, text: str) -> _Line:
        """The line ``text`` with its folded copy and word count."""
        return cls(text, fold(text), len(text.split()))


def _comment_tail(items: Sequence[Item]) -> int | None:
    """Where an informal tail of reader comments starts, or None.

    The tail is the run of prose lines at the end that each show a sign of informal writing;
    it counts when one line shows two signs, at least two content lines stay before it, and it
    is at most a third of the article (or three lines).
    """
    end = len(items)
    strong = False
    while end > 0 and items[end - 1].kind in ("line", "paragraph", "quote"):
        signs = comment_signs(items[end - 1].text)
        if signs == 0:
            break
        strong = strong or signs >= 2
        end -= 1
    remaining = sum(1 for item in items[:end] if item.kind != "heading")
    if strong and end < len(items) and remaining >= 2 and len(items) - end <= max(3, len(items) // 3):
        return end
    return None


_KEY_DROP = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """Comparison key: folded letters and digits only."""
    return _KEY_DROP.sub("", fold(text)).lower()


def _similar(key: str, title_key: str) -> bool:
    """One key starts with the other and covers most of it (headline vs. shortened og:title)."""
    short, long = sorted((key, title_key), key=len)
    return bool(short) and long.startswith(short) and len(short) >= 0.6 * len(long)


def clean(article: Article) -> CleanArticle:
    """Remove markup, scrape noise and invisible characters from an article.

    The returned :class:`~briefing.types.CleanArticle` carries the title (metadata, else
    the first heading, else a short first line), the cleaned blocks (``paragraph``,
    ``heading``, ``list_item``, ``table_row``, ``quote``) and every dropped line with its
    rule (see :data:`RULES`). Its ``source`` gains the title, outlet (copyright line),
    author (byline) and publication date (dateline) found in the text when the metadata
    had none, with provenance ``first-heading``/``first-line``/``copyright-line``/
    ``byline``/``dateline``.

    Args:
        article: The output of :func:`briefing.ingest.read.ingest`.

    Returns:
        The cleaned article.

    Raises:
        EmptyArticleError: Nothing but noise (or headings) is left.
    """
    return _Cleaner(article).run()
