"""Finding names (places, glossary terms) in Arabic running text, through clitics and spellings.

One matcher for every list of names the package keeps: the gazetteer
(:mod:`briefing.text.places`) and the desk's glossary (:mod:`briefing.glossary`). A name is
matched on normalised tokens (:func:`briefing.text.arabic.normalize_arabic`: alef and hamza
forms, taa marbuta, alef maqsura, diacritics, tatweel), and its first word may carry the
clitics a name takes in running text: the conjunctions و and ف, then the prepositions ب، ل،
ك, then the article ال (``وبالقاهرة`` finds القاهرة; ``للجيش`` finds الجيش). A name is stored
without its article, so ``القاهرة`` and ``قاهرة`` have one key.

Only the matching works on normalised copies: :func:`word_spans` gives each token's span in
the text as written, so callers show (or align) the source's own spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from briefing.text.arabic import normalize_arabic, tokenize

__all__ = ["NameIndex", "NameMatch", "WordSpan", "bare_forms", "name_key", "word_spans"]

_T = TypeVar("_T")

# A word as written: letters and digits plus the marks normalisation removes (harakat,
# superscript alef, Quranic marks, tatweel), so a vowelled name stays one word.
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+", re.UNICODE)


def name_key(name: str) -> tuple[str, ...]:
    """The matching key of a name: normalised tokens, the first without its article."""
    tokens = tokenize(normalize_arabic(name))
    if tokens and tokens[0].startswith("ال") and len(tokens[0]) > 3:
        tokens[0] = tokens[0][2:]
    return tuple(tokens)


def bare_forms(token: str) -> list[str]:
    """*token* and its forms without leading clitics (و/ف, then ب/ل/ك, then the article).

    A clitic is taken off only when more than three letters remain, so short words such as
    وقت keep their form.
    """
    forms = [token]
    rest = token
    for clitics in (("و", "ف"), ("ب", "ل", "ك")):
        if rest[:1] in clitics and len(rest) > 3:
            rest = rest[1:]
            forms.append(rest)
    if rest.startswith("ال") and len(rest) > 3:
        forms.append(rest[2:])
    elif rest.startswith("ل") and forms[-2:-1] and forms[-2].startswith(("ل", "ول", "فل")):
        forms.append(rest[1:])  # لل: the preposition ل before the article drops its alef
    return forms


@dataclass(frozen=True, slots=True)
class WordSpan:
    """One normalised token and the span (characters, end exclusive) of its word as written."""

    token: str
    start: int
    end: int


def word_spans(text: str) -> list[WordSpan]:
    """The normalised tokens of *text*, each with the span of the written word it comes from."""
    spans: list[WordSpan] = []
    for word in _WORD.finditer(text):
        spans.extend(WordSpan(token, word.start(), word.end()) for token in tokenize(word.group()))
    return spans


@dataclass(frozen=True, slots=True)
class NameMatch(Generic[_T]):
    """A name found in a token list: its value and token offsets (end exclusive)."""

    value: _T
    start: int
    end: int


class NameIndex(Generic[_T]):
    """Names (by :func:`name_key`) to values; finds them in token lists, longest name first.

    Args:
        entries: ``(key, value)`` pairs; the first value given for a key is kept.
    """

    def __init__(self, entries: Iterable[tuple[tuple[str, ...], _T]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], _T]]] = {}
        seen: set[tuple[str, ...]] = set()
        for key, value in entries:
            if key and key not in seen:
                seen.add(key)
                self._by_first.setdefault(key[0], []).append((key, value))
        for bucket in self._by_first.values():
            bucket.sort(key=lambda entry: -len(entry[0]))

    def match_at(self, tokens: Sequence[str], position: int) -> NameMatch[_T] | None:
        """The longest name starting at token *position*, if any."""
        for form in bare_forms(tokens[position]):
            for key, value in self._by_first.get(form, ()):
                end = position + len(key)
                if tuple(tokens[position + 1 : end]) == key[1:]:
                    return NameMatch(value, position, end)
        return None

    def find(self, tokens: Sequence[str]) -> list[NameMatch[_T]]:
        """Every name in *tokens*, in order, without overlaps (the longest wins at each start)."""
        found: list[NameMatch[_T]] = []
        position = 0
        while position < len(tokens):
            match = self.match_at(tokens, position)
            if match is None:
                position += 1
                continue
            found.append(match)
            position = match.end
        return found
