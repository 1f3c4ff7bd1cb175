"""The HTML briefing: one self-contained, printable file (no scripts, fonts or images fetched).

English and Arabic sit in two table columns; every Arabic element carries ``dir="rtl"
lang="ar"`` so browsers set punctuation, digits and quotation marks in the right order and
pick an Arabic font. Printing repeats the table header on each page and keeps rows whole.
Every piece of text and every attribute is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from briefing.compose import _common as c
from briefing.result import BriefingResult
from briefing.types import EventGroup, KeyPoint, OverviewVersion, TranslatedSummary

_CSS = """
:root { --accent: #1f4e79; --muted: #555f6b; --rule: #b8c2cc; --head: #e6ecf2; --low: #fff1cc; }
* { box-sizing: border-box; }
body { font-family: Calibri, Carlito, "Segoe UI", "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 11pt; line-height: 1.4; color: #1b1f23; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { color: var(--accent); font-size: 1.9em; border-bottom: 1px solid var(--accent); padding-bottom: .2em;
  margin-bottom: .3em; }
h2 { color: var(--accent); font-size: 1.35em; margin-top: 1.6em; }
h3 { color: var(--accent); font-size: 1.15em; margin: 1.4em 0 .2em; }
h4 { color: var(--accent); font-size: 1em; margin: 1em 0 .3em; }
.meta, .legend, .attribution, .detail { color: var(--muted); }
.meta { margin: .1em 0; font-size: .95em; }
.legend { font-size: .85em; margin: .2em 0; }
[lang="ar"] { font-family: "Noto Naskh Arabic", "Amiri", "Scheherazade New", "Traditional Arabic", Arial,
  "Noto Sans Arabic", serif; font-size: 1.12em; line-height: 1.55; }
.headline-ar { font-weight: bold; font-size: 1.3em; margin: .1em 0 .2em; }
.attribution { font-style: italic; font-size: .88em; margin: 0 0 .6em; }
ol.sources, ol.contents { padding-left: 0; list-style: none; }
ol.sources li { margin: .5em 0; padding-left: 2.2em; text-indent: -2.2em; }
ol.sources .ar, ol.sources .detail { text-indent: 0; }
ol.sources .detail { font-size: .88em; }
.num { font-weight: bold; display: inline-block; min-width: 2.2em; text-indent: 0; }
ol.contents li { margin: .1em 0 .1em 1em; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: .4em 0 1em; }
th, td { border: 1px solid var(--rule); padding: .35em .55em; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: var(--head); text-align: start; font-size: .9em; }
col.sources { width: 6.5em; }
td.sources { font-size: .85em; }
tr.low td.en { background: var(--low); }
.cite { font-size: .78em; color: var(--accent); text-decoration: none; white-space: nowrap; }
.low-mark { color: #a05200; font-weight: bold; }
a { color: var(--accent); }
.skipped li { margin: .2em 0; }
@page { margin: 16mm 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  thead { display: table-header-group; }
  tr, .keep { break-inside: avoid; }
  h2, h3, h4, .headline-ar, .attribution { break-after: avoid; }
  a { text-decoration: none; color: inherit; }
  .cite { color: var(--accent); }
  tr.low td.en { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.articles.after-overview { break-before: page; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _ar(tag: str, text: str, cls: str | None = None) -> str:
    attrs = f' class="{_e(cls)}"' if cls else ""
    return f'<{tag}{attrs} dir="rtl" lang="ar">{_e(text)}</{tag}>'


def _source_link(number: int, text: str | None = None) -> str:
    return f'<a class="cite" href="#source-{number}">{_e(text or f"[{number}]")}</a>'


def _english_cell(text: str | None, *, cite: tuple[int, int] | None, confidence: float | None) -> str:
    body = _e(text) if text else "<em>(no translation)</em>"
    if cite is not None:
        body += " " + _source_link(cite[0], c.citation(*cite))
    if c.is_low_confidence(confidence):
        body += (
            f' <span class="low-mark" title="low-confidence translation">{_e(c.LOW_CONFIDENCE_MARK)}</span>'
        )
    return f'<td class="en">{body}</td>'


def _sources_cell(ids: Iterable[int], *, single_note: bool) -> str:
    numbers = list(ids)
    body = "".join(_source_link(n) for n in numbers)
    if single_note and len(numbers) == 1:
        body += " <em>single source</em>"
    return f'<td class="sources">{body}</td>'


def _header(*, sources: bool) -> list[str]:
    cols = '<colgroup><col class="en"><col class="ar">' + ('<col class="sources">' if sources else "")
    heads = '<th scope="col">English</th><th scope="col" dir="rtl" lang="ar">العربية</th>'
    if sources:
        heads += '<th scope="col">Sources</th>'
    return ["<table>", cols + "</colgroup>", f"<thead><tr>{heads}</tr></thead>", "<tbody>"]


def _version_table(
    out: list[str],
    versions: Iterable[KeyPoint | OverviewVersion],
    wordings: c.WordingIndex,
    *,
    single_note: bool,
) -> None:
    out += _header(sources=True)
    for v in versions:
        found = wordings.find(v)
        cite = (found[0], found[1].index) if found else None
        confidence = found[1].confidence if found else None
        row_class = ' class="low"' if c.is_low_confidence(confidence) else ""
        out.append(
            f"<tr{row_class}>"
            + _english_cell(v.english, cite=cite, confidence=confidence)
            + _ar("td", v.arabic, "ar")
            + _sources_cell(v.sources, single_note=single_note)
            + "</tr>"
        )
    out += ["</tbody>", "</table>"]


def _group(out: list[str], group: EventGroup, level: int, wordings: c.WordingIndex) -> None:
    if group.key_points:
        out.append(f"<h{level}>Key points</h{level}>")
        _version_table(out, group.key_points, wordings, single_note=True)
    if group.differences:
        out.append(f"<h{level}>Where sources differ</h{level}>")
        for difference in group.differences:
            out.append(f'<p class="keep"><strong>{_e(difference.topic)}</strong></p>')
            _version_table(out, difference.versions, wordings, single_note=False)
    for first, second in group.duplicates:
        out.append(
            f"<p>{_source_link(second)} repeats {_source_link(first)}: "
            f"shown once, under {_source_link(first)}.</p>"
        )


def _article(out: list[str], article: TranslatedSummary, also: str | None) -> None:
    attribution = f"{c.attribution(article)} · {c.sentences_line(article)}" + (f" · {also}" if also else "")
    out += [
        f'<article id="article-{article.id}">',
        f"<h3>{article.id}. {_e(c.english_title(article))}</h3>",
        _ar("p", c.arabic_title(article), "headline-ar"),
        f'<p class="attribution">{_e(attribution)}</p>',
    ]
    out += _header(sources=False)
    for s in article.sentences:
        row_class = ' class="low"' if c.is_low_confidence(s.confidence) else ""
        out.append(
            f"<tr{row_class}>"
            + _english_cell(s.english, cite=(article.id, s.index), confidence=s.confidence)
            + _ar("td", s.arabic, "ar")
            + "</tr>"
        )
    out += ["</tbody>", "</table>", "</article>"]


def render_html(result: BriefingResult) -> str:
    """The briefing as one self-contained HTML document."""
    from briefing import __version__

    info = result.info
    has_overview = result.overview is not None and bool(result.overview.groups)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{_e(c.GENERATOR)} {_e(__version__)}">',
        f"<title>{_e(info.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(info.title)}</h1>",
        f'<p class="meta">Created {_e(c.format_created(info.created))}</p>',
        f'<p class="meta">Scope: {_e(c.scope_line(result.articles, len(result.skipped)))}</p>',
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
    duplicates = c.Duplicates.of(result.overview)
    sections = duplicates.sections(result.articles)
    out += [f'<li><a href="#article-{a.id}">{a.id}. {_e(c.english_title(a))}</a></li>' for a in sections]
    low = sum(c.is_low_confidence(s.confidence) for a in result.articles for s in a.sentences)
    out += [
        "</ol></nav>",
        f'<p class="legend">{_e(c.CITATION_LEGEND)}</p>',
        f'<p class="legend"><span class="low-mark">{_e(c.LOW_CONFIDENCE_MARK)}</span>'
        f"{_e(c.LOW_CONFIDENCE_LEGEND.removeprefix(c.LOW_CONFIDENCE_MARK))} "
        f"Marked in this briefing: {low}.</p>",
        '<section id="sources"><h2>Sources</h2><ol class="sources">',
    ]
    for article in result.articles:
        line = c.source_line(article)
        details = " · ".join(f"<em>{_e(label)}:</em> {_e(value)}" for label, value in line.fields)
        note = c.copy_note(article, duplicates)
        if note:
            details += f" · <em>{_e(note)}</em>"
        out.append(
            f'<li id="source-{line.number}"><span class="num">[{line.number}]</span> '
            f"{_e(c.english_title(article))}"
            f"{_ar('div', line.title, 'ar')}"
            f'<div class="detail">{details}</div></li>'
        )
    out.append("</ol></section>")
    if result.skipped:
        out.append('<section id="skipped"><h2>Skipped sources</h2><ul class="skipped">')
        out += [f"<li><strong>{_e(s.source)}</strong> — {_e(s.reason)}</li>" for s in result.skipped]
        out.append("</ul></section>")
    if has_overview:
        assert result.overview is not None
        out.append('<section id="overview"><h2>Overview</h2>')
        several = len(result.overview.groups) > 1
        wordings = c.WordingIndex(result.articles)
        for number, group in enumerate(result.overview.groups, start=1):
            refs = "".join(_source_link(i) for i in group.articles)
            if several:
                out.append(f"<h3>Event {number}: sources {refs}</h3>")
            else:
                out.append(f"<p>All {len(group.articles)} sources report the same event: {refs}.</p>")
            _group(out, group, 4 if several else 3, wordings)
        out.append("</section>")
    section_class = "articles after-overview" if has_overview else "articles"
    out.append(f'<section class="{section_class}" id="articles"><h2>Articles</h2>')
    if not result.articles:
        out.append("<p>No article could be used; see Skipped sources.</p>")
    for article in sections:
        _article(out, article, c.also_published(article, duplicates, result.articles))
    out += ["</section>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
