"""``briefing batch --engine ray``: a local Ray runtime, killed midway, poisoned inputs.

Each run is a subprocess with its own Ray runtime (started by the run, as a user's would be),
so killing it takes the runtime down too. Deselect with ``-m "not ray"``; CI runs them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.batch.ray_engine import plan_workers
from briefing.batch.store import ShardStore
from briefing.errors import ConfigError
from tests.batch_fakes import KILL_READ_MARK, KILL_TRANSLATE_MARK, RAISE_MARK
from tests.markers import has_module
from tests.test_batch import batch, check_complete, kill_when_shards, start_run, write_articles

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
    kill_when_shards(process, out, shards=2, timeout=120)
    assert not (out / "articles.jsonl").exists()
    done_before = ShardStore(out).done_keys()

    process = start_run("ray", out, paths, shard_size=1)
    stdout, err = process.communicate(timeout=240)
    assert process.returncode == 0, err[-3000:]
    assert int(stdout.strip().splitlines()[-1]) == len(paths) - len(done_before)
    check_complete(
        out,
        tmp_path / "ref",
        {
            str(paths[2]): "failed while reading (RuntimeError: summarizer bug",
            str(paths[5]): "a worker process died on this input every time it was tried",
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
