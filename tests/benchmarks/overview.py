"""Time of the cross-source overview against the number of articles, in one run.

    python tests/benchmarks/overview.py [--repeat 3]

The first row is the five samples of ``inputs/`` through the real stages (ingest, clean,
segment, default summarizer, 5 sentences); the other rows are made-up articles of 30
sentences drawn at random (fixed seed) from the samples' sentences, all on one story, so
every article lands in one group: the worst case for key-point matching. Times are the best
of ``--repeat`` runs of :func:`briefing.overview.build_overview` alone.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from briefing.clean import clean
from briefing.ingest import discover, ingest
from briefing.overview import OverviewInput, build_overview
from briefing.segment import segment
from briefing.summarize import get_summarizer, parse_length
from briefing.types import Block, CleanArticle, ScoredSentence, Sentence, Sentences, SourceRef, Summary

ROOT = Path(__file__).resolve().parents[2]


def samples() -> list[OverviewInput]:
    """The five samples through the real stages."""
    files, _ = discover([ROOT / "inputs"])
    summarizer, length = get_summarizer(), parse_length(5)
    inputs = []
    for number, item in enumerate(files, start=1):
        sentences = segment(clean(ingest(item)))
        inputs.append(OverviewInput(number, sentences, summarizer(sentences, length)))
    return inputs


def made_up(number: int, texts: list[str]) -> OverviewInput:
    """An article of one paragraph per sentence; the first five are its summary."""
    article = CleanArticle(SourceRef(f"made-up-{number}.txt", "txt"), None, tuple(Block(t) for t in texts))
    sentences = tuple(Sentence(i, t, i) for i, t in enumerate(texts))
    chosen = tuple(ScoredSentence(i, t, 1.0 - i / 10) for i, t in enumerate(texts[:5]))
    return OverviewInput(number, Sentences(article, sentences), Summary(article, chosen, len(texts), "lead"))


def best_time(inputs: list[OverviewInput], repeat: int) -> tuple[float, int, int]:
    """Best wall time of ``repeat`` runs, with the number of groups and key points."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        overview = build_overview(inputs)
        best = min(best, time.perf_counter() - start)
    points = sum(len(g.key_points) for g in overview.groups)
    return best, len(overview.groups), points


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = samples()
    pool = [s.text for a in base for s in a.sentences.sentences if s.kind != "heading"]
    rng = random.Random(1)
    rows = [("5 samples", base)]
    for count in (10, 20, 40):
        rows.append((f"{count} made-up", [made_up(i, rng.sample(pool, 30)) for i in range(1, count + 1)]))
    print(f"{'input':<14}{'sentences':>10}{'groups':>8}{'points':>8}{'seconds':>10}{'per article':>13}")
    for name, inputs in rows:
        seconds, groups, points = best_time(inputs, args.repeat)
        total = sum(len(a.sentences.sentences) for a in inputs)
        print(f"{name:<14}{total:>10}{groups:>8}{points:>8}{seconds:>10.3f}{seconds / len(inputs):>13.4f}")


if __name__ == "__main__":
    main()
