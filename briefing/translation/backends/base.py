"""What the two backends share: devices, option checks, the output cap and batching.

Both backends must decode the same way for their outputs (and cached translations) to be
comparable, so the rules live here once. :class:`BaseTranslator` declares the options both
take and runs the common flow (check the options, sort the segments into length batches, cap
each batch's output, put the results back in input order, flag a capped output), the way
CTranslate2's ``Converter`` declares the common arguments and runs the conversion; each
backend supplies only what differs: loading, tokenizing and the decoding call.

Nothing here imports torch, transformers or ctranslate2.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from briefing.config import DEFAULTS, DEVICES
from briefing.errors import ConfigError
from briefing.translation.alternatives import Candidate
from briefing.translation.stage import DEFAULT_MAX_INPUT_TOKENS, TokenCounter
from briefing.types import Translation

# Output cap: a translation more than twice as long as its source (plus slack for very
# short inputs) is a degenerate repetition loop; the model's positions and its generation
# config's max_length bound it too. Counted like transformers' new tokens (</s> included).
# An output that reaches the cap is flagged ``cap``.
MAX_NEW_FACTOR = 2
MAX_NEW_SLACK = 16
# Positions when a folder does not say (opus-mt-ar-en has 512; tc-big has 1024).
MODEL_POSITIONS = 512

RECORD_NAME = "briefing-conversion.json"
"""The record ``briefing models convert`` writes into a CTranslate2 folder (source, fingerprint)."""

# Repetition guards, the same in both backends (transformers' generate() and CTranslate2's
# translate_batch take the same two options). A no-repeat size of 8 SentencePiece tokens
# (3-6 English words) stops a loop after its first repeat while leaving alone the short
# phrases a news sentence legitimately says twice ("the Security Council ... the Council").
# No repetition penalty: it would also push the model away from repeating a name or a number
# the source states twice, which is a fact, not a loop.
NO_REPEAT_NGRAM_SIZE = 8
REPETITION_PENALTY = 1.0

# Source tokens per batch, padding included (rows x longest), the same in both backends.
# transformers, measured on the real architecture (random weights, 40 sample sentences run to
# the output cap, beam 4, 2 cores): 1024 took 138 s and 1.4 GB peak, 4096 took 184 s and 2.6 GB
# — bigger beam batches spend more time padding and reordering caches than they save in
# per-step overhead. CTranslate2, on 2 cores with the benchmark's real-size model, 32 segments
# at beam 4: with 40 output tokens, 4096 -> 3.2 s / 477 MB peak RSS, 1024 -> 3.5 s / 379 MB,
# 512 -> 3.6 s / 310 MB; when every output runs to its cap, 4096 -> 11.5 s / 739 MB and 1024 ->
# 8.1 s / 527 MB. 1024 is near the fastest and keeps a whole build well under 800 MB.
DEFAULT_BATCH_TOKENS = 1024


@dataclass(frozen=True, slots=True)
class ModelLimits:
    """What a model folder says about lengths.

    Attributes:
        positions: Position embeddings: the longest input (and output) the model can take.
        max_length: ``max_length`` of its generation config (decoder start token included),
            or ``None``.
    """

    positions: int = MODEL_POSITIONS
    max_length: int | None = None


def _read_json(path: Path) -> dict[str, object]:
    """A JSON object from ``path``, ``{}`` when absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_limits(model_dir: str | os.PathLike[str]) -> ModelLimits:
    """The length limits of a Marian folder or of a ``briefing models convert`` folder.

    Reads ``max_position_embeddings`` from ``config.json`` (a CTranslate2 folder: from the
    conversion record) and ``max_length`` from ``generation_config.json``.
    """
    folder = Path(model_dir)
    config = _read_json(folder / "config.json")
    positions = config.get("max_position_embeddings") or _read_json(folder / RECORD_NAME).get(
        "max_position_embeddings"
    )
    max_length = _read_json(folder / "generation_config.json").get("max_length")
    return ModelLimits(
        positions=positions if isinstance(positions, int) and positions > 8 else MODEL_POSITIONS,
        max_length=max_length if isinstance(max_length, int) and max_length > 2 else None,
    )


def available_cores() -> int:
    """CPU cores this process may run on (respects affinity masks and containers' cpusets)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def check_device(device: str) -> None:
    """Raise ConfigError for a device that is not ``auto``, ``cpu`` or ``cuda``."""
    if device not in DEVICES:
        raise ConfigError(f"unknown device {device!r}; choose one of {', '.join(DEVICES)}")


def resolve_device(device: str, has_gpu: Callable[[], bool], library: str) -> str:
    """Resolve ``auto`` to ``cuda`` when ``library`` sees a GPU (``has_gpu()``), else ``cpu``.

    ``device`` was checked (:func:`check_device`); ``has_gpu`` is not called for ``cpu``.

    Raises:
        ConfigError: ``cuda`` asked for without a usable GPU.
    """
    if device == "cpu":
        return device
    found = has_gpu()
    if device == "auto":
        return "cuda" if found else "cpu"
    if not found:
        raise ConfigError(f"--device cuda was asked for but {library} sees no CUDA GPU; use --device cpu")
    return device


def _unknown_compute_type(compute_type: str) -> str:
    """The start of the message for a compute type a backend does not take."""
    return f"unknown compute type {compute_type!r}"


def check_compute_type(
    compute_type: str, choices: Sequence[str], problem: Callable[[str], str] = _unknown_compute_type
) -> None:
    """Raise ConfigError for a compute type not in ``choices``: ``problem(compute_type)``, the choices."""
    if compute_type not in choices:
        raise ConfigError(f"{problem(compute_type)}; choose one of {', '.join(choices)}")


def check_options(
    *,
    beams: int,
    device: str,
    batch_tokens: int,
    no_repeat_ngram_size: int = 0,
    repetition_penalty: float = 1.0,
) -> None:
    """Raise ConfigError for a beam size, device, batch budget or guard a backend cannot use."""
    if beams < 1:
        raise ConfigError(f"beams must be at least 1, got {beams}")
    check_device(device)
    if batch_tokens < 1:
        raise ConfigError(f"batch tokens must be at least 1, got {batch_tokens}")
    if no_repeat_ngram_size < 0:
        raise ConfigError(f"no_repeat_ngram_size must be 0 (off) or more, got {no_repeat_ngram_size}")
    if repetition_penalty <= 0:
        raise ConfigError(f"repetition_penalty must be positive (1.0 = off), got {repetition_penalty}")


def output_cap(longest_source: int, limits: ModelLimits | None = None) -> int:
    """Most new tokens (``</s>`` included) for a batch whose longest source has this many tokens.

    Twice the source plus :data:`MAX_NEW_SLACK`, within the model's positions and its
    generation config's ``max_length`` (which counts the decoder start token).
    """
    limits = limits or ModelLimits()
    cap = min(limits.positions, MAX_NEW_FACTOR * longest_source + MAX_NEW_SLACK)
    if limits.max_length is not None:
        cap = min(cap, limits.max_length - 1)
    return max(2, cap)


def check_input_lengths(lengths: Sequence[int], limits: ModelLimits, model: str) -> None:
    """Refuse a segment longer than the model's positions instead of truncating it.

    Raises:
        ValueError: A segment has more tokens than the model can read.
    """
    longest = max(lengths, default=0)
    if longest > limits.positions:
        raise ValueError(
            f"a segment of {longest} tokens is longer than {model} can read ({limits.positions} "
            "positions); split it first (briefing.translation.stage.translate_texts does), "
            "nothing is truncated"
        )


def length_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indices sorted by length, grouped so that rows x longest stays within ``budget``.

    Each batch then gets its own output cap (from its longest source): a short segment stuck
    in a repetition loop stops at its own limit, not a long neighbour's.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        # Sorted ascending, so the newcomer is the longest of the batch.
        if current and (len(current) + 1) * lengths[i] > budget:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


@dataclass(frozen=True, slots=True)
class Decoded:
    """One output of a backend's decoding call, before the common flow makes it a Translation.

    Attributes:
        text: The English.
        confidence: Mean log-probability of the output tokens under the model.
        capped: Decoding stopped at the output cap instead of choosing to end.
    """

    text: str
    confidence: float
    capped: bool


class BaseTranslator(ABC):
    """The options and the batching both backends share; a backend adds loading and decoding.

    Subclasses define :attr:`COMPUTE_TYPES` and the four hooks: :meth:`_load` (load the model
    on first use), :meth:`_make_counter` (count source tokens, ideally without a model load),
    :meth:`_encode` (one text as the decoding call takes it, and its length in source tokens)
    and :meth:`_decode` (one length batch, under an output cap). Each backend's class
    docstring lists the arguments as that backend reads them.

    Raises:
        ConfigError: An option is out of range.
    """

    COMPUTE_TYPES: ClassVar[tuple[str, ...]]
    """Compute types the backend accepts, ``auto`` first."""

    def __init__(
        self,
        model_dir: str | os.PathLike[str],
        *,
        device: str = "auto",
        compute_type: str = "auto",
        beams: int = DEFAULTS.beams,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
        threads: int | None = None,
        max_new_tokens: int | None = None,
        no_repeat_ngram_size: int = NO_REPEAT_NGRAM_SIZE,
        repetition_penalty: float = REPETITION_PENALTY,
        name: str | None = None,
    ) -> None:
        check_options(
            beams=beams,
            device=device,
            batch_tokens=batch_tokens,
            no_repeat_ngram_size=no_repeat_ngram_size,
            repetition_penalty=repetition_penalty,
        )
        self._check_backend_options(compute_type=compute_type, threads=threads)
        self.model_dir = Path(model_dir)
        self.limits = read_limits(self.model_dir)
        if max_new_tokens is not None and not 2 <= max_new_tokens <= self.limits.positions:
            raise ConfigError(
                f"max new tokens must be between 2 and {self.limits.positions}, got {max_new_tokens}"
            )
        self.max_new_tokens = max_new_tokens
        # Leave room for </s> (and tokenizer drift) below the model's positions.
        self.max_input_tokens = min(DEFAULT_MAX_INPUT_TOKENS, self.limits.positions - 2)
        self.device = device
        self.compute_type = compute_type
        self.beams = beams
        self.batch_tokens = batch_tokens
        self.threads = threads
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.repetition_penalty = repetition_penalty
        self.name = name or self.model_dir.name
        self._counter: TokenCounter | None = None

    def _check_backend_options(self, *, compute_type: str, threads: int | None) -> None:
        """Raise ConfigError for a compute type not in :attr:`COMPUTE_TYPES`."""
        check_compute_type(compute_type, self.COMPUTE_TYPES, self._compute_type_problem)

    def _compute_type_problem(self, compute_type: str) -> str:
        """What is wrong with an unknown compute type (the message goes on with the choices)."""
        return _unknown_compute_type(compute_type)

    def _guards(self) -> dict[str, Any]:
        """The repetition guards, under the keyword names both libraries' decoding calls take."""
        return {
            "no_repeat_ngram_size": self.no_repeat_ngram_size,
            "repetition_penalty": self.repetition_penalty,
        }

    def count_tokens(self, text: str) -> int:
        """Source tokens of ``text``, ``</s>`` included (SentencePiece only: no model load)."""
        if self._counter is None:
            self._counter = self._make_counter()
        return self._counter(text)

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        """Translate ``texts`` (each within the model's input limit), in order.

        The texts are sorted by length into batches of at most ``batch_tokens`` source tokens;
        each batch's output is capped from its own longest source (:func:`output_cap`, or
        ``max_new_tokens``), and an output that reaches the cap is flagged ``cap``. Confidence
        is the mean log-probability of the output tokens under the model.

        Raises:
            ValueError: A text is longer than the model can read.
            ModelLoadError: The folder does not hold a model this backend can load.
            BackendUnavailableError: The backend's packages are not installed.
        """
        if not texts:
            return []
        encoded, lengths = self._encoded(texts)
        results: list[Translation | None] = [None] * len(texts)
        for batch in length_batches(lengths, self.batch_tokens):
            max_new = self.max_new_tokens or output_cap(max(lengths[i] for i in batch), self.limits)
            outputs = self._decode([encoded[i][0] for i in batch], max_new)
            for i, output in zip(batch, outputs, strict=True):
                results[i] = Translation(
                    text=output.text,
                    confidence=output.confidence,
                    flags=("cap",) if output.capped else (),
                )
        return [r for r in results if r is not None]

    def _encoded(self, texts: Sequence[str]) -> tuple[list[tuple[Any, int]], list[int]]:
        """The model loaded, each text encoded, and the token lengths checked against its limit."""
        self._load()
        encoded = [self._encode(text) for text in texts]
        lengths = [length for _, length in encoded]
        check_input_lengths(lengths, self.limits, self.name)
        return encoded, lengths

    def translate_candidates(self, texts: Sequence[str], n: int) -> list[list[Candidate]]:
        """Up to ``n`` translations of each text, best first, with their attention (the glossary's path).

        Kept apart from :meth:`translate_batch`: only segments that hold glossary terms come
        here. The beam is widened to ``n`` when it is narrower; batching and output caps are
        those of :meth:`translate_batch`.

        Raises:
            ConfigError: ``n`` is below 1.
            ValueError: A text is longer than the model can read.
        """
        if n < 1:
            raise ConfigError(f"hypotheses must be at least 1, got {n}")
        if not texts:
            return []
        encoded, lengths = self._encoded(texts)
        results: list[list[Candidate]] = [[] for _ in texts]
        # The token budget was measured at ``beams`` rows per source; a wider beam holds more.
        budget = max(1, self.batch_tokens * self.beams // max(n, self.beams))
        for batch in length_batches(lengths, budget):
            max_new = self.max_new_tokens or output_cap(max(lengths[i] for i in batch), self.limits)
            outputs = self._decode_candidates([encoded[i][0] for i in batch], max_new, n)
            for i, output in zip(batch, outputs, strict=True):
                results[i] = output
        return results

    @abstractmethod
    def _decode_candidates(self, items: Sequence[Any], max_new: int, n: int) -> list[list[Candidate]]:
        """Decode one length batch into ``n`` hypotheses each, with scores and attention."""

    @abstractmethod
    def _load(self) -> None:
        """Load the model (and tokenizers) on first use; later calls do nothing."""

    @abstractmethod
    def _make_counter(self) -> TokenCounter:
        """A source-token counter for :meth:`count_tokens`."""

    @abstractmethod
    def _encode(self, text: str) -> tuple[Any, int]:
        """``text`` as :meth:`_decode` takes it (cleaned by ``model_input``), and its source tokens."""

    @abstractmethod
    def _decode(self, items: Sequence[Any], max_new: int) -> list[Decoded]:
        """Decode one length batch with at most ``max_new`` new tokens (``</s>`` included)."""
