"""How good and how fast the cross-source overview is, in one run.

    python tests/benchmarks/overview.py [ANS] [--repeat 3]

``ANS`` is a copy of the Arabic News Stance corpus (GitHub ``latynt/ans``) holding
``data/stance/dev.csv``; without it the ANS sections are skipped. Only the dev split is read
(the model was trained on train; the test split is reserved for an independent check).

1. **Stance on ANS dev**: :func:`briefing.overview.stance.decide` on each headline pair; precision and
   recall of *agree* and of *contradict* (ANS "disagree").
2. **ANS dev pairs through the overview**, each pair given as two one-sentence articles:
   how often a pair comes out as one key point backed by both sources ("merged") and how
   often as a difference, per label. Merged contradictions are the error that matters most.
3. **Grouping on made-up event sets** (``tests/data/overview``: text written for the tests,
   several outlets per event, all sets run together as one briefing): pairwise precision,
   recall and F1 of "same group", statuses (preview/report) against the expected ones,
   expected corroborations and differences found, and merged points whose members the
   stance model calls contradicting (must be 0).
4. **Time** against the number of articles: the five samples of ``inputs/`` through the
   real stages, then made-up articles of 30 sentences drawn from the samples' sentences, all
   on one story (the worst case for key-point matching); best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

from briefing.clean.cleaner import clean
from briefing.ingest.discover import discover, ingest
from briefing.overview import OverviewInput, build_overview
from briefing.overview.stance import decide
from briefing.segment import segment
from briefing.summarize import get_summarizer, parse_length
from briefing.types import (
    Block,
    CleanArticle,
    Overview,
    ScoredSentence,
    Sentence,
    Sentences,
    SourceRef,
    Summary,
)

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "tests" / "data" / "overview"
# Expected groups of the older sets (file stems); tests/data/overview/events has expected.json.
_OTHER_SETS = {
    "mixed": [["01-haouz-quake", "03-haouz-houses"], ["02-derna-floods", "04-daniel-dams"]],
    "fire": [["01-alexandria-fire", "02-twelve-dead", "03-fifteen-dead"]],
}


def samples() -> list[OverviewInput]:
    """The five samples through the real stages."""
    files, _ = discover([ROOT / "inputs"])
    summarizer, length = get_summarizer(), parse_length(5)
    inputs = []
    for number, item in enumerate(files, start=1):
        sentences = segment(clean(ingest(item)))
        inputs.append(OverviewInput(number, sentences, summarizer(sentences, length)))
    return inputs


def made_up(number: int, texts: list[str], *, headings: int = 0, path: str = "") -> OverviewInput:
    """An article of one paragraph per sentence; the first five body sentences are its summary."""
    kinds = ["heading"] * headings + ["paragraph"] * (len(texts) - headings)
    article = CleanArticle(
        SourceRef(path or f"made-up-{number}.txt", "txt"),
        None,
        tuple(Block(t, k) for t, k in zip(texts, kinds, strict=True)),  # type: ignore[arg-type]
    )
    sentences = tuple(Sentence(i, t, i, k) for i, (t, k) in enumerate(zip(texts, kinds, strict=True)))  # type: ignore[arg-type]
    body = [s for s in sentences if s.kind != "heading"]
    chosen = tuple(ScoredSentence(s.index, s.text, 1.0 - r / 10) for r, s in enumerate(body[:5]))
    return OverviewInput(number, Sentences(article, sentences), Summary(article, chosen, len(texts), "lead"))


# --- 1 and 2: ANS dev ------------------------------------------------------------------------------


def ans_dev(root: Path) -> list[tuple[str, str, str]]:
    with open(root / "data" / "stance" / "dev.csv", encoding="utf-8", newline="") as handle:
        return [(r["s1"], r["s2"], r["stance"]) for r in csv.DictReader(handle)]


def stance_scores(rows: list[tuple[str, str, str]]) -> None:
    gold_of = {"agree": "agree", "disagree": "contradict", "other": "unrelated"}
    pairs = [(gold_of[s], decide(a, b).label) for a, b, s in rows]
    print(f"Stance on ANS dev ({len(rows)} pairs):")
    print(f"  {'label':<12}{'precision':>10}{'recall':>8}{'gold':>6}{'said':>6}")
    for label in ("agree", "contradict"):
        said = [g for g, p in pairs if p == label]
        gold = sum(g == label for g, _ in pairs)
        hits = sum(g == label for g in said)
        precision = hits / len(said) if said else 0.0
        print(f"  {label:<12}{precision:>10.3f}{hits / gold:>8.3f}{gold:>6}{len(said):>6}")
    confusion = Counter(pairs)
    print(
        "  confusion (gold -> said):", ", ".join(f"{g}->{p} {n}" for (g, p), n in sorted(confusion.items()))
    )


def ans_through_overview(rows: list[tuple[str, str, str]]) -> None:
    print("\nANS dev pairs through the overview (two one-sentence articles):")
    print(f"  {'label':<10}{'pairs':>6}{'merged':>9}{'difference':>12}")
    stats: dict[str, list[int]] = {}
    for a, b, label in rows:
        overview = build_overview([made_up(1, [a]), made_up(2, [b])])
        merged = any(len(p.sources) == 2 for g in overview.groups for p in g.key_points)
        differs = any(g.differences for g in overview.groups)
        entry = stats.setdefault(label, [0, 0, 0])
        entry[0] += 1
        entry[1] += merged
        entry[2] += differs
    for label in ("agree", "disagree", "other"):
        n, merged, differs = stats.get(label, [0, 0, 0])
        if n:
            print(f"  {label:<10}{n:>6}{merged / n:>9.1%}{differs / n:>12.1%}")


# --- 3: event sets ---------------------------------------------------------------------------------


def _read_made_up(path: Path, number: int) -> OverviewInput:
    """A made-up article file: one sentence a line, ``# `` lines are headings."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    headings = sum(1 for line in lines if line.startswith("# "))
    texts = [line.removeprefix("# ") for line in lines]
    return made_up(number, texts, headings=headings, path=str(path))


def _folders(expected: dict[str, Any]) -> list[tuple[str, list[list[str]]]]:
    """Each set's folder with its expected groups of file names."""
    others = [(n, [[f"{s}.txt" for s in g] for g in gs]) for n, gs in _OTHER_SETS.items()]
    return [("events", expected["groups"]), *others]


def _load_sets() -> tuple[
    list[OverviewInput], list[list[int]], dict[int, str], list[set[int]], list[set[int]]
]:
    """All made-up sets as one briefing, with expected groups, statuses, corroborations, differences."""
    expected = json.loads((SETS / "events" / "expected.json").read_text(encoding="utf-8"))
    inputs: list[OverviewInput] = []
    groups: list[list[int]] = []
    number_of: dict[str, int] = {}
    for folder, folder_groups in _folders(expected):
        for path in sorted((SETS / folder).glob("*.txt")):
            number = len(inputs) + 1
            number_of[f"{folder}/{path.name}"] = number
            inputs.append(_read_made_up(path, number))
        groups += [[number_of[f"{folder}/{name}"] for name in group] for group in folder_groups]

    def events(names: list[str]) -> set[int]:
        return {number_of[f"events/{n}"] for n in names}

    statuses = {number_of[f"events/{name}"]: s for name, s in expected["statuses"].items()}
    corroborated = [events(pair) for pair in expected["corroborated"]]
    differences = [events(pair) for pair in expected["differences"]]
    return inputs, groups, statuses, corroborated, differences


def _pairwise(expected: list[list[int]], found: list[list[int]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of "these two articles are in one group"."""

    def same(groups: list[list[int]]) -> set[tuple[int, int]]:
        return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}  # type: ignore[misc]

    gold, said = same(expected), same(found)
    precision = len(gold & said) / len(said) if said else 1.0
    recall = len(gold & said) / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _statuses_right(overview: Overview, statuses: dict[int, str]) -> int:
    """How many articles have the expected status (preview/report)."""
    status = {i: s for g in overview.groups for i, s in g.statuses}
    return sum(status.get(i) == s for i, s in statuses.items())


def _corroborations_found(overview: Overview, corroborated: list[set[int]]) -> int:
    """Expected pairs of sources found backing one key point."""
    merged = [set(p.sources) for g in overview.groups for p in g.key_points if len(p.sources) > 1]
    return sum(any(pair <= m for m in merged) for pair in corroborated)


def _differences_found(overview: Overview, differences: list[set[int]]) -> tuple[int, int]:
    """Expected pairs of sources found in one difference, and the differences shown."""
    disputed = [{s for v in d.versions for s in v.sources} for g in overview.groups for d in g.differences]
    return sum(any(pair <= d for d in disputed) for pair in differences), len(disputed)


def _contradicting_points(overview: Overview, inputs: list[OverviewInput]) -> int:
    """Merged points two of whose members the stance model calls contradicting."""
    texts = {(i.id, s.index): s.text for i in inputs for s in i.sentences.sentences}
    bad = 0
    for group in overview.groups:
        for point in group.key_points:
            cited = [texts[(c.article, c.index)] for c in point.citations]
            bad += any(decide(a, b).label == "contradict" for a, b in combinations(cited, 2))
    return bad


def event_set_scores() -> None:
    inputs, expected, statuses, corroborated, differences = _load_sets()
    overview = build_overview(inputs)
    found = [list(g.articles) for g in overview.groups]
    precision, recall, f1 = _pairwise(expected, found)
    print(f"\nGrouping on the made-up event sets ({len(inputs)} articles, {len(expected)} events):")
    print(
        f"  pairwise precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  groups found {len(found)}"
    )
    print(f"  statuses (preview/report) right: {_statuses_right(overview, statuses)}/{len(statuses)}")
    hit = _corroborations_found(overview, corroborated)
    print(f"  expected corroborations found: {hit}/{len(corroborated)}")
    hit, shown = _differences_found(overview, differences)
    print(f"  expected differences found: {hit}/{len(differences)}; differences shown: {shown}")
    print(f"  merged points whose members contradict each other: {_contradicting_points(overview, inputs)}")
    for group in overview.groups:
        for note in group.notes:
            print(f"  note {list(group.articles)}: {note}")


# --- 4: time ---------------------------------------------------------------------------------------


def best_time(inputs: list[OverviewInput], repeat: int) -> tuple[float, int, int]:
    """Best wall time of ``repeat`` runs, with the number of groups and key points."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        overview = build_overview(inputs)
        best = min(best, time.perf_counter() - start)
    points = sum(len(g.key_points) for g in overview.groups)
    return best, len(overview.groups), points


def timing(repeat: int) -> None:
    base = samples()
    pool = [s.text for a in base for s in a.sentences.sentences if s.kind != "heading"]
    rng = random.Random(1)
    rows = [("5 samples", base)]
    for count in (10, 20, 40):
        rows.append((f"{count} made-up", [made_up(i, rng.sample(pool, 30)) for i in range(1, count + 1)]))
    print(f"\n{'input':<14}{'sentences':>10}{'groups':>8}{'points':>8}{'seconds':>10}{'per article':>13}")
    for name, inputs in rows:
        seconds, groups, points = best_time(inputs, repeat)
        total = sum(len(a.sentences.sentences) for a in inputs)
        print(f"{name:<14}{total:>10}{groups:>8}{points:>8}{seconds:>10.3f}{seconds / len(inputs):>13.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ans", nargs="?", type=Path, help="ANS copy with data/stance/dev.csv")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.ans is not None:
        rows = ans_dev(args.ans)
        stance_scores(rows)
        ans_through_overview(rows)
    else:
        print("(no ANS path given: stance scores skipped)")
    event_set_scores()
    timing(args.repeat)


if __name__ == "__main__":
    main()
