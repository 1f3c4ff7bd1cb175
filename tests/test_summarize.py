"""Summarizers: length, order, counts, headings, determinism, MMR, registry, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli.main import main
from briefing.errors import ConfigError
from briefing.segment import segment
from briefing.summarize import (
    SUMMARIZERS,
    CentralityParams,
    CentralitySummarizer,
    LeadSummarizer,
    Length,
    Summarizer,
    get_summarizer,
    parse_length,
)
from briefing.types import Block, CleanArticle, Sentence, Sentences, SourceRef
from tests.builders import make_sentences
from tests.paths import SAMPLES

NEWS = (
    "عقد الرئيسان الروسي والأمريكي قمة في ألاسكا لبحث إنهاء الحرب في أوكرانيا.",
    "استمرت القمة ثلاث ساعات خلف الأبواب المغلقة في مدينة أنكوريدج.",
    "قال بوتين إن القمة في ألاسكا مهدت الطريق إلى السلام في أوكرانيا.",
    "وقال ترامب إن القمة حققت تقدماً كبيراً لكن الاتفاق النهائي لم يتحقق بعد.",
    "وتناول الطقس في المدينة أمطاراً خفيفة طوال اليوم.",
    "وأكد الكرملين أن قمة جديدة بين الرئيسين ستعقد في موسكو لإنهاء الحرب في أوكرانيا.",
)

ALL = sorted(SUMMARIZERS)


def _with_heading() -> Sentences:
    article = CleanArticle(
        source=SourceRef(path="a.txt", format="txt"),
        title="قمة ألاسكا",
        blocks=(Block("قمة ألاسكا والحرب في أوكرانيا", "heading", 2), *(Block(t, "paragraph") for t in NEWS)),
    )
    return segment(article)


# ----------------------------------------------------------------------------- length


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", Length(sentences=3)),
        (3, Length(sentences=3)),
        ("20%", Length(ratio=0.2)),
        (" 50 % ", Length(ratio=0.5)),
        ("0.25", Length(ratio=0.25)),
        (0.25, Length(ratio=0.25)),
        ("120w", Length(words=120)),
        ("120 words", Length(words=120)),
        (Length(words=5), Length(words=5)),
    ],
)
def test_parse_length(value: object, expected: Length) -> None:
    assert parse_length(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["", "abc", "-1", "0", "150%", "2.5w", "0%", True])
def test_parse_length_rejects(value: object) -> None:
    with pytest.raises(ConfigError, match="summary length"):
        parse_length(value)  # type: ignore[arg-type]


def test_length_count_keeps_at_least_one_and_at_most_all() -> None:
    assert Length(sentences=3).count(10) == 3
    assert Length(sentences=30).count(10) == 10
    assert Length(ratio=0.01).count(10) == 1
    assert Length(ratio=0.2).count(10) == 2
    assert Length(ratio=0.25).count(10) == 3  # rounds half up
    assert Length().count(10) == 5
    assert Length(sentences=3).count(0) == 0
    # A configured ratio or word budget wins over the default sentence count.
    assert Length(sentences=5, ratio=0.1).count(40) == 4


# ------------------------------------------------------------------------ behaviour


@pytest.mark.parametrize("name", ALL)
def test_summary_is_in_document_order_with_the_asked_count(name: str) -> None:
    summary = get_summarizer(name)(make_sentences(*NEWS), Length(sentences=3))
    indices = [s.index for s in summary.sentences]
    assert len(indices) == 3
    assert indices == sorted(indices)
    assert all(s.text == NEWS[s.index] for s in summary.sentences)
    assert summary.total == len(NEWS)


@pytest.mark.parametrize("name", ALL)
def test_never_more_than_the_article_has(name: str) -> None:
    summary = get_summarizer(name)(make_sentences(*NEWS[:2]), Length(sentences=10))
    assert [s.index for s in summary.sentences] == [0, 1]
    assert len(get_summarizer(name)(make_sentences(NEWS[0]), Length(ratio=0.1)).sentences) == 1


@pytest.mark.parametrize("name", ALL)
def test_headings_and_repeated_headline_are_not_candidates(name: str) -> None:
    sentences = _with_heading()
    assert sentences.sentences[0].kind == "heading"
    summary = get_summarizer(name)(sentences, Length(sentences=len(NEWS) + 1))
    assert 0 not in {s.index for s in summary.sentences}
    assert len(summary.sentences) == len(NEWS)


def test_headings_only_article_still_gives_a_sentence() -> None:
    article = CleanArticle(
        source=SourceRef(path="h.txt", format="txt"), title=None, blocks=(Block("عنوان فقط", "heading"),)
    )
    summary = get_summarizer("default")(segment(article), Length(sentences=3))
    assert [s.text for s in summary.sentences] == ["عنوان فقط"]


@pytest.mark.parametrize("name", ALL)
def test_empty_article_gives_empty_summary(name: str) -> None:
    summary = get_summarizer(name)(make_sentences(), Length(sentences=3))
    assert summary.sentences == ()


def test_words_budget_adds_in_rank_order_until_reached() -> None:
    lead = LeadSummarizer()
    first_words = len(NEWS[0].split())
    summary = lead(make_sentences(*NEWS), Length(words=first_words + 1))
    assert [s.index for s in summary.sentences] == [0, 1]  # the second crosses the budget
    summary = lead(make_sentences(*NEWS), Length(words=first_words))
    assert [s.index for s in summary.sentences] == [0]


@pytest.mark.parametrize("name", ALL)
def test_deterministic(name: str) -> None:
    first = get_summarizer(name)(make_sentences(*NEWS), Length(sentences=3))
    second = get_summarizer(name)(make_sentences(*NEWS), Length(sentences=3))
    assert first == second


def test_centrality_prefers_central_sentences_over_the_off_topic_one() -> None:
    summarizer = CentralitySummarizer(CentralityParams(position_weight=0.0, mmr_lambda=1.0))
    ranked = [s.index for s in summarizer.rank(make_sentences(*NEWS))]
    assert ranked[-1] == 4  # the weather sentence shares nothing with the rest


def test_lead_prior_puts_the_first_sentence_first() -> None:
    ranked = CentralitySummarizer().rank(make_sentences(*NEWS))
    assert ranked[0].index == 0


def test_mmr_skips_a_near_duplicate() -> None:
    texts = (
        "عقد الرئيسان قمة في ألاسكا لبحث إنهاء الحرب في أوكرانيا.",
        "عقد الرئيسان قمة في ألاسكا لبحث إنهاء الحرب في أوكرانيا اليوم.",
        "وقال الكرملين إن القمة المقبلة ستعقد في موسكو.",
        "وأعلن البيت الأبيض أن المحادثات كانت مثمرة.",
    )
    plain = CentralitySummarizer(CentralityParams(position_weight=0.9, mmr_lambda=1.0))
    mmr = CentralitySummarizer(CentralityParams(position_weight=0.9, mmr_lambda=0.5))
    assert [s.index for s in plain(make_sentences(*texts), Length(sentences=2)).sentences] == [0, 1]
    assert [s.index for s in mmr(make_sentences(*texts), Length(sentences=2)).sentences] == [0, 2]


def test_stemming_option_matches_clitic_variants() -> None:
    stemmed = CentralitySummarizer(CentralityParams(stem=True))
    scores, vectors = stemmed.relevance(["والكتاب الجديد", "كتاب جديد"])
    assert set(vectors[0]) == set(vectors[1])
    assert len(scores) == 2


def test_scores_are_returned_with_sentences() -> None:
    summary = get_summarizer("default")(make_sentences(*NEWS), Length(sentences=2))
    assert all(isinstance(s.score, float) and s.score > 0 for s in summary.sentences)
    assert summary.method == "default"


# ------------------------------------------------------------------------- registry


def test_registry_and_instances() -> None:
    assert {"default", "lead", "lexrank", "centrality"} <= set(SUMMARIZERS)
    assert get_summarizer(None).name == "default"
    assert get_summarizer(" LEAD ").name == "lead"
    custom = LeadSummarizer()
    assert get_summarizer(custom) is custom
    assert isinstance(custom, Summarizer)
    with pytest.raises(ConfigError, match=r"unknown summarizer 'nope'; choose one of: .*lead"):
        get_summarizer("nope")
    with pytest.raises(ConfigError, match="summarizer must be"):
        get_summarizer(42)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- fuzzing


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.text(max_size=80), max_size=12),
    count=st.integers(min_value=1, max_value=15),
    name=st.sampled_from(ALL),
)
def test_summarizers_never_raise_and_return_source_sentences(texts: list[str], count: int, name: str) -> None:
    sentences = Sentences(
        article=CleanArticle(source=SourceRef(path="f.txt", format="txt"), title=None, blocks=()),
        sentences=tuple(Sentence(i, t, i) for i, t in enumerate(texts)),
    )
    summary = get_summarizer(name)(sentences, Length(sentences=count))
    indices = [s.index for s in summary.sentences]
    assert indices == sorted(set(indices))
    assert len(indices) <= min(count, len(texts))
    assert all(s.text == texts[s.index] for s in summary.sentences)
    if any(t.strip() for t in texts):
        assert indices


# ------------------------------------------------------------------------------- CLI


def test_cli_summarize_prints_sentences_in_document_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(SAMPLES), "--sentences", "2"]) == 0
    out = capsys.readouterr().out
    headers = [line for line in out.splitlines() if line.startswith("# ")]
    assert len(headers) == 5
    assert len([line for line in out.splitlines() if line and not line.startswith("# ")]) == 10


def test_cli_summarize_json_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    sample = SAMPLES / "02-summit-expected-soon.txt"
    assert main(["summarize", str(sample), str(empty), "--ratio", "20%", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [sorted(entry) for entry in data] == [["sentences", "source"], ["sentences", "skipped", "source"]]
    first = data[0]
    assert first["source"].endswith("02-summit-expected-soon.txt")
    indices = [s["index"] for s in first["sentences"]]
    assert indices == sorted(indices) and len(indices) >= 1
    for sentence in first["sentences"]:
        assert sorted(sentence) == ["arabic", "index", "score"]
        assert sentence["arabic"] in sample.read_text(encoding="utf-8")
    assert data[1]["sentences"] == [] and data[1]["skipped"]
    assert "empty.txt" in captured.err


def test_cli_summarize_words_and_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = str(SAMPLES / "04-alaska-three-hour-talks.txt")
    assert main(["summarize", sample, "--words", "30", "--summarizer", "lead"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line and not line.startswith("# ")]
    assert sum(len(line.split()) for line in lines[:-1]) < 30 <= sum(len(line.split()) for line in lines)
    # Usage errors are argparse's: exit 2 with "briefing summarize: error: ..." (as in build).
    for bad in (["--summarizer", "nope"], ["--ratio", "3"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["summarize", sample, *bad])
        assert exit_info.value.code == 2
    assert "unknown summarizer" in capsys.readouterr().err
    missing = tmp_path / "missing.txt"
    assert main(["summarize", str(missing)]) == 1
    with pytest.raises(SystemExit):
        main(["summarize", sample, "--sentences", "2", "--words", "3"])


@pytest.mark.parametrize("name", ["default", "lexrank"])
def test_long_articles_rank_every_candidate_once(name: str) -> None:
    # More sentences than the LexRank graph and the MMR pool take.
    texts = [f"{NEWS[i % len(NEWS)][:-1]} رقم {i}." for i in range(350)]
    ranked = get_summarizer(name).rank(make_sentences(*texts))  # type: ignore[attr-defined]
    assert sorted(s.index for s in ranked) == list(range(350))


def test_fragments_come_last_in_the_default_ranking() -> None:
    texts = (
        "إلى جانب الزعيمين، شارك في المحادثات:",
        "التجارة",
        *NEWS[:3],
    )
    ranked = [s.index for s in CentralitySummarizer().rank(make_sentences(*texts))]
    assert ranked[-2:] in ([0, 1], [1, 0])
    summary = CentralitySummarizer()(make_sentences(*texts[:2]), Length(sentences=1))
    assert len(summary.sentences) == 1  # still summarized when only fragments exist


def test_reader_teasers_come_last() -> None:
    texts = (
        NEWS[0],
        "تعرّف على تفاصيل الاجتماع، أبرز النقاط الخلافية، وما يعنيه ذلك لمستقبل العلاقات الأمريكية الروسية.",
        *NEWS[1:3],
    )
    ranked = [s.index for s in CentralitySummarizer().rank(make_sentences(*texts))]
    assert ranked[-1] == 1


def test_list_items_rank_below_equally_placed_paragraphs() -> None:
    article = CleanArticle(
        source=SourceRef(path="l.txt", format="txt"),
        title=None,
        blocks=(
            Block(NEWS[0], "paragraph"),
            Block("التدخل الروسي في الانتخابات الأمريكية والأزمة الأوكرانية", "list_item"),
            Block(NEWS[2], "paragraph"),
        ),
    )
    params = CentralityParams(mmr_lambda=1.0)
    ranked = [s.index for s in CentralitySummarizer(params).rank(segment(article))]
    assert ranked == [0, 2, 1]
