"""Settings: defaults, user file layering, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import (
    Settings,
    env_flag,
    load_settings,
    model_from_env,
    offline_from_env,
    ray_address_from_env,
    serve_token_from_env,
)
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


def test_one_spelling_per_name_can_be_turned_off(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_text("[glossary]\nspellings = false\n")
    assert load_settings().spellings is True
    assert load_settings(path).spellings is False


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


# Every message of Settings' validation rules, word for word (they reach users as usage errors).
_EVERY_RULE = [
    ({"sentences": 0}, "sentences must be at least 1, got 0"),
    ({"ratio": 0.0}, "ratio must be in (0, 1], got 0.0"),
    ({"ratio": 1.5}, "ratio must be in (0, 1], got 1.5"),
    ({"words": 0}, "words must be at least 1, got 0"),
    ({"backend": "onnx"}, "unknown backend 'onnx'; choose one of auto, transformers, ct2"),
    ({"device": "tpu"}, "unknown device 'tpu'; choose one of auto, cpu, cuda"),
    ({"beams": 0}, "beams must be at least 1, got 0"),
    ({"threads": 0}, "threads must be at least 1, got 0"),
    (
        {"compute_type": "int3"},
        "unknown compute type 'int3'; choose one of auto, int8, int8_float32, int8_float16, "
        "int8_bfloat16, int16, float16, bfloat16, float32",
    ),
    ({"batch_size": 0}, "batch_size must be at least 1, got 0"),
    ({"max_input_tokens": 7}, "max_input_tokens must be between 8 and 510 (Marian's limit is 512), got 7"),
    (
        {"max_input_tokens": 511},
        ("max_input_tokens must be between 8 and 510 (Marian's limit is 512), got 511"),
    ),
    ({"font_arabic": " "}, "font_arabic must be a font name, got ' '"),
    ({"font_arabic": 3}, "font_arabic must be a font name, got 3"),
    ({"overview": "yes"}, "overview must be 'auto', 'one-event', true or false, got 'yes'"),
    ({"review": "no"}, "review must be true or false, got 'no'"),
    ({"default_glossary": 1}, "glossary.defaults must be true or false, got 1"),
    ({"spellings": "off"}, "glossary.spellings must be true or false, got 'off'"),
]


@pytest.mark.parametrize(("changes", "message"), _EVERY_RULE)
def test_every_rule_says_what_is_wrong(changes, message):
    with pytest.raises(ConfigError) as info:
        Settings(**changes)
    assert str(info.value) == message


def test_rules_run_in_order_and_the_first_problem_is_said():
    with pytest.raises(ConfigError) as info:
        Settings(sentences=0, beams=0, overview="yes")
    assert str(info.value) == "sentences must be at least 1, got 0"


def test_unset_optional_values_pass():
    settings = Settings(sentences=None, ratio=0.2, words=None, threads=None)
    assert (settings.sentences, settings.ratio, settings.threads) == (None, 0.2, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), (" YES ", True), ("on", True), ("0", False), ("", False), ("no", False)],
)
def test_env_flag(value, expected):
    assert env_flag("HF_HUB_OFFLINE", {"HF_HUB_OFFLINE": value}) is expected
    assert env_flag("HF_HUB_OFFLINE", {}) is False


def test_offline_when_asked_or_hf_hub_offline():
    assert offline_from_env(True, {}) is True
    assert offline_from_env(False, {"HF_HUB_OFFLINE": "1"}) is True
    assert offline_from_env(False, {"HF_HUB_OFFLINE": "0"}) is False
    assert offline_from_env(environ={}) is False


@pytest.mark.parametrize(
    ("read", "variable"),
    [
        (model_from_env, "BRIEFING_MODEL"),
        (serve_token_from_env, "BRIEFING_SERVE_TOKEN"),
        (ray_address_from_env, "RAY_ADDRESS"),
    ],
)
def test_value_then_environment_then_none(read, variable):
    assert read("given", {variable: "from-env"}) == "given"
    assert read(None, {variable: "from-env"}) == "from-env"
    assert read(None, {variable: ""}) is None
    assert read(None, {}) is None


def test_config_imports_nothing_of_ours_but_errors():
    """config is the leaf every layer reads: of our package it imports ``errors`` alone."""
    import ast

    import briefing.config

    tree = ast.parse(Path(briefing.config.__file__).read_text(encoding="utf-8"))
    ours = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("briefing")
    }
    ours |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.startswith("briefing")
    }
    assert ours == {"briefing.errors"}
