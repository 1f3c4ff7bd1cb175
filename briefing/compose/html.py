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

from collections.abc import Iterable, Sequence
from html import escape

from briefing._version import __version__
from briefing.compose import _common as c
from briefing.types import Briefing, EventGroup, KeyPoint, OverviewVersion, TranslatedSummary

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
.meta, .legend, .attribution, .detail, .note-cell, .repeat { color: var(--muted); }
.meta { margin: .1em 0; font-size: .92em; }
.legend { font-size: .85em; margin: .15em 0; }
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
.repeat { display: block; font-size: .9em; line-height: 1.2; margin-top: .2em; }
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
  .repeat { display: inline; margin-left: .6em; }
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
    """``text`` isolated from its neighbours; Arabic tagged so it gets the Arabic face."""
    if c.has_arabic(text):
        return f'<bdi dir="rtl" lang="ar">{_e(text)}</bdi>'
    return f"<bdi>{_e(text)}</bdi>"


def _source_link(number: int, text: str | None = None) -> str:
    return f'<a class="cite" href="#source-{number}">{_e(text or f"[{number}]")}</a>'


def _sentence_id(article_id: int, index: int) -> str:
    return f"s-{article_id}-{index}"


def _highlighted(text: str, values: Sequence[str]) -> str:
    return "".join(
        f"<mark>{_e(piece)}</mark>" if disputed else _e(piece)
        for piece, disputed in c.highlight_spans(text, values)
    )


def _marks(flags: Sequence[str]) -> str:
    return "".join(
        f' <span class="flag" title="{_e(c.flag_legend_text(f))}">{_e(c.flag_mark(f))}</span>' for f in flags
    )


def _attribution(source_fields: Iterable[c.Field]) -> str:
    parts = []
    for item in source_fields:
        if item.kind == "url" and item.href:
            parts.append(f'<a href="{_e(item.href)}"><bdi dir="ltr">{_e(item.text)}</bdi></a>')
        elif item.kind == "missing":
            parts.append(f"<bdi><em>{_e(item.text)}</em></bdi>")
        else:
            parts.append(_bdi(item.text))
    return " · ".join(parts)


class _Writer:
    """Builds the page; holds what several parts look up (citations, repeats, anchors)."""

    def __init__(self, result: Briefing) -> None:
        self.result = result
        self.out: list[str] = []
        self.wordings = c.WordingIndex(result.articles)
        self.duplicates = c.Duplicates.of(result.overview)
        self.sections = self.duplicates.sections(result.articles)
        self.shown = {(a.id, s.index) for a in self.sections for s in a.sentences}
        self.repeated = c.overview_citations(result.overview, self.wordings)

    def cite(self, article_id: int, index: int) -> str:
        target = (
            _sentence_id(article_id, index) if (article_id, index) in self.shown else f"source-{article_id}"
        )
        return f'<a class="cite" href="#{target}">{_e(c.citation(article_id, index))}</a>'

    def header(self) -> None:
        self.out += [
            "<table>",
            '<colgroup><col class="ref"><col class="en"><col class="ar"></colgroup>',
            '<thead><tr><th scope="col" class="ref">Ref.</th><th scope="col">English</th>'
            '<th scope="col" dir="rtl" lang="ar">العربية</th></tr></thead>',
            "<tbody>",
        ]

    def row(
        self,
        ref: str,
        english: str | None,
        arabic: str,
        flags: Sequence[str],
        *,
        values: Sequence[str] = (),
        note: str = "",
        row_id: str | None = None,
    ) -> None:
        body = _highlighted(english, values) if english else "<em>(no translation)</em>"
        attrs = (f' id="{_e(row_id)}"' if row_id else "") + (' class="flagged"' if flags else "")
        self.out.append(
            f"<tr{attrs}>"
            f'<td class="ref">{ref}</td>'
            f'<td class="en">{body}{_marks(flags)}{note}</td>'
            + _ar("td", arabic, "ar", inner=_highlighted(arabic, values))
            + "</tr>"
        )

    def versions(
        self, versions: Iterable[KeyPoint | OverviewVersion], *, single_note: bool, disputed: bool = False
    ) -> None:
        self.header()
        for v in versions:
            view = c.point_view(v, self.wordings)
            ref = "<br>".join(self.cite(a, i) for a, i in view.citations)
            outlets = " · ".join(
                f"{_source_link(n)} {_bdi(name)}"
                for n, name in c.outlet_names(v.sources, self.result.articles)
            )
            if single_note and len(v.sources) == 1:
                outlets += " · <em>single source</em>"
            values = v.values if disputed and isinstance(v, OverviewVersion) else ()
            self.row(
                ref,
                v.english,
                v.arabic,
                view.flags,
                values=values,
                note=f'<span class="note-cell">Sources: {outlets}</span>',
            )
        self.out += ["</tbody>", "</table>"]

    def group(self, group: EventGroup, level: int) -> None:
        lines = c.group_notes(group)
        if lines:
            self.out.append(
                '<ul class="notes">' + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>"
            )
        if group.key_points:
            self.out.append(f"<h{level}>Key points</h{level}>")
            self.versions(group.key_points, single_note=True)
        if group.differences:
            self.out.append(f"<h{level}>Where sources differ</h{level}>")
            for difference in group.differences:
                label = c.kind_label(difference.kind)
                self.out.append(
                    f'<p class="topic"><strong>{_e(difference.topic)}</strong>'
                    + (f" — {_e(label)}" if label else "")
                    + "</p>"
                )
                self.versions(difference.versions, single_note=False, disputed=True)
        for first, second in group.duplicates:
            self.out.append(
                f"<p>{_source_link(second)} repeats {_source_link(first)}: "
                f"shown once, under {_source_link(first)}.</p>"
            )

    def article(self, article: TranslatedSummary, also: str | None) -> None:
        attribution = (
            f"{_source_link(article.id)} {_attribution(c.attribution_fields(article.source))}"
            f" · {_e(c.sentences_line(article))}" + (f" · {_e(also)}" if also else "")
        )
        self.out += [
            f'<article id="article-{article.id}">',
            f"<h3>{article.id}. {_e(c.english_title(article))}</h3>",
            _ar("p", c.arabic_title(article), "headline-ar"),
            f'<p class="attribution">{attribution}</p>',
        ]
        self.header()
        for s in article.sentences:
            repeat = (
                '<span class="repeat">' + _e(c.REPEAT_NOTE) + "</span>"
                if (article.id, s.index) in self.repeated
                else ""
            )
            sid = _sentence_id(article.id, s.index)
            ref = f'<a class="cite" href="#{sid}">{_e(c.citation(article.id, s.index))}</a>{repeat}'
            self.row(ref, s.english, s.arabic, c.flags_of(s.confidence, s.flags), row_id=sid)
        self.out += ["</tbody>", "</table>", "</article>"]


def render_html(result: Briefing, *, arabic_font: str | None = None, paper: str = "a4") -> str:
    """The briefing as one self-contained HTML document.

    Args:
        result: The briefing.
        arabic_font: Arabic typeface put first in the font stack (default ``Noto Naskh Arabic``).
        paper: ``a4`` or ``letter``: the page size when printed.
    """

    info = result.info
    title = c.display_title(result)
    fonts = [arabic_font.strip()] if arabic_font and arabic_font.strip() else []
    fonts += [f for f in ARABIC_FONT_STACK if f not in fonts]
    stack = (
        ", ".join('"' + f.replace('"', "").replace("<", "").replace(">", "") + '"' for f in fonts) + ", serif"
    )
    css = _CSS.replace("ARABIC_FONTS", stack).replace(
        "PAGE_SIZE", "letter" if paper.strip().lower() == "letter" else "A4"
    )
    has_overview = result.overview is not None and bool(result.overview.groups)
    w = _Writer(result)
    out = w.out
    out += [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{_e(c.GENERATOR)} {_e(__version__)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(c.scope_line(result.articles, len(result.skipped)))} · '
        f"created {_e(c.format_created(info.created))}</p>",
        f'<p class="meta">Generated by {_e(c.generator_line(info, __version__))}</p>',
        "</header>",
        '<nav aria-label="Contents"><h2>Contents</h2><ol class="contents">',
        '<li><a href="#sources">Sources</a></li>',
    ]
    if result.skipped:
        out.append(f'<li><a href="#skipped">Skipped sources ({len(result.skipped)})</a></li>')
    if has_overview:
        out.append(
            '<li><a href="#overview">Overview: what the sources agree on and where they differ</a></li>'
        )
    out += [
        f'<li><a href="#article-{a.id}">{a.id}. {_e(c.english_title(a))}</a>'
        f"{_ar('div', c.arabic_title(a), 'title-ar')}</li>"
        for a in w.sections
    ]
    if result.articles:
        out.append('<li><a href="#appendix">Appendix: input files</a></li>')
    out += ["</ol></nav>", f'<p class="legend">{_e(c.CITATION_LEGEND)}</p>']
    for entry in c.legend(result):
        text = entry.text[0].upper() + entry.text[1:]
        out.append(
            f'<p class="legend"><span class="flag">{_e(entry.mark)}</span> {_e(text)}. '
            f"Marked in this briefing: {entry.count}.</p>"
        )
    out.append('<section id="sources"><h2>Sources</h2><ol class="sources">')
    for article in result.articles:
        details = _attribution(c.attribution_fields(article.source))
        note = c.copy_note(article, w.duplicates)
        if note:
            details += f" · <em>{_e(note)}</em>"
        out.append(
            f'<li id="source-{article.id}"><span class="num">[{article.id}]</span>'
            f"{_e(c.english_title(article))}"
            f"{_ar('div', c.arabic_title(article), 'title-ar')}"
            f'<div class="detail">{details}</div></li>'
        )
    out.append("</ol></section>")
    if result.skipped:
        out.append('<section id="skipped"><h2>Skipped sources</h2><ul class="skipped">')
        out += [
            f"<li><strong><bdi>{_e(s.source)}</bdi></strong> — {_e(s.reason)}</li>" for s in result.skipped
        ]
        out.append("</ul></section>")
    if has_overview:
        assert result.overview is not None
        out.append('<section id="overview"><h2>Overview</h2>')
        several = len(result.overview.groups) > 1
        for number, group in enumerate(result.overview.groups, start=1):
            refs = "".join(_source_link(i) for i in group.articles)
            if several:
                out.append(f"<h3>Event {number}: sources {refs}</h3>")
            else:
                out.append(f"<p>All {len(group.articles)} sources are about the same event: {refs}.</p>")
            w.group(group, 4 if several else 3)
        out.append("</section>")
    out.append('<section class="articles" id="articles"><h2>Articles</h2>')
    if not result.articles:
        out.append("<p>No article could be used; see Skipped sources.</p>")
    for article in w.sections:
        w.article(article, c.also_published(article, w.duplicates, result.articles))
    out.append("</section>")
    if result.articles:
        out.append('<section id="appendix"><h2>Appendix: input files</h2><ol class="appendix">')
        for article in result.articles:
            facts = " · ".join(
                f"{_e(label)}: {_bdi(value)}" for label, value in c.technical_fields(article.source)
            )
            out.append(f'<li value="{article.id}">{facts}</li>')
        out.append("</ol></section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
