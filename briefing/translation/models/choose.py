"""Which backend runs a model, and from which folder: a conversion when one exists.

``auto`` prefers CTranslate2 when it is installed and a conversion of the model exists in
``models/`` (``briefing models convert`` writes there) or beside the model's folder
(``briefing models demo DIR`` writes ``DIR-ct2-int8``); it never converts on the spot.
"""

from __future__ import annotations

import logging
from pathlib import Path

from briefing.config import MODELS_DIR
from briefing.errors import ConfigError
from briefing.translation.backends import BACKENDS, ct2_available
from briefing.translation.backends.ct2 import is_ct2_model
from briefing.translation.models.convert import find_conversion

log = logging.getLogger(__name__)


def choose_backend(backend: str, model_dir: Path, *, models_dir: Path = MODELS_DIR) -> tuple[str, Path]:
    """The backend to use and the folder it loads.

    ``auto`` picks ``ct2`` when ctranslate2 is installed and a CTranslate2 conversion of the
    model exists in ``models_dir`` (``briefing models convert`` writes one there) or beside
    ``model_dir`` (``briefing models demo DIR`` writes ``DIR-ct2-int8``), otherwise
    ``transformers``. It
    never converts on the spot: a conversion takes a minute and writes into ``models/``,
    which a build should not do behind the user's back.

    Raises:
        ConfigError: Unknown backend, or ``ct2`` asked for without a conversion.
    """
    if backend not in (*BACKENDS, "auto"):
        raise ConfigError(f"unknown backend {backend!r}; choose one of auto, {', '.join(BACKENDS)}")
    conversion: Path | None = None
    if backend in ("auto", "ct2") and ct2_available():
        conversion = find_conversion(model_dir, models_dir=models_dir)
        beside = Path(model_dir).parent
        if conversion is None and beside.resolve() != Path(models_dir).resolve():
            # A conversion written next to its model (`models demo DIR` writes DIR-ct2-int8).
            conversion = find_conversion(model_dir, models_dir=beside)
    if backend == "ct2":
        if conversion is None:
            if is_ct2_model(model_dir):  # already a CTranslate2 folder
                return "ct2", model_dir
            raise ConfigError(
                f"--backend ct2 needs a CTranslate2 conversion of {model_dir}: run "
                f'`briefing models convert {model_dir}` (needs the ct2 extra: pip install "briefing[ct2]")'
            )
        return "ct2", conversion
    if backend == "auto" and conversion is not None:
        log.info("using the CTranslate2 conversion in %s", conversion)
        return "ct2", conversion
    if is_ct2_model(model_dir):  # a CTranslate2 folder given directly
        if backend == "transformers":
            raise ConfigError(
                f"{model_dir} is a CTranslate2 conversion; the transformers backend needs the Marian "
                "checkpoint it was converted from (or use --backend ct2)"
            )
        return "ct2", model_dir
    return "transformers", model_dir
