"""The DOCX reader: structure, core properties, and hostile packages (zip bombs, XXE, non-zips)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest

from briefing.errors import EmptyArticleError, InputError, InputTooLargeError, UnsupportedFormatError
from briefing.ingest.read import ingest
from briefing.ingest.readers import Limits

FIRST = "أعلنت الحكومة، الاثنين، خطة لبناء 20 ألف وحدة سكنية في العاصمة خلال ثلاث سنوات."
SECOND = "وقال وزير الإسكان إن أولوية التوزيع ستكون للأسر الشابة ذات الدخل المحدود."


def build_docx(path: Path, *, properties: bool = True) -> Path:
    """A correspondent's Word file: title, headings, paragraphs, list, quote, table with merged cells."""
    document = docx.Document()
    document.add_paragraph("خطة سكنية جديدة في العاصمة", style="Title")
    document.add_paragraph(FIRST)
    document.add_heading("تفاصيل الخطة", level=2)
    document.add_paragraph(SECOND + "\nوأضاف أن التمويل مؤمن.")
    document.add_paragraph("المرحلة الأولى في الضواحي الشمالية.", style="List Bullet")
    document.add_paragraph("المرحلة الثانية في وسط المدينة.", style="List Number")
    document.add_paragraph("هذه الخطة ستغير وجه المدينة", style="Quote")
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate(
        [("المرحلة", "الوحدات", "الموعد"), ("الأولى", "8000", "2026"), ("الثانية", "", "")]
    ):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    merged.text = "12000 حتى 2028"
    document.add_paragraph("")
    document.add_paragraph("ويتوقع أن تبدأ الأعمال في الربع الأول من العام المقبل.")
    if properties:
        document.core_properties.title = "خطة الإسكان"
        document.core_properties.author = "مراسلنا في العاصمة"
        document.core_properties.created = datetime.fromisoformat("2025-02-03T09:30:00+00:00")
    document.save(path)
    return path


def test_docx_structure_in_order(tmp_path: Path) -> None:
    article = ingest(build_docx(tmp_path / "plan.docx"))
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("heading", "خطة سكنية جديدة في العاصمة"),
        ("paragraph", FIRST),
        ("heading", "تفاصيل الخطة"),
        ("paragraph", SECOND),
        ("paragraph", "وأضاف أن التمويل مؤمن."),
        ("list_item", "المرحلة الأولى في الضواحي الشمالية."),
        ("list_item", "المرحلة الثانية في وسط المدينة."),
        ("quote", "هذه الخطة ستغير وجه المدينة"),
        ("table_row", "المرحلة | الوحدات | الموعد"),
        ("table_row", "الأولى | 8000 | 2026"),
        ("table_row", "الثانية | 12000 حتى 2028"),  # the merged cell once
        ("paragraph", "ويتوقع أن تبدأ الأعمال في الربع الأول من العام المقبل."),
    ]
    assert article.blocks[2].level == 2


def test_docx_core_properties(tmp_path: Path) -> None:
    source = ingest(build_docx(tmp_path / "plan.docx")).source
    assert (source.format, source.encoding) == ("docx", None)
    assert (source.title, source.author, source.published) == (
        "خطة الإسكان",
        "مراسلنا في العاصمة",
        "2025-02-03T09:30:00+00:00",
    )
    assert dict(source.provenance) == {
        "title": "docx:title",
        "author": "docx:author",
        "published": "docx:created",
    }


def test_python_docx_template_defaults_are_not_metadata(tmp_path: Path) -> None:
    source = ingest(build_docx(tmp_path / "plan.docx", properties=False)).source
    assert source.author is None  # "python-docx"
    assert source.published is None  # the template's 2013 date


def test_document_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(EmptyArticleError, match=r"blank\.docx: the Word document has no text"):
        ingest(path)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("هذا ليس ملف وورد", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match=r"fake\.docx: not a Word \.docx file"):
        ingest(path)


def test_old_binary_doc(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(UnsupportedFormatError, match=r"old binary Word \.doc"):
        ingest(path)


def test_zip_without_document_part(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("notes.txt", "x")
    with pytest.raises(UnsupportedFormatError, match=r"no word/document\.xml"):
        ingest(path)


def test_zip_bomb_is_refused_without_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<w:document/>")
        package.writestr("word/media/zeros.bin", b"\0" * (8 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    with pytest.raises(InputTooLargeError, match="zip bomb"):
        ingest(path)
    with pytest.raises(InputTooLargeError, match="unpacks to"):
        ingest(path, limits=Limits(docx_unpacked_bytes=1024 * 1024))


def test_too_many_parts(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "plan.docx")
    with pytest.raises(InputTooLargeError, match="parts"):
        ingest(path, limits=Limits(docx_members=3))


def test_truncated_docx(tmp_path: Path) -> None:
    whole = build_docx(tmp_path / "plan.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match=r"cut\.docx: the Word file is damaged or truncated"):
        ingest(path)


def test_malformed_document_xml(tmp_path: Path) -> None:
    path = rewrite_part(build_docx(tmp_path / "plan.docx"), "word/document.xml", b"<w:document><w:body><w:p>")
    with pytest.raises(InputError, match="damaged or incomplete"):
        ingest(path)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    original = build_docx(tmp_path / "plan.docx")
    with zipfile.ZipFile(original) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    declaration, rest = xml.split("?>", 1)
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    xml = declaration + "?>" + doctype + rest.replace(FIRST, FIRST + " &xxe;", 1)
    path = rewrite_part(original, "word/document.xml", xml.encode("utf-8"))
    text = "\n".join(block.text for block in ingest(path).blocks)
    assert "SECRET-CONTENT" not in text
    assert FIRST in text


def rewrite_part(path: Path, part: str, data: bytes) -> Path:
    """Copy of the package at ``path`` with ``part`` replaced by ``data``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, data if item.filename == part else source.read(item.filename))
    out = path.with_name("rewritten-" + path.name)
    out.write_bytes(buffer.getvalue())
    return out
