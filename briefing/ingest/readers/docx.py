"""The .docx reader: python-docx, after checks that the file is a sane Word package.

python-docx parses the package XML with ``resolve_entities=False`` (no external or
internal entity expansion) and lxml never fetches DTDs (``no_network`` is its default),
so a crafted ``document.xml`` cannot read local files or reach the network.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from datetime import datetime
from typing import Any

from briefing.errors import EmptyArticleError, InputError, InputTooLargeError, UnsupportedFormatError
from briefing.ingest.readers.base import Limits, ReadResult
from briefing.ingest.readers.meta import MetadataBuilder
from briefing.types import Block, BlockKind

log = logging.getLogger(__name__)

_ZIP_MAGIC = (b"PK\x03\x04",)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CELL_SEPARATOR = " | "
# Parts smaller than this are not checked for their compression ratio: tiny XML parts
# (styles, settings) legitimately compress 50-100x.
_RATIO_CHECK_FLOOR = 1024 * 1024
# Core properties python-docx writes into every document made from its default template;
# they say nothing about the article, so they are not taken as its metadata.
_TEMPLATE_AUTHORS = {"python-docx"}
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15)
_HEADING_STYLE = re.compile(r"^(?:heading|عنوان)\s*(\d)?", re.IGNORECASE)


def read_docx(data: bytes, name: str, meta: MetadataBuilder, limits: Limits) -> ReadResult:
    """Read a Word document: paragraphs in order, headings and list items typed, tables as rows.

    Metadata: the core properties ``title``, ``author`` (``creator``) and ``created`` (taken
    as the publication date; provenance ``docx:created`` says so), after the manifest.

    Raises:
        UnsupportedFormatError: The file is not a zip package (e.g. an old binary .doc).
        InputTooLargeError: The package unpacks to more than the limits allow (zip bomb).
        InputError: The package is damaged or is not a Word document.
        EmptyArticleError: The document has no text.
    """
    _check_package(data, name, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        _core_metadata(document, meta, name)
        blocks = _document_blocks(document, name, limits)
    except _damaged_errors() as exc:
        raise InputError(
            f"{name}: the Word file is damaged or incomplete ({type(exc).__name__}: {exc}); "
            "open it in Word or LibreOffice and save it again as .docx"
        ) from None
    if not any(block.text for block in blocks):
        raise EmptyArticleError(f"{name}: the Word document has no text")
    return blocks, None


ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    NotImplementedError,
    EOFError,
    RuntimeError,
    ValueError,
    KeyError,
)
"""What zipfile and zlib raise on a damaged or crafted package (found by fuzzing: a corrupt
deflate stream is a zlib.error, an unknown zip version a NotImplementedError, a cut one an
EOFError). Also what briefing's own-output check catches before this reader runs."""


def _damaged_errors() -> tuple[type[BaseException], ...]:
    """What zipfile, zlib, lxml and python-docx raise on a damaged or crafted package.

    Found by fuzzing (tests/ingest/test_ingest_fuzz.py): a flipped byte can surface as any of
    these, including NotImplementedError (unknown zip version) and AttributeError (a
    python-docx proxy over a part missing an element it expects).
    """
    import lxml.etree
    from docx.opc.exceptions import PackageNotFoundError

    return (
        *ZIP_ERRORS,
        IndexError,
        AttributeError,
        TypeError,
        PackageNotFoundError,
        lxml.etree.LxmlError,
    )


def _check_package(data: bytes, name: str, limits: Limits) -> None:
    """Raise unless ``data`` is a zip holding ``word/document.xml`` within the size limits."""
    if data.startswith(_OLE_MAGIC):
        raise UnsupportedFormatError(
            f"{name}: this is an old binary Word .doc file (or an encrypted .docx), not a .docx; "
            "open it in Word or LibreOffice and save it as .docx"
        )
    if not data.startswith(_ZIP_MAGIC):
        raise UnsupportedFormatError(
            f"{name}: not a Word .docx file (a .docx is a zip package; this file is not); "
            "save the document as .docx, or give its text as .txt"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except _damaged_errors() as exc:
        raise InputError(
            f"{name}: the Word file is damaged or truncated ({exc}); open it in Word and save it again"
        ) from None
    if len(members) > limits.docx_members:
        raise InputTooLargeError(
            f"{name}: the .docx package holds {len(members):,} parts, over the limit of "
            f"{limits.docx_members:,}; this is not an ordinary Word document"
        )
    total = sum(member.file_size for member in members)
    if total > limits.docx_unpacked_bytes:
        raise InputTooLargeError(
            f"{name}: the .docx unpacks to {total / 1e6:,.0f} MB, over the limit of "
            f"{limits.docx_unpacked_bytes / 1e6:,.0f} MB (a zip bomb, or a document full of media); "
            "save the article text alone as .docx or .txt"
        )
    for member in members:
        if member.file_size > _RATIO_CHECK_FLOOR and (
            member.compress_size == 0 or member.file_size / member.compress_size > limits.docx_ratio
        ):
            ratio = member.file_size / max(member.compress_size, 1)
            raise InputTooLargeError(
                f"{name}: part {member.filename!r} expands {ratio:,.0f}"
                f" times when unpacked (limit {limits.docx_ratio}); refusing a likely zip bomb"
            )
    if not any(member.filename == "word/document.xml" for member in members):
        raise UnsupportedFormatError(
            f"{name}: a zip package but not a Word document (no word/document.xml); "
            "give a .docx saved by Word or LibreOffice"
        )


def _core_metadata(document: Any, meta: MetadataBuilder, name: str) -> None:
    """Fill ``meta`` from the document's core properties (template defaults ignored)."""
    try:
        properties = document.core_properties
        title, author, created = properties.title, properties.author, properties.created
    except (ValueError, TypeError) as exc:  # malformed docProps/core.xml: text is still usable
        log.warning("%s: ignoring unreadable document properties (%s)", name, exc)
        return
    meta.add("title", title, "docx:title")
    if author and author.strip() not in _TEMPLATE_AUTHORS:
        meta.add("author", author, "docx:author")
    if created is not None and created.replace(tzinfo=None) != _TEMPLATE_CREATED:
        meta.add("published", created, "docx:created")


class _Budget:
    """Characters read so far, stopping the walk once one article's limit is passed.

    Counting while reading, not after, keeps a document of millions of short paragraphs from
    being turned into blocks in full before it is refused.
    """

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.used = name, limit, 0

    def take(self, text: str) -> None:
        """Count ``text``; raise InputTooLargeError once the total passes the limit."""
        self.used += len(text)
        if self.used > self.limit:
            raise InputTooLargeError(
                f"{self.name}: over {self.limit:,} characters of text, the limit for one article; "
                "split it into one file per article"
            )


_StyleLabels = tuple[str, str]
"""A paragraph style's name and id."""


def _paragraph_styles(document: Any) -> tuple[dict[str, _StyleLabels], _StyleLabels]:
    """Every paragraph style's name and id by id, and the default style's, read once.

    ``paragraph.style`` looks its style up by scanning every style of the document, so a
    file with many styles and many paragraphs cost their product (50,000 styles x 30,000
    paragraphs: minutes); one dictionary makes each look-up constant.
    """
    from docx.enum.style import WD_STYLE_TYPE

    styles: dict[str, _StyleLabels] = {}
    default: _StyleLabels = ("", "")
    try:
        for style in document.styles:
            if style.type != WD_STYLE_TYPE.PARAGRAPH or not style.style_id:
                continue
            labels = (style.name or "", style.style_id)
            styles.setdefault(style.style_id, labels)
            if style.element.default and default == ("", ""):
                default = labels
    except (KeyError, ValueError, AttributeError):  # a damaged styles part: styles are a hint only
        return {}, default
    return styles, default


def _document_blocks(document: Any, name: str, limits: Limits) -> tuple[Block, ...]:
    """Blocks of the document body in order (paragraphs and table rows interleaved)."""
    from docx.table import Table

    styles, default = _paragraph_styles(document)
    budget = _Budget(name, limits.text_chars)
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in _table_rows(item, name):
                budget.take(row.text)
                blocks.append(row)
            continue
        style_id = item._p.style
        kind, level = _paragraph_kind(item, styles.get(style_id, default) if style_id else default)
        for line in item.text.splitlines():
            line = " ".join(line.split())
            if line:
                budget.take(line)
                blocks.append(Block(line, kind, level))
    return tuple(blocks)


def _paragraph_kind(paragraph: Any, style: _StyleLabels) -> tuple[BlockKind, int]:
    """Block kind and heading level of a python-docx paragraph, from its style and numbering."""
    style_name, style_id = style
    for label in (style_name, style_id):
        if label.lower() == "title":
            return "heading", 1
        match = _HEADING_STYLE.match(label)
        if match:
            return "heading", int(match.group(1) or 1)
    p_pr = paragraph._p.pPr
    if style_name.lower().startswith("list") or (p_pr is not None and p_pr.numPr is not None):
        return "list_item", 0
    if "quote" in style_name.lower():
        return "quote", 0
    return "paragraph", 0


def _table_rows(table: Any, name: str) -> list[Block]:
    """One ``table_row`` block per row; a merged cell counted once per row, nested tables flattened.

    Walks the ``w:tc`` elements itself: python-docx's ``row.cells`` repeats a cell once per
    column it spans (``w:gridSpan`` is the file's to set, up to billions) and finds the cell
    above a vertical merge by counting rows from the top (quadratic in rows).
    """
    from docx.table import _Cell

    rows: list[Block] = []
    above: dict[int, str] = {}  # grid column -> text of the cell a vertical merge continues
    try:
        table_rows = list(table._tbl.tr_lst)
    except (ValueError, IndexError, AttributeError) as exc:
        log.warning("%s: skipping a malformed table (%s)", name, exc)
        return rows
    for tr in table_rows:
        cells: list[str] = []
        column = 0
        try:
            for tc in tr.tc_lst:
                if tc.vMerge == "continue":
                    text = above.get(column, "")
                else:
                    text = " ".join(_Cell(tc, table).text.split())
                    above[column] = text
                column += max(1, tc.grid_span)
                if text:
                    cells.append(text)
        except (ValueError, IndexError, AttributeError, TypeError) as exc:
            log.warning("%s: skipping a malformed table row (%s)", name, exc)
        if cells:
            rows.append(Block(_CELL_SEPARATOR.join(cells), "table_row"))
    return rows
