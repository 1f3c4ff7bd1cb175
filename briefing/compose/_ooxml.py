"""The few WordprocessingML elements python-docx has no API for.

python-docx 1.2 covers styles, runs, tables and sections, but not paragraph direction
(``w:bidi``), complex-script size (``w:szCs``), repeated header rows, rows that must not split,
fields (page numbers), bookmarks or internal hyperlinks. Each is one small function here that
inserts the element at the place the schema's child order requires (Word rejects out-of-order
children as a corrupt file; LibreOffice silently ignores them).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

# Child order of w:pPr (CT_PPr, ECMA-376 Part 1, 17.3.1.26), as python-docx lists it.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip

# Child order of w:rPr (CT_RPr, 17.3.2.28).
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip

# Child order of w:tcPr (CT_TcPr, 17.4.70).
_TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)  # fmt: skip

# Child order of w:tblPr (CT_TblPr, 17.4.60).
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
)  # fmt: skip


def _put(parent: BaseOxmlElement, tag: str, order: tuple[str, ...], **attrs: str) -> BaseOxmlElement:
    """Set child ``tag`` of ``parent`` (replacing one already there) at its schema position."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = OxmlElement(tag)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    successors = order[order.index(tag) + 1 :]
    parent.insert_element_before(child, *successors)
    return child


def set_rtl(ppr: BaseOxmlElement) -> None:
    """Mark a paragraph (or paragraph style) right-to-left: ``<w:bidi/>`` in its ``w:pPr``.

    This is the paragraph direction: it puts the first word on the right, the alignment
    start on the right, and sentence punctuation at the left end. python-docx 1.2 has no
    property for it, so the element is inserted here in ``CT_PPr`` child order (after
    ``w:autoSpaceDN``, before ``w:adjustRightInd``/``w:spacing``/``w:jc``).
    """
    _put(ppr, "w:bidi", _PPR_ORDER)


def set_run_complex_script(rpr: BaseOxmlElement, *, font: str, size_half_points: int) -> None:
    """Complex-script font (``w:rFonts/@w:cs``) and size (``w:szCs``) of a run or style.

    Word and LibreOffice typeset Arabic with the ``cs`` slot, not the Latin font and size, so
    both are set explicitly instead of inheriting the template's theme font.
    """
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _put(rpr, "w:rFonts", _RPR_ORDER)
    fonts.set(qn("w:cs"), font)
    _put(rpr, "w:szCs", _RPR_ORDER, val=str(size_half_points))


def set_run_lang(rpr: BaseOxmlElement, *, bidi: str | None = None, val: str | None = None) -> None:
    """Language tags of a run (``w:lang``): ``bidi`` for complex script, ``val`` for Latin."""
    attrs = {}
    if val:
        attrs["val"] = val
    if bidi:
        attrs["bidi"] = bidi
    _put(rpr, "w:lang", _RPR_ORDER, **attrs)


def set_cell_shading(tcpr: BaseOxmlElement, fill: str) -> None:
    """Background colour of a table cell (hex RGB, e.g. ``FFF4D6``)."""
    _put(tcpr, "w:shd", _TCPR_ORDER, val="clear", color="auto", fill=fill)


def set_table_fixed_layout(tblpr: BaseOxmlElement) -> None:
    """Fixed layout: column widths as given, not stretched by a long URL or word."""
    _put(tblpr, "w:tblLayout", _TBLPR_ORDER, type="fixed")


def set_table_cell_margins(tblpr: BaseOxmlElement, *, top: int, bottom: int, side: int) -> None:
    """Default padding of every cell of a table, in twips (python-docx only sets it per cell)."""
    margins = _put(tblpr, "w:tblCellMar", _TBLPR_ORDER)
    for edge, value in (("top", top), ("left", side), ("bottom", bottom), ("right", side)):
        child = OxmlElement(f"w:{edge}")
        child.set(qn("w:w"), str(value))
        child.set(qn("w:type"), "dxa")
        margins.append(child)


def set_table_look(tblpr: BaseOxmlElement, *, first_row: bool = True, banded_rows: bool = False) -> None:
    """Which conditional parts of the table style apply (header row, banding)."""
    _put(
        tblpr,
        "w:tblLook",
        _TBLPR_ORDER,
        val="0420" if first_row else "0000",
        firstRow="1" if first_row else "0",
        lastRow="0",
        firstColumn="0",
        lastColumn="0",
        noHBand="0" if banded_rows else "1",
        noVBand="1",
    )


def set_row_header(trpr: BaseOxmlElement) -> None:
    """Repeat this row at the top of every page the table continues on (``w:tblHeader``)."""
    # CT_TrPrBase is an unordered choice group: append is valid.
    for old in trpr.findall(qn("w:tblHeader")):
        trpr.remove(old)
    trpr.append(OxmlElement("w:tblHeader"))


def set_row_cant_split(trpr: BaseOxmlElement) -> None:
    """Keep a row on one page (``w:cantSplit``); a row longer than a page still breaks."""
    for old in trpr.findall(qn("w:cantSplit")):
        trpr.remove(old)
    trpr.append(OxmlElement("w:cantSplit"))


def add_field(paragraph_element: BaseOxmlElement, instruction: str, placeholder: str = "1") -> None:
    """Append a simple field (``PAGE``, ``NUMPAGES``) whose result the viewer computes."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph_element.append(field)


def add_bookmark(paragraph_element: BaseOxmlElement, name: str, bookmark_id: int) -> None:
    """Bookmark the whole paragraph as ``name`` (target of internal links); ids unique per document."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    ppr = paragraph_element.find(qn("w:pPr"))
    index = 0 if ppr is None else list(paragraph_element).index(ppr) + 1
    paragraph_element.insert(index, start)
    paragraph_element.append(end)


def add_internal_link(
    paragraph_element: BaseOxmlElement, anchor: str, text: str, *, char_style: str | None = None
) -> BaseOxmlElement:
    """Append a run linking to bookmark ``anchor``; returns the ``w:r`` (to add run properties)."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    if char_style:
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), char_style)
        rpr.append(style)
        run.append(rpr)
    text_el = OxmlElement("w:t")
    text_el.text = text
    text_el.set(qn("xml:space"), "preserve")
    run.append(text_el)
    link.append(run)
    paragraph_element.append(link)
    return run


def set_run_size(rpr: BaseOxmlElement, half_points: int) -> None:
    """Latin size (``w:sz``) of a run or style, in half-points.

    Set on Arabic runs to the complex-script size too: LibreOffice sizes the Latin letters and
    digits inside an Arabic run by ``w:sz``, so without it "NATO" in an Arabic cell prints a
    size smaller than the Arabic around it.
    """
    _put(rpr, "w:sz", _RPR_ORDER, val=str(half_points))


def set_run_shading(rpr: BaseOxmlElement, fill: str) -> None:
    """Background of a run (hex RGB): how a disputed value is highlighted."""
    _put(rpr, "w:shd", _RPR_ORDER, val="clear", color="auto", fill=fill)


def set_table_borders(tblpr: BaseOxmlElement, *, color: str, size: int, vertical: bool = True) -> None:
    """Light rules of a table (or table style): top, bottom and between rows, optionally columns.

    ``size`` in eighths of a point (4 = 0.5 pt). No outer left/right rules: a side-by-side reads
    as two columns of text, not a grid.
    """
    borders = _put(tblpr, "w:tblBorders", _TBLPR_ORDER)
    edges = {"top": True, "left": False, "bottom": True, "right": False, "insideH": True, "insideV": vertical}
    for edge, drawn in edges.items():
        child = OxmlElement(f"w:{edge}")
        child.set(qn("w:val"), "single" if drawn else "nil")
        if drawn:
            child.set(qn("w:sz"), str(size))
            child.set(qn("w:space"), "0")
            child.set(qn("w:color"), color)
        borders.append(child)


def _field_run(kind: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def add_complex_field(
    paragraph_element: BaseOxmlElement, instruction: str, placeholder: str, *, char_style: str | None = None
) -> None:
    """Append a field as begin/instruction/separate/result/end runs (``PAGEREF x \\h``).

    The result shown until the viewer updates is ``placeholder``. LibreOffice computes
    ``PAGEREF`` as it lays the pages out; Word updates it on print, on F9, or when the
    document asks on opening (:func:`set_update_fields_on_open`).
    """
    paragraph_element.append(_field_run("begin"))
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run.append(instr)
    paragraph_element.append(instr_run)
    paragraph_element.append(_field_run("separate"))
    result = OxmlElement("w:r")
    if char_style:
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), char_style)
        rpr.append(style)
        result.append(rpr)
    text = OxmlElement("w:t")
    text.text = placeholder
    result.append(text)
    paragraph_element.append(result)
    paragraph_element.append(_field_run("end"))


def set_update_fields_on_open(settings_element: BaseOxmlElement) -> None:
    """Ask Word to update fields (contents page numbers) when the file is opened.

    ``w:updateFields`` sits late in CT_Settings' sequence; appending before the elements that
    must follow it (compat, rsids, math, theme font languages...) keeps the order valid.
    """
    for old in settings_element.findall(qn("w:updateFields")):
        settings_element.remove(old)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    followers = (
        "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
        "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
        "w:smartTagType", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
        "w:listSeparator",
    )  # fmt: skip
    settings_element.insert_element_before(update, *followers)


def add_external_link(
    paragraph_element: BaseOxmlElement, rel_id: str, text: str, *, char_style: str | None = None
) -> BaseOxmlElement:
    """Append a run linking to an external URL (relationship ``rel_id``); returns the ``w:r``."""
    link = add_internal_link(paragraph_element, "", text, char_style=char_style)
    hyperlink = link.getparent()
    del hyperlink.attrib[qn("w:anchor")]
    hyperlink.set(qn("r:id"), rel_id)
    return link
