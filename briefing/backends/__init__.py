"""Translation backends: a registry from name to factory.

Each backend module imports its heavy library (torch/transformers, ctranslate2) only when a
model is first used, so building the registry costs nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.translate import Translator

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
    "transformers": _lazy("briefing.backends.marian", "MarianTranslator"),
    "ct2": _lazy("briefing.backends.ct2", "Ct2Translator"),
}


def ct2_available() -> bool:
    """True when ctranslate2 is installed (checked without importing it)."""
    return importlib.util.find_spec("ctranslate2") is not None


def choose_backend(backend: str, model_dir: Path, *, models_dir: Path = Path("models")) -> tuple[str, Path]:
    """The backend to use and the folder it loads.

    ``auto`` picks ``ct2`` when ctranslate2 is installed and a CTranslate2 conversion of the
    model exists (``briefing models convert`` writes one), otherwise ``transformers``. It
    never converts on the spot: a conversion takes a minute and writes into ``models/``,
    which a build should not do behind the user's back.

    Raises:
        ConfigError: Unknown backend, or ``ct2`` asked for without a conversion.
    """
    if backend not in (*BACKENDS, "auto"):
        raise ConfigError(f"unknown backend {backend!r}; choose one of auto, {', '.join(BACKENDS)}")
    conversion: Path | None = None
    if backend in ("auto", "ct2") and ct2_available():
        from briefing.convert import find_conversion

        conversion = find_conversion(model_dir, models_dir=models_dir)
    if backend == "ct2":
        if conversion is None:
            if (model_dir / "model.bin").is_file():  # already a CTranslate2 folder
                return "ct2", model_dir
            raise ConfigError(
                f"--backend ct2 needs a CTranslate2 conversion of {model_dir}: run "
                f'`briefing models convert {model_dir}` (needs the ct2 extra: pip install "briefing[ct2]")'
            )
        return "ct2", conversion
    if backend == "auto" and conversion is not None:
        log.info("using the CTranslate2 conversion in %s", conversion)
        return "ct2", conversion
    if (model_dir / "model.bin").is_file():  # a CTranslate2 folder given directly
        if backend == "transformers":
            raise ConfigError(
                f"{model_dir} is a CTranslate2 conversion; the transformers backend needs the Marian "
                "checkpoint it was converted from (or use --backend ct2)"
            )
        return "ct2", model_dir
    return "transformers", model_dir


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
