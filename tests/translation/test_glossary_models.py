"""The glossary with the tiny random model, in both backends: candidates, attention, the samples.

The model's English is gibberish, so these tests check plumbing: every backend gives ``n``
scored hypotheses with one attention row per output piece over the source pieces, and a
build of the samples with a glossary changes the English exactly where a term was applied,
reports every term, and flags every term it could not apply.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.briefer import Briefer
from briefing.config import load_settings
from briefing.glossary import Glossary, Term
from briefing.translation.alternatives import piece_words
from briefing.translation.glossary import uses_term
from tests.markers import requires_convert
from tests.paths import SAMPLES

pytestmark = [pytest.mark.model, requires_convert]

GLOSSARY = Glossary(
    (Term("بوتين", "Putin"), Term("ترامب", "Trump", variants=("ترمب",)), Term("أوكرانيا", "Ukraine")),
    name="test.csv",
)


def _translator(backend: str, tiny_model_dir: Path, tiny_ct2_dir: Path):  # type: ignore[no-untyped-def]
    if backend == "ct2":
        from briefing.translation.backends.ct2 import Ct2Translator

        return Ct2Translator(tiny_ct2_dir, device="cpu", compute_type="float32")
    from briefing.translation.backends.marian import MarianTranslator

    return MarianTranslator(tiny_model_dir, device="cpu")


@pytest.mark.parametrize("backend", ["transformers", "ct2"])
def test_candidates_carry_scores_pieces_and_attention(
    backend: str, tiny_model_dir: Path, tiny_ct2_dir: Path
) -> None:
    translator = _translator(backend, tiny_model_dir, tiny_ct2_dir)
    texts = ["قال بوتين إن القمة بناءة", "وصل ترامب"]
    results = translator.translate_candidates(texts, 3)
    assert [len(r) for r in results] == [3, 3]
    for candidates in results:
        scores = [c.score for c in candidates]
        assert scores == sorted(scores, reverse=True) and all(s <= 0 for s in scores)
        for candidate in candidates:
            assert candidate.source[-1] == "</s>"
            assert len(candidate.attention) >= len([p for p in candidate.target if p != "</s>"])
            assert all(len(row) == len(candidate.source) for row in candidate.attention)
            words = [w for w in piece_words(candidate.target) if w is not None]
            assert max(words, default=-1) + 1 == len(candidate.text.split())


@pytest.mark.parametrize("backend", ["transformers", "ct2"])
def test_a_glossary_changes_the_samples_english_where_terms_occur(
    backend: str, tiny_model_dir: Path, tiny_ct2_dir: Path, tmp_path: Path
) -> None:
    model = tiny_ct2_dir if backend == "ct2" else tiny_model_dir
    settings = load_settings(environ={})
    common = {"model": str(model), "backend": backend, "device": "cpu", "cache_dir": tmp_path, "beams": 2}
    inputs = [SAMPLES]
    plain = Briefer(**common, settings=settings, default_glossary=False).build(
        inputs, sentences=3, overview=False
    )
    with_terms = Briefer(**common, settings=settings, glossary=GLOSSARY).build(
        inputs, sentences=3, overview=False
    )
    assert plain.glossary is None and with_terms.glossary is not None
    applied = 0
    for before, after in zip(plain.articles, with_terms.articles, strict=True):
        for old, new in zip(before.sentences, after.sentences, strict=True):
            found = [h.term.english for h in GLOSSARY.find(new.arabic)]
            assert [u.english for u in new.terms] == found
            if not found:
                assert new.english == old.english  # only sentences with terms take the slow path
                continue
            for use in new.terms:
                assert use.applied == uses_term(new.english, use.english) or not use.applied
                assert use.applied or use.reason
            if any(u.applied for u in new.terms):
                applied += 1
                assert new.english != old.english
            assert ("term" in new.flags) == (not all(u.applied for u in new.terms))
    assert with_terms.glossary.found == sum(len(s.terms) for a in with_terms.articles for s in a.sentences)
    assert applied >= 1
