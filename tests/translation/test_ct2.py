"""The CTranslate2 backend on the tiny random Marian model: plumbing and parity, not wording."""

from __future__ import annotations

import shutil
import sys

import pytest

from briefing.errors import BackendUnavailableError, ConfigError, ModelLoadError
from briefing.types import Translation
from tests.markers import requires_convert, requires_cuda
from tests.tiny_model import CORPUS

pytestmark = [pytest.mark.model, requires_convert]

TEXTS = [arabic for arabic, _ in CORPUS[:8]] + [
    "كلمة",
    "ارتفعت الأسعار.",
    "التقى الوفدان في ألاسكا يوم الجمعة.",
]


def _ct2(model_dir, **options):
    from briefing.translation.backends.ct2 import Ct2Translator

    options.setdefault("device", "cpu")
    return Ct2Translator(model_dir, **options)


def test_one_translation_per_text_in_input_order(tiny_ct2_dir):
    # A fixed output cap: the default depends on the longest text of the call.
    translator = _ct2(tiny_ct2_dir, beams=2, batch_tokens=24, max_new_tokens=12)  # several batches
    out = translator.translate_batch(TEXTS)
    assert len(out) == len(TEXTS)
    assert all(isinstance(t, Translation) and t.text for t in out)
    assert all(t.confidence is not None and t.confidence <= 0 for t in out)
    # Each text translated alone gives the same result: nothing was shuffled by the
    # length sorting inside CTranslate2.
    alone = [translator.translate_batch([text])[0].text for text in TEXTS[::-1]][::-1]
    assert [t.text for t in out] == alone
    assert len({t.text for t in out}) > 3  # the tiny model's outputs differ by input


def test_empty_batch_loads_nothing(tiny_ct2_dir):
    translator = _ct2(tiny_ct2_dir)
    assert translator.translate_batch([]) == []
    assert translator._translator is None


def test_counts_tokens_without_loading_the_model(tiny_ct2_dir):
    import sentencepiece as spm

    translator = _ct2(tiny_ct2_dir)
    source = spm.SentencePieceProcessor(model_file=str(tiny_ct2_dir / "source.spm"))
    assert translator.count_tokens(TEXTS[0]) == len(source.encode(TEXTS[0])) + 1
    assert translator._translator is None


def test_max_new_tokens_caps_the_output(tiny_ct2_dir):
    translator = _ct2(tiny_ct2_dir, beams=1, max_new_tokens=5)
    translator._load()
    for text in TEXTS[:3]:
        tokens = translator._translator.translate_batch(
            [translator._tokenize(text)], beam_size=1, max_decoding_length=4
        )[0].hypotheses[0]
        assert translator.translate_batch([text])[0].text == translator._detokenize(tokens)


@pytest.mark.parametrize("beams", [1, 4])
def test_float32_matches_transformers_token_for_token(tiny_model_dir, tiny_ct2_dir, beams):
    from briefing.translation.backends.marian import MarianTranslator

    # The repetition guard off: when it bans a token, CTranslate2 renormalises the remaining
    # probabilities and torch does not, so beam search may rank differently. The tiny model
    # loops on every input (random weights), real models only where the guard is needed.
    plain = {"beams": beams, "no_repeat_ngram_size": 0}
    reference = MarianTranslator(tiny_model_dir, device="cpu", **plain).translate_batch(TEXTS)
    ours = _ct2(tiny_ct2_dir, compute_type="float32", **plain).translate_batch(TEXTS)
    assert [t.text for t in ours] == [t.text for t in reference]
    assert [t.flags for t in ours] == [t.flags for t in reference]
    for mine, theirs in zip(ours, reference, strict=True):
        assert mine.confidence == pytest.approx(theirs.confidence, abs=1e-3)


def test_repetition_guard_reaches_both_runtimes(tiny_model_dir, tiny_ct2_dir):
    from briefing.translation.backends.marian import MarianTranslator

    def longest_repeat(tokens: list[str]) -> int:
        """Length of the longest token sequence that occurs twice."""
        for size in range(len(tokens) // 2, 0, -1):
            grams = [tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]
            if len(set(grams)) < len(grams):
                return size
        return 0

    for guard in (0, 3):
        marian = MarianTranslator(tiny_model_dir, device="cpu", beams=1, no_repeat_ngram_size=guard)
        ct2 = _ct2(tiny_ct2_dir, beams=1, compute_type="float32", no_repeat_ngram_size=guard)
        for text in TEXTS[:4]:
            for english in (marian.translate_batch([text])[0].text, ct2.translate_batch([text])[0].text):
                repeat = longest_repeat(english.split())
                if guard:
                    assert repeat < guard
        if not guard:
            assert longest_repeat(marian.translate_batch([TEXTS[0]])[0].text.split()) >= 3  # it loops


def test_output_at_the_cap_is_flagged(tiny_ct2_dir):
    out = _ct2(tiny_ct2_dir, beams=1, max_new_tokens=3).translate_batch(TEXTS[:2])
    assert [t.flags for t in out] == [("cap",), ("cap",)]


def test_long_input_is_refused_not_truncated(tiny_ct2_dir):
    translator = _ct2(tiny_ct2_dir, beams=1, max_new_tokens=4)
    assert translator.limits.positions == 512
    long_text = " ".join(TEXTS * 12)
    assert translator.count_tokens(long_text) > 512
    with pytest.raises(ValueError, match=r"512 positions.*nothing is truncated"):
        translator.translate_batch([long_text])


@pytest.fixture(scope="module")
def smooth_ct2_dir(tmp_path_factory):
    """A tiny model with smaller weights (d_model 128, std 0.1) converted for CTranslate2.

    Random weights give near-tied logits, and the default tiny model (std 0.5) is so chaotic
    that int8 rounding changes its very first token; real checkpoints have clear winners.
    A smoother random network is the closest cheap stand-in for int8 agreement.
    """
    from ctranslate2.converters import TransformersConverter

    from tests.tiny_model import build_tiny_marian

    model = build_tiny_marian(tmp_path_factory.mktemp("smooth") / "hf", d_model=128, init_std=0.1)
    out = model.parent / "ct2"
    TransformersConverter(str(model)).convert(str(out), quantization="float32")
    for name in ("source.spm", "target.spm", "vocab.json"):
        shutil.copy2(model / name, out / name)
    return out


def test_int8_agrees_with_float32_on_most_inputs(smooth_ct2_dir):
    exact = _ct2(smooth_ct2_dir, beams=1, compute_type="float32", max_new_tokens=9).translate_batch(TEXTS)
    int8 = _ct2(smooth_ct2_dir, beams=1, compute_type="int8", max_new_tokens=9).translate_batch(TEXTS)
    assert len({t.text for t in exact}) >= 2  # not a constant output
    agree = sum(a.text == b.text for a, b in zip(exact, int8, strict=True))
    assert agree >= 0.6 * len(TEXTS)


def test_transformers_folder_is_refused_with_the_convert_command(tiny_model_dir):
    translator = _ct2(tiny_model_dir)
    with pytest.raises(ModelLoadError, match="briefing models convert"):
        translator.translate_batch(["نص"])


def test_folder_without_tokenizer_files_is_refused(tiny_ct2_dir, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_ct2_dir, broken)
    (broken / "source.spm").unlink()
    with pytest.raises(ModelLoadError, match=r"no source\.spm.*--force"):
        _ct2(broken).translate_batch(["نص"])


def test_missing_ctranslate2_names_the_extra(tiny_ct2_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    with pytest.raises(BackendUnavailableError, match=r'pip install "briefing\[ct2\]"'):
        _ct2(tiny_ct2_dir).translate_batch(["نص"])


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"beams": 0}, "beams"),
        ({"device": "tpu"}, "unknown device"),
        ({"compute_type": "int3"}, "unknown compute type"),
        ({"batch_tokens": 0}, "batch tokens"),
        ({"threads": 0}, "threads"),
        ({"max_new_tokens": 1}, "max new tokens"),
    ],
)
def test_bad_options_are_config_errors(tiny_ct2_dir, options, match):
    with pytest.raises(ConfigError, match=match):
        _ct2(tiny_ct2_dir, **options)


def test_unsupported_compute_type_is_a_config_error(tiny_ct2_dir):
    import ctranslate2

    supported = set(ctranslate2.get_supported_compute_types("cpu"))
    missing = [c for c in ("bfloat16", "int16", "float16") if c not in supported]
    if not missing:
        pytest.skip("this CPU supports every compute type tried")
    with pytest.raises(ConfigError, match="not supported on cpu"):
        _ct2(tiny_ct2_dir, compute_type=missing[0]).translate_batch(["نص"])


def test_auto_compute_type_is_int8_on_cpu(tiny_ct2_dir):
    import ctranslate2

    translator = _ct2(tiny_ct2_dir, beams=1, max_new_tokens=4)
    translator.translate_batch(["نص"])
    expected = "int8" if "int8" in ctranslate2.get_supported_compute_types("cpu") else "float32"
    assert (translator._device, translator._compute_type) == ("cpu", expected)


@requires_cuda
def test_cuda_runs_in_a_float16_type(tiny_ct2_dir):
    translator = _ct2(tiny_ct2_dir, device="cuda", beams=2, max_new_tokens=6)
    out = translator.translate_batch(TEXTS)
    assert translator._compute_type in {"int8_float16", "float16"}
    assert len(out) == len(TEXTS) and all(t.text for t in out)
