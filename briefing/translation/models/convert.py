"""``briefing models convert``: a Marian model to a self-contained CTranslate2 folder.

Wraps CTranslate2's ``TransformersConverter(...).convert(out, quantization=..., force=...)``
and copies the model's tokenizer files (``source.spm``, ``target.spm``, ``vocab.json``...)
beside ``model.bin``, so :class:`briefing.translation.backends.ct2.Ct2Translator` needs neither
transformers nor torch at translation time. A ``briefing-conversion.json`` record names the
source model and its fingerprint; :func:`find_conversion` uses it so that ``--backend auto``
picks a conversion of the very model that was resolved, never a stale one.

Converting needs torch and transformers (the converter loads the checkpoint). Before a
conversion is moved into place it is checked (:func:`check_conversion`): a float32 conversion
of the same checkpoint must reproduce transformers' greedy output on a few sentences, token
for token, or, where the two runtimes round a near-tie differently, give the same
log-probability to every token transformers chose. Otherwise the conversion is refused and
nothing is written. Loading the reference also runs the load-integrity check
(:mod:`briefing.translation.backends.integrity`), so a checkpoint that transformers loads wrongly is never
converted.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from briefing.config import MODELS_DIR, QUANTIZATIONS
from briefing.errors import BackendUnavailableError, ConfigError, ModelLoadError, OutputExistsError
from briefing.fsutil import replace_dir
from briefing.translation.backends.base import RECORD_NAME
from briefing.translation.backends.ct2 import Ct2Translator, is_ct2_model
from briefing.translation.backends.marian import MarianTranslator
from briefing.translation.cache import model_fingerprint
from briefing.translation.models.resolve import folder_name, resolve_model
from briefing.translation.quiet import quiet_transformers

log = logging.getLogger(__name__)


DEFAULT_QUANTIZATION = "int8"
# Files copied from the Marian folder so the CTranslate2 folder tokenizes on its own.
_TOKENIZER_FILES = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer_config.json",
    "generation_config.json",
)
# Preference when several conversions of one model exist and none was asked for.
_PREFERENCE = QUANTIZATIONS

# The conversion check: a few sentences written for it (news register, a number, a name),
# a short greedy decode of each, and the largest difference in a token's log-probability
# that float32 CTranslate2 and float32 torch may show (measured differences are below 1e-4;
# a wrong activation, embedding or bias gives differences of 1 and more).
CHECK_SENTENCES = (
    "قال وزير الخارجية إن المحادثات ستستمر يوم الأحد.",
    "ارتفع عدد الضحايا إلى ٢٧ شخصا بعد الفيضانات.",
    "أعلنت الحكومة خطة جديدة للنقل العام في العاصمة.",
)
CHECK_TOKENS = 24
CHECK_TOLERANCE = 1e-2


def conversion_name(model_name: str, quantization: str) -> str:
    """Folder name of a conversion: ``<name>-ct2-<quantization>``."""
    return f"{model_name}-ct2-{quantization}"


def _import_converter() -> type:
    """CTranslate2's TransformersConverter, or a BackendUnavailableError naming what to install."""
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError as exc:
        raise BackendUnavailableError(
            'converting needs the ctranslate2 package: pip install "briefing[ct2]"'
        ) from exc
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        raise BackendUnavailableError(
            f"converting needs torch and transformers ({exc.name} is missing): "
            'pip install torch==2.13.0 && pip install "briefing[ct2]"'
        ) from exc
    return TransformersConverter


def convert_model(
    src: str | os.PathLike[str] | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    *,
    quantization: str = DEFAULT_QUANTIZATION,
    force: bool = False,
    models_dir: str | os.PathLike[str] = MODELS_DIR,
    offline: bool = False,
    check: bool = True,
) -> Path:
    """Convert a Marian model to a CTranslate2 folder.

    The conversion is written to a temporary folder beside the destination, checked against
    transformers (:func:`check_conversion`) and moved into place when it passes, so a failed,
    refused or interrupted conversion leaves nothing (and an existing destination unchanged).

    Args:
        src: Hub id or Marian folder, resolved like ``--model`` (explicit folder,
            ``models/``, the Hugging Face cache, then a download unless ``offline``);
            ``None`` means the default model.
        out_dir: Destination folder; default ``models_dir/<name>-ct2-<quantization>``.
        quantization: Weight type stored (see :data:`QUANTIZATIONS`).
        force: Replace an existing destination.
        models_dir: The project's model folder.
        offline: Never download the source model.
        check: Check the conversion against transformers before keeping it (for a
            quantized conversion, a float32 conversion is made and checked too).

    Returns:
        The CTranslate2 model folder.

    Raises:
        ConfigError: Unknown quantization, or the destination is the source folder.
        OutputExistsError: The destination exists and ``force`` is not set.
        ModelLoadError: The source model cannot be found, the conversion failed, or the
            check refused it.
        BackendUnavailableError: ctranslate2, torch or transformers is not installed.
    """
    if quantization not in QUANTIZATIONS:
        raise ConfigError(f"unknown quantization {quantization!r}; choose one of {', '.join(QUANTIZATIONS)}")
    models_dir = Path(models_dir)
    resolved = resolve_model(None if src is None else str(src), models_dir=models_dir, offline=offline)
    source = resolved.path
    name = resolved.path.name if resolved.origin == "path" else folder_name(resolved.id)
    out = Path(out_dir) if out_dir is not None else models_dir / conversion_name(name, quantization)
    if out.resolve() == source.resolve():
        raise ConfigError(f"the output folder {out} is the model folder itself; choose another --output")
    if out.exists() and not force:
        raise OutputExistsError(
            f"{out} already exists; use --force to replace it, or --output to choose another"
        )
    converter_class = _import_converter()

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    probe: Path | None = None
    try:
        log.info("converting %s to CTranslate2 (%s) into %s", source, quantization, out)
        with quiet_transformers():  # each conversion and the check load the model: no bars
            _convert(converter_class, source, staging, quantization)
            _complete(staging, source, resolved.id, quantization)
            if check:
                if quantization == "float32":
                    probe = staging
                else:
                    probe = Path(
                        tempfile.mkdtemp(prefix=f".{out.name}.check.", suffix=".tmp", dir=out.parent)
                    )
                    _convert(converter_class, source, probe, "float32")
                    _complete(probe, source, resolved.id, "float32")
                check_conversion(source, probe)
        replace_dir(staging, out)
    finally:
        for folder in (staging, probe):
            if folder is not None and folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
    log.info("wrote %s", out)
    return out


def _convert(converter_class: type, source: Path, out: Path, quantization: str) -> None:
    """Run CTranslate2's converter; its failures become a ModelLoadError."""
    try:
        converter_class(str(source)).convert(str(out), quantization=quantization, force=True)
    except (RuntimeError, ValueError, OSError, KeyError, NotImplementedError) as exc:
        raise ModelLoadError(f"CTranslate2 could not convert {source}: {exc}") from exc


def _complete(folder: Path, source: Path, model_id: str, quantization: str) -> None:
    """Copy the tokenizer files beside ``model.bin`` and write the conversion record."""
    for file_name in _TOKENIZER_FILES:
        if (source / file_name).is_file():
            shutil.copy2(source / file_name, folder / file_name)
    try:
        config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    record = {
        "source": str(source),
        "model_id": model_id,
        "source_fingerprint": model_fingerprint(source),
        "quantization": quantization,
        "ctranslate2": _ct2_version(),
        # CTranslate2's own config.json does not keep it; the backend reads its limits here.
        "max_position_embeddings": config.get("max_position_embeddings"),
    }
    (folder / RECORD_NAME).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")


def check_conversion(source: str | os.PathLike[str], ct2_dir: str | os.PathLike[str]) -> None:
    """Check that a float32 CTranslate2 folder computes what transformers computes.

    Each of :data:`CHECK_SENTENCES` is decoded greedily by both (at most
    :data:`CHECK_TOKENS` tokens). Equal pieces pass. Different pieces pass only when
    CTranslate2 gives every piece transformers chose the same log-probability, within
    :data:`CHECK_TOLERANCE` (a near-tie rounded the other way, common with random weights).

    Args:
        source: The Marian folder (loaded with transformers, load integrity checked).
        ct2_dir: A float32 conversion of it with the tokenizer files beside ``model.bin``.

    Raises:
        ModelLoadError: The conversion computes something else; the message names the
            sentence and the largest difference.
    """
    reference = MarianTranslator(source, device="cpu", compute_type="float32", beams=1)
    candidate = Ct2Translator(ct2_dir, device="cpu", compute_type="float32", beams=1)
    expected = reference.reference_decode(CHECK_SENTENCES, max_new_tokens=CHECK_TOKENS)
    got = candidate.decode_pieces(CHECK_SENTENCES, max_new_tokens=CHECK_TOKENS)
    for sentence, (pieces, scores), ours in zip(CHECK_SENTENCES, expected, got, strict=True):
        if ours == pieces:
            continue
        rescored = candidate.score_pieces([sentence], [pieces])[0]
        worst = max((abs(a - b) for a, b in zip(rescored, scores, strict=True)), default=0.0)
        if len(rescored) != len(scores) or worst > CHECK_TOLERANCE:
            raise ModelLoadError(
                f"the CTranslate2 conversion of {source} does not compute what transformers computes: "
                f"on the check sentence {sentence!r} transformers wrote {len(pieces)} pieces, the "
                f"conversion {len(ours)}, and token log-probabilities differ by up to {worst:.3g} "
                f"(allowed {CHECK_TOLERANCE}). The conversion was refused and nothing was written. "
                "Check that ctranslate2 supports this model's architecture (pip install -U ctranslate2), "
                "or translate with --backend transformers."
            )


def _ct2_version() -> str:
    """The installed ctranslate2 version."""
    import ctranslate2

    return str(ctranslate2.__version__)


def read_record(ct2_dir: str | os.PathLike[str]) -> dict[str, object]:
    """The conversion record of a CTranslate2 folder (``{}`` when absent or unreadable)."""
    try:
        data = json.loads((Path(ct2_dir) / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def find_conversion(
    model_dir: str | os.PathLike[str],
    *,
    models_dir: str | os.PathLike[str] = MODELS_DIR,
    quantization: str | None = None,
) -> Path | None:
    """A CTranslate2 conversion of the model in ``model_dir``, if one exists.

    ``model_dir`` itself counts when it is a CTranslate2 folder. Otherwise the folders of
    ``models_dir`` are searched for a conversion record whose source fingerprint matches
    the model now in ``model_dir`` (a conversion of an older download is ignored). Looks
    at small files only: nothing is imported or loaded.

    Args:
        model_dir: The resolved Marian model folder (or a CTranslate2 folder).
        models_dir: Where ``briefing models convert`` writes by default.
        quantization: Only accept this weight type; default: prefer int8, then the others.

    Returns:
        The conversion folder, or ``None``.
    """
    model_dir = Path(model_dir)
    if is_ct2_model(model_dir):
        return model_dir
    try:
        fingerprint = model_fingerprint(model_dir)
    except OSError:
        return None
    found: dict[str, Path] = {}
    folder = Path(models_dir)
    candidates = sorted(folder.iterdir()) if folder.is_dir() else []
    for candidate in candidates:
        if not is_ct2_model(candidate) or candidate.name.startswith("."):
            continue
        record = read_record(candidate)
        if record.get("source_fingerprint") != fingerprint:
            continue
        quant = str(record.get("quantization", ""))
        found.setdefault(quant, candidate)
    if quantization is not None:
        return found.get(quantization)
    for quant in _PREFERENCE:
        if quant in found:
            return found[quant]
    return next(iter(found.values()), None)
