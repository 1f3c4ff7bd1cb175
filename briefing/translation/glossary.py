"""Applying a glossary while translating, by the cheapest method that works.

Marian models cannot be forced to produce a phrase mid-sentence (CTranslate2 issues #739 and
#1893; transformers dropped constrained beam search), so a segment whose Arabic holds
glossary terms goes through up to three steps, and stops at the first that works:

1. ``model``: the model's own best translation (as for every segment, from the cache when it
   is there) already uses every term's English: nothing more to do, nothing more spent;
2. ``hypothesis``: the backend's ``translate_candidates`` gives several hypotheses and their
   attention; the best-scored one that uses the most terms is taken;
3. ``replacement``: in that hypothesis, the English words aligned (by attention) to the
   Arabic term are replaced by the term's English.

A term none of these puts into the English is *failed*: the segment gets the ``term`` flag
and the term's report says why. Segments without terms go straight to the wrapped
translator. The outcome of steps 2-3 is cached with the glossary's digest in the key
(:meth:`TranslationCache.get_terms <briefing.translation.cache.TranslationCache.get_terms>`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from briefing.config import DEFAULTS
from briefing.glossary import Glossary, TermHit
from briefing.translation.alternatives import Candidate, aligned_words, replace_words
from briefing.translation.cache import CachedTranslator, TranslationCache, glossary_key
from briefing.translation.guards import model_input, order_flags
from briefing.translation.stage import Translator
from briefing.types import TermMethod, TermUse, Translation

__all__ = ["GlossaryTranslator", "uses_term"]

log = logging.getLogger(__name__)

CandidateSource = Callable[[Sequence[str], int], list[list[Candidate]]]

# A replacement must stay local: when the words aligned to a term spread over more than this
# many words per word of the term's English (plus one), the attention is not an alignment
# (random or diffuse), and replacing the span would delete words that translate something
# else. Chosen on the dictionary fakes of tests/translation/test_glossary.py, where one Arabic
# word gives up to three English words ("the United States").
MAX_SPAN_PER_WORD = 3


def uses_term(english: str, rendering: str) -> bool:
    """True when *english* holds *rendering* as whole words (case and a possessive aside)."""
    pattern = r"(?<!\w)" + re.escape(rendering) + r"(?:'s)?(?!\w)"
    return re.search(pattern, english, flags=re.IGNORECASE) is not None


def _source_words(text: str, hit: TermHit) -> set[int]:
    """The whitespace-word numbers of *text* that the hit's span covers."""
    numbers: set[int] = set()
    position = 0
    for number, word in enumerate(text.split()):
        start = text.index(word, position)
        position = start + len(word)
        if start < hit.end and position > hit.start:
            numbers.add(number)
    return numbers


def _use(hit: TermHit, applied: bool, method: TermMethod = "", reason: str = "") -> TermUse:
    return TermUse(hit.surface, hit.term.english, applied, method, reason, hit.term.origin)


def _pick(candidates: Sequence[Candidate], hits: Sequence[TermHit]) -> tuple[int, Candidate]:
    """The best-scored candidate among those using the most terms, and its rank (0 = best)."""
    ranked = sorted(
        enumerate(candidates),
        key=lambda item: (-sum(uses_term(item[1].text, h.term.english) for h in hits), -item[1].score),
    )
    return ranked[0]


def _replace_terms(
    text: str, candidate: Candidate, hits: Sequence[TermHit], method: TermMethod
) -> tuple[str, list[TermUse]]:
    """The candidate's English with missing terms replaced where aligned, and each term's report."""
    english = candidate.text
    uses: dict[int, TermUse] = {}
    spans: list[tuple[int, int, int]] = []  # (first word, last word, hit number)
    for number, hit in enumerate(hits):
        if uses_term(english, hit.term.english):
            uses[number] = _use(hit, True, method)
            continue
        words = aligned_words(candidate, _source_words(text, hit))
        limit = MAX_SPAN_PER_WORD * len(hit.term.english.split()) + 1
        if words is None:
            uses[number] = _use(hit, False, reason="the backend gives no usable attention to align it")
        elif not words:
            uses[number] = _use(hit, False, reason="no English word is aligned to it")
        elif words[-1] - words[0] + 1 > limit or any(a <= words[-1] and words[0] <= b for a, b, _ in spans):
            uses[number] = _use(hit, False, reason="the English aligned to it is spread over the sentence")
        else:
            spans.append((words[0], words[-1], number))
    # Right to left, so the word numbers of the spans still to replace stay valid.
    for first, last, number in sorted(spans, reverse=True):
        english = replace_words(english, first, last, hits[number].term.english)
        uses[number] = _use(hits[number], True, "replacement")
    return english, [uses[n] for n in range(len(hits))]


def _candidate_source(translator: Any) -> CandidateSource | None:
    """The ``translate_candidates`` of *translator* or of a backend it wraps (cache, lock)."""
    seen = 0
    while translator is not None and seen < 4:
        method = getattr(type(translator), "translate_candidates", None)
        if method is not None:
            return translator.translate_candidates
        translator = getattr(translator, "inner", None)
        seen += 1
    return None


class GlossaryTranslator:
    """A :class:`~briefing.translation.stage.Translator` that applies a glossary.

    Args:
        inner: The translator (a backend, or the cache around one).
        glossary: The terms to apply.
        hypotheses: How many hypotheses to ask the backend for when the best translation
            misses a term.

    Attributes:
        glossary: The glossary applied.
        slow: Segments that went past the model's own translation (steps 2-3) so far.
    """

    def __init__(
        self, inner: Translator, glossary: Glossary, *, hypotheses: int = DEFAULTS.glossary_hypotheses
    ) -> None:
        self.inner = inner
        self.glossary = glossary
        self.hypotheses = hypotheses
        self.name = inner.name
        self.slow = 0

    def __getattr__(self, name: str) -> Any:
        # count_tokens, max_input_tokens, the cache's hits and misses...
        return getattr(self.inner, name)

    def _store(self) -> tuple[TranslationCache, str] | None:
        """The cache and key for outcomes of steps 2-3, when the inner translator is cached."""
        if isinstance(self.inner, CachedTranslator):
            return self.inner.cache, glossary_key(self.inner.key, self.glossary.digest)
        return None

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        """Translate ``texts`` (in order), applying the glossary to those that hold its terms."""
        results = list(self.inner.translate_batch(texts))
        hits = {text: self.glossary.find(model_input(text)) for text in dict.fromkeys(texts)}
        pending: dict[str, tuple[list[TermHit], Translation]] = {}
        for number, text in enumerate(texts):
            if not hits[text]:
                continue
            if all(uses_term(results[number].text, h.term.english) for h in hits[text]):
                uses = tuple(_use(h, True, "model") for h in hits[text])
                results[number] = replace(results[number], terms=uses)
            else:
                pending[text] = (hits[text], results[number])
        if pending:
            done = self._apply(pending)
            results = [done.get(text, result) for text, result in zip(texts, results, strict=True)]
        return results

    def _apply(self, pending: dict[str, tuple[list[TermHit], Translation]]) -> dict[str, Translation]:
        """Steps 2-3 for the segments whose best translation misses a term (cached)."""
        store = self._store()
        done = store[0].get_terms(store[1], pending) if store else {}
        todo = [text for text in pending if text not in done]
        if not todo:
            return done
        self.slow += len(todo)
        source = _candidate_source(self.inner)
        fresh: dict[str, Translation] = {}
        if source is None:
            reason = f"the translator {self.name!r} gives no alternatives to choose from"
            for text in todo:
                hits, plain = pending[text]
                fresh[text] = self._failed(plain, hits, reason)
        else:
            for text, candidates in zip(
                todo, source([model_input(t) for t in todo], self.hypotheses), strict=True
            ):
                fresh[text] = self._choose(model_input(text), candidates, pending[text][0])
        if store:
            store[0].put_terms(store[1], fresh)
        return {**done, **fresh}

    def _failed(self, translation: Translation, hits: Sequence[TermHit], reason: str) -> Translation:
        uses = tuple(
            _use(h, True, "model")
            if uses_term(translation.text, h.term.english)
            else _use(h, False, reason=reason)
            for h in hits
        )
        return _with_uses(translation, uses)

    def _choose(self, text: str, candidates: Sequence[Candidate], hits: Sequence[TermHit]) -> Translation:
        """The translation built from the best candidate for these terms."""
        rank, best = _pick(candidates, hits)
        english, uses = _replace_terms(text, best, hits, "hypothesis")
        log.info(
            "glossary: %d of %d terms applied (hypothesis %d): %.60s",
            sum(u.applied for u in uses),
            len(uses),
            rank + 1,
            text,
        )
        return _with_uses(Translation(text=english, confidence=best.score), tuple(uses))


def _with_uses(translation: Translation, uses: tuple[TermUse, ...]) -> Translation:
    """*translation* with its term reports, flagged ``term`` when one failed."""
    flags = translation.flags
    if not all(use.applied for use in uses):
        flags = order_flags((*flags, "term"))
    return replace(translation, flags=flags, terms=uses)
