"""Which articles are about the same event, and which are copies of another.

* **Groups**: TF-IDF vectors of each article's matching keys (function words out, numbers and
  Latin-script words counted twice); average-link clustering on cosine similarity.
* **Near-duplicates**: 3-word shingles of matching keys; an article whose shingles are mostly
  contained in another's is a copy, unless it changes a fact the other states.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from briefing.overview.articles import Doc
from briefing.overview.matching import cached_stance, idf_of, tfidf
from briefing.overview.settings import OverviewSettings
from briefing.overview.stance import HARD_CUES
from briefing.overview.text import Analyzer, number_value
from briefing.text.arabic import cosine

__all__ = ["find_duplicates", "group_by_event"]

logger = logging.getLogger(__name__)

# Jaccard of two sentences' keys for one to be a rewrite of the other (see _disputes).
_REWRITE_OVERLAP = 0.5


# --- grouping ----------------------------------------------------------------------------------


def _is_anchor(token: str) -> bool:
    """Names and numbers weigh more when grouping: Latin words, digits, number words."""
    return token.isdigit() or token.isascii() or number_value(token) is not None


def _article_vector(doc: Doc, analyzer: Analyzer, idf: dict[str, float]) -> dict[str, float]:
    """TF-IDF vector of an article's content words, names and numbers counted twice."""
    counts: dict[str, float] = {}
    for sent in doc.sents:
        for token in sent.tokens:
            if len(token) > 1 and not analyzer.is_stopword(token):
                key = analyzer.key(token)
                counts[key] = counts.get(key, 0.0) + (2.0 if _is_anchor(token) else 1.0)
    return tfidf(counts, idf)


def _closest(clusters: Sequence[list[int]], sim: Sequence[Sequence[float]]) -> tuple[float, tuple[int, int]]:
    """The highest average link between two clusters, and which two (the first on a tie)."""
    best, pair = -1.0, (0, 0)
    for a in range(len(clusters)):
        for b in range(a + 1, len(clusters)):
            link = sum(sim[i][j] for i in clusters[a] for j in clusters[b])
            link /= len(clusters[a]) * len(clusters[b])
            if link > best:
                best, pair = link, (a, b)
    return best, pair


def _cluster(sim: Sequence[Sequence[float]], threshold: float) -> list[list[int]]:
    """Average-link clustering: merge the closest two clusters while they link at ``threshold``."""
    clusters: list[list[int]] = [[i] for i in range(len(sim))]
    while len(clusters) > 1:
        best, (a, b) = _closest(clusters, sim)
        if best < threshold:
            break
        clusters[a] = sorted(clusters[a] + clusters[b])
        del clusters[b]
    clusters.sort(key=lambda c: c[0])
    return clusters


def group_by_event(docs: Sequence[Doc], analyzer: Analyzer, settings: OverviewSettings) -> list[list[Doc]]:
    """Average-link clustering of articles on TF-IDF cosine."""
    idf = idf_of(s.keys for d in docs for s in d.sents)
    vectors = [_article_vector(doc, analyzer, idf) for doc in docs]
    sim = [[cosine(a, b) for b in vectors] for a in vectors]
    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            logger.debug("article similarity [%d]-[%d]: %.3f", docs[i].id, docs[j].id, sim[i][j])
    return [[docs[i] for i in cluster] for cluster in _cluster(sim, settings.group_similarity)]


# --- near-duplicates ---------------------------------------------------------------------------


def _shingles(doc: Doc, analyzer: Analyzer, size: int = 3) -> set[tuple[str, ...]]:
    """The article's runs of ``size`` matching keys (all of them when it is shorter)."""
    keys = [analyzer.key(t) for s in doc.sents for t in s.tokens]
    return {tuple(keys[i : i + size]) for i in range(len(keys) - size + 1)} or {tuple(keys)}


def find_duplicates(
    group: Sequence[Doc], analyzer: Analyzer, settings: OverviewSettings
) -> list[tuple[int, int]]:
    """``(kept, copy)`` pairs: the copy's shingles are mostly contained in the kept article."""
    shingles = {d.id: _shingles(d, analyzer) for d in group}
    size = {d.id: sum(len(s.tokens) for s in d.sents) for d in group}
    pairs: list[tuple[int, int]] = []
    copies: set[int] = set()
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            if a.id in copies or b.id in copies:
                continue
            sa, sb = shingles[a.id], shingles[b.id]
            containment = len(sa & sb) / max(1, min(len(sa), len(sb)))
            logger.debug("shingle containment [%d]-[%d]: %.3f", a.id, b.id, containment)
            if containment >= settings.duplicate_containment and not _disputes(a, b):
                # Keep the fuller article; on a tie the earlier source number.
                kept, copy = (a, b) if size[a.id] >= size[b.id] else (b, a)
                pairs.append((kept.id, copy.id))
                copies.add(copy.id)
    return pairs


def _disputes(a: Doc, b: Doc) -> bool:
    """True when a rewrite changes a fact: a sentence of one that the other states otherwise.

    A copy that changes the death toll or the place is not "the same article": what it
    disputes must reach the differences, so it is not set aside as a duplicate.
    """
    for x in a.sents:
        for y in b.sents:
            union = x.key_set | y.key_set
            if union and len(x.key_set & y.key_set) / len(union) >= _REWRITE_OVERLAP:
                stance = cached_stance(x.text, y.text, 1.0)
                if stance.label == "contradict" and stance.kind in HARD_CUES:
                    return True
    return False
