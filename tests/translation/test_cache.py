"""Translation cache: lookups, keys, fingerprints, concurrency, corruption, cheap re-runs."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sqlite3
import subprocess
import sys

import pytest

from briefing.translation.cache import (
    CACHE_FILENAME,
    CachedTranslator,
    TranslationCache,
    model_fingerprint,
    translation_key,
)
from briefing.translation.stage import FakeTranslator, translate_texts
from briefing.types import Translation
from tests.markers import requires_torch
from tests.paths import ROOT

KEY = translation_key(model="m1", backend="fake", settings={"beams": 4})


@pytest.fixture
def cache(tmp_path):
    with TranslationCache(tmp_path / "cache") as store:
        yield store


def test_stores_and_finds_translations_by_key_and_exact_source(cache):
    cache.put_many(KEY, {"نص": Translation("text", -0.5), "نص آخر": Translation("other", None)})
    found = cache.get_many(KEY, ["نص", "نص آخر", "نص ", "غائب"])
    assert found == {"نص": Translation("text", -0.5), "نص آخر": Translation("other", None)}
    other_key = translation_key(model="m1", backend="fake", settings={"beams": 1})
    assert cache.get_many(other_key, ["نص"]) == {}
    assert cache.count() == 2
    assert cache.path == cache.path.parent / CACHE_FILENAME


def test_many_sources_are_looked_up_in_chunks(cache):
    items = {f"جملة {i}": Translation(f"sentence {i}", -0.1) for i in range(1200)}
    cache.put_many(KEY, items)
    assert cache.get_many(KEY, list(items)) == items


def test_key_ignores_setting_order_and_changes_with_each_part():
    base = translation_key(model="m", backend="ct2", settings={"beams": 4, "compute_type": "int8"})
    assert base == translation_key(model="m", backend="ct2", settings={"compute_type": "int8", "beams": 4})
    assert base != translation_key(model="m2", backend="ct2", settings={"beams": 4, "compute_type": "int8"})
    assert base != translation_key(
        model="m", backend="transformers", settings={"beams": 4, "compute_type": "int8"}
    )
    assert base != translation_key(model="m", backend="ct2", settings={"beams": 1, "compute_type": "int8"})


def test_fingerprint_follows_config_and_weights_without_loading(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"d_model": 16}')
    (model / "model.safetensors").write_bytes(b"x" * 100)
    first = model_fingerprint(model)
    assert first == model_fingerprint(model)
    (model / "config.json").write_text('{"d_model": 32}')
    second = model_fingerprint(model)
    assert second != first
    (model / "model.safetensors").write_bytes(b"y" * 101)
    assert model_fingerprint(model) != second
    with pytest.raises(FileNotFoundError, match="no model files"):
        model_fingerprint(tmp_path / "empty")


def test_fingerprint_uses_the_blob_name_in_the_hub_cache(tmp_path):
    blobs = tmp_path / "blobs"
    blobs.mkdir()
    (blobs / "abc123").write_bytes(b"weights")
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    (snapshot / "config.json").write_text("{}")
    (snapshot / "model.safetensors").symlink_to(blobs / "abc123")
    first = model_fingerprint(snapshot)
    os.utime(blobs / "abc123", (1, 1))  # a touched blob is still the same content
    assert model_fingerprint(snapshot) == first


def test_cached_translator_only_translates_misses(cache):
    inner = FakeTranslator()
    cached = CachedTranslator(inner, cache, KEY)
    assert cached.name == "fake"
    first = cached.translate_batch(["أ", "ب", "أ"])
    assert [t.text for t in first] == ["[en] أ", "[en] ب", "[en] أ"]
    assert inner.calls == [["أ", "ب"]]
    second = cached.translate_batch(["ب", "ج", "أ"])
    assert [t.text for t in second] == ["[en] ب", "[en] ج", "[en] أ"]
    assert inner.calls == [["أ", "ب"], ["ج"]]
    assert (cached.hits, cached.misses) == (2, 3)  # hits per segment found, misses per text sent


def test_fully_cached_run_never_creates_the_inner_translator(cache):
    CachedTranslator(FakeTranslator(), cache, KEY).translate_batch(["أ", "ب"])

    def factory():
        raise AssertionError("the model must not be loaded for a fully cached run")

    cached = CachedTranslator(factory, cache, KEY, name="fake", count_tokens=len, max_input_tokens=50)
    out = translate_texts(["أ", "ب", "أ"], cached)
    assert {text: t.text for text, t in out.items()} == {"أ": "[en] أ", "ب": "[en] ب"}
    assert not cached.inner_created
    assert cached.max_input_tokens == 50


def test_factory_is_called_once_on_the_first_miss(cache):
    made = []

    def factory():
        made.append(FakeTranslator())
        return made[-1]

    cached = CachedTranslator(factory, cache, KEY)
    assert cached.name == "cached"
    cached.translate_batch(["أ"])
    cached.translate_batch(["ب"])
    assert len(made) == 1
    assert made[0].calls == [["أ"], ["ب"]]


def test_a_class_is_taken_as_a_factory(cache):
    cached = CachedTranslator(FakeTranslator, cache, KEY, name="fake")
    assert not cached.inner_created
    assert cached.translate_batch(["أ"]) == [Translation("[en] أ", -0.1)]
    assert isinstance(cached.inner, FakeTranslator)


def test_wrong_result_count_from_inner_is_an_error(cache):
    class Broken(FakeTranslator):
        def translate_batch(self, texts):
            return super().translate_batch(texts)[:-1]

    with pytest.raises(RuntimeError, match="returned 1 results for 2 segments"):
        CachedTranslator(Broken(), cache, KEY).translate_batch(["أ", "ب"])
    assert cache.count() == 0


def test_corrupt_file_is_reported_and_rebuilt(tmp_path, caplog):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / CACHE_FILENAME).write_bytes(b"this is not a database" * 100)
    with (
        caplog.at_level(logging.WARNING, logger="briefing.translation.cache"),
        TranslationCache(folder) as store,
    ):
        inner = FakeTranslator()
        out = CachedTranslator(inner, store, KEY).translate_batch(["أ"])
        assert out == [Translation("[en] أ", -0.1)]
        assert store.enabled
        assert store.count() == 1
    assert "unreadable" in caplog.text and "rebuilding" in caplog.text
    assert list(folder.glob(f"{CACHE_FILENAME}.corrupt-*"))


def test_file_corrupted_while_in_use_is_rebuilt(tmp_path, caplog):
    store = TranslationCache(tmp_path)
    store.put_many(KEY, {"أ": Translation("a", -0.1)})

    class Corrupt(sqlite3.DatabaseError):
        sqlite_errorname = "SQLITE_CORRUPT"

    class FailingConnection:
        def execute(self, *args):
            raise Corrupt("database disk image is malformed")

        def close(self):
            pass

    store.close()
    store._conn = FailingConnection()
    with caplog.at_level(logging.WARNING, logger="briefing.translation.cache"):
        assert store.get_many(KEY, ["أ"]) == {}
    assert "corrupt" in caplog.text
    store.put_many(KEY, {"ب": Translation("b", -0.2)})
    assert store.get_many(KEY, ["ب"]) == {"ب": Translation("b", -0.2)}
    store.close()


def test_unusable_location_runs_uncached(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="briefing.translation.cache"):
        store = TranslationCache(blocker / "cache")
        inner = FakeTranslator()
        cached = CachedTranslator(inner, store, KEY)
        cached.translate_batch(["أ"])
        cached.translate_batch(["أ"])
    assert inner.calls == [["أ"], ["أ"]]
    assert not store.enabled
    assert "disabled for this run" in caplog.text


def test_newer_schema_is_left_alone(tmp_path, caplog):
    path = tmp_path / CACHE_FILENAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with (
        caplog.at_level(logging.WARNING, logger="briefing.translation.cache"),
        TranslationCache(tmp_path) as store,
    ):
        assert store.get_many(KEY, ["أ"]) == {}
        assert not store.enabled
    assert "newer than this briefing" in caplog.text
    assert not list(tmp_path.glob("*.corrupt-*"))


def _writer(folder: str, worker: int, rounds: int) -> None:
    store = TranslationCache(folder)
    for batch in range(rounds):
        items = {f"{worker}-{batch}-{i}": Translation(f"t{worker}", -0.1) for i in range(20)}
        # Every worker also rewrites a shared segment: the same row contended by all.
        items["shared"] = Translation("shared", -0.2)
        store.put_many(KEY, items)
        assert store.get_many(KEY, list(items)) == items
    assert store.enabled
    store.close()


def test_concurrent_writers_do_not_corrupt_the_cache(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), w, 15)) for w in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [p.exitcode for p in workers] == [0, 0, 0, 0]
    with TranslationCache(tmp_path) as store:
        assert store.count() == 4 * 15 * 20 + 1
    conn = sqlite3.connect(tmp_path / CACHE_FILENAME)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


_CACHED_RUN = """
import json, sys
from briefing.translation.backends.marian import MarianTranslator
from briefing.translation.cache import CachedTranslator, TranslationCache, model_fingerprint, translation_key
from briefing.translation.stage import translate_texts

model_dir, cache_dir, texts = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
key = translation_key(model=model_fingerprint(model_dir), backend="transformers", settings={"beams": 1})
with TranslationCache(cache_dir) as cache:
    cached = CachedTranslator(lambda: MarianTranslator(model_dir, device="cpu", beams=1), cache, key,
                              name="tiny")
    out = translate_texts(texts, cached)
heavy = sorted(m for m in ("torch", "transformers", "ctranslate2") if m in sys.modules)
print(json.dumps({"out": {k: v.text for k, v in out.items()}, "misses": cached.misses, "heavy": heavy}))
"""


@pytest.mark.model
@requires_torch
def test_cached_rerun_does_not_import_torch(tiny_model_dir, tmp_path):
    texts = ["قال الكرملين إن القمة ستعقد في ألاسكا.", "ارتفعت أسعار النفط."]

    def run() -> dict:
        done = subprocess.run(
            [sys.executable, "-c", _CACHED_RUN, str(tiny_model_dir), str(tmp_path), json.dumps(texts)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    first = run()
    assert first["misses"] == 2
    assert "torch" in first["heavy"]
    second = run()
    assert second["misses"] == 0
    assert second["heavy"] == []
    assert second["out"] == first["out"]


def test_backend_flags_survive_the_cache(tmp_path):
    from briefing.translation.cache import TranslationCache
    from briefing.types import Translation

    cache = TranslationCache(tmp_path)
    cache.put_many("k", {"أ": Translation("a", -0.1, ("cap",)), "ب": Translation("b", -0.2)})
    found = cache.get_many("k", ["أ", "ب"])
    assert found["أ"].flags == ("cap",)
    assert found["ب"].flags == ()


def test_version_1_cache_gains_the_flags_column_and_keeps_its_rows(tmp_path):
    import sqlite3

    from briefing.translation.cache import CACHE_FILENAME, TranslationCache

    path = tmp_path / CACHE_FILENAME
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE translations (key TEXT NOT NULL, source TEXT NOT NULL, text TEXT NOT NULL,"
        " confidence REAL, created REAL NOT NULL, PRIMARY KEY (key, source)) WITHOUT ROWID"
    )
    conn.execute("INSERT INTO translations VALUES ('k', 'أ', 'a', -0.1, 0)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    cache = TranslationCache(tmp_path)
    assert cache.get_many("k", ["أ"])["أ"].text == "a"
    assert cache.get_many("k", ["أ"])["أ"].flags == ()
    cache.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
