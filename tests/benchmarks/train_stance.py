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
  at least ``--contradict-precision``.

Without ``--write`` the file is left alone (dry run).
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from briefing.overview.stance import FEATURES, StanceModel, analyse, features, fit, word_odds

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ans", type=Path, help="folder with data/stance/{train,dev}.csv")
    parser.add_argument("--agree-precision", type=float, default=0.9)
    parser.add_argument("--contradict-precision", type=float, default=0.9)
    parser.add_argument(
        "--drop", action="append", default=[], metavar="FEATURE", help="leave a feature out (repeatable)"
    )
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(OUT.parents[2])}")
    args = parser.parse_args()
    train, dev = load(args.ans, "train"), load(args.ans, "dev")

    pairs = [(analyse(a), analyse(b), int(s == "agree")) for a, b, s in train]
    # The word table is cross-fitted: each fold's diff_words comes from a table built on the
    # other folds, so the regression sees it as it will behave on unseen pairs.
    folds = 5
    examples = []
    for fold in range(folds):
        table = word_odds(p for i, p in enumerate(pairs) if i % folds != fold)
        examples += [(features(a, b, table), y) for i, (a, b, y) in enumerate(pairs) if i % folds == fold]
    odds = word_odds(pairs)
    weights, bias = fit(examples, names=[k for k in FEATURES if k not in args.drop])

    rng = random.Random(7)
    shuffled = [b for _, b, _ in train]
    rng.shuffle(shuffled)
    related = sorted(f["sim_char"] for f, _ in examples)
    unrelated = [
        features(analyse(a), analyse(b))["sim_char"] for (a, _, _), b in zip(train, shuffled, strict=True)
    ]
    related_threshold = round(related[int(0.03 * len(related))], 3)
    kept_unrelated = sum(u >= related_threshold for u in unrelated) / len(unrelated)

    model = StanceModel(weights, bias, 0.5, 0.5, related_threshold, odds)
    probs = [(model.probability(features(analyse(a), analyse(b), odds)), s) for a, b, s in dev]
    grid = [i / 100 for i in range(1, 100)]
    agree_scores = [(p, s == "agree") for p, s in probs]
    contra_scores = [(p, s == "disagree") for p, s in probs]
    agree_threshold = next(
        (t for t in grid if _precision_recall(agree_scores, t, True)[0] >= args.agree_precision), 0.99
    )
    contradict_threshold = next(
        (
            t
            for t in reversed(grid)
            if _precision_recall(contra_scores, t, False)[0] >= args.contradict_precision
        ),
        0.01,
    )
    ap, ar = _precision_recall(agree_scores, agree_threshold, True)
    cp, cr = _precision_recall(contra_scores, contradict_threshold, False)
    print("weights:", ", ".join(f"{k} {weights[k]:+.2f}" for k in FEATURES), f"bias {bias:+.2f}")
    print(
        f"related_threshold {related_threshold} "
        f"(train: keeps 97% of real pairs, {kept_unrelated:.1%} of shuffled)"
    )
    print(f"agree_threshold {agree_threshold}: dev agree P {ap:.3f} R {ar:.3f}")
    print(f"contradict_threshold {contradict_threshold}: dev contradict P {cp:.3f} R {cr:.3f}")
    lengths = sorted(len(s.content) for a, b, _ in pairs for s in (a, b))
    max_words = lengths[int(0.99 * len(lengths))]
    print(f"max_words {max_words} (99th percentile of train headlines' content words)")
    final = StanceModel(
        weights,
        bias,
        agree_threshold,
        contradict_threshold,
        related_threshold,
        odds,
        max_words,
        notes={
            "data": "Arabic News Stance corpus (github.com/latynt/ans), stance task",
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
