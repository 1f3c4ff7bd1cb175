"""Cross-source overview: group articles by event, merge what they agree on, show where they differ.

Editors get several outlets on one story. For each group of articles about the same event this
stage finds the facts several sources state (one *key point* per fact, in the most complete
wording, with the list of sources), the statements where sources give a different number,
duration, day or place ("where sources differ"), and articles that are copies of one another.

It works on the Arabic side only, on normalised matching copies (:mod:`briefing.overview_text`);
the text it returns is always a source sentence as written. English is filled in afterwards:
the pipeline translates :func:`overview_texts` with the article sentences and calls
:func:`with_translations`.

How it decides (thresholds in :class:`OverviewSettings`):

* **Groups**: TF-IDF vectors of each article's matching keys (function words out, numbers and
  Latin-script words counted twice); average-link clustering on cosine similarity.
* **Key points**: each body sentence looks for its best match in every other article of the
  group (cosine of sentence vectors with the group's *topic keys* weighing little, a few shared
  words spread over the sentences, same tense: "a summit is expected" never merges with "the
  summit was held"). A sentence and its matches become one point when a summary chose one of
  them or when several sources state it; the wording shown is the member that covers most of
  the point's words (not a disputed one, not a quote without its speaker).
* **Differences**: only between two statements that otherwise match strongly (the sentence and
  the one before it, compared without the disputed words), that carry the same kind of slot
  (hours of a meeting, a counted noun, a weekday, a place), whose values differ, where neither
  article states the other's value anywhere, and neither side is qualified as another instance
  (the *previous* call, the *next* summit). Approximate values ("about three hours") never
  count. A false contradiction is worse than a missed one.
* **Near-duplicates**: 3-word shingles of matching keys; an article whose shingles are mostly
  contained in another's is a copy. The longer one is kept; the copy is listed as a duplicate,
  leaves key points and differences, and its per-article section can be dropped.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from itertools import pairwise

from briefing.errors import ConfigError
from briefing.normalize import tokenize
from briefing.overview_text import (
    FUTURE_MARKERS,
    QUALIFIERS,
    Analyzer,
    Slot,
    extract_slots,
    number_value,
    place_names,
)
from briefing.types import (
    Difference,
    EventGroup,
    KeyPoint,
    Overview,
    OverviewVersion,
    Sentences,
    Summary,
)

__all__ = [
    "OverviewInput",
    "OverviewSettings",
    "build_overview",
    "duplicate_ids",
    "overview_texts",
    "with_translations",
]

logger = logging.getLogger(__name__)

# "1. ..." / "2) ...": a list number, not a count of anything.
_LIST_NUMBER = re.compile(r"^\s*\d+\s*[.)\-–]")
# A quote without its speaker ("وأضاف: “...”", or a bare “...”): the speaker is in the
# sentence before, so shown alone it misleads.
_DANGLING = re.compile(
    r"^(?:\s*[“«\"]|\W*[وف]?(?:أضاف|اضاف|تابع|أردف|اردف|استطرد|استدرك|قال)\w{0,2}\s*[:：“\"«])"
)

# Body sentences of an article that, with the headings before them, make its lead.
_LEAD_SENTENCES = 1
# Common words in one run that make a clause rather than a name phrase (see _same_fact).
_CLAUSE_KEYS = 5
# Below this share of a sentence's weight, words it shares with another are a mere mention.
_MENTION_COVERAGE = 0.4
# Jaccard of two statements' words for a source to join a version it states the same value of.
_AGREE_OVERLAP = 0.3


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


@dataclass(frozen=True, slots=True)
class OverviewSettings:
    """Thresholds of the overview. Defaults were tuned on made-up article sets
    (``tests/data/overview``) and the five samples in ``inputs/``; see the README.

    Raises:
        ConfigError: A threshold outside ``0..1`` or a negative count.
    """

    group_similarity: float = 0.18
    """Average-link cosine between article vectors to put them in one group. The five reports
    of the Putin-Trump summit (a generic Kremlin piece, two pre-summit pieces, two on the
    Alaska meeting) score 0.25-0.40 with each other; two different disasters in the test mix
    (an earthquake in Morocco, floods in Libya) score 0.05-0.11, whose vocabulary (rescue
    teams, aid, casualties) overlaps. 0.18 sits between the two."""
    point_similarity: float = 0.26
    """Cosine between two sentences to count as the same fact. In the samples, the three
    facts that 04 and 05 both report (the Anchorage meeting on Friday, Putin's "understanding"
    paving the way to peace, Trump's "progress but no final deal") score 0.28-0.39, and the
    best false pair ("rebuilding trust" vs "rebuilding economic relations") 0.24; paraphrases
    in the made-up sets score 0.28-0.87. Protagonists named in most leads weigh little (see
    ``topic_weight``), so sharing "الرئيس الروسي فلاديمير بوتين" is not enough."""
    point_min_shared: int = 2
    """Distinct matching keys, topic keys not counted, two sentences must share, so that two
    short sentences (a list item, a heading) do not match on one rare word."""
    difference_similarity: float = 0.25
    """Cosine between the two statements (sentence plus the one before it, disputed words
    left out, topic keys weighing little) for a differing number/day/place to be a
    contradiction. "Three hours" (04) against "long hours" (05) scores 0.33; the 2.5-hour phone
    call of 03 against either 0.05 at most (and is vetoed by its qualifiers anyway)."""
    difference_min_shared: int = 4
    """Distinct matching keys the two statements must share besides the disputed slot."""
    duplicate_containment: float = 0.5
    """Share of the smaller article's 3-word shingles found in the other for it to be a copy.
    The five samples share under 0.05 with each other, the made-up independent reports of one
    fire (written with stock phrases) 0.24-0.30; a copy with a new headline, two verbs changed
    and a sentence dropped keeps 0.85."""
    topic_share: float = 0.6
    """Share of a group's articles whose lead (headline and first sentence) must name a key for
    it to be a *topic* key (the protagonists, the event): matching gives those keys little
    weight. Only in groups of three or more: with two, the shared words of the leads are
    exactly the shared facts."""
    topic_weight: float = 0.25
    """IDF multiplier of topic keys when matching sentences."""
    point_min_coverage: float = 0.2
    """Share of each sentence's weight that must fall on the words the two have in common."""
    max_single_source_points: int = 5
    """Points backed by one source kept per group (the most important first). They are in the
    per-article sections anyway; the overview keeps the strongest so an editor sees what only
    one outlet claims without the overview repeating every summary."""

    def __post_init__(self) -> None:
        for name in (
            "group_similarity",
            "point_similarity",
            "point_min_coverage",
            "difference_similarity",
            "duplicate_containment",
            "topic_share",
            "topic_weight",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"OverviewSettings.{name} must be between 0 and 1, got {value!r}")
        for name in ("point_min_shared", "difference_min_shared", "max_single_source_points"):
            value = getattr(self, name)
            if value < 0:
                raise ConfigError(f"OverviewSettings.{name} must be 0 or more, got {value!r}")


# --- analysed sentences ----------------------------------------------------------------------


@dataclass(slots=True)
class _Sent:
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
        self.future = any(t in FUTURE_MARKERS for t in self.tokens)
        self.qualifiers = frozenset(t for t in self.tokens if t in QUALIFIERS)


@dataclass(slots=True)
class _Doc:
    id: int
    sents: list[_Sent]
    summary: list[_Sent]
    key_set: set[str] = field(default_factory=set)


def _is_anchor(token: str) -> bool:
    """Names and numbers weigh more when grouping: Latin words, digits, number words."""
    return token.isdigit() or token.isascii() or number_value(token) is not None


def _content_keys(tokens: Sequence[str], analyzer: Analyzer) -> list[str]:
    return [analyzer.key(t) for t in tokens if len(t) > 1 and not analyzer.is_stopword(t)]


def _tfidf(counts: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    vector = {k: (1.0 + math.log(c)) * idf.get(k, 1.0) for k, c in counts.items() if c > 0}
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {k: w / norm for k, w in vector.items()} if norm else {}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


def _idf(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for keys in documents:
        n += 1
        df.update(set(keys))
    return {k: math.log((1 + n) / (1 + d)) + 1.0 for k, d in df.items()}


def _prepare(articles: Sequence[OverviewInput]) -> tuple[list[_Doc], Analyzer]:
    tokenized = [[(s, tokenize(s.text)) for s in a.sentences.sentences] for a in articles]
    analyzer = Analyzer(t for doc in tokenized for _, toks in doc for t in toks)
    docs: list[_Doc] = []
    for article, sents in zip(articles, tokenized, strict=True):
        items = [
            _Sent(article.id, s.index, s.text, s.kind, toks, _content_keys(toks, analyzer))
            for s, toks in sents
        ]
        by_index = {s.index: s for s in items}
        chosen = [by_index[c.index] for c in article.summary.sentences if c.index in by_index]
        scores = [c.score for c in article.summary.sentences if c.index in by_index]
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
        doc = _Doc(article.id, items, chosen)
        doc.key_set = {k for s in items for k in s.keys}
        docs.append(doc)
    return docs, analyzer


# --- grouping ----------------------------------------------------------------------------------


def _group(docs: Sequence[_Doc], analyzer: Analyzer, settings: OverviewSettings) -> list[list[_Doc]]:
    """Average-link clustering of articles on TF-IDF cosine."""
    idf = _idf(s.keys for d in docs for s in d.sents)
    vectors = []
    for doc in docs:
        counts: dict[str, float] = defaultdict(float)
        for sent in doc.sents:
            for token in sent.tokens:
                if len(token) > 1 and not analyzer.is_stopword(token):
                    counts[analyzer.key(token)] += 2.0 if _is_anchor(token) else 1.0
        vectors.append(_tfidf(counts, idf))
    sim = [[_cosine(a, b) for b in vectors] for a in vectors]
    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            logger.debug("article similarity [%d]-[%d]: %.3f", docs[i].id, docs[j].id, sim[i][j])
    clusters: list[list[int]] = [[i] for i in range(len(docs))]
    while len(clusters) > 1:
        best, pair = -1.0, (0, 0)
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                link = sum(sim[i][j] for i in clusters[a] for j in clusters[b])
                link /= len(clusters[a]) * len(clusters[b])
                if link > best:
                    best, pair = link, (a, b)
        if best < settings.group_similarity:
            break
        a, b = pair
        clusters[a] = sorted(clusters[a] + clusters[b])
        del clusters[b]
    clusters.sort(key=lambda c: c[0])
    return [[docs[i] for i in cluster] for cluster in clusters]


# --- near-duplicates ---------------------------------------------------------------------------


def _shingles(doc: _Doc, analyzer: Analyzer, size: int = 3) -> set[tuple[str, ...]]:
    keys = [analyzer.key(t) for s in doc.sents for t in s.tokens]
    return {tuple(keys[i : i + size]) for i in range(len(keys) - size + 1)} or {tuple(keys)}


def _duplicates(
    group: Sequence[_Doc], analyzer: Analyzer, settings: OverviewSettings
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
            if containment >= settings.duplicate_containment:
                # Keep the fuller article; on a tie the earlier source number.
                kept, copy = (a, b) if size[a.id] >= size[b.id] else (b, a)
                pairs.append((kept.id, copy.id))
                copies.add(copy.id)
    return pairs


# --- key points and differences ---------------------------------------------------------------


def _lead(doc: _Doc) -> list[_Sent]:
    """Headline and the first body sentences (``_LEAD_SENTENCES``) of an article."""
    lead: list[_Sent] = []
    body = 0
    for sent in doc.sents:
        if sent.kind != "heading":
            body += 1
            if body > _LEAD_SENTENCES:
                break
        lead.append(sent)
    return lead


def _topic_keys(group: Sequence[_Doc], settings: OverviewSettings) -> frozenset[str]:
    """Keys naming what the whole story is about: in the lead of most articles of the group.

    "الرئيس الروسي فلاديمير بوتين ونظيره الأمريكي دونالد ترامب" opens every report of the
    summit; two sentences sharing it say nothing about whether they state the same fact.
    """
    # With two articles every shared word of the leads would count: the leads are exactly
    # where the shared facts are. Three sources are the least for "what everyone names".
    if len(group) < 3:
        return frozenset()
    need = max(3, math.ceil(settings.topic_share * len(group)))
    seen: Counter[str] = Counter()
    for doc in group:
        seen.update({k for s in _lead(doc) for k in s.keys})
    return frozenset(k for k, n in seen.items() if n >= need)


def _vectorize(group: Sequence[_Doc], settings: OverviewSettings) -> tuple[dict[str, float], frozenset[str]]:
    """Give every sentence its TF-IDF vector; topic keys weigh ``settings.topic_weight``."""
    topic = _topic_keys(group, settings)
    idf = _idf(s.keys for d in group for s in d.sents)
    for k in topic:
        idf[k] *= settings.topic_weight
    for doc in group:
        for sent in doc.sents:
            sent.vector = _tfidf(Counter(sent.keys), idf)
    return idf, topic


def _coverage(vector: Mapping[str, float], shared: Iterable[str]) -> float:
    """Share of a unit vector's weight (squared) on ``shared`` keys."""
    return sum(vector.get(k, 0.0) ** 2 for k in shared)


def _same_fact(a: _Sent, b: _Sent, topic: frozenset[str], settings: OverviewSettings) -> float:
    """Similarity of two sentences as statements of one fact, 0.0 when they cannot be."""
    if a.future != b.future:
        return 0.0
    shared = (a.key_set & b.key_set) - topic
    if len(shared) < settings.point_min_shared:
        return 0.0
    # A short list item inside a long sentence ("ماركو روبيو – وزير الخارجية") is not the
    # same statement: both sides must put a fair share of their weight on the common words.
    if min(_coverage(a.vector, shared), _coverage(b.vector, shared)) < settings.point_min_coverage:
        return 0.0
    # Sharing one noun phrase ("وزير الخارجية الأمريكي ماركو روبيو") is sharing a mention,
    # not a fact, when the other sentence says much more: a few common words must then be
    # spread over both sentences. Five or more in a row are a clause ("شهدت مدينة ألاسكا ...
    # الجمعة انعقاد"), which is a fact; so is a short sentence wholly shared by both sides.
    if (
        len(shared) < _CLAUSE_KEYS
        and min(_coverage(a.vector, shared), _coverage(b.vector, shared)) < _MENTION_COVERAGE
        and (_one_phrase(a.keys, shared) or _one_phrase(b.keys, shared))
    ):
        return 0.0
    return _cosine(a.vector, b.vector)


def _restates(a: _Sent, b: _Sent, topic: frozenset[str], settings: OverviewSettings) -> bool:
    """True when two sentences *of one article* say the same thing (looser than _same_fact)."""
    if a.future != b.future or len((a.key_set & b.key_set) - topic) < settings.point_min_shared:
        return False
    return _cosine(a.vector, b.vector) >= settings.point_similarity


def _one_phrase(keys: Sequence[str], shared: AbstractSet[str]) -> bool:
    """True when every ``shared`` key sits in one run of ``keys`` (gaps of one word allowed)."""
    positions = [i for i, k in enumerate(keys) if k in shared]
    runs = sum(1 for a, b in pairwise(positions) if b - a > 2)
    return runs == 0


def _key_points(
    group: Sequence[_Doc], topic: frozenset[str], disputed: set[tuple[int, int]], settings: OverviewSettings
) -> list[KeyPoint]:
    """Merge the sentences that state one fact across the group into key points.

    Every body sentence may start a point, but one outside the summaries only when another
    source states the same fact: corroboration by several outlets is itself a sign that a
    fact matters, even when no summarizer picked it.
    """
    # Headings are too short to compare on equal terms with a sentence.
    seeds = [s for d in group for s in d.sents if s.kind != "heading"]
    # Only sentences sharing a non-topic key can match: index them by key.
    index: dict[str, list[_Sent]] = {}
    for sent in seeds:
        for key in sent.key_set - topic:
            index.setdefault(key, []).append(sent)
    supports: dict[tuple[int, int], list[_Sent]] = {}
    for seed in seeds:
        shared: Counter[int] = Counter()
        candidates: dict[int, _Sent] = {}
        for key in seed.key_set - topic:
            for cand in index[key]:
                if cand.article != seed.article:
                    shared[id(cand)] += 1
                    candidates[id(cand)] = cand
        best: dict[int, tuple[float, _Sent]] = {}
        for ident, count in shared.items():
            if count < settings.point_min_shared:
                continue
            cand = candidates[ident]
            sim = _same_fact(seed, cand, topic, settings)
            # Ties go to the earlier sentence, as a scan in document order would.
            if sim >= settings.point_similarity and (
                cand.article not in best
                or (sim, -cand.index) > (best[cand.article][0], -best[cand.article][1].index)
            ):
                best[cand.article] = (sim, cand)
        supports[(seed.article, seed.index)] = [best[a][1] for a in sorted(best)]

    def seed_order(s: _Sent) -> tuple[float, float, int, int]:
        return (-len(supports[(s.article, s.index)]), -s.importance, s.article, s.index)

    consumed: set[tuple[int, int]] = set()
    built: list[tuple[list[_Sent], int, int]] = []
    for seed in sorted(seeds, key=seed_order):
        if (seed.article, seed.index) in consumed:
            continue
        members = [seed] + [
            s for s in supports[(seed.article, seed.index)] if (s.article, s.index) not in consumed
        ]
        if not seed.chosen and len(members) < 2:
            continue  # neither chosen by a summary nor corroborated
        consumed.update((s.article, s.index) for s in members)
        # A single-source sentence restating, in other words, a point its own outlet already
        # backs ("اجتمع ... بمدينة أنكوريدج" beside "شهدت مدينة أنكوريدج ... انعقاد قمة") is
        # not a point of its own. It is dropped rather than merged, so that its extra words
        # never become the wording of a point other sources back.
        if len(members) == 1 and any(
            _restates(seed, m, topic, settings)
            for point, _, _ in built
            for m in point
            if m.article == seed.article
        ):
            continue
        logger.debug("key point %s", [(s.article, s.index) for s in members])
        built.append((members, seed.article, seed.index))
    points: list[tuple[KeyPoint, int, int]] = []
    for members, article, position in built:
        importance = max(s.importance for s in members)
        wording = _wording(members, disputed)
        sources = tuple(sorted({s.article for s in members}))
        points.append((KeyPoint(wording.text, None, sources, round(importance, 4)), article, position))
    multi = [p for p in points if len(p[0].sources) > 1]
    kept = multi + _round_robin(
        [p for p in points if len(p[0].sources) == 1], settings.max_single_source_points
    )
    kept.sort(key=lambda p: (-len(p[0].sources), -p[0].score, p[1], p[2]))
    return [p[0] for p in kept]


def _round_robin(points: list[tuple[KeyPoint, int, int]], limit: int) -> list[tuple[KeyPoint, int, int]]:
    """Up to ``limit`` single-source points: each outlet's strongest first, then the next..."""
    by_article: dict[int, list[tuple[KeyPoint, int, int]]] = {}
    for point in sorted(points, key=lambda p: (-p[0].score, p[1], p[2])):
        by_article.setdefault(point[1], []).append(point)
    chosen: list[tuple[KeyPoint, int, int]] = []
    rank = 0
    while len(chosen) < limit and any(rank < len(v) for v in by_article.values()):
        layer = [v[rank] for v in by_article.values() if rank < len(v)]
        layer.sort(key=lambda p: (-p[0].score, p[1], p[2]))
        chosen.extend(layer[: limit - len(chosen)])
        rank += 1
    return chosen


def _wording(members: Sequence[_Sent], disputed: set[tuple[int, int]]) -> _Sent:
    """The member covering most of the point's words; one without a disputed slot if any."""
    union = {k for s in members for k in s.keys}
    candidates = [s for s in members if s.kind != "heading"] or list(members)
    undisputed = [s for s in candidates if (s.article, s.index) not in disputed]
    candidates = undisputed or candidates
    # "وأضاف: ..." needs the sentence before it to say who speaks: shown alone it reads wrong.
    standalone = [s for s in candidates if not _DANGLING.match(s.text)]
    candidates = standalone or candidates
    return max(candidates, key=lambda s: (len(s.key_set & union), s is members[0]))


@dataclass(slots=True)
class _Claim:
    sent: _Sent
    slot: Slot
    context: dict[str, float]
    context_keys: set[str]
    window_keys: set[str]


def _claims(
    group: Sequence[_Doc], analyzer: Analyzer, idf: Mapping[str, float], topic: frozenset[str]
) -> list[_Claim]:
    places = {p for d in group for s in d.sents for p in place_names(s.tokens, analyzer.key)}
    claims: list[_Claim] = []
    for doc in group:
        previous: _Sent | None = None
        for sent in doc.sents:
            sent.slots = extract_slots(sent.tokens, analyzer.key, places)
            if sent.kind != "heading":
                for slot in sent.slots:
                    if slot.approximate or (slot.kind == "count" and _LIST_NUMBER.match(sent.text)):
                        continue
                    # The statement: this sentence and the one before it (the Arabic often
                    # says who met where in one sentence and how long it lasted in the next),
                    # without the disputed words themselves.
                    skip = {analyzer.key(t) for t in slot.tokens}
                    window = sent.keys + (previous.keys if previous is not None else [])
                    keys = [k for k in window if k not in skip]
                    claims.append(
                        _Claim(sent, slot, _tfidf(Counter(keys), idf), set(keys) - topic, set(keys))
                    )
                previous = sent
    return claims


def _values(doc: _Doc, kind: str, unit: str) -> set[str]:
    return {slot.value for s in doc.sents for slot in s.slots if slot.kind == kind and slot.unit == unit}


def _comparable(a: _Claim, b: _Claim, settings: OverviewSettings) -> bool:
    """True when claims ``a`` and ``b`` are the same statement, so that differing values clash."""
    if a.sent.article == b.sent.article or a.slot.kind != b.slot.kind or a.slot.unit != b.slot.unit:
        return False
    if a.slot.head != b.slot.head:  # "مقتل 12 شخصا" against "إصابة 15 شخصا"
        return False
    if a.sent.future != b.sent.future or a.sent.qualifiers != b.sent.qualifiers:
        return False
    if len(a.context_keys & b.context_keys) < settings.difference_min_shared:
        return False
    return _cosine(a.context, b.context) >= settings.difference_similarity


def _agrees(a: _Claim, b: _Claim, settings: OverviewSettings) -> bool:
    """True when claim ``a`` states the same thing as ``b`` (to list its source beside b's).

    Looser than a contradiction: the protagonists count here (Jaccard of the statements'
    words), since listing one more source for a version cannot invent a dispute.
    """
    if a.sent.article == b.sent.article or (a.slot.kind, a.slot.unit, a.slot.value) != (
        b.slot.kind,
        b.slot.unit,
        b.slot.value,
    ):
        return False
    if a.sent.future != b.sent.future or a.sent.qualifiers != b.sent.qualifiers:
        return False
    union = a.window_keys | b.window_keys
    return bool(union) and len(a.window_keys & b.window_keys) / len(union) >= _AGREE_OVERLAP


_TOPICS = {
    "duration": "How long it lasted",
    "count": "Number",
    "day": "Day",
    "year": "Year",
    "place": "Place",
}
_UNIT_WORDS = {"minute": "minutes", "hour": "hours", "day": "days", "week": "weeks", "month": "months",
               "year": "years", "decade": "decades"}  # fmt: skip


def _topic(slot: Slot) -> str:
    if slot.kind == "duration":
        kind, unit = slot.unit.split(":")
        label = {"since": "How long ago", "within": "Within how long"}.get(kind, "How long it lasted")
        return f"{label} ({_UNIT_WORDS.get(unit, unit)})"
    return _TOPICS.get(slot.kind, slot.kind.title())


def _differences(
    group: Sequence[_Doc],
    analyzer: Analyzer,
    idf: Mapping[str, float],
    topic: frozenset[str],
    settings: OverviewSettings,
) -> list[Difference]:
    claims = _claims(group, analyzer, idf, topic)
    docs = {d.id: d for d in group}
    conflicts: list[tuple[_Claim, _Claim]] = []
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if a.slot.value == b.slot.value or not _comparable(a, b, settings):
                continue
            kind, unit = a.slot.kind, a.slot.unit
            # Neither article may state the other's value anywhere: then it is not a dispute.
            if b.slot.value in _values(docs[a.sent.article], kind, unit):
                continue
            if a.slot.value in _values(docs[b.sent.article], kind, unit):
                continue
            if kind == "place" and (
                b.slot.value in docs[a.sent.article].key_set or a.slot.value in docs[b.sent.article].key_set
            ):
                continue
            conflicts.append((a, b))
    # Claims linked by clashes form one disputed statement (12 against 15 against 13 dead).
    parent: dict[int, int] = {}

    def root(ident: int) -> int:
        while parent.setdefault(ident, ident) != ident:
            ident = parent[ident]
        return ident

    for a, b in conflicts:
        parent[root(id(a))] = root(id(b))
    by_id = {id(c): c for pair in conflicts for c in pair}
    components: dict[int, list[_Claim]] = {}
    for ident, claim in by_id.items():
        components.setdefault(root(ident), []).append(claim)
    differences: list[tuple[tuple[int, int], Difference]] = []
    for members in components.values():
        members.sort(key=lambda c: (c.sent.article, c.sent.index))
        versions: dict[str, list[_Claim]] = {}
        for claim in members:
            if all(c.sent.article != claim.sent.article for v in versions.values() for c in v):
                versions.setdefault(claim.slot.value, []).append(claim)
        if len(versions) < 2:
            continue
        # Other articles stating one of the values in the same statement join that version.
        for other in claims:
            if other.slot.value not in versions:
                continue
            if any(c.sent.article == other.sent.article for v in versions.values() for c in v):
                continue
            if _agrees(other, versions[other.slot.value][0], settings):
                versions[other.slot.value].append(other)
        first = members[0]
        differences.append(
            (
                (first.sent.article, first.sent.index),
                Difference(
                    topic=_topic(first.slot),
                    versions=tuple(
                        OverviewVersion(v[0].sent.text, None, tuple(sorted({c.sent.article for c in v})))
                        for v in sorted(versions.values(), key=lambda v: (-len(v), v[0].sent.article))
                    ),
                ),
            )
        )
    differences.sort(key=lambda d: d[0])
    return [d for _, d in differences]


# --- public API --------------------------------------------------------------------------------


def build_overview(
    articles: Sequence[OverviewInput], *, settings: OverviewSettings | None = None
) -> Overview:
    """Group articles by event and find, per group, key points, differences and copies.

    Args:
        articles: The briefing's articles with their source numbers, all sentences and summary.
        settings: Thresholds; the defaults suit news articles of a few hundred words.

    Returns:
        One :class:`EventGroup` per event, ordered by first source number. English fields are
        ``None``: translate :func:`overview_texts` and call :func:`with_translations`.

    Raises:
        ValueError: Two articles share a source number.
    """
    settings = settings or OverviewSettings()
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError(f"overview article ids must be unique, got {ids}")
    if not articles:
        return Overview(groups=())
    docs, analyzer = _prepare(articles)
    groups: list[EventGroup] = []
    for group in _group(docs, analyzer, settings):
        duplicates = _duplicates(group, analyzer, settings)
        copies = {copy for _, copy in duplicates}
        independent = [d for d in group if d.id not in copies]
        idf, topic = _vectorize(independent, settings)
        differences = (
            _differences(independent, analyzer, idf, topic, settings) if len(independent) > 1 else []
        )
        disputed: set[tuple[int, int]] = set()
        for difference in differences:
            for version in difference.versions:
                for doc in independent:
                    if doc.id in version.sources:
                        disputed.update((doc.id, s.index) for s in doc.sents if s.text == version.arabic)
        points = _key_points(independent, topic, disputed, settings)
        groups.append(
            EventGroup(
                articles=tuple(d.id for d in group),
                key_points=tuple(points),
                differences=tuple(differences),
                duplicates=tuple(duplicates),
            )
        )
    return Overview(groups=tuple(groups))


def duplicate_ids(overview: Overview) -> frozenset[int]:
    """Source numbers of articles that copy another one of the briefing.

    The pipeline drops their per-article sections (their content is the kept article's) and
    shows "also published by [n]" beside the kept article instead.
    """
    return frozenset(copy for group in overview.groups for _, copy in group.duplicates)


def overview_texts(overview: Overview) -> list[str]:
    """Every Arabic text of the overview that needs an English translation, each once, in order."""
    texts: dict[str, None] = {}
    for group in overview.groups:
        for point in group.key_points:
            texts.setdefault(point.arabic)
        for difference in group.differences:
            for version in difference.versions:
                texts.setdefault(version.arabic)
    return list(texts)


def with_translations(overview: Overview, translations: Mapping[str, str]) -> Overview:
    """The same overview with ``english`` filled in from ``translations`` (Arabic -> English).

    Texts missing from ``translations`` keep the English they had (``None`` before).
    """
    groups = []
    for group in overview.groups:
        points = tuple(replace(p, english=translations.get(p.arabic, p.english)) for p in group.key_points)
        differences = tuple(
            replace(
                d,
                versions=tuple(replace(v, english=translations.get(v.arabic, v.english)) for v in d.versions),
            )
            for d in group.differences
        )
        groups.append(replace(group, key_points=points, differences=differences))
    return Overview(groups=tuple(groups))
