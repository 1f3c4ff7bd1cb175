"""What the two backends share: devices, option checks, the output cap and batching.

Both backends must decode the same way for their outputs (and cached translations) to be
comparable, so the rules live here once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.config import DEVICES
from briefing.errors import ConfigError

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
    if device not in DEVICES:
        raise ConfigError(f"unknown device {device!r}; choose one of {', '.join(DEVICES)}")
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
