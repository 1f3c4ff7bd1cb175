"""Flagged rows say why in every format, and the first page lists what to check."""

from __future__ import annotations

import io

import docx
import lxml.html

from briefing.compose import render
from briefing.compose.checks import CHECKS_LISTED, check_list, note, row_reasons
from briefing.compose.jsonout import from_dict, to_dict
from briefing.compose.marks import flag_mark
from briefing.compose.reviewdoc import review_briefing
from briefing.translation.review import ReviewedPair, ReviewResult

OMISSION = "about 45% of the Arabic has no English counterpart"
PAIRS = ReviewResult(
    (
        ReviewedPair(0, "ارتفعت أسعار النفط يوم الاثنين.", "Oil prices rose on Monday."),
        ReviewedPair(
            1,
            "قال الوزير إن المحادثات ستستأنف الأسبوع المقبل في مسقط بعد توقف طويل.",
            "The minister said talks would resume.",
            ("omission",),
            (("omission", OMISSION),),
        ),
    )
)


def _briefing():
    return review_briefing(PAIRS, source="in/pairs.tsv")


def test_markdown_marks_the_row_and_gives_the_reason_and_the_first_page_list():
    text = render(_briefing(), "md").decode("utf-8")
    mark = flag_mark("omission")
    head, _, body = text.partition("## Contents")
    assert "**Translations to check:** 1 of 2 translations is marked" in head
    assert f"[\\[1:2\\]](#article-1) — {mark} about 45% of the Arabic" in head
    row = next(line for line in body.splitlines() if "The minister said" in line)
    assert f"resume. {mark}<br>*Check: {mark} about 45% of the Arabic" in row
    assert "Check:" not in next(line for line in body.splitlines() if "Oil prices" in line)


def test_html_marks_the_row_and_links_the_first_page_entry_to_it():
    tree = lxml.html.fromstring(render(_briefing(), "html"))
    entry = tree.xpath("//div[@id='checks']//li/a")[0]
    assert entry.text_content() == "[1:2]" and entry.get("href") == "#s-1-1"
    row = tree.xpath("//tr[@id='s-1-1']")[0]
    assert "flagged" in row.get("class")
    assert (
        row.xpath(".//span[@class='check']")[0].text_content() == f"Check: {note(PAIRS.sentences[1].reasons)}"
    )
    assert not tree.xpath("//tr[@id='s-1-0']//span[@class='check']")


def test_docx_first_page_says_how_many_and_where():
    document = docx.Document(io.BytesIO(render(_briefing(), "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts.index(
        "Translations to check: 1 of 2 translations is marked for checking; the reasons are under each."
    ) < texts.index("Contents")
    assert f"[1:2] — {flag_mark('omission')} {OMISSION}" in texts


def test_json_carries_reasons_and_reads_them_back():
    data = to_dict(_briefing())
    sentence = data["articles"][0]["sentences"][1]
    assert sentence["flags"] == ["omission"] and sentence["reasons"] == {"omission": OMISSION}
    assert data["checks"] == {"flagged": 1, "total": 2}
    again = from_dict(data)
    assert again.articles[0].sentences[1].reasons == (("omission", OMISSION),)


def test_first_page_lists_a_dozen_and_counts_the_rest():
    many = ReviewResult(
        tuple(ReviewedPair(i, "نص عربي طويل بما يكفي", "Text", ("meaning",), ()) for i in range(20))
    )
    checks = check_list(review_briefing(many, source="x.tsv"))
    assert (checks.flagged, checks.total, len(checks.entries), checks.more) == (
        20,
        20,
        CHECKS_LISTED,
        20 - CHECKS_LISTED,
    )
    # A flag without a reason of its own (a result made before reasons) says what the legend says.
    assert checks.entries[0].reasons[0][1].startswith("the English seems to be about something else")


def test_low_confidence_reason_names_the_confidence():
    reasons = row_reasons(
        ("low-confidence", "numbers"), (("numbers", "the Arabic states 3; the English does not"),), -1.42
    )
    assert reasons[0] == ("low-confidence", "the model's own confidence is low (-1.42, below -1.0)")
    assert reasons[1][0] == "numbers"
