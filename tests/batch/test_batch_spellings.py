"""``briefing batch``: one spelling per name across all the articles of a batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.batch.store import ShardStore
from briefing.cli.batch import summary_line
from briefing.config import Settings
from tests.batch.test_batch import REPO, batch, by_source, read_jsonl
from tests.batch_fakes import NameSpellingTranslator, named_article
from tests.markers import has_module

# Every sentence kept; no starter list (a country of it would be a glossary term).
SETTINGS = Settings(sentences=10, default_glossary=False)


def write_named(folder: Path, names: dict[int, int]) -> list[Path]:
    """Article ``n`` naming محمد ``names[n]`` times (spelled by ``n``: even Mohammed, odd Muhammad)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, count in names.items():
        path = folder / f"n{number}.txt"
        path.write_text(named_article(number, names=count), encoding="utf-8")
        paths.append(path)
    return paths


def run(inputs: list[Path], out: Path, **kwargs):
    kwargs.setdefault("settings", SETTINGS)
    return batch(inputs, out, translator_factory=NameSpellingTranslator, **kwargs)


def english(record: dict) -> str:
    return " ".join(s["english"] for s in record["sentences"])


def test_two_articles_spelled_differently_end_up_with_one_spelling(tmp_path: Path) -> None:
    first, second = write_named(tmp_path / "in", {0: 2, 1: 1})  # Mohammed twice, Muhammad once
    out = tmp_path / "out"

    summary = run([first, second], out, shard_size=1)

    records = by_source(read_jsonl(out / "articles.jsonl"))
    assert "Muhammad" not in english(records[str(second)])
    assert english(records[str(second)]).count("Mohammed") == 1
    assert records[str(second)]["spellings"] == [
        {"arabic": "محمد", "english": "Mohammed", "replaced": ["Muhammad"]}
    ]
    assert records[str(first)]["spellings"] == []  # already spelled the chosen way
    for record in records.values():  # a derived word is not a spelling of the name
        assert "Ukrainian" in english(record) and english(record).count("Ukraine ") == 2
    appendix = json.loads((out / "spellings.json").read_text(encoding="utf-8"))
    assert appendix["schema_version"] == "1.0" and appendix["articles"] == 2 and appendix["glossary"] is None
    assert appendix["names"] == [
        {
            "arabic": "محمد",
            "english": "Mohammed",
            "variants": ["Muhammad"],
            "basis": "most frequent",
            "sentences": 3,
            "articles": 2,
        }
    ]
    assert summary.spellings == 1 and summary.outputs[-1] == str(out / "spellings.json")
    # The shards keep what the model wrote: assembling again starts from the same evidence.
    shard_text = "".join(p.read_text(encoding="utf-8") for p in ShardStore(out).shard_paths())
    assert "Muhammad" in shard_text


def test_the_glossary_spelling_wins(tmp_path: Path) -> None:
    paths = write_named(tmp_path / "in", {0: 2, 1: 1})
    desk = tmp_path / "desk.csv"
    desk.write_text("arabic,english\nمحمد,Muhammad\n", encoding="utf-8")

    run(paths, tmp_path / "out", settings=SETTINGS.with_overrides(glossary=str(desk)))

    records = by_source(read_jsonl(tmp_path / "out" / "articles.jsonl"))
    assert all("Mohammed" not in english(record) for record in records.values())
    assert records[str(paths[0])]["spellings"] == [
        {"arabic": "محمد", "english": "Muhammad", "replaced": ["Mohammed"]}
    ]
    appendix = json.loads((tmp_path / "out" / "spellings.json").read_text(encoding="utf-8"))
    [name] = appendix["names"]
    assert (name["english"], name["variants"], name["basis"]) == ("Muhammad", ["Mohammed"], "glossary")
    assert appendix["glossary"]["name"] == "desk.csv"


def test_assembling_again_gives_the_same_files_whatever_the_shard_order(tmp_path: Path) -> None:
    paths = write_named(tmp_path / "in", {0: 1, 1: 1, 2: 1, 3: 1})  # a tie: two of each spelling
    out = tmp_path / "out"
    run(paths, out, shard_size=1)
    files = {name: (out / name).read_bytes() for name in ("articles.jsonl", "spellings.json")}
    [name] = json.loads(files["spellings.json"])["names"]
    assert name["english"] == "Mohammed"  # a tie goes to the first spelling in alphabetical order

    resumed = run(paths, out, shard_size=1)  # nothing left to do: assembled again from the shards

    assert resumed.processed == 0
    assert {name: (out / name).read_bytes() for name in files} == files
    # Shards finished in another order (as Ray's may be): the same records and appendix.
    shards = ShardStore(out).shard_paths()
    for shard, name in zip(shards, reversed([s.name for s in shards]), strict=True):
        shard.rename(shard.with_name(f".{name}"))
    for shard in out.joinpath("shards").glob(".part-*.jsonl"):
        shard.rename(shard.with_name(shard.name[1:]))
    run(paths, out, shard_size=1)
    assert (out / "spellings.json").read_bytes() == files["spellings.json"]
    assert by_source(read_jsonl(out / "articles.jsonl")) == by_source(
        [json.loads(line) for line in files["articles.jsonl"].decode("utf-8").splitlines()]
    )


def test_the_setting_turns_the_pass_off(tmp_path: Path) -> None:
    paths = write_named(tmp_path / "in", {0: 2, 1: 1})
    out = tmp_path / "out"
    run(paths, out)
    assert (out / "spellings.json").exists()

    summary = run(paths, out, settings=SETTINGS.with_overrides(spellings=False))

    records = by_source(read_jsonl(out / "articles.jsonl"))
    assert "Muhammad" in english(records[str(paths[1])])  # as the model wrote it
    assert all("spellings" not in record for record in records.values())
    assert not (out / "spellings.json").exists()  # the earlier assembly's would no longer match
    assert summary.spellings == 0 and len(summary.outputs) == 2


def test_the_same_setting_decides_for_a_briefing(tmp_path: Path) -> None:
    from briefing.briefer import build_briefing

    paths = write_named(tmp_path / "in", {0: 2, 1: 1})
    for spellings, expected in ((True, ("Mohammed",)), (False, ())):
        settings = SETTINGS.with_overrides(spellings=spellings)
        result = build_briefing(paths, translator=NameSpellingTranslator(), settings=settings, overview=False)
        assert tuple(s.english for s in result.spellings) == expected
        assert ("Muhammad" in " ".join(s.english for s in result.articles[1].sentences)) is not spellings


def test_parquet_records_say_what_was_replaced(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    paths = write_named(tmp_path / "in", {0: 2, 1: 1})
    run(paths, tmp_path / "jsonl")
    run(paths, tmp_path / "pq", format="parquet")
    rows = pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()
    assert rows == read_jsonl(tmp_path / "jsonl" / "articles.jsonl")
    assert rows[1]["spellings"] == [{"arabic": "محمد", "english": "Mohammed", "replaced": ["Muhammad"]}]


def test_the_summary_line_counts_the_names(tmp_path: Path) -> None:
    paths = write_named(tmp_path / "in", {0: 2, 1: 1})
    line = summary_line(run(paths, tmp_path / "out"))
    assert "; 1 name(s) written one way across the batch; " in line
    assert line.endswith(
        f"wrote {tmp_path / 'out' / 'articles.jsonl'}, {tmp_path / 'out' / 'skipped.jsonl'}, "
        f"{tmp_path / 'out' / 'spellings.json'}"
    )


_RAY_RUN = """
import sys
from briefing.batch import run_batch
from briefing.config import Settings
from tests.batch_fakes import NameSpellingTranslator
out, *inputs = sys.argv[1:]
run_batch(
    inputs, out, engine="ray", workers=1, shard_size=1, translator_factory=NameSpellingTranslator,
    settings=Settings(sentences=10, default_glossary=False),
)
"""


@pytest.mark.ray
@pytest.mark.skipif(not has_module("ray"), reason='needs ray: pip install "briefing[ray]"')
def test_the_ray_engine_writes_what_the_local_engine_writes(tmp_path: Path) -> None:
    paths = write_named(tmp_path / "in", {0: 2, 1: 1, 3: 1})
    run(paths, tmp_path / "ref", shard_size=1)
    env = {"PYTHONPATH": str(REPO), "RAY_ADDRESS": "local", "RAY_worker_register_timeout_seconds": "300"}
    command = [sys.executable, "-c", _RAY_RUN, str(tmp_path / "out"), *map(str, paths)]

    done = subprocess.run(
        command, cwd=REPO, env={**os.environ, **env}, capture_output=True, text=True, timeout=300
    )

    assert done.returncode == 0, done.stderr[-3000:]
    assert by_source(read_jsonl(tmp_path / "out" / "articles.jsonl")) == by_source(
        read_jsonl(tmp_path / "ref" / "articles.jsonl")
    )
    assert (tmp_path / "out" / "spellings.json").read_bytes() == (
        tmp_path / "ref" / "spellings.json"
    ).read_bytes()
