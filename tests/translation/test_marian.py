"""The transformers backend on the tiny random Marian model: plumbing, not wording."""

from __future__ import annotations

import pytest

from briefing.errors import ConfigError
from briefing.translation.stage import translate_texts
from briefing.types import Translation

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def marian(tiny_model_dir):
    from briefing.translation.backends.marian import MarianTranslator

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
    from briefing.translation.backends.marian import MarianTranslator

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
    from briefing.translation.backends.marian import MarianTranslator

    with pytest.raises(ConfigError, match="beams"):
        MarianTranslator(tiny_model_dir, beams=0)
    with pytest.raises(ConfigError, match="unknown device"):
        MarianTranslator(tiny_model_dir, device="tpu")


def test_fixed_output_cap(tiny_model_dir):
    from briefing.translation.backends.marian import MarianTranslator

    capped = MarianTranslator(tiny_model_dir, beams=1, threads=1, max_new_tokens=4)
    out = capped.translate_batch(["قال الكرملين إن القمة ستعقد في ألاسكا الشهر المقبل."])
    uncapped = MarianTranslator(tiny_model_dir, beams=1, threads=1).translate_batch(
        ["قال الكرملين إن القمة ستعقد في ألاسكا الشهر المقبل."]
    )
    assert len(out[0].text.split()) <= 4 < len(uncapped[0].text.split())
    with pytest.raises(ConfigError, match="max new tokens"):
        MarianTranslator(tiny_model_dir, max_new_tokens=1)


@pytest.fixture(scope="module")
def untied_model_dir(tmp_path_factory):
    """A tiny checkpoint whose output projection is not the input embeddings (lm_head saved)."""
    from tests.tiny_model import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("untied") / "model", tie_embeddings=False)


def test_untied_checkpoint_loads_and_passes_the_integrity_check(untied_model_dir):
    from safetensors import safe_open

    from briefing.translation.backends.marian import MarianTranslator

    with safe_open(str(untied_model_dir / "model.safetensors"), framework="pt") as handle:
        assert "lm_head.weight" in handle.keys()  # noqa: SIM118 (a safe_open handle is no dict)
    translator = MarianTranslator(untied_model_dir, device="cpu", beams=1, threads=1)
    assert translator.translate_batch(["قال الكرملين إن القمة ستعقد."])[0].text
    model = translator._model
    assert not model.lm_head.weight.equal(model.get_input_embeddings().weight)


def test_weights_changed_after_loading_are_refused(untied_model_dir):
    import torch
    from transformers import MarianMTModel

    from briefing.errors import ModelLoadError
    from briefing.translation.backends.integrity import check_loaded_weights

    model = MarianMTModel.from_pretrained(str(untied_model_dir))
    check_loaded_weights(model, untied_model_dir)  # as loaded: fine
    with torch.no_grad():
        model.lm_head.weight[3, 0] += 1.0
    with pytest.raises(ModelLoadError, match=r"output projection \(lm_head\) differ.*transformers \d"):
        check_loaded_weights(model, untied_model_dir)


def test_the_tie_weights_bug_is_refused_with_the_fix(untied_model_dir, monkeypatch):
    """Reproduce transformers 4.3x's bug: tying copies the output projection over the embeddings."""
    import torch
    import transformers

    from briefing.errors import ModelLoadError
    from briefing.translation.backends.marian import MarianTranslator

    original = transformers.MarianMTModel.from_pretrained

    def buggy_from_pretrained(*args, **kwargs):
        model = original(*args, **kwargs)
        with torch.no_grad():
            model.get_input_embeddings().weight.copy_(model.lm_head.weight)
        return model

    monkeypatch.setattr(transformers.MarianMTModel, "from_pretrained", buggy_from_pretrained)
    translator = MarianTranslator(untied_model_dir, device="cpu", beams=1)
    with pytest.raises(ModelLoadError, match=r"input embeddings differ.*#26216.*#30173.*pip install -U"):
        translator.translate_batch(["نص"])


def test_output_at_the_cap_is_flagged(tiny_model_dir):
    from briefing.translation.backends.marian import MarianTranslator

    capped = MarianTranslator(tiny_model_dir, beams=1, threads=1, max_new_tokens=3)
    out = capped.translate_batch(["قال الكرملين إن القمة ستعقد في ألاسكا الشهر المقبل."])
    assert out[0].flags == ("cap",)


def test_limits_come_from_the_model_config(tiny_model_dir, tmp_path):
    import json
    import shutil

    from briefing.translation.backends.marian import MarianTranslator

    default = MarianTranslator(tiny_model_dir)
    assert (default.limits.positions, default.limits.max_length) == (512, 32)
    assert default.max_input_tokens == 400
    small = tmp_path / "small"
    shutil.copytree(tiny_model_dir, small)
    config = json.loads((small / "config.json").read_text())
    config["max_position_embeddings"] = 64
    (small / "config.json").write_text(json.dumps(config))
    translator = MarianTranslator(small, beams=1, threads=1)
    assert translator.max_input_tokens == 62
    with pytest.raises(ConfigError, match="between 2 and 64"):
        MarianTranslator(small, max_new_tokens=100)
    long_text = " ".join(["قال الكرملين إن القمة ستعقد"] * 30)
    with pytest.raises(ValueError, match=r"longer than .* can read \(64 positions\).*nothing is truncated"):
        translator.translate_batch([long_text])
    # Through the stage it is split to fit instead.
    out = translate_texts([long_text], translator)
    assert out[long_text].text


def test_compute_types(tiny_model_dir):
    from briefing.translation.backends.marian import MarianTranslator

    with pytest.raises(ConfigError, match="int8 types need --backend ct2"):
        MarianTranslator(tiny_model_dir, compute_type="int8")
    with pytest.raises(ConfigError, match="float16 needs --device cuda"):
        MarianTranslator(tiny_model_dir, device="cpu", compute_type="float16").translate_batch(["نص"])
    bf16 = MarianTranslator(tiny_model_dir, device="cpu", compute_type="bfloat16", beams=1, threads=1)
    assert bf16.translate_batch(["قال الكرملين"])[0].text
    assert str(bf16._model.dtype) == "torch.bfloat16"


def test_big_architecture_vocabulary_puts_eos_where_tc_big_has_it():
    from tests.tiny_model import ARCHITECTURES, _shared_vocab

    big = ARCHITECTURES["big"]
    vocab = _shared_vocab(["▁قال"], ["▁said"], int(big["vocab"]), eos_id=int(big["eos"]))
    assert len(vocab) == 61109 and sorted(vocab.values()) == list(range(61109))
    assert vocab["</s>"] == 25894 and vocab["<pad>"] == 61108
