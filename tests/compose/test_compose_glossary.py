"""The glossary in every format: the first page's tally, the appendix report, JSON both ways."""

from __future__ import annotations

from dataclasses import replace

import pytest

from briefing.compose import jsonout, render
from briefing.result import BriefingResult
from briefing.types import GlossaryUse, Spelling, TermUse
from tests.compose_sample import sample_result


def _with_glossary() -> BriefingResult:
    result = sample_result(overview=False)
    first = result.articles[0]
    uses = (
        TermUse("بوتين", "Putin", True, "model", origin="desk.csv:2"),
        TermUse("أوكرانيا", "Ukraine", False, reason="no English word is aligned to it", origin="CLDR:UA"),
    )
    sentence = replace(first.sentences[0], terms=uses, flags=("term",))
    articles = (replace(first, sentences=(sentence, *first.sentences[1:])), *result.articles[1:])
    return replace(
        result,
        articles=articles,
        glossary=GlossaryUse(
            name="CLDR places + desk.csv", terms=584, digest="abc", found=2, applied=1, failed=1
        ),
        spellings=(Spelling("ترامب", "Trump", ("Tramp",), "glossary", 3, (1, 2)),),
    )


def test_json_carries_terms_glossary_and_spellings_both_ways() -> None:
    result = _with_glossary()
    data = jsonout.to_dict(result)
    assert data["glossary"]["applied"] == 1
    assert data["articles"][0]["sentences"][0]["terms"][1]["reason"] == "no English word is aligned to it"
    assert data["spellings"][0]["variants"] == ["Tramp"]
    back = jsonout.from_dict(data, BriefingResult)
    assert back.glossary == result.glossary
    assert back.spellings == result.spellings
    assert back.articles[0].sentences[0].terms == result.articles[0].sentences[0].terms


def test_json_validates_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(jsonout.load_schema())
    validator.validate(jsonout.to_dict(_with_glossary()))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_first_page_and_appendix_report_the_glossary(fmt: str) -> None:
    text = render(_with_glossary(), fmt).decode("utf-8")
    assert "glossary CLDR places + desk.csv (584 terms): 1 of 2 found applied, 1 failed" in text
    assert "Ukraine for \u2067أوكرانيا\u2069: failed: no English word is aligned to it" in text
    assert "Trump for \u2067ترامب\u2069 (glossary; also seen: Tramp)" in text
    assert "glossary term could not be put into the English" in text  # the legend


def test_without_a_glossary_nothing_is_said() -> None:
    text = render(sample_result(overview=False), "md").decode("utf-8")
    assert "glossary" not in text.casefold()
