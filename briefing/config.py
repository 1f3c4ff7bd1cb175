"""Settings: packaged defaults (``defaults.toml``), a user file, environment variables.

Precedence, the same for the library and the command line (highest first):

1. an explicit argument (``--beams 2``, ``Briefer(beams=2)``, ``build_briefing(beams=2)``);
2. an environment variable (:data:`ENV_SETTINGS`: ``BRIEFING_MODEL``, ``BRIEFING_BEAMS``...);
3. the config file (``--config FILE``, ``load_settings(path)``, else ``BRIEFING_CONFIG``);
4. the packaged defaults (``briefing/defaults.toml``).

A :class:`Settings` object passed by the caller is explicit: no environment variable is
applied on top of it. ``BRIEFING_CACHE_DIR`` (:func:`cache_dir_from_env`) names the
translation cache folder when no folder is given.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

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

MODELS_DIR = Path("models")
"""Where local models and conversions live (relative to the working folder)."""

ENV_SETTINGS: dict[str, str] = {
    "BRIEFING_MODEL": "model",
    "BRIEFING_BACKEND": "backend",
    "BRIEFING_DEVICE": "device",
    "BRIEFING_BEAMS": "beams",
    "BRIEFING_THREADS": "threads",
    "BRIEFING_COMPUTE_TYPE": "compute_type",
}
"""Environment variable -> :class:`Settings` field it sets (over the config file)."""

ENV_CONFIG = "BRIEFING_CONFIG"
"""Environment variable naming a config file, used when none is given."""

ENV_CACHE_DIR = "BRIEFING_CACHE_DIR"
"""Environment variable naming the translation cache folder, used when none is given."""

_INT_SETTINGS = {"beams", "threads"}

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
    ("briefing", "title"): "title",
    ("briefing", "overview"): "overview",
    ("briefing", "font_arabic"): "font_arabic",
}


def _read_toml(data: bytes, origin: str) -> dict[str, Any]:
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{origin} is not valid TOML: {exc}") from exc
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
    return _read_toml(resources.files("briefing").joinpath("defaults.toml").read_bytes(), "defaults.toml")


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
    title: str = _PACKAGED["title"]
    overview: str | bool = _PACKAGED["overview"]
    font_arabic: str = _PACKAGED["font_arabic"]

    def __post_init__(self) -> None:
        if self.sentences is not None and self.sentences < 1:
            raise ConfigError(f"sentences must be at least 1, got {self.sentences}")
        if self.ratio is not None and not 0 < self.ratio <= 1:
            raise ConfigError(f"ratio must be in (0, 1], got {self.ratio}")
        if self.words is not None and self.words < 1:
            raise ConfigError(f"words must be at least 1, got {self.words}")
        if self.backend not in BACKENDS:
            raise ConfigError(f"unknown backend {self.backend!r}; choose one of {', '.join(BACKENDS)}")
        if self.device not in DEVICES:
            raise ConfigError(f"unknown device {self.device!r}; choose one of {', '.join(DEVICES)}")
        if self.beams < 1:
            raise ConfigError(f"beams must be at least 1, got {self.beams}")
        if self.threads is not None and self.threads < 1:
            raise ConfigError(f"threads must be at least 1, got {self.threads}")
        if self.compute_type not in COMPUTE_TYPES:
            raise ConfigError(
                f"unknown compute type {self.compute_type!r}; choose one of {', '.join(COMPUTE_TYPES)}"
            )
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {self.batch_size}")
        if not 8 <= self.max_input_tokens <= 510:
            raise ConfigError(
                f"max_input_tokens must be between 8 and 510 (Marian's limit is 512), "
                f"got {self.max_input_tokens}"
            )
        if not isinstance(self.font_arabic, str) or not self.font_arabic.strip():
            raise ConfigError(f"font_arabic must be a font name, got {self.font_arabic!r}")
        if self.overview not in ("auto", True, False):
            raise ConfigError(f"overview must be 'auto', true or false, got {self.overview!r}")

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


def cache_dir_from_env(
    cache_dir: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> str | os.PathLike[str] | None:
    """``cache_dir`` if given, else ``BRIEFING_CACHE_DIR``, else None (the user cache folder)."""
    if cache_dir is not None:
        return cache_dir
    environ = os.environ if environ is None else environ
    return environ.get(ENV_CACHE_DIR, "").strip() or None


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
