"""``briefing batch --engine ray``: a local Ray runtime, killed midway, poisoned inputs.

Each run is a subprocess with its own Ray runtime (started by the run, as a user's would be),
so killing it takes the runtime down too. Deselect with ``-m "not ray"``; CI runs them.
"""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest

from briefing.batch import ray_engine
from briefing.batch.ray_engine import check_address, plan_workers
from briefing.batch.store import ShardStore
from briefing.errors import BriefingError, ConfigError
from tests.batch.test_batch import (
    batch,
    by_source,
    check_complete,
    kill_when_shards,
    read_jsonl,
    run_cli,
    start_run,
    write_articles,
)
from tests.batch_fakes import KILL_READ_MARK, KILL_TRANSLATE_MARK, RAISE_MARK
from tests.markers import has_module

pytestmark = [
    pytest.mark.ray,
    pytest.mark.skipif(not has_module("ray"), reason='needs ray: pip install "briefing[ray]"'),
]


def test_ray_run_killed_midway_resumes_and_skips_poisoned_inputs(tmp_path: Path) -> None:
    marks = {2: RAISE_MARK, 5: KILL_READ_MARK, 8: KILL_TRANSLATE_MARK}
    paths = write_articles(tmp_path / "in", 10, marks=marks)
    clean = [p for i, p in enumerate(paths) if i not in marks]
    batch(clean, tmp_path / "ref")
    out = tmp_path / "out"

    process = start_run("ray", out, paths, shard_size=1, delay=0.4)
    # Generous: on a loaded 2-core machine starting Ray alone takes 15-60 s.
    kill_when_shards(process, out, shards=2, timeout=300)
    assert not (out / "articles.jsonl").exists()
    done_before = ShardStore(out).done_keys()

    process = start_run("ray", out, paths, shard_size=1)
    stdout, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    assert int(stdout.strip().splitlines()[-1]) == len(paths) - len(done_before)
    check_complete(
        out,
        tmp_path / "ref",
        {
            str(paths[2]): "failed while summarizing (RuntimeError: summarizer bug",
            str(paths[5]): "the process reading it ended",  # in the input worker: skipped at once
            str(paths[8]): "a worker process died on this input every time it was tried",
        },
    )


@pytest.mark.parametrize(
    ("cpus", "nodes", "workers", "threads", "expected"),
    [
        (2, 1, None, None, (1, 2, 1.0)),  # this machine: one actor, one CPU left for reading
        (16, 1, None, None, (7, 2, 2.0)),
        (64, 4, None, None, (30, 2, 2.0)),  # one reading CPU per node
        (2, 1, 2, 1, (2, 1, 0.5)),  # more than fits: equal shares of the spare CPU
    ],
)
def test_plan_workers_leaves_a_cpu_per_node_for_reading(cpus, nodes, workers, threads, expected) -> None:
    assert plan_workers(cpus, nodes=nodes, workers=workers, threads=threads, gpu=False) == expected


def test_plan_workers_gpu() -> None:
    assert plan_workers(32, gpus=4, workers=None, threads=None, gpu=True) == (4, 1, 1.0)
    with pytest.raises(ConfigError, match="needs GPUs in the Ray cluster"):
        plan_workers(32, gpus=0, workers=None, threads=None, gpu=True)


def check_first_ray_run(first: subprocess.CompletedProcess, out: Path) -> None:
    """The first ray run of 7 inputs (5 articles, 2 skipped): its JSON summary and its last lines."""
    assert first.returncode == 0, first.stderr[-3000:]
    summary = json.loads(first.stdout)
    outputs = [str(out / name) for name in ("articles.jsonl", "skipped.jsonl", "spellings.json")]
    assert {k: v for k, v in summary.items() if k not in ("seconds", "per_minute")} == {
        "engine": "ray",
        "workers": 1,
        "inputs": 7,
        "articles": 5,
        "skipped": 2,
        "resumed": 0,
        "processed": 6,
        "made": 5,
        "unread": 1,
        "spellings": 0,
        "outputs": outputs,
    }
    assert summary["seconds"] > 0 and summary["per_minute"] > 0
    assert "Traceback" not in first.stderr
    assert "briefing batch: 7/7 inputs (100%), 2 skipped, " in first.stderr  # the last progress line
    assert "briefing batch: 7 inputs: 5 articles, 2 skipped; this run read 6 of them in " in first.stderr
    assert (
        ": 5 article(s) (" in first.stderr
        and " articles/min), 1 skipped; 1 skipped before reading " in first.stderr
    )
    assert f"; ray engine, 1 worker(s); wrote {', '.join(outputs)}\n" in first.stderr


def test_cli_ray_engine_writes_what_the_local_engine_writes_and_resumes_to_nothing(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 6, marks={2: RAISE_MARK})
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4")  # skipped on sight, never reaches Ray
    options = ["--sentences", "10", "--shard-size", "2", "--json"]
    local = run_cli(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "ref"), *options])
    assert local.returncode == 0, local.stderr
    out = tmp_path / "out"
    ray_command = [
        "batch",
        str(tmp_path / "in"),
        "-o",
        str(out),
        "--engine",
        "ray",
        "--workers",
        "1",
        *options,
    ]

    first = run_cli(ray_command, timeout=180)

    check_first_ray_run(first, out)
    # Record by record what the local engine wrote (shard order may differ: compare by source).
    articles = read_jsonl(out / "articles.jsonl")
    assert by_source(articles) == by_source(read_jsonl(tmp_path / "ref" / "articles.jsonl"))
    assert len(articles) == 5
    skipped = by_source(read_jsonl(out / "skipped.jsonl"))
    assert skipped == by_source(read_jsonl(tmp_path / "ref" / "skipped.jsonl"))
    assert set(skipped) == {str(paths[2]), str(tmp_path / "in" / "notes.pdf")}
    assert skipped[str(paths[2])]["reason"].startswith(
        "failed while summarizing (RuntimeError: summarizer bug"
    )
    files = {name: (out / name).read_bytes() for name in ("articles.jsonl", "skipped.jsonl")}

    again = run_cli(ray_command, timeout=120)

    assert again.returncode == 0, again.stderr[-3000:]
    resumed = json.loads(again.stdout)
    assert (resumed["resumed"], resumed["processed"]) == (6, 0)
    assert (resumed["articles"], resumed["skipped"]) == (5, 2)
    assert "; this run had nothing left to read (" in again.stderr
    assert " s); 6 done by an earlier run; 1 skipped before reading " in again.stderr
    assert {name: (out / name).read_bytes() for name in files} == files  # nothing added, nothing twice
    check_complete(
        out,
        tmp_path / "ref",
        {str(paths[2]): "failed while summarizing", str(tmp_path / "in" / "notes.pdf"): ""},
    )


def test_cli_ray_address_that_answers_nothing_fails_fast_with_a_message(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    paths = write_articles(tmp_path / "in", 1)
    out = tmp_path / "out"
    # Without the check Ray retries such an address for minutes on end: the timeout is the test.
    result = run_cli(
        ["batch", str(paths[0]), "-o", str(out), "--ray-address", f"127.0.0.1:{port}"], timeout=60
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"briefing: error: cannot reach the Ray cluster at 127.0.0.1:{port} (")
    assert "ray start --head" in result.stderr and "leave --ray-address" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "shards").exists()


def test_check_address_probes_host_port_forms_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # A bare socket is no GCS: the token probe would retry for ~40 s (tested on a real head in
    # test_batch_ray_cluster.py); here only the reachability check is under test.
    monkeypatch.setattr(ray_engine, "check_token", lambda address: None)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        check_address(f"127.0.0.1:{port}")  # something answers: no error
        check_address(f"ray://127.0.0.1:{port}")
    check_address("auto")  # left to Ray
    with pytest.raises(BriefingError, match=rf"cannot reach the Ray cluster at ray://127.0.0.1:{port} \("):
        check_address(f"ray://127.0.0.1:{port}")
