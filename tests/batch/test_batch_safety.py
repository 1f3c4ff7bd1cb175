"""``briefing batch`` against hostile conditions: file names that are not UTF-8, repeated kills,
a model replaced between runs, damaged shards, two runs into one folder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sys
import time
from pathlib import Path

import pytest

from briefing.batch.store import ShardStore, hold_output, input_key, json_safe, plan_inputs, safe_text
from briefing.errors import BriefingError, ConfigError
from tests.batch.test_batch import (
    batch,
    check_complete,
    check_fake_record,
    kill_when_shards,
    read_jsonl,
    run_cli,
    start_run,
    write_articles,
)
from tests.batch_fakes import PoisonSummarizer, SlowFakeTranslator, article_text
from tests.markers import has_module, requires_ct2

# "الخبر.txt" as a Windows-1256 zip stores it: bytes that are not UTF-8.
CP1256_NAME = "الخبر".encode("cp1256") + b".txt"

needs_bytes_names = pytest.mark.skipif(
    sys.platform == "win32" or sys.getfilesystemencoding().lower() != "utf-8",
    reason="needs a POSIX file system that takes any bytes as a name, with UTF-8 as its encoding",
)


def write_bytes_name(folder: Path, name: bytes, number: int) -> str:
    """Write article ``number`` under the raw file name ``name``; return its path as Python sees it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = os.path.join(os.fsencode(folder), name)
    with open(path, "wb") as handle:
        handle.write(article_text(number).encode("utf-8"))
    return os.fsdecode(path)


# ----------------------------------------------------------------------------- file names


def test_safe_text_escapes_undecodable_bytes_readably() -> None:
    name = os.fsdecode(CP1256_NAME)
    assert safe_text(name) == r"\xc7\xe1\xce\xc8\xd1.txt"
    assert safe_text("الخبر.txt") == "الخبر.txt"  # valid names are left alone
    assert json_safe({"a": [name, 1, None]}) == {"a": [r"\xc7\xe1\xce\xc8\xd1.txt", 1, None]}
    json.dumps(json_safe({"x": "\ud800"}), ensure_ascii=False).encode("utf-8")  # a lone surrogate too
    # an escaped key can never equal the key of a file literally named "\xc7...": it is marked
    assert input_key("d", "/in/" + name) != input_key("d", "/in/" + safe_text(name))


@needs_bytes_names
@pytest.mark.parametrize("format", ["jsonl", "parquet"])
def test_a_file_name_that_is_not_utf8_is_processed_and_recorded(tmp_path: Path, format: str) -> None:
    if format == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "in"
    write_articles(folder, 2)
    odd = write_bytes_name(folder, CP1256_NAME, 7)
    out = tmp_path / "out"

    summary = batch([folder], out, format=format)

    assert (summary.articles, summary.skipped) == (3, 0)
    if format == "parquet":
        records = pq.read_table(out / "articles.parquet").to_pylist()
    else:
        records = read_jsonl(out / "articles.jsonl")  # valid UTF-8 throughout
    sources = [r["source"] for r in records]
    assert safe_text(odd) in sources and r"\xc7\xe1\xce\xc8\xd1.txt" in safe_text(odd)
    for record in records:
        check_fake_record(record)
    # a resume recognises it: the key in the shards is the key planned again
    again = batch([folder], out, format=format)
    assert (again.resumed, again.processed) == (3, 0)


@needs_bytes_names
def test_plan_keys_of_bytes_names_are_json_and_distinct(tmp_path: Path) -> None:
    one = write_bytes_name(tmp_path, b"\xff.txt", 1)
    two = write_bytes_name(tmp_path, b"\xfe.txt", 1)  # same bytes inside, other name
    plan = plan_inputs([one, two])
    keys = [item.key for item in plan.items]
    assert len(set(keys)) == 2
    for item in plan.items:
        json.dumps(item.key, ensure_ascii=False).encode("utf-8")
        json.dumps(item.source, ensure_ascii=False).encode("utf-8")
        assert os.path.exists(item.path)  # workers still open the real file
    assert ShardStore(tmp_path / "out").write_shard([json.dumps({"key": keys[0], "kind": "x", "record": {}})])


@needs_bytes_names
@pytest.mark.ray
@pytest.mark.skipif(not has_module("ray"), reason='needs ray: pip install "briefing[ray]"')
def test_ray_engine_takes_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 2)
    odd = write_bytes_name(folder, CP1256_NAME, 7)
    out = tmp_path / "out"
    command = ["batch", str(folder), "-o", str(out), "--engine", "ray", "--workers", "1", "--sentences", "10"]

    done = run_cli([*command, "--json"], timeout=240)

    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout)["articles"] == 3
    records = read_jsonl(out / "articles.jsonl")
    assert safe_text(odd) in {r["source"] for r in records}
    for record in records:
        check_fake_record(record)


# ------------------------------------------------------------------------- repeated kills


def test_killing_the_run_during_recovery_again_and_again_blames_nothing(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 8)
    batch(paths, tmp_path / "ref")
    out = tmp_path / "out"
    inflight = out / "shards" / "inflight.json"
    # Killed in its first chunk: the 4 inputs of that chunk become suspects.
    process = start_run("local", out, paths, shard_size=4, delay=0.5)
    deadline = time.monotonic() + 60
    while not inflight.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert not list((out / "shards").glob("part-*.jsonl"))
    # Each next run retries the suspects one at a time; kill it with the next one in flight.
    for shards in (1, 2, 3):
        process = start_run("local", out, paths, shard_size=4, delay=0.5)
        kill_when_shards(process, out, shards=shards, timeout=90)
    process = start_run("local", out, paths, shard_size=4)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    check_complete(out, tmp_path / "ref", {})  # every article, none skipped, none twice


# ---------------------------------------------------------------------- one run per folder


def test_a_second_run_into_a_held_folder_is_refused_naming_the_holder(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    with hold_output(out):
        with pytest.raises(
            BriefingError, match=rf"in use by another briefing batch run \(process {os.getpid()} on "
        ):
            batch(paths, out)
        assert not (out / "run.json").exists()  # refused before touching anything
    assert batch(paths, out).articles == 2  # released with its holder


def test_the_folder_lock_dies_with_a_killed_holder(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 6)
    batch(paths, tmp_path / "ref")
    out = tmp_path / "out"
    process = start_run("local", out, paths, shard_size=2, delay=0.5)
    deadline = time.monotonic() + 60
    while not (out / "shards" / "inflight.json").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        with pytest.raises(BriefingError, match=f"process {process.pid} on {socket.gethostname()}"):
            batch(paths, out)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    # kill -9 released it: the folder resumes
    batch(paths, out, summarizer=PoisonSummarizer(), translator_factory=SlowFakeTranslator)
    check_complete(out, tmp_path / "ref", {})


# --------------------------------------------------------------------- damaged shards, model


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (b"\xff\xfe garbage\n", "is not UTF-8 text"),
        (b'{"key": "a", "kind": "article", "rec\n', "is not valid JSON"),
        (b"[1, 2]\n", "is not a shard line"),
        (b'{"key": 7, "kind": "article", "record": {}}\n', "is not a shard line"),
    ],
)
def test_a_damaged_shard_gives_the_designed_message(tmp_path: Path, damage: bytes, problem: str) -> None:
    paths = write_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    batch(paths, out, shard_size=1)
    shard = out / "shards" / "part-00001.jsonl"
    shard.write_bytes(damage)
    with pytest.raises(ConfigError, match=rf"part-00001\.jsonl:1 {problem}.*Delete that shard.*--restart"):
        batch(paths, out, shard_size=1)
    shard.unlink()  # as the message says: the shard's input is done again
    assert batch(paths, out, shard_size=1).processed == 1


def test_a_resume_checks_the_model_by_content_not_by_path(tmp_path: Path) -> None:
    store = ShardStore(tmp_path)
    identity = {"model": "/models/m", "model_fingerprint": "aaaa"}
    assert store.check_run(identity) is False
    assert store.check_run(identity) is True
    with pytest.raises(ConfigError, match="the model's files changed since that run"):
        store.check_run({**identity, "model_fingerprint": "bbbb"})
    # a run record written before fingerprints existed is still resumed
    (tmp_path / "run.json").write_text(json.dumps({"model": "/models/m"}), encoding="utf-8")
    assert store.check_run(identity) is True


@pytest.mark.model
@requires_ct2
def test_weights_replaced_at_the_same_path_stop_a_resume(tmp_path: Path, tiny_ct2_dir: Path) -> None:
    from briefing.cli.main import EXIT_USAGE, main

    model = tmp_path / "model"
    shutil.copytree(tiny_ct2_dir, model)
    write_articles(tmp_path / "in", 2)
    command = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--model", str(model)]
    command += ["--backend", "ct2", "--no-cache", "--beams", "1", "--sentences", "2"]
    assert main(command) == 0
    weights = model / "model.bin"
    weights.write_bytes(weights.read_bytes())  # same path, new file (new mtime)
    os.utime(weights, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert main(command) == EXIT_USAGE
