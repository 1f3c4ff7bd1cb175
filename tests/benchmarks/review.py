"""The review flags on human translations and on faults made from them (issue 22).

Run from the repository root (the data is read from a git mirror of
github.com/Helsinki-NLP/OPUS-MT-testsets; nothing of it enters the repository)::

    python tests/benchmarks/review.py                      # report: FLORES-200 devtest, Tatoeba test
    python tests/benchmarks/review.py --calibrate          # refit [review] of defaults.toml
    python tests/benchmarks/review.py --cost               # ct2 build of inputs/ with and without review

Data:

- report: FLORES-200 devtest ``arb_Arab``/``eng_Latn`` (1,012 pairs; the mirror has no dev split);
  Tatoeba ara-eng v2021-08-07 (label ``ara``), pairs 600-1,199 of a seed-22 shuffle.
- calibration (``--calibrate``): NTREX-128 newstest2019 ``arb``/``eng-US`` (1,997 news pairs) and
  Tatoeba pairs 0-599 of the same shuffle.

Faults (seed 22, as docs/notes/usem3-research.md): ``omission`` cuts the English at the clause
boundary nearest half its words (30-70%, else the middle word) and keeps one part; ``addition``
appends another pair's English (more than 10 pairs away); ``swap`` puts another pair's English
in its place ("about something else"); ``number`` changes one digit of one number of the English.
The flags are those the shipped code gives (:func:`briefing.translation.review.review_pairs`
with the ``[review]`` constants), so the table is what ``briefing build`` and ``briefing review``
would show. ``--calibrate`` fits the omission and addition scores (numpy logistic regression,
class-balanced, L2 0.01) on calibration goods against each fault, and sets each threshold so that
``--fp`` (1.5%) of the calibration goods fire; it prints the table to paste into defaults.toml.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from briefing.translation import review  # noqa: E402
from briefing.translation.clauses import _EN_CONJUNCTIONS, _EN_SPLIT  # noqa: E402

MIRROR = Path("/work/.mirror/Helsinki-NLP+OPUS-MT-testsets/repo")
FLORES = "datasets/facebook/flores/flores200_dataset/devtest/{}.devtest"
NTREX = "datasets/microsoft/ntrex/NTREX/NTREX-128/newstest2019-ref.{}.txt"
TATOEBA = "datasets/helsinki_nlp/tatoeba/testsets/ara-eng/tatoeba-test-v2021-08-07.{}"
KINDS = ("good", "omission", "addition", "swap", "number")
FLAGS = ("numbers", "meaning", "omission", "addition", "repetition", "length", "any")
GOALS = {"good": "<= 5%", "omission": ">= 85%", "addition": ">= 85%", "swap": ">= 98%", "number": ">= 95%"}


def _lines(mirror: Path, path: str) -> list[str]:
    out = subprocess.run(
        ["git", f"--git-dir={mirror}", "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


def _zip(mirror: Path, arabic: str, english: str) -> list[tuple[str, str]]:
    return list(zip(_lines(mirror, arabic), _lines(mirror, english), strict=True))


def load_sets(mirror: Path) -> dict[str, list[tuple[str, str]]]:
    """The four sets: flores, tat_test (report); ntrex, tat_cal (calibration)."""
    sets = {
        "flores": _zip(mirror, FLORES.format("arb_Arab"), FLORES.format("eng_Latn")),
        "ntrex": _zip(mirror, NTREX.format("arb"), NTREX.format("eng-US")),
    }
    labels = _lines(mirror, TATOEBA.format("ara.labels"))
    pairs = _zip(mirror, TATOEBA.format("ara"), TATOEBA.format("eng"))
    tatoeba = [pair for pair, label in zip(pairs, labels, strict=True) if label.strip() == "ara"]
    random.Random(22).shuffle(tatoeba)
    sets["tat_cal"], sets["tat_test"] = tatoeba[:600], tatoeba[600:1200]
    return sets


# ------------------------------------------------------------------------------- faults


def cut_half(english: str, rnd: random.Random) -> str:
    """About half of ``english``: cut at the clause boundary nearest the middle, keep one part."""
    words = english.split()
    candidates = []
    for match in _EN_SPLIT.finditer(english):
        before = len(english[: match.start()].split()) / len(words)
        if 0.3 <= before <= 0.7:
            candidates.append((abs(before - 0.5), match.start(), match.end()))
    keep_first = rnd.random() < 0.5
    if candidates:
        _, start, end = min(candidates)
        first, second = english[:start], english[end:]
    else:
        middle = len(words) // 2
        first, second = " ".join(words[:middle]), " ".join(words[middle:])
    if keep_first:
        return first.rstrip(" ,;:-–—") + "."
    text = re.sub(rf"^(?:{_EN_CONJUNCTIONS})\s+", "", second.strip(), flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def change_number(english: str, rnd: random.Random) -> str | None:
    """``english`` with one digit of one number changed (None without digits)."""
    matches = list(_NUMBER.finditer(english))
    if not matches:
        return None
    match = rnd.choice(matches)
    token = match.group()
    i = rnd.choice([k for k, ch in enumerate(token) if ch.isdigit()])
    digits = [d for d in "0123456789" if d != token[i] and not (i == 0 and d == "0" and len(token) > 1)]
    return english[: match.start()] + token[:i] + rnd.choice(digits) + token[i + 1 :] + english[match.end() :]


def faults(pairs: Sequence[tuple[str, str]], seed: int = 22) -> list[tuple[str, str, str]]:
    """``(kind, arabic, english)`` for every good pair and the faults made from it."""
    rnd = random.Random(seed)
    n = len(pairs)

    def other(i: int) -> int:
        while True:
            j = rnd.randrange(n)
            if abs(j - i) > 10 and pairs[j][1] != pairs[i][1]:
                return j

    out = []
    for i, (arabic, english) in enumerate(pairs):
        out.append(("good", arabic, english))
        if len(english.split()) >= 4:
            out.append(("omission", arabic, cut_half(english, rnd)))
        out.append(("addition", arabic, english + " " + pairs[other(i)][1]))
        out.append(("swap", arabic, pairs[other(i)][1]))
        changed = change_number(english, rnd)
        if changed:
            out.append(("number", arabic, changed))
    return out


# -------------------------------------------------------------------------------- report

CHUNK = 1500
"""Pairs per review call: one call encodes ~15 texts a pair, and the encoder keeps 50,000 vectors
per process (briefing/text/vectors.py), so a call must stay well below that."""


def review_all(pairs: Sequence[tuple[str, str]]) -> list[review.Verdict]:
    """The shipped review of every pair, in calls of :data:`CHUNK` pairs."""
    return [
        v for start in range(0, len(pairs), CHUNK) for v in review.review_pairs(pairs[start : start + CHUNK])
    ]


def features_all(pairs: Sequence[tuple[str, str]]) -> list[review.PairFeatures]:
    """The meaning features of every pair, in calls of :data:`CHUNK` pairs."""
    return [
        f for start in range(0, len(pairs), CHUNK) for f in review.pair_features(pairs[start : start + CHUNK])
    ]


def flag_table(name: str, items: list[tuple[str, str, str]], verdicts: list[review.Verdict]) -> str:
    """Markdown: per flag, the share of each kind it fires on."""
    kinds = np.array([k for k, _, _ in items])
    fired = {f: np.array([f in v.flags for v in verdicts]) for f in FLAGS[:-1]}
    fired["any"] = np.array([bool(v.flags) for v in verdicts])
    head = f"| {name} | " + " | ".join(f"{k} (n={int((kinds == k).sum())})" for k in KINDS) + " |"
    rows = [head, "|---" * (len(KINDS) + 1) + "|"]
    for flag in FLAGS:
        cells = [f"{fired[flag][kinds == k].mean():.1%}" for k in KINDS]
        rows.append(f"| {flag} | " + " | ".join(cells) + " |")
    rows.append("| goal (any) | " + " | ".join(GOALS[k] for k in KINDS) + " |")
    return "\n".join(rows)


def second_stage_line(items: list[tuple[str, str, str]]) -> str:
    """Which share of each kind the first stage sent on to the clause features."""
    judged = [(k, a, e) for k, a, e in items if review.judged(a, e)]
    model = review.default_model()
    firsts = review.sentence_features([(a, e) for _, a, e in judged])  # vectors cached by the review
    sent = np.array([review.needs_clauses(f, model) for f in firsts])
    kinds = np.array([k for k, _, _ in judged])
    cells = ", ".join(f"{k} {sent[kinds == k].mean():.1%}" for k in KINDS if (kinds == k).any())
    return f"\nclause features computed for: {cells} (all {sent.mean():.1%})"


def run_report(sets: dict[str, list[tuple[str, str]]], names: Sequence[str]) -> None:
    for name in names:
        items = faults(sets[name])
        began = time.perf_counter()
        verdicts = review_all([(a, e) for _, a, e in items])
        took = time.perf_counter() - began
        print(f"\n{name}: {len(items)} pairs reviewed in {took:.0f} s\n")
        print(flag_table(name, items, verdicts))
        print(second_stage_line(items))


# ----------------------------------------------------------------------------- calibrate


def lr_fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 3000, rate: float = 0.5) -> tuple:
    """Class-balanced logistic regression by gradient descent; weights on the raw features."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w, b = np.zeros(z.shape[1]), 0.0
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * weight
        w -= rate * (z.T @ g / len(y) + l2 * w)
        b -= rate * g.mean()
    return w / sd, float(b - (w / sd) @ mu)


def screen_margin(
    x: np.ndarray, weights: np.ndarray, bias: float, threshold: float, fired: np.ndarray, loss: float
) -> float:
    """The first stage's screen for one score: the margin below the threshold within which the
    sentence part (length ratios, cosine) sends a pair on to the clause features, so that at most
    ``loss`` of the pairs the full score flags (``fired``) would be cleared without them. Rounded
    up to the fourth decimal, as shipped."""
    cols = list(review.SENTENCE_FEATURES)
    part = x[:, cols] @ weights[cols] + bias
    return math.ceil(float(np.quantile(threshold - part[fired], 1 - loss)) * 1e4) / 1e4


def _first_stage_share(out: dict, feats: list[review.PairFeatures], good: np.ndarray, loss: float) -> None:
    """Print the share of calibration pairs the fitted screens send on to the clause features."""
    table = {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}
    model = review.ReviewModel.from_table({**table, "clause_match": review.default_model().clause_match})
    firsts = [review.SentenceFeatures(f.cosine, f.omission[0], f.omission[1]) for f in feats]
    second = np.array([review.needs_clauses(f, model) for f in firsts])
    print(
        f"# first stage: clause features for {second[good].mean():.1%} of the goods, "
        f"{second.mean():.1%} of all pairs ({loss:.1%} of flagged pairs may be cleared)"
    )


def run_calibrate(sets: dict[str, list[tuple[str, str]]], fp: float, loss: float = 0.005) -> None:
    items = faults(sets["ntrex"]) + faults(sets["tat_cal"])
    judged = [(k, a, e) for k, a, e in items if review.judged(a, e)]
    feats = features_all([(a, e) for _, a, e in judged])
    kinds = np.array([k for k, _, _ in judged])
    good = kinds == "good"
    cosine = np.array([f.cosine for f in feats])
    lcr = np.array([f.omission[0] for f in feats])
    out = {
        "meaning_cosine": float(np.quantile(cosine[good], fp)),
        "typical_char_ratio": float(np.exp(np.median(lcr[good]))),
    }
    screens: dict[str, float] = {}
    for flag in ("omission", "addition"):
        x = np.array([getattr(f, flag) for f in feats])
        use = good | (kinds == flag)
        w, b = lr_fit(x[use], (kinds[use] == flag).astype(float))
        scores = x @ w + b
        out[f"{flag}_weights"] = [round(float(v), 4) for v in w]
        out[f"{flag}_bias"] = round(b, 4)
        out[f"{flag}_threshold"] = float(np.quantile(scores[good], 1 - fp))
        # The screen, on the weights as shipped (rounded): flagged pairs where meaning does not fire.
        shipped = np.round(w, 4)
        fired = (x @ shipped + round(b, 4) > out[f"{flag}_threshold"]) & (cosine >= out["meaning_cosine"])
        screens[flag] = screen_margin(x, shipped, round(b, 4), out[f"{flag}_threshold"], fired, loss)
    out.update({f"{flag}_screen": margin for flag, margin in screens.items()})
    _first_stage_share(out, feats, good, loss)
    print(
        f"# fitted on ntrex + tat_cal: {int(good.sum())} good pairs, {len(judged)} in all, {fp:.1%} per flag"
    )
    for key, value in out.items():
        print(f"{key} = {value if isinstance(value, list) else round(value, 4)}")


# ---------------------------------------------------------------------------------- cost


def _build_seconds(model: Path, review_on: bool, workdir: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, all threads) of one ``briefing build inputs/`` in a
    fresh process (as a user runs it), no cache. CPU seconds hardly move when other jobs share the
    cores; wall seconds do."""
    import resource

    config = workdir / f"review-{review_on}.toml"
    config.write_text(f"[translation]\nreview = {'true' if review_on else 'false'}\n", encoding="utf-8")
    command = [sys.executable, "-m", "briefing", "build", str(ROOT / "inputs"), "--backend", "ct2"]
    command += ["--model", str(model), "--config", str(config), "--no-cache", "--offline", "-q"]
    command += ["--overwrite", "-o", str(workdir / "out.md")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's package, not an installed one
    subprocess.run(command, check=True, capture_output=True, cwd=workdir, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_cost(repeats: int, model: Path | None) -> None:
    """``briefing build inputs/`` on ct2 with the review off and on, interleaved, fresh processes.

    ``model``: a ct2 folder (e.g. the opus-mt architecture with random weights that
    tests/benchmarks/translate.py builds); default: the demo model, converted here.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if model is None:
            from briefing.translation.models.convert import convert_model
            from briefing.translation.models.demo import build_demo_model

            model = convert_model(
                build_demo_model(workdir / "demo"), workdir / "demo-ct2", quantization="int8", offline=True
            )
        times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for _ in range(repeats):
            for on in (False, True):
                times[on].append(_build_seconds(model, on, workdir))
    print(f"briefing build inputs/ --backend ct2 --model {model.name} --no-cache, fresh process each run:")
    head = " | ".join(f"run {i + 1} wall / CPU (s)" for i in range(repeats))
    print(f"| review | {head} | median wall (s) | median CPU (s) |")
    print("|---" * (repeats + 3) + "|")
    for on in (False, True):
        cells = " | ".join(f"{w:.2f} / {c:.2f}" for w, c in times[on])
        wall, cpu = np.median([w for w, _ in times[on]]), np.median([c for _, c in times[on]])
        print(f"| {'on' if on else 'off'} | {cells} | {wall:.2f} | {cpu:.2f} |")
    load = os.getloadavg()[0]
    for i, unit in enumerate(("wall", "CPU")):
        off, on_ = (float(np.median([t[i] for t in times[v]])) for v in (False, True))
        print(f"added by the review ({unit}): {on_ - off:+.2f} s ({(on_ - off) / off:+.1%})")
    print(f"load average {load:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=MIRROR, help="git dir of OPUS-MT-testsets")
    parser.add_argument("--calibrate", action="store_true", help="refit the [review] constants")
    parser.add_argument("--fp", type=float, default=0.015, help="false flags per flag on calibration goods")
    parser.add_argument(
        "--screen-loss", type=float, default=0.005, help="flagged calibration pairs the first stage may clear"
    )
    parser.add_argument(
        "--sets", default="flores,tat_test", help="report sets (flores, tat_test, ntrex, tat_cal)"
    )
    parser.add_argument("--limit", type=int, default=0, help="first N pairs of each set (quick runs)")
    parser.add_argument(
        "--cost", action="store_true", help="time a ct2 build of inputs/ with and without review"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--model", type=Path, help="--cost: a ct2 model folder (default: the demo model)")
    args = parser.parse_args()
    if args.cost:
        run_cost(args.repeats, args.model)
        return
    sets = load_sets(args.mirror)
    if args.limit:
        sets = {k: v[: args.limit] for k, v in sets.items()}
    if args.calibrate:
        run_calibrate(sets, args.fp, args.screen_loss)
    else:
        run_report(sets, args.sets.split(","))


if __name__ == "__main__":
    main()
