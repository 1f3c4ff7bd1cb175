"""EASC benchmark of the summarizers: ours, Lead and LexRank side by side, in one run.

    python tests/benchmarks/summarize.py --data ../shared/bench/easc-wiki [--out DIR] [--no-cv]

For each of the 106 Wikipedia articles, each system ranks the sentences (segmented with
``briefing.segment.segment_text``); sentences are added in rank order until the article's
budget is reached (``mean_ref_words`` in ``index.tsv``, rounded), the last one is cut so that
the summary has exactly that many words, and the sentences are written in document order
to ``DIR/<system>/topicNNN.txt``. ``rouge_eval.py`` (beside the data) scores them: ROUGE-1/2/L
F1 averaged over the five references, then over articles, with a 95% bootstrap interval.

The references are read by ``rouge_eval.py`` only; systems see the article text alone.

``--cv`` (default on) also reports 5-fold cross-validation of the default summarizer's two
calibrated knobs (position weight, MMR lambda): for each fold the grid point best on the other
four folds is scored on the held-out fold, so the number is free of tuning on test articles.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from briefing.segment import segment_text
from briefing.summarize import (
    CentralityParams,
    CentralitySummarizer,
    LeadSummarizer,
    LexRankSummarizer,
    RankingSummarizer,
)
from briefing.types import Block, CleanArticle, Sentence, Sentences, SourceRef

METRICS = ("rouge1", "rouge2", "rougeL")
GRID_POSITION = (0.5, 0.7, 0.85, 0.95)
GRID_MMR = (1.0, 0.8)


def load_rouge(data: Path) -> ModuleType:
    """Import ``rouge_eval.py`` from the benchmark folder (it is not a package)."""
    path = data.parent / "rouge_eval.py"
    spec = importlib.util.spec_from_file_location("rouge_eval", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_articles(data: Path) -> list[tuple[str, list[str], int]]:
    """``(id, sentences, word budget)`` per article of ``index.tsv`` (article text only)."""
    with (data / "index.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = []
    for row in rows:
        text = (data / row["id"] / "article.txt").read_text(encoding="utf-8")
        out.append((row["id"], segment_text(text), round(float(row["mean_ref_words"]))))
    return out


def as_sentences(texts: Sequence[str]) -> Sentences:
    """A segmented article for a summarizer (no title: EASC articles have none in the text)."""
    article = CleanArticle(
        source=SourceRef(path="easc", format="txt"),
        title=None,
        blocks=tuple(Block(text, "paragraph") for text in texts),
    )
    return Sentences(article, tuple(Sentence(i, text, i) for i, text in enumerate(texts)))


def summary_text(sentences: Sequence[str], order: Sequence[int], budget: int) -> str:
    """The length rule: add by rank until ``budget`` words, cut the last, document order."""
    chosen: dict[int, list[str]] = {}
    total = 0
    last = None
    for index in order:
        if total >= budget:
            break
        words = sentences[index].split()
        chosen[index] = words
        total += len(words)
        last = index
    if last is not None and total > budget:
        chosen[last] = chosen[last][: len(chosen[last]) - (total - budget)]
    return " ".join(" ".join(chosen[i]) for i in sorted(chosen) if chosen[i])


def run_system(
    summarizer: RankingSummarizer, articles: list[tuple[str, list[str], int]], folder: Path
) -> dict[str, str]:
    """Write and return each article's summary under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for article_id, sentences, budget in articles:
        order = [s.index for s in summarizer.rank(as_sentences(sentences))]
        text = summary_text(sentences, order, budget)
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
        out[article_id] = text
    return out


def cross_validate(
    articles: list[tuple[str, list[str], int]],
    per_article: Callable[[CentralityParams], dict[str, float]],
    *,
    folds: int = 5,
    seed: int = 0,
) -> tuple[float, list[CentralityParams]]:
    """Mean held-out R-1+R-2 score with the grid point chosen on the training folds."""
    grid = [
        replace(CentralityParams(), position_weight=w, mmr_lambda=lam)
        for w in GRID_POSITION
        for lam in GRID_MMR
    ]
    scores = {params: per_article(params) for params in grid}
    ids = [article_id for article_id, _, _ in articles]
    random.Random(seed).shuffle(ids)
    held: list[float] = []
    chosen: list[CentralityParams] = []
    for k in range(folds):
        test = set(ids[k::folds])
        train = [i for i in ids if i not in test]
        best = max(grid, key=lambda p: sum(scores[p][i] for i in train))
        chosen.append(best)
        held.extend(scores[best][i] for i in test)
    return sum(held) / len(held), chosen


def position_profile_cv(
    articles: list[tuple[str, list[str], int]],
    refs: dict[str, list[str]],
    rouge: ModuleType,
    *,
    folds: int = 5,
) -> dict[str, float]:
    """Corpus ROUGE of a learned position profile (a diagnostic, not a shipped method).

    On the training folds, the share of references that contain the sentence at each
    position 0..11 is averaged; held-out articles are ranked by that profile alone. The
    references are used for training folds only, never for the article being scored.
    """
    cap = 12
    tokens = {aid: [" ".join(rouge.tokenize(r)) for r in refs[aid]] for aid, _, _ in articles}

    def chosen(aid: str, sentence: str) -> float:
        key = " ".join(rouge.tokenize(sentence)[:6])
        return sum(key in ref for ref in tokens[aid]) / len(tokens[aid])

    ids = [aid for aid, _, _ in articles]
    random.Random(0).shuffle(ids)
    by_id = {aid: (sentences, budget) for aid, sentences, budget in articles}
    system: dict[str, str] = {}
    for k in range(folds):
        test = set(ids[k::folds])
        rates: list[list[float]] = [[] for _ in range(cap)]
        for aid in ids:
            if aid not in test:
                for i, sentence in enumerate(by_id[aid][0][:cap]):
                    rates[i].append(chosen(aid, sentence))
        profile = [sum(r) / len(r) if r else 0.0 for r in rates]
        for aid in test:
            sentences, budget = by_id[aid]
            prior = [profile[i] if i < cap else profile[-1] * cap / (i + 1) for i in range(len(sentences))]
            order = sorted(range(len(sentences)), key=lambda i: (-prior[i], i))
            system[aid] = summary_text(sentences, order, budget)
    result, _ = rouge.evaluate(system, refs, "mean", 0)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="the easc-wiki folder")
    parser.add_argument("--out", type=Path, help="where to write the summaries (default: a temp folder)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the 95%% CI")
    parser.add_argument("--no-cv", dest="cv", action="store_false", help="skip the 5-fold cross-validation")
    args = parser.parse_args(argv)

    rouge = load_rouge(args.data)
    refs = rouge.load_refs(str(args.data))
    articles = load_articles(args.data)
    out = args.out or Path(tempfile.mkdtemp(prefix="easc-"))
    systems: list[tuple[str, RankingSummarizer]] = [
        ("ours (default)", CentralitySummarizer(name="default")),
        ("Lead", LeadSummarizer()),
        ("LexRank", LexRankSummarizer()),
        ("centrality only (corpus IDF, no prior)", CentralitySummarizer(
            CentralityParams(position_weight=0.0, mmr_lambda=1.0), name="centrality-only"
        )),
    ]  # fmt: skip
    rows = []
    for label, summarizer in systems:
        started = time.perf_counter()
        system = run_system(summarizer, articles, out / summarizer.name)
        seconds = time.perf_counter() - started
        result, _ = rouge.evaluate(system, refs, "mean", args.bootstrap)
        rows.append((label, result, seconds))

    print(f"EASC Wikipedia, n={len(articles)}, length rule: mean reference words; summaries in {out}")
    print()
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L | s/article |")
    print("|---|---|---|---|---|")
    for label, result, seconds in rows:
        cells = []
        for metric in METRICS:
            low, high = result[f"{metric}_ci95"] if args.bootstrap else (float("nan"), float("nan"))
            cells.append(f"{result[metric]:.2f} [{low:.2f}, {high:.2f}]")
        print(f"| {label} | {' | '.join(cells)} | {seconds / len(articles):.4f} |")

    if args.cv:

        def per_article(params: CentralityParams) -> dict[str, float]:
            system = {
                article_id: summary_text(
                    sentences,
                    [s.index for s in CentralitySummarizer(params).rank(as_sentences(sentences))],
                    budget,
                )
                for article_id, sentences, budget in articles
            }
            _, per = rouge.evaluate(system, refs, "mean", 0)
            return {a: 100 * (per[a]["rouge1"]["f"] + per[a]["rouge2"]["f"]) / 2 for a in per}

        held, chosen = cross_validate(articles, per_article)
        picks = ", ".join(f"w={p.position_weight} mmr={p.mmr_lambda}" for p in chosen)
        default = CentralityParams()
        print()
        points = len(GRID_POSITION) * len(GRID_MMR)
        print(f"5-fold CV of (position weight, MMR lambda) over {points} grid points:")
        print(f"  held-out mean (R-1 + R-2) / 2 = {held:.2f}; chosen per fold: {picks}")
        lead = next(result for label, result, _ in rows if label == "Lead")
        print(f"  Lead on the same scale: {(lead['rouge1'] + lead['rouge2']) / 2:.2f}")
        print(f"  shipped default: w={default.position_weight} mmr={default.mmr_lambda}")
        profile = position_profile_cv(articles, refs, rouge)
        print()
        print(
            "Diagnostic, not shipped: learned per-position selection rate, 5-fold CV: "
            f"R-1 {profile['rouge1']:.2f}  R-2 {profile['rouge2']:.2f}  R-L {profile['rougeL']:.2f}"
        )
        print("  (it learns the annotators' preference for odd-numbered sentences; see README)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
