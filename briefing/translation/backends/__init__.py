"""Translation backends: a registry from name to factory.

Each backend module imports its heavy library (torch/transformers, ctranslate2) only when a
model is first used, so building the registry costs nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from briefing.errors import BackendUnavailableError, ConfigError
from briefing.translation.stage import Translator

log = logging.getLogger(__name__)

BackendFactory = Callable[..., Translator]


def _lazy(module: str, class_name: str) -> BackendFactory:
    """A factory that imports ``module`` (and so its heavy library) only when a model is made.

    The factory takes ``(model_dir, *, device, beams, name, threads=None, compute_type="auto")``
    and passes them to the backend class unchanged.
    """

    def factory(model_dir: Path, **options: Any) -> Translator:
        backend: Callable[..., Translator] = getattr(importlib.import_module(module), class_name)
        return backend(model_dir, **options)

    factory.__name__ = f"make_{class_name}"
    return factory


BACKENDS: dict[str, BackendFactory] = {
    "transformers": _lazy("briefing.translation.backends.marian", "MarianTranslator"),
    "ct2": _lazy("briefing.translation.backends.ct2", "Ct2Translator"),
}


def ct2_available() -> bool:
    """True when ctranslate2 is installed (checked without importing it)."""
    return importlib.util.find_spec("ctranslate2") is not None


def create_translator(
    backend: str,
    model_dir: Path,
    *,
    device: str,
    beams: int,
    name: str,
    threads: int | None = None,
    compute_type: str = "auto",
) -> Translator:
    """Instantiate ``backend`` (``transformers`` or ``ct2``) over ``model_dir`` (lazy load).

    ``compute_type`` ``auto`` picks from the device: int8 (ct2) or float32 (transformers) on
    CPU, int8_float16 (ct2) or float16 (transformers) on CUDA.
    """
    try:
        factory = BACKENDS[backend]
    except KeyError:
        raise ConfigError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}") from None
    return factory(
        model_dir, device=device, beams=beams, name=name, threads=threads, compute_type=compute_type
    )


# Packages each backend imports (checked without importing them), and the install line for each.
_BACKEND_PACKAGES = {
    "transformers": (("sentencepiece", "transformers", "torch"), "marian"),
    "ct2": (("sentencepiece", "ctranslate2"), "ct2"),
}


def require_backend_packages(backend: str, model: str) -> None:
    """Raise BackendUnavailableError naming the extra when ``backend``'s packages are missing."""
    modules, extra = _BACKEND_PACKAGES.get(backend, ((), ""))
    require_packages(f"translating with {model} through the {backend} backend", modules, extra)


def require_packages(purpose: str, modules: Sequence[str], extra: str) -> None:
    """Raise BackendUnavailableError naming ``extra`` when any of ``modules`` is not installed.

    Checked with ``importlib.util.find_spec``: nothing is imported. ``purpose`` starts the
    message (``"building the demo model"``); the message ends with the install line.
    """
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if not missing:
        return
    torch = (
        "pip install torch==2.13.0 (the CPU build: add --index-url "
        "https://download.pytorch.org/whl/cpu), then "
    )
    raise BackendUnavailableError(
        f"{purpose} needs {', '.join(missing)}, "
        f"which this install lacks (a core install has no translation extra): "
        f'{torch if "torch" in missing else ""}pip install "briefing[{extra}]"'
    )
