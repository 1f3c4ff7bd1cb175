"""Compose speed, side by side: every output format, and python-docx's own style setter vs ours.

Run from the repository root::

    python tests/benchmarks/compose.py              # 100 articles of 9-12 sentences
    python tests/benchmarks/compose.py --articles 20

Builds a large briefing by repeating the hand-built sample (``tests/compose_sample.py``), renders
it in memory in each format (best of ``--repeat`` runs) and prints seconds, size and the ratio to
the fastest format. The last line times the DOCX again with ``paragraph.style = name`` (what
python-docx documents), which scans every style of the template on each assignment, against
the style-id assignment ``briefing.compose.docx`` uses.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from briefing.compose import docx as compose_docx
from briefing.compose import render
from tests.compose_sample import sample_result


def _big(articles: int):
    sample = sample_result()
    items = []
    while len(items) < articles:
        for article in sample.articles:
            if len(items) == articles:
                break
            items.append(dataclasses.replace(article, id=len(items) + 1, sentences=article.sentences * 3))
    return dataclasses.replace(sample, articles=tuple(items))


def _best(fn, repeat: int) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        data = fn()
        best = min(best, time.perf_counter() - start)
        size = len(data)
    return best, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    result = _big(args.articles)
    rows = sum(len(a.sentences) for a in result.articles)
    print(f"{len(result.articles)} articles, {rows} sentence rows, overview on; best of {args.repeat}")
    timings = {
        fmt: _best(lambda fmt=fmt: render(result, fmt), args.repeat) for fmt in ("docx", "md", "html", "json")
    }
    fastest = min(t for t, _ in timings.values())
    print(f"{'format':<8}{'seconds':>10}{'KiB':>10}{'x fastest':>12}")
    for fmt, (seconds, size) in timings.items():
        print(f"{fmt:<8}{seconds:>10.3f}{size / 1024:>10.0f}{seconds / fastest:>12.1f}")

    def slow_set_style(self, paragraph, style):  # python-docx's documented way
        paragraph.style = self.doc.styles[style]

    original = compose_docx._Context.set_style
    compose_docx._Context.set_style = slow_set_style
    try:
        slow, _ = _best(lambda: render(result, "docx"), 1)
    finally:
        compose_docx._Context.set_style = original
    fast = timings["docx"][0]
    print(f"docx with paragraph.style = name: {slow:.2f} s vs by style id: {fast:.2f} s ({slow / fast:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
