"""The Markdown briefing: GitHub-flavoured tables, readable as plain text too.

Tables have a narrow reference column, English, then Arabic in a right-aligned column
(``---:``), the alignment GitHub, GitLab, pandoc and VS Code honour. Arabic text is wrapped in
Unicode isolates (RLI ... PDI) rather than HTML spans: invisible in plain text, and enough for
a renderer to end an Arabic sentence with its full stop on the left. Mixed-direction lines
(attribution, sources) isolate each field (FSI ... PDI), so an Arabic outlet cannot pull the day
of an English date. Only the characters Markdown would interpret are escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from briefing.compose import outline as o
from briefing.compose.checks import HEADING_CHECKS
from briefing.compose.checks import note as reason_note
from briefing.compose.labels import PDI, RLI, highlight_spans, isolate, isolate_ltr
from briefing.compose.links import link_target, markdown_target
from briefing.compose.marks import CITATION_LEGEND, flag_mark
from briefing.types import Briefing

# Markdown punctuation that means something in the middle of a line: emphasis, code, links,
# table cells. A lone "_" inside a word or "~" is left alone (GFM does not act on them), so
# plain text stays readable. "<" and "&" become entities so text never turns into HTML.
_MD_SPECIAL = re.compile(r"([\\`*\[\]|])")
_UNDERSCORE_EDGE = re.compile(r"(?<!\w)_|_(?!\w)")
_WHITESPACE = re.compile(r"\s+")


def escape_inline(text: str) -> str:
    """``text`` safe inside a Markdown paragraph or table cell: one line, nothing interpreted."""
    one_line = _WHITESPACE.sub(" ", text).strip()
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;")
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    return _UNDERSCORE_EDGE.sub(r"\\_", escaped)


def _escape_block_html(text: str) -> str:
    """``text`` inside an HTML block, where Markdown is not parsed: HTML escapes only."""
    return html.escape(_WHITESPACE.sub(" ", text).strip(), quote=True)


def _arabic_inline(text: str) -> str:
    """Arabic inside a table cell or English line: right-to-left isolate."""
    return f"{RLI}{escape_inline(text)}{PDI}"


def _field(text: str) -> str:
    return isolate(escape_inline(text))


def _arabic_block(text: str, *, strong: bool = False) -> str:
    inner = _escape_block_html(text)
    if strong:
        inner = f"<strong>{inner}</strong>"
    return f'<p dir="rtl" lang="ar">{inner}</p>'


def _source_link(number: int) -> str:
    return f"[\\[{number}\\]](#source-{number})"


def _cite(cite: o.Cite) -> str:
    """``\\[2:14\\]``: a citation as text (Markdown has no link to a table row)."""
    return cite.label.replace("[", "\\[").replace("]", "\\]")


def _highlighted(text: str, values: Sequence[str]) -> str:
    """``text`` escaped, each disputed value in bold (the spaces around it kept)."""
    pieces = highlight_spans(_WHITESPACE.sub(" ", text).strip(), values)
    return "".join(f"**{escape_inline(p)}**" if disputed else _escape_piece(p) for p, disputed in pieces)


def _escape_piece(text: str) -> str:
    """:func:`escape_inline` for part of a line: its leading and trailing spaces kept."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + escape_inline(text) + trail if text.strip() else (" " if text else "")


def _marks(flags: Sequence[str]) -> str:
    return "".join(f" {flag_mark(f)}" for f in flags)


def _reasons(reasons: Sequence[tuple[str, str]]) -> str:
    """The review's reasons under a row's English (nothing when there are none)."""
    return f"<br>*Check: {escape_inline(reason_note(reasons))}*" if reasons else ""


def _checks(outline: o.Outline) -> list[str]:
    """First page: how many translations to check, and where (linked), with the reasons."""
    checks = outline.checks
    if checks is None:
        return []
    lines = [f"**{HEADING_CHECKS}:** {escape_inline(checks.headline())}", ""]
    for entry in checks.entries:
        where = escape_inline(entry.where)
        if entry.article:
            where = f"[{where}](#article-{entry.article})"
        lines.append(f"- {where} — {escape_inline(reason_note(entry.reasons))}")
    if checks.more:
        lines.append(f"- … and {checks.more} more, marked in the text")
    return [*lines, ""] if checks.entries or checks.more else lines


def _attribution(source_fields: Iterable[o.Field]) -> str:
    parts = []
    for item in source_fields:
        href = link_target(item.href) if item.kind == "url" else None
        if href:
            parts.append(f"[{isolate_ltr(escape_inline(item.text))}]({markdown_target(href)})")
        elif item.kind == "url":
            parts.append(isolate_ltr(escape_inline(item.text)))
        elif item.kind == "missing":
            parts.append(f"*{_field(item.text)}*")
        else:
            parts.append(_field(item.text))
    return " · ".join(parts)


def _table(rows: list[list[str]]) -> list[str]:
    header = [*o.TABLE_HEADERS[:2], _arabic_inline(o.TABLE_HEADERS[2])]
    lines = ["| " + " | ".join(header) + " |", "|---|---|---:|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


# GitHub's anchors for the part headings (made from the heading text); articles and sources
# carry their own <a id> anchors.
_ANCHORS = {
    "sources": "sources",
    "skipped": "skipped-sources",
    "overview": "overview",
    "appendix": "appendix-input-files",
}


def _title(outline: o.Outline) -> list[str]:
    scope, generator = outline.title.meta_lines(escape_inline)
    return [f"# {escape_inline(outline.title.title)}", "", f"{scope}  ", generator, ""]


def _contents(outline: o.Outline) -> list[str]:
    lines = [f"## {o.HEADING_CONTENTS}", ""]
    for entry in outline.contents:
        if entry.part == "article":
            lines.append(
                f"- [{escape_inline(entry.heading)}](#article-{entry.number}) — "
                + _arabic_inline(entry.arabic or "")
            )
        else:
            lines.append(f"- [{entry.heading}](#{_ANCHORS[entry.part]})")
    return lines


def _legend(outline: o.Outline) -> list[str]:
    # Two trailing spaces end each legend line but the last inside the one quote block.
    lines = ["", f"> {escape_inline(CITATION_LEGEND)}  "]
    for i, entry in enumerate(outline.legend):
        end = "  " if i < len(outline.legend) - 1 else ""
        lines.append(f"> {entry.mark} {entry.line(escape_inline)}{end}")
    return lines


def _sources(outline: o.Outline) -> list[str]:
    lines = ["", f"## {o.HEADING_SOURCES}", ""]
    for source in outline.sources:
        details = _attribution(source.attribution)
        if source.copy_note:
            details += f" · *{escape_inline(source.copy_note)}*"
        lines += [
            f'<a id="source-{source.number}"></a>**\\[{source.number}\\]** '
            f"{escape_inline(source.english_title)}  ",
            f"{_arabic_inline(source.arabic_title)}  ",
            details,
            "",
        ]
    return lines


def _skipped(outline: o.Outline) -> list[str]:
    if not outline.skipped:
        return []
    lines = [f"## {o.HEADING_SKIPPED}", ""]
    lines += [f"- **{_field(s.source)}** — {escape_inline(s.reason)}" for s in outline.skipped]
    return [*lines, ""]


def _english(text: str | None) -> str:
    """An article sentence's English; the placeholder in italics when there is no translation."""
    return escape_inline(text) if text else f"*{o.NO_TRANSLATION}*"


def _point_rows(rows: Iterable[o.PointRow]) -> list[str]:
    table = []
    for row in rows:
        outlets = " · ".join(f"\\[{n}\\] {_field(name)}" for n, name in row.outlets)
        if row.single_source:
            outlets += f" · {o.SINGLE_SOURCE}"
        english = _highlighted(row.english, row.values) if row.english else f"*{o.NO_TRANSLATION}*"
        table.append(
            [
                " ".join(_cite(cite) for cite in row.cites),
                f"{english}{_marks(row.flags)} — *{o.SOURCES_NOTE}{outlets}*{_reasons(row.reasons)}",
                RLI + _highlighted(row.arabic, row.values) + PDI,
            ]
        )
    return [*_table(table), ""]


def _group(group: o.GroupSection) -> list[str]:
    refs = "".join(_source_link(i) for i in group.articles)
    level = "####" if group.several else "###"
    lines = [f"### {group.intro(refs)}" if group.several else group.intro(refs), ""]
    if group.headline is not None:
        lines += _point_rows([group.headline])
    if group.notes:
        lines += [*(f"- {escape_inline(n)}" for n in group.notes), ""]
    if group.key_points:
        lines += [f"{level} {o.HEADING_KEY_POINTS}", "", *_point_rows(group.key_points)]
    if group.differences:
        lines += [f"{level} {o.HEADING_DIFFERENCES}", ""]
        for difference in group.differences:
            label = f" — {difference.kind_label}" if difference.kind_label else ""
            lines += [f"**{escape_inline(difference.topic)}**{label}", "", *_point_rows(difference.rows)]
    for note in group.duplicates:
        lines += [note.sentence(_source_link), ""]
    if group.copy_extras:
        lines += [f"{level} {o.HEADING_COPY_EXTRAS}", "", *_point_rows(group.copy_extras)]
    return lines


def _overview(outline: o.Outline) -> list[str]:
    if outline.overview is None:
        return []
    lines = [f"## {o.HEADING_OVERVIEW}", ""]
    for group in outline.overview:
        lines += _group(group)
    if outline.single_stories:
        lines += [
            escape_inline(o.SINGLE_STORIES) + o.source_span(outline.single_stories, _source_link) + ".",
            "",
        ]
    return lines


def _article(article: o.ArticleSection) -> list[str]:
    attribution = (
        f"{_source_link(article.number)} {_attribution(article.attribution)} · {article.sentences_line}"
        + (f" · {escape_inline(article.also_published)}" if article.also_published else "")
    )
    rows = [
        [
            _cite(row.cite),
            _english(row.english) + _marks(row.flags) + _reasons(row.reasons),
            _arabic_inline(row.arabic),
        ]
        for row in article.rows
    ]
    return [
        f'<a id="article-{article.number}"></a>',
        "",
        f"### {escape_inline(article.heading)}{_marks(article.title_flags)}",
        "",
        *(
            [f"*Check the headline: {escape_inline(reason_note(article.title_reasons))}*", ""]
            if article.title_reasons
            else []
        ),
        _arabic_block(article.arabic_title, strong=True),
        "",
        attribution,
        "",
        *_table(rows),
        "",
    ]


def _articles(outline: o.Outline) -> list[str]:
    lines = [f"## {o.HEADING_ARTICLES}", ""]
    if outline.articles_note:
        lines += [outline.articles_note, ""]
    for article in outline.articles:
        lines += _article(article)
    return lines


def _appendix(outline: o.Outline) -> list[str]:
    if not outline.appendix:
        return []
    lines = [f"## {o.HEADING_APPENDIX}", ""]
    for entry in outline.appendix:
        facts = " · ".join(f"{label}: {_field(value)}" for label, value in entry.facts)
        lines.append(f"{entry.number}. {facts}")
    return [*lines, ""]


_PARTS = (_title, _checks, _contents, _legend, _sources, _skipped, _overview, _articles, _appendix)
"""The document's parts in reading order; each returns its lines (none when it has nothing)."""


def render_markdown(result: Briefing) -> str:
    """The briefing as a Markdown document (GitHub-flavoured tables, Arabic column right-aligned)."""
    outline = o.build_outline(result)
    lines = [line for part in _PARTS for line in part(outline)]
    return "\n".join(lines).rstrip("\n") + "\n"
