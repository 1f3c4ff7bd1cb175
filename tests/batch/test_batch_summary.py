"""The closing line of ``briefing batch``: the rate counts articles, every count is explained (issue 24)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.batch import BatchSummary
from briefing.cli.batch import summary_line
from tests.batch.test_batch import batch, run_cli, write_articles


def test_the_rate_counts_only_the_articles_this_run_wrote(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "in" / "empty.txt").write_text("   \n", encoding="utf-8")

    summary = batch([tmp_path / "in"], tmp_path / "out")

    assert (summary.inputs, summary.articles, summary.skipped) == (5, 3, 2)
    assert (summary.processed, summary.made, summary.unread, summary.resumed) == (4, 3, 1, 0)
    assert summary.per_minute == pytest.approx(60.0 * 3 / summary.seconds)
    assert summary.to_dict()["made"] == 3 and summary.to_dict()["unread"] == 1


def test_the_line_explains_every_count() -> None:
    summary = BatchSummary(
        engine="local",
        workers=1,
        inputs=14,
        articles=5,
        skipped=9,
        resumed=0,
        processed=8,
        seconds=2.0,
        outputs=("out/articles.jsonl", "out/skipped.jsonl"),
        made=5,
        unread=6,
    )
    assert summary_line(summary) == (
        "briefing batch: 14 inputs: 5 articles, 9 skipped; this run read 8 of them in 2.0 s: 5 article(s) "
        "(150.0 articles/min), 3 skipped; 6 skipped before reading (not article files, or unreadable); "
        "local engine, 1 worker(s); wrote out/articles.jsonl, out/skipped.jsonl"
    )


def test_a_resumed_run_says_what_earlier_runs_did(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert run_cli(["batch", *map(str, paths), "-o", str(out), "-q"]).returncode == 0
    again = run_cli(["batch", *map(str, paths), "-o", str(out), "-q"])
    assert again.returncode == 0, again.stderr
    last = again.stderr.strip().splitlines()[-1]
    start = "briefing batch: 2 inputs: 2 articles, 0 skipped; this run had nothing left to read ("
    assert last.startswith(start)
    assert "; 2 done by an earlier run; local engine, 1 worker(s); wrote " in last
