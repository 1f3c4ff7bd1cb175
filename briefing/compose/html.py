"""The HTML briefing: one self-contained, printable file (no scripts, fonts or images fetched).

A reference column, then English and Arabic side by side; every Arabic element carries
``dir="rtl" lang="ar"`` so browsers set punctuation, digits and quotation marks in the right
order and pick the Arabic face. Mixed-direction lines (attribution, sources, contents) put
each field in a ``<bdi>``, so an Arabic outlet cannot pull the day of an English date.

Under 600 px (a phone) each row stacks: reference, English, then Arabic, each the full width,
and long URLs wrap instead of widening the page. Printing repeats the table header, keeps
rows whole and keeps headings, headlines and attribution with the table they introduce; no
part is forced onto a new page. Every piece of text and every attribute is escaped.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from html import escape

from briefing.compose import outline as o
from briefing.compose.checks import HEADING_CHECKS
from briefing.compose.checks import note as reason_note
from briefing.compose.labels import has_arabic, highlight_spans, starts_rtl
from briefing.compose.links import link_target
from briefing.compose.marks import CITATION_LEGEND, flag_legend_text, flag_mark
from briefing.types import Briefing

ARABIC_FONT_STACK: tuple[str, ...] = (
    "Noto Naskh Arabic",
    "Amiri",
    "Sakkal Majalla",
    "Traditional Arabic",
    "Geeza Pro",
    "Noto Sans Arabic",
    "Arial",
)
"""Naskh faces first (Linux packages, then Windows, then macOS), a sans last; ``serif`` closes it."""

_CSS = """
:root { --accent: #1f4e79; --muted: #555f6b; --rule: #c9d1d9; --head: #eef2f6; --low: #fff1cc;
  --value: #ffe08a; --arabic: ARABIC_FONTS; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font-family: Calibri, Carlito, "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 11pt; line-height: 1.45; color: #1b1f23; max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem;
  overflow-wrap: break-word; }
h1 { color: var(--accent); font-size: 1.7em; line-height: 1.2; margin: 0 0 .25em; }
h2 { color: var(--accent); font-size: 1.3em; margin: 1.4em 0 .3em; border-bottom: 1px solid var(--rule); }
h3 { color: var(--accent); font-size: 1.12em; margin: 1.3em 0 .15em; }
h4 { color: var(--accent); font-size: 1em; margin: 1em 0 .3em; }
.meta, .legend, .attribution, .detail, .note-cell { color: var(--muted); }
.meta { margin: .1em 0; font-size: .92em; }
.legend { font-size: .85em; margin: .15em 0; }
.check { display: block; font-size: .85em; color: #8a3b00; margin-top: .2em; }
div.checks { border-left: 3px solid #c46a1b; padding: .2em .8em; margin: .8em 0; }
div.checks ul { margin: .2em 0; padding-left: 1.2em; font-size: .9em; }
[lang="ar"] { font-family: var(--arabic); font-style: normal; }
/* Naskh reads about two sizes smaller than Latin at the same size: 1.2em keeps it level. */
.ar, .headline-ar, .title-ar { font-size: 1.2em; line-height: 1.6; }
bdi[lang="ar"] { font-size: 1.12em; }
.headline-ar { font-weight: bold; margin: .05em 0 .15em; }
.attribution { font-size: .9em; margin: 0 0 .5em; }
ol.sources, ol.contents { padding-left: 0; list-style: none; }
ol.sources li { margin: .5em 0; padding-left: 2.4em; text-indent: -2.4em; }
ol.sources li > * { text-indent: 0; }
ol.sources .detail, ol.appendix { font-size: .88em; }
ol.appendix { color: var(--muted); padding-left: 1.6em; }
.num { font-weight: bold; display: inline-block; min-width: 2.4em; }
ol.contents li { margin: .15em 0; }
ol.contents .title-ar { font-size: 1.05em; line-height: 1.4; color: var(--muted); }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: .3em 0 1em; }
th, td { border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); padding: .35em .5em;
  vertical-align: top; overflow-wrap: anywhere; }
td + td, th + th { border-left: 1px solid var(--rule); }
thead th { background: var(--head); text-align: start; font-size: .85em; color: var(--muted); }
col.ref { width: 4.6em; }
td.ref { font-size: .8em; }
.note-cell { display: block; font-size: .85em; margin-top: .25em; }
tr.flagged td.en { background: var(--low); }
mark { background: var(--value); color: inherit; font-weight: bold; padding: 0 .1em; }
.cite { font-size: .9em; color: var(--accent); text-decoration: none; white-space: nowrap; }
.flag { color: #a05200; font-weight: bold; }
.topic { margin: .8em 0 .2em; }
.notes { margin: .3em 0 .6em; padding-left: 1.2em; }
a { color: var(--accent); overflow-wrap: anywhere; }
.skipped li { margin: .2em 0; }
@media (max-width: 600px) {
  body { margin: .8rem auto; padding: 0 .7rem; font-size: 10.5pt; }
  h1 { font-size: 1.4em; }
  table, thead, tbody, tr, th, td { display: block; width: 100%; }
  colgroup, thead { display: none; }
  tr { border-bottom: 1px solid var(--rule); padding: .35em 0; }
  td, td + td { border: 0; padding: .15em 0; }
  td.ref { padding-top: .3em; }
  td.ar { padding-bottom: .4em; }
  ol.sources li { padding-left: 2em; text-indent: -2em; }
}
@page { size: PAGE_SIZE; margin: 16mm 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  thead { display: table-header-group; }
  tr, .keep, h1, h2, h3, h4, .headline-ar, .attribution, .topic { break-inside: avoid; }
  h2, h3, h4, .headline-ar, .attribution, .topic, .keep { break-after: avoid; }
  /* No lone row: the first row stays with the header, the last with the row before. */
  tbody tr:first-child { break-after: avoid; }
  tbody tr:last-child { break-before: avoid; }
  a { text-decoration: none; color: inherit; }
  .cite { color: var(--accent); }
  tr.flagged td.en, mark, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _ar(tag: str, text: str, cls: str | None = None, *, inner: str | None = None) -> str:
    attrs = f' class="{_e(cls)}"' if cls else ""
    return f'<{tag}{attrs} dir="rtl" lang="ar">{inner if inner is not None else _e(text)}</{tag}>'


def _bdi(text: str) -> str:
    """``text`` isolated from its neighbours; Arabic tagged so it gets the Arabic face.

    The direction is the first strong letter's: ``BBC News عربي`` and an English value that
    names Arabic words (the glossary report: ``Putin for بوتين``) stay left to right.
    """
    if has_arabic(text) and starts_rtl(text):
        return f'<bdi dir="rtl" lang="ar">{_e(text)}</bdi>'
    if has_arabic(text):
        return f'<bdi dir="ltr" lang="ar">{_e(text)}</bdi>'
    return f"<bdi>{_e(text)}</bdi>"


def _source_link(number: int, text: str | None = None) -> str:
    return f'<a class="cite" href="#source-{number}">{_e(text or f"[{number}]")}</a>'


def _sentence_id(cite: o.Cite) -> str:
    return f"s-{cite.article}-{cite.index}"


def _cite(cite: o.Cite) -> str:
    """A citation linked to its row in the articles part, else to its source."""
    target = _sentence_id(cite) if cite.in_articles else f"source-{cite.article}"
    return f'<a class="cite" href="#{target}">{_e(cite.label)}</a>'


def _highlighted(text: str, values: Sequence[str]) -> str:
    pieces = highlight_spans(text, values)
    return "".join(f"<mark>{_e(piece)}</mark>" if disputed else _e(piece) for piece, disputed in pieces)


def _marks(flags: Sequence[str]) -> str:
    return "".join(
        f' <span class="flag" title="{_e(flag_legend_text(f))}">{_e(flag_mark(f))}</span>' for f in flags
    )


def _check(reasons: Sequence[tuple[str, str]]) -> str:
    """The review's reasons under a row's English (nothing when there are none)."""
    return f'<span class="check">Check: {_e(reason_note(reasons))}</span>' if reasons else ""


def _checks(outline: o.Outline) -> list[str]:
    """First page: how many translations to check, and where (linked), with the reasons."""
    checks = outline.checks
    if checks is None:
        return []
    out = [
        '<div class="checks" id="checks">',
        f"<p><strong>{HEADING_CHECKS}:</strong> {_e(checks.headline())}</p>",
    ]
    items = []
    for entry in checks.entries:
        target = f"s-{entry.article}-{entry.index}" if entry.index >= 0 else f"article-{entry.article}"
        where = f'<a href="#{target}">{_e(entry.where)}</a>' if entry.article else _e(entry.where)
        items.append(f"<li>{where} — {_e(reason_note(entry.reasons))}</li>")
    if checks.more:
        items.append(f"<li>… and {checks.more} more, marked in the text</li>")
    if items:
        out += ["<ul>", *items, "</ul>"]
    return [*out, "</div>"]


def _attribution(source_fields: Iterable[o.Field]) -> str:
    parts = []
    for item in source_fields:
        href = link_target(item.href) if item.kind == "url" else None
        if href:
            parts.append(f'<a href="{_e(href)}"><bdi dir="ltr">{_e(item.text)}</bdi></a>')
        elif item.kind == "url":
            parts.append(f'<bdi dir="ltr">{_e(item.text)}</bdi>')
        elif item.kind == "missing":
            parts.append(f"<bdi><em>{_e(item.text)}</em></bdi>")
        else:
            parts.append(_bdi(item.text))
    return " · ".join(parts)


def _table_start() -> list[str]:
    ref, english, arabic = o.TABLE_HEADERS
    return [
        "<table>",
        '<colgroup><col class="ref"><col class="en"><col class="ar"></colgroup>',
        f'<thead><tr><th scope="col" class="ref">{ref}</th><th scope="col">{english}</th>'
        f'<th scope="col" dir="rtl" lang="ar">{arabic}</th></tr></thead>',
        "<tbody>",
    ]


_TABLE_END = ["</tbody>", "</table>"]


def _row(
    ref: str,
    english: str | None,
    arabic: str,
    flags: Sequence[str],
    *,
    values: Sequence[str] = (),
    note: str = "",
    row_id: str | None = None,
) -> str:
    body = _highlighted(english, values) if english else f"<em>{o.NO_TRANSLATION}</em>"
    attrs = (f' id="{_e(row_id)}"' if row_id else "") + (' class="flagged"' if flags else "")
    return (
        f"<tr{attrs}>"
        f'<td class="ref">{ref}</td>'
        f'<td class="en">{body}{_marks(flags)}{note}</td>'
        + _ar("td", arabic, "ar", inner=_highlighted(arabic, values))
        + "</tr>"
    )


def _point_table(rows: Iterable[o.PointRow]) -> list[str]:
    out = _table_start()
    for row in rows:
        outlets = " · ".join(f"{_source_link(n)} {_bdi(name)}" for n, name in row.outlets)
        if row.single_source:
            outlets += f" · <em>{o.SINGLE_SOURCE}</em>"
        out.append(
            _row(
                "<br>".join(_cite(cite) for cite in row.cites),
                row.english,
                row.arabic,
                row.flags,
                values=row.values,
                note=f'<span class="note-cell">{o.SOURCES_NOTE}{outlets}</span>' + _check(row.reasons),
            )
        )
    return [*out, *_TABLE_END]


def _group(group: o.GroupSection) -> list[str]:
    refs = "".join(_source_link(i) for i in group.articles)
    out = [f"<h3>{group.intro(refs)}</h3>" if group.several else f"<p>{group.intro(refs)}</p>"]
    level = 4 if group.several else 3
    if group.headline is not None:
        out += _point_table([group.headline])
    if group.notes:
        out.append('<ul class="notes">' + "".join(f"<li>{_e(line)}</li>" for line in group.notes) + "</ul>")
    if group.key_points:
        out += [f"<h{level}>{o.HEADING_KEY_POINTS}</h{level}>", *_point_table(group.key_points)]
    if group.differences:
        out.append(f"<h{level}>{o.HEADING_DIFFERENCES}</h{level}>")
        for difference in group.differences:
            label = f" — {_e(difference.kind_label)}" if difference.kind_label else ""
            out += [
                f'<p class="topic"><strong>{_e(difference.topic)}</strong>{label}</p>',
                *_point_table(difference.rows),
            ]
    out += [f"<p>{note.sentence(_source_link)}</p>" for note in group.duplicates]
    if group.copy_extras:
        out += [f"<h{level}>{o.HEADING_COPY_EXTRAS}</h{level}>", *_point_table(group.copy_extras)]
    return out


def _article(article: o.ArticleSection) -> list[str]:
    attribution = (
        f"{_source_link(article.number)} {_attribution(article.attribution)}"
        f" · {_e(article.sentences_line)}"
        + (f" · {_e(article.also_published)}" if article.also_published else "")
    )
    out = [
        f'<article id="article-{article.number}">',
        f"<h3>{_e(article.heading)}{_marks(article.title_flags)}</h3>",
        _ar("p", article.arabic_title, "headline-ar"),
        *([f"<p>{_check(article.title_reasons)}</p>"] if article.title_reasons else []),
        f'<p class="attribution">{attribution}</p>',
        *_table_start(),
    ]
    for row in article.rows:
        sid = _sentence_id(row.cite)
        ref = f'<a class="cite" href="#{sid}">{_e(row.cite.label)}</a>'
        out.append(_row(ref, row.english, row.arabic, row.flags, row_id=sid, note=_check(row.reasons)))
    return [*out, *_TABLE_END, "</article>"]


def _css(arabic_font: str | None, paper: str) -> str:
    """The style sheet with the Arabic font stack (``arabic_font`` first) and the paper size."""
    fonts = [arabic_font.strip()] if arabic_font and arabic_font.strip() else []
    fonts += [f for f in ARABIC_FONT_STACK if f not in fonts]
    stack = (
        ", ".join('"' + f.replace('"', "").replace("<", "").replace(">", "") + '"' for f in fonts) + ", serif"
    )
    return _CSS.replace("ARABIC_FONTS", stack).replace(
        "PAGE_SIZE", "letter" if paper.strip().lower() == "letter" else "A4"
    )


def content_security_policy(css: str) -> str:
    """The page's Content-Security-Policy: nothing but its own ``<style>`` element may load or run.

    The briefing has no script, image, font or form, so everything is ``'none'``; the one inline
    style sheet is allowed by its SHA-256 hash (no ``'unsafe-inline'``), so a ``<style>`` or
    ``<script>`` that got into the text some other way would not apply. ``frame-ancestors``
    cannot be set from a ``<meta>`` element (the service sends it as a header).
    """
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


def _head(outline: o.Outline, css: str) -> list[str]:
    title = _e(outline.title.title)
    return [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(content_security_policy(css))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{_e(outline.title.software)}">',
        f"<title>{title}</title>",
        f"<style>{css}</style>",
        "</head>",
    ]


def _title(outline: o.Outline) -> list[str]:
    scope, generator = outline.title.meta_lines(_e)
    return [
        "<body>",
        "<header>",
        f"<h1>{_e(outline.title.title)}</h1>",
        f'<p class="meta">{scope}</p>',
        f'<p class="meta">{generator}</p>',
        "</header>",
    ]


# Link targets of the parts; article entries link to their own section.
_ANCHORS = {"sources": "sources", "skipped": "skipped", "overview": "overview", "appendix": "appendix"}


def _contents(outline: o.Outline) -> list[str]:
    out = [f'<nav aria-label="{o.HEADING_CONTENTS}"><h2>{o.HEADING_CONTENTS}</h2><ol class="contents">']
    for entry in outline.contents:
        if entry.part == "article":
            out.append(
                f'<li><a href="#article-{entry.number}">{_e(entry.label)}</a>'
                f"{_ar('div', entry.arabic or '', 'title-ar')}</li>"
            )
        else:
            out.append(f'<li><a href="#{_ANCHORS[entry.part]}">{_e(entry.label)}</a></li>')
    return [*out, "</ol></nav>"]


def _legend(outline: o.Outline) -> list[str]:
    return [f'<p class="legend">{_e(CITATION_LEGEND)}</p>'] + [
        f'<p class="legend"><span class="flag">{_e(entry.mark)}</span> {entry.line(_e)}</p>'
        for entry in outline.legend
    ]


def _sources(outline: o.Outline) -> list[str]:
    out = [f'<section id="sources"><h2>{o.HEADING_SOURCES}</h2><ol class="sources">']
    for source in outline.sources:
        details = _attribution(source.attribution)
        if source.copy_note:
            details += f" · <em>{_e(source.copy_note)}</em>"
        out.append(
            f'<li id="source-{source.number}"><span class="num">[{source.number}]</span>'
            f"{_e(source.english_title)}"
            f"{_ar('div', source.arabic_title, 'title-ar')}"
            f'<div class="detail">{details}</div></li>'
        )
    return [*out, "</ol></section>"]


def _skipped(outline: o.Outline) -> list[str]:
    if not outline.skipped:
        return []
    return [
        f'<section id="skipped"><h2>{o.HEADING_SKIPPED}</h2><ul class="skipped">',
        *(f"<li><strong><bdi>{_e(s.source)}</bdi></strong> — {_e(s.reason)}</li>" for s in outline.skipped),
        "</ul></section>",
    ]


def _overview(outline: o.Outline) -> list[str]:
    if outline.overview is None:
        return []
    out = [f'<section id="overview"><h2>{o.HEADING_OVERVIEW}</h2>']
    for group in outline.overview:
        out += _group(group)
    if outline.single_stories:
        out.append(f"<p>{_e(o.SINGLE_STORIES)}{o.source_span(outline.single_stories, _source_link)}.</p>")
    return [*out, "</section>"]


def _articles(outline: o.Outline) -> list[str]:
    out = [f'<section class="articles" id="articles"><h2>{o.HEADING_ARTICLES}</h2>']
    if outline.articles_note:
        out.append(f"<p>{outline.articles_note}</p>")
    for article in outline.articles:
        out += _article(article)
    return [*out, "</div>"]


def _appendix(outline: o.Outline) -> list[str]:
    if not outline.appendix:
        return []
    out = [f'<section id="appendix"><h2>{o.HEADING_APPENDIX}</h2><ol class="appendix">']
    for entry in outline.appendix:
        facts = " · ".join(f"{_e(label)}: {_bdi(value)}" for label, value in entry.facts)
        out.append(f'<li value="{entry.number}">{facts}</li>')
    return [*out, "</ol></section>"]


_PARTS = (_title, _checks, _contents, _legend, _sources, _skipped, _overview, _articles, _appendix)
"""The body's parts in reading order; each returns its lines (none when it has nothing)."""


def render_html(result: Briefing, *, arabic_font: str | None = None, paper: str = "a4") -> str:
    """The briefing as one self-contained HTML document.

    Args:
        result: The briefing.
        arabic_font: Arabic typeface put first in the font stack (default ``Noto Naskh Arabic``).
        paper: ``a4`` or ``letter``: the page size when printed.
    """
    outline = o.build_outline(result)
    out = _head(outline, _css(arabic_font, paper))
    out += [line for part in _PARTS for line in part(outline)]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
