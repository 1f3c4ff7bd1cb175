"""The sentence encoder: aligned rows, unit vectors, cross-lingual closeness."""

import numpy as np
import pytest

from briefing.text.vectors import DIMENSIONS, encode, pair_similarity, similarity


def test_rows_stay_aligned_and_blank_text_is_a_zero_vector() -> None:
    vectors = encode(["ذهب الرجل إلى السوق", "", "ذهب الرجل إلى السوق"])
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-4)
    assert not vectors[1].any()
    assert np.array_equal(vectors[0], vectors[2])


def test_a_translation_is_closer_than_an_unrelated_sentence() -> None:
    scores = similarity(["ارتفعت أسعار النفط اليوم"], ["Oil prices rose today", "The cat sleeps"])
    assert scores[0, 0] > scores[0, 1]


def test_pair_similarity_needs_equal_lengths() -> None:
    with pytest.raises(ValueError, match="equal lengths"):
        pair_similarity(["a"], ["a", "b"])


def test_a_call_larger_than_the_cache_fills_every_row(monkeypatch) -> None:
    from briefing.text import vectors

    monkeypatch.setattr(vectors, "_CACHE_SIZE", 2)
    texts = ["الجملة الأولى", "الجملة الثانية", "الجملة الثالثة", "الجملة الرابعة"]
    rows = vectors.SentenceEncoder().encode(texts)
    assert all(rows[i].any() for i in range(len(texts)))
