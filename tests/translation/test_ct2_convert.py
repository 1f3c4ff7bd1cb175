"""`briefing models convert` and finding conversions for `--backend auto`."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from briefing.cli.main import main
from briefing.errors import BackendUnavailableError, ConfigError, ModelLoadError, OutputExistsError
from briefing.translation.models.convert import RECORD_NAME, convert_model, find_conversion
from tests.markers import requires_convert

pytestmark = [pytest.mark.model, requires_convert]


@pytest.fixture(scope="module")
def models(tiny_model_dir, tmp_path_factory):
    """A models/ folder holding a copy of the tiny model and its default int8 conversion."""
    folder = tmp_path_factory.mktemp("models")
    shutil.copytree(tiny_model_dir, folder / "tiny")
    convert_model(folder / "tiny", models_dir=folder)
    return folder


def test_default_output_is_named_after_model_and_quantization(models):
    out = models / "tiny-ct2-int8"
    assert (out / "model.bin").is_file()
    for name in ("source.spm", "target.spm", "vocab.json", "generation_config.json"):
        assert (out / name).read_bytes() == (models / "tiny" / name).read_bytes()
    record = json.loads((out / RECORD_NAME).read_text(encoding="utf-8"))
    assert record["quantization"] == "int8"
    assert record["source"] == str(models / "tiny")
    assert not [p for p in models.iterdir() if p.name.startswith(".")]  # no staging left


def test_converted_folder_translates_on_its_own(models):
    from briefing.translation.backends.ct2 import Ct2Translator

    out = Ct2Translator(models / "tiny-ct2-int8", device="cpu", beams=1).translate_batch(["ارتفعت الأسعار."])
    assert len(out) == 1 and out[0].text


def test_existing_output_is_refused_without_force(models):
    before = (models / "tiny-ct2-int8" / "model.bin").stat().st_mtime_ns
    with pytest.raises(OutputExistsError, match="--force"):
        convert_model(models / "tiny", models_dir=models)
    assert (models / "tiny-ct2-int8" / "model.bin").stat().st_mtime_ns == before


def test_force_replaces_the_whole_folder(tiny_model_dir, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.txt").write_text("old")
    convert_model(tiny_model_dir, out, quantization="float32", force=True)
    assert (out / "model.bin").is_file()
    assert not (out / "stale.txt").exists()
    assert json.loads((out / RECORD_NAME).read_text())["quantization"] == "float32"


def test_bad_requests_are_clear_errors(tiny_model_dir, tmp_path):
    with pytest.raises(ConfigError, match="unknown quantization 'int3'"):
        convert_model(tiny_model_dir, tmp_path / "x", quantization="int3")
    with pytest.raises(ModelLoadError, match="does not exist"):
        convert_model(tmp_path / "missing", tmp_path / "x")
    with pytest.raises(ConfigError, match="model folder itself"):
        convert_model(tiny_model_dir, tiny_model_dir, force=True)


def test_missing_ctranslate2_names_the_extra(tiny_model_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    monkeypatch.setitem(sys.modules, "ctranslate2.converters", None)
    with pytest.raises(BackendUnavailableError, match=r'pip install "briefing\[ct2\]"'):
        convert_model(tiny_model_dir, tmp_path / "x")


def test_find_conversion_matches_the_model_it_was_made_from(models, tmp_path):
    assert find_conversion(models / "tiny", models_dir=models) == models / "tiny-ct2-int8"
    assert find_conversion(models / "tiny", models_dir=models, quantization="float16") is None
    assert find_conversion(models / "tiny-ct2-int8", models_dir=models) == models / "tiny-ct2-int8"
    assert find_conversion(models / "tiny", models_dir=tmp_path / "nowhere") is None
    # Another model (here: a changed config) does not get this conversion.
    other = tmp_path / "other"
    shutil.copytree(models / "tiny", other)
    config = json.loads((other / "config.json").read_text())
    config["dropout"] = 0.2
    (other / "config.json").write_text(json.dumps(config))
    assert find_conversion(other, models_dir=models) is None


def test_cli_converts_and_refuses_to_overwrite(tiny_model_dir, tmp_path, capsys):
    out = tmp_path / "cli-out"
    argv = ["models", "convert", str(tiny_model_dir), "--output", str(out), "-q", "float32"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    assert "--backend ct2" in captured.err
    assert main(argv) == 2  # an existing output is a usage error, as in build
    assert "--force" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0


def test_cli_rejects_unknown_quantization(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["models", "convert", "x", "--quantization", "int3"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_record_keeps_the_model_positions_for_the_backend(models):
    from briefing.translation.backends.ct2 import Ct2Translator

    record = json.loads((models / "tiny-ct2-int8" / RECORD_NAME).read_text(encoding="utf-8"))
    assert record["max_position_embeddings"] == 512
    assert Ct2Translator(models / "tiny-ct2-int8").limits.positions == 512


def test_a_conversion_that_computes_something_else_is_refused(tiny_model_dir, tmp_path, monkeypatch):
    """A converter that maps the activation wrongly (swish -> relu) writes a model that runs
    but computes other numbers: the check refuses it and nothing is written."""
    import ctranslate2.converters.transformers as ct2_transformers
    from ctranslate2.specs import common_spec

    monkeypatch.setitem(ct2_transformers._SUPPORTED_ACTIVATIONS, "swish", common_spec.Activation.RELU)
    out = tmp_path / "wrong"
    with pytest.raises(
        ModelLoadError, match=r"does not compute what transformers computes.*nothing was written"
    ):
        convert_model(tiny_model_dir, out, quantization="int8")
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # staging and probe removed
    # An existing conversion is left as it was.
    out.mkdir()
    (out / "keep.txt").write_text("old")
    with pytest.raises(ModelLoadError, match="refused"):
        convert_model(tiny_model_dir, out, quantization="float32", force=True)
    assert (out / "keep.txt").read_text() == "old"
    # Unchecked, the same broken converter's output is kept (the user asked for it).
    convert_model(tiny_model_dir, tmp_path / "unchecked", quantization="float32", check=False)
    assert (tmp_path / "unchecked" / "model.bin").is_file()


def test_conversion_of_a_checkpoint_transformers_loads_wrongly_is_refused(
    tiny_model_dir, tmp_path, monkeypatch
):
    import torch
    import transformers

    original = transformers.MarianMTModel.from_pretrained

    def buggy_from_pretrained(*args, **kwargs):
        model = original(*args, **kwargs)
        with torch.no_grad():
            model.final_logits_bias.add_(1.0)
        return model

    monkeypatch.setattr(transformers.MarianMTModel, "from_pretrained", buggy_from_pretrained)
    with pytest.raises(ModelLoadError, match=r"final_logits_bias.*transformers"):
        convert_model(tiny_model_dir, tmp_path / "x", quantization="float32")
    assert not (tmp_path / "x").exists()


def test_float32_conversion_runs_in_float32(tiny_model_dir, tmp_path):
    from briefing.translation.backends.ct2 import Ct2Translator

    out = convert_model(tiny_model_dir, tmp_path / "f32", quantization="float32")
    translator = Ct2Translator(out, device="cpu", compute_type="float32", beams=1)
    assert translator.translate_batch(["ارتفعت الأسعار."])[0].text
    assert translator._compute_type == "float32"


def test_convert_resolves_the_alias(tiny_model_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    models_dir = tmp_path / "models"
    shutil.copytree(tiny_model_dir, models_dir / "Helsinki-NLP--opus-mt-ar-en")
    out = convert_model("base", models_dir=models_dir, quantization="float32", check=False)
    assert out == models_dir / "Helsinki-NLP--opus-mt-ar-en-ct2-float32"
    assert json.loads((out / RECORD_NAME).read_text())["model_id"] == "Helsinki-NLP/opus-mt-ar-en"
