"""The transformers backend on the tiny random Marian model: plumbing, not wording."""

from __future__ import annotations

import pytest

from briefing.errors import ConfigError
from briefing.translate import translate_texts
from briefing.types import Translation

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def marian(tiny_model_dir):
    from briefing.backends.marian import MarianTranslator

    return MarianTranslator(tiny_model_dir, device="cpu", beams=2, batch_tokens=64, threads=1)


def test_one_translation_per_input_in_order(marian):
    texts = ["قال الكرملين إن القمة ستعقد.", "أ", "استمرت المحادثات ثلاث ساعات دون التوصل إلى اتفاق."]
    out = marian.translate_batch(texts)
    assert len(out) == 3
    assert all(isinstance(t, Translation) and t.text for t in out)
    assert all(t.confidence is not None and t.confidence <= 0 for t in out)
    # Same input alone gives the same output: batching and re-ordering do not mix rows up.
    assert marian.translate_batch([texts[2]])[0].text == out[2].text


def test_counts_tokens_without_loading_the_model(tiny_model_dir):
    from briefing.backends.marian import MarianTranslator

    fresh = MarianTranslator(tiny_model_dir)
    assert fresh.count_tokens("قال الكرملين") >= 2
    assert fresh._model is None


def test_sentence_over_the_limit_is_translated_in_pieces(marian):
    clause = "قال الكرملين إن القمة ستعقد في ألاسكا الشهر المقبل"
    # Distinct clauses: identical pieces would be translated once (de-duplication).
    sentence = "، ".join(f"{clause} {i}" for i in range(60)) + "."
    assert marian.count_tokens(sentence) > 512
    sent: list[str] = []
    original = marian.translate_batch

    def spy(texts):
        sent.extend(texts)
        return original(texts)

    marian.translate_batch = spy
    try:
        out = translate_texts([sentence], marian)
    finally:
        del marian.translate_batch
    assert len(sent) > 1
    assert all(marian.count_tokens(piece) <= marian.max_input_tokens for piece in sent)
    assert sum(piece.count("ألاسكا") for piece in sent) == 60  # nothing dropped
    assert all(str(i) in " ".join(sent) for i in range(60))
    assert out[sentence].text


def test_bad_options_are_config_errors(tiny_model_dir):
    from briefing.backends.marian import MarianTranslator

    with pytest.raises(ConfigError, match="beams"):
        MarianTranslator(tiny_model_dir, beams=0)
    with pytest.raises(ConfigError, match="unknown device"):
        MarianTranslator(tiny_model_dir, device="tpu")


def test_fixed_output_cap(tiny_model_dir):
    from briefing.backends.marian import MarianTranslator

    capped = MarianTranslator(tiny_model_dir, beams=1, threads=1, max_new_tokens=4)
    out = capped.translate_batch(["قال الكرملين إن القمة ستعقد في ألاسكا الشهر المقبل."])
    uncapped = MarianTranslator(tiny_model_dir, beams=1, threads=1).translate_batch(
        ["قال الكرملين إن القمة ستعقد في ألاسكا الشهر المقبل."]
    )
    assert len(out[0].text.split()) <= 4 < len(uncapped[0].text.split())
    with pytest.raises(ConfigError, match="max new tokens"):
        MarianTranslator(tiny_model_dir, max_new_tokens=1)
