"""A dictionary-backed translator that shows the glossary's two paths deterministically.

Each Arabic word (as written, whitespace-separated) has a list of English renderings; the
best translation uses the first of each, hypothesis *k* uses the *k*-th where there is one.
Attention is one-hot: every English piece attends to the Arabic word it came from, so the
alignment path replaces exactly the words of that Arabic word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefing.translation.alternatives import Candidate
from briefing.types import Translation


class DictionaryTranslator:
    """``translate_batch`` and ``translate_candidates`` from a word table (unknown words kept)."""

    name = "dictionary"

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        self.table = {word: list(options) for word, options in table.items()}
        self.batch_calls: list[list[str]] = []
        self.candidate_calls: list[list[str]] = []

    def _render(self, text: str, k: int) -> tuple[list[str], list[int]]:
        """English words of hypothesis *k*, and the Arabic word number of each."""
        words: list[str] = []
        sources: list[int] = []
        for number, word in enumerate(text.split()):
            options = self.table.get(word, [word])
            for english in options[k if k < len(options) else 0].split():
                words.append(english)
                sources.append(number)
        return words, sources

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        self.batch_calls.append(list(texts))
        return [Translation(" ".join(self._render(text, 0)[0]), confidence=-0.5) for text in texts]

    def translate_candidates(self, texts: Sequence[str], n: int) -> list[list[Candidate]]:
        self.candidate_calls.append(list(texts))
        out = []
        for text in texts:
            source = (*tuple(f"▁{w}" for w in text.split()), "</s>")
            hypotheses = []
            for k in range(n):
                words, origins = self._render(text, k)
                attention = tuple(
                    tuple(1.0 if j == origin else 0.0 for j in range(len(source))) for origin in origins
                )
                hypotheses.append(
                    Candidate(
                        " ".join(words), -0.1 * (k + 1), source, tuple(f"▁{w}" for w in words), attention
                    )
                )
            out.append(list(dict((c.text, c) for c in hypotheses).values()))
        return out
