"""Decoding rules both backends share: option checks, output cap, length batches."""

from __future__ import annotations

import pytest

from briefing.errors import ConfigError
from briefing.translation.backends.base import MODEL_POSITIONS, check_options, length_batches, output_cap


def test_batches_are_length_sorted_within_the_token_budget():
    lengths = [9, 2, 5, 30, 3, 5, 4]
    batches = length_batches(lengths, 20)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    flat = [lengths[i] for batch in batches for i in batch]
    assert flat == sorted(lengths)
    for batch in batches:  # a single over-long segment still gets its own batch
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 20


def test_output_cap_grows_with_the_source_and_stops_at_the_model_limit():
    assert output_cap(1) < output_cap(10) < output_cap(100)
    assert output_cap(10_000) == MODEL_POSITIONS


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"beams": 0, "device": "cpu", "batch_tokens": 8}, "beams"),
        ({"beams": 1, "device": "tpu", "batch_tokens": 8}, "unknown device 'tpu'"),
        ({"beams": 1, "device": "cpu", "batch_tokens": 0}, "batch tokens"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(ConfigError, match=message):
        check_options(**options)
