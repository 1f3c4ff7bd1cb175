"""Settings: defaults, user file layering, validation."""

from __future__ import annotations

import pytest

from briefing.config import Settings, load_settings
from briefing.errors import ConfigError


def test_packaged_defaults():
    settings = load_settings()
    assert settings.sentences == 5
    assert settings.beams == 4
    assert settings.model == "big"


def test_user_file_overrides_only_its_keys(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_text('[translation]\nbeams = 2\n[briefing]\ntitle = "Morning brief"\n')
    settings = load_settings(path)
    assert (settings.beams, settings.title, settings.sentences) == (2, "Morning brief", 5)


def test_unknown_key_is_named(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_text("[translation]\nbeam = 2\n")
    with pytest.raises(ConfigError, match=r"unknown setting translation\.beam"):
        load_settings(path)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml")


def test_ratio_replaces_sentences():
    settings = load_settings(ratio=0.25)
    assert (settings.sentences, settings.ratio) == (None, 0.25)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"beams": 0}, "beams"),
        ({"ratio": 1.5}, "ratio"),
        ({"backend": "onnx"}, "unknown backend 'onnx'"),
        ({"device": "tpu"}, "unknown device"),
        ({"max_input_tokens": 600}, "512"),
    ],
)
def test_invalid_values(changes, message):
    with pytest.raises(ConfigError, match=message):
        Settings(**changes)


def test_two_lengths_at_once_are_refused():
    with pytest.raises(ConfigError, match="only one of"):
        load_settings(sentences=3, ratio=0.2)


def test_compute_type_from_file_environment_and_override(tmp_path, monkeypatch):
    assert load_settings().compute_type == "auto"
    config = tmp_path / "c.toml"
    config.write_text('[translation]\ncompute_type = "float32"\n', encoding="utf-8")
    assert load_settings(config).compute_type == "float32"
    monkeypatch.setenv("BRIEFING_COMPUTE_TYPE", "int8_float32")
    assert load_settings(config).compute_type == "int8_float32"
    assert load_settings(config, compute_type="int8").compute_type == "int8"
    with pytest.raises(ConfigError, match="unknown compute type 'int3'"):
        Settings(compute_type="int3")
