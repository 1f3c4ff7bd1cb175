"""Derive and measure the glued-headline rule of ``clean`` (``briefing/clean/layout.py``).

Scraped plain text often has the headline glued to the lead on the first line. The ANT corpus
(antcorpus/antcorpus.multisource.data: TREC-like files of Al Arabiya, BBC, CNN, France 24 and
Sky News Arabic articles with separate <TITLE> and <TEXT>) gives both the headline and the
untouched text, so:

* ``--derive`` lists the lead openers (LEAD_OPENERS) from the *train* files (every 8th file
  from the 4th): the folded first words of leads that open a lead at least ``--min-count``
  times and make at least ``--min-share`` of their uses in first lines;
* the measurement runs on the *test* files (every 8th from the 8th): recall (the headline
  glued to the lead with one space is found exactly), wrong cuts, and false positives (the
  untouched first line is cut anyway).

    python tests/benchmarks/glued_titles.py --ant <ANT git directory> [--derive]
"""

from __future__ import annotations

import argparse
import re
import subprocess
from collections import Counter

from briefing.clean.characters import clean_text, fold
from briefing.clean.layout import LEAD_OPENERS, glued_title

_DOC = re.compile(r"<TITLE>(.*?)</TITLE>.*?<TEXT>\n?(.*?)</TEXT>", re.DOTALL)


def load(git_dir: str, offset: int) -> list[tuple[str, str]]:
    """``(title, first line of the text)`` of every 8th file from ``offset`` (1-based)."""
    names = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "--name-only", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    names = [name for name in names if name.endswith(".txt")]
    chosen = [name for index, name in enumerate(names, start=1) if index % 8 == offset % 8]
    batch = subprocess.run(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
        input="".join(f"HEAD:{name}\n" for name in chosen),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    docs = []
    for title, text in _DOC.findall(batch):
        first = clean_text(text.strip().split("\n", 1)[0])
        if first:
            docs.append((clean_text(title.strip()), first))
    return docs


def derive(docs: list[tuple[str, str]], min_count: int, min_share: float) -> list[str]:
    """The lead openers of ``docs`` (see the module docstring)."""
    first: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for _, line in docs:
        words = [fold(word).strip("\"'«»“”()[]") for word in line.split()]
        first[words[0]] += 1
        inside.update(words[1:30])
    return sorted(
        word
        for word, count in first.items()
        if count >= min_count
        and count / (count + inside[word]) >= min_share
        and not word.startswith(("و", "ف"))  # `وقال`: a conjunction continues a sentence
        and not word.endswith(("،", ","))  # `دبي،`: datelines are matched as a whole
    )


def measure(docs: list[tuple[str, str]]) -> dict[str, float]:
    """Recall, wrong cuts and false positives of :func:`glued_title` on ``docs``."""
    found = wrong = false = 0
    for title, line in docs:
        start = glued_title(f"{title} {line}")
        if start == len(title) + 1:
            found += 1
        elif start is not None:
            wrong += 1
        false += glued_title(line) is not None
    total = len(docs)
    return {
        "articles": total,
        "recall": found / total,
        "wrong": wrong / total,
        "false": false / total,
        "false_count": false,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ant", required=True, help="the ANT corpus git directory")
    parser.add_argument("--derive", action="store_true", help="list the openers of the train files")
    parser.add_argument("--min-count", type=int, default=4)
    parser.add_argument("--min-share", type=float, default=0.6)
    args = parser.parse_args()
    if args.derive:
        openers = derive(load(args.ant, 4), args.min_count, args.min_share)
        print(f"{len(openers)} openers; same as LEAD_OPENERS: {set(openers) == LEAD_OPENERS}")
        print(" ".join(openers))
    result = measure(load(args.ant, 8))
    print(
        f"{result['articles']} test articles: headline found {result['recall']:.1%}, "
        f"cut at a wrong word {result['wrong']:.1%}, untouched first line cut "
        f"{result['false']:.2%} ({result['false_count']})"
    )


if __name__ == "__main__":
    main()
