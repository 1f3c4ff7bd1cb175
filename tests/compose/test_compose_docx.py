"""The DOCX briefing, reopened with python-docx: cells, right-to-left properties, parts, marks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Inches

from briefing.compose import _ooxml as ox
from briefing.compose import labels, marks, outline, save
from briefing.compose.docx import ARABIC_FONT, STYLE_ATTRIBUTION, STYLE_CELL_AR, build_document
from briefing.errors import ConfigError
from briefing.types import FLAG_LEGEND, TranslatedSentence
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
    """Tables of the articles part (their rows are bookmarked sentence_N_I), in order."""
    return [
        t
        for t in document.tables
        if any(b.get(qn("w:name")).startswith("sentence_") for b in t._tbl.iter(qn("w:bookmarkStart")))
    ]


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_one_table_per_article_with_every_sentence_as_cleaned(result, document):
    tables = _article_tables(document)
    assert len(tables) == len(result.articles)
    for table, article in zip(tables, result.articles, strict=True):
        assert [c.text for c in table.rows[0].cells] == ["Ref.", "English", "العربية"]
        rows = table.rows[1:]
        assert [r.cells[2].text for r in rows] == [s.arabic for s in article.sentences]
        for row, sentence in zip(rows, article.sentences, strict=True):
            assert row.cells[1].text.startswith(sentence.english)
            assert row.cells[0].paragraphs[0].text == labels.citation(article.id, sentence.index)


def test_reference_column_is_narrow_and_rules_are_light(document):
    for table in document.tables:
        ref, english, arabic = (col.width for col in table.columns)
        assert ref <= Cm(1.8) and english > 4 * ref and arabic > 4 * ref
    style = document.styles["Briefing Table"].element
    borders = style.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    edges = {child.tag.removeprefix(W): child for child in borders}
    assert edges["left"].get(qn("w:val")) == edges["right"].get(qn("w:val")) == "nil"
    for edge in ("top", "bottom", "insideH", "insideV"):
        assert edges[edge].get(qn("w:sz")) == "4"  # 0.5 pt
        assert edges[edge].get(qn("w:color")) != "000000"


def test_arabic_paragraphs_and_runs_are_right_to_left(document):
    arabic_cells = [row.cells[2] for table in _article_tables(document) for row in table.rows]
    assert arabic_cells
    for cell in arabic_cells:
        for paragraph in cell.paragraphs:
            ppr = paragraph._p.pPr
            assert ppr is not None and ppr.find(qn("w:bidi")) is not None, paragraph.text
            for run in paragraph.runs:
                assert run.font.rtl is True
                rpr = run._r.rPr
                assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == ARABIC_FONT
                # Latin inside Arabic prints at the Arabic size: w:sz equals w:szCs.
                size = rpr.find(qn("w:szCs")).get(qn("w:val"))
                assert rpr.find(qn("w:sz")).get(qn("w:val")) == size
                assert rpr.find(qn("w:lang")).get(qn("w:bidi")).startswith("ar")
                assert run.font.italic is not True


def test_arabic_face_is_a_naskh_declared_in_the_font_table(result, tmp_path):
    assert ARABIC_FONT == "Noto Naskh Arabic"
    path = save(result, tmp_path / "f.docx", font_arabic="Sakkal Majalla")
    document = docx.Document(str(path))
    cells = [row.cells[2] for row in _article_tables(document)[0].rows[1:]]
    assert {r._r.rPr.find(qn("w:rFonts")).get(qn("w:cs")) for c in cells for r in c.paragraphs[0].runs} == {
        "Sakkal Majalla"
    }
    fonts = document.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.FONT_TABLE).blob.decode()
    assert 'w:name="Sakkal Majalla"><w:charset w:val="B2"/><w:family w:val="roman"/>' in fonts
    with pytest.raises(ConfigError, match="font name is empty"):
        build_document(result, arabic_font=" ")


def test_no_arabic_style_is_italic(document):
    for name in ("Attribution", "Cell Arabic", "Headline Arabic", "Arabic Inline", "Source Title Arabic"):
        assert document.styles[name].font.italic is not True


def test_english_cells_stay_left_to_right(document):
    for table in _article_tables(document):
        for row in table.rows:
            ppr = row.cells[0].paragraphs[0]._p.pPr
            assert ppr is None or ppr.find(qn("w:bidi")) is None


def test_arabic_headlines_are_right_to_left(result, document):
    headlines = [p for p in document.paragraphs if p.style.name == "Headline Arabic"]
    assert [p.text for p in headlines] == [outline.arabic_title(a) for a in result.articles]
    for paragraph in headlines:
        assert paragraph._p.pPr.find(qn("w:bidi")) is not None
        assert all(run.font.rtl for run in paragraph.runs)


def test_arabic_styles_are_right_to_left_too(document):
    style = document.styles[STYLE_CELL_AR]
    assert style.element.pPr.find(qn("w:bidi")) is not None
    assert style.font.rtl is True


def test_attribution_line_per_article(result, document):
    lines = [p for p in document.paragraphs if p.style.name == STYLE_ATTRIBUTION]
    assert len(lines) == len(result.articles)
    for paragraph, article in zip(lines, result.articles, strict=True):
        text = labels.strip_bidi(paragraph.text)
        assert text.startswith(f"[{article.id}] ")
        assert article.source.path not in text  # technical facts live in the appendix
        assert (article.source.outlet or "outlet not given") in text
        date = labels.format_date(article.source.published)
        # The date is one isolated run: an Arabic outlet before it cannot pull its day away.
        assert labels.isolate(date) in [r.text for r in paragraph.runs]
    third = lines[2]._p
    link = next(third.iter(qn("w:hyperlink")), None)
    links = [h for h in third.iter(qn("w:hyperlink")) if h.get(qn("r:id"))]
    assert link is not None and len(links) == 1
    rel = document.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == result.articles[2].source.url
    shown = "".join(t.text for t in links[0].iter(qn("w:t")))
    assert labels.strip_bidi(shown) == "news.example/الكرملين-يؤكد-التحضيرات?id=7731"


def test_sources_list_is_editorial_and_appendix_technical(result, document):
    details = [labels.strip_bidi(p.text) for p in document.paragraphs if p.style.name == "Source Detail"]
    assert details[0] == "outlet not given · 7 August 2025"
    assert details[1].startswith("صحيفة المساء · سامر خليل · 10 August 2025 · news.example/world/")
    assert not any("encoding" in d or "file:" in d for d in details)
    appendix = [labels.strip_bidi(p.text) for p in document.paragraphs if p.style.name == "Appendix Entry"]
    assert len(appendix) == len(result.articles)
    for entry, article in zip(appendix, result.articles, strict=True):
        assert f"file: {article.source.path}" in entry and "encoding: utf-8" in entry
    assert "outlet: manifest" in appendix[3]


def test_skipped_sources_listed_with_reason(result, document):
    text = _text(document)
    assert "Skipped sources" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for skipped in result.skipped:
        assert skipped.source in text
        assert skipped.reason in text


def test_flagged_rows_marked_and_legend_present(result, document):
    text = _text(document)
    assert "Low-confidence machine translation" in text
    assert f"{marks.flag_mark('numbers')} A {FLAG_LEGEND['numbers'].removeprefix('a ')}." in text
    marked = []
    for table, article in zip(_article_tables(document), result.articles, strict=True):
        for row, sentence in zip(table.rows[1:], article.sentences, strict=True):
            cell = row.cells[1]
            flags = marks.flags_of(sentence.confidence, sentence.flags)
            shading = cell._tc.tcPr.find(qn("w:shd"))
            assert cell.paragraphs[0].text.endswith("".join(f" {marks.flag_mark(f)}" for f in flags))
            assert (shading is not None) == bool(flags)
            # Each flagged row says why, in a note under the English (the review's reasons).
            assert cell.paragraphs[-1].text.startswith("Check: ") == bool(flags)
            if flags:
                marked.append((article.id, sentence.index, flags))
    assert marked == [(2, 0, ("numbers",)), (3, 5, ("low-confidence",))]


def test_unknown_confidence_is_not_marked(result, tmp_path):
    article = result.articles[0]
    unknown = dataclasses.replace(
        article, sentences=tuple(dataclasses.replace(s, confidence=None) for s in article.sentences)
    )
    path = save(dataclasses.replace(result, articles=(unknown,), overview=None), tmp_path / "u.docx")
    table = _article_tables(docx.Document(str(path)))[0]
    assert all(marks.LOW_CONFIDENCE_MARK not in row.cells[1].text for row in table.rows)


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


def test_citations_link_to_bookmarks(document):
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    assert {f"source_{i}" for i in range(1, 6)} <= bookmarks
    assert {"sentence_5_0", "sentence_3_5"} <= bookmarks
    assert anchors and set(anchors) <= bookmarks
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_overview_first_with_key_points_and_differences(result, document):
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Overview") < headings.index("Articles")
    assert "Key points" in headings and "Where sources differ" in headings
    key_points = document.tables[0]
    assert [c.text for c in key_points.rows[0].cells] == ["Ref.", "English", "العربية"]
    group = result.overview.groups[0]
    notes = [labels.strip_bidi(r.cells[1].paragraphs[1].text) for r in key_points.rows[1:]]
    assert notes == [
        "Sources: [4] أشكاين · [5] Gulf Daily Digest",
        "Sources: [4] أشكاين · [5] Gulf Daily Digest",
        "Sources: [2] صحيفة المساء · [3] وكالة الأنباء العربية",
        "Sources: [4] أشكاين · single source",
    ]
    assert len(notes) == len(group.key_points)
    assert key_points.rows[1].cells[2].paragraphs[0]._p.pPr.find(qn("w:bidi")) is not None
    overview_notes = [p.text for p in document.paragraphs if p.style.name == "Overview Note"]
    assert any("Written after the event (report): [4], [5]" in n for n in overview_notes)
    assert group.notes[0] in overview_notes
    assert "Duration of the talks — the durations differ" in overview_notes


def test_disputed_values_highlighted(document):
    difference = document.tables[1]
    style_id = document.styles["Disputed Value"].style_id
    highlighted = [
        run.text
        for row in difference.rows[1:]
        for cell in row.cells[1:]
        for run in cell.paragraphs[0].runs
        if run._r.rPr is not None and run._r.rPr.style == style_id
    ]
    assert highlighted == ["three hours", "لثلاث ساعات", "long hours", "لساعات طويلة"]


def test_article_rows_carry_only_their_citation(document):
    # The overview no longer repeats single-source summaries, so no row says "also in Overview".
    cells = [row.cells[0].text for table in _article_tables(document) for row in table.rows[1:]]
    assert cells and all(text.startswith("[") and text.endswith("]") and "\n" not in text for text in cells)


def test_no_overview_part_without_overview(result, tmp_path):
    path = save(dataclasses.replace(result, overview=None), tmp_path / "plain.docx")
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
    assert "Overview" not in headings and "Articles" in headings


def test_core_properties_and_title_block(result, document):
    props = document.core_properties
    assert props.title == result.info.title
    assert props.created == dt.datetime(2026, 11, 24, 9, 0).astimezone(dt.UTC)
    assert document.paragraphs[0].text == result.info.title
    meta = [p.text for p in document.paragraphs if p.style.name == "Briefing Meta"]
    assert len(meta) == 2 and meta[0].startswith("5 sources")


def test_default_title_is_drawn_from_the_articles(result, tmp_path):
    untitled = dataclasses.replace(result, info=dataclasses.replace(result.info, title="Briefing"))
    title = outline.display_title(untitled)
    # The overview cites sources 4 and 5 most; 4 comes first. Dates: 7-16 August 2025.
    assert (
        title == "Trump–Putin summit: three hours of negotiations revive hopes for…" + " · 7–16 August 2025"
    )
    document = docx.Document(str(save(untitled, tmp_path / "t.docx")))
    assert document.paragraphs[0].text == title and document.core_properties.title == title
    assert outline.display_title(dataclasses.replace(untitled, overview=None)).startswith(
        "Kremlin: the Putin"
    )
    assert outline.display_title(dataclasses.replace(untitled, articles=(), overview=None)) == "Briefing"


def test_no_forced_page_break_and_headings_keep_with_next(document):
    body = document.element.body
    assert not list(body.iter(qn("w:pageBreakBefore")))
    assert not [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    for name in ("Heading 1", "Heading 2", "Headline Arabic", "Attribution", "Table Header"):
        assert document.styles[name].paragraph_format.keep_with_next is True
    assert document.styles["Heading 2"].paragraph_format.keep_together is True


def test_two_row_tables_kept_whole(document):
    difference = document.tables[1]
    assert len(difference.rows) == 3
    assert all(p.paragraph_format.keep_with_next for c in difference.rows[1].cells for p in c.paragraphs)


def test_contents_has_both_titles_and_page_fields(result, document):
    entries = [p for p in document.paragraphs if p.style.name == "Contents Entry"]
    instructions = [" ".join(t.text for t in p._p.iter(qn("w:instrText"))).strip() for p in entries]
    assert instructions[:3] == ["PAGEREF sources \\h", "PAGEREF skipped \\h", "PAGEREF overview \\h"]
    assert instructions[-1] == "PAGEREF appendix \\h"
    arabic = [p.text for p in document.paragraphs if p.style.name == "Contents Entry Arabic"]
    assert arabic == [outline.arabic_title(a) for a in result.articles]
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


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
    assert table.rows[1].cells[2].text == mixed
    assert table.rows[1].cells[0].text == "[1:8]"


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


def test_overview_points_cite_the_sentence_they_quote(document):
    key_points = document.tables[0]
    refs = [r.cells[0].text for r in key_points.rows[1:]]
    # Derived from the wording ([5:1], [3:2], [4:4]) or given by the overview ([4:1] [5:1]).
    assert refs == ["[5:1]", "[4:1]\n[5:1]", "[3:2]", "[4:4]"]
    assert key_points.rows[2].cells[1].paragraphs[0].text.endswith(marks.LOW_CONFIDENCE_MARK)


def test_overview_point_without_a_matching_sentence_has_no_citation(result, tmp_path):
    group = result.overview.groups[0]
    point = dataclasses.replace(group.key_points[0], arabic="نص لا يطابق أي جملة.")
    overview = dataclasses.replace(
        result.overview, groups=(dataclasses.replace(group, key_points=(point,), differences=()),)
    )
    path = save(dataclasses.replace(result, overview=overview), tmp_path / "o.docx")
    row = docx.Document(str(path)).tables[0].rows[1]
    assert row.cells[0].text == ""
    assert row.cells[1].paragraphs[0].text == point.english


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
