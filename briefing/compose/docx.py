"""The DOCX briefing: title block, contents, sources, overview, articles, appendix.

Layout decisions (checked on LibreOffice renders of the sample briefing, A4 and Letter):

* Portrait, 2 cm margins. A narrow reference column (``[2:14]``) then English and Arabic
  columns of about 7.7 cm: 45-55 characters a line in English and about as many in Arabic,
  the measure of a newspaper column, as in the side-by-side of a translation agency.
* Light rules (0.5 pt grey between rows and columns, none at the outer edges); the header
  row shaded and repeated on each page; rows never split; headings, headlines, attribution
  and the table header kept with the first row; a table's last row kept with the one before.
* No forced page break: the articles follow the overview on the same page.
* Every style is named (``Cell Arabic``, ``Attribution``, ``Briefing Table``...), so an editor
  can restyle the whole briefing from Word's style pane.
* Arabic paragraphs are right-to-left (``w:bidi``), their runs ``w:rtl``, tagged ``ar-SA``, in
  a Naskh face named in the complex-script slot (``w:rFonts/@w:cs``) with its size
  (``w:szCs``); the Latin size ``w:sz`` is set to the same value so Latin words inside Arabic
  print at the Arabic size. Arabic is never italic.
* Mixed-direction lines (attribution, sources, contents) put each field in its own run
  between Unicode isolates, so an Arabic outlet cannot pull the day of an English date.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Inches, Length, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from briefing.compose import _ooxml as ox
from briefing.compose import labels
from briefing.compose import outline as o
from briefing.compose.checks import HEADING_CHECKS
from briefing.compose.checks import note as reason_note
from briefing.compose.links import link_target
from briefing.compose.marks import CITATION_LEGEND, flag_mark
from briefing.errors import ConfigError
from briefing.types import Briefing

# A Naskh face: the book and newspaper hand Arabic readers expect for running text (the sans
# DejaVu/Arial Arabic that LibreOffice falls back to outweighs the English beside it).
# Noto Naskh Arabic is free and packaged on Linux (fonts-noto-core); Word users who lack it
# pass --font-arabic with one of ARABIC_FONT_FALLBACKS. The font table entry says "Arabic
# charset, serif family", so a Word that lacks the named face substitutes a Naskh-like one
# (Traditional Arabic, Sakkal Majalla) rather than a sans.
ARABIC_FONT = "Noto Naskh Arabic"
ARABIC_FONT_FALLBACKS: tuple[tuple[str, str], ...] = (
    ("Sakkal Majalla", "Word on Windows 7 and later"),
    ("Traditional Arabic", "Word on Windows (older installs)"),
    ("Geeza Pro", "Word and Pages on macOS"),
    ("Amiri", "Linux: fonts-hosny-amiri"),
    ("Arial", "every Word install; a sans, the last resort"),
)
"""``(font, where it is installed)`` for ``--font-arabic``, in order of preference."""
LATIN_FONT = "Calibri"
ARABIC_LANG = "ar-SA"  # Word's proofing tools identify Arabic by a regional tag; ar-SA is its default.
LATIN_LANG = "en-GB"

# Naskh letters at the same point size look about two sizes smaller than Latin ones (short
# x-height, tall ascenders), so the Arabic column is set 2 pt larger than the English one.
BODY_PT = 10.5
ARABIC_PT = 12.5

_PAPER = {
    # name: (width, height)
    "a4": (Cm(21.0), Cm(29.7)),
    "letter": (Inches(8.5), Inches(11)),
}
_MARGIN = Cm(2.0)
# "[12:14]" in 8 pt plus the cell padding.
_REF_COLUMN = Cm(1.7)

_HEADER_FILL = "E6ECF2"
_LOW_CONFIDENCE_FILL = "FFF1CC"
_VALUE_FILL = "FFE08A"
_RULE = "BFC7CF"
_MUTED = RGBColor(0x55, 0x5F, 0x6B)
_ACCENT = RGBColor(0x1F, 0x4E, 0x79)
_WARN = RGBColor(0xA0, 0x52, 0x00)

# Style names (public so tests and editors can find them).
STYLE_TITLE = "Briefing Title"
STYLE_META = "Briefing Meta"
STYLE_CONTENTS = "Contents Entry"
STYLE_CONTENTS_AR = "Contents Entry Arabic"
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
STYLE_CELL_REF = "Cell Reference"
STYLE_CELL_NOTE = "Cell Note"
STYLE_NOTE = "Overview Note"
STYLE_APPENDIX = "Appendix Entry"
STYLE_CITATION = "Citation"
STYLE_LINK = "Web Link"
STYLE_ARABIC_RUN = "Arabic Inline"
STYLE_LOW_CONFIDENCE = "Low Confidence Mark"
STYLE_FLAG = "Flag Mark"
STYLE_VALUE = "Disputed Value"
STYLE_TABLE = "Briefing Table"
STYLE_HEADER_FOOTER = "Running Header"

_INLINE_CS_SIZE = 21  # half-points: Arabic inside an English line, a little larger than the Latin
_ARABIC_STYLES = (STYLE_CONTENTS_AR, STYLE_SOURCE_AR, STYLE_HEADLINE_AR, STYLE_TABLE_HEADER_AR, STYLE_CELL_AR)


@dataclass(slots=True)
class _Context:
    """Per-document state: the document, its text width, the outline, fonts and the next bookmark id."""

    doc: DocumentObject
    text_width: Length
    outline: o.Outline
    arabic_font: str
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


def render_docx(result: Briefing, *, paper: str = "a4", arabic_font: str | None = None) -> bytes:
    """The briefing as DOCX bytes.

    Args:
        result: The briefing.
        paper: ``a4`` or ``letter``.
        arabic_font: Arabic typeface (default :data:`ARABIC_FONT`).

    Raises:
        ConfigError: Unknown paper size or an empty font name.
    """
    doc = build_document(result, paper=paper, arabic_font=arabic_font)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def build_document(result: Briefing, *, paper: str = "a4", arabic_font: str | None = None) -> DocumentObject:
    """The briefing as a python-docx ``Document`` (for callers that add to it before saving).

    Raises:
        ConfigError: Unknown paper size or an empty font name.
    """
    key = paper.strip().lower()
    if key not in _PAPER:
        raise ConfigError(f"unknown paper size {paper!r}; choose from {', '.join(_PAPER)}")
    font = ARABIC_FONT if arabic_font is None else arabic_font.strip()
    if not font:
        raise ConfigError("the Arabic font name is empty; give a font such as 'Noto Naskh Arabic'")
    doc = Document()
    width = _setup_page(doc, key)
    _define_styles(doc, font)
    _declare_font(doc, font)
    outline = o.build_outline(result)
    ctx = _Context(doc=doc, text_width=width, outline=outline, arabic_font=font)
    ctx.style_ids = {style.name: style.style_id for style in doc.styles}
    ctx.cs_sizes = {name: _style_cs_size(doc.styles[name]) for name in _ARABIC_STYLES}
    ox.set_update_fields_on_open(doc.settings.element)
    _set_core_properties(doc, outline.title, result.info.created)
    _running_header_footer(doc, outline.title)
    for part in _PARTS:
        part(ctx)
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


def _set_core_properties(doc: DocumentObject, title: o.TitleBlock, created_at: str) -> None:
    """Title, subject (scope), author and comments (generator), and the build time (``created_at``)."""
    props = doc.core_properties
    props.title = labels.strip_bidi(title.title)  # file properties: plain text
    props.subject = title.scope
    props.author = o.GENERATOR
    props.last_modified_by = o.GENERATOR
    props.comments = title.generator
    props.revision = 1
    created = _parse_created(created_at)
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


def _declare_font(doc: DocumentObject, font: str) -> None:
    """Describe the Arabic face in the font table: Arabic charset, serif (Naskh) family.

    Word substitutes a missing font by these hints, so a machine without the named face gets
    an installed Arabic serif instead of whatever the template's theme font is.
    """
    part = doc.part.part_related_by(RT.FONT_TABLE) if _has_rel(doc, RT.FONT_TABLE) else None
    if part is None:
        return
    root = parse_xml(part.blob)
    for old in root.findall(qn("w:font")):
        if old.get(qn("w:name")) == font:
            root.remove(old)
    root.append(
        parse_xml(
            f'<w:font {nsdecls("w")} w:name="{_xml_attr(font)}">'
            '<w:charset w:val="B2"/><w:family w:val="roman"/><w:pitch w:val="variable"/>'
            "</w:font>"
        )
    )
    # python-docx loads the font table as a plain Part (bytes only, no XML API): the bytes are
    # replaced, which is what its own XmlPart does on save.
    part._blob = serialize_part_xml(root)


def _has_rel(doc: DocumentObject, reltype: str) -> bool:
    return any(rel.reltype == reltype for rel in doc.part.rels.values())


def _xml_attr(text: str) -> str:
    return quoteattr(text)[1:-1]


# ------------------------------------------------------------------------------ styles


def _paragraph_style(doc: DocumentObject, name: str, *, base: str = "Normal"):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def _arabic_style(style, font: str, *, size: float, bold: bool = False) -> None:
    """Make a paragraph style right-to-left with the Arabic font and size (Latin size too)."""
    ox.set_rtl(style.element.get_or_add_pPr())
    rpr = style.element.get_or_add_rPr()
    half_points = round(size * 2)
    ox.set_run_complex_script(rpr, font=font, size_half_points=half_points)
    ox.set_run_size(rpr, half_points)
    style.font.rtl = True
    style.font.cs_bold = bold
    style.font.italic = False
    ox.set_run_lang(rpr, val=LATIN_LANG, bidi=ARABIC_LANG)


def _small_text(style, font: str, *, size: float) -> None:
    """Latin size ``size`` and an Arabic (complex-script) size 1.5 pt larger, for mixed lines."""
    style.font.size = Pt(size)
    ox.set_run_complex_script(style.element.get_or_add_rPr(), font=font, size_half_points=round(size * 2) + 3)


def _define_styles(doc: DocumentObject, font: str) -> None:
    """Every named style the briefing uses (see the ``STYLE_*`` constants)."""
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    normal_rpr = normal.element.get_or_add_rPr()
    ox.set_run_complex_script(normal_rpr, font=font, size_half_points=round(ARABIC_PT * 2))
    ox.set_run_lang(normal_rpr, val=LATIN_LANG, bidi=ARABIC_LANG)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1

    for level, size in ((1, 15), (2, 12.5), (3, 11)):
        heading = styles[f"Heading {level}"]
        heading.font.name = LATIN_FONT
        heading.font.size = Pt(size)
        heading.font.color.rgb = _ACCENT
        heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        heading.paragraph_format.space_after = Pt(3)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.keep_together = True
        ox.set_run_complex_script(
            heading.element.get_or_add_rPr(), font=font, size_half_points=round(size * 2) + 3
        )

    title = _paragraph_style(doc, STYLE_TITLE, base="Title")
    title.font.name = LATIN_FONT
    title.font.size = Pt(20)
    title.font.color.rgb = _ACCENT
    title.paragraph_format.space_after = Pt(4)
    title.paragraph_format.keep_together = True

    meta = _paragraph_style(doc, STYLE_META)
    _small_text(meta, font, size=9.5)
    meta.font.color.rgb = _MUTED
    meta.paragraph_format.space_after = Pt(1)

    contents = _paragraph_style(doc, STYLE_CONTENTS)
    _small_text(contents, font, size=10)
    contents.paragraph_format.left_indent = Cm(0.6)
    contents.paragraph_format.first_line_indent = Cm(-0.6)
    contents.paragraph_format.space_after = Pt(1)

    contents_ar = _paragraph_style(doc, STYLE_CONTENTS_AR)
    _arabic_style(contents_ar, font, size=10.5)
    contents_ar.font.color.rgb = _MUTED
    contents_ar.paragraph_format.right_indent = Cm(1.0)
    contents_ar.paragraph_format.space_after = Pt(2)
    contents_ar.paragraph_format.line_spacing = 1.0

    legend = _paragraph_style(doc, STYLE_LEGEND)
    _small_text(legend, font, size=8.5)
    legend.font.color.rgb = _MUTED
    legend.paragraph_format.space_after = Pt(1)

    source = _paragraph_style(doc, STYLE_SOURCE)
    source.paragraph_format.left_indent = Cm(0.8)
    source.paragraph_format.first_line_indent = Cm(-0.8)
    source.paragraph_format.space_before = Pt(4)
    source.paragraph_format.space_after = Pt(0)
    source.paragraph_format.keep_with_next = True

    source_ar = _paragraph_style(doc, STYLE_SOURCE_AR)
    _arabic_style(source_ar, font, size=ARABIC_PT)
    # In a right-to-left paragraph the indent that lines it up under the English title is the
    # one on the far (right) side of the page; "right" here is the paragraph's end.
    source_ar.paragraph_format.right_indent = Cm(0.8)
    source_ar.paragraph_format.space_after = Pt(0)
    source_ar.paragraph_format.keep_with_next = True

    detail = _paragraph_style(doc, STYLE_SOURCE_DETAIL)
    _small_text(detail, font, size=9)
    detail.font.color.rgb = _MUTED
    detail.paragraph_format.left_indent = Cm(0.8)
    detail.paragraph_format.space_after = Pt(2)

    skipped = _paragraph_style(doc, STYLE_SKIPPED)
    skipped.paragraph_format.left_indent = Cm(0.8)
    skipped.paragraph_format.first_line_indent = Cm(-0.8)

    appendix = _paragraph_style(doc, STYLE_APPENDIX)
    _small_text(appendix, font, size=8.5)
    appendix.font.color.rgb = _MUTED
    appendix.paragraph_format.left_indent = Cm(0.8)
    appendix.paragraph_format.first_line_indent = Cm(-0.8)
    appendix.paragraph_format.space_after = Pt(2)

    headline_ar = _paragraph_style(doc, STYLE_HEADLINE_AR)
    # Naskh bold is light enough at 14 pt to sit under a 12.5 pt English heading without
    # outweighing it.
    _arabic_style(headline_ar, font, size=14, bold=True)
    headline_ar.font.bold = True
    headline_ar.paragraph_format.keep_with_next = True
    headline_ar.paragraph_format.keep_together = True
    headline_ar.paragraph_format.space_after = Pt(1)

    attribution = _paragraph_style(doc, STYLE_ATTRIBUTION)
    _small_text(attribution, font, size=9)
    attribution.font.color.rgb = _MUTED
    attribution.paragraph_format.keep_with_next = True
    attribution.paragraph_format.space_after = Pt(4)

    note = _paragraph_style(doc, STYLE_NOTE)
    _small_text(note, font, size=9.5)
    note.paragraph_format.space_before = Pt(3)
    note.paragraph_format.space_after = Pt(2)
    note.paragraph_format.keep_with_next = True

    header = _paragraph_style(doc, STYLE_TABLE_HEADER)
    header.font.bold = True
    header.font.size = Pt(9)
    header.font.color.rgb = _MUTED
    header.paragraph_format.space_after = Pt(0)
    header.paragraph_format.keep_with_next = True
    header_ar = _paragraph_style(doc, STYLE_TABLE_HEADER_AR, base=STYLE_TABLE_HEADER)
    _arabic_style(header_ar, font, size=10.5, bold=True)

    cell_en = _paragraph_style(doc, STYLE_CELL_EN)
    cell_en.paragraph_format.space_after = Pt(0)
    cell_en.paragraph_format.line_spacing = 1.1
    cell_ar = _paragraph_style(doc, STYLE_CELL_AR)
    _arabic_style(cell_ar, font, size=ARABIC_PT)
    cell_ar.paragraph_format.space_after = Pt(0)
    cell_ar.paragraph_format.line_spacing = 1.05
    cell_ref = _paragraph_style(doc, STYLE_CELL_REF)
    _small_text(cell_ref, font, size=8)
    cell_ref.paragraph_format.space_after = Pt(0)
    cell_ref.paragraph_format.line_spacing = 1.0
    cell_note = _paragraph_style(doc, STYLE_CELL_NOTE)
    _small_text(cell_note, font, size=8.5)
    cell_note.font.color.rgb = _MUTED
    cell_note.paragraph_format.space_before = Pt(2)
    cell_note.paragraph_format.space_after = Pt(0)

    running = _paragraph_style(doc, STYLE_HEADER_FOOTER)
    _small_text(running, font, size=8.5)
    running.font.color.rgb = _MUTED
    running.paragraph_format.space_after = Pt(0)

    citation = styles.add_style(STYLE_CITATION, WD_STYLE_TYPE.CHARACTER)
    citation.font.size = Pt(8)
    citation.font.color.rgb = _ACCENT
    link = styles.add_style(STYLE_LINK, WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = _ACCENT
    link.font.underline = True
    arabic_inline = styles.add_style(STYLE_ARABIC_RUN, WD_STYLE_TYPE.CHARACTER)
    arabic_inline.font.rtl = True
    arabic_inline.font.italic = False
    ox.set_run_complex_script(
        arabic_inline.element.get_or_add_rPr(), font=font, size_half_points=_INLINE_CS_SIZE
    )
    low = styles.add_style(STYLE_LOW_CONFIDENCE, WD_STYLE_TYPE.CHARACTER)
    low.font.bold = True
    low.font.color.rgb = _WARN
    flag = styles.add_style(STYLE_FLAG, WD_STYLE_TYPE.CHARACTER)
    flag.font.bold = True
    flag.font.color.rgb = _WARN
    value = styles.add_style(STYLE_VALUE, WD_STYLE_TYPE.CHARACTER)
    value.font.bold = True
    value.font.cs_bold = True
    ox.set_run_shading(value.element.get_or_add_rPr(), _VALUE_FILL)

    table = styles.add_style(STYLE_TABLE, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Normal Table"]
    table_pr = table.element.find(qn("w:tblPr"))
    if table_pr is None:
        table_pr = parse_xml(f"<w:tblPr {nsdecls('w')}/>")
        table.element.insert_element_before(table_pr, "w:trPr", "w:tcPr", "w:tblStylePr")
    ox.set_table_borders(table_pr, color=_RULE, size=4)
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


def _running_header_footer(doc: DocumentObject, title: o.TitleBlock) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.style = doc.styles[STYLE_HEADER_FOOTER]
    header.add_run(title.title)
    header.add_run(f"  ·  {title.created}")
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
    size = ctx.cs_sizes[style]
    ox.set_run_complex_script(rpr, font=ctx.arabic_font, size_half_points=size)
    ox.set_run_size(rpr, size)
    ox.set_run_lang(rpr, val=LATIN_LANG, bidi=ARABIC_LANG)
    if bold is not None:
        run.font.cs_bold = bold
    return run


def _inline_text(ctx: _Context, paragraph: Paragraph, text: str, *, isolate: bool = True):
    """Text inside a left-to-right line; Arabic in its own right-to-left run, isolated.

    Returns the run. The isolate controls keep the field's direction to itself; the separate
    ``w:rtl`` run gives it the Arabic font and shaping in Word.
    """
    if labels.has_arabic(text) and labels.starts_rtl(text):
        run = ctx.run(paragraph, labels.isolate(text) if isolate else text, STYLE_ARABIC_RUN)
        ox.set_run_lang(run._r.get_or_add_rPr(), val=LATIN_LANG, bidi=ARABIC_LANG)
        return run
    run = paragraph.add_run(labels.isolate(text) if isolate else text)
    if labels.has_arabic(text):
        # `BBC News عربي`: a right-to-left run would draw it `عربي BBC News`; a left-to-right
        # run with the Arabic face for its Arabic letters keeps the name's own order.
        rpr = run._r.get_or_add_rPr()
        ox.set_run_complex_script(rpr, font=ctx.arabic_font, size_half_points=_INLINE_CS_SIZE)
        ox.set_run_lang(rpr, val=LATIN_LANG, bidi=ARABIC_LANG)
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


def _attribution_runs(ctx: _Context, paragraph: Paragraph, fields: Iterable[o.Field]) -> None:
    """Outlet · author · date · link of a source, each field its own isolated run."""
    for i, item in enumerate(fields):
        if i:
            paragraph.add_run(" · ")
        href = link_target(item.href) if item.kind == "url" else None
        if href:
            rel_id = ctx.doc.part.relate_to(href, RT.HYPERLINK, is_external=True)
            ox.add_external_link(
                paragraph._p, rel_id, labels.isolate_ltr(item.text), char_style=ctx.style_ids[STYLE_LINK]
            )
        elif item.kind == "url":
            paragraph.add_run(labels.isolate_ltr(item.text))
        elif item.kind == "missing":
            paragraph.add_run(labels.isolate(item.text)).italic = True
        else:
            _inline_text(ctx, paragraph, item.text)


def _title_block(ctx: _Context) -> None:
    title = ctx.outline.title
    ctx.add(ctx.doc, STYLE_TITLE, title.title)
    for line in title.meta_lines():
        ctx.add(ctx.doc, STYLE_META, line)


_PART_ANCHORS = {"sources": "sources", "skipped": "skipped", "overview": "overview", "appendix": "appendix"}
"""Bookmarks of the parts; an article's is :func:`_article_anchor`."""

# The DOCX has always listed the appendix, even when no article was used and the appendix
# (and the other formats' entry for it) is left out; kept so that no output changes (issue 20).
_APPENDIX_ENTRY = o.ContentsEntry("appendix", o.HEADING_APPENDIX, o.HEADING_APPENDIX)


def _contents_entries(outline: o.Outline) -> list[o.ContentsEntry]:
    """The outline's contents, with the appendix entry the DOCX always lists."""
    entries = list(outline.contents)
    if not any(entry.part == "appendix" for entry in entries):
        entries.append(_APPENDIX_ENTRY)
    return entries


def _contents(ctx: _Context) -> None:
    """Contents with both titles of each article and page numbers (PAGEREF fields)."""
    _heading(ctx, o.HEADING_CONTENTS, 1)
    tab = ctx.text_width
    for entry in _contents_entries(ctx.outline):
        anchor = _article_anchor(entry.number or 0) if entry.part == "article" else _PART_ANCHORS[entry.part]
        paragraph = ctx.add(ctx.doc, STYLE_CONTENTS)
        paragraph.paragraph_format.tab_stops.add_tab_stop(tab, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        ox.add_internal_link(paragraph._p, anchor, entry.label)
        paragraph.add_run("\t")
        ox.add_complex_field(paragraph._p, f"PAGEREF {anchor} \\h", "–")
        if entry.arabic:
            # Its own right-to-left line: an Arabic title wrapped inside an English line
            # would read from the right end of one line into the left part of the next.
            paragraph.paragraph_format.keep_with_next = True
            _arabic_paragraph(ctx, ctx.doc, entry.arabic, STYLE_CONTENTS_AR)


def _checks(ctx: _Context) -> None:
    """First page: how many translations to check, and where (linked to the rows), with the reasons."""
    checks = ctx.outline.checks
    if checks is None:
        return
    head = ctx.add(ctx.doc, STYLE_NOTE)
    head.add_run(f"{HEADING_CHECKS}: ").bold = True
    head.add_run(checks.headline())
    for entry in checks.entries:
        paragraph = ctx.add(ctx.doc, STYLE_LEGEND)
        if entry.article:
            anchor = (
                _sentence_anchor(entry.article, entry.index)
                if entry.index >= 0
                else _article_anchor(entry.article)
            )
            ox.add_internal_link(paragraph._p, anchor, entry.where, char_style=ctx.style_ids[STYLE_CITATION])
        else:
            paragraph.add_run(entry.where)
        paragraph.add_run(f" — {reason_note(entry.reasons)}")
    if checks.more:
        ctx.add(ctx.doc, STYLE_LEGEND, f"… and {checks.more} more, marked in the text")


def _check_note(ctx: _Context, container: _Cell, reasons: Sequence[tuple[str, str]]) -> None:
    """The review's reasons in a small line under the English (nothing when there are none)."""
    if reasons:
        ctx.add(container, STYLE_CELL_NOTE, f"Check: {reason_note(reasons)}")


def _legend(ctx: _Context) -> None:
    ctx.add(ctx.doc, STYLE_LEGEND, CITATION_LEGEND)
    for entry in ctx.outline.legend:
        paragraph = ctx.add(ctx.doc, STYLE_LEGEND)
        ctx.run(paragraph, entry.mark, _mark_style(entry.flag))
        paragraph.add_run(f" {entry.line()}")


def _source_anchor(number: int) -> str:
    return f"source_{number}"


def _article_anchor(number: int) -> str:
    return f"article_{number}"


def _sources(ctx: _Context) -> None:
    _heading(ctx, o.HEADING_SOURCES, 1, bookmark="sources")
    for source in ctx.outline.sources:
        entry = ctx.add(ctx.doc, STYLE_SOURCE)
        entry.add_run(f"[{source.number}]\t").bold = True
        entry.add_run(source.english_title)
        ctx.bookmark(entry, _source_anchor(source.number))
        _arabic_paragraph(ctx, ctx.doc, source.arabic_title, STYLE_SOURCE_AR)
        detail = ctx.add(ctx.doc, STYLE_SOURCE_DETAIL)
        _attribution_runs(ctx, detail, source.attribution)
        if source.copy_note:
            detail.add_run(f" · {source.copy_note}")


def _skipped(ctx: _Context) -> None:
    if not ctx.outline.skipped:
        return
    _heading(ctx, o.HEADING_SKIPPED, 1, bookmark="skipped")
    ctx.add(
        ctx.doc,
        STYLE_LEGEND,
        "These inputs were not used; the reason says what to fix before building again.",
    )
    for item in ctx.outline.skipped:
        paragraph = ctx.add(ctx.doc, STYLE_SKIPPED)
        paragraph.add_run(labels.isolate_ltr(item.source)).bold = True
        paragraph.add_run(f" — {item.reason}")


def _appendix(ctx: _Context) -> None:
    """File, reader, encoding and metadata provenance of every source: for whoever rebuilds it."""
    if not ctx.outline.appendix:
        return
    _heading(ctx, o.HEADING_APPENDIX, 1, bookmark="appendix")
    for entry in ctx.outline.appendix:
        paragraph = ctx.add(ctx.doc, STYLE_APPENDIX)
        paragraph.add_run(f"[{entry.number}]\t").bold = True
        for i, (label, value) in enumerate(entry.facts):
            if i:
                paragraph.add_run(" · ")
            paragraph.add_run(f"{label}: ")
            _inline_text(ctx, paragraph, value)


# ------------------------------------------------------------------------------ tables


def _widths(ctx: _Context) -> list[Length]:
    """Reference, English and Arabic column widths (they add up to the text width)."""
    text = ctx.text_width - _REF_COLUMN
    return [_REF_COLUMN, Emu(text // 2), Emu(text - text // 2)]


_HEADERS = tuple(zip(o.TABLE_HEADERS, (False, False, True), strict=True))
"""Header cells: text, and whether it is Arabic."""


def _new_table(ctx: _Context, widths: Sequence[Length]) -> Table:
    """A table in the briefing style with a repeated header row."""
    table = ctx.doc.add_table(rows=1, cols=len(widths))
    table._tbl.tblPr.style = ctx.style_ids[STYLE_TABLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    ox.set_table_fixed_layout(tblpr)
    # A little air above and below each row: without it the text touches the rules.
    ox.set_table_cell_margins(tblpr, top=50, bottom=50, side=90)
    ox.set_table_look(tblpr, first_row=True)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header_row = table.rows[0]
    trpr = header_row._tr.get_or_add_trPr()
    ox.set_row_header(trpr)
    ox.set_row_cant_split(trpr)
    for cell, width, (text, arabic) in zip(header_row.cells, widths, _HEADERS, strict=True):
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


def _keep_rows_together(table: Table) -> None:
    """No lone row: a table of two rows is kept whole (its header, heading and topic with it).

    Longer tables break freely between rows (rows themselves never split). A keep-with-next
    in every cell of a row ties it to the next row in Word, but LibreOffice reads it as "keep
    the whole table together": tying the first or last row of longer tables pushed each
    three-row article table to a new page and left a third of the previous one empty on the
    sample (rows of five or six lines), so only the two-row case, where the tie costs little
    and a split leaves one row alone, is tied.
    """
    rows = table.rows
    if len(rows) - 1 != 2:
        return
    for cell in rows[1].cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _sentence_anchor(article_id: int, index: int) -> str:
    return f"sentence_{article_id}_{index}"


def _ref_cell(ctx: _Context, cell: _Cell, cites: Sequence[o.Cite], note: str | None = None) -> Paragraph:
    """Citations, one per line, each linked to its row in the articles (else to the source)."""
    paragraph = cell.paragraphs[0]
    ctx.set_style(paragraph, STYLE_CELL_REF)
    for i, cite in enumerate(cites):
        if i:
            paragraph.add_run().add_break()
        anchor = (
            _sentence_anchor(cite.article, cite.index) if cite.in_articles else _source_anchor(cite.article)
        )
        ox.add_internal_link(paragraph._p, anchor, cite.label, char_style=ctx.style_ids[STYLE_CITATION])
    if note:
        extra = ctx.add(cell, STYLE_CELL_NOTE, note)
        extra.paragraph_format.space_before = Pt(1)
    return paragraph


def _mark_style(flag: str) -> str:
    """The character style of a flag's mark (in the legend and after an English sentence)."""
    return STYLE_LOW_CONFIDENCE if flag == "low-confidence" else STYLE_FLAG


def _marks(ctx: _Context, paragraph: Paragraph, flags: Sequence[str]) -> None:
    for flag in flags:
        ctx.run(paragraph, f" {flag_mark(flag)}", _mark_style(flag))


def _highlighted(
    ctx: _Context, paragraph: Paragraph, text: str, values: Sequence[str], *, arabic: str | None
) -> None:
    """``text`` with each disputed value in the Disputed Value style (``arabic``: the cell style)."""
    for piece, disputed in labels.highlight_spans(text, values):
        run = _arabic_run(ctx, paragraph, piece, arabic) if arabic else paragraph.add_run(piece)
        if disputed:
            run._r.get_or_add_rPr().style = ctx.style_ids[STYLE_VALUE]


def _english_cell(
    ctx: _Context, cell: _Cell, text: str | None, flags: Sequence[str], values: Sequence[str] = ()
) -> Paragraph:
    paragraph = cell.paragraphs[0]
    ctx.set_style(paragraph, STYLE_CELL_EN)
    if text:
        _highlighted(ctx, paragraph, text, values, arabic=None)
    else:
        paragraph.add_run(o.NO_TRANSLATION).italic = True
    _marks(ctx, paragraph, flags)
    if flags:
        ox.set_cell_shading(cell._tc.get_or_add_tcPr(), _LOW_CONFIDENCE_FILL)
    return paragraph


def _arabic_cell(ctx: _Context, cell: _Cell, text: str, values: Sequence[str] = ()) -> None:
    paragraph = cell.paragraphs[0]
    ctx.set_style(paragraph, STYLE_CELL_AR)
    ox.set_rtl(paragraph._p.get_or_add_pPr())
    _highlighted(ctx, paragraph, text, values, arabic=STYLE_CELL_AR)


# ---------------------------------------------------------------------------- overview


def _overview(ctx: _Context) -> None:
    if ctx.outline.overview is None:
        return
    _heading(ctx, o.HEADING_OVERVIEW, 1, bookmark="overview")
    for group in ctx.outline.overview:
        intro = group.intro(labels.source_refs(group.articles))
        if group.several:
            _heading(ctx, intro, 2)
        elif group.articles:
            ctx.add(ctx.doc, STYLE_NOTE, intro)
        _group(ctx, group)
    if ctx.outline.single_stories:
        ctx.add(ctx.doc, STYLE_NOTE, o.SINGLE_STORIES + o.source_span(ctx.outline.single_stories) + ".")


def _group(ctx: _Context, group: o.GroupSection) -> None:
    level = 3 if group.several else 2
    if group.headline is not None:
        _point_table(ctx, [group.headline])
    for line in group.notes:
        ctx.add(ctx.doc, STYLE_NOTE, line)
    if group.key_points:
        _heading(ctx, o.HEADING_KEY_POINTS, level)
        _point_table(ctx, group.key_points)
    if group.differences:
        _heading(ctx, o.HEADING_DIFFERENCES, level)
        for difference in group.differences:
            topic = ctx.add(ctx.doc, STYLE_NOTE)
            topic.add_run(difference.topic).bold = True
            if difference.kind_label:
                topic.add_run(f" — {difference.kind_label}")
            _point_table(ctx, difference.rows)
    for note in group.duplicates:
        ctx.add(ctx.doc, STYLE_NOTE, note.sentence(named=True))
    if group.copy_extras:
        _heading(ctx, o.HEADING_COPY_EXTRAS, level)
        _point_table(ctx, group.copy_extras)


def _point_table(ctx: _Context, rows: Iterable[o.PointRow]) -> None:
    """A key-point or difference table: citations, English with its outlets, Arabic."""
    widths = _widths(ctx)
    table = _new_table(ctx, widths)
    for row in rows:
        ref, en, ar = _add_row(table, widths)
        _ref_cell(ctx, ref, row.cites)
        _english_cell(ctx, en, row.english, row.flags, row.values)
        _outlets(ctx, en, row)
        _check_note(ctx, en, row.reasons)
        _arabic_cell(ctx, ar, row.arabic, row.values)
    _keep_rows_together(table)


def _outlets(ctx: _Context, cell: _Cell, row: o.PointRow) -> None:
    """A small line under the English: the outlets that state the point, linked to Sources."""
    paragraph = ctx.add(cell, STYLE_CELL_NOTE, o.SOURCES_NOTE)
    for i, (number, outlet) in enumerate(row.outlets):
        if i:
            paragraph.add_run(" · ")
        ox.add_internal_link(
            paragraph._p, _source_anchor(number), f"[{number}]", char_style=ctx.style_ids[STYLE_CITATION]
        )
        paragraph.add_run(" ")
        _inline_text(ctx, paragraph, outlet)
    if row.single_source:
        paragraph.add_run(f" · {o.SINGLE_SOURCE}").italic = True


# ---------------------------------------------------------------------------- articles


def _articles(ctx: _Context) -> None:
    _heading(ctx, o.HEADING_ARTICLES, 1)
    if ctx.outline.articles_note:
        ctx.add(ctx.doc, STYLE_NOTE, ctx.outline.articles_note)
    for article in ctx.outline.articles:
        _article(ctx, article)


def _article(ctx: _Context, article: o.ArticleSection) -> None:
    heading = _heading(ctx, article.heading, 2, bookmark=_article_anchor(article.number))
    _marks(ctx, heading, article.title_flags)
    if article.title_reasons:
        ctx.add(ctx.doc, STYLE_NOTE, f"Check the headline: {reason_note(article.title_reasons)}")
    _arabic_paragraph(ctx, ctx.doc, article.arabic_title, STYLE_HEADLINE_AR, bold=True)
    attribution = ctx.add(ctx.doc, STYLE_ATTRIBUTION)
    ox.add_internal_link(
        attribution._p,
        _source_anchor(article.number),
        f"[{article.number}]",
        char_style=ctx.style_ids[STYLE_CITATION],
    )
    attribution.add_run(" ")
    _attribution_runs(ctx, attribution, article.attribution)
    attribution.add_run(f" · {article.sentences_line}")
    if article.also_published:
        attribution.add_run(f" · {article.also_published}")
    widths = _widths(ctx)
    table = _new_table(ctx, widths)
    for row in article.rows:
        ref, en, ar = _add_row(table, widths)
        cite = _ref_cell(ctx, ref, [row.cite])
        ctx.bookmark(cite, _sentence_anchor(row.cite.article, row.cite.index))
        _english_cell(ctx, en, row.english, row.flags)
        _check_note(ctx, en, row.reasons)
        _arabic_cell(ctx, ar, row.arabic)
    _keep_rows_together(table)


_PARTS = (_title_block, _checks, _contents, _legend, _sources, _skipped, _overview, _articles, _appendix)
"""The document's parts in reading order; a part with nothing to show adds nothing."""


__all__ = [
    "ARABIC_FONT",
    "ARABIC_FONT_FALLBACKS",
    "build_document",
    "render_docx",
]
