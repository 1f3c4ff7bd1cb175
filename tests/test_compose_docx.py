"""The DOCX briefing, reopened with python-docx: cells, right-to-left properties, parts, marks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Inches

from briefing.compose import _common as common
from briefing.compose import _ooxml as ox
from briefing.compose import save
from briefing.compose.docx import ARABIC_FONT, STYLE_ATTRIBUTION, STYLE_CELL_AR, build_document
from briefing.errors import ConfigError
from briefing.types import TranslatedSentence
from tests.compose_sample import sample_result

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def result():
    return sample_result(skipped=True)


@pytest.fixture(scope="module")
def document(result, tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "briefing.docx"
    save(result, path)
    return docx.Document(str(path))


def _article_tables(document):
    """Tables whose header row is English | العربية (two columns): one per article, in order."""
    return [t for t in document.tables if len(t.columns) == 2 and t.rows[0].cells[0].text == "English"]


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_one_table_per_article_with_every_sentence_as_cleaned(result, document):
    tables = _article_tables(document)
    assert len(tables) == len(result.articles)
    for table, article in zip(tables, result.articles, strict=True):
        rows = table.rows[1:]
        assert [r.cells[1].text for r in rows] == [s.arabic for s in article.sentences]
        for row, sentence in zip(rows, article.sentences, strict=True):
            english = row.cells[0].text
            assert english.startswith(sentence.english)
            assert common.citation(article.id, sentence.index) in english


def test_arabic_paragraphs_and_runs_are_right_to_left(document):
    arabic_cells = [row.cells[1] for table in _article_tables(document) for row in table.rows]
    assert arabic_cells
    for cell in arabic_cells:
        for paragraph in cell.paragraphs:
            ppr = paragraph._p.pPr
            assert ppr is not None and ppr.find(qn("w:bidi")) is not None, paragraph.text
            for run in paragraph.runs:
                assert run.font.rtl is True
                rpr = run._r.rPr
                assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == ARABIC_FONT
                assert rpr.find(qn("w:szCs")) is not None
                assert rpr.find(qn("w:lang")).get(qn("w:bidi")).startswith("ar")


def test_english_cells_stay_left_to_right(document):
    for table in _article_tables(document):
        for row in table.rows:
            ppr = row.cells[0].paragraphs[0]._p.pPr
            assert ppr is None or ppr.find(qn("w:bidi")) is None


def test_arabic_headlines_are_right_to_left(result, document):
    headlines = [p for p in document.paragraphs if p.style.name == "Headline Arabic"]
    assert [p.text for p in headlines] == [common.arabic_title(a) for a in result.articles]
    for paragraph in headlines:
        assert paragraph._p.pPr.find(qn("w:bidi")) is not None
        assert all(run.font.rtl for run in paragraph.runs)


def test_arabic_styles_are_right_to_left_too(document):
    style = document.styles[STYLE_CELL_AR]
    assert style.element.pPr.find(qn("w:bidi")) is not None
    assert style.font.rtl is True


def test_attribution_line_per_article(result, document):
    lines = [p.text for p in document.paragraphs if p.style.name == STYLE_ATTRIBUTION]
    assert len(lines) == len(result.articles)
    for line, article in zip(lines, result.articles, strict=True):
        assert line.startswith(f"Source [{article.id}]")
        assert article.source.path in line
        if article.source.outlet:
            assert article.source.outlet in line


def test_sources_list_gives_metadata_and_encoding(result, document):
    text = _text(document)
    for article in result.articles:
        assert f"[{article.id}]" in text
        assert f"file: {article.source.path}" in text
    assert "encoding: utf-8" in text
    assert "outlet: أشكاين" in text


def test_skipped_sources_listed_with_reason(result, document):
    text = _text(document)
    assert "Skipped sources" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for skipped in result.skipped:
        assert skipped.source in text
        assert skipped.reason in text


def test_low_confidence_row_marked_and_legend_present(result, document):
    text = _text(document)
    assert common.LOW_CONFIDENCE_LEGEND.removeprefix(common.LOW_CONFIDENCE_MARK) in text
    marked = []
    for table, article in zip(_article_tables(document), result.articles, strict=True):
        for row, sentence in zip(table.rows[1:], article.sentences, strict=True):
            cell = row.cells[0]
            has_mark = cell.text.rstrip().endswith(common.LOW_CONFIDENCE_MARK)
            shading = cell._tc.tcPr.find(qn("w:shd"))
            assert has_mark == common.is_low_confidence(sentence.confidence)
            assert (shading is not None) == has_mark
            if has_mark:
                marked.append((article.id, sentence.index))
    assert marked == [(3, 5)]


def test_unknown_confidence_is_not_marked(result, tmp_path):
    article = result.articles[0]
    unknown = dataclasses.replace(
        article, sentences=tuple(dataclasses.replace(s, confidence=None) for s in article.sentences)
    )
    path = save(dataclasses.replace(result, articles=(unknown,), overview=None), tmp_path / "u.docx")
    table = _article_tables(docx.Document(str(path)))[0]
    assert all(common.LOW_CONFIDENCE_MARK not in row.cells[0].text for row in table.rows)


def test_rows_kept_whole_and_header_repeated(document):
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_named_styles_used(document):
    assert all(t.style.name == "Briefing Table" for t in document.tables)
    names = {p.style.name for p in document.paragraphs}
    assert {"Briefing Title", "Briefing Meta", "Source Entry", "Attribution", "Headline Arabic"} <= names


def test_citations_link_to_source_bookmarks(document):
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert {f"source_{i}" for i in range(1, 6)} <= bookmarks
    assert anchors and set(anchors) <= bookmarks
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_overview_first_with_key_points_and_differences(result, document):
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Overview") < headings.index("Articles")
    assert "Key points" in headings and "Where sources differ" in headings
    key_points = document.tables[0]
    assert [c.text for c in key_points.rows[0].cells] == ["English", "العربية", "Sources"]
    group = result.overview.groups[0]
    assert [r.cells[2].text for r in key_points.rows[1:]] == [
        common.source_refs(p.sources) + (" single source" if len(p.sources) == 1 else "")
        for p in group.key_points
    ]
    assert key_points.rows[1].cells[1].paragraphs[0]._p.pPr.find(qn("w:bidi")) is not None


def test_no_overview_part_without_overview(result, tmp_path):
    path = save(dataclasses.replace(result, overview=None), tmp_path / "plain.docx")
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
    assert "Overview" not in headings and "Articles" in headings


def test_core_properties_and_title_block(result, document):
    props = document.core_properties
    assert props.title == result.info.title
    assert props.created == dt.datetime(2026, 11, 24, 9, 0).astimezone(dt.UTC)
    assert document.paragraphs[0].text == result.info.title
    assert "5 sources" in _text(document)


def test_page_numbers_and_running_header(result, document):
    section = document.sections[0]
    assert result.info.title in section.header.paragraphs[0].text
    fields = [f.get(qn("w:instr")) for f in section.footer._element.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]


@pytest.mark.parametrize(("paper", "width"), [("a4", Cm(21.0)), ("letter", Inches(8.5))])
def test_paper_size_and_table_fits_text_width(result, paper, width):
    document = build_document(result, paper=paper)
    section = document.sections[0]
    assert abs(section.page_width - width) < Cm(0.01)
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        total = sum(col.width for col in table.columns)
        assert abs(total - text_width) < Cm(0.01)


def test_unknown_paper_is_an_error(result):
    with pytest.raises(ConfigError, match="unknown paper size 'a5'"):
        build_document(result, paper="a5")


def test_arabic_with_latin_digits_and_quotes_kept_as_written(result, tmp_path):
    mixed = "قال المسؤول إن الاجتماع في 15/8/2025 استمر 3.5 ساعات مع وفد NATO «بشكل مغلق»."
    article = result.articles[0]
    changed = dataclasses.replace(
        article, sentences=(TranslatedSentence(index=7, arabic=mixed, english="x", score=1.0),)
    )
    path = save(dataclasses.replace(result, articles=(changed,), overview=None), tmp_path / "m.docx")
    table = _article_tables(docx.Document(str(path)))[0]
    assert table.rows[1].cells[1].text == mixed
    assert "[1:8]" in table.rows[1].cells[0].text


def test_untranslated_title_gets_a_label(result, tmp_path):
    article = dataclasses.replace(result.articles[0], title_en=None)
    path = save(dataclasses.replace(result, articles=(article,), overview=None), tmp_path / "t.docx")
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 2"]
    assert headings == ["1. Article 1 (title not translated)"]


def test_set_rtl_follows_ppr_child_order():
    document = docx.Document()
    paragraph = document.add_paragraph("نص", style="Normal")
    paragraph.paragraph_format.space_after = 0  # w:spacing
    paragraph.alignment = 2  # w:jc
    paragraph.paragraph_format.keep_with_next = True  # w:keepNext
    ppr = paragraph._p.pPr
    ox.set_rtl(ppr)
    ox.set_rtl(ppr)  # idempotent
    tags = [child.tag.removeprefix(W) for child in ppr]
    assert tags.count("bidi") == 1
    assert tags.index("keepNext") < tags.index("bidi") < tags.index("spacing") < tags.index("jc")


def test_overview_points_cite_the_sentence_they_quote(result, document):
    key_points = document.tables[0]
    english = [r.cells[0].text for r in key_points.rows[1:]]
    # Sample points quote source 5 sentence 1, source 3 sentence 2 and source 4 sentence 4.
    assert [e.rsplit(" ", 1)[-1] for e in english] == ["[5:1]", "[3:2]", "[4:4]"]


def test_overview_point_without_a_matching_sentence_has_no_citation(result, tmp_path):
    group = result.overview.groups[0]
    point = dataclasses.replace(group.key_points[0], arabic="نص لا يطابق أي جملة.")
    overview = dataclasses.replace(
        result.overview, groups=(dataclasses.replace(group, key_points=(point,), differences=()),)
    )
    path = save(dataclasses.replace(result, overview=overview), tmp_path / "o.docx")
    cell = docx.Document(str(path)).tables[0].rows[1].cells[0].text
    assert cell == point.english


@pytest.mark.parametrize("part", ["document", "styles"])
def test_property_children_in_schema_order(document, part):
    """Word refuses files whose pPr/rPr/tcPr/tblPr children are out of order; LibreOffice does not."""
    root = document.element if part == "document" else document.styles.element
    orders = {
        "pPr": ox._PPR_ORDER,
        "rPr": ox._RPR_ORDER,
        "tcPr": ox._TCPR_ORDER,
        "tblPr": ox._TBLPR_ORDER,
    }
    checked = 0
    for name, order in orders.items():
        rank = {tag.removeprefix("w:"): i for i, tag in enumerate(order)}
        for element in root.iter(qn(f"w:{name}")):
            tags = [child.tag.removeprefix(W) for child in element if child.tag.startswith(W)]
            ranks = [rank[t] for t in tags if t in rank]
            assert ranks == sorted(ranks), (name, tags)
            checked += 1
    assert checked > 20
