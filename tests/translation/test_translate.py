"""The translation stage: splitting, de-duplication, batching, order, confidence."""

from __future__ import annotations

import pytest

from briefing.errors import ConfigError
from briefing.translation.stage import (
    FakeTranslator,
    estimate_tokens,
    translate_summaries,
    translate_texts,
)
from briefing.types import Translation
from tests.builders import make_summary


def count_words(text: str) -> int:
    """One token per word plus </s>: easy to reason about in tests."""
    return len(text.split()) + 1


class ReversingTranslator:
    """Returns results tagged with the batch they came in, to check order restoration."""

    name = "reversing"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def translate_batch(self, texts):
        self.batches.append(list(texts))
        return [Translation(text=f"EN<{t}>", confidence=-float(len(t))) for t in texts]


class ShortTranslator:
    name = "short"

    def translate_batch(self, texts):
        return [Translation(text="x")] * (len(texts) - 1)


def test_every_text_gets_its_own_translation_in_any_order():
    texts = ["ج ج ج", "أ", "ب ب"]
    out = translate_texts(texts, ReversingTranslator(), count_tokens=count_words)
    assert {k: v.text for k, v in out.items()} == {t: f"EN<{t}>" for t in texts}


def test_segments_are_sorted_by_length_and_deduplicated():
    translator = ReversingTranslator()
    translate_texts(["طويل جدا جدا", "قصير", "قصير", "متوسط الطول"], translator, batch_size=2)
    sent = [t for batch in translator.batches for t in batch]
    assert sent == sorted(set(sent), key=len)
    assert len(sent) == 3
    assert [len(b) for b in translator.batches] == [2, 1]


def test_long_sentence_is_split_and_nothing_is_dropped():
    words = [f"كلمة{i}" for i in range(50)]
    sentence = "، ".join(" ".join(words[i : i + 5]) for i in range(0, 50, 5)) + "."
    translator = FakeTranslator()
    out = translate_texts([sentence], translator, count_tokens=count_words, max_input_tokens=12)
    pieces = [t for call in translator.calls for t in call]
    assert len(pieces) > 1
    assert all(count_words(p) <= 12 for p in pieces)
    # Every source word reaches the model exactly once, in order across pieces.
    sent_words = " ".join(p for p in sorted(pieces, key=sentence.index)).split()
    assert [w.strip("،.") for w in sent_words] == [w.strip("،.") for w in sentence.split()]
    english = out[sentence].text
    for word in words:
        assert word in english


def test_split_confidence_is_weighted_mean_of_pieces():
    sentence = " ".join(["أ"] * 10) + "، " + " ".join(["ب"] * 30)
    out = translate_texts([sentence], ReversingTranslator(), count_tokens=count_words, max_input_tokens=32)
    assert out[sentence].confidence is not None
    assert out[sentence].confidence < 0


def test_translator_returning_too_few_results_is_an_error():
    with pytest.raises(RuntimeError, match="returned 1 results for 2 segments"):
        translate_texts(["أ", "ب"], ShortTranslator())


def test_bad_batch_size_is_a_config_error():
    with pytest.raises(ConfigError, match="batch size"):
        translate_texts(["أ"], FakeTranslator(), batch_size=0)


def test_progress_reports_done_and_total():
    calls = []
    translate_texts(["أ", "ب", "ج"], FakeTranslator(), batch_size=2, progress=lambda *a: calls.append(a))
    assert calls[0] == ("translate", 0, 3)
    assert calls[-1] == ("translate", 3, 3)


def test_translate_summaries_pairs_each_sentence_with_its_english_and_titles():
    first = make_summary("الجملة الأولى.", "الجملة الثانية.", title="العنوان الأول")
    second = make_summary("جملة أخرى.", title="العنوان الثاني", path="b.txt")
    translator = FakeTranslator()
    translated, table = translate_summaries([first, second], translator, extra_texts=["نقطة رئيسية"])
    assert [t.id for t in translated] == [1, 2]
    assert translated[0].title_en == "[en] العنوان الأول"
    assert [(s.index, s.arabic, s.english) for s in translated[0].sentences] == [
        (0, "الجملة الأولى.", "[en] الجملة الأولى."),
        (1, "الجملة الثانية.", "[en] الجملة الثانية."),
    ]
    assert all(s.segments == 1 and s.confidence == -0.1 for s in translated[0].sentences)
    assert table["نقطة رئيسية"].text == "[en] نقطة رئيسية"
    assert len(translator.calls) == 1  # one batched pass for everything


def test_estimate_is_an_upper_bound_style_count():
    assert estimate_tokens("") == 1
    assert estimate_tokens("مرحبا بالعالم") > len(["مرحبا", "بالعالم"])


class NumberMangler:
    """A fake model that drops Arabic-Indic digits from one text and alters them in another."""

    name = "mangler"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def translate_batch(self, texts):
        self.seen.extend(texts)
        out = []
        for text in texts:
            if "٢٧" in text:
                out.append(Translation(text="The number of victims rose to 72 people after the floods."))
            elif "ثلاثة ملايين" in text:
                out.append(Translation(text="Many people were displaced from the city last year."))
            elif "٣٫٥" in text:
                out.append(Translation(text="Inflation reached 3.5 percent in July.", flags=("cap",)))
            else:
                out.append(Translation(text="The minister said the talks would continue on Sunday."))
        return out


def test_sentences_that_lose_or_change_a_number_are_flagged():
    summary = make_summary(
        "ارتفع عدد الضحايا إلى ٢٧ شخصا بعد الفيضانات.",
        "نزح ثلاثة ملايين شخص من المدينة العام الماضي.",
        "بلغت نسبة التضخم ٣٫٥ في المئة في شهر يوليو.",
        "قال الوزير إن المحادثات ستستمر يوم الأحد.",
    )
    translated, table = translate_summaries([summary], NumberMangler())
    flags = [s.flags for s in translated[0].sentences]
    assert flags == [("numbers",), ("numbers",), ("cap",), ()]
    assert table["قال الوزير إن المحادثات ستستمر يوم الأحد."].flags == ()


def test_guards_judge_the_joined_pieces_and_keep_backend_flags():
    words = [f"كلمة{i}" for i in range(40)]
    sentence = "، ".join(" ".join(words[i : i + 5]) for i in range(0, 40, 5)) + "."

    class Looping:
        name = "looping"

        def translate_batch(self, texts):
            return [Translation(text="the war the war the war", flags=("cap",)) for _ in texts]

    out = translate_texts([sentence], Looping(), count_tokens=count_words, max_input_tokens=12)
    # The digits of كلمة0..كلمة39 are lost too: every guard sees the whole sentence.
    assert out[sentence].flags == ("numbers", "repetition", "cap", "meaning")


def test_model_sees_text_without_format_characters_and_the_briefing_keeps_it():
    shown = "\ufeffقال\u200c الوزير\u061c إن المحادثات\u200f ستستمر."
    translator = FakeTranslator()
    translated, _ = translate_summaries([make_summary(shown)], translator)
    assert "قال الوزير إن المحادثات ستستمر." in translator.calls[0]
    assert translated[0].sentences[0].arabic == shown


def test_the_model_limit_wins_over_a_larger_split_setting():
    class Small(FakeTranslator):
        max_input_tokens = 10

    translator = Small()
    sentence = " ".join(f"كلمة{i}" for i in range(30))
    translate_texts([sentence], translator, count_tokens=count_words, max_input_tokens=400)
    assert all(count_words(piece) <= 10 for call in translator.calls for piece in call)


def test_overview_points_get_the_flags_of_their_translation():
    from briefing.translation.stage import flag_overview
    from briefing.types import Difference, EventGroup, KeyPoint, Overview, OverviewVersion

    point = KeyPoint(arabic="نزح ثلاثة ملايين شخص", english=None, sources=(1, 2))
    version = OverviewVersion(arabic="قتل ٢٧ شخصا", english=None, sources=(1,))
    overview = Overview(
        groups=(
            EventGroup(
                articles=(1, 2),
                key_points=(point,),
                differences=(Difference(topic="toll", versions=(version,)),),
            ),
        )
    )
    table = {
        point.arabic: Translation(text="Many were displaced", confidence=-0.5, flags=("numbers",)),
        version.arabic: Translation(text="27 were killed", confidence=-0.2),
    }
    flagged = flag_overview(overview, table)
    assert flagged.groups[0].key_points[0].flags == ("numbers",)
    assert flagged.groups[0].key_points[0].confidence == -0.5
    assert flagged.groups[0].differences[0].versions[0].flags == ()


def test_flags_reach_the_json_and_validate_against_the_schema():
    import jsonschema

    from briefing.compose.jsonout import from_dict, load_schema, to_dict
    from briefing.result import BriefingResult
    from briefing.types import BriefingInfo

    summary = make_summary("ارتفع عدد الضحايا إلى ٢٧ شخصا بعد الفيضانات.", "قال الوزير إن المحادثات ستستمر.")
    translated, _ = translate_summaries([summary], NumberMangler())
    result = BriefingResult(
        info=BriefingInfo(title="t", created="2025-01-01T00:00:00+00:00"), articles=tuple(translated)
    )
    data = to_dict(result)
    jsonschema.validate(data, load_schema())
    assert [s["flags"] for s in data["articles"][0]["sentences"]] == [["numbers"], []]
    assert from_dict(data).articles[0].sentences[0].flags == ("numbers",)
