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
import re
import shutil
import subprocess
import sys
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
sys.path.insert(0, str(Path(__file__).resolve().parent))  # ant_events, beside this file
from ant_events import ANT_REPO, EASC_DIR  # noqa: E402

EVENTS = Path(__file__).resolve().parent / "data" / "ant_events.tsv"
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


# --- 5-7: real news (ANT, EASC): events, unrelated stories, pages ----------------------------------


def _split(facts: dict[str, Any], a: str, b: str) -> str:
    """``calibration`` or ``held-out``: by the parity of the pair's earlier publication day.

    Reports of one event fall on the same day or the next, so an event rarely has pairs on
    both sides; the thresholds of ``EventRules`` were chosen on the calibration side.
    """
    day = min(facts[a].published, facts[b].published)
    return "calibration" if day % 2 == 0 else "held-out"


def _ant_docs(docnos: list[str], repo: Path, *, dated: bool = True) -> tuple[list[Any], Any]:
    """The articles through the real stages, as the overview prepares them, with its analyzer."""
    from ant_events import as_input, read_ant

    from briefing.overview.articles import prepare

    ant = read_ant(docnos, repo)
    return prepare([as_input(i, ant[d], dated=dated) for i, d in enumerate(docnos, start=1)])


def _grouped(docs: list[Any], analyzer: Any, rules: Any = None) -> list[list[int]]:
    """Positions of *docs* by event, as the overview groups them (copies join their original)."""
    from briefing.overview import OverviewSettings
    from briefing.overview.build import event_groups

    position = {d.id: n for n, d in enumerate(docs)}
    groups, _ = event_groups(docs, analyzer, OverviewSettings(), rules)
    return [[position[d.id] for d in group] for group in groups]


def _pair_scores(
    pairs: list[tuple[int, int, str]], groups: list[list[int]]
) -> tuple[float, float, float, int]:
    """Pairwise precision (strict: S only), recall of S, lenient precision (S or R), pairs joined."""
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    joined = [label for i, j, label in pairs if group_of[i] == group_of[j]]
    same = sum(label == "S" for _, _, label in pairs)
    hits = joined.count("S")
    precision = hits / len(joined) if joined else 1.0
    lenient = (hits + joined.count("R")) / len(joined) if joined else 1.0
    return precision, hits / same if same else 1.0, lenient, len(joined)


def ant_events(repo: Path) -> None:
    """Grouping on the hand-labelled ANT pairs, each half (and the fresh pairs) run as one briefing."""
    from ant_events import labelled_pairs

    from briefing.overview.grouping import EventRules, event_facts

    labels, fresh = labelled_pairs(), labelled_pairs(fresh=True)
    docnos = sorted({d for a, b, _ in labels + fresh for d in (a, b)})
    docs, analyzer = _ant_docs(docnos, repo)
    by_docno = {d: event_facts(doc) for d, doc in zip(docnos, docs, strict=True)}
    doc_of = dict(zip(docnos, docs, strict=True))
    counted = f"{len(docnos)} articles, {len(labels)} + {len(fresh)} labelled pairs"
    print(f"\nEvents on real news (ANT, {counted}):")
    print(
        f"  {'set':<12}{'rules':<28}{'articles':>9}{'pairs S/R/N':>13}{'joined':>7}"
        f"{'precision':>10}{'recall':>7}{'lenient P':>10}"
    )
    sweeps = [EventRules()] + [
        EventRules(join_evidence=evidence, word_weight=weight)
        for weight, evidences in (
            (0.0, (0.7, 0.75)),
            (2.0, (1.0, 1.05)),
            (3.0, (1.1, 1.2)),
            (4.0, (1.25, 1.35)),
        )
        for evidence in evidences
    ]
    halves = [(h, [(a, b, lab) for a, b, lab in labels if _split(by_docno, a, b) == h]) for h in HALVES]
    for name, rows in [*halves, ("fresh", fresh)]:
        members = sorted({d for a, b, _ in rows for d in (a, b)})
        position = {d: k for k, d in enumerate(members)}
        pairs = [(position[a], position[b], lab) for a, b, lab in rows]
        counts = Counter(lab for _, _, lab in rows)
        mix = f"{counts['S']}/{counts['R']}/{counts['N']}"
        for rules in sweeps if name == "calibration" else sweeps[:1]:
            groups = _grouped([doc_of[d] for d in members], analyzer, rules)
            precision, recall, lenient, joined = _pair_scores(pairs, groups)
            rule = f"words x{rules.word_weight:.0f}, evidence {rules.join_evidence:.2f}"
            print(
                f"  {name:<12}{rule:<28}{len(members):>9}"
                f"{mix:>13}{joined:>7}"
                f"{precision:>10.3f}{recall:>7.3f}{lenient:>10.3f}"
            )


HALVES = ("calibration", "held-out")


def _spread_docnos(repo: Path, seed: int = 21) -> list[str]:
    """One ANT article per (month, category), 2012-2018: stories weeks to years apart."""
    names = subprocess.run(
        ["git", f"--git-dir={repo}", "ls-tree", "-r", "--name-only", "HEAD"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split()
    by_cell: dict[tuple[str, str], list[str]] = {}
    for name in names:
        if not name.endswith(".txt"):
            continue
        docno = Path(name).stem
        month = docno.rsplit("-", 1)[-1][:6]
        by_cell.setdefault((month, docno.split("-")[1]), []).append(docno)
    rng = random.Random(seed)
    return [rng.choice(sorted(v)) for _, v in sorted(by_cell.items())]


def unrelated(repo: Path | None, easc: Path | None) -> None:
    """Different stories (different topics, months or years apart): none may share a group."""
    from ant_events import easc_inputs

    from briefing.overview.articles import prepare
    from briefing.overview.grouping import event_facts

    print("\nUnrelated stories grouped together (must be 0):")
    sets: list[tuple[str, list[Any], Any]] = []
    if easc is not None and easc.is_dir():
        docs, analyzer = prepare(easc_inputs(root=easc))
        sets.append((f"EASC Wikipedia, {len(docs)} topics, undated", docs, analyzer))
    if repo is not None and repo.is_dir():
        docnos = _spread_docnos(repo)
        for dated in (True, False):
            docs, analyzer = _ant_docs(docnos, repo, dated=dated)
            label = "dated" if dated else "dates removed"
            sets.append((f"ANT, one per month and category, {len(docs)} stories, {label}", docs, analyzer))
    for name, docs, analyzer in sets:
        facts = [event_facts(d) for d in docs]
        groups = [g for g in _grouped(docs, analyzer) if len(g) > 1]
        together = sum(len(g) * (len(g) - 1) // 2 for g in groups)
        print(f"  {name}: {together} pairs in {len(groups)} groups")
        for g in groups:
            print("    together:", " | ".join(facts[i].title[:60] for i in g))


def _events(path: Path = EVENTS) -> dict[str, list[str]]:
    """The labelled multi-outlet events: ``{event: [docno, ...]}``."""
    events: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, docno = line.split("\t")
            events.setdefault(name, []).append(docno.strip())
    return events


def ant_event_sets(repo: Path) -> None:
    """The labelled events and stories of other months as one briefing: pairwise P/R."""
    events = _events()
    spread = [d for d in _spread_docnos(repo) if not any(d in v for v in events.values())]
    docnos = [d for v in events.values() for d in v] + spread
    gold = {d: name for name, v in events.items() for d in v} | {d: d for d in spread}
    docs, analyzer = _ant_docs(docnos, repo)
    groups = _grouped(docs, analyzer)
    said = {frozenset((docnos[i], docnos[j])) for g in groups for i, j in combinations(g, 2)}
    truth = {frozenset((a, b)) for a, b in combinations(docnos, 2) if gold[a] == gold[b]}
    precision = len(said & truth) / len(said) if said else 1.0
    recall = len(said & truth) / len(truth) if truth else 1.0
    wrong = [pair for pair in said - truth]
    print(
        f"\nLabelled events ({len(events)} events, {sum(map(len, events.values()))} articles) "
        f"with {len(spread)} stories of other months, one briefing:"
    )
    print(f"  pairwise precision {precision:.3f}  recall {recall:.3f}  unrelated pairs together {len(wrong)}")
    for name, members in events.items():
        found = {tuple(sorted(docnos.index(d) for d in members if docnos.index(d) in g)) for g in groups}
        found.discard(())
        print(f"  {name}: {len(members)} articles in {len(found)} group(s)")


def _overview_pages(pdf: Path) -> tuple[int, float]:
    """Pages of the whole document, and the height of the overview in pages.

    The height runs from the top of the "Overview" heading to the top of the "Articles"
    heading (``pdftotext -bbox`` word positions), so an overview that starts half-way down a
    page and ends half-way down the next counts as one page, not two.
    """
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    found: dict[str, float] = {}
    for page, chunk in enumerate(boxes.split("<page ")[1:]):
        for word, y in ((m.group(2), float(m.group(1))) for m in _WORD.finditer(chunk)):
            # The contents lists both words too, in longer lines: only a heading stands alone.
            if word in ("Overview", "Articles") and word not in found and _alone(chunk, y):
                found[word] = page + y / height
    if "Overview" not in found:
        return total, 0.0
    return total, round(found.get("Articles", float(total)) - found["Overview"], 2)


_WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')


def _alone(chunk: str, y: float) -> bool:
    """Whether the word at height *y* is the only word on its line (a heading)."""
    return sum(1 for m in _WORD.finditer(chunk) if abs(float(m.group(1)) - y) < 2) == 1


def _briefing_pages(texts: list[Any], out: Path, name: str) -> tuple[int, int] | None:
    """Build a briefing (fake translator: the Arabic as English), save DOCX, count pages.

    The starter glossary is off: its English names cannot be in an English that is the Arabic
    again, and a "term" check on every row would measure the fake translator, not the overview.
    """
    from dataclasses import replace

    from briefing import build_briefing
    from briefing.config import load_settings
    from briefing.translation.stage import FakeTranslator

    settings = replace(load_settings(), default_glossary=False)
    result = build_briefing(texts, settings=settings, translator=FakeTranslator(), sentences=5)
    docx = out / f"{name}.docx"
    result.save(docx, overwrite=True)
    if shutil.which("soffice") is None or shutil.which("pdfinfo") is None:
        return None
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return _overview_pages(out / f"{name}.pdf")


def pages(repo: Path, out: Path) -> None:
    """DOCX pages (LibreOffice -> PDF, pdfinfo) of the whole briefing and of its overview."""
    from ant_events import read_ant

    from briefing.ingest.textinput import ArticleText

    events = _events()
    spread = _spread_docnos(repo)
    rng = random.Random(5)
    sets = {
        "22 articles (2 events of 4-6 outlets + 12 other stories)": events["zidane-resigns"]
        + events["nk-prisoners"]
        + rng.sample(spread, 12),
        "one event, 5 outlets": events["korea-leaders"],
    }
    ant = read_ant(sorted({d for v in sets.values() for d in v}), repo)

    def text(d: str) -> ArticleText:
        doc = ant[d]
        return ArticleText(
            text="\n".join((doc.title, *doc.paragraphs)),
            title=doc.title,
            outlet=doc.outlet,
            published=doc.published,
            id=d,
        )

    runs = {name: [text(d) for d in docnos] for name, docnos in sets.items()}
    first = ant[events["korea-leaders"][0]]
    runs["200 identical copies of one article"] = [
        ArticleText(
            text="\n".join((first.title, *first.paragraphs)),
            title=first.title,
            outlet=f"copy {n}",
            published=first.published,
            id=f"copy-{n}",
        )
        for n in range(200)
    ]
    out.mkdir(parents=True, exist_ok=True)
    print("\nPages (A4 DOCX through LibreOffice; the English is the Arabic again, as long as a translation):")
    for n, (name, texts) in enumerate(runs.items()):
        counted = _briefing_pages(texts, out, f"set{n}")
        if counted is None:
            print(f"  {name}: DOCX written to {out} (soffice/pdfinfo missing: pages not counted)")
        else:
            print(f"  {name}: document {counted[0]} pages, overview {counted[1]:.1f} pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ans", nargs="?", type=Path, help="ANS copy with data/stance/dev.csv")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ant", type=Path, default=ANT_REPO, help="git mirror of antcorpus.multisource.data")
    parser.add_argument(
        "--easc", type=Path, default=EASC_DIR, help="EASC Wikipedia folder (topicNNN/article.txt)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("/tmp/briefing-overview-bench"), help="DOCX/PDF folder"
    )
    parser.add_argument(
        "--only",
        choices=("real", "events", "made-up"),
        help="real news only (ANT, EASC, pages), its events only (no pages: about 2 minutes) "
        "or the made-up sets only",
    )
    args = parser.parse_args()
    if args.only != "made-up":
        if args.ant.is_dir():
            ant_events(args.ant)
            ant_event_sets(args.ant)
        else:
            print(f"(no ANT mirror at {args.ant}: real events skipped)")
        unrelated(args.ant if args.ant.is_dir() else None, args.easc)
        if args.ant.is_dir() and args.only != "events":
            pages(args.ant, args.out)
    if args.only in ("real", "events"):
        return
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
