"""EASC benchmark of the summarizers, read the way the CLI reads files, on several layouts.

    python tests/benchmarks/summarize.py --data ../shared/bench/easc-wiki [--out DIR] [--variants] [--no-cv]

Each of the 106 Wikipedia articles is written to ``DIR/inputs/<layout>/topicNNN.txt`` in four
layouts: as released (one paragraph per line) and hard-wrapped at 60, 72 and 80 characters
like a newspaper column file (each paragraph's first line indented by a space, no blank
lines, no title line). Every file is then read through the CLI's path: ``ingest`` ->
``clean`` -> language check -> ``segment``; a file the CLI would skip gets an empty summary.
Each system ranks the sentences; sentences are added in rank order until the article's
budget is reached (``mean_ref_words`` in ``index.tsv``, rounded), the last one is cut so that
the summary has exactly that many words, and the sentences are written in document order.
``rouge_eval.py`` (beside the data) scores them: ROUGE-1/2/L F1 averaged over the five
references, then over articles, with a 95% bootstrap interval; differences ("minus Lead",
"minus its original") are paired per article, with their own bootstrap interval (an
interval that holds 0 is a tie).

The headline table gives Lead and the default on every layout, and ``default (CV)``: the
default's two constants chosen by 5-fold cross-validation (on each fold, the grid point best
on the other four folds writes that fold's summaries), which is the honest estimate since the
shipped constants were chosen on this data.

``--variants`` adds the research table (original layout): the variants tried and rejected,
those with knobs (*5-fold CV*) scored on held-out folds the same way; the chosen points are
listed under the table (``--no-cv`` skips them). The references are read by the scorer only;
systems see the article text alone (the title variant also sees the Wikipedia page title,
taken from the article's URL).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import math
import random
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote

from briefing.clean.cleaner import clean
from briefing.clean.language import ensure_arabic
from briefing.errors import InputError
from briefing.ingest.discover import ingest
from briefing.segment import segment
from briefing.summarize import (
    CentralityParams,
    CentralitySummarizer,
    LeadSummarizer,
    LexRankSummarizer,
    RankingSummarizer,
    arabic_idf,
)
from briefing.text.arabic import tokenize
from briefing.types import CleanArticle, Sentences, SourceRef

METRICS = ("rouge1", "rouge2", "rougeL")
FOLDS = 5


@dataclass(frozen=True)
class Article:
    """One benchmark article as the systems see it, plus features the variants share."""

    id: str
    sentences: Sentences
    texts: tuple[str, ...]
    budget: int
    title: str
    tokens: tuple[tuple[str, ...], ...]
    lengths: tuple[int, ...]
    paragraph_start: tuple[bool, ...]
    centrality: tuple[float, ...]
    vectors: tuple[dict[str, float], ...]


Ranker = Callable[[Article], list[int]]


def load_rouge(data: Path) -> ModuleType:
    """Import ``rouge_eval.py`` from the benchmark folder (it is not a package)."""
    path = data.parent / "rouge_eval.py"
    spec = importlib.util.spec_from_file_location("rouge_eval", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LAYOUTS: dict[str, int | None] = {"original": None, "wrapped 60": 60, "wrapped 72": 72, "wrapped 80": 80}
"""Layouts every article is read in: as released, and hard-wrapped at these widths."""


def wrap_layout(text: str, width: int) -> str:
    """``text`` laid out like a newspaper column file: every paragraph (a non-blank line of
    the release) hard-wrapped at ``width`` characters, its first line starting with a space,
    no blank lines and no title line."""
    out = []
    for paragraph in (line.strip() for line in text.splitlines()):
        if paragraph:
            lines = textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
            out.extend([" " + lines[0], *lines[1:]])
    return "\n".join(out) + "\n"


def read_like_cli(path: Path) -> Sentences | None:
    """The CLI's reading path (ingest -> clean -> language check -> segment); None when the
    CLI would skip the file (that article then scores 0, as the CLI gives no summary)."""
    try:
        cleaned = clean(ingest(path))
        ensure_arabic(cleaned)
        sentences = segment(cleaned)
    except InputError as exc:
        print(f"  skipped {path.name}: {exc}", file=sys.stderr)
        return None
    return sentences if any(s.kind != "heading" for s in sentences.sentences) else None


def load_articles(data: Path, folder: Path, width: int | None = None) -> list[Article]:
    """The articles of ``index.tsv`` written to ``folder`` as ``.txt`` files in one layout
    (``width``: hard-wrapped; None: as released) and read back through the CLI's path."""
    with (data / "index.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    plain = CentralitySummarizer(CentralityParams(position_weight=0.0, mmr_lambda=1.0))
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for row in rows:
        text = (data / row["id"] / "article.txt").read_text(encoding="utf-8")
        path = folder / f"{row['id']}.txt"
        path.write_text(text if width is None else wrap_layout(text, width), encoding="utf-8")
        sentences = read_like_cli(path)
        if sentences is None:
            sentences = Sentences(
                article=CleanArticle(source=SourceRef(path=str(path), format="txt"), title=None, blocks=()),
                sentences=(),
            )
        found = tuple(s for s in sentences.sentences if s.kind != "heading")
        texts = tuple(s.text for s in found)
        central, vectors = plain.relevance(texts) if texts else ([], [])
        out.append(
            Article(
                id=row["id"],
                sentences=sentences,
                texts=texts,
                budget=round(float(row["mean_ref_words"])),
                title=unquote(row["url"].rsplit("/", 1)[-1]).replace("_", " "),
                tokens=tuple(tuple(tokenize(t)) for t in texts),
                lengths=tuple(len(t.split()) for t in texts),
                paragraph_start=tuple(i == 0 or found[i - 1].block != s.block for i, s in enumerate(found)),
                centrality=tuple(central),
                vectors=tuple(vectors),
            )
        )
    return out


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


# ------------------------------------------------------------------------------ systems


def by_summarizer(summarizer: RankingSummarizer) -> Ranker:
    """A ranker that asks one of briefing's summarizers (the shipped code path).

    Ranks are positions in ``Article.texts`` (the article's candidate sentences)."""

    def rank(article: Article) -> list[int]:
        if not article.texts:
            return []
        position = {
            s.index: i for i, s in enumerate(s for s in article.sentences.sentences if s.kind != "heading")
        }
        return [position[s.index] for s in summarizer.rank(article.sentences) if s.index in position]

    return rank


def _order(scores: Sequence[float]) -> list[int]:
    """Indices by decreasing score, document order breaking ties."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norm = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _log_prior(article: Article) -> list[float]:
    """The smooth position prior of Lead on a log scale: ``-ln(i + 1)``."""
    return [-math.log(i + 1) for i in range(len(article.texts))]


def paragraph_first(article: Article) -> list[int]:
    """First sentences of paragraphs (topic sentences) in document order, then the rest."""
    n = len(article.texts)
    return sorted(range(n), key=lambda i: (not article.paragraph_start[i], i))


def paragraph_bonus(bonus: float) -> Ranker:
    """Lead prior plus ``bonus`` for the first sentence of a paragraph."""
    return lambda a: _order([p + bonus * s for p, s in zip(_log_prior(a), a.paragraph_start, strict=True)])


def title_similarity(weight: float) -> Ranker:
    """Lead prior plus ``weight`` x cosine (corpus IDF) of the sentence and the page title."""
    idf = arabic_idf()
    ceiling = max(idf.values())

    def rank(a: Article) -> list[int]:
        title = {t: c * idf.get(t, ceiling) for t, c in Counter(tokenize(a.title)).items()}
        sims = [_cosine(v, title) for v in a.vectors]
        return _order([p + weight * s for p, s in zip(_log_prior(a), sims, strict=True)])

    return rank


def length_prior(exponent: float) -> Ranker:
    """Lead prior times ``words ** exponent`` (on the log scale: plus ``exponent * ln(words)``)."""
    return lambda a: _order(
        [p + exponent * math.log(max(n, 1)) for p, n in zip(_log_prior(a), a.lengths, strict=True)]
    )


def rank_fusion(a: Article, k: int = 60) -> list[int]:
    """Reciprocal rank fusion (Cormack et al. 2009) of the Lead order and the centrality order."""
    central = {index: rank for rank, index in enumerate(_order(a.centrality))}
    return _order([1 / (k + i) + 1 / (k + central[i]) for i in range(len(a.texts))])


def lead_without_repeats(threshold: float) -> Ranker:
    """Lead, with a sentence whose cosine to an earlier kept one reaches ``threshold`` moved last."""

    def rank(a: Article) -> list[int]:
        kept: list[int] = []
        moved: list[int] = []
        for i, vector in enumerate(a.vectors):
            (moved if any(_cosine(vector, a.vectors[j]) >= threshold for j in kept) else kept).append(i)
        return kept + moved

    return rank


def budget_fit(overflow: float) -> Ranker:
    """Lead, but a sentence that overflows the remaining budget by more than ``overflow`` of its
    length gives way to the next sentence that fits (knapsack-style; the benchmark's budget)."""

    def rank(a: Article) -> list[int]:
        left = list(range(len(a.texts)))
        order: list[int] = []
        remaining = a.budget
        while left and remaining > 0:
            pick = left[0]
            if a.lengths[pick] - remaining > overflow * a.lengths[pick]:
                pick = next((j for j in left[1:4] if a.lengths[j] <= remaining), pick)
            order.append(pick)
            left.remove(pick)
            remaining -= a.lengths[pick]
        return order + left

    return rank


def sumbasic(a: Article) -> list[int]:
    """SumBasic (Nenkova & Vanderwende 2005): mean word probability, chosen words squared down."""
    counts = Counter(t for tokens in a.tokens for t in tokens)
    total = sum(counts.values()) or 1
    prob = {t: c / total for t, c in counts.items()}
    left = set(range(len(a.texts)))
    order: list[int] = []
    while left:
        best = max(left, key=lambda i: (sum(prob[t] for t in a.tokens[i]) / max(len(a.tokens[i]), 1), -i))
        order.append(best)
        left.remove(best)
        for t in set(a.tokens[best]):
            prob[t] **= 2
    return order


def kl_sum(a: Article, *, smoothing: float = 0.5) -> list[int]:
    """KL-Sum (Haghighi & Vanderwende 2009): greedily minimise KL(article words || summary words)."""
    counts = Counter(t for tokens in a.tokens for t in tokens)
    total = sum(counts.values()) or 1
    vocabulary = len(counts)
    chosen: Counter[str] = Counter()
    size = 0
    left = set(range(len(a.texts)))
    order: list[int] = []

    def divergence(i: int) -> float:
        extra = Counter(a.tokens[i])
        n = size + len(a.tokens[i]) + smoothing * vocabulary
        return sum(
            c / total * math.log((c / total) / ((chosen[t] + extra[t] + smoothing) / n))
            for t, c in counts.items()
        )

    while left and len(order) < 15:  # far beyond any budget; the rest follow in document order
        best = min(left, key=lambda i: (divergence(i), i))
        order.append(best)
        left.remove(best)
        chosen.update(a.tokens[best])
        size += len(a.tokens[best])
    return order + sorted(left)


def expected_coverage(first: float, decay: float, *, min_idf: float = 6.0) -> Ranker:
    """Greedy expected ROUGE-1/2 against a simulated reader's summary.

    The reader keeps sentence ``i`` with probability ``first / (i + 1) ** decay`` (a smooth
    lead prior); a word or bigram of the summary counts when the reader's summary is likely to
    hold it, which rewards sentences sharing content with likely ones (centrality in
    probabilistic form) and penalises repeating it (clipped counts). Content words only
    (corpus IDF above ``min_idf``). Sentences are added by expected gain per word.
    """
    idf = arabic_idf()
    ceiling = max(idf.values())

    def at_least(units: list[Counter], prob: list[float]) -> dict[object, list[float]]:
        """P(the reader's summary holds a unit at least 1, 2, 3 times), per unit."""
        dist: dict[object, list[float]] = {}
        for p, bag in zip(prob, units, strict=True):
            for unit, c in bag.items():
                d = dist.setdefault(unit, [1.0, 0.0, 0.0, 0.0])
                new = [0.0] * 4
                for k, q in enumerate(d):
                    new[k] += q * (1 - p)
                    new[min(3, k + c)] += q * p
                dist[unit] = new
        return {u: [1 - d[0], 1 - d[0] - d[1], d[3]] for u, d in dist.items()}

    def rank(a: Article) -> list[int]:
        n = len(a.texts)
        prob = [min(1.0, first / (i + 1) ** decay) for i in range(n)]
        unigrams = [Counter(t for t in toks if idf.get(t, ceiling) > min_idf) for toks in a.tokens]
        bigrams = [Counter(itertools.pairwise(toks)) for toks in a.tokens]
        tables = (at_least(unigrams, prob), at_least(bigrams, prob))
        have: tuple[Counter, Counter] = (Counter(), Counter())

        def gain(i: int) -> float:
            g = 0.0
            for bags, table, held in zip((unigrams, bigrams), tables, have, strict=True):
                for unit, c in bags[i].items():
                    g += sum(table[unit][k - 1] for k in range(held[unit] + 1, min(held[unit] + c, 3) + 1))
            return g / max(len(a.tokens[i]), 1)

        left = set(range(n))
        order: list[int] = []
        while left and len(order) < 15:
            best = max(left, key=lambda i: (gain(i), -i))
            order.append(best)
            left.remove(best)
            have[0].update(unigrams[best])
            have[1].update(bigrams[best])
        return order + sorted(left)

    return rank


def ours_grid() -> dict[str, Ranker]:
    """The default summarizer's two calibrated knobs (position weight, MMR lambda)."""
    grid = {}
    for weight in (0.5, 0.7, 0.85, 0.95, 1.0):
        for lam in (1.0, 0.8):
            params = replace(CentralityParams(), position_weight=weight, mmr_lambda=lam)
            grid[f"w={weight} mmr={lam}"] = by_summarizer(CentralitySummarizer(params))
    return grid


def systems() -> list[tuple[str, dict[str, Ranker]]]:
    """Every row of the table: label and grid (one point: scored as is; several: 5-fold CV)."""
    plain_centrality = CentralitySummarizer(CentralityParams(position_weight=0.0, mmr_lambda=1.0))
    paragraphs = {f"bonus={b}": paragraph_bonus(b) for b in (0, 0.1, 0.2, 0.3, 0.5, 0.8)}
    titles = {f"weight={w}": title_similarity(w) for w in (0, 0.25, 0.5, 1, 2)}
    lengths = {f"exponent={e}": length_prior(e) for e in (-0.3, -0.1, 0, 0.1, 0.3)}
    fits = {f"overflow={o}": budget_fit(o) for o in (0.3, 0.5, 0.7, 1.0, 99)}
    coverage = {f"p0={p} decay={d}": expected_coverage(p, d) for p in (0.5, 0.7) for d in (0.3, 0.6, 1.0)}
    return [
        ("ours (default)", {"": by_summarizer(CentralitySummarizer(name="default"))}),
        ("Lead", {"": by_summarizer(LeadSummarizer())}),
        ("LexRank (article IDF, threshold 0.1)", {"": by_summarizer(LexRankSummarizer())}),
        ("centrality only (corpus IDF, no prior)", {"": by_summarizer(plain_centrality)}),
        ("SumBasic", {"": sumbasic}),
        ("KL-Sum", {"": kl_sum}),
        ("rank fusion: Lead + centrality (RRF, k=60)", {"": rank_fusion}),
        ("paragraph first sentences first, then Lead", {"": paragraph_first}),
        ("Lead, near-repeats (cosine >= 0.5) last", {"": lead_without_repeats(0.5)}),
        ("ours: position weight x MMR lambda, 5-fold CV", ours_grid()),
        ("Lead + paragraph-start bonus, 5-fold CV", paragraphs),
        ("Lead + page-title similarity, 5-fold CV", titles),
        ("Lead x length prior, 5-fold CV", lengths),
        ("Lead, budget-aware fit, 5-fold CV", fits),
        ("expected coverage (lead prior), 5-fold CV", coverage),
    ]


# ------------------------------------------------------------------------------ scoring


class Scorer:
    """Per-article (R-1 + R-2) / 2 with ``rouge_eval``'s tokenizer and n-gram counts (no LCS: fast)."""

    def __init__(self, rouge: ModuleType, refs: dict[str, list[str]]) -> None:
        self.rouge = rouge
        self.refs = {aid: [rouge.tokenize(r) for r in texts] for aid, texts in refs.items()}

    def __call__(self, article_id: str, text: str) -> float:
        tokens = self.rouge.tokenize(text)
        refs = self.refs[article_id]
        total = sum(
            self.rouge.rouge_n(tokens, ref, 1)[2] + self.rouge.rouge_n(tokens, ref, 2)[2] for ref in refs
        )
        return 100 * total / (2 * len(refs))


def folds(articles: Sequence[Article], *, seed: int = 0) -> list[set[str]]:
    """The article ids in ``FOLDS`` random folds (the same split for every variant)."""
    ids = [a.id for a in articles]
    random.Random(seed).shuffle(ids)
    return [set(ids[k::FOLDS]) for k in range(FOLDS)]


def run_grid(
    grid: dict[str, Ranker], articles: Sequence[Article], scorer: Scorer, split: list[set[str]]
) -> tuple[dict[str, str], list[str], float]:
    """Summaries of every article (held-out ones when the grid has several points), the picks,
    and the seconds per article spent ranking."""
    started = time.perf_counter()
    texts = {
        point: {a.id: summary_text(a.texts, rank(a), a.budget) for a in articles}
        for point, rank in grid.items()
    }
    seconds = (time.perf_counter() - started) / (len(articles) * len(grid))
    if len(grid) == 1:
        return next(iter(texts.values())), [], seconds
    scores = {
        point: {aid: scorer(aid, text) for aid, text in by_id.items()} for point, by_id in texts.items()
    }
    held: dict[str, str] = {}
    picks = []
    for test in split:
        best = max(grid, key=lambda p: sum(s for aid, s in scores[p].items() if aid not in test))
        picks.append(best)
        held.update({aid: texts[best][aid] for aid in test})
    return held, picks, seconds


def paired_interval(
    per: dict[str, dict], base: dict[str, dict], *, resamples: int, seed: int = 0
) -> tuple[float, float, float]:
    """Mean ROUGE-1 difference from ``base`` over articles, with a 95% paired bootstrap interval."""
    diffs = [100 * (per[a]["rouge1"]["f"] - base[a]["rouge1"]["f"]) for a in sorted(per)]
    n = len(diffs)
    mean = sum(diffs) / n
    if not resamples:
        return mean, float("nan"), float("nan")
    rng = random.Random(seed)
    means = sorted(sum(rng.choice(diffs) for _ in range(n)) / n for _ in range(resamples))
    return mean, means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]


def position_profile_cv(
    articles: Sequence[Article], refs: dict[str, list[str]], rouge: ModuleType, split: list[set[str]]
) -> dict[str, float]:
    """Corpus ROUGE of a learned position profile (a diagnostic, not a shipped method).

    On the training folds, the share of references that contain the sentence at each
    position 0..11 is averaged; held-out articles are ranked by that profile alone. The
    references are used for training folds only, never for the article being scored.
    """
    cap = 12
    tokens = {a.id: [" ".join(rouge.tokenize(r)) for r in refs[a.id]] for a in articles}

    def chosen(aid: str, sentence: str) -> float:
        key = " ".join(rouge.tokenize(sentence)[:6])
        return sum(key in ref for ref in tokens[aid]) / len(tokens[aid])

    system: dict[str, str] = {}
    for test in split:
        rates: list[list[float]] = [[] for _ in range(cap)]
        for a in articles:
            if a.id not in test:
                for i, sentence in enumerate(a.texts[:cap]):
                    rates[i].append(chosen(a.id, sentence))
        profile = [sum(r) / len(r) if r else 0.0 for r in rates]
        for a in articles:
            if a.id in test:
                prior = [profile[i] if i < cap else profile[-1] * cap / (i + 1) for i in range(len(a.texts))]
                system[a.id] = summary_text(a.texts, _order(prior), a.budget)
    result, _ = rouge.evaluate(system, refs, "mean", 0)
    return result


def annotator_agreement(
    articles: Sequence[Article], refs: dict[str, list[str]], rouge: ModuleType
) -> dict[str, tuple[float, float]]:
    """How well the other annotators predict each annotator (a diagnostic; uses the references).

    For each article and each reference, the sentences are ranked by how many of the *other*
    references hold them (ties by position), summarised with the length rule and scored
    against that one reference; Lead is scored the same way. Means of R-1 and R-2 F1.
    """
    out: dict[str, list[tuple[float, float]]] = {"others' votes": [], "Lead": []}
    for a in articles:
        ref_tokens = [rouge.tokenize(r) for r in refs[a.id]]
        joined = [" ".join(tokens) for tokens in ref_tokens]
        keys = [" ".join(rouge.tokenize(sentence)[:6]) for sentence in a.texts]
        holds = [[key in ref for key in keys] for ref in joined]
        per: dict[str, list[tuple[float, float]]] = {name: [] for name in out}
        for j, tokens in enumerate(ref_tokens):
            votes = [sum(h[i] for k, h in enumerate(holds) if k != j) for i in range(len(keys))]
            orders = {"others' votes": _order(votes), "Lead": list(range(len(keys)))}
            for name, order in orders.items():
                system = rouge.tokenize(summary_text(a.texts, order, a.budget))
                per[name].append((rouge.rouge_n(system, tokens, 1)[2], rouge.rouge_n(system, tokens, 2)[2]))
        for name, scores in per.items():
            out[name].append(tuple(sum(s[m] for s in scores) / len(scores) for m in (0, 1)))
    return {
        name: (100 * sum(s[0] for s in scores) / len(scores), 100 * sum(s[1] for s in scores) / len(scores))
        for name, scores in out.items()
    }


def _cell(result: dict, metric: str, bootstrap: int) -> str:
    low, high = result[f"{metric}_ci95"] if bootstrap else (float("nan"), float("nan"))
    return f"{result[metric]:.2f} [{low:.2f}, {high:.2f}]"


def _diff(per: dict, base: dict, bootstrap: int) -> str:
    diff, low, high = paired_interval(per, base, resamples=bootstrap)
    return f"{diff:+.2f} [{low:+.2f}, {high:+.2f}]"


def layouts_table(data: Path, out: Path, rouge: ModuleType, refs: dict, bootstrap: int) -> list[Article]:
    """Print Lead and the default on every layout, side by side; return the original articles.

    ``default (CV)`` scores held-out summaries only: the default's two constants (position
    weight, MMR lambda) are chosen on four folds and write the fifth, so it estimates the
    default honestly (its shipped constants were chosen on this data).
    """
    headline = {
        "Lead": by_summarizer(LeadSummarizer()),
        "default": by_summarizer(CentralitySummarizer(name="default")),
    }
    scorer = Scorer(rouge, refs)
    results: dict[str, dict[str, tuple[dict, dict]]] = {}
    seconds: dict[str, float] = {}
    picks: dict[str, list[str]] = {}
    original: list[Article] = []
    for layout, width in LAYOUTS.items():
        slug = layout.replace(" ", "-")
        started = time.perf_counter()
        articles = load_articles(data, out / "inputs" / slug, width)
        seconds[layout] = (time.perf_counter() - started) / len(articles)
        if width is None:
            original = articles
        split = folds(articles)
        results[layout] = {}
        systems_here: dict[str, dict[str, str]] = {
            name: {a.id: summary_text(a.texts, ranker(a), a.budget) for a in articles}
            for name, ranker in headline.items()
        }
        systems_here["default (CV)"], picks[layout], _ = run_grid(ours_grid(), articles, scorer, split)
        for name, system in systems_here.items():
            folder = out / slug / name.replace(" ", "-").strip("()")
            folder.mkdir(parents=True, exist_ok=True)
            for aid, text in system.items():
                (folder / f"{aid}.txt").write_text(text, encoding="utf-8")
            results[layout][name] = rouge.evaluate(system, refs, "mean", bootstrap)
    print(f"EASC Wikipedia, n={len(original)}, read as .txt files through ingest -> clean -> segment;")
    print(f"length rule: mean reference words; inputs and summaries in {out}")
    print()
    print(
        "| layout | Lead R-1 | Lead R-2 | default R-1 | default R-2 | default minus Lead, R-1 "
        "| default (CV) minus Lead, R-1 | default minus its original R-1 | read s/article |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for layout, by_name in results.items():
        (lead, lead_per), (ours, ours_per) = by_name["Lead"], by_name["default"]
        held_per = by_name["default (CV)"][1]
        versus = (
            "0" if layout == "original" else _diff(ours_per, results["original"]["default"][1], bootstrap)
        )
        print(
            f"| {layout} | {_cell(lead, 'rouge1', bootstrap)} | {_cell(lead, 'rouge2', bootstrap)} "
            f"| {_cell(ours, 'rouge1', bootstrap)} | {_cell(ours, 'rouge2', bootstrap)} "
            f"| {_diff(ours_per, lead_per, bootstrap)} | {_diff(held_per, lead_per, bootstrap)} "
            f"| {versus} | {seconds[layout]:.4f} |"
        )
    print()
    default = CentralityParams()
    print(
        f"Shipped default: w={default.position_weight} mmr={default.mmr_lambda}; default (CV) picks per fold:"
    )
    for layout, chosen in picks.items():
        print(f"  {layout}: {', '.join(chosen)}")
    return original


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="the easc-wiki folder")
    parser.add_argument(
        "--out", type=Path, help="where to write inputs and summaries (default: a temp folder)"
    )
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the 95%% CI")
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also print the research table (variants tried, original layout)",
    )
    parser.add_argument("--no-cv", dest="cv", action="store_false", help="with --variants: skip the CV rows")
    args = parser.parse_args(argv)

    rouge = load_rouge(args.data)
    refs = rouge.load_refs(str(args.data))
    out = args.out or Path(tempfile.mkdtemp(prefix="easc-"))
    articles = layouts_table(args.data, out, rouge, refs, args.bootstrap)
    if not args.variants:
        return 0
    scorer = Scorer(rouge, refs)
    split = folds(articles)
    rows = []
    notes = []
    for label, grid in systems():
        if len(grid) > 1 and not args.cv:
            continue
        system, picks, seconds = run_grid(grid, articles, scorer, split)
        folder = out / "variants" / "".join(c if c.isalnum() else "-" for c in label).strip("-")[:60]
        folder.mkdir(parents=True, exist_ok=True)
        for aid, text in system.items():
            (folder / f"{aid}.txt").write_text(text, encoding="utf-8")
        result, per = rouge.evaluate(system, refs, "mean", args.bootstrap)
        rows.append((label, result, per, seconds))
        if picks:
            notes.append(f"  {label}: {len(grid)} points; chosen per fold: {', '.join(picks)}")

    lead = next(per for label, _, per, _ in rows if label == "Lead")
    print()
    print("Variants (original layout):")
    print()
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L | R-1 minus Lead | s/article |")
    print("|---|---|---|---|---|---|")
    for label, result, per, seconds in rows:
        cells = [_cell(result, metric, args.bootstrap) for metric in METRICS]
        cells.append(_diff(per, lead, args.bootstrap))
        print(f"| {label} | {' | '.join(cells)} | {seconds:.4f} |")

    if args.cv:
        print()
        print(f"{FOLDS}-fold CV (same folds for every variant; grid point chosen on mean (R-1 + R-2) / 2):")
        print("\n".join(notes))
        default = CentralityParams()
        print(f"  shipped default: w={default.position_weight} mmr={default.mmr_lambda}")
        profile = position_profile_cv(articles, refs, rouge, split)
        print()
        print(
            "Diagnostic, not shipped: learned per-position selection rate, 5-fold CV: "
            f"R-1 {profile['rouge1']:.2f}  R-2 {profile['rouge2']:.2f}  R-L {profile['rougeL']:.2f}"
        )
        print(
            "  (it learns the annotators' preference for odd-numbered sentences;"
            " see docs/notes/summaries-benchmark.md)"
        )
        agreement = annotator_agreement(articles, refs, rouge)
        votes, lead_alone = agreement["others' votes"], agreement["Lead"]
        print(
            "Diagnostic: each annotator predicted by the other four (their votes, ties by position): "
            f"R-1 {votes[0]:.2f}  R-2 {votes[1]:.2f}; Lead on the same scale: R-1 {lead_alone[0]:.2f}  "
            f"R-2 {lead_alone[1]:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
