"""Several translations of one segment, with the model's attention: what the glossary works on.

A backend's ``translate_candidates(texts, n)`` returns, per text, up to ``n`` :class:`Candidate`
translations best first (CTranslate2 ``num_hypotheses`` with ``return_attention``;
transformers ``num_return_sequences`` and a forward pass with ``output_attentions``). Each
carries its source and target SentencePiece pieces and, per target piece, the cross-attention
over the source pieces, so a word of the English can be traced to the Arabic word it
translates (:func:`aligned_words`).

Pieces follow SentencePiece's convention: a piece that starts with ``▁`` starts a word. The
source words are then the whitespace-separated words of the text the model read, and the
target words those of the candidate's ``text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Candidate", "aligned_words", "piece_words", "replace_words"]

WORD_START = "▁"
_SPECIALS = frozenset({"</s>", "<unk>", "<pad>", "<s>"})
_EDGE_PUNCT = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One translation of a segment among several.

    Attributes:
        text: The English.
        score: The model's score (mean log-probability of the output tokens).
        source: The source pieces as the model read them (``</s>`` included).
        target: The output pieces, special tokens left out.
        attention: One row per target piece: its attention over the source pieces (last
            decoder layer, heads averaged); empty when the backend gives none.
    """

    text: str
    score: float
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    attention: tuple[tuple[float, ...], ...] = ()


def piece_words(pieces: Sequence[str]) -> list[int | None]:
    """The word number of each piece (``None`` for special tokens); ``▁`` starts a new word."""
    numbers: list[int | None] = []
    word = -1
    for piece in pieces:
        if piece in _SPECIALS:
            numbers.append(None)
            continue
        if piece.startswith(WORD_START) or word < 0:
            word += 1
        numbers.append(word)
    return numbers


def aligned_words(candidate: Candidate, source_words: set[int]) -> list[int] | None:
    """The target words whose pieces attend most to one of ``source_words``.

    Each target piece is aligned to the source word of its highest attention weight
    (special tokens such as ``</s>``, where attention pools, left out), the usual reading of
    cross-attention as alignment (Garg et al. 2019, "Jointly Learning to Align and Translate").

    Returns:
        Target word numbers in order, or ``None`` when the candidate has no attention or its
        pieces do not match its text's words.
    """
    if not candidate.attention or len(candidate.attention) < len(candidate.target):
        return None
    sources = piece_words(candidate.source)
    targets = piece_words(candidate.target)
    if max((t for t in targets if t is not None), default=-1) + 1 != len(candidate.text.split()):
        return None
    found: set[int] = set()
    for row, word in zip(candidate.attention, targets, strict=False):
        if word is None:
            continue
        weights = [
            (weight, sources[k]) for k, weight in enumerate(row[: len(sources)]) if sources[k] is not None
        ]
        if weights and max(weights)[1] in source_words:
            found.add(word)
    return sorted(found)


def replace_words(text: str, first: int, last: int, english: str) -> str:
    """*text* with its words ``first..last`` (inclusive) replaced by *english*.

    Punctuation before the first word and after the last one is kept (``(Cairo,`` keeps the
    parenthesis and the comma); a "the" just before the span is dropped when *english* starts
    with its own.
    """
    words = text.split()
    lead = _EDGE_PUNCT.match(words[first])
    tail = _EDGE_PUNCT.match(words[last])
    before = lead.group(1) if lead else ""
    after = tail.group(3) if tail else ""
    if english.casefold().startswith("the ") and first > 0 and words[first - 1].casefold() == "the":
        first -= 1
    return " ".join([*words[:first], f"{before}{english}{after}", *words[last + 1 :]])
