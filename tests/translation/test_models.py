"""Model resolution: explicit folder, models/, HF cache, download, offline message."""

from __future__ import annotations

import pytest

from briefing.errors import ModelLoadError
from briefing.translation.models.resolve import folder_name, is_marian_dir, resolve_model


def fake_marian(path):
    path.mkdir(parents=True)
    for name in ("config.json", "source.spm", "target.spm", "vocab.json", "model.safetensors"):
        (path / name).write_text("{}")
    return path


@pytest.fixture(autouse=True)
def empty_hf_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_explicit_folder_wins(tmp_path):
    folder = fake_marian(tmp_path / "my-model")
    resolved = resolve_model(str(folder), models_dir=tmp_path / "models")
    assert (resolved.path, resolved.origin) == (folder, "path")


def test_hub_id_found_under_models_dir(tmp_path):
    models = tmp_path / "models"
    fake_marian(models / "Helsinki-NLP--opus-mt-ar-en")
    resolved = resolve_model("Helsinki-NLP/opus-mt-ar-en", models_dir=models)
    assert resolved.origin == "models-dir"
    assert resolved.id == "Helsinki-NLP/opus-mt-ar-en"


def test_default_model_offline_gives_one_clear_message(tmp_path):
    with pytest.raises(ModelLoadError, match=r"not available offline.*briefing models pull.*--model PATH"):
        resolve_model(None, models_dir=tmp_path / "models", offline=True)


def test_incomplete_folder_names_missing_files(tmp_path):
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    with pytest.raises(ModelLoadError, match=r"not a Marian model folder \(missing: source.spm"):
        resolve_model(str(folder))


def test_missing_folder_is_reported(tmp_path):
    with pytest.raises(ModelLoadError, match="does not exist"):
        resolve_model(str(tmp_path / "nope"))


def test_download_failure_says_how_to_get_the_model(tmp_path, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE")
    import briefing.translation.models.resolve as models

    def failing_pull(model_id, *, models_dir):
        raise ModelLoadError(f"could not download {model_id!r} (ConnectError: no network)")

    monkeypatch.setattr(models, "pull_model", failing_pull)
    with pytest.raises(ModelLoadError, match=r"could not download.*briefing models pull"):
        resolve_model("org/model", models_dir=tmp_path)


def test_helpers():
    assert folder_name("Helsinki-NLP/opus-mt-ar-en") == "Helsinki-NLP--opus-mt-ar-en"
    assert not is_marian_dir(__import__("pathlib").Path("/nonexistent"))


def test_a_ctranslate2_folder_is_accepted_and_picks_the_ct2_backend(tmp_path):
    from briefing.errors import ConfigError
    from briefing.translation.models.choose import choose_backend

    folder = tmp_path / "opus-ct2"
    folder.mkdir()
    for name in ("model.bin", "source.spm", "target.spm", "shared_vocabulary.json"):
        (folder / name).write_text("x")
    resolved = resolve_model(str(folder))
    assert resolved.origin == "path"
    assert choose_backend("auto", resolved.path, models_dir=tmp_path) == ("ct2", folder)
    with pytest.raises(ConfigError, match="CTranslate2 conversion; the transformers backend"):
        choose_backend("transformers", resolved.path, models_dir=tmp_path)


def test_aliases_name_the_two_published_models(tmp_path):
    from briefing.translation.models.resolve import DEFAULT_MODEL, MODEL_ALIASES, canonical_model

    assert DEFAULT_MODEL == MODEL_ALIASES["big"] == "Helsinki-NLP/opus-mt-tc-big-ar-en"
    assert canonical_model(None) == canonical_model("big") == canonical_model(" BIG ") == DEFAULT_MODEL
    assert canonical_model("base") == "Helsinki-NLP/opus-mt-ar-en"
    assert canonical_model("org/other") == "org/other"
    models = tmp_path / "models"
    fake_marian(models / "Helsinki-NLP--opus-mt-ar-en")
    fake_marian(models / "Helsinki-NLP--opus-mt-tc-big-ar-en")
    assert resolve_model("base", models_dir=models).id == "Helsinki-NLP/opus-mt-ar-en"
    assert resolve_model(None, models_dir=models).path == models / "Helsinki-NLP--opus-mt-tc-big-ar-en"


def test_pull_resolves_the_alias(tmp_path, monkeypatch):
    import huggingface_hub

    import briefing.translation.models.resolve as models

    calls = []

    def fake_download(model_id, *, revision=None, local_dir, allow_patterns):
        calls.append(model_id)
        fake_marian(local_dir)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_download)
    path = models.pull_model("base", models_dir=tmp_path)
    assert calls == ["Helsinki-NLP/opus-mt-ar-en"]
    assert path == tmp_path / "Helsinki-NLP--opus-mt-ar-en"


def test_offline_message_names_the_default_hub_id(tmp_path):
    with pytest.raises(ModelLoadError, match=r"'Helsinki-NLP/opus-mt-tc-big-ar-en' is not available offline"):
        resolve_model("big", models_dir=tmp_path / "models", offline=True)
