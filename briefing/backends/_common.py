"""What the two backends share: devices, option checks, the output cap and batching.

Both backends must decode the same way for their outputs (and cached translations) to be
comparable, so the rules live here once.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing.errors import ConfigError

DEVICES = ("auto", "cpu", "cuda")

# Output cap: a translation more than twice as long as its source (plus slack for very
# short inputs) is a degenerate repetition loop, and 512 is the model's position limit.
# Counted like transformers' new tokens (</s> included).
MAX_NEW_FACTOR = 2
MAX_NEW_SLACK = 16
MODEL_POSITIONS = 512


def check_options(*, beams: int, device: str, batch_tokens: int) -> None:
    """Raise ConfigError for a beam size, device or batch budget a backend cannot use."""
    if beams < 1:
        raise ConfigError(f"beams must be at least 1, got {beams}")
    if device not in DEVICES:
        raise ConfigError(f"unknown device {device!r}; choose one of {', '.join(DEVICES)}")
    if batch_tokens < 1:
        raise ConfigError(f"batch tokens must be at least 1, got {batch_tokens}")


def output_cap(longest_source: int) -> int:
    """Most new tokens (``</s>`` included) for a batch whose longest source has this many tokens."""
    return min(MODEL_POSITIONS, MAX_NEW_FACTOR * longest_source + MAX_NEW_SLACK)


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
