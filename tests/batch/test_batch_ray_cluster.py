"""``briefing batch --ray-address`` against a real head node started with ``ray start --head``.

Ray 2.60 turns on token authentication for clusters that ``ray start`` makes; a driver
without ``RAY_AUTH_MODE=token`` is refused (issue 24). The head runs in its own process
group and its own temp dir (so no other driver on the machine finds it through
``/tmp/ray/ray_current_cluster``), and is stopped by killing that group: ``ray stop`` would
stop every Ray runtime of the machine. Deselect with ``-m "not ray"``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batch.test_batch import read_jsonl, run_cli, write_articles
from tests.markers import has_module

pytestmark = [
    pytest.mark.ray,
    pytest.mark.skipif(not has_module("ray"), reason='needs ray: pip install "briefing[ray]"'),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, head: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if head.poll() is not None:
            pytest.fail(
                f"ray start exited with {head.returncode}: {head.stdout.read() if head.stdout else ''}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), 1.0):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the head node did not listen on {port} within {timeout} s")


@pytest.fixture(scope="module")
def head() -> Iterator[str]:
    """A head node started as a user would (``ray start --head --port=P``); its address."""
    port = _free_port()
    temp = tempfile.mkdtemp(prefix="rh-", dir="/tmp")  # short: Ray's socket paths must fit
    ray = Path(sys.executable).with_name("ray")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    command = [
        str(ray),
        "start",
        "--head",
        "--block",
        f"--port={port}",
        f"--dashboard-agent-listen-port={_free_port()}",
        "--include-dashboard=false",
        "--disable-usage-stats",
        "--num-cpus=2",
        f"--temp-dir={temp}",
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        _wait_for(port, process, timeout=90)
        yield f"127.0.0.1:{port}"
    finally:
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(process.pid, sig)
                process.wait(wait)
                break
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue
        if process.stdout:
            process.stdout.close()


def test_a_driver_without_the_token_is_told_what_to_set(head: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    paths = write_articles(tmp_path / "in", 2)
    started = time.monotonic()
    result = run_cli(["batch", *map(str, paths), "-o", str(tmp_path / "out"), "--ray-address", head])
    assert result.returncode == 1, result.stderr
    assert time.monotonic() - started < 30  # Ray alone retries ~20 s, then says nothing of the token
    assert result.stderr.strip().splitlines()[-1] == (
        f"briefing: error: cannot join the Ray cluster at {head}: it requires token authentication "
        "(Ray turns it on for clusters started with `ray start`) and this process sends no token; set "
        "RAY_AUTH_MODE=token with the cluster's token in ~/.ray/auth_token (the head node writes it there: "
        "copy that file), or its path in RAY_AUTH_TOKEN_PATH, or the token itself in RAY_AUTH_TOKEN, e.g. "
        f"`RAY_AUTH_MODE=token briefing batch ... --ray-address {head}`"
    )
    assert not (tmp_path / "out" / "articles.jsonl").exists()


def test_with_the_token_the_run_joins_and_ray_stays_quiet(head: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RAY_AUTH_MODE", "token")
    paths = write_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    result = run_cli(["batch", *map(str, paths), "-o", str(out), "--ray-address", head], timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(read_jsonl(out / "articles.jsonl")) == 3
    lines = result.stderr.strip().splitlines()
    # Only briefing's own lines: no Ray INFO/WARNING, no C++ core_worker.cc notice.
    assert all(line.startswith("briefing batch: ") for line in lines), lines
    assert "ray engine" in lines[-1]
