"""The translation benchmark's variants do the same work (guards the script against rot)."""

from __future__ import annotations

import pytest

from tests.markers import requires_convert
from tests.tiny_model import CORPUS

pytestmark = [pytest.mark.model, requires_convert]


def test_take_spreads_segments_over_articles():
    from tests.benchmarks.translate import take

    articles = [["a1", "a2", "a3"], ["b1"], ["c1", "c2"]]
    assert take(articles, None) == articles
    assert take(articles, 4) == [["a1", "a2"], ["b1"], ["c1"]]
    assert take(articles, 2) == [["a1"], ["b1"]]


def test_variants_translate_the_same_segments_the_same_way(tiny_model_dir, tiny_ct2_dir):
    from tests.benchmarks import translate as bench

    articles = [[CORPUS[0][0], CORPUS[1][0]], [CORPUS[2][0]]]
    job = {
        "hf_dir": str(tiny_model_dir),
        "ct2_dir": str(tiny_ct2_dir),
        "articles": articles,
        "new_tokens": 6,
        "beams": 1,
        "compute_type": "float32",
    }
    results = {name: run(job) for name, run in bench.VARIANTS.items()}
    for result in results.values():
        assert len(result["outputs"]) == 3
        assert result["wall_s"] > 0 and result["load_s"] > 0
    # Same model, greedy, the same forced length: the same English from all three.
    assert results["transformers"]["outputs"] == results["baseline"]["outputs"]
    assert results["ct2"]["outputs"] == results["baseline"]["outputs"]
    assert all(len(text.split()) <= 6 for text in results["baseline"]["outputs"])
