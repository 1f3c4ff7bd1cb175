"""Issue 24's document details: mixed-direction names, the automatic title, contents numbers, URLs."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.compose import labels, outline
from briefing.compose.docx import build_document
from briefing.compose.html import render_html
from briefing.compose.jsonout import to_dict
from briefing.compose.markdown import render_markdown
from briefing.result import BriefingResult
from tests.compose_sample import sample_result

MIXED = "Radio Mundo عربي"  # a site's name that starts in Latin letters and ends in Arabic


@pytest.fixture(scope="module")
def result() -> BriefingResult:
    return sample_result()


def _with_outlet(result: BriefingResult, outlet: str) -> BriefingResult:
    first = result.articles[0]
    source = dataclasses.replace(first.source, outlet=outlet)
    summary = dataclasses.replace(
        first.summary, article=dataclasses.replace(first.summary.article, source=source)
    )
    return dataclasses.replace(
        result, articles=(dataclasses.replace(first, summary=summary), *result.articles[1:])
    )


@pytest.mark.parametrize(
    ("text", "rtl"),
    [(MIXED, False), ("عربي BBC", True), ("«الأهرام»", True), ("2025 Gulf", False), ("123", False)],
)
def test_starts_rtl_is_the_first_strong_letter(text: str, rtl: bool) -> None:
    assert labels.starts_rtl(text) is rtl


def test_html_keeps_a_latin_first_name_left_to_right(result: BriefingResult) -> None:
    html = render_html(_with_outlet(result, MIXED))
    assert f'<bdi dir="ltr" lang="ar">{MIXED}</bdi>' in html
    assert f'<bdi dir="rtl" lang="ar">{MIXED}</bdi>' not in html
    assert '<bdi dir="rtl" lang="ar">صحيفة المساء</bdi>' in html  # an Arabic name stays right-to-left


def test_docx_keeps_a_latin_first_name_in_a_left_to_right_run(result: BriefingResult) -> None:
    from docx.oxml.ns import qn

    document = build_document(_with_outlet(result, MIXED))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if MIXED in run.text]
    assert runs
    for run in runs:
        rpr = run._r.rPr
        assert rpr is None or rpr.find(qn("w:rtl")) is None  # not drawn right-to-left
        assert rpr is None or rpr.find(qn("w:rStyle")) is None or "Arabic" not in run.style.name
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        assert fonts is not None and fonts.get(qn("w:cs"))  # its Arabic letters get the Arabic face


def test_markdown_isolates_a_mixed_name_by_its_first_letter(result: BriefingResult) -> None:
    assert labels.isolate(MIXED) in render_markdown(_with_outlet(result, MIXED))  # FSI: first strong


def _arabic_headline(result: BriefingResult) -> BriefingResult:
    articles = tuple(
        dataclasses.replace(article, title_en=f"Putin and Trump meet in أنكوريج {article.id}")
        for article in result.articles
    )
    info = dataclasses.replace(result.info, title=outline.DEFAULT_TITLE)  # the automatic title
    return dataclasses.replace(result, info=info, articles=articles, overview=None)


def test_the_automatic_title_isolates_a_headline_holding_arabic(result: BriefingResult) -> None:
    briefing = _arabic_headline(result)
    event = "Putin and Trump meet in أنكوريج 1"
    span = labels.compact_date_range(briefing.articles)
    assert span == "7–16 August 2025"
    shown = f"{labels.isolate(event)} · {span}"
    assert outline.display_title(briefing, isolated=True) == shown
    assert outline.build_outline(briefing).title.title == shown
    assert f"# {shown}" in render_markdown(briefing)
    assert f"<h1>{shown}</h1>" in render_html(briefing)
    document = build_document(briefing)
    assert document.paragraphs[0].text == shown
    # Data, not display: JSON and the file's properties keep the plain text.
    assert to_dict(briefing)["info"]["title"] == f"{event} · {span}"
    assert document.core_properties.title == f"{event} · {span}"


def test_an_english_headline_is_left_as_it_is(result: BriefingResult) -> None:
    automatic = dataclasses.replace(
        result, info=dataclasses.replace(result.info, title=outline.DEFAULT_TITLE)
    )
    title = outline.display_title(automatic, isolated=True)
    assert title.endswith("7–16 August 2025") and labels.FSI not in title


def _with_copy(result: BriefingResult) -> BriefingResult:
    group = result.overview.groups[0]
    group = dataclasses.replace(group, articles=(1, 2, 3, 4, 5), duplicates=((2, 3),))
    return dataclasses.replace(result, overview=dataclasses.replace(result.overview, groups=(group,)))


def test_contents_number_every_source_and_a_copy_leads_to_the_article_it_copies(
    result: BriefingResult,
) -> None:
    briefing = _with_copy(result)
    entries = [entry for entry in outline.build_outline(briefing).contents if entry.part == "article"]
    assert [entry.label.split(".")[0] for entry in entries] == ["1", "2", "3", "4", "5"]
    copy = entries[2]
    assert copy.label.endswith("— a copy of 2, shown there") and copy.number == 2
    assert '<a href="#article-2">3. ' in render_html(briefing)
    assert "](#article-2) — " in render_markdown(briefing).split("## Sources")[0]
    document = build_document(briefing)
    listed = [p.text.split(".")[0] for p in document.paragraphs if p.style.name == "Contents Entry"]
    assert [n for n in listed if n.isdigit()] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://x.example/%D8%A7%D9%84%D9%82%D9%85%D8%A9?id=7", "https://x.example/القمة?id=7"),
        ("https://x.example/القمة?id=7", "https://x.example/القمة?id=7"),  # already readable
        ("https://x.example/a%2Fb%20c?q=%26", "https://x.example/a%2Fb%20c?q=%26"),  # delimiters stay
        ("https://x.example/%E9%E9", "https://x.example/%E9%E9"),  # not UTF-8: as written
    ],
)
def test_readable_url(url: str, shown: str) -> None:
    assert labels.readable_url(url) == shown


def test_appendix_urls_are_shown_one_way(result: BriefingResult) -> None:
    facts = dict(outline.technical_fields(result.articles[2].source))
    assert "%D8" not in facts["full URL"] and "الكرملين" in facts["full URL"]
