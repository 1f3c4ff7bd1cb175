"""Review flags: does the English say what the Arabic says?

One implementation for every translation briefing shows (summary sentences, titles, overview
points, in ``build``) and for translations made elsewhere (``briefing review``,
``Briefer.review``). :func:`review_pairs` runs the guards of
:mod:`briefing.translation.guards` (``numbers``, ``repetition``, ``length``; ``cap`` from the
backend) and three meaning checks on sentence vectors (:mod:`briefing.text.vectors`):

- ``meaning``: the English is about something else (cosine of the two sentences below
  ``meaning_cosine``);
- ``omission``: part of the Arabic has no counterpart in the English;
- ``addition``: part of the English has no source in the Arabic.

Omission and addition are logistic scores on nine cheap features of the pair (length ratios,
how well each clause of one side is matched by the other, how much the similarity rises when
one clause or half is left out; :data:`FEATURES`). The weights and thresholds are fitted on
public calibration data (NTREX-128 + Tatoeba, ``[review]`` of ``defaults.toml``) and reported on
FLORES-200 devtest (docs/notes/review-benchmark.md). Every flag carries a short reason an editor
understands, and :class:`Verdict` keeps the numbers behind it.

The review runs in two stages, so that most translations cost two sentence vectors: first the
sentences of every pair are encoded in one batch, giving the cosine and, with the length ratios,
the part of each score those features make (:class:`SentenceFeatures`); only pairs where
``meaning`` does not fire and that part comes within ``omission_screen`` / ``addition_screen`` of
a threshold get the clause and half features, all their pieces in a second batch. The screens are
fitted on the calibration data so that at most 0.5% of the pairs the full score flags there are
cleared by the first stage (docs/notes/review-benchmark.md). The encoder loads on first use
(1-2 s), then encodes about 900 short texts a second on two cores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from briefing.config import calibrated
from briefing.translation.clauses import arabic_clauses, english_clauses, halves, leave_one_out
from briefing.translation.guards import check_translation, order_flags
from briefing.translation.numbers import arabic_numbers, extra_numbers, missing_numbers

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MEANING_FLAGS = ("meaning", "omission", "addition")
"""The flags this module adds to the guards' ones."""

FEATURES = (
    "log_char_ratio",
    "log_word_ratio",
    "clause_min",
    "unmatched_share",
    "clause_vs_sentence",
    "leave_one_out_gain",
    "half_vs_sentence",
    "half_gain",
    "cosine",
)
"""The features of the omission and addition scores, in the order of their weights. Omission
reads the Arabic side's clauses and halves against the whole English, addition the English
side's against the whole Arabic (docs/notes/usem3-research.md defines each)."""

_QUOTE_CHARS = 60

SENTENCE_FEATURES = (0, 1, 8)
"""Positions in :data:`FEATURES` of the features the two sentences alone give (length ratios and
cosine): the first stage of the review."""

PAIRS_PER_CALL = 1000
"""Pairs whose texts go to one encoder call. A pair needs about 15 texts (sentences, clauses,
halves, clauses left out); the encoder keeps 50,000 vectors per process and a call's vectors must
all still be there when it returns, so a long ``briefing review`` file is encoded in parts."""


@dataclass(frozen=True, slots=True)
class ReviewModel:
    """The calibrated constants of the meaning checks (``[review]`` of ``defaults.toml``)."""

    meaning_cosine: float
    clause_match: float
    typical_char_ratio: float
    omission_weights: tuple[float, ...]
    omission_bias: float
    omission_threshold: float
    addition_weights: tuple[float, ...]
    addition_bias: float
    addition_threshold: float
    omission_screen: float
    addition_screen: float

    @classmethod
    def from_table(cls, table: dict[str, object]) -> ReviewModel:
        """The model of a ``[review]``-shaped table (weights as lists)."""
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
        model = cls(**values)  # type: ignore[arg-type]
        for name in ("omission_weights", "addition_weights"):
            if len(getattr(model, name)) != len(FEATURES):
                raise ValueError(f"[review] {name} needs {len(FEATURES)} weights")
        return model


@lru_cache(maxsize=1)
def default_model() -> ReviewModel:
    """The shipped constants (read once per process)."""
    return ReviewModel.from_table(calibrated("review"))


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """What the meaning checks measured on one pair.

    Attributes:
        cosine: Cosine of the Arabic and English sentence vectors.
        omission: Feature values of the omission score (in :data:`FEATURES` order).
        addition: Feature values of the addition score.
        arabic_unmatched: Share of the Arabic's words in clauses without an English counterpart.
        english_unmatched: Share of the English's words in clauses without an Arabic source.
        english_orphan: The English clause least like any Arabic clause.
        char_ratio: English non-space characters per Arabic one.
    """

    cosine: float
    omission: tuple[float, ...]
    addition: tuple[float, ...]
    arabic_unmatched: float
    english_unmatched: float
    english_orphan: str
    char_ratio: float


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """What the first stage measured on one pair: its sentences only.

    Attributes:
        cosine: Cosine of the Arabic and English sentence vectors.
        log_char_ratio: Log of English non-space characters per Arabic one.
        log_word_ratio: Log of English words per Arabic word.
    """

    cosine: float
    log_char_ratio: float
    log_word_ratio: float

    def values(self) -> tuple[float, float, float]:
        """The features in :data:`SENTENCE_FEATURES` order."""
        return (self.log_char_ratio, self.log_word_ratio, self.cosine)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The review of one translation.

    Attributes:
        flags: Flags that fired (keys of ``FLAG_LEGEND``), in legend order.
        reasons: ``(flag, reason)`` for each flag: what an editor should look for.
        scores: ``(name, value)`` numbers behind the flags (``cosine``, ``omission``,
            ``addition`` scores less their thresholds, so > 0 fired; ``confidence`` when known).
    """

    flags: tuple[str, ...] = ()
    reasons: tuple[tuple[str, str], ...] = ()
    scores: tuple[tuple[str, float], ...] = ()

    def reason(self, flag: str) -> str:
        """The reason given for ``flag`` ("" when it did not fire)."""
        return dict(self.reasons).get(flag, "")


# ------------------------------------------------------------------------------ features


def _pieces(arabic: str, english: str) -> dict[str, list[str]]:
    """Every text the features of one pair need, by role."""
    ar_clauses, en_clauses = arabic_clauses(arabic), english_clauses(english)
    return {
        "ar_clauses": ar_clauses or [arabic],
        "en_clauses": en_clauses or [english],
        "ar_loo": leave_one_out(ar_clauses),
        "en_loo": leave_one_out(en_clauses),
        "ar_halves": list(halves(arabic)),
        "en_halves": list(halves(english)),
    }


def prefetch(arabic: Sequence[str]) -> None:
    """Encode the Arabic sentences of pairs still being translated.

    The stage runs this in a thread beside the translation, so the encoder's load (1-2 s) and the
    Arabic half of the first stage overlap the model's work; the review then finds these vectors
    cached. Clauses and halves are not encoded here: most pairs never need them.
    """
    from briefing.text.vectors import encode

    texts = [text for text in dict.fromkeys(arabic) if text.strip()]
    if texts:
        encode(texts[: PAIRS_PER_CALL * 6])


def _share(best: NDArray[np.float32], words: Sequence[int], floor: float) -> float:
    """Share of the words in clauses whose best match is below ``floor``."""
    total = sum(words) or 1
    return float(sum(w for b, w in zip(best.tolist(), words, strict=True) if b < floor) / total)


def _log_ratio(english: str, arabic: str, unit: str) -> float:
    if unit == "chars":
        return math.log(max(1, len("".join(english.split()))) / max(1, len("".join(arabic.split()))))
    return math.log(max(1, len(english.split())) / max(1, len(arabic.split())))


def _features(
    arabic: str, english: str, parts: dict[str, list[str]], vec: dict[str, NDArray[np.float32]], floor: float
) -> PairFeatures:
    """The features of one pair from the vectors of its pieces."""
    import numpy as np

    def rows(texts: list[str]) -> NDArray[np.float32]:
        return np.stack([vec[t] for t in texts])

    va, ve = vec[arabic], vec[english]
    cos = float(va @ ve)
    ar, en = rows(parts["ar_clauses"]), rows(parts["en_clauses"])
    sims = ar @ en.T
    ar_best, en_best = sims.max(axis=1), sims.max(axis=0)
    ar_half, en_half = rows(parts["ar_halves"]) @ ve, rows(parts["en_halves"]) @ va
    ar_loo = (
        max((float(v) - cos for v in rows(parts["ar_loo"]) @ ve), default=0.0) if parts["ar_loo"] else 0.0
    )
    en_loo = (
        max((float(v) - cos for v in rows(parts["en_loo"]) @ va), default=0.0) if parts["en_loo"] else 0.0
    )
    lcr, lwr = _log_ratio(english, arabic, "chars"), _log_ratio(english, arabic, "words")
    ar_share = _share(ar_best, [len(c.split()) for c in parts["ar_clauses"]], floor)
    en_share = _share(en_best, [len(c.split()) for c in parts["en_clauses"]], floor)
    omission = (lcr, lwr, float(ar_best.min()), ar_share, float((ar @ ve).min()), ar_loo,
                float(ar_half.min()), float(ar_half.max()) - cos, cos)  # fmt: skip
    addition = (lcr, lwr, float(en_best.min()), en_share, float((en @ va).min()), en_loo,
                float(en_half.min()), float(en_half.max()) - cos, cos)  # fmt: skip
    orphan = parts["en_clauses"][int(en_best.argmin())]
    return PairFeatures(cos, omission, addition, ar_share, en_share, orphan, math.exp(lcr))


def pair_features(pairs: Sequence[tuple[str, str]], model: ReviewModel | None = None) -> list[PairFeatures]:
    """The meaning features of each ``(arabic, english)`` pair; one encoder call for all of them
    (for up to :data:`PAIRS_PER_CALL` pairs: a briefing's translations always fit in one).

    Both texts must be non-empty.
    """
    model = model or default_model()
    return [
        f
        for start in range(0, len(pairs), PAIRS_PER_CALL)
        for f in _pair_features(pairs[start : start + PAIRS_PER_CALL], model)
    ]


def sentence_features(pairs: Sequence[tuple[str, str]]) -> list[SentenceFeatures]:
    """The first stage: cosine and length ratios of each pair, its two sentences encoded in one
    call (for up to ``PAIRS_PER_CALL * 6`` pairs). Both texts must be non-empty."""
    import numpy as np

    from briefing.text.vectors import encode

    out: list[SentenceFeatures] = []
    step = PAIRS_PER_CALL * 6
    for start in range(0, len(pairs), step):
        part = pairs[start : start + step]
        order = list(dict.fromkeys(t for pair in part for t in pair))
        rows = {t: i for i, t in enumerate(order)}
        vectors = encode(order)
        cosines = np.einsum(
            "ij,ij->i", vectors[[rows[a] for a, _ in part]], vectors[[rows[e] for _, e in part]]
        )
        out += [
            SentenceFeatures(float(c), _log_ratio(e, a, "chars"), _log_ratio(e, a, "words"))
            for (a, e), c in zip(part, cosines.tolist(), strict=True)
        ]
    return out


def _partial_score(f: SentenceFeatures, weights: Sequence[float], bias: float) -> float:
    """The part of a score the first stage knows (its features' terms and the bias)."""
    return sum(weights[i] * v for i, v in zip(SENTENCE_FEATURES, f.values(), strict=True)) + bias


def needs_clauses(f: SentenceFeatures, model: ReviewModel) -> bool:
    """True when the first stage cannot clear the pair: ``meaning`` does not fire (it would be
    reported alone) and the sentence part of the omission or addition score comes within its
    screen of the threshold."""
    if f.cosine < model.meaning_cosine:
        return False
    omission = _partial_score(f, model.omission_weights, model.omission_bias)
    addition = _partial_score(f, model.addition_weights, model.addition_bias)
    return (
        omission >= model.omission_threshold - model.omission_screen
        or addition >= model.addition_threshold - model.addition_screen
    )


def measure(
    pairs: Sequence[tuple[str, str]], model: ReviewModel | None = None
) -> list[PairFeatures | SentenceFeatures]:
    """Both stages: the sentence features of every pair, and the full :class:`PairFeatures` of
    those that :func:`needs_clauses` (their pieces in one more encoder call). Both texts of
    every pair must be non-empty."""
    model = model or default_model()
    out: list[PairFeatures | SentenceFeatures] = list(sentence_features(pairs))
    detail = [i for i, f in enumerate(out) if isinstance(f, SentenceFeatures) and needs_clauses(f, model)]
    for i, full in zip(detail, pair_features([pairs[i] for i in detail], model), strict=True):
        out[i] = full
    return out


def _pair_features(pairs: Sequence[tuple[str, str]], model: ReviewModel) -> list[PairFeatures]:
    """:func:`pair_features` of one encoder call."""
    from briefing.text.vectors import encode

    parts = [_pieces(a, e) for a, e in pairs]
    texts: dict[str, None] = {}
    for (arabic, english), roles in zip(pairs, parts, strict=True):
        texts.update(dict.fromkeys([arabic, english]))
        for pieces in roles.values():
            texts.update(dict.fromkeys(pieces))
    order = list(texts)
    vectors = encode(order) if order else None
    vec = {t: vectors[i] for i, t in enumerate(order)} if vectors is not None else {}
    return [_features(a, e, p, vec, model.clause_match) for (a, e), p in zip(pairs, parts, strict=True)]


# ------------------------------------------------------------------------------- verdicts


def _score(values: Sequence[float], weights: Sequence[float], bias: float) -> float:
    return sum(v * w for v, w in zip(values, weights, strict=True)) + bias


def _percent(share: float) -> int:
    return int(round(min(max(share, 0.0), 1.0) * 100 / 5) * 5)


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def _omission_reason(f: PairFeatures, model: ReviewModel) -> str:
    missing = max(f.arabic_unmatched, 1 - f.char_ratio / model.typical_char_ratio)
    if missing >= 0.15:
        return f"about {_percent(missing)}% of the Arabic has no English counterpart"
    return "part of the Arabic seems to have no English counterpart"


def _addition_reason(f: PairFeatures, model: ReviewModel) -> str:
    extra = max(f.english_unmatched, 1 - model.typical_char_ratio / f.char_ratio)
    share = f"about {_percent(extra)}% of the English" if extra >= 0.15 else "part of the English"
    return f'{share} has no source in the Arabic (e.g. "{_quote(f.english_orphan)}")'


def _scores(f: PairFeatures | SentenceFeatures, model: ReviewModel) -> tuple[float, float]:
    """Omission and addition scores less their thresholds. A pair the first stage cleared gets
    its sentence part plus the screen: what the full score could reach on the calibration data."""
    if isinstance(f, SentenceFeatures):
        omission = _partial_score(f, model.omission_weights, model.omission_bias) + model.omission_screen
        addition = _partial_score(f, model.addition_weights, model.addition_bias) + model.addition_screen
    else:
        omission = _score(f.omission, model.omission_weights, model.omission_bias)
        addition = _score(f.addition, model.addition_weights, model.addition_bias)
    return omission - model.omission_threshold, addition - model.addition_threshold


def _meaning_verdict(
    f: PairFeatures | SentenceFeatures, model: ReviewModel
) -> tuple[dict[str, str], dict[str, float]]:
    """The meaning flags of one pair with their reasons, and the scores behind them."""
    omission, addition = _scores(f, model)
    scores = {"cosine": round(f.cosine, 4), "omission": round(omission, 4), "addition": round(addition, 4)}
    reasons: dict[str, str] = {}
    if f.cosine < model.meaning_cosine:
        # "About something else" explains an omission or addition score too: report it alone.
        reasons["meaning"] = f"the English seems to be about something else (similarity {f.cosine:.2f})"
        return reasons, scores
    if isinstance(f, SentenceFeatures):  # cleared by the first stage
        return reasons, scores
    if omission > 0:
        reasons["omission"] = _omission_reason(f, model)
    if addition > 0:
        reasons["addition"] = _addition_reason(f, model)
    return reasons, scores


def _number_text(values: frozenset[float]) -> str:
    value = min(values)
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def _numbers_reason(arabic: str, english: str) -> str:
    """Which numbers of the Arabic the English lacks (in digits for the editor), or which it adds."""
    missing = set(missing_numbers(arabic, english))
    values = [_number_text(m.values) for m in arabic_numbers(arabic) if m.text in missing and m.values]
    if values:
        return f"the Arabic states {', '.join(dict.fromkeys(values[:3]))}; the English does not"
    extra = extra_numbers(arabic, english)
    if extra:
        return f"the English states {', '.join(dict.fromkeys(extra[:3]))}; the Arabic does not"
    return "a number of the Arabic is not stated in the English"


def guard_reason(flag: str, arabic: str, english: str) -> str:
    """The editor's reason for a guard flag of :mod:`briefing.translation.guards`."""
    if flag == "numbers":
        return _numbers_reason(arabic, english)
    if flag == "repetition":
        return "the English repeats itself, as a decoding loop does"
    if flag == "length":
        return f"{len(english.split())} English words for {len(arabic.split())} Arabic words"
    if flag == "cap":
        return "decoding stopped at the length limit: the end may be missing"
    return ""


def judge(
    arabic: str,
    english: str,
    features: PairFeatures | SentenceFeatures | None,
    flags: Sequence[str] = (),
    *,
    model: ReviewModel,
) -> Verdict:
    """The verdict on one pair from its features (``None``: too short to judge meaning)."""
    found = check_translation(arabic, english, flags)
    reasons = {flag: guard_reason(flag, arabic, english) for flag in found}
    scores: dict[str, float] = {}
    if features is not None:
        meaning, scores = _meaning_verdict(features, model)
        reasons.update(meaning)
        found = order_flags((*found, *meaning))
    return Verdict(
        flags=found,
        reasons=tuple((flag, reasons[flag]) for flag in found if reasons.get(flag)),
        scores=tuple(scores.items()),
    )


def judged(arabic: str, english: str) -> bool:
    """True when the meaning checks apply: both sides written. Short texts are judged too: the
    calibration data holds short Tatoeba sentences, and a one-word title translated as another
    word is exactly what ``meaning`` is for."""
    return bool(arabic.strip()) and bool(english.strip())


def review_pairs(
    pairs: Sequence[tuple[str, str]],
    flags: Sequence[Sequence[str]] | None = None,
    *,
    meaning: bool = True,
    model: ReviewModel | None = None,
) -> list[Verdict]:
    """Review every ``(arabic, english)`` pair: the guards, then the meaning checks.

    Args:
        pairs: Source and translation, as shown to the reader.
        flags: Flags already set per pair (the backend's ``cap``); default none.
        meaning: Run the meaning checks (``False``: the guards only, no encoder).
        model: Calibrated constants; default: :func:`default_model`.

    Returns:
        One :class:`Verdict` per pair, in order.
    """
    model = model or default_model()
    given = list(flags) if flags is not None else [()] * len(pairs)
    if len(given) != len(pairs):
        raise ValueError(f"review_pairs: {len(pairs)} pairs but {len(given)} flag lists")
    todo = [i for i, (a, e) in enumerate(pairs) if meaning and judged(a, e)]
    measured = dict(zip(todo, measure([pairs[i] for i in todo], model), strict=True))
    return [judge(a, e, measured.get(i), given[i], model=model) for i, (a, e) in enumerate(pairs)]


# ------------------------------------------------------------------ translations from elsewhere


@dataclass(frozen=True, slots=True)
class ReviewedPair:
    """One reviewed translation (``briefing review``, ``Briefer.review``).

    Attributes:
        index: Position in the input, from 0.
        arabic: The source as given.
        english: The translation as given.
        flags: Flags that fired, in legend order.
        reasons: ``(flag, reason)`` for each flag.
        scores: ``(name, value)`` behind the flags (see :class:`Verdict`).
    """

    index: int
    arabic: str
    english: str
    flags: tuple[str, ...] = ()
    reasons: tuple[tuple[str, str], ...] = ()
    scores: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, object]:
        """``{"index", "arabic", "english", "flags", "reasons", "scores"}`` (JSON-ready)."""
        return {
            "index": self.index,
            "arabic": self.arabic,
            "english": self.english,
            "flags": list(self.flags),
            "reasons": dict(self.reasons),
            "scores": dict(self.scores),
        }


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """Every reviewed translation, in input order."""

    sentences: tuple[ReviewedPair, ...]

    @property
    def flagged(self) -> tuple[ReviewedPair, ...]:
        """The translations with at least one flag."""
        return tuple(s for s in self.sentences if s.flags)

    def to_dict(self) -> dict[str, object]:
        """``{"sentences": [...], "flagged": N}`` (what ``briefing review --json`` prints)."""
        return {"sentences": [s.to_dict() for s in self.sentences], "flagged": len(self.flagged)}


def review(
    pairs: Sequence[tuple[str, str]], *, meaning: bool = True, model: ReviewModel | None = None
) -> ReviewResult:
    """Review translations made elsewhere: the checks of ``build``, on ``(arabic, english)`` pairs.

    Args:
        pairs: Source and translation, in the order to report them.
        meaning: Run the meaning checks (``False``: the guards only).
        model: Calibrated constants; default: the shipped ones.
    """
    verdicts = review_pairs(pairs, meaning=meaning, model=model)
    return ReviewResult(
        tuple(
            ReviewedPair(i, a, e, v.flags, v.reasons, v.scores)
            for i, ((a, e), v) in enumerate(zip(pairs, verdicts, strict=True))
        )
    )
