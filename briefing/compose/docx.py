"""The DOCX briefing: title block, contents, sources, overview, one section per article.

Layout decisions (checked on LibreOffice renders of the sample briefing, A4 and Letter):

* Portrait, 2 cm margins. Each column of the side-by-side table is about 8.5 cm wide, which
  gives 45-60 characters a line in English and about as many in Arabic: the measure of a
  newspaper column. Landscape doubled the line length and halved the rows a page holds, so
  pairs were harder to follow across the page.
* English left, Arabic right, rows kept whole on one page, the header row repeated.
* Every style is named (``Cell Arabic``, ``Attribution``, ``Briefing Table``...), so an editor
  can restyle the whole briefing from Word's style pane.
* Arabic paragraphs are right-to-left (``w:bidi``), their runs ``w:rtl`` with the complex-script
  font and size set explicitly, tagged ``ar-SA``; English stays left-to-right.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Inches, Length, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from briefing.compose import _common as c
from briefing.compose import _ooxml as ox
from briefing.errors import ConfigError
from briefing.result import BriefingResult
from briefing.types import EventGroup, KeyPoint, OverviewVersion, TranslatedSummary

# Arial carries Arabic glyphs on every Windows and macOS install of Word; where it is missing
# (Linux LibreOffice maps it to Liberation Sans, which has none), the renderer's own fallback
# picks an installed Arabic face such as Noto Naskh Arabic. Naming a font Word users lack
# would instead make Word substitute by family heuristics.
ARABIC_FONT = "Arial"
LATIN_FONT = "Calibri"
ARABIC_LANG = "ar-SA"  # Word's proofing tools identify Arabic by a regional tag; ar-SA is its default.
LATIN_LANG = "en-GB"

# Arabic letters at the same point size look about a size smaller than Latin ones (short
# x-height, dots), so the Arabic column is set 1.5 pt larger than the English one.
BODY_PT = 10.5
ARABIC_PT = 12.0

_PAPER = {
    # name: (width, height)
    "a4": (Cm(21.0), Cm(29.7)),
    "letter": (Inches(8.5), Inches(11)),
}
_MARGIN = Cm(2.0)
_SOURCES_COLUMN = Cm(2.4)

_HEADER_FILL = "E6ECF2"
_LOW_CONFIDENCE_FILL = "FFF1CC"
_MUTED = RGBColor(0x55, 0x5F, 0x6B)
_ACCENT = RGBColor(0x1F, 0x4E, 0x79)
_WARN = RGBColor(0xA0, 0x52, 0x00)

# Style names (public so tests and editors can find them).
STYLE_TITLE = "Briefing Title"
STYLE_META = "Briefing Meta"
STYLE_CONTENTS = "Contents Entry"
STYLE_LEGEND = "Legend"
STYLE_SOURCE = "Source Entry"
STYLE_SOURCE_AR = "Source Title Arabic"
STYLE_SOURCE_DETAIL = "Source Detail"
STYLE_SKIPPED = "Skipped Entry"
STYLE_HEADLINE_AR = "Headline Arabic"
STYLE_ATTRIBUTION = "Attribution"
STYLE_TABLE_HEADER = "Table Header"
STYLE_TABLE_HEADER_AR = "Table Header Arabic"
STYLE_CELL_EN = "Cell English"
STYLE_CELL_AR = "Cell Arabic"
STYLE_CELL_SOURCES = "Cell Sources"
STYLE_NOTE = "Overview Note"
STYLE_CITATION = "Citation"
STYLE_LOW_CONFIDENCE = "Low Confidence Mark"
STYLE_TABLE = "Briefing Table"
STYLE_HEADER_FOOTER = "Running Header"

_ARABIC_STYLES = (STYLE_SOURCE_AR, STYLE_HEADLINE_AR, STYLE_TABLE_HEADER_AR, STYLE_CELL_AR)


@dataclass(slots=True)
class _Context:
    """Per-document state: the document, its text width and the next bookmark id."""

    doc: DocumentObject
    text_width: Length
    wordings: c.WordingIndex
    duplicates: c.Duplicates
    style_ids: dict[str, str] = field(default_factory=dict)
    cs_sizes: dict[str, int] = field(default_factory=dict)
    next_bookmark: int = 1

    def bookmark(self, paragraph: Paragraph, name: str) -> None:
        ox.add_bookmark(paragraph._p, name, self.next_bookmark)
        self.next_bookmark += 1

    def add(self, container, style: str, text: str = "") -> Paragraph:
        """A new paragraph in ``container`` (document or cell) with paragraph style ``style``."""
        paragraph = container.add_paragraph(text)
        self.set_style(paragraph, style)
        return paragraph

    def set_style(self, paragraph: Paragraph, style: str) -> None:
        # By style id: python-docx's ``paragraph.style = ...`` scans every style of the
        # template on each call, which made a 100-article briefing take seconds.
        paragraph._p.get_or_add_pPr().style = self.style_ids[style]

    def run(self, paragraph: Paragraph, text: str, char_style: str):
        """A run with character style ``char_style``."""
        run = paragraph.add_run(text)
        run._r.get_or_add_rPr().style = self.style_ids[char_style]
        return run


def render_docx(result: BriefingResult, *, paper: str = "a4") -> bytes:
    """The briefing as DOCX bytes.

    Args:
        result: The briefing.
        paper: ``a4`` or ``letter``.

    Raises:
        ConfigError: Unknown paper size.
    """
    doc = build_document(result, paper=paper)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def build_document(result: BriefingResult, *, paper: str = "a4") -> DocumentObject:
    """The briefing as a python-docx ``Document`` (for callers that add to it before saving).

    Raises:
        ConfigError: Unknown paper size.
    """
    key = paper.strip().lower()
    if key not in _PAPER:
        raise ConfigError(f"unknown paper size {paper!r}; choose from {', '.join(_PAPER)}")
    doc = Document()
    width = _setup_page(doc, key)
    _define_styles(doc)
    ctx = _Context(
        doc=doc,
        text_width=width,
        wordings=c.WordingIndex(result.articles),
        duplicates=c.Duplicates.of(result.overview),
    )
    ctx.style_ids = {style.name: style.style_id for style in doc.styles}
    ctx.cs_sizes = {name: _style_cs_size(doc.styles[name]) for name in _ARABIC_STYLES}
    _set_core_properties(doc, result)
    _running_header_footer(doc, result)

    _title_block(ctx, result)
    _contents(ctx, result)
    _legend(ctx, result)
    _sources(ctx, result)
    if result.skipped:
        _skipped(ctx, result)
    if result.overview is not None and result.overview.groups:
        _overview(ctx, result)
    _articles(ctx, result)
    return doc


# --------------------------------------------------------------------------- page setup


def _setup_page(doc: DocumentObject, paper: str) -> Length:
    """Size, margins and orientation of the only section; returns the text width."""
    section = doc.sections[0]
    width, height = _PAPER[paper]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = _MARGIN
    section.top_margin = section.bottom_margin = _MARGIN
    section.header_distance = section.footer_distance = Cm(1.0)
    return Emu(width - 2 * _MARGIN)


def _set_core_properties(doc: DocumentObject, result: BriefingResult) -> None:
    props = doc.core_properties
    props.title = result.info.title
    props.subject = c.scope_line(result.articles, len(result.skipped))
    props.author = c.GENERATOR
    props.last_modified_by = c.GENERATOR
    props.comments = c.generator_line(result.info, _version())
    props.revision = 1
    created = _parse_created(result.info.created)
    if created is not None:
        props.created = created
        props.modified = created


def _parse_created(value: str) -> _dt.datetime | None:
    """The build time in UTC (core properties are stored in UTC), or None when not ISO 8601.

    ``BriefingInfo.created`` is local time; a value without an offset is read as this
    machine's local time.
    """
    try:
        moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(_dt.UTC)


def _version() -> str:
    from briefing import __version__

    return __version__


# ------------------------------------------------------------------------------ styles


def _paragraph_style(doc: DocumentObject, name: str, *, base: str = "Normal"):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def _arabic_style(style, *, size: float, bold: bool = False) -> None:
    """Make a paragraph style right-to-left with the Arabic complex-script font and size."""
    ox.set_rtl(style.element.get_or_add_pPr())
    rpr = style.element.get_or_add_rPr()
    ox.set_run_complex_script(rpr, font=ARABIC_FONT, size_half_points=round(size * 2))
    style.font.rtl = True
    style.font.cs_bold = bold
    ox.set_run_lang(rpr, val=LATIN_LANG, bidi=ARABIC_LANG)


def _small_text(style, *, size: float) -> None:
    """Latin size ``size`` and an Arabic (complex-script) size one point larger, for mixed lines."""
    style.font.size = Pt(size)
    ox.set_run_complex_script(
        style.element.get_or_add_rPr(), font=ARABIC_FONT, size_half_points=round(size * 2) + 2
    )


def _define_styles(doc: DocumentObject) -> None:
    """Every named style the briefing uses (see the ``STYLE_*`` constants)."""
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    normal_rpr = normal.element.get_or_add_rPr()
    ox.set_run_complex_script(normal_rpr, font=ARABIC_FONT, size_half_points=round(ARABIC_PT * 2))
    ox.set_run_lang(normal_rpr, val=LATIN_LANG, bidi=ARABIC_LANG)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1

    for level, size in ((1, 15), (2, 13), (3, 11.5)):
        heading = styles[f"Heading {level}"]
        heading.font.name = LATIN_FONT
        heading.font.size = Pt(size)
        heading.font.color.rgb = _ACCENT
        heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True

    title = _paragraph_style(doc, STYLE_TITLE, base="Title")
    title.font.name = LATIN_FONT
    title.font.size = Pt(24)
    title.font.color.rgb = _ACCENT
    title.paragraph_format.space_after = Pt(6)

    meta = _paragraph_style(doc, STYLE_META)
    _small_text(meta, size=10)
    meta.font.color.rgb = _MUTED
    meta.paragraph_format.space_after = Pt(1)

    contents = _paragraph_style(doc, STYLE_CONTENTS)
    contents.paragraph_format.left_indent = Cm(0.5)
    contents.paragraph_format.space_after = Pt(1)

    legend = _paragraph_style(doc, STYLE_LEGEND)
    _small_text(legend, size=8.5)
    legend.font.color.rgb = _MUTED
    legend.paragraph_format.space_after = Pt(2)

    source = _paragraph_style(doc, STYLE_SOURCE)
    source.paragraph_format.left_indent = Cm(0.8)
    source.paragraph_format.first_line_indent = Cm(-0.8)
    source.paragraph_format.space_before = Pt(4)
    source.paragraph_format.space_after = Pt(0)
    source.paragraph_format.keep_with_next = True

    source_ar = _paragraph_style(doc, STYLE_SOURCE_AR)
    _arabic_style(source_ar, size=ARABIC_PT)
    # In a right-to-left paragraph the indent that lines it up under the English title is the
    # one on the far (right) side of the page; "right" here is the paragraph's end.
    source_ar.paragraph_format.right_indent = Cm(0.8)
    source_ar.paragraph_format.space_after = Pt(0)
    source_ar.paragraph_format.keep_with_next = True

    detail = _paragraph_style(doc, STYLE_SOURCE_DETAIL)
    _small_text(detail, size=9)
    detail.font.color.rgb = _MUTED
    detail.paragraph_format.left_indent = Cm(0.8)
    detail.paragraph_format.space_after = Pt(2)

    skipped = _paragraph_style(doc, STYLE_SKIPPED)
    skipped.paragraph_format.left_indent = Cm(0.8)
    skipped.paragraph_format.first_line_indent = Cm(-0.8)

    headline_ar = _paragraph_style(doc, STYLE_HEADLINE_AR)
    _arabic_style(headline_ar, size=15, bold=True)
    headline_ar.font.size = Pt(13)
    headline_ar.font.bold = True
    headline_ar.paragraph_format.keep_with_next = True
    headline_ar.paragraph_format.space_after = Pt(2)

    attribution = _paragraph_style(doc, STYLE_ATTRIBUTION)
    _small_text(attribution, size=9)
    attribution.font.italic = True
    attribution.font.color.rgb = _MUTED
    attribution.paragraph_format.keep_with_next = True
    attribution.paragraph_format.space_after = Pt(6)

    note = _paragraph_style(doc, STYLE_NOTE)
    _small_text(note, size=9.5)
    note.paragraph_format.space_before = Pt(4)
    note.paragraph_format.keep_with_next = True

    header = _paragraph_style(doc, STYLE_TABLE_HEADER)
    header.font.bold = True
    header.font.size = Pt(9.5)
    header.paragraph_format.space_after = Pt(0)
    header.paragraph_format.keep_with_next = True
    header_ar = _paragraph_style(doc, STYLE_TABLE_HEADER_AR, base=STYLE_TABLE_HEADER)
    _arabic_style(header_ar, size=11, bold=True)

    cell_en = _paragraph_style(doc, STYLE_CELL_EN)
    cell_en.paragraph_format.space_after = Pt(0)
    cell_en.paragraph_format.line_spacing = 1.1
    cell_ar = _paragraph_style(doc, STYLE_CELL_AR)
    _arabic_style(cell_ar, size=ARABIC_PT)
    cell_ar.paragraph_format.space_after = Pt(0)
    cell_ar.paragraph_format.line_spacing = 1.15
    cell_sources = _paragraph_style(doc, STYLE_CELL_SOURCES)
    _small_text(cell_sources, size=9)
    cell_sources.paragraph_format.space_after = Pt(0)

    running = _paragraph_style(doc, STYLE_HEADER_FOOTER)
    _small_text(running, size=8.5)
    running.font.color.rgb = _MUTED
    running.paragraph_format.space_after = Pt(0)

    citation = styles.add_style(STYLE_CITATION, WD_STYLE_TYPE.CHARACTER)
    citation.font.size = Pt(8)
    citation.font.color.rgb = _ACCENT
    low = styles.add_style(STYLE_LOW_CONFIDENCE, WD_STYLE_TYPE.CHARACTER)
    low.font.bold = True
    low.font.color.rgb = _WARN

    table = styles.add_style(STYLE_TABLE, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Table Grid"]
    # The header row's shading and weight live in the table style's first-row condition, so
    # they are part of the style an editor can change, not direct formatting on each cell.
    table.element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow">'
            "<w:rPr><w:b/><w:bCs/></w:rPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{_HEADER_FILL}"/></w:tcPr>'
            "</w:tblStylePr>"
        )
    )


# ------------------------------------------------------------------ header and footer


def _running_header_footer(doc: DocumentObject, result: BriefingResult) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.style = doc.styles[STYLE_HEADER_FOOTER]
    header.add_run(result.info.title)
    header.add_run(f"  ·  {c.format_created(result.info.created)}")
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles[STYLE_HEADER_FOOTER]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    ox.add_field(footer._p, "PAGE")
    footer.add_run(" of ")
    ox.add_field(footer._p, "NUMPAGES")


# ---------------------------------------------------------------------------- parts


def _heading(ctx: _Context, text: str, level: int, bookmark: str | None = None) -> Paragraph:
    paragraph = ctx.add(ctx.doc, f"Heading {level}", text)
    if bookmark:
        ctx.bookmark(paragraph, bookmark)
    return paragraph


def _arabic_run(ctx: _Context, paragraph: Paragraph, text: str, style: str, *, bold: bool | None = None):
    """A right-to-left run with the Arabic font and the size of ``style`` set on the run itself."""
    run = paragraph.add_run(text)
    run.font.rtl = True
    rpr = run._r.get_or_add_rPr()
    ox.set_run_complex_script(rpr, font=ARABIC_FONT, size_half_points=ctx.cs_sizes[style])
    ox.set_run_lang(rpr, val=LATIN_LANG, bidi=ARABIC_LANG)
    if bold is not None:
        run.font.cs_bold = bold
    return run


def _style_cs_size(style) -> int:
    """The complex-script size (half-points) a paragraph style's chain sets, else the Arabic body size."""
    while style is not None:
        rpr = style.element.rPr
        if rpr is not None:
            sz = rpr.find(qn("w:szCs"))
            if sz is not None:
                return int(sz.get(qn("w:val")))
        style = style.base_style
    return round(ARABIC_PT * 2)


def _arabic_paragraph(
    ctx: _Context, container, text: str, style: str, *, bold: bool | None = None
) -> Paragraph:
    """A right-to-left paragraph holding one Arabic run (``container``: document or cell)."""
    paragraph = ctx.add(container, style)
    ox.set_rtl(paragraph._p.get_or_add_pPr())
    _arabic_run(ctx, paragraph, text, style, bold=bold)
    return paragraph


def _title_block(ctx: _Context, result: BriefingResult) -> None:
    doc = ctx.doc
    ctx.add(doc, STYLE_TITLE, result.info.title)
    ctx.add(doc, STYLE_META, f"Created {c.format_created(result.info.created)}")
    ctx.add(doc, STYLE_META, f"Scope: {c.scope_line(result.articles, len(result.skipped))}")
    ctx.add(doc, STYLE_META, f"Generated by {c.generator_line(result.info, _version())}")


def _contents(ctx: _Context, result: BriefingResult) -> None:
    _heading(ctx, "Contents", 1)
    entries: list[tuple[str, str]] = [("Sources", "sources")]
    if result.skipped:
        entries.append((f"Skipped sources ({len(result.skipped)})", "skipped"))
    if result.overview is not None and result.overview.groups:
        entries.append(("Overview: what the sources agree on and where they differ", "overview"))
    entries.extend(
        (f"{a.id}. {c.english_title(a)}", _article_anchor(a.id))
        for a in ctx.duplicates.sections(result.articles)
    )
    for text, anchor in entries:
        paragraph = ctx.add(ctx.doc, STYLE_CONTENTS)
        ox.add_internal_link(paragraph._p, anchor, text)


def _legend(ctx: _Context, result: BriefingResult) -> None:
    ctx.add(ctx.doc, STYLE_LEGEND, c.CITATION_LEGEND)
    low = sum(c.is_low_confidence(s.confidence) for a in result.articles for s in a.sentences)
    paragraph = ctx.add(ctx.doc, STYLE_LEGEND)
    ctx.run(paragraph, c.LOW_CONFIDENCE_MARK, STYLE_LOW_CONFIDENCE)
    paragraph.add_run(c.LOW_CONFIDENCE_LEGEND.removeprefix(c.LOW_CONFIDENCE_MARK))
    paragraph.add_run(f" Marked in this briefing: {low}.")


def _source_anchor(number: int) -> str:
    return f"source_{number}"


def _article_anchor(number: int) -> str:
    return f"article_{number}"


def _sources(ctx: _Context, result: BriefingResult) -> None:
    _heading(ctx, "Sources", 1, bookmark="sources")
    for article in result.articles:
        line = c.source_line(article)
        entry = ctx.add(ctx.doc, STYLE_SOURCE)
        entry.add_run(f"[{line.number}]\t").bold = True
        entry.add_run(c.english_title(article))
        ctx.bookmark(entry, _source_anchor(line.number))
        _arabic_paragraph(ctx, ctx.doc, line.title, STYLE_SOURCE_AR)
        detail = ctx.add(ctx.doc, STYLE_SOURCE_DETAIL)
        for i, (label, value) in enumerate(line.fields):
            if i:
                detail.add_run("  ·  ")
            detail.add_run(f"{label}: ").italic = True
            detail.add_run(value)
        note = c.copy_note(article, ctx.duplicates)
        if note:
            detail.add_run(f"  ·  {note}").italic = True


def _skipped(ctx: _Context, result: BriefingResult) -> None:
    _heading(ctx, "Skipped sources", 1, bookmark="skipped")
    ctx.add(
        ctx.doc,
        STYLE_LEGEND,
        "These inputs were not used; the reason says what to fix before building again.",
    )
    for item in result.skipped:
        paragraph = ctx.add(ctx.doc, STYLE_SKIPPED)
        paragraph.add_run(item.source).bold = True
        paragraph.add_run(f" — {item.reason}")


# ------------------------------------------------------------------------------ tables


def _new_table(ctx: _Context, widths: Sequence[Length], headers: Sequence[tuple[str, bool]]) -> Table:
    """A table in the briefing style with a repeated header row; ``headers``: (text, arabic)."""
    table = ctx.doc.add_table(rows=1, cols=len(widths))
    table._tbl.tblPr.style = ctx.style_ids[STYLE_TABLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    ox.set_table_fixed_layout(tblpr)
    # A little air above and below each row: without it the text touches the rules.
    ox.set_table_cell_margins(tblpr, top=45, bottom=45, side=100)
    ox.set_table_look(tblpr, first_row=True)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header_row = table.rows[0]
    trpr = header_row._tr.get_or_add_trPr()
    ox.set_row_header(trpr)
    ox.set_row_cant_split(trpr)
    for cell, width, (text, arabic) in zip(header_row.cells, widths, headers, strict=True):
        cell.width = width
        paragraph = cell.paragraphs[0]
        if arabic:
            ctx.set_style(paragraph, STYLE_TABLE_HEADER_AR)
            ox.set_rtl(paragraph._p.get_or_add_pPr())
            _arabic_run(ctx, paragraph, text, STYLE_TABLE_HEADER_AR, bold=True)
        else:
            ctx.set_style(paragraph, STYLE_TABLE_HEADER)
            paragraph.add_run(text)
    return table


def _add_row(table: Table, widths: Sequence[Length]) -> list[_Cell]:
    row = table.add_row()
    ox.set_row_cant_split(row._tr.get_or_add_trPr())
    cells = list(row.cells)
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width
    return cells


def _english_cell(
    ctx: _Context, cell: _Cell, text: str | None, *, cite: tuple[int, int] | None, confidence: float | None
) -> None:
    paragraph = cell.paragraphs[0]
    ctx.set_style(paragraph, STYLE_CELL_EN)
    paragraph.add_run(text if text else "(no translation)")
    if cite is not None:
        paragraph.add_run(" ")
        link = c.citation(*cite)
        ox.add_internal_link(
            paragraph._p, _source_anchor(cite[0]), link, char_style=ctx.style_ids[STYLE_CITATION]
        )
    if c.is_low_confidence(confidence):
        ctx.run(paragraph, f" {c.LOW_CONFIDENCE_MARK}", STYLE_LOW_CONFIDENCE)
        ox.set_cell_shading(cell._tc.get_or_add_tcPr(), _LOW_CONFIDENCE_FILL)


def _arabic_cell(ctx: _Context, cell: _Cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    ctx.set_style(paragraph, STYLE_CELL_AR)
    ox.set_rtl(paragraph._p.get_or_add_pPr())
    _arabic_run(ctx, paragraph, text, STYLE_CELL_AR)


def _sources_cell(ctx: _Context, cell: _Cell, sources: Iterable[int], *, single_note: bool) -> None:
    paragraph = cell.paragraphs[0]
    ctx.set_style(paragraph, STYLE_CELL_SOURCES)
    ids = list(sources)
    for number in ids:
        ox.add_internal_link(
            paragraph._p, _source_anchor(number), f"[{number}]", char_style=ctx.style_ids[STYLE_CITATION]
        )
    if single_note and len(ids) == 1:
        paragraph.add_run(" single source").italic = True


# ---------------------------------------------------------------------------- overview


def _overview(ctx: _Context, result: BriefingResult) -> None:
    overview = result.overview
    assert overview is not None
    _heading(ctx, "Overview", 1, bookmark="overview")
    titles = {a.id: c.english_title(a) for a in result.articles}
    several = len(overview.groups) > 1
    for number, group in enumerate(overview.groups, start=1):
        if several:
            _heading(ctx, f"Event {number}: sources {c.source_refs(group.articles)}", 2)
        elif group.articles:
            refs = c.source_refs(group.articles)
            ctx.add(ctx.doc, STYLE_NOTE, f"All {len(group.articles)} sources report the same event: {refs}.")
        _group(ctx, group, titles, several)


def _group(ctx: _Context, group: EventGroup, titles: dict[int, str], several: bool) -> None:
    level = 3 if several else 2
    widths = _three_column_widths(ctx)
    if group.key_points:
        _heading(ctx, "Key points", level)
        table = _new_table(ctx, widths, (("English", False), ("العربية", True), ("Sources", False)))
        for point in group.key_points:
            _version_row(ctx, table, widths, point)
    if group.differences:
        _heading(ctx, "Where sources differ", level)
        for difference in group.differences:
            ctx.add(ctx.doc, STYLE_NOTE, difference.topic).runs[0].bold = True
            table = _new_table(ctx, widths, (("English", False), ("العربية", True), ("Sources", False)))
            for version in difference.versions:
                _version_row(ctx, table, widths, version, single_note=False)
    for first, second in group.duplicates:
        ctx.add(
            ctx.doc,
            STYLE_NOTE,
            f"[{second}] repeats [{first}] ({titles.get(first, 'source ' + str(first))}): "
            f"shown once, under [{first}].",
        )


def _version_row(
    ctx: _Context,
    table: Table,
    widths: Sequence[Length],
    version: KeyPoint | OverviewVersion,
    *,
    single_note: bool = True,
) -> None:
    en, ar, src = _add_row(table, widths)
    found = ctx.wordings.find(version)
    cite = (found[0], found[1].index) if found else None
    confidence = found[1].confidence if found else None
    _english_cell(ctx, en, version.english, cite=cite, confidence=confidence)
    _arabic_cell(ctx, ar, version.arabic)
    _sources_cell(ctx, src, version.sources, single_note=single_note)


def _three_column_widths(ctx: _Context) -> list[Length]:
    text = ctx.text_width - _SOURCES_COLUMN
    return [Emu(text // 2), Emu(text - text // 2), _SOURCES_COLUMN]


# ---------------------------------------------------------------------------- articles


def _articles(ctx: _Context, result: BriefingResult) -> None:
    heading = _heading(ctx, "Articles", 1)
    if result.overview is not None and result.overview.groups:
        # The overview is read on its own; the articles start on a fresh page.
        heading.paragraph_format.page_break_before = True
    if not result.articles:
        ctx.add(ctx.doc, STYLE_NOTE, "No article could be used; see Skipped sources.")
    for article in ctx.duplicates.sections(result.articles):
        _article(ctx, article, c.also_published(article, ctx.duplicates, result.articles))


def _article(ctx: _Context, article: TranslatedSummary, also: str | None) -> None:
    _heading(ctx, f"{article.id}. {c.english_title(article)}", 2, bookmark=_article_anchor(article.id))
    _arabic_paragraph(ctx, ctx.doc, c.arabic_title(article), STYLE_HEADLINE_AR, bold=True)
    attribution = ctx.add(ctx.doc, STYLE_ATTRIBUTION)
    attribution.add_run(c.attribution(article))
    attribution.add_run(f"  ·  {c.sentences_line(article)}")
    if also:
        attribution.add_run(f"  ·  {also}")
    half = Emu(ctx.text_width // 2)
    widths = [half, Emu(ctx.text_width - half)]
    table = _new_table(ctx, widths, (("English", False), ("العربية", True)))
    for sentence in article.sentences:
        en, ar = _add_row(table, widths)
        cite = (article.id, sentence.index)
        _english_cell(ctx, en, sentence.english, cite=cite, confidence=sentence.confidence)
        _arabic_cell(ctx, ar, sentence.arabic)


__all__ = [
    "ARABIC_FONT",
    "build_document",
    "render_docx",
]
