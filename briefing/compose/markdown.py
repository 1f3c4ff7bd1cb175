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

from briefing._version import __version__
from briefing.compose import _common as c
from briefing.types import Briefing, EventGroup, KeyPoint, OverviewVersion, TranslatedSummary

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
    return f"{c.RLI}{escape_inline(text)}{c.PDI}"


def _field(text: str) -> str:
    return c.isolate(escape_inline(text))


def _arabic_block(text: str, *, strong: bool = False) -> str:
    inner = _escape_block_html(text)
    if strong:
        inner = f"<strong>{inner}</strong>"
    return f'<p dir="rtl" lang="ar">{inner}</p>'


def _source_link(number: int) -> str:
    return f"[\\[{number}\\]](#source-{number})"


def _highlighted(text: str, values: Sequence[str]) -> str:
    """``text`` escaped, each disputed value in bold (the spaces around it kept)."""
    pieces = c.highlight_spans(_WHITESPACE.sub(" ", text).strip(), values)
    return "".join(f"**{escape_inline(p)}**" if disputed else _escape_piece(p) for p, disputed in pieces)


def _escape_piece(text: str) -> str:
    """:func:`escape_inline` for part of a line: its leading and trailing spaces kept."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + escape_inline(text) + trail if text.strip() else (" " if text else "")


def _marks(flags: Sequence[str]) -> str:
    return "".join(f" {c.flag_mark(f)}" for f in flags)


def _attribution(source_fields: Iterable[c.Field]) -> str:
    parts = []
    for item in source_fields:
        if item.kind == "url" and item.href:
            target = item.href.replace(" ", "%20").replace(")", "%29")
            parts.append(f"[{c.isolate_ltr(escape_inline(item.text))}]({target})")
        elif item.kind == "missing":
            parts.append(f"*{_field(item.text)}*")
        else:
            parts.append(_field(item.text))
    return " · ".join(parts)


def _table(rows: list[list[str]]) -> list[str]:
    header = ["Ref.", "English", _arabic_inline("العربية")]
    lines = ["| " + " | ".join(header) + " |", "|---|---|---:|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


class _Writer:
    def __init__(self, result: Briefing) -> None:
        self.result = result
        self.wordings = c.WordingIndex(result.articles)
        self.duplicates = c.Duplicates.of(result.overview)
        self.sections = self.duplicates.sections(result.articles)
        self.repeated = c.overview_citations(result.overview, self.wordings)

    def version_rows(
        self, versions: Iterable[KeyPoint | OverviewVersion], *, single_note: bool, disputed: bool = False
    ) -> list[list[str]]:
        rows = []
        for v in versions:
            view = c.point_view(v, self.wordings)
            values = v.values if disputed and isinstance(v, OverviewVersion) else ()
            english = _highlighted(v.english, values) if v.english else "*(no translation)*"
            outlets = " · ".join(
                f"\\[{n}\\] {_field(name)}" for n, name in c.outlet_names(v.sources, self.result.articles)
            )
            if single_note and len(v.sources) == 1:
                outlets += " · single source"
            rows.append(
                [
                    " ".join(
                        c.citation(a, i).replace("[", "\\[").replace("]", "\\]") for a, i in view.citations
                    ),
                    f"{english}{_marks(view.flags)} — *Sources: {outlets}*",
                    c.RLI + _highlighted(v.arabic, values) + c.PDI,
                ]
            )
        return rows

    def group(self, lines: list[str], group: EventGroup, level: str) -> None:
        notes = c.group_notes(group)
        if notes:
            lines += [f"- {escape_inline(n)}" for n in notes]
            lines.append("")
        if group.key_points:
            lines += [f"{level} Key points", ""]
            lines += _table(self.version_rows(group.key_points, single_note=True))
            lines.append("")
        if group.differences:
            lines += [f"{level} Where sources differ", ""]
            for difference in group.differences:
                label = c.kind_label(difference.kind)
                lines += [f"**{escape_inline(difference.topic)}**" + (f" — {label}" if label else ""), ""]
                lines += _table(self.version_rows(difference.versions, single_note=False, disputed=True))
                lines.append("")
        for first, second in group.duplicates:
            lines += [
                f"{_source_link(second)} repeats {_source_link(first)}: "
                f"shown once, under {_source_link(first)}.",
                "",
            ]

    def article(self, lines: list[str], article: TranslatedSummary, also: str | None) -> None:
        attribution = (
            f"{_source_link(article.id)} {_attribution(c.attribution_fields(article.source))}"
            f" · {c.sentences_line(article)}" + (f" · {escape_inline(also)}" if also else "")
        )
        lines += [
            f'<a id="article-{article.id}"></a>',
            "",
            f"### {article.id}. {escape_inline(c.english_title(article))}",
            "",
            _arabic_block(c.arabic_title(article), strong=True),
            "",
            attribution,
            "",
        ]
        rows = []
        for s in article.sentences:
            ref = c.citation(article.id, s.index).replace("[", "\\[").replace("]", "\\]")
            if (article.id, s.index) in self.repeated:
                ref += f" *{c.REPEAT_NOTE}*"
            english = escape_inline(s.english) if s.english else "*(no translation)*"
            rows.append([ref, english + _marks(c.flags_of(s.confidence, s.flags)), _arabic_inline(s.arabic)])
        lines += _table(rows)
        lines.append("")


def render_markdown(result: Briefing) -> str:
    """The briefing as a Markdown document (GitHub-flavoured tables, Arabic column right-aligned)."""

    info = result.info
    has_overview = result.overview is not None and bool(result.overview.groups)
    w = _Writer(result)
    lines = [
        f"# {escape_inline(c.display_title(result))}",
        "",
        f"{escape_inline(c.scope_line(result.articles, len(result.skipped)))} · "
        f"created {escape_inline(c.format_created(info.created))}  ",
        f"Generated by {escape_inline(c.generator_line(info, __version__))}",
        "",
        "## Contents",
        "",
        "- [Sources](#sources)",
    ]
    if result.skipped:
        lines.append("- [Skipped sources](#skipped-sources)")
    if has_overview:
        lines.append("- [Overview](#overview)")
    lines += [
        f"- [{a.id}. {escape_inline(c.english_title(a))}](#article-{a.id}) — "
        + _arabic_inline(c.arabic_title(a))
        for a in w.sections
    ]
    if result.articles:
        lines.append("- [Appendix: input files](#appendix-input-files)")
    lines += ["", f"> {escape_inline(c.CITATION_LEGEND)}  "]
    entries = c.legend(result)
    for i, entry in enumerate(entries):
        end = "  " if i < len(entries) - 1 else ""
        text = entry.text[0].upper() + entry.text[1:]
        lines.append(f"> {entry.mark} {escape_inline(text)}. Marked in this briefing: {entry.count}.{end}")
    lines += ["", "## Sources", ""]
    for article in result.articles:
        details = _attribution(c.attribution_fields(article.source))
        note = c.copy_note(article, w.duplicates)
        if note:
            details += f" · *{escape_inline(note)}*"
        lines += [
            f'<a id="source-{article.id}"></a>**\\[{article.id}\\]** '
            f"{escape_inline(c.english_title(article))}  ",
            f"{_arabic_inline(c.arabic_title(article))}  ",
            details,
            "",
        ]
    if result.skipped:
        lines += ["## Skipped sources", ""]
        lines += [f"- **{_field(s.source)}** — {escape_inline(s.reason)}" for s in result.skipped]
        lines.append("")
    if has_overview:
        assert result.overview is not None
        lines += ["## Overview", ""]
        several = len(result.overview.groups) > 1
        for number, group in enumerate(result.overview.groups, start=1):
            refs = "".join(_source_link(i) for i in group.articles)
            if several:
                lines += [f"### Event {number}: sources {refs}", ""]
            else:
                lines += [f"All {len(group.articles)} sources are about the same event: {refs}.", ""]
            w.group(lines, group, "####" if several else "###")
    lines += ["## Articles", ""]
    if not result.articles:
        lines += ["No article could be used; see Skipped sources.", ""]
    for article in w.sections:
        w.article(lines, article, c.also_published(article, w.duplicates, result.articles))
    if result.articles:
        lines += ["## Appendix: input files", ""]
        for article in result.articles:
            facts = " · ".join(
                f"{label}: {_field(value)}" for label, value in c.technical_fields(article.source)
            )
            lines.append(f"{article.id}. {facts}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
