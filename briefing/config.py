"""Settings: packaged defaults (``defaults.toml``), a user file, environment variables.

Precedence, the same for the library and the command line (highest first):

1. an explicit argument (``--beams 2``, ``Briefer(beams=2)``, ``build_briefing(beams=2)``);
2. an environment variable (:data:`ENV_SETTINGS`: ``BRIEFING_MODEL``, ``BRIEFING_BEAMS``...);
3. the config file (``--config FILE``, ``load_settings(path)``, else ``BRIEFING_CONFIG``);
4. the packaged defaults (``briefing/defaults.toml``).

A :class:`Settings` object passed by the caller is explicit: no environment variable is
applied on top of it. ``BRIEFING_CACHE_DIR`` (:func:`cache_dir_from_env`) names the
translation cache folder when no folder is given.

This module is the only one that reads environment variables: the ``*_from_env`` functions
and :func:`env_flag` take an explicit value first, then the variable (``HF_HUB_OFFLINE``,
``BRIEFING_SERVE_TOKEN``, ``RAY_ADDRESS``...). It imports nothing of ours but ``errors``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from briefing.errors import ConfigError

BACKENDS = ("auto", "transformers", "ct2")
"""``--backend`` values: ``auto`` (ct2 when a conversion exists, else transformers) or one backend."""

DEVICES = ("auto", "cpu", "cuda")
"""``--device`` values."""

QUANTIZATIONS = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
"""Weight types CTranslate2 can store. int8 is the default: 4x smaller than float32 and
what the CPU runs fastest; CTranslate2 converts on load when the device wants another type."""

# What --compute-type accepts: auto (from the device and backend) or a CTranslate2 compute
# type; the transformers backend runs float32, float16 and bfloat16 of these.
COMPUTE_TYPES = ("auto", *QUANTIZATIONS)
"""``--compute-type`` values: ``auto`` (chosen from the device) or a CTranslate2 weight type."""

ONE_EVENT: Literal["one-event"] = "one-event"
"""The ``overview`` choice (``--one-event``) for articles the editor gathered for one story."""

OverviewChoice = bool | Literal["auto", "one-event"]
"""The ``overview`` setting: ``"auto"`` (2+ articles), on, off, or on as :data:`ONE_EVENT`."""

MODELS_DIR = Path("models")
"""Where local models and conversions live (relative to the working folder)."""

ENV_MODEL = "BRIEFING_MODEL"
"""Environment variable naming the translation model (a setting, and the model ``models convert`` takes)."""

ENV_SETTINGS: dict[str, str] = {
    ENV_MODEL: "model",
    "BRIEFING_BACKEND": "backend",
    "BRIEFING_DEVICE": "device",
    "BRIEFING_BEAMS": "beams",
    "BRIEFING_THREADS": "threads",
    "BRIEFING_COMPUTE_TYPE": "compute_type",
    "BRIEFING_GLOSSARY": "glossary",
    "BRIEFING_INPUT_SECONDS": "input_seconds",
}
"""Environment variable -> :class:`Settings` field it sets (over the config file)."""

ENV_CONFIG = "BRIEFING_CONFIG"
"""Environment variable naming a config file, used when none is given."""

ENV_CACHE_DIR = "BRIEFING_CACHE_DIR"
"""Environment variable naming the translation cache folder, used when none is given."""

ENV_OFFLINE = "HF_HUB_OFFLINE"
"""Hugging Face's own switch: when truthy, no model is downloaded (as ``--offline``)."""

ENV_SERVE_TOKEN = "BRIEFING_SERVE_TOKEN"
"""Environment variable holding ``briefing serve``'s API token (keeps it out of the process list)."""

ENV_RAY_ADDRESS = "RAY_ADDRESS"
"""Ray's own variable naming the cluster ``briefing batch --engine ray`` joins."""

_TRUTHY = frozenset({"1", "true", "yes", "on"})

_INT_SETTINGS = {"beams", "threads", "glossary_hypotheses", "input_seconds"}

# TOML table.key -> Settings field
_KEYS = {
    ("summary", "sentences"): "sentences",
    ("summary", "ratio"): "ratio",
    ("summary", "words"): "words",
    ("summary", "method"): "summarizer",
    ("translation", "model"): "model",
    ("translation", "backend"): "backend",
    ("translation", "device"): "device",
    ("translation", "beams"): "beams",
    ("translation", "batch_size"): "batch_size",
    ("translation", "max_input_tokens"): "max_input_tokens",
    ("translation", "threads"): "threads",
    ("translation", "compute_type"): "compute_type",
    ("translation", "review"): "review",
    ("briefing", "title"): "title",
    ("briefing", "overview"): "overview",
    ("briefing", "font_arabic"): "font_arabic",
    ("glossary", "file"): "glossary",
    ("glossary", "defaults"): "default_glossary",
    ("glossary", "hypotheses"): "glossary_hypotheses",
    ("glossary", "spellings"): "spellings",
    ("limits", "input_seconds"): "input_seconds",
    ("limits", "input_seconds_per_mb"): "input_seconds_per_mb",
}


CALIBRATED_TABLES = ("review",)
"""Tables of ``defaults.toml`` that hold constants fitted on public data (weights, thresholds),
not per-build settings: read with :func:`calibrated`, not settable from a user file."""


def _parse_toml(data: bytes, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{origin} is not valid TOML: {exc}") from exc


def _read_toml(data: bytes, origin: str, *, packaged: bool = False) -> dict[str, Any]:
    table = _parse_toml(data, origin)
    if packaged:
        table = {k: v for k, v in table.items() if k not in CALIBRATED_TABLES}
    flat: dict[str, Any] = {}
    for section, values in table.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: top-level key {section!r} must be a [table]")
        for key, value in values.items():
            name = _KEYS.get((section, key))
            if name is None:
                valid = ", ".join(f"{s}.{k}" for s, k in _KEYS)
                raise ConfigError(f"{origin}: unknown setting {section}.{key}; valid settings: {valid}")
            flat[name] = value
    return flat


def _packaged_defaults() -> dict[str, Any]:
    """The settings of the packaged ``defaults.toml``, the one place a default is written."""
    return _read_toml(_packaged_bytes(), "defaults.toml", packaged=True)


def _packaged_bytes() -> bytes:
    return resources.files("briefing").joinpath("defaults.toml").read_bytes()


def calibrated(table: str) -> dict[str, Any]:
    """One calibrated table of the packaged defaults (see :data:`CALIBRATED_TABLES`), as parsed.

    Raises:
        ConfigError: ``table`` is not a calibrated table of ``defaults.toml``.
    """
    if table not in CALIBRATED_TABLES:
        raise ConfigError(f"no calibrated table {table!r}; known: {', '.join(CALIBRATED_TABLES)}")
    values = _parse_toml(_packaged_bytes(), "defaults.toml").get(table)
    if not isinstance(values, dict):
        raise ConfigError(f"defaults.toml has no [{table}] table")
    return values


# Read once, at import: a 1 kB package file, so that ``Settings()`` and every module's
# default (``DEFAULTS.beams``...) come from defaults.toml and nowhere else.
_PACKAGED = _packaged_defaults()


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Validated settings of a build. Construct with :func:`load_settings` or directly.

    Exactly one of ``sentences``, ``ratio`` and ``words`` decides the summary length; when
    ``ratio`` or ``words`` is set it wins over the default ``sentences``.
    """

    sentences: int | None = _PACKAGED.get("sentences")
    ratio: float | None = _PACKAGED.get("ratio")
    words: int | None = _PACKAGED.get("words")
    summarizer: str = _PACKAGED["summarizer"]
    model: str = _PACKAGED["model"]
    backend: str = _PACKAGED["backend"]
    device: str = _PACKAGED["device"]
    beams: int = _PACKAGED["beams"]
    batch_size: int = _PACKAGED["batch_size"]
    max_input_tokens: int = _PACKAGED["max_input_tokens"]
    threads: int | None = _PACKAGED.get("threads")
    compute_type: str = _PACKAGED["compute_type"]
    review: bool = _PACKAGED["review"]
    title: str = _PACKAGED["title"]
    overview: OverviewChoice = _PACKAGED["overview"]
    font_arabic: str = _PACKAGED["font_arabic"]
    glossary: str | None = _PACKAGED.get("glossary")
    default_glossary: bool = _PACKAGED["default_glossary"]
    glossary_hypotheses: int = _PACKAGED["glossary_hypotheses"]
    spellings: bool = _PACKAGED["spellings"]
    input_seconds: float = _PACKAGED["input_seconds"]
    input_seconds_per_mb: float = _PACKAGED["input_seconds_per_mb"]

    def __post_init__(self) -> None:
        for rule in _SETTING_RULES:
            problem = rule(self)
            if problem is not None:
                raise ConfigError(problem)

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the non-``None`` ``changes`` applied (validated again).

        Setting one of ``sentences``/``ratio``/``words`` clears the other two.
        """
        changes = {k: v for k, v in changes.items() if v is not None}
        length_keys = {"sentences", "ratio", "words"} & changes.keys()
        if len(length_keys) > 1:
            given = ", ".join(sorted(length_keys))
            raise ConfigError(f"give only one of sentences, ratio, words (got {given})")
        if length_keys:
            for key in {"sentences", "ratio", "words"} - length_keys:
                changes[key] = None
        unknown = changes.keys() - {f.name for f in fields(self)}
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)


# ---------------------------------------------------------------- validation rules
# One small rule per setting, checked in this order by Settings.__post_init__: each returns
# the message of the first problem it finds, or None.

SettingRule = Callable[[Settings], str | None]


def _at_least_one(name: str) -> SettingRule:
    """Rule: the whole-number setting ``name`` is unset or >= 1."""

    def rule(settings: Settings) -> str | None:
        value = getattr(settings, name)
        return f"{name} must be at least 1, got {value}" if value is not None and value < 1 else None

    return rule


def _one_of(name: str, label: str, choices: tuple[str, ...]) -> SettingRule:
    """Rule: setting ``name`` is one of ``choices`` (``label`` names it in the message)."""

    def rule(settings: Settings) -> str | None:
        value = getattr(settings, name)
        return None if value in choices else f"unknown {label} {value!r}; choose one of {', '.join(choices)}"

    return rule


def _ratio_in_range(settings: Settings) -> str | None:
    """Rule: ``ratio`` is unset or a fraction in (0, 1]."""
    ratio = settings.ratio
    return f"ratio must be in (0, 1], got {ratio}" if ratio is not None and not 0 < ratio <= 1 else None


def _max_input_tokens_in_range(settings: Settings) -> str | None:
    """Rule: ``max_input_tokens`` fits a Marian model's 512 positions (less </s> and a margin)."""
    if 8 <= settings.max_input_tokens <= 510:
        return None
    return (
        f"max_input_tokens must be between 8 and 510 (Marian's limit is 512), got {settings.max_input_tokens}"
    )


def _font_arabic_named(settings: Settings) -> str | None:
    """Rule: ``font_arabic`` is a non-blank font name."""
    font = settings.font_arabic
    if isinstance(font, str) and font.strip():
        return None
    return f"font_arabic must be a font name, got {font!r}"


def _overview_choice(settings: Settings) -> str | None:
    """Rule: ``overview`` is ``"auto"``, ``"one-event"``, true or false."""
    if settings.overview in ("auto", ONE_EVENT, True, False):
        return None
    return f"overview must be 'auto', '{ONE_EVENT}', true or false, got {settings.overview!r}"


def _switch(name: str, label: str) -> SettingRule:
    """Rule: setting ``name`` is true or false (``label`` names it in the message)."""

    def rule(settings: Settings) -> str | None:
        value = getattr(settings, name)
        return None if isinstance(value, bool) else f"{label} must be true or false, got {value!r}"

    return rule


def _not_negative(name: str) -> SettingRule:
    """Rule: the number ``name`` is zero or more."""

    def rule(settings: Settings) -> str | None:
        value = getattr(settings, name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            return None
        return f"{name} must be a number of seconds, 0 or more, got {value!r}"

    return rule


_SETTING_RULES: tuple[SettingRule, ...] = (
    _at_least_one("sentences"),
    _ratio_in_range,
    _at_least_one("words"),
    _one_of("backend", "backend", BACKENDS),
    _one_of("device", "device", DEVICES),
    _at_least_one("beams"),
    _at_least_one("threads"),
    _at_least_one("glossary_hypotheses"),
    _switch("default_glossary", "glossary.defaults"),
    _switch("spellings", "glossary.spellings"),
    _one_of("compute_type", "compute type", COMPUTE_TYPES),
    _at_least_one("batch_size"),
    _max_input_tokens_in_range,
    _font_arabic_named,
    _overview_choice,
    _not_negative("input_seconds"),
    _not_negative("input_seconds_per_mb"),
    _switch("review", "review"),
)

DEFAULTS = Settings()
"""The packaged defaults (``briefing/defaults.toml``), as settings."""


def env_overrides(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings that ``BRIEFING_*`` variables set (:data:`ENV_SETTINGS`); empty ones are ignored.

    Raises:
        ConfigError: A numeric variable holds something else (the message names it).
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for variable, name in ENV_SETTINGS.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        if name in _INT_SETTINGS:
            try:
                values[name] = int(raw)
            except ValueError:
                raise ConfigError(f"{variable} must be a whole number, got {raw!r}") from None
        else:
            values[name] = raw
    return values


def _given_or_env(
    value: Any, variable: str, environ: Mapping[str, str] | None, *, strip: bool = False
) -> Any:
    """``value`` if given, else environment variable ``variable`` (None when unset or empty)."""
    if value:
        return value
    raw = (os.environ if environ is None else environ).get(variable, "")
    return (raw.strip() if strip else raw) or None


def cache_dir_from_env(
    cache_dir: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> str | os.PathLike[str] | None:
    """``cache_dir`` if given, else ``BRIEFING_CACHE_DIR``, else None (the user cache folder)."""
    if cache_dir is not None:
        return cache_dir
    return _given_or_env(None, ENV_CACHE_DIR, environ, strip=True)


def env_flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """True when environment variable ``name`` is set to a truthy value (1, true, yes, on)."""
    environ = os.environ if environ is None else environ
    return environ.get(name, "").strip().lower() in _TRUTHY


def offline_from_env(offline: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """True when ``offline`` is asked, or ``HF_HUB_OFFLINE`` is truthy: download no model."""
    return offline or env_flag(ENV_OFFLINE, environ)


def model_from_env(model: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """``model`` if given, else ``BRIEFING_MODEL``, else None (the default model)."""
    return _given_or_env(model, ENV_MODEL, environ)


def serve_token_from_env(token: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """``token`` if given, else ``BRIEFING_SERVE_TOKEN``, else None (no token required)."""
    return _given_or_env(token, ENV_SERVE_TOKEN, environ)


def ray_address_from_env(address: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """``address`` if given, else ``RAY_ADDRESS``, else None (no cluster named)."""
    return _given_or_env(address, ENV_RAY_ADDRESS, environ)


def load_settings(
    path: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Packaged defaults, the config file, ``BRIEFING_*`` variables, then ``overrides``.

    Args:
        path: A TOML file layered over the defaults (its keys only); default: the file
            named by ``BRIEFING_CONFIG``, if set.
        environ: The environment to read (default: ``os.environ``; ``{}`` ignores it).
        overrides: Settings given explicitly; ``None`` values are ignored.

    Raises:
        ConfigError: The file is missing or invalid, or a value is out of range.
    """
    environ = os.environ if environ is None else environ
    if path is None:
        path = environ.get(ENV_CONFIG, "").strip() or None
    settings = DEFAULTS
    if path is not None:
        file = Path(path)
        if not file.is_file():
            raise ConfigError(f"config file {file} does not exist")
        user = _read_toml(file.read_bytes(), str(file))
        settings = settings.with_overrides(**user)
    from_env = env_overrides(environ)
    try:
        settings = settings.with_overrides(**from_env)
    except ConfigError as exc:
        names = ", ".join(var for var, name in ENV_SETTINGS.items() if name in from_env)
        raise ConfigError(f"environment variable(s) {names}: {exc}") from None
    return settings.with_overrides(**overrides)
