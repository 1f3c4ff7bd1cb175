"""The Markdown briefing: GitHub-flavoured tables, English left and Arabic right.

Arabic is wrapped in ``<span dir="rtl" lang="ar">`` (table cells) or ``<p dir="rtl" lang="ar">``
(headlines): without an explicit direction, a renderer lays an Arabic sentence out in a
left-to-right context and moves its final full stop and quotation marks to the wrong end.
GitHub, GitLab, pandoc and VS Code keep these attributes. Every piece of text is escaped
twice over, for Markdown and for the inline HTML around it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from briefing.compose import _common as c
from briefing.result import BriefingResult
from briefing.types import EventGroup, KeyPoint, OverviewVersion, TranslatedSummary

# Markdown punctuation that means something in the middle of a line: emphasis, code, links,
# table cells, strike-through (& < > become HTML entities). Line-start syntax (#, -, 1.) needs
# no escape: every line written here starts with briefing's own markup.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_WHITESPACE = re.compile(r"\s+")


def escape_inline(text: str) -> str:
    """``text`` safe inside a Markdown paragraph or table cell: one line, nothing interpreted."""
    one_line = _WHITESPACE.sub(" ", text).strip()
    escaped = html.escape(one_line, quote=False)  # & < > first: they are not Markdown escapes
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def _escape_block_html(text: str) -> str:
    """``text`` inside an HTML block, where Markdown is not parsed: HTML escapes only."""
    return html.escape(_WHITESPACE.sub(" ", text).strip(), quote=True)


def _arabic_inline(text: str) -> str:
    return f'<span dir="rtl" lang="ar">{escape_inline(text)}</span>'


def _arabic_block(text: str, *, strong: bool = False) -> str:
    inner = _escape_block_html(text)
    if strong:
        inner = f"<strong>{inner}</strong>"
    return f'<p dir="rtl" lang="ar">{inner}</p>'


def _source_link(number: int, text: str | None = None) -> str:
    label = escape_inline(text if text is not None else f"[{number}]")
    return f"[{label}](#source-{number})"


def _sources_cell(ids: Iterable[int], *, single_note: bool) -> str:
    numbers = list(ids)
    cell = "".join(_source_link(n) for n in numbers)
    if single_note and len(numbers) == 1:
        cell += " *single source*"
    return cell


def _english_cell(text: str | None, *, cite: tuple[int, int] | None, confidence: float | None) -> str:
    cell = escape_inline(text) if text else "*(no translation)*"
    if cite is not None:
        cell += " " + _source_link(cite[0], c.citation(*cite))
    if c.is_low_confidence(confidence):
        cell += f" **{c.LOW_CONFIDENCE_MARK}**"
    return cell


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _version_rows(
    versions: Iterable[KeyPoint | OverviewVersion], wordings: c.WordingIndex, *, single_note: bool
) -> list[list[str]]:
    rows = []
    for v in versions:
        found = wordings.find(v)
        cite = (found[0], found[1].index) if found else None
        rows.append(
            [
                _english_cell(v.english, cite=cite, confidence=found[1].confidence if found else None),
                _arabic_inline(v.arabic),
                _sources_cell(v.sources, single_note=single_note),
            ]
        )
    return rows


def _group(lines: list[str], group: EventGroup, level: str, wordings: c.WordingIndex) -> None:
    header = ["English", _arabic_inline("العربية"), "Sources"]
    if group.key_points:
        lines += [f"{level} Key points", ""]
        lines += _table(header, _version_rows(group.key_points, wordings, single_note=True))
        lines.append("")
    if group.differences:
        lines += [f"{level} Where sources differ", ""]
        for difference in group.differences:
            lines += [f"**{escape_inline(difference.topic)}**", ""]
            lines += _table(header, _version_rows(difference.versions, wordings, single_note=False))
            lines.append("")
    for first, second in group.duplicates:
        lines += [
            f"{_source_link(second)} repeats {_source_link(first)}: shown once, under {_source_link(first)}.",
            "",
        ]


def _article(lines: list[str], article: TranslatedSummary, also: str | None) -> None:
    attribution = f"{c.attribution(article)} · {c.sentences_line(article)}" + (f" · {also}" if also else "")
    lines += [
        f'<a id="article-{article.id}"></a>',
        "",
        f"### {article.id}. {escape_inline(c.english_title(article))}",
        "",
        _arabic_block(c.arabic_title(article), strong=True),
        "",
        f"*{escape_inline(attribution)}*",
        "",
    ]
    rows = [
        [
            _english_cell(s.english, cite=(article.id, s.index), confidence=s.confidence),
            _arabic_inline(s.arabic),
        ]
        for s in article.sentences
    ]
    lines += _table(["English", _arabic_inline("العربية")], rows)
    lines.append("")


def render_markdown(result: BriefingResult) -> str:
    """The briefing as a Markdown document (GitHub-flavoured tables, inline HTML for Arabic)."""
    from briefing import __version__

    info = result.info
    has_overview = result.overview is not None and bool(result.overview.groups)
    lines = [
        f"# {escape_inline(info.title)}",
        "",
        f"Created {escape_inline(c.format_created(info.created))}  ",
        f"Scope: {escape_inline(c.scope_line(result.articles, len(result.skipped)))}  ",
        f"Generated by {escape_inline(c.generator_line(info, __version__))}",
        "",
    ]
    contents = ["[Sources](#sources)"]
    if result.skipped:
        contents.append("[Skipped sources](#skipped-sources)")
    if has_overview:
        contents.append("[Overview](#overview)")
    duplicates = c.Duplicates.of(result.overview)
    sections = duplicates.sections(result.articles)
    contents += [f"[{a.id}. {escape_inline(c.english_title(a))}](#article-{a.id})" for a in sections]
    lines += ["**Contents:** " + " · ".join(contents), ""]
    low = sum(c.is_low_confidence(s.confidence) for a in result.articles for s in a.sentences)
    lines += [
        f"> {escape_inline(c.CITATION_LEGEND)}  ",
        f"> {escape_inline(c.LOW_CONFIDENCE_LEGEND)} Marked in this briefing: {low}.",
        "",
        "## Sources",
        "",
    ]
    for article in result.articles:
        line = c.source_line(article)
        details = " · ".join(f"*{label}:* {escape_inline(value)}" for label, value in line.fields)
        note = c.copy_note(article, duplicates)
        if note:
            details += f" · *{escape_inline(note)}*"
        lines += [
            f'<a id="source-{line.number}"></a>**\\[{line.number}\\]** '
            f"{escape_inline(c.english_title(article))}  ",
            f"{_arabic_inline(line.title)}  ",
            details,
            "",
        ]
    if result.skipped:
        lines += ["## Skipped sources", ""]
        lines += [f"- **{escape_inline(s.source)}** — {escape_inline(s.reason)}" for s in result.skipped]
        lines.append("")
    if has_overview:
        assert result.overview is not None
        lines += ["## Overview", ""]
        several = len(result.overview.groups) > 1
        wordings = c.WordingIndex(result.articles)
        for number, group in enumerate(result.overview.groups, start=1):
            refs = "".join(_source_link(i) for i in group.articles)
            if several:
                lines += [f"### Event {number}: sources {refs}", ""]
            else:
                lines += [f"All {len(group.articles)} sources report the same event: {refs}.", ""]
            _group(lines, group, "####" if several else "###", wordings)
    lines += ["## Articles", ""]
    if not result.articles:
        lines += ["No article could be used; see Skipped sources.", ""]
    for article in sections:
        _article(lines, article, c.also_published(article, duplicates, result.articles))
    return "\n".join(lines).rstrip("\n") + "\n"
