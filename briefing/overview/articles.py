"""The articles as the overview sees them: each sentence with its matching features.

:func:`prepare` turns the pipeline's articles (:class:`OverviewInput`) into :class:`Doc`\\ s of
:class:`Sent`\\ s: normalised tokens, matching keys (:mod:`briefing.overview.text`), tense and
qualifiers, and an importance (from the summary's scores, or the place in the article). The
other modules of the overview read these and fill in vectors and slots as they go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing.overview.lexicon import FUTURE
from briefing.overview.slots import Slot
from briefing.overview.text import QUALIFIERS, Analyzer, glued_in
from briefing.text.arabic import tokenize
from briefing.text.dates import parse_date
from briefing.types import Sentence, Sentences, Summary

__all__ = ["LEAD_SENTENCES", "Doc", "OverviewInput", "Sent", "lead", "prepare"]

# Body sentences of an article that, with the headings before them, make its lead.
LEAD_SENTENCES = 1


@dataclass(frozen=True, slots=True)
class OverviewInput:
    """One article as the overview sees it.

    Attributes:
        id: Source number in the briefing (1-based), used in every ``sources`` list.
        sentences: All sentences of the cleaned article (matches are searched here).
        summary: The sentences chosen for the briefing: each can start a key point, with its
            score as importance; other sentences make a point only when another source
            states the same fact.
    """

    id: int
    sentences: Sentences
    summary: Summary


@dataclass(slots=True)
class Sent:
    """A sentence with its matching features (internal, mutable while building)."""

    article: int
    index: int
    text: str
    kind: str
    tokens: list[str]
    keys: list[str]
    importance: float = 0.0
    chosen: bool = False
    slots: list[Slot] = field(default_factory=list)
    vector: dict[str, float] = field(default_factory=dict)
    key_set: frozenset[str] = frozenset()
    future: bool = False
    qualifiers: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.key_set = frozenset(self.keys)
        # Future or expectation: "a summit is expected" is not the statement "a summit was held".
        self.future = any(glued_in(t, FUTURE) for t in self.tokens)
        self.qualifiers = frozenset(t for t in self.tokens if t in QUALIFIERS)


@dataclass(slots=True)
class Doc:
    """An article: its sentences, the ones its summary chose, and all its matching keys.

    ``title`` is the headline as written (the cleaned title, else the metadata title, else
    None); ``published`` the publication day when the source gives a full date (None: the
    article gives no date, which is never evidence for or against an event).
    """

    id: int
    sents: list[Sent]
    summary: list[Sent]
    key_set: set[str] = field(default_factory=set)
    title: str | None = None
    published: dt.date | None = None


def _content_keys(tokens: Sequence[str], analyzer: Analyzer) -> list[str]:
    """Matching keys of the content words (function words and single letters out)."""
    return [analyzer.key(t) for t in tokens if len(t) > 1 and not analyzer.is_stopword(t)]


def _weigh(summary: Summary, items: Sequence[Sent]) -> list[Sent]:
    """Set each sentence's importance; mark and return the ones the summary chose."""
    by_index = {s.index: s for s in items}
    chosen = [by_index[c.index] for c in summary.sentences if c.index in by_index]
    scores = [c.score for c in summary.sentences if c.index in by_index]
    top = max(scores, default=0.0)
    body = [s for s in items if s.kind != "heading"]
    for position, sent in enumerate(body):
        # Not chosen by the summary: only its place in the article, and below any chosen
        # sentence of the same article but the weakest.
        sent.importance = 0.5 * (1.0 - position / len(body))
    for rank, (sent, score) in enumerate(zip(chosen, scores, strict=True)):
        # Scores are only comparable within one article: scale to 0..1; fall back on
        # rank when the summarizer gives flat scores.
        sent.importance = score / top if top > 0 else 1.0 - rank / max(1, len(chosen))
        sent.chosen = True
    return chosen


def _doc(article: OverviewInput, sents: Sequence[tuple[Sentence, list[str]]], analyzer: Analyzer) -> Doc:
    """One article's sentences with their keys and importance."""
    items = [
        Sent(article.id, s.index, s.text, s.kind, toks, _content_keys(toks, analyzer)) for s, toks in sents
    ]
    doc = Doc(article.id, items, _weigh(article.summary, items))
    doc.key_set = {k for s in items for k in s.keys}
    source = article.sentences.source
    doc.title = article.sentences.article.title or source.title
    doc.published = parse_date(source.published)
    return doc


def prepare(articles: Sequence[OverviewInput]) -> tuple[list[Doc], Analyzer]:
    """The articles with their sentences analysed, and the analyzer of their vocabulary."""
    tokenized = [[(s, tokenize(s.text, numbers=True)) for s in a.sentences.sentences] for a in articles]
    analyzer = Analyzer(t for doc in tokenized for _, toks in doc for t in toks)
    docs = [_doc(article, sents, analyzer) for article, sents in zip(articles, tokenized, strict=True)]
    return docs, analyzer


def lead(doc: Doc) -> list[Sent]:
    """Headline and the first body sentences (``LEAD_SENTENCES``) of an article."""
    sents: list[Sent] = []
    body = 0
    for sent in doc.sents:
        if sent.kind != "heading":
            body += 1
            if body > LEAD_SENTENCES:
                break
        sents.append(sent)
    return sents
