"""Points and differences of the overview on real sentence pairs, in one table.

    python tests/benchmarks/overview_points.py ANS [--ant ANT_LABELS] [--ant-sentences]
    python tests/benchmarks/overview_points.py --ant-sentences

``ANS`` is a copy of the Arabic News Stance corpus (GitHub ``latynt/ans``) holding
``data/stance/dev.csv``. Only the dev split is read (the stance model is trained on train;
the test split is reserved). ``--ant`` is a tab-separated file of hand-labelled ANT article
pairs (label ``S`` same event, ``R`` related story, ``N`` different; the titles in columns
6 and 7 as ``outlet date: title || lead``), as made for issue 21.

Each pair is given to the overview as one event of two one-sentence articles, the way the
overview applies its rules within an event: the articles are prepared, vectorized, their
differences found and their key points built (:mod:`briefing.overview.build` without the
grouping and copy steps, which other benchmarks measure). Rows:

* stance on ANS dev: precision and recall of *agree* and *contradict* (ANS "disagree") from
  :func:`briefing.overview.stance.decide` on each pair;
* paraphrases merged: ANS dev *agree* pairs shown as one key point backed by both sources;
* contradictions merged: ANS dev *disagree* pairs shown as one key point (the error that
  matters most);
* number disputes flagged: pairs whose numbers really differ about the same slot, shown as
  a difference: ANS dev *disagree* pairs whose two sides state different numbers, and ANS
  dev *agree* pairs whose sides share a number (in digits), the second side's first shared
  number changed (+1; a year 1900-2100 moved back three years);
* false differences on paraphrases: ANS dev *agree* pairs shown with any difference;
* ANT same-event titles merged / different-story titles merged (with ``--ant``).

``--ant-sentences`` runs the hand-labelled *real* sentence pairs of
``data/ant_sentence_pairs.tsv`` (:mod:`ant_sentences`: two outlets' sentences of one event,
found as the overview finds candidates, labelled P same fact, C contradicting, D different
facts) through the overview the same way, and prints, for headline-length and long pairs
(more content words than ``StanceModel.max_words``) of the calibration and held-out halves:
P, C and D merged, C shown as a difference, and P shown with a difference. The rows "random
sample" count only the pairs drawn at random from all candidates (the others were added
because a stance cue fires on them, to find contradictions).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing.overview import OverviewInput
from briefing.overview.articles import prepare
from briefing.overview.differences import differences
from briefing.overview.matching import vectorize
from briefing.overview.points import key_points
from briefing.overview.settings import OverviewSettings
from briefing.overview.stance import analyse, decide, default_model
from briefing.types import (
    Block,
    CleanArticle,
    Difference,
    ScoredSentence,
    Sentence,
    Sentences,
    SourceRef,
    Summary,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))  # ant_sentences, beside this file
from ant_sentences import LABELS as SENTENCE_LABELS
from ant_sentences import SentencePair, load_pairs

_DIGITS = re.compile(r"(?<![\d.,])\d+(?![\d.,])")


def _article(number: int, text: str) -> OverviewInput:
    """A one-sentence article whose summary is that sentence."""
    article = CleanArticle(SourceRef(f"pair-{number}.txt", "txt"), None, (Block(text, "paragraph"),))
    sentence = Sentence(0, text, 0, "paragraph")
    summary = Summary(article, (ScoredSentence(0, text, 1.0),), 1, "lead")
    return OverviewInput(number, Sentences(article, (sentence,)), summary)


def through_overview(a: str, b: str, settings: OverviewSettings) -> tuple[bool, list[Difference]]:
    """Whether the two sentences become one point backed by both, and the differences shown."""
    docs, analyzer = prepare([_article(1, a), _article(2, b)])
    idf, topic = vectorize(docs, settings)
    found = differences(docs, analyzer, idf, topic, settings)
    disputed = {
        (d.id, s.index)
        for d in docs
        for s in d.sents
        for f in found
        for v in f.versions
        if v.arabic == s.text
    }
    points = key_points(docs, topic, disputed, settings)
    return any(len(p.sources) == 2 for p in points), found


def load_ans(root: Path) -> list[tuple[str, str, str]]:
    with open(root / "data" / "stance" / "dev.csv", encoding="utf-8", newline="") as handle:
        return [(r["s1"], r["s2"], r["stance"]) for r in csv.DictReader(handle)]


def load_ant(path: Path) -> list[tuple[str, str, str]]:
    """(label, title, title) of the hand-labelled ANT pairs."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 7:
            titles = [c.split(": ", 1)[-1].split(" || ")[0].strip() for c in cells[5:7]]
            rows.append((cells[0], titles[0], titles[1]))
    return rows


def _changed_number(a: str, b: str) -> str | None:
    """``b`` with the first number it shares with ``a`` changed (a year moved back 3 years)."""
    shared = [m for m in _DIGITS.finditer(b) if m.group(0) in _DIGITS.findall(a)]
    if not shared:
        return None
    value = int(shared[0].group(0))
    new = value - 3 if 1900 <= value <= 2100 else value + 1
    return b[: shared[0].start()] + str(new) + b[shared[0].end() :]


def number_pairs(rows: Sequence[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Pairs whose numbers differ about the same slot (see the module docstring)."""
    pairs = []
    for a, b, label in rows:
        if label == "disagree":
            sa, sb = analyse(a), analyse(b)
            values_a, values_b = {v for v, _ in sa.numbers}, {v for v, _ in sb.numbers}
            if values_a and values_b and values_a != values_b:
                pairs.append((a, b))
        elif label == "agree":
            changed = _changed_number(a, b)
            if changed is not None:
                pairs.append((a, changed))
    return pairs


def _share(hits: int, n: int) -> str:
    return f"{hits / n:.1%} ({hits}/{n})" if n else "-"


def stance_rows(rows: Sequence[tuple[str, str, str]]) -> list[tuple[str, str]]:
    gold_of = {"agree": "agree", "disagree": "contradict", "other": "unrelated"}
    pairs = [(gold_of[s], decide(a, b).label) for a, b, s in rows]
    out = []
    for label in ("agree", "contradict"):
        said = [g for g, p in pairs if p == label]
        gold = sum(g == label for g, _ in pairs)
        hits = sum(g == label for g in said)
        out.append((f"ANS dev {label} precision", _share(hits, len(said))))
        out.append((f"ANS dev {label} recall", _share(hits, gold)))
    return out


def overview_rows(rows: Sequence[tuple[str, str, str]], settings: OverviewSettings) -> list[tuple[str, str]]:
    merged = {"agree": 0, "disagree": 0, "other": 0}
    counts = {"agree": 0, "disagree": 0, "other": 0}
    false_differences = 0
    for a, b, label in rows:
        joined, found = through_overview(a, b, settings)
        counts[label] += 1
        merged[label] += joined
        false_differences += label == "agree" and bool(found)
    numbers = number_pairs(rows)
    flagged = sum(_numeric(through_overview(a, b, settings)[1]) for a, b in numbers)
    return [
        ("paraphrases merged (ANS dev agree)", _share(merged["agree"], counts["agree"])),
        ("contradictions merged (ANS dev disagree)", _share(merged["disagree"], counts["disagree"])),
        ("unrelated merged (ANS dev other)", _share(merged["other"], counts["other"])),
        ("number disputes flagged", _share(flagged, len(numbers))),
        ("false differences on paraphrases", _share(false_differences, counts["agree"])),
    ]


def ant_rows(rows: Sequence[tuple[str, str, str]], settings: OverviewSettings) -> list[tuple[str, str]]:
    out = []
    for label, name in (("S", "same event"), ("R", "related story"), ("N", "different story")):
        chosen = [(a, b) for lab, a, b in rows if lab == label]
        hits = sum(through_overview(a, b, settings)[0] for a, b in chosen)
        out.append((f"ANT {name} titles merged", _share(hits, len(chosen))))
    return out


def _long(a: str, b: str) -> bool:
    """True when a side has more content words than the model's headlines (the long path)."""
    return max(len(analyse(a).content), len(analyse(b).content)) > default_model().max_words


def _numbers_differ(a: str, b: str) -> bool:
    """Both sides state numbers, not the same ones (as :func:`number_pairs` reads ANS)."""
    values_a, values_b = {v for v, _ in analyse(a).numbers}, {v for v, _ in analyse(b).numbers}
    return bool(values_a and values_b) and values_a != values_b


def _numeric(found: Sequence[Difference]) -> bool:
    """True when a number, date or duration is among the differences shown."""
    return any(d.kind in ("number", "date", "duration") for d in found)


def _sentence_cells(pairs: Sequence[SentencePair], settings: OverviewSettings) -> list[str]:
    """One column of the real-pairs table: the measures on ``pairs``."""
    outcome = [(p, *through_overview(p.a, p.b, settings)) for p in pairs]

    def share(label: str, test: Callable[[bool, list[Difference]], bool], sample: str = "") -> str:
        chosen = [(j, f) for p, j, f in outcome if p.label == label and (not sample or p.sample == sample)]
        return _share(sum(test(j, f) for j, f in chosen), len(chosen))

    return [
        share("P", lambda j, f: j),
        share("P", lambda j, f: j, "u"),
        share("C", lambda j, f: j),
        share("D", lambda j, f: j),
        share("D", lambda j, f: j, "u"),
        share("C", lambda j, f: bool(f)),
        _share(
            sum(_numeric(f) for p, _, f in outcome if p.label == "C" and _numbers_differ(p.a, p.b)),
            sum(p.label == "C" and _numbers_differ(p.a, p.b) for p in pairs),
        ),
        share("P", lambda j, f: bool(f)),
    ]


SENTENCE_MEASURES = (
    "P merged (paraphrases)",
    "P merged, random sample",
    "C merged (contradictions)",
    "D merged (different facts)",
    "D merged, random sample",
    "C shown as a difference",
    "number disputes flagged (C, numbers differ)",
    "P shown with a difference",
)


def sentence_table(pairs: Sequence[SentencePair], settings: OverviewSettings) -> list[list[str]]:
    """Rows of measures by column: each half's long pairs, all long, all short, all."""
    columns = {
        "cal long": [p for p in pairs if p.half == "cal" and _long(p.a, p.b)],
        "held long": [p for p in pairs if p.half == "held" and _long(p.a, p.b)],
        "all long": [p for p in pairs if _long(p.a, p.b)],
        "all short": [p for p in pairs if not _long(p.a, p.b)],
        "all": list(pairs),
    }
    cells = {name: _sentence_cells(chosen, settings) for name, chosen in columns.items()}
    header = ["real sentence pairs (ANT)", *columns]
    return [header] + [[m, *(cells[c][i] for c in columns)] for i, m in enumerate(SENTENCE_MEASURES)]


def _print_table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def _warm(texts: Sequence[str]) -> None:
    """Encode every sentence in one batch (the encoder caches them; one at a time is slow)."""
    try:
        from briefing.text.vectors import encode
    except ImportError:  # a checkout from before the sentence encoder
        return
    encode(list(dict.fromkeys(texts)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ans", type=Path, nargs="?", help="ANS copy with data/stance/dev.csv")
    parser.add_argument("--ant", type=Path, help="hand-labelled ANT pairs (tsv)")
    parser.add_argument(
        "--ant-sentences",
        nargs="?",
        const=SENTENCE_LABELS,
        type=Path,
        help="hand-labelled real sentence pairs (default: data/ant_sentence_pairs.tsv)",
    )
    args = parser.parse_args()
    settings = OverviewSettings()
    if args.ans is not None:
        rows = load_ans(args.ans)
        _warm([t for a, b, _ in rows for t in (a, b)])
        table = stance_rows(rows) + overview_rows(rows, settings)
        if args.ant is not None:
            table += ant_rows(load_ant(args.ant), settings)
        _print_table([("measure", "value"), *table])
    if args.ant_sentences is not None:
        pairs = load_pairs(args.ant_sentences)
        _warm([t for p in pairs for t in (p.a, p.b)])
        if args.ans is not None:
            print()
        _print_table(sentence_table(pairs, settings))


if __name__ == "__main__":
    main()
