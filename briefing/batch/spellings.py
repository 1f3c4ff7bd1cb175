"""One spelling per name across a batch: a pass over the shards before assembly, and its appendix.

Each article of a batch is translated on its own, so one name can come out "Muhammad" in one
record and "Mohammed" in another. Assembly therefore reads the shards twice
(:func:`assemble`): the first pass feeds every sentence to a
:class:`~briefing.translation.spelling.SpellingTally` (the evidence ``build`` uses for one
briefing: what it holds grows with the distinct names, not with the articles), whose plan
the second pass applies while it writes ``articles.jsonl``. Each record gains ``spellings``:
the names re-spelled in it. ``spellings.json`` lists every name written one way across the
batch. The shards are never changed, and the plan depends only on their content, not on the
order they were written in: assembling again (a resume, another engine) gives the same files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.batch.store import Plan, ShardStore
from briefing.fsutil import write_text_atomic
from briefing.glossary import Glossary
from briefing.translation.spelling import (
    Respelling,
    SpellingLog,
    SpellingPlan,
    SpellingTally,
    glossary_renderings,
)

APPENDIX_FILE = "spellings.json"
APPENDIX_VERSION = "1.0"
"""``MAJOR.MINOR`` of ``spellings.json``, kept as the briefing JSON's is (a minor version only adds keys)."""


def tally_records(records: Iterable[Mapping[str, Any]]) -> SpellingTally:
    """The spelling evidence of article records (``sentences``, each with ``arabic`` and ``english``)."""
    tally = SpellingTally()
    for record in records:
        tally.add_all((s["arabic"], s["english"]) for s in record.get("sentences") or ())
    return tally


class RecordSpeller:
    """Re-spells article records by ``plan`` and notes what it did; call it on each record in turn.

    Args:
        plan: The names to write one way (:meth:`SpellingTally.plan`).
    """

    def __init__(self, plan: SpellingPlan) -> None:
        self.plan = plan
        self.log = SpellingLog()
        self.articles = 0

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """``record`` with its sentences re-spelled and ``spellings``: the names re-spelled in it."""
        self.articles += 1
        replaced: dict[Respelling, tuple[str, set[str]]] = {}  # -> (the Arabic as written, variants)
        sentences = []
        for sentence in record.get("sentences") or ():
            english, hits = self.plan.respell(sentence["english"])
            written = self.log.note(self.articles, sentence["arabic"], hits)
            for (respelling, variants), arabic in zip(hits, written, strict=True):
                if variants:
                    replaced.setdefault(respelling, (arabic, set()))[1].update(variants)
            sentences.append(sentence if english == sentence["english"] else {**sentence, "english": english})
        spellings = [
            {"arabic": arabic, "english": respelling.english, "replaced": sorted(variants)}
            for respelling, (arabic, variants) in replaced.items()
        ]
        return {**record, "sentences": sentences, "spellings": spellings}

    def appendix(self, glossary: Glossary | None) -> dict[str, Any]:
        """The contents of ``spellings.json``: every name written one way, most articles first."""
        records = sorted(self.log.records(), key=lambda pair: (-pair[1], pair[0].english))
        return {
            "schema_version": APPENDIX_VERSION,
            "articles": self.articles,
            "glossary": None if glossary is None else {"name": glossary.name, "digest": glossary.digest},
            "names": [
                {
                    "arabic": spelling.arabic,
                    "english": spelling.english,
                    "variants": list(spelling.variants),
                    "basis": spelling.basis,
                    "sentences": spelling.sentences,
                    "articles": articles,
                }
                for spelling, articles in records
            ],
        }


@dataclass(frozen=True, slots=True)
class Assembled:
    """What assembly wrote.

    Attributes:
        articles: Records in the articles file.
        skipped: Records in the skipped file.
        paths: The files written (articles, skipped, and ``spellings.json`` when made).
        names: Names written one way across the batch (0 when the spelling pass is off).
    """

    articles: int
    skipped: int
    paths: tuple[Path, ...]
    names: int = 0


def assemble(
    store: ShardStore, plan: Plan, *, format: str, spellings: bool, glossary: Glossary | None
) -> Assembled:
    """Write the final files from the shards, with one spelling per name when ``spellings``.

    Args:
        store: The batch's output folder.
        plan: The inputs of the run.
        format: ``jsonl`` or ``parquet``.
        spellings: Take the spelling pass (``[glossary] spellings``); without it the records are
            written as the shards hold them and no ``spellings.json`` is left in the folder.
        glossary: The glossary the batch applies: its renderings win.
    """
    appendix = store.outdir / APPENDIX_FILE
    if not spellings:
        appendix.unlink(missing_ok=True)  # an earlier assembly's: these files no longer match it
        articles, skipped, paths = store.assemble(plan, format=format)
        return Assembled(articles, skipped, tuple(paths))
    speller = RecordSpeller(tally_records(store.articles(plan)).plan(glossary_renderings(glossary)))
    articles, skipped, paths = store.assemble(plan, format=format, rewrite=speller)
    content = speller.appendix(glossary)
    write_text_atomic(appendix, json.dumps(content, ensure_ascii=False, indent=2) + "\n", overwrite=True)
    return Assembled(articles, skipped, (*paths, appendix), len(content["names"]))
