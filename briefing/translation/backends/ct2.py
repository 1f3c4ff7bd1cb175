"""MarianMT through CTranslate2: the fast backend (int8 on CPU, float16 on CUDA).

Runs a folder made by ``briefing models convert``
(see :mod:`briefing.translation.models.convert`): ``model.bin``
and ``shared_vocabulary.json`` from CTranslate2's converter, plus the model's own
``source.spm``, ``target.spm`` and ``vocab.json`` copied beside them so that the folder
tokenizes on its own, without transformers or torch.

ctranslate2 and sentencepiece are imported when the model is first used, never at import
time. Decoding mirrors :class:`briefing.translation.backends.marian.MarianTranslator` (same output cap,
same special tokens, same detokenization, same confidence), so the two backends return the
same data and the cache can tell them apart only by their names.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefing.config import QUANTIZATIONS
from briefing.errors import BackendUnavailableError, ConfigError, ModelLoadError
from briefing.translation.alternatives import Candidate
from briefing.translation.backends.base import (
    BaseTranslator,
    Decoded,
    available_cores,
    check_compute_type,
    check_device,
    resolve_device,
)
from briefing.translation.guards import model_input
from briefing.translation.stage import TokenCounter, sentencepiece_counter

__all__ = [
    "COMPUTE_TYPES",
    "Ct2Translator",
    "is_ct2_model",
    "pick_compute_type",
    "pick_ct2_device",
]

log = logging.getLogger(__name__)

# What CTranslate2 can compute with: the weight types it stores, plus its own choices.
COMPUTE_TYPES = ("auto", "default", *QUANTIZATIONS)

_SPECIAL_TOKENS = frozenset({"</s>", "<unk>", "<pad>"})
_SPIECE_UNDERLINE = "▁"
_INSTALL_HINT = 'pip install "briefing[ct2]"'


def _import_ct2() -> Any:
    """The ctranslate2 module, or a BackendUnavailableError naming the install command."""
    try:
        import ctranslate2
    except ImportError as exc:
        raise BackendUnavailableError(
            f"the ct2 backend needs the ctranslate2 package, which is not installed: {_INSTALL_HINT}"
        ) from exc
    return ctranslate2


def _import_sentencepiece() -> Any:
    """The sentencepiece module, or a BackendUnavailableError naming the install command."""
    try:
        import sentencepiece
    except ImportError as exc:
        raise BackendUnavailableError(
            f"the ct2 backend needs the sentencepiece package, which is not installed: {_INSTALL_HINT}"
        ) from exc
    return sentencepiece


def is_ct2_model(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a CTranslate2 model folder (has ``model.bin``)."""
    return (Path(path) / "model.bin").is_file()


def pick_ct2_device(device: str) -> str:
    """Resolve ``auto`` to ``cuda`` when CTranslate2 sees a GPU, else ``cpu``.

    Raises:
        ConfigError: Unknown device, or ``cuda`` asked for without a usable GPU.
        BackendUnavailableError: ctranslate2 is not installed.
    """
    check_device(device)
    ctranslate2 = _import_ct2()
    return resolve_device(device, lambda: ctranslate2.get_cuda_device_count() > 0, "CTranslate2")


def pick_compute_type(device: str, compute_type: str = "auto") -> str:
    """The compute type to load with: ``auto`` is int8 on CPU, int8_float16 (or float16) on CUDA.

    int8 weights with int8 matrix products are the fastest CPU setting of CTranslate2 and
    lose little accuracy on OPUS-MT; on a GPU, int8 weights with float16 activations
    halve memory again at the speed of float16.

    Raises:
        ConfigError: The compute type is unknown or not supported on this device.
    """
    check_compute_type(compute_type, COMPUTE_TYPES)
    ctranslate2 = _import_ct2()
    supported = set(ctranslate2.get_supported_compute_types(device))
    if compute_type == "auto":
        preferred = ("int8", "int8_float32", "float32") if device == "cpu" else ("int8_float16", "float16")
        return next((c for c in preferred if c in supported), "default")
    if compute_type != "default" and compute_type not in supported:
        raise ConfigError(
            f"compute type {compute_type!r} is not supported on {device} here; "
            f"supported: {', '.join(sorted(supported))}"
        )
    return compute_type


class Ct2Translator(BaseTranslator):
    """Translate with a CTranslate2 conversion of a MarianMT model.

    Args:
        model_dir: Folder made by ``briefing models convert`` (``model.bin``,
            ``shared_vocabulary.json``, ``source.spm``, ``target.spm``, ``vocab.json``).
        device: ``auto``, ``cpu`` or ``cuda``.
        compute_type: ``auto`` (int8 on CPU, int8_float16 on CUDA) or any CTranslate2
            compute type (``float32`` for exact results).
        beams: Beam size (1 = greedy).
        batch_tokens: Source-token budget per batch (rows x longest source); inputs are
            sorted by length into batches, results come back in input order.
        threads: Threads per translation (``intra_threads``); default: the cores available.
        max_new_tokens: Fixed cap on output tokens (``</s>`` included, as in transformers);
            default: twice the longest source plus 16, within the model's positions and its
            generation config's ``max_length``. An output that reaches it is flagged ``cap``.
        no_repeat_ngram_size: Never repeat a sequence of this many tokens (0 = off).
        repetition_penalty: Penalty on tokens already produced (1.0 = off).
        name: Shown in the briefing and part of the cache key; defaults to the folder name.

    Raises:
        ConfigError: An option is out of range.
    """

    COMPUTE_TYPES = COMPUTE_TYPES
    # Loaded on first use (_load): a translator that only counts tokens never imports ctranslate2.
    _translator: Any = None
    _source: Any = None
    _detok: Any = None

    def _check_backend_options(self, *, compute_type: str, threads: int | None) -> None:
        """The compute type, then the thread count (CTranslate2 takes no 0 for its default)."""
        super()._check_backend_options(compute_type=compute_type, threads=threads)
        if threads is not None and threads < 1:
            raise ConfigError(f"threads must be at least 1, got {threads}")

    def _make_counter(self) -> TokenCounter:
        """The folder's source SentencePiece model (a ModelLoadError without one)."""
        _import_sentencepiece()
        return sentencepiece_counter(str(self._file("source.spm")))

    def _file(self, name: str) -> Path:
        """Path of a tokenizer file in the model folder, or a ModelLoadError saying how to get it."""
        path = self.model_dir / name
        if not path.is_file():
            raise ModelLoadError(
                f"{self.model_dir} has no {name}: a CTranslate2 folder for briefing needs the model's "
                "tokenizer files beside model.bin; re-create it with `briefing models convert MODEL --force`"
            )
        return path

    def _load(self) -> None:
        """Load the CTranslate2 model and the SentencePiece models on first use."""
        if self._translator is not None:
            return
        ctranslate2 = _import_ct2()
        spm = _import_sentencepiece()
        if not is_ct2_model(self.model_dir):
            hint = (
                f"it holds a transformers model: convert it with `briefing models convert {self.model_dir}`"
                if (self.model_dir / "config.json").is_file()
                else "make one with `briefing models convert MODEL`"
            )
            raise ModelLoadError(f"{self.model_dir} is not a CTranslate2 model folder (no model.bin); {hint}")
        device = pick_ct2_device(self.device)
        compute_type = pick_compute_type(device, self.compute_type)
        source = spm.SentencePieceProcessor(model_file=str(self._file("source.spm")))
        target = spm.SentencePieceProcessor(model_file=str(self._file("target.spm")))
        # transformers' MarianTokenizer decodes with the *source* SentencePiece model when the
        # vocabulary is shared (no target_vocab.json), which is every opus-mt checkpoint; do
        # the same so that both backends produce the same English strings.
        shared = not (self.model_dir / "target_vocab.json").is_file()
        threads = self.threads or available_cores()
        try:
            self._translator = ctranslate2.Translator(
                str(self.model_dir),
                device=device,
                compute_type=compute_type,
                intra_threads=threads if device == "cpu" else 0,
                inter_threads=1,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelLoadError(
                f"could not load the CTranslate2 model in {self.model_dir}: {exc}. "
                "Re-create it with `briefing models convert MODEL --force`."
            ) from exc
        self._source = source
        self._detok = source if shared else target
        self._device, self._compute_type = device, compute_type
        log.info(
            "loaded %s with CTranslate2 on %s (%s, %d threads)", self.model_dir, device, compute_type, threads
        )

    def _tokenize(self, text: str) -> list[str]:
        """SentencePiece pieces of ``text`` plus ``</s>``, as MarianTokenizer feeds the model."""
        return [*self._source.encode(model_input(text), out_type=str), "</s>"]

    def _detokenize(self, tokens: Sequence[str]) -> str:
        """English text of output pieces, the way MarianTokenizer decodes (specials dropped)."""
        pieces = [token for token in tokens if token not in _SPECIAL_TOKENS]
        return self._detok.decode_pieces(pieces).replace(_SPIECE_UNDERLINE, " ").strip()

    def _encode(self, text: str) -> tuple[list[str], int]:
        """The pieces of ``text`` with ``</s>``, and how many there are."""
        tokens = self._tokenize(text)
        return tokens, len(tokens)

    def _decode(self, items: Sequence[list[str]], max_new: int) -> list[Decoded]:
        """One ``translate_batch`` call; its hypothesis score with ``length_penalty=1`` is the
        mean log-probability of the output tokens (``</s>`` included), as transformers reports.
        """
        outputs = self._translator.translate_batch(
            list(items),
            beam_size=self.beams,
            length_penalty=1.0,
            # transformers counts </s> among the new tokens and forces it at the last
            # position; CTranslate2 stops at max_decoding_length without it.
            max_decoding_length=max_new - 1,
            # CTranslate2 silently truncates inputs at 1024 tokens by default; ours were
            # checked against the model's positions (check_input_lengths), so never truncate.
            max_input_length=0,
            **self._guards(),
            return_scores=True,
        )
        return [
            Decoded(
                text=self._detokenize(output.hypotheses[0]),
                confidence=float(output.scores[0]),
                capped=len(output.hypotheses[0]) >= max_new - 1,
            )
            for output in outputs
        ]

    def _decode_candidates(self, items: Sequence[list[str]], max_new: int, n: int) -> list[list[Candidate]]:
        """One ``translate_batch`` call with ``num_hypotheses`` and ``return_attention``."""
        outputs = self._translator.translate_batch(
            list(items),
            beam_size=max(self.beams, n),
            num_hypotheses=n,
            length_penalty=1.0,
            max_decoding_length=max_new - 1,  # as in _decode
            max_input_length=0,
            **self._guards(),
            return_scores=True,
            return_attention=True,
        )
        return [
            [
                Candidate(
                    text=self._detokenize(hypothesis),
                    score=float(score),
                    source=tuple(source),
                    target=tuple(hypothesis),
                    attention=tuple(tuple(row) for row in attention),
                )
                for hypothesis, score, attention in zip(
                    output.hypotheses, output.scores, output.attention, strict=True
                )
            ]
            for source, output in zip(items, outputs, strict=True)
        ]

    def decode_pieces(self, texts: Sequence[str], *, max_new_tokens: int) -> list[list[str]]:
        """Greedy output pieces of each text (no ``</s>``), for checking a conversion."""
        self._load()
        outputs = self._translator.translate_batch(
            [self._tokenize(text) for text in texts],
            beam_size=1,
            max_decoding_length=max_new_tokens,
            max_input_length=0,
            **self._guards(),
        )
        return [list(output.hypotheses[0]) for output in outputs]

    def score_pieces(self, texts: Sequence[str], targets: Sequence[Sequence[str]]) -> list[list[float]]:
        """Log-probability of each target piece given its source (``</s>`` excluded)."""
        self._load()
        results = self._translator.score_batch(
            [self._tokenize(text) for text in texts], [list(t) for t in targets], max_input_length=0
        )
        return [
            list(result.log_probs[: len(target)]) for result, target in zip(results, targets, strict=True)
        ]
