"""Applying a glossary: the model's own translation, another hypothesis, or replacement by alignment."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.glossary import Glossary, Term
from briefing.translation.cache import CachedTranslator, TranslationCache, translation_key
from briefing.translation.glossary import GlossaryTranslator, uses_term
from briefing.translation.stage import FakeTranslator
from tests.glossary_fakes import DictionaryTranslator

HEZBOLLAH = Term("حزب الله", "Hezbollah", origin="desk.csv:2")
CAIRO = Term("القاهرة", "Cairo", origin="CLDR:Africa/Cairo")
AMAL = Term("أمل", "Amal", origin="desk.csv:3")

TABLE = {
    "قال": ["said"],
    "حزب": ["Party", "Hezbollah"],
    "الله": ["of God", ""],
    "وصل": ["arrived"],
    "إلى": ["in"],
    "القاهرة": ["Cairo"],
    "حركة": ["the movement"],
    "أمل": ["hope", "expectation"],
}


def _glossary(*terms: Term) -> Glossary:
    return Glossary(terms, name="desk.csv")


def test_a_term_the_model_already_uses_costs_nothing_more() -> None:
    inner = DictionaryTranslator(TABLE)
    out = GlossaryTranslator(inner, _glossary(CAIRO)).translate_batch(["وصل إلى القاهرة"])[0]
    assert out.text == "arrived in Cairo"
    assert [(u.arabic, u.applied, u.method) for u in out.terms] == [("القاهرة", True, "model")]
    assert inner.candidate_calls == []
    assert "term" not in out.flags


def test_another_hypothesis_is_chosen_when_it_uses_the_term() -> None:
    inner = DictionaryTranslator(TABLE)
    out = GlossaryTranslator(inner, _glossary(HEZBOLLAH)).translate_batch(["قال حزب الله"])[0]
    assert out.text == "said Hezbollah"
    assert out.terms[0].method == "hypothesis" and out.terms[0].applied
    assert inner.candidate_calls == [["قال حزب الله"]]


def test_the_aligned_words_are_replaced_when_no_hypothesis_has_the_term() -> None:
    inner = DictionaryTranslator(TABLE)
    out = GlossaryTranslator(inner, _glossary(AMAL)).translate_batch(["قال حركة أمل."])[0]
    # أمل is "hope" or "expectation" to the model: the words aligned to it become "Amal".
    assert out.text == "said the movement Amal."
    assert out.terms[0].method == "replacement"


def test_clitics_and_spelling_variants_still_find_the_term() -> None:
    inner = DictionaryTranslator({**TABLE, "وبالقاهره": ["and in Cairo"]})
    out = GlossaryTranslator(inner, _glossary(CAIRO)).translate_batch(["وصل وبالقاهره"])[0]
    assert out.terms[0].arabic == "وبالقاهره" and out.terms[0].method == "model"


def test_a_translator_without_alternatives_fails_the_term_with_a_reason() -> None:
    out = GlossaryTranslator(FakeTranslator(), _glossary(AMAL)).translate_batch(["قال أمل"])[0]
    assert out.text == "[en] قال أمل"
    assert out.flags == ("term",)
    assert not out.terms[0].applied and "no alternatives" in out.terms[0].reason


def test_segments_without_terms_take_the_plain_path() -> None:
    inner = DictionaryTranslator(TABLE)
    out = GlossaryTranslator(inner, _glossary(AMAL)).translate_batch(["وصل إلى القاهرة"])[0]
    assert out.terms == () and inner.candidate_calls == []


def test_the_glossary_outcome_is_cached_under_the_glossary_digest(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path)
    key = translation_key(model="m", backend="dictionary")
    first = DictionaryTranslator(TABLE)
    GlossaryTranslator(CachedTranslator(first, cache, key), _glossary(AMAL)).translate_batch(["قال أمل"])
    again = DictionaryTranslator(TABLE)
    out = GlossaryTranslator(CachedTranslator(again, cache, key), _glossary(AMAL)).translate_batch(
        ["قال أمل"]
    )
    assert again.candidate_calls == [] and out[0].text == "said Amal"
    other = DictionaryTranslator(TABLE)
    changed = _glossary(Term("أمل", "Amal Movement"))
    out = GlossaryTranslator(CachedTranslator(other, cache, key), changed).translate_batch(["قال أمل"])
    assert other.candidate_calls == [["قال أمل"]] and out[0].text == "said Amal Movement"


@pytest.mark.parametrize(
    ("english", "rendering", "expected"),
    [
        ("Hezbollah's fighters", "Hezbollah", True),
        ("the Hezbollahi", "Hezbollah", False),
        ("in cairo", "Cairo", True),
    ],
)
def test_uses_term_matches_whole_words(english: str, rendering: str, expected: bool) -> None:
    assert uses_term(english, rendering) is expected
