"""SIGTERM ends a real `briefing serve` within seconds and leaves no upload folder (issue 25)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.paths import ROOT, SAMPLES
from tests.serve_support import free_port

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytestmark = pytest.mark.model


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the service ended early: {process.communicate()[1][-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the service did not answer in time")


def _upload(url: str, path: Path) -> int:
    boundary = "briefingtestboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{url}/api/briefings",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        json.loads(response.read())
        return response.status


def test_sigterm_ends_the_service_with_a_job_in_hand(tiny_model_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "briefing", "serve", "--model", str(tiny_model_dir)]
    command += ["--backend", "transformers", "--no-preload", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, process, timeout=60)
        # The job loads the model (torch, seconds) when the signal arrives.
        assert _upload(url, sorted(SAMPLES.glob("*.txt"))[0]) == 202
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=45)
        assert time.monotonic() - started < 40
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert not list(temp.glob("briefing-serve-*")), "an upload folder was left behind"
