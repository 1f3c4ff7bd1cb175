"""``briefing batch`` with the local engine: records, skips, shards, resume, kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.batch import run_batch
from briefing.batch.local import LONE_CRASH_REASON
from briefing.batch.store import ShardStore, plan_inputs
from briefing.config import Settings
from briefing.errors import ConfigError, ModelLoadError
from briefing.translation.stage import FakeTranslator
from tests.batch_fakes import (
    KILL_READ_MARK,
    KILL_TRANSLATE_MARK,
    RAISE_MARK,
    PoisonSummarizer,
    RaisingTranslator,
    SlowFakeTranslator,
    article_text,
)
from tests.markers import requires_ct2
from tests.paths import ROOT

REPO = ROOT
# Every sentence of the test articles is kept, so a marker sentence is always translated.
SETTINGS = Settings(sentences=10)


def write_articles(folder: Path, count: int, marks: dict[int, str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"a{number:03d}.txt"
        path.write_text(article_text(number, (marks or {}).get(number, "")), encoding="utf-8")
        paths.append(path)
    return paths


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def by_source(records: list[dict]) -> dict[str, dict]:
    sources = [r["source"] for r in records]
    assert len(sources) == len(set(sources)), "a record was written twice"
    return {r["source"]: r for r in records}


def batch(inputs, out: Path, **kwargs):
    kwargs.setdefault("settings", SETTINGS)
    kwargs.setdefault("translator_factory", FakeTranslator)
    return run_batch([str(p) for p in inputs], out, **kwargs)


def check_fake_record(record: dict) -> None:
    """An articles.jsonl record of FakeTranslator: every field, each sentence "[en] " + its Arabic."""
    assert set(record) >= {"source", "sha256", "metadata", "sentences", "summarizer", "model"}
    assert record["model"] == "fake" and record["summarizer"] == "default"
    assert record["metadata"]["title"]
    assert record["sentences"], record["source"]
    for sentence in record["sentences"]:
        assert sentence["english"] == f"[en] {sentence['arabic']}"
        assert sentence["confidence"] == pytest.approx(-0.1)
        assert sentence["flags"] == []
    indices = [s["index"] for s in record["sentences"]]
    assert indices == sorted(indices)


def test_records_hold_every_summary_sentence_and_skips_have_reasons(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 5)
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "in" / "empty.txt").write_text("   \n", encoding="utf-8")
    out = tmp_path / "out"

    summary = batch([tmp_path / "in"], out, shard_size=2)

    articles = read_jsonl(out / "articles.jsonl")
    assert [a["source"] for a in articles] == [str(p) for p in paths]  # input order
    for record in articles:
        check_fake_record(record)
    skipped = by_source(read_jsonl(out / "skipped.jsonl"))
    assert set(skipped) == {str(tmp_path / "in" / "notes.pdf"), str(tmp_path / "in" / "empty.txt")}
    assert all(entry["reason"] for entry in skipped.values())
    assert (summary.articles, summary.skipped, summary.processed, summary.resumed) == (5, 2, 6, 0)
    assert len(list((out / "shards").glob("part-*.jsonl"))) == 3  # 6 files in shards of 2


def test_same_records_as_the_pipeline_would_translate(tmp_path: Path) -> None:
    """The batch reuses prepare_article + translate_summaries: same sentences as `build`."""
    from briefing.briefer import build_briefing

    paths = write_articles(tmp_path / "in", 3)
    batch(paths, tmp_path / "out")
    result = build_briefing(paths, translator=FakeTranslator(), settings=SETTINGS, overview=False)
    records = read_jsonl(tmp_path / "out" / "articles.jsonl")
    for record, article in zip(records, result.articles, strict=True):
        assert [(s["index"], s["arabic"], s["english"]) for s in record["sentences"]] == [
            (s.index, s.arabic, s.english) for s in article.sentences
        ]
        assert record["title_en"] == article.title_en


def test_resume_does_only_the_missing_inputs(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 6)
    reference = tmp_path / "ref"
    batch(paths, reference, shard_size=2)
    out = tmp_path / "out"
    batch(paths, out, shard_size=2)
    # As if killed after the first shard: later shards and the final files never written.
    for shard in sorted((out / "shards").glob("part-*.jsonl"))[1:]:
        shard.unlink()
    (out / "articles.jsonl").unlink()
    (out / "shards" / ".part-00001.jsonl.x.tmp").write_text('{"half": ', encoding="utf-8")

    summary = batch(paths, out, shard_size=2)

    assert (summary.resumed, summary.processed) == (2, 4)
    assert not list((out / "shards").glob(".part-*.tmp"))
    assert read_jsonl(out / "articles.jsonl") == read_jsonl(reference / "articles.jsonl")
    # Once more: nothing left to do, same files.
    again = batch(paths, out, shard_size=2)
    assert (again.resumed, again.processed) == (6, 0)
    assert read_jsonl(out / "articles.jsonl") == read_jsonl(reference / "articles.jsonl")


def test_a_changed_file_is_done_again_and_its_old_record_dropped(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    batch(paths, out)
    paths[1].write_text(article_text(42), encoding="utf-8")

    summary = batch(paths, out)

    assert (summary.resumed, summary.processed) == (2, 1)
    records = by_source(read_jsonl(out / "articles.jsonl"))
    assert len(records) == 3
    assert "42" in records[str(paths[1])]["metadata"]["title"]


def test_inputs_that_raise_are_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 4, marks={1: RAISE_MARK})
    summary = batch(paths, tmp_path / "out", summarizer=PoisonSummarizer())
    skipped = by_source(read_jsonl(tmp_path / "out" / "skipped.jsonl"))
    assert list(skipped) == [str(paths[1])]
    reason = skipped[str(paths[1])]["reason"]
    assert reason.startswith("failed while summarizing (RuntimeError: summarizer bug")
    assert summary.articles == 3


def test_a_translation_failure_skips_only_its_article(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 4, marks={2: RAISE_MARK})
    summary = batch(paths, tmp_path / "out", translator_factory=RaisingTranslator, shard_size=4)
    skipped = by_source(read_jsonl(tmp_path / "out" / "skipped.jsonl"))
    assert list(skipped) == [str(paths[2])]
    assert "failed while translating (RuntimeError: the model failed" in skipped[str(paths[2])]["reason"]
    assert summary.articles == 3


class _NoModel:
    name = "none"

    def translate_batch(self, texts):
        raise ModelLoadError("models/missing is not a model folder; run `briefing models pull`")


def _no_model() -> _NoModel:
    return _NoModel()


def test_a_missing_model_stops_the_run_instead_of_skipping_everything(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 2)
    with pytest.raises(ModelLoadError, match="briefing models pull"):
        batch(paths, tmp_path / "out", translator_factory=_no_model)
    assert not (tmp_path / "out" / "articles.jsonl").exists()


def test_resuming_with_other_settings_is_refused_unless_restarted(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    batch(paths, out)
    with pytest.raises(ConfigError, match=r"other settings \(sentences: 10 then, 2 now\).*--restart"):
        batch(paths, out, settings=Settings(sentences=2))
    summary = batch(paths, out, settings=Settings(sentences=2), restart=True)
    assert (summary.resumed, summary.processed) == (0, 2)
    assert all(len(r["sentences"]) <= 2 for r in read_jsonl(out / "articles.jsonl"))


def test_bad_options_name_the_choices(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="choose one of local, ray"):
        batch([], tmp_path / "out", engine="spark")
    with pytest.raises(ConfigError, match="choose one of jsonl, parquet"):
        batch([], tmp_path / "out", format="csv")
    with pytest.raises(ConfigError, match="needs the ray engine"):
        batch([], tmp_path / "out", ray_address="10.0.0.1:6379")


def test_parquet_holds_the_same_records(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    paths = write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "x.pdf").write_bytes(b"%PDF")
    batch([tmp_path / "in"], tmp_path / "jsonl")
    summary = batch([tmp_path / "in"], tmp_path / "pq", format="parquet")
    assert summary.outputs == (
        str(tmp_path / "pq" / "articles.parquet"),
        str(tmp_path / "pq" / "skipped.parquet"),
        str(tmp_path / "pq" / "spellings.json"),
    )
    rows = pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()
    assert rows == read_jsonl(tmp_path / "jsonl" / "articles.jsonl")
    assert pq.read_table(tmp_path / "pq" / "skipped.parquet").to_pylist() == read_jsonl(
        tmp_path / "jsonl" / "skipped.jsonl"
    )
    assert len(paths) == len(rows)


def test_plan_keys_by_content_and_path(tmp_path: Path) -> None:
    one, two = write_articles(tmp_path, 2)
    two.write_bytes(one.read_bytes())
    plan = plan_inputs([str(one), str(two), str(one)])
    assert len(plan.items) == 2  # the same file twice is one input
    assert plan.items[0].sha256 == plan.items[1].sha256  # same bytes...
    assert plan.items[0].key != plan.items[1].key  # ...different files: both done


def test_shard_store_never_reuses_a_name(tmp_path: Path) -> None:
    store = ShardStore(tmp_path)
    first = store.write_shard(['{"key": "a", "kind": "skipped", "record": {}}'])
    second = ShardStore(tmp_path).write_shard(['{"key": "b", "kind": "skipped", "record": {}}'])
    assert (first.name, second.name) == ("part-00000.jsonl", "part-00001.jsonl")
    assert ShardStore(tmp_path).done_keys() == {"a", "b"}
    assert store.write_shard([]) is None


# ------------------------------------------------------------ killed runs (subprocesses)

_RUN = """
import sys
from briefing.batch import run_batch
from briefing.config import Settings
from tests.batch_fakes import PoisonSummarizer, SlowFakeTranslator
engine, out, shard_size, retries, *inputs = sys.argv[1:]
summary = run_batch(
    inputs, out, engine=engine, settings=Settings(sentences=10), shard_size=int(shard_size),
    summarizer=PoisonSummarizer(), translator_factory=SlowFakeTranslator, retries=int(retries),
)
print(summary.processed)
"""


def start_run(
    engine: str, out: Path, inputs: list[Path], *, shard_size: int = 1, delay: float = 0.0, retries: int = 0
):
    env = {**os.environ, "PYTHONPATH": str(REPO), "BRIEFING_TEST_DELAY": str(delay)}
    # A Ray run with no address joins the cluster that `ray start` last started on this machine
    # (Ray reads /tmp/ray/ray_current_cluster) and then fails on num_cpus: another test's or
    # user's cluster must not decide this one. "local" always starts the run's own runtime.
    env["RAY_ADDRESS"] = "local"
    # Ray gives a new worker process 60 s to start and register; on a loaded 2-core machine
    # importing briefing in a fresh worker can take longer, and a worker that never registers
    # fails its task like a crash, so a good input could be skipped as poisoned.
    env.setdefault("RAY_worker_register_timeout_seconds", "300")
    return subprocess.Popen(
        [sys.executable, "-c", _RUN, engine, str(out), str(shard_size), str(retries), *map(str, inputs)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a kill takes Ray's processes too
    )


def kill_when_shards(process: subprocess.Popen, out: Path, shards: int, timeout: float) -> None:
    """SIGKILL ``process`` (and its group) once ``shards`` shards exist."""
    deadline = time.monotonic() + timeout
    while len(list((out / "shards").glob("part-*.jsonl"))) < shards:
        if process.poll() is not None:
            raise AssertionError(f"the run ended before it could be killed: {process.communicate()[1]}")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError(f"no shards appeared in time: {process.communicate()[1]}")
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)  # reap it and close its pipes


def check_complete(out: Path, reference: Path, expected_skips: dict[str, str]) -> None:
    """Record by record: every article of the reference, once; the expected skips, once."""
    articles = by_source(read_jsonl(out / "articles.jsonl"))
    assert articles == by_source(read_jsonl(reference / "articles.jsonl"))
    skipped = by_source(read_jsonl(out / "skipped.jsonl"))
    assert set(skipped) == set(expected_skips)
    for source, reason in expected_skips.items():
        assert reason in skipped[source]["reason"]
    lines = [
        json.loads(line) for p in (out / "shards").glob("part-*.jsonl") for line in p.read_text().splitlines()
    ]
    assert len(lines) == len({line["key"] for line in lines}), "an input was done twice"


def test_local_run_killed_midway_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 10)
    batch(paths, tmp_path / "ref")
    out = tmp_path / "out"
    process = start_run("local", out, paths, shard_size=2, delay=0.3)
    kill_when_shards(process, out, shards=2, timeout=60)
    assert not (out / "articles.jsonl").exists()
    done_before = len(ShardStore(out).done_keys())
    assert 4 <= done_before < 10

    summary = batch(paths, out, summarizer=PoisonSummarizer(), translator_factory=SlowFakeTranslator)

    assert (summary.resumed, summary.processed) == (done_before, 10 - done_before)
    check_complete(out, tmp_path / "ref", {})


def test_local_input_that_kills_its_reading_process_is_skipped_in_the_same_run(tmp_path: Path) -> None:
    # Reading runs in the input worker process (issue 25): a crash there skips that input
    # alone, and the run goes on; crashes while translating still go through recovery.
    paths = write_articles(tmp_path / "in", 5, marks={3: KILL_READ_MARK})
    batch([p for i, p in enumerate(paths) if i != 3], tmp_path / "ref")
    out = tmp_path / "out"
    process = start_run("local", out, paths, shard_size=4)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    check_complete(out, tmp_path / "ref", {str(paths[3]): "the process reading it ended"})


def test_local_input_that_kills_the_translator_is_skipped_after_one_crash(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 5, marks={3: KILL_TRANSLATE_MARK})
    batch([p for i, p in enumerate(paths) if i != 3], tmp_path / "ref")
    out = tmp_path / "out"
    process = start_run("local", out, paths, shard_size=4)  # the chunk with it crashes the run
    _, err = process.communicate(timeout=120)
    assert process.returncode == 17, err  # the fake translator's exit code
    # The next run retries the chunk one input at a time in a worker process: the worker dies
    # on the poisoned input alone, the run sees it, skips it and finishes the rest.
    process = start_run("local", out, paths, shard_size=4)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    check_complete(out, tmp_path / "ref", {str(paths[3]): LONE_CRASH_REASON})


# --------------------------------------------------------------------------------- CLI

# The real command line in a fresh interpreter; only the model is replaced by the test doubles
# (run_batch gets their translator factory and summarizer), so no model is needed. argv[1]
# names modules to make unimportable, as if not installed ("" for none).
_CLI = """
import functools, sys
for name in filter(None, sys.argv[1].split(",")):
    sys.modules[name] = None  # `import name` now raises ImportError
import briefing.batch
from briefing.cli.main import main
from tests.batch_fakes import PoisonSummarizer, SlowFakeTranslator
briefing.batch.run_batch = functools.partial(
    briefing.batch.run_batch, translator_factory=SlowFakeTranslator, summarizer=PoisonSummarizer()
)
sys.exit(main(sys.argv[2:]))
"""


def run_cli(args: list[str], *, block: tuple[str, ...] = (), timeout: float = 120):
    """``briefing ARGS`` in a subprocess with the test doubles (see ``_CLI``)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "BRIEFING_TEST_DELAY": "0"}
    env.pop("RAY_ADDRESS", None)
    return subprocess.run(
        [sys.executable, "-c", _CLI, ",".join(block), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_cli_engine_ray_without_ray_names_the_extra(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 1)
    out = tmp_path / "out"
    result = run_cli(["batch", str(paths[0]), "-o", str(out), "--engine", "ray"], block=("ray",))
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        'briefing: error: --engine ray needs Ray Data, which is not installed: pip install "briefing[ray]"; '
        "or use --engine local"
    )
    assert not out.exists()  # stopped before any work


def test_cli_parquet_without_pyarrow_stops_before_any_work(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    result = run_cli(["batch", *map(str, paths), "-o", str(out), "--format", "parquet"], block=("pyarrow",))
    assert result.returncode == 1, result.stderr
    assert "briefing: error: --format parquet needs pyarrow, which is not installed" in result.stderr
    assert 'pip install "briefing[ray]"' in result.stderr
    assert "Traceback" not in result.stderr
    assert "inputs (" not in result.stderr  # no progress: nothing was summarized or translated
    assert not out.exists()


def test_cli_rejects_workers_for_the_local_engine(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from briefing.cli.main import main

    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "o"), "--workers", "2"]) == 2
    assert capsys.readouterr().err == (
        "briefing batch: error: --workers is for --engine ray; the local engine is one process "
        "(for 2 translating processes: --engine ray --workers 2)\n"
    )
    assert not (tmp_path / "o").exists()


@pytest.mark.model
@requires_ct2
def test_cli_batch_with_the_tiny_model(
    tmp_path: Path, tiny_ct2_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    from briefing.cli.main import main

    write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "bad.pdf").write_bytes(b"%PDF")
    out = tmp_path / "out"
    code = main(
        [
            *("batch", str(tmp_path / "in"), "-o", str(out), "--model", str(tiny_ct2_dir), "--backend"),
            *("ct2", "--no-cache", "--beams", "1", "--sentences", "2", "--json"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out)
    assert (summary["articles"], summary["skipped"], summary["engine"]) == (3, 1, "local")
    assert "3/4 inputs" in captured.err or "4/4 inputs" in captured.err
    assert "4 inputs: 3 articles, 1 skipped" in captured.err
    records = read_jsonl(out / "articles.jsonl")
    assert [len(r["sentences"]) for r in records] == [2, 2, 2]
    assert all(s["english"] and s["confidence"] <= 0 for r in records for s in r["sentences"])
    assert {r["model"] for r in records} == {tiny_ct2_dir.name}


def test_help_and_the_local_engine_import_no_ray(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 2)
    code = (
        "import sys\n"
        "from briefing.cli.main import main\n"
        "try:\n"
        "    main(['batch', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('ray', 'pyarrow', 'torch', 'transformers', 'ctranslate2')\n"
        "print([m for m in heavy if m in sys.modules])\n"
        "from briefing.batch import run_batch\n"
        "from briefing.translation.stage import FakeTranslator\n"
        f"run_batch([{str(tmp_path / 'in')!r}], {str(tmp_path / 'out')!r},\n"
        "          translator_factory=FakeTranslator)\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.splitlines()[-2:] == ["[]", "[]"], result.stdout


def test_progress_lines_say_done_total_skipped_and_rate(capsys: pytest.CaptureFixture) -> None:
    from briefing.cli.batch import _progress_printer

    progress, close = _progress_printer(True)
    assert progress is not None
    progress(4, 10, 1)  # state when the run starts: 4 done by an earlier run
    progress(10, 10, 2)  # the last report is always printed
    close()
    err = capsys.readouterr().err
    assert "briefing batch: 10/10 inputs (100%), 2 skipped, " in err
    assert "articles/min" in err
    assert "4/10" not in err  # earlier runs' work is not reported as this run's progress


def test_the_batch_review_setting_reaches_the_translation_stage(tmp_path: Path, monkeypatch) -> None:
    from briefing.batch import work

    seen: list[bool] = []
    real = work.translate_summaries

    def spy(*args, **kwargs):
        seen.append(kwargs.get("review", True))
        return real(*args, **kwargs)

    monkeypatch.setattr(work, "translate_summaries", spy)
    paths = write_articles(tmp_path / "in", 2)
    batch(paths, tmp_path / "out", settings=SETTINGS.with_overrides(review=False))
    assert seen and not any(seen)
