"""Build ``briefing/data/ar_idf.tsv.gz``, the Arabic IDF table of the default summarizer.

Source: the Arabic word list of the ``wordfreq`` package (``pip install wordfreq``; data
CC BY-SA 4.0, drawn from Wikipedia, news, subtitles, web and social text). Each word is
normalised with :func:`briefing.text.arabic.normalize_arabic`; frequencies of words that
normalise alike are added; the table keeps ``word<TAB>-ln(frequency)`` for every word more
frequent than ``--min-frequency``. Rarer words get the table's largest value at run time.

The table is a property of general Arabic, not of any benchmark: no EASC text is read here.

    python tests/benchmarks/build_idf.py [--min-frequency 1e-6] [--out briefing/data/ar_idf.tsv.gz]
"""

from __future__ import annotations

import argparse
import gzip
import math
from collections import Counter
from pathlib import Path

from briefing.fsutil import write_bytes_atomic
from briefing.text.arabic import tokenize

ROOT = Path(__file__).resolve().parents[2]


def build(min_frequency: float) -> dict[str, float]:
    """Normalised word -> -ln(frequency), for words above ``min_frequency``."""
    from wordfreq import get_frequency_dict  # a build-time dependency only

    freq: Counter[str] = Counter()
    for word, value in get_frequency_dict("ar", wordlist="best").items():
        tokens = tokenize(word)
        if len(tokens) == 1:
            freq[tokens[0]] += value
    return {word: -math.log(value) for word, value in freq.items() if value >= min_frequency}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--min-frequency", type=float, default=1e-6)
    parser.add_argument("--out", type=Path, default=ROOT / "briefing" / "data" / "ar_idf.tsv.gz")
    args = parser.parse_args()
    table = build(args.min_frequency)
    lines = "".join(f"{word}\t{value:.2f}\n" for word, value in sorted(table.items(), key=lambda kv: kv[1]))
    # mtime=0 keeps the file byte-identical across rebuilds.
    write_bytes_atomic(args.out, gzip.compress(lines.encode("utf-8"), mtime=0), overwrite=True)
    print(f"{len(table)} words -> {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
