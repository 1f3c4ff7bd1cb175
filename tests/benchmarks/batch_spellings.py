"""The cost of the batch's spelling pass: assembling a synthetic batch with and without it.

Run from the repository root::

    python tests/benchmarks/batch_spellings.py [--records 20000] [--rounds 2]

Writes ``--records`` synthetic article records into shards of 32 (as ``briefing batch``
would) in a temporary folder: 5 sentences each, Arabic built from news-style templates with
one of 40 Arabic names, its English with the name in one of the spellings a model gives it
(Mohammed/Muhammad/Mohamed...), chosen at random (seed 7), and a number that varies the
words. Then it times, alternately, ``ShardStore.assemble`` alone (the files as the shards hold
them, ``[glossary] spellings = false``) and :func:`briefing.batch.spellings.assemble` (the
tally pass, then the writing pass with the respelling), and prints them side by side with
their ratio, then the peak memory of the tally pass alone (tracemalloc). The records are
made up for the benchmark: nothing of ``inputs/`` or of a corpus.
Numbers and reading: ``docs/notes/glossary.md``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: make `briefing` importable from this checkout
    sys.path.insert(0, str(REPO))

from briefing.batch.spellings import assemble, tally_records  # noqa: E402
from briefing.batch.store import Plan, ShardStore, WorkItem, shard_line  # noqa: E402

# Arabic name -> the spellings a model gives it.
_NAMES = {
    "محمد": ("Mohammed", "Muhammad", "Mohamed"),
    "أحمد": ("Ahmed", "Ahmad"),
    "حسين": ("Hussein", "Husain"),
    "عمر": ("Omar", "Umar"),
    "خالد": ("Khaled", "Khalid"),
    "يوسف": ("Youssef", "Yusuf"),
    "مصطفى": ("Mustafa", "Moustafa"),
    "عبدالله": ("Abdullah", "Abdallah"),
    "سعيد": ("Saeed", "Said"),
    "حسن": ("Hassan", "Hasan"),
    "إبراهيم": ("Ibrahim", "Ebrahim"),
    "فيصل": ("Faisal", "Faysal"),
    "نبيل": ("Nabil", "Nabeel"),
    "وليد": ("Walid", "Waleed"),
    "جمال": ("Jamal", "Gamal"),
    "رشيد": ("Rashid", "Rachid"),
    "طارق": ("Tariq", "Tarek"),
    "سليمان": ("Suleiman", "Sulaiman"),
    "قاسم": ("Qasim", "Kassem"),
    "منصور": ("Mansour", "Mansur"),
    "هشام": ("Hisham", "Hesham"),
    "زياد": ("Ziad", "Ziyad"),
    "كريم": ("Karim", "Kareem"),
    "ماجد": ("Majid", "Majed"),
    "ناصر": ("Nasser", "Nasir"),
    "عادل": ("Adel", "Adil"),
    "سامي": ("Sami", "Samy"),
    "فؤاد": ("Fouad", "Fuad"),
    "رياض": ("Riyad", "Riad"),
    "عماد": ("Imad", "Emad"),
    "بسام": ("Bassam", "Basam"),
    "حمزة": ("Hamza", "Hamzah"),
    "غسان": ("Ghassan", "Ghasan"),
    "شريف": ("Sharif", "Cherif"),
    "صلاح": ("Salah", "Salaah"),
    "عثمان": ("Othman", "Uthman"),
    "مروان": ("Marwan", "Marwaan"),
    "نزار": ("Nizar", "Nezar"),
    "هاني": ("Hani", "Hany"),
    "أنور": ("Anwar", "Anouar"),
}
# (Arabic, English) with {name}, {en} and {n}: what five summary sentences of news look like.
_TEMPLATES = (
    (
        "وقال {name} إن المحادثات مع الوفد كانت بناءة في الجولة {n}",
        "{en} said the talks were constructive in round {n}",
    ),
    (
        "وأعلن {name} موعد القمة المقبلة في البيان رقم {n}",
        "{en} announced the date of the next summit in statement {n}",
    ),
    (
        "التقى {name} وزير الخارجية في العاصمة لبحث الأزمة {n}",
        "{en} met the foreign minister in the capital about crisis {n}",
    ),
    (
        "وأكدت الوزارة أن المرحلة الأولى ستبدأ في {n} محافظات",
        "The ministry said the first phase will start in {n} provinces",
    ),
    (
        "وأشار خبراء إلى أن الجفاف أضر بمحاصيل القمح خلال {n} أعوام",
        "Experts said drought had hurt wheat crops for {n} years",
    ),
    (
        "ومن المنتظر أن يناقش البرلمان تفاصيل التمويل الأسبوع {n}",
        "Parliament is expected to discuss the funding in week {n}",
    ),
)


def _record(rng: random.Random, number: int) -> dict:
    sentences = []
    for index in range(5):
        arabic, english = rng.choice(_TEMPLATES)
        name = rng.choice(list(_NAMES))
        n = rng.randrange(1000)
        sentences.append(
            {
                "index": index,
                "arabic": arabic.format(name=name, n=n) + ".",
                "english": english.format(en=rng.choice(_NAMES[name]), n=n) + ".",
                "confidence": -0.3,
                "flags": [],
                "terms": [],
            }
        )
    return {
        "source": f"in/{number:06d}.txt",
        "sha256": f"{number:064x}",
        "metadata": {"title": f"خبر {number}", "outlet": "", "author": "", "published": "", "url": ""},
        "title": f"خبر {number}",
        "title_en": f"News {number}",
        "sentences": sentences,
        "summarizer": "default",
        "model": "synthetic",
    }


def make_batch(folder: Path, records: int, shard_size: int = 32) -> Plan:
    """Shards of ``records`` synthetic article records in ``folder``; the plan that covers them."""
    rng = random.Random(7)
    store = ShardStore(folder)
    items = [
        WorkItem(key=f"{n:064x}:/in/{n:06d}.txt", source=f"in/{n:06d}.txt", sha256=f"{n:064x}")
        for n in range(records)
    ]
    for start in range(0, records, shard_size):
        chunk = items[start : start + shard_size]
        store.write_shard(
            [shard_line(item.key, "article", _record(rng, start + i)) for i, item in enumerate(chunk)]
        )
    return Plan(items=tuple(items))


def main(argv: list[str] | None = None) -> int:
    """Print the two timings per round, their medians and ratio, and the tally's peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-spellings-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        plan = make_batch(folder, args.records)
        shards = len(ShardStore(folder).shard_paths())
        print(f"{args.records} records in {shards} shards ({time.perf_counter() - started:.1f} s to make)")
        times: dict[str, list[float]] = {"without": [], "with": []}
        for round_ in range(args.rounds):
            for label, spellings in (("without", False), ("with", True)):
                started = time.perf_counter()
                done = assemble(ShardStore(folder), plan, format="jsonl", spellings=spellings, glossary=None)
                times[label].append(time.perf_counter() - started)
            without, with_ = times["without"][-1], times["with"][-1]
            print(f"round {round_ + 1}: without {without:.2f} s, with {with_:.2f} s ({done.names} names)")
        without, with_ = statistics.median(times["without"]), statistics.median(times["with"])
        appendix = json.loads((folder / "spellings.json").read_text(encoding="utf-8"))
        replaced = sum(
            1 for line in (folder / "articles.jsonl").open(encoding="utf-8") if '"replaced"' in line
        )
        tracemalloc.start()
        tally = tally_records(ShardStore(folder).articles(plan))
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(f"names written one way: {len(appendix['names'])}; articles with a name re-spelled: {replaced}")
    print(f"tally: {len(tally)} skeletons, peak {peak:.1f} MiB while reading every record")
    ratio = with_ / without
    print(f"SPELLINGS records={args.records} without={without:.2f}s with={with_:.2f}s ratio={ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
