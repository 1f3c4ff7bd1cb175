"""Glossary terms and finding them in Arabic text.

A :class:`Term` is one line of the desk's list: the Arabic as the desk writes it, the English
the briefing must use, other Arabic spellings (variants) and a note. A :class:`Glossary` is
an ordered set of terms with a content digest (it goes into the translation cache key, so a
changed glossary never serves an old translation) and finds its terms in a sentence through
:mod:`briefing.text.names`: clitics, hamza and alef forms, taa marbuta and diacritics do not
stop a match.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from briefing.text.names import NameIndex, name_key, word_spans

__all__ = ["Glossary", "Term", "TermHit"]


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry.

    Attributes:
        arabic: The Arabic term as the glossary writes it.
        english: The rendering the briefing must use.
        variants: Other Arabic spellings of the same term.
        note: The desk's note (shown by ``briefing glossary check``).
        origin: Where the entry comes from: ``file:line`` or ``CLDR:<code>``.
    """

    arabic: str
    english: str
    variants: tuple[str, ...] = ()
    note: str = ""
    origin: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        """The Arabic term and its variants."""
        return (self.arabic, *self.variants)


@dataclass(frozen=True, slots=True)
class TermHit:
    """A term found in a text: the term, the words as written, and their character span."""

    term: Term
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class Glossary:
    """An ordered list of terms, searchable in Arabic text.

    Attributes:
        terms: The entries; when two spell the same Arabic key, the first wins.
        name: What the briefing's first page calls it (a file name, ``CLDR places``...).
        sources: The names of the lists it was made from, in order.
    """

    terms: tuple[Term, ...]
    name: str = "glossary"
    sources: tuple[str, ...] = field(default=())

    @cached_property
    def digest(self) -> str:
        """A hash of the content (Arabic spellings and renderings, in order): the cache key part."""
        payload = json.dumps([(t.spellings, t.english) for t in self.terms], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]

    @cached_property
    def _index(self) -> NameIndex[Term]:
        return NameIndex((name_key(spelling), term) for term in self.terms for spelling in term.spellings)

    def find(self, text: str) -> list[TermHit]:
        """The terms named in *text*, in order, longest first where they overlap.

        Args:
            text: Arabic as written; spans index into it.
        """
        spans = word_spans(text)
        tokens = [span.token for span in spans]
        hits: list[TermHit] = []
        for match in self._index.find(tokens):
            start, end = spans[match.start].start, spans[match.end - 1].end
            hits.append(TermHit(match.value, text[start:end], start, end))
        return hits

    def __len__(self) -> int:
        return len(self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)


def merge(glossaries: Sequence[Glossary], *, name: str | None = None) -> Glossary:
    """One glossary from several; an entry of a later list replaces an earlier one with its key.

    The desk's own list goes last so that it overrides the starter list.
    """
    terms: list[Term] = []
    for glossary in glossaries:
        replaced = {key for term in glossary.terms for key in _keys(term.spellings)}
        terms = [t for t in terms if not replaced.intersection(_keys(t.spellings))]
        terms.extend(glossary.terms)
    sources = tuple(source for g in glossaries for source in (g.sources or (g.name,)))
    return Glossary(tuple(terms), name=name or " + ".join(sources), sources=sources)


def _keys(spellings: Iterable[str]) -> list[tuple[str, ...]]:
    return [key for key in (name_key(s) for s in spellings) if key]
