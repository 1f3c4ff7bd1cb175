"""Finding a translation model: the one place that knows where models live.

Resolution order for a model *spec* (an alias, a hub id such as ``Helsinki-NLP/opus-mt-ar-en``
or a folder path); the aliases ``big`` (the default, ``Helsinki-NLP/opus-mt-tc-big-ar-en``) and
``base`` (``Helsinki-NLP/opus-mt-ar-en``) stand for their hub ids everywhere:

1. an explicit folder path (``--model PATH``) — must hold a model;
2. (the CLI passes ``BRIEFING_MODEL`` as the spec when ``--model`` is not given);
3. a folder under ``models/`` named after the id (``models/Helsinki-NLP--opus-mt-ar-en``,
   as written by ``briefing models pull``);
4. the Hugging Face cache (``~/.cache/huggingface/hub``, ``HF_HOME``...);
5. a download from the hub with a progress bar — unless offline (``--offline`` or
   ``HF_HUB_OFFLINE=1``).

No stage downloads anything itself; they receive a resolved folder.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from briefing.config import MODELS_DIR, offline_from_env
from briefing.errors import BackendUnavailableError, ModelLoadError

log = logging.getLogger(__name__)

MODEL_ALIASES = {
    "big": "Helsinki-NLP/opus-mt-tc-big-ar-en",
    "base": "Helsinki-NLP/opus-mt-ar-en",
}
"""Short names for the two published Arabic -> English OPUS-MT models.

``big`` (239M parameters) scores 42.6 BLEU on FLORES-101 devtest against 33.9 for ``base``
(76M), and about 3x its compute: see ``docs/translation.md`` for the scores
and this machine's measured cost of each."""

DEFAULT_MODEL = MODEL_ALIASES["big"]
DEFAULT_MODELS_DIR = MODELS_DIR

# Files a Marian folder needs to translate with transformers; weights come in one of two names.
_MARIAN_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# What `models pull` fetches: skip TF/Flax weights and other frameworks' files.
_PULL_PATTERNS = ["*.json", "*.spm", "*.txt", "model.safetensors", "pytorch_model.bin"]


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """A model folder ready to load.

    Attributes:
        path: Folder holding the model files.
        id: Hub id or folder name, for display and cache keys.
        origin: Where it was found: ``path``, ``models-dir``, ``hf-cache`` or ``download``.
    """

    path: Path
    id: str
    origin: str


def is_marian_dir(path: Path) -> bool:
    """True when ``path`` holds a complete Marian model for transformers."""
    return (
        path.is_dir()
        and all((path / name).is_file() for name in _MARIAN_FILES)
        and any((path / name).is_file() for name in _WEIGHT_FILES)
    )


def is_ct2_dir(path: Path) -> bool:
    """True when ``path`` holds a self-contained CTranslate2 conversion (``models convert``)."""
    return path.is_dir() and all(
        (path / name).is_file() for name in ("model.bin", "source.spm", "target.spm")
    )


def canonical_model(spec: str | None) -> str:
    """The hub id or folder a spec names: an alias (``big``, ``base``) becomes its hub id,
    ``None`` the default, anything else is returned stripped.

    An alias wins over a folder of the same name in the working directory: write ``./big``
    for the folder.
    """
    spec = (spec or DEFAULT_MODEL).strip()
    return MODEL_ALIASES.get(spec.lower(), spec)


def folder_name(model_id: str) -> str:
    """Folder under ``models/`` for a hub id (``org/name`` -> ``org--name``)."""
    return model_id.strip("/").replace("/", "--")


def looks_like_path(spec: str) -> bool:
    """True when a model spec names a folder rather than a hub id.

    A folder: ``./x``, ``../x``, ``/x``, ``~/x``, anything ending in a separator or with more
    than one (hub ids are ``org/name``), ``dir/x`` where ``dir`` is an existing folder
    (``models/nope`` next to a ``models/`` folder), and any path that exists.
    """
    parts = spec.replace(os.sep, "/").split("/")
    return (
        spec.startswith((".", "/", "~"))
        or (os.altsep is not None and os.altsep in spec)
        or spec.endswith(("/", os.sep))
        or len(parts) > 2
        or (len(parts) == 2 and Path(parts[0]).is_dir())
        or Path(spec).expanduser().exists()
    )


def _how_to_get(model_id: str, models_dir: Path) -> str:
    return (
        f"Get it with `briefing models pull {model_id}` on a machine with internet access "
        f"(it writes {models_dir / folder_name(model_id)}; copy that folder here if needed), "
        f"or pass --model PATH to a local Marian model folder. {DEMO_HINT}"
    )


DEMO_HINT = (
    "To try briefing without any download, build the tiny demo model (random weights, nonsense "
    "English): `briefing models demo models/tiny`, then --model models/tiny."
)
"""How to run offline without a real model (named in every model-not-found message)."""


def _from_hf_cache(model_id: str) -> Path | None:
    """The cached snapshot of ``model_id``, without touching the network."""
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import LocalEntryNotFoundError
    except ImportError:
        return None
    try:
        folder = Path(snapshot_download(model_id, local_files_only=True, allow_patterns=_PULL_PATTERNS))
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    return folder if is_marian_dir(folder) else None


def _resolve_folder(spec: str) -> ResolvedModel:
    """The model folder a path spec names, or a ModelLoadError saying what is wrong with it."""
    path = Path(spec).expanduser()
    if is_marian_dir(path) or is_ct2_dir(path):
        return ResolvedModel(path=path, id=path.name, origin="path")
    if path.is_dir():
        missing = [n for n in _MARIAN_FILES if not (path / n).is_file()]
        if not any((path / n).is_file() for n in _WEIGHT_FILES):
            missing.append(" or ".join(_WEIGHT_FILES))
        raise ModelLoadError(
            f"{path} is not a Marian model folder (missing: {', '.join(missing)}). "
            "Point --model at a folder written by `briefing models pull` or `save_pretrained`."
        )
    raise ModelLoadError(
        f"--model {spec}: the folder {path.absolute()} does not exist (a value like this names "
        "a local model folder; check the path). A hub model is given by its id, such as "
        f"{DEFAULT_MODEL}. {DEMO_HINT}"
    )


def resolve_model(
    spec: str | None = None,
    *,
    models_dir: str | os.PathLike[str] = DEFAULT_MODELS_DIR,
    offline: bool = False,
) -> ResolvedModel:
    """Find (or download) the Marian model named by ``spec``.

    Args:
        spec: Alias (``big``, ``base``), hub id or folder; ``None`` means :data:`DEFAULT_MODEL`.
        models_dir: The project's model folder.
        offline: Never download (also implied by ``HF_HUB_OFFLINE=1``).

    Returns:
        The resolved folder, its id and where it was found.

    Raises:
        ModelLoadError: The model cannot be found and cannot (or may not) be downloaded;
            the message says how to get it.
    """
    spec = canonical_model(spec)
    models_dir = Path(models_dir)
    # `models/x` names a folder in the models folder even before that folder exists.
    if looks_like_path(spec) or spec.replace(os.sep, "/").split("/", 1)[0] == models_dir.name:
        return _resolve_folder(spec)

    local = models_dir / folder_name(spec)
    if is_marian_dir(local):
        return ResolvedModel(path=local, id=spec, origin="models-dir")
    cached = _from_hf_cache(spec)
    if cached is not None:
        return ResolvedModel(path=cached, id=spec, origin="hf-cache")
    if offline_from_env(offline):
        raise ModelLoadError(
            f"translation model {spec!r} is not available offline: not in {local}, not in the "
            f"Hugging Face cache, and downloads are disabled. {_how_to_get(spec, models_dir)}"
        )
    try:
        path = pull_model(spec, models_dir=models_dir)
    except ModelLoadError as exc:
        raise ModelLoadError(
            f"{exc} Once the network works, `briefing models pull {spec}` fetches it for good."
        ) from exc
    return ResolvedModel(path=path, id=spec, origin="download")


def pull_model(
    model_id: str = DEFAULT_MODEL,
    *,
    models_dir: str | os.PathLike[str] = DEFAULT_MODELS_DIR,
    revision: str | None = None,
) -> Path:
    """Download a Marian model from the hub into ``models_dir/<org>--<name>``.

    Shows the hub's progress bars on stderr. Only the files needed to translate are fetched
    (no TensorFlow/Flax weights).

    Args:
        model_id: Hub id or alias (``big``, ``base``).
        models_dir: Destination parent folder.
        revision: Branch, tag or commit.

    Returns:
        The model folder.

    Raises:
        BackendUnavailableError: huggingface_hub is not installed.
        ModelLoadError: The download failed or did not yield a Marian model.
    """
    try:
        from huggingface_hub import snapshot_download
    except ImportError as exc:
        raise BackendUnavailableError(
            'downloading models needs huggingface_hub: pip install "briefing[marian]"'
        ) from exc
    model_id = canonical_model(model_id)
    target = Path(models_dir) / folder_name(model_id)
    log.info("downloading %s into %s", model_id, target)
    try:
        snapshot_download(model_id, revision=revision, local_dir=target, allow_patterns=_PULL_PATTERNS)
    except Exception as exc:  # the hub raises many types (HTTP, offline, not found)
        first_line = (str(exc).strip().splitlines() or [""])[0]
        raise ModelLoadError(
            f"could not download {model_id!r} ({type(exc).__name__}: {first_line}); check the network "
            f"(proxy settings, HF_ENDPOINT for a mirror), or copy {target} from a machine that has it, "
            f"or pass --model PATH to a local Marian model folder. {DEMO_HINT}"
        ) from exc
    if not is_marian_dir(target):
        raise ModelLoadError(f"{model_id!r} was downloaded to {target} but is not a Marian model folder.")
    return target
