"""Extractive summarization: ``Sentences -> Summary``.

Summarizers rank the candidate sentences of an article (headings are never candidates) and
keep the best ones, returned in document order with their scores. Scoring works on
normalised copies (``briefing.text.arabic``); the summary shows each sentence as written.

Registered summarizers (``SUMMARIZERS``):

``default`` / ``centrality``
    LexRank centrality over normalised tokens weighted by an Arabic IDF table, blended
    with a position prior and similarity to the headline, then MMR redundancy control.
    Chosen and calibrated on the EASC benchmark (see ``tests/benchmarks/summarize.py`` and
    ``docs/notes/summaries-benchmark.md``).
``lexrank``
    Plain continuous LexRank (Erkan & Radev 2004) with IDF from the article's own
    sentences: the classic graph baseline.
``lead``
    The first sentences: the strong news baseline.
"""

from __future__ import annotations

import gzip
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Protocol, runtime_checkable

from briefing.config import DEFAULTS, Settings
from briefing.errors import ConfigError
from briefing.text.arabic import cosine as _cosine
from briefing.text.arabic import light_stem, tokenize
from briefing.types import ScoredSentence, Sentences, Summary

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_SENTENCES",
    "SUMMARIZERS",
    "CentralityParams",
    "CentralitySummarizer",
    "LeadSummarizer",
    "Length",
    "LexRankSummarizer",
    "Summarizer",
    "get_summarizer",
    "parse_length",
]

# The count of a Length without sentences or ratio (Length(), a word budget): defaults.toml's
# `sentences`. `or 5` is reached only if defaults.toml chooses ratio or words instead (its
# `sentences` is then None); count() and describe() need a number even then.
DEFAULT_SENTENCES = DEFAULTS.sentences or 5
_GRAPH_LIMIT = 300  # sentences in the LexRank graph (quadratic cost)
_MMR_POOL = 60  # sentences MMR reorders (quadratic cost)
_MIN_WORDS = 3  # shorter candidates are used only when nothing better is left
_STRUCTURE_FACTOR = 0.6  # relevance kept by list items and table rows (they need their context)
_NOT_CANDIDATES = frozenset({"heading"})


# ------------------------------------------------------------------------------ length


@dataclass(frozen=True, slots=True)
class Length:
    """How long a summary should be.

    Give one of ``words``, ``ratio`` and ``sentences``; when several are set, ``words`` wins
    over ``ratio``, which wins over ``sentences`` (a configured ratio or word budget
    overrides the default sentence count). With none, :data:`DEFAULT_SENTENCES` sentences.

    Attributes:
        sentences: Number of sentences to keep.
        ratio: Fraction of the article's candidate sentences to keep, in ``(0, 1]``.
        words: Add sentences in rank order until the summary has at least this many words
            (the last sentence may cross the budget; sentences are never cut).
    """

    sentences: int | None = None
    ratio: float | None = None
    words: int | None = None

    def __post_init__(self) -> None:
        if self.sentences is not None and (isinstance(self.sentences, bool) or self.sentences < 1):
            raise ConfigError(f"summary length: sentences must be a whole number >= 1, got {self.sentences}")
        if self.ratio is not None and not 0 < self.ratio <= 1:
            raise ConfigError(f"summary length: ratio must be in (0, 1] (e.g. 0.2 or 20%), got {self.ratio}")
        if self.words is not None and (isinstance(self.words, bool) or self.words < 1):
            raise ConfigError(f"summary length: words must be a whole number >= 1, got {self.words!r}")

    def count(self, available: int) -> int:
        """Sentences to keep out of ``available`` (ignores ``words``): at least 1, at most ``available``."""
        if available <= 0:
            return 0
        if self.ratio is not None:
            wanted = math.floor(self.ratio * available + 0.5)
        elif self.sentences is not None:
            wanted = self.sentences
        else:
            wanted = DEFAULT_SENTENCES
        return max(1, min(available, wanted))

    @classmethod
    def from_settings(cls, settings: Settings) -> Length:
        """The summary length ``settings`` ask for (``sentences``, ``ratio`` or ``words``)."""
        return cls(sentences=settings.sentences, ratio=settings.ratio, words=settings.words)

    def describe(self) -> str:
        """Human-readable form (``5 sentences``, ``20%``, ``120 words``)."""
        if self.words is not None:
            return f"{self.words} words"
        if self.ratio is not None:
            return f"{self.ratio * 100:g}%"
        return f"{self.sentences or DEFAULT_SENTENCES} sentences"


_LENGTH_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|w|words?|s|sentences?)?\s*$", re.IGNORECASE)


def parse_length(value: str | int | float | Length) -> Length:
    """Read a summary length: ``3`` or ``"3"`` (sentences), ``"20%"`` or ``0.2`` (ratio), ``"120w"`` (words).

    Args:
        value: The length as given on a command line, in a config file, or from code.

    Returns:
        The parsed :class:`Length`.

    Raises:
        ConfigError: If ``value`` is not one of the accepted forms or is out of range.
    """
    if isinstance(value, Length):
        return value
    if isinstance(value, bool):
        raise ConfigError(f"summary length: expected a number of sentences or a percentage, got {value!r}")
    if isinstance(value, int):
        return Length(sentences=value)
    if isinstance(value, float):
        if value.is_integer() and value >= 1:
            return Length(sentences=int(value))
        return Length(ratio=value)
    match = _LENGTH_RE.match(str(value))
    if match is None:
        raise ConfigError(
            f"summary length: cannot read {value!r}; use a number of sentences (3), "
            "a percentage (20%) or a word budget (120w)"
        )
    number, unit = match.group(1), (match.group(2) or "").lower()
    if unit == "%":
        return Length(ratio=float(number) / 100)
    if unit.startswith("w"):
        return Length(words=_whole(number, value))
    if "." in number and not unit:
        return Length(ratio=float(number))
    return Length(sentences=_whole(number, value))


def _whole(number: str, original: object) -> int:
    """``number`` as an int, or a ConfigError naming ``original``."""
    if "." in number:
        raise ConfigError(f"summary length: {original!r} must be a whole number")
    return int(number)


# -------------------------------------------------------------------------- protocol


@runtime_checkable
class Summarizer(Protocol):
    """Anything that picks the sentences of an article's summary.

    Implementations return the chosen sentences in document order, never more than the
    article has, and at least one when the article has a candidate sentence.
    """

    name: str

    def __call__(self, sentences: Sentences, length: Length) -> Summary:
        """Summarize one segmented article."""
        ...


class RankingSummarizer:
    """Base of the built-in summarizers: rank every candidate, then cut to the length.

    Subclasses implement :meth:`rank`; the order it returns is the order in which
    sentences join the summary.
    """

    name = "ranking"

    def rank(self, sentences: Sentences) -> list[ScoredSentence]:
        """All candidate sentences, best first (subclasses override)."""
        raise NotImplementedError

    def __call__(self, sentences: Sentences, length: Length) -> Summary:
        """Summarize ``sentences`` to ``length``; sentences come back in document order.

        Args:
            sentences: The segmented article.
            length: How much to keep (see :class:`Length`).

        Returns:
            The summary; empty only when the article has no candidate sentence.
        """
        ranked = self.rank(sentences)
        chosen = select(ranked, length)
        return Summary(
            article=sentences.article,
            sentences=tuple(sorted(chosen, key=lambda s: s.index)),
            total=len(sentences.sentences),
            method=self.name,
        )


def select(ranked: Sequence[ScoredSentence], length: Length) -> list[ScoredSentence]:
    """The first sentences of ``ranked`` that make up ``length`` (in rank order)."""
    if length.words is not None:
        chosen: list[ScoredSentence] = []
        total = 0
        for sentence in ranked:
            if total >= length.words:
                break
            chosen.append(sentence)
            total += len(sentence.text.split())
        return chosen
    return list(ranked[: length.count(len(ranked))])


def candidates(sentences: Sentences) -> list[tuple[int, str]]:
    """``(index, text)`` of the sentences a summary may use (not headings, not the headline again)."""
    title = _key(sentences.article.title or "")
    out = []
    for sentence in sentences.sentences:
        if sentence.kind in _NOT_CANDIDATES or not sentence.text.strip():
            continue
        if title and _key(sentence.text) == title:
            continue  # the headline is shown above the summary already
        out.append((sentence.index, sentence.text))
    if not out:  # an article of headings only: better a heading than nothing
        out = [(s.index, s.text) for s in sentences.sentences if s.text.strip()]
    return out


# A teaser addressing the reader ("تعرّف على تفاصيل الاجتماع…") sells the article instead of
# reporting; clean drops it when it stands on its own line, this catches it mid-paragraph.
# Matched on the normalised copy (على -> علي, إلى -> الي).
_TEASER = re.compile(r"^(تعرف|تعرفوا|تعرفي|اكتشف|اكتشفوا|اكتشفي) (علي|الي) ")


def _fragment(text: str) -> bool:
    """True for a sentence that is weak on its own: a lead-in ending with ``:``, under 3 words,
    or a teaser addressed to the reader."""
    return (
        text.rstrip().endswith((":", "："))
        or len(tokenize(text)) < _MIN_WORDS
        or _TEASER.match(" ".join(tokenize(text)) + " ") is not None
    )


def _key(text: str) -> str:
    """Comparison key of a sentence: its normalised tokens."""
    return " ".join(tokenize(text))


# ------------------------------------------------------------------------------ lead


class LeadSummarizer(RankingSummarizer):
    """The first candidate sentences of the article (score decreases with position)."""

    name = "lead"

    def rank(self, sentences: Sentences) -> list[ScoredSentence]:
        """Candidates in document order."""
        found = candidates(sentences)
        return [ScoredSentence(index, text, 1.0 / (rank + 1)) for rank, (index, text) in enumerate(found)]


# ----------------------------------------------------------------- vectors and graphs

Vector = dict[str, float]


def _tf(tokens: Iterable[str]) -> Counter[str]:
    return Counter(tokens)


def _pagerank(matrix: list[list[float]], damping: float, *, iterations: int = 100) -> list[float]:
    """Stationary distribution of the row-normalised weighted graph (power iteration)."""
    n = len(matrix)
    if n == 0:
        return []
    rows = []
    for row in matrix:
        total = sum(row)
        rows.append([w / total for w in row] if total else [1.0 / n] * n)
    scores = [1.0 / n] * n
    for _ in range(iterations):
        new = [(1.0 - damping) / n] * n
        for i, row in enumerate(rows):
            share = damping * scores[i]
            if share:
                for j, weight in enumerate(row):
                    if weight:
                        new[j] += share * weight
        if max(abs(x - y) for x, y in zip(new, scores, strict=True)) < 1e-9:
            scores = new
            break
        scores = new
    return scores


def lexrank_scores(
    vectors: Sequence[Vector], *, threshold: float = 0.0, damping: float = 0.85
) -> list[float]:
    """LexRank centrality of each vector: PageRank over the cosine-similarity graph.

    Args:
        vectors: One TF-IDF vector per sentence.
        threshold: Similarities below this are dropped from the graph (0 keeps the
            continuous, weighted graph).
        damping: PageRank damping factor.

    Returns:
        One centrality score per sentence (they sum to 1).
    """
    n = len(vectors)
    matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        matrix[i][i] = 1.0 if vectors[i] else 0.0
        for j in range(i + 1, n):
            sim = _cosine(vectors[i], vectors[j])
            if sim >= threshold and sim > 0:
                matrix[i][j] = matrix[j][i] = sim
    return _pagerank(matrix, damping)


# ------------------------------------------------------------------------- IDF tables


@cache
def arabic_idf() -> Mapping[str, float]:
    """Inverse frequency of normalised Arabic words in a large general corpus.

    Built by ``tests/benchmarks/build_idf.py`` from the Arabic word frequencies of the
    ``wordfreq`` package (Wikipedia, news, subtitles, web text; CC BY-SA 4.0) and shipped as
    ``briefing/data/ar_idf.tsv.gz``: one ``word<TAB>idf`` line per word, where idf is
    ``-ln(frequency)`` of the normalised word. Loaded once, on first use.
    """
    table: dict[str, float] = {}
    data = resources.files("briefing").joinpath("data/ar_idf.tsv.gz").read_bytes()
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        word, _, value = line.partition("\t")
        if value:
            table[word] = float(value)
    return table


def article_idf(token_lists: Sequence[Sequence[str]]) -> Callable[[str], float]:
    """Smoothed IDF with the article's sentences as documents (classic LexRank)."""
    df: Counter[str] = Counter()
    for tokens in token_lists:
        df.update(set(tokens))
    n = len(token_lists)
    return lambda term: math.log((n + 1) / (df.get(term, 0) + 0.5))


# ----------------------------------------------------------------------------- lexrank


class LexRankSummarizer(RankingSummarizer):
    """Continuous LexRank over normalised tokens, IDF from the article itself.

    The textbook method (Erkan & Radev 2004), kept as the graph baseline: no stemming, no
    position information, no redundancy control.
    """

    name = "lexrank"

    def __init__(self, *, threshold: float = 0.1, damping: float = 0.85) -> None:
        self.threshold = threshold
        self.damping = damping

    def rank(self, sentences: Sentences) -> list[ScoredSentence]:
        """Candidates by decreasing centrality (document order breaks ties)."""
        found = candidates(sentences)
        tokens = [tokenize(text) for _, text in found]
        idf = article_idf(tokens)
        vectors = [{t: c * idf(t) for t, c in _tf(toks).items()} for toks in tokens]
        # Past _GRAPH_LIMIT sentences (long reports) the rest get no centrality.
        scores = lexrank_scores(vectors[:_GRAPH_LIMIT], threshold=self.threshold, damping=self.damping)
        scores += [0.0] * (len(found) - len(scores))
        order = sorted(range(len(found)), key=lambda i: (-scores[i], i))
        return [ScoredSentence(found[i][0], found[i][1], scores[i]) for i in order]


# -------------------------------------------------------------------------- centrality


@dataclass(frozen=True, slots=True)
class CentralityParams:
    """Knobs of :class:`CentralitySummarizer` (defaults chosen on EASC: docs/notes/summaries-benchmark.md).

    Attributes:
        position_weight: Weight of the position prior against centrality (0..1).
        position_decay: The prior of the sentence at position ``i`` is ``1 / (i + 1) ** decay``.
        title_weight: Weight of the cosine similarity to the headline.
        threshold: Cosine similarities below this are not edges of the LexRank graph.
        damping: PageRank damping factor.
        mmr_lambda: MMR trade-off; 1 ranks by relevance alone, lower values penalise
            sentences similar to ones already chosen.
        stem: Strip common clitics (``و``, ``ال``, ``ب``...) before matching.
        corpus_idf: IDF from a general Arabic corpus (True) or from the article (False).
        min_idf: Words with a lower corpus IDF (the most frequent function words) are ignored.
    """

    # Chosen by 5-fold cross-validation on EASC (docs/notes/summaries-benchmark.md): on each fold the grid
    # point (weight 0.5-1.0 x MMR lambda 1.0/0.8) best on the other four folds was picked,
    # and w=0.95, lambda=0.8 was picked on three folds of five (0.85 on two). A strong lead
    # prior with centrality breaking ties among later sentences and mild MMR; weaker priors
    # lose to Lead (w=0.5: -1.2 R-1). The held-out estimate of this choice is a tie with Lead.
    position_weight: float = 0.95
    position_decay: float = 1.0
    title_weight: float = 0.0
    threshold: float = 0.0
    damping: float = 0.85
    mmr_lambda: float = 0.8
    stem: bool = False
    corpus_idf: bool = True
    min_idf: float = 0.0
    extra: tuple[tuple[str, float], ...] = field(default=())


class CentralitySummarizer(RankingSummarizer):
    """LexRank centrality with a position prior, headline similarity and MMR (the default).

    Args:
        params: Scoring parameters; the defaults are the calibrated ones.
        name: Name reported in the summary and the briefing.
    """

    def __init__(self, params: CentralityParams | None = None, *, name: str = "centrality") -> None:
        self.params = params or CentralityParams()
        self.name = name

    def _tokens(self, text: str) -> list[str]:
        tokens = tokenize(text)
        return [light_stem(t) for t in tokens] if self.params.stem else tokens

    def rank(self, sentences: Sentences) -> list[ScoredSentence]:
        """Candidates in the order MMR picks them; score is the blended relevance.

        Fragments that mean little on their own in a briefing (a lead-in ending with a colon,
        such as ``شارك في المحادثات:``, or fewer than three words, such as a one-word list
        item) come after every other sentence; list items and table rows keep only part of
        their relevance.
        """
        found = candidates(sentences)
        texts = [text for _, text in found]
        scores, vectors = self.relevance(texts, title=sentences.article.title)
        kinds = {s.index: s.kind for s in sentences.sentences}
        # A list item or table cell read alone loses the sentence that introduced it.
        scores = [
            score * _STRUCTURE_FACTOR if kinds.get(index) in ("list_item", "table_row") else score
            for score, (index, _) in zip(scores, found, strict=True)
        ]
        order = self._mmr(scores, vectors)
        order = [i for i in order if not _fragment(texts[i])] + [i for i in order if _fragment(texts[i])]
        return [ScoredSentence(found[i][0], found[i][1], round(scores[i], 6)) for i in order]

    def relevance(
        self, texts: Sequence[str], *, title: str | None = None
    ) -> tuple[list[float], list[Vector]]:
        """Blended relevance of each text (in document order) and its TF-IDF vector."""
        p = self.params
        tokens = [self._tokens(text) for text in texts]
        idf = self._idf(tokens)
        vectors = [_vector(toks, idf, p.min_idf) for toks in tokens]
        n = len(texts)
        if n == 0:
            return [], []
        # The graph is quadratic in sentences; past _GRAPH_LIMIT (long reports) later sentences
        # get no centrality and are ranked by the position prior alone.
        central = lexrank_scores(vectors[:_GRAPH_LIMIT], threshold=p.threshold, damping=p.damping)
        top = max(central) or 1.0
        central = [c / top for c in central] + [0.0] * (n - len(central))
        prior = [1.0 / (i + 1) ** p.position_decay for i in range(n)]
        weight = p.position_weight
        scores = [(1 - weight) * c + weight * q for c, q in zip(central, prior, strict=True)]
        if title and p.title_weight:
            title_vec = {t: c * idf(t) for t, c in _tf(self._tokens(title)).items()}
            similarity = [_cosine(v, title_vec) for v in vectors]
            scores = [s + p.title_weight * t for s, t in zip(scores, similarity, strict=True)]
        return scores, vectors

    def _idf(self, tokens: Sequence[Sequence[str]]) -> Callable[[str], float]:
        """Term weights: the Arabic corpus table (unknown terms get its ceiling), or the article's own."""
        if not self.params.corpus_idf:
            return article_idf(tokens)
        table = arabic_idf()
        ceiling = max(table.values(), default=20.0)

        def corpus_idf(term: str) -> float:
            return table.get(term, ceiling)

        return corpus_idf

    def _mmr(self, scores: Sequence[float], vectors: Sequence[Vector]) -> list[int]:
        """Greedy maximal marginal relevance order.

        MMR reorders the ``_MMR_POOL`` most relevant sentences (far more than a summary
        takes); the rest follow by relevance, which keeps long articles linear.
        """
        lam = self.params.mmr_lambda
        by_relevance = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        remaining = by_relevance[:_MMR_POOL]
        order: list[int] = []
        redundancy = [0.0] * len(scores)
        while remaining:
            best = max(remaining, key=lambda i: (lam * scores[i] - (1 - lam) * redundancy[i], -i))
            order.append(best)
            remaining.remove(best)
            for i in remaining:
                redundancy[i] = max(redundancy[i], _cosine(vectors[i], vectors[best]))
        return order + by_relevance[_MMR_POOL:]


def _vector(tokens: Sequence[str], idf: Callable[[str], float], min_idf: float) -> Vector:
    """TF-IDF vector of one text's tokens, without terms weighted ``min_idf`` or less."""
    vec = {}
    for term, count in _tf(tokens).items():
        weight = idf(term)
        if weight > min_idf:
            vec[term] = count * weight
    return vec


# --------------------------------------------------------------------------- registry

SUMMARIZERS: dict[str, Callable[[], Summarizer]] = {
    "default": lambda: CentralitySummarizer(name="default"),
    "centrality": CentralitySummarizer,
    "lexrank": LexRankSummarizer,
    "lead": LeadSummarizer,
}


def get_summarizer(name_or_instance: str | Summarizer | None = None) -> Summarizer:
    """A summarizer by registered name, or the given object itself.

    Args:
        name_or_instance: A key of :data:`SUMMARIZERS`, ``None`` for the default, or any
            object following the :class:`Summarizer` protocol.

    Returns:
        The summarizer.

    Raises:
        ConfigError: If the name is not registered, or the object is not a summarizer.
    """
    if name_or_instance is None:
        name_or_instance = "default"
    if isinstance(name_or_instance, str):
        factory = SUMMARIZERS.get(name_or_instance.strip().lower())
        if factory is None:
            valid = ", ".join(sorted(SUMMARIZERS))
            raise ConfigError(f"unknown summarizer {name_or_instance!r}; choose one of: {valid}")
        return factory()
    if not callable(name_or_instance):
        raise ConfigError(
            f"summarizer must be a name ({', '.join(sorted(SUMMARIZERS))}) or a callable "
            f"(sentences, length) -> Summary, got {type(name_or_instance).__name__}"
        )
    return name_or_instance
