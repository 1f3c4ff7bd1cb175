"""build_briefing(): stages in order, skipped inputs recorded, stages swappable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing import build_briefing
from briefing.translation.stage import FakeTranslator
from briefing.types import ScoredSentence, Summary
from tests.paths import DATA, SAMPLES

INPUTS = SAMPLES
SAMPLES = sorted(p for p in INPUTS.iterdir() if p.suffix in {".txt", ".md"})


class ExplodingTranslator:
    name = "exploding"

    def translate_batch(self, texts):
        raise AssertionError("the translator must not be called")


def test_samples_build_with_fake_translator():
    translator = FakeTranslator()
    result = build_briefing([INPUTS], sentences=3, translator=translator, overview=False)
    assert len(result.articles) == len(SAMPLES) == 5
    assert result.skipped == ()
    for article in result.articles:
        assert 1 <= len(article.sentences) <= 3
        indices = [s.index for s in article.sentences]
        assert indices == sorted(indices)
        cleaned = article.summary.article.text
        for sentence in article.sentences:
            assert sentence.arabic in cleaned  # shown as written, not re-spelled
            assert sentence.english == f"[en] {sentence.arabic}"
        assert article.title_en and article.title_en.startswith("[en] ")
    assert [a.id for a in result.articles] == [1, 2, 3, 4, 5]
    assert len(translator.calls) == 1  # titles and sentences of all articles in one pass


def test_bad_inputs_are_skipped_and_the_rest_still_builds(tmp_path):
    shutil.copy(SAMPLES[1], tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "english.txt").write_text(
        "The summit between the two presidents lasted three hours. Both sides described the talks "
        "as constructive, and officials said a second meeting could follow in Moscow.\n",
        encoding="utf-8",
    )
    result = build_briefing([tmp_path], translator=FakeTranslator())
    assert [Path(a.source.path).name for a in result.articles] == ["good.txt"]
    reasons = {Path(s.source).name: s.reason for s in result.skipped}
    assert set(reasons) == {"empty.txt", "english.txt"}
    assert all(reason for reason in reasons.values())


def test_nothing_usable_loads_no_model(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    result = build_briefing([tmp_path], translator=ExplodingTranslator())
    assert result.articles == ()
    assert len(result.skipped) == 1


def test_custom_summarizer_and_progress():
    class FirstSentence:
        name = "first"

        def __call__(self, sentences, length):
            first = next(s for s in sentences.sentences if s.kind != "heading")
            return Summary(
                article=sentences.article,
                sentences=(ScoredSentence(index=first.index, text=first.text, score=1.0),),
                total=len(sentences.sentences),
                method=self.name,
            )

    events = []
    result = build_briefing(
        SAMPLES[:2],
        summarizer=FirstSentence(),
        translator=FakeTranslator(),
        overview=False,
        progress=lambda stage, done, total: events.append((stage, done, total)),
    )
    assert all(len(a.sentences) == 1 for a in result.articles)
    assert result.info.summarizer == "first"
    assert ("read", 2, 2) in events
    assert events[-1][0] == "translate" and events[-1][1] == events[-1][2]


def test_ratio_never_exceeds_article():
    result = build_briefing(SAMPLES[:1], ratio=1.0, translator=FakeTranslator(), overview=False)
    article = result.articles[0]
    assert len(article.sentences) <= article.summary.total


@pytest.mark.parametrize("count", [1, 4])
def test_sentence_count_is_respected(count):
    result = build_briefing(SAMPLES[1:2], sentences=count, translator=FakeTranslator(), overview=False)
    assert len(result.articles[0].sentences) == count


def test_near_duplicate_is_summarized_once():
    folder = DATA / "overview" / "duplicate"
    result = build_briefing([folder], translator=FakeTranslator())
    assert result.overview is not None
    pairs = [pair for group in result.overview.groups for pair in group.duplicates]
    assert pairs
    copies = {copy for _, copy in pairs}
    for article in result.articles:
        if article.id in copies:
            assert article.sentences == ()
            assert article.title_en  # still attributed in the sources list
        else:
            assert article.sentences


def test_overview_is_translated_with_the_articles():
    translator = FakeTranslator()
    result = build_briefing([DATA / "overview" / "fire"], translator=translator)
    assert result.overview is not None
    points = [p for g in result.overview.groups for p in g.key_points]
    assert points
    assert all(p.english == f"[en] {p.arabic}" for p in points)
    assert len(translator.calls) == 1
