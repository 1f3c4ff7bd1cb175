"""Persistent translation cache: a re-run on the same inputs translates nothing.

One SQLite file (``translations.sqlite3`` in the user cache directory, or in a folder given
with ``--cache-dir``/``BRIEFING_CACHE_DIR``) maps *(key, exact source segment)* to the English
text, its confidence and the backend's flags (``cap``: decoding hit the length limit, which
the text alone cannot tell; the other guards are re-run on every build). The key is a hash
of everything that changes a translation: the model's fingerprint, the backend and the
decoding settings. :class:`CachedTranslator` wraps any translator and calls it only for the
segments the cache does not know, so a fully cached run never loads the model, and never
imports torch, transformers or ctranslate2.

The store is shared between runs: it uses SQLite's write-ahead log and a busy timeout, so
concurrent builds read while one writes and wait for each other's short write transactions
instead of failing. A cache that cannot be read (corrupt file, full disk, read-only folder)
is reported through logging and rebuilt or bypassed; it never stops a briefing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from briefing.translation.stage import DEFAULT_MAX_INPUT_TOKENS, Translator, estimate_tokens
from briefing.types import TermUse, Translation

log = logging.getLogger(__name__)

CACHE_FILENAME = "translations.sqlite3"
# 2 added the flags column; a version-1 file gains it in place (its rows have no flags).
_SCHEMA_VERSION = 2
# Concurrent writers wait this long for each other. Writes are one short transaction per
# batch, so a wait of more than a few milliseconds means a stuck process, not contention.
_BUSY_TIMEOUT_S = 30.0
# SQLite caps the number of host parameters per statement (32766 since 3.32; 999 before).
_LOOKUP_CHUNK = 500
# Small files that define a model; hashed in full. Weights are identified by size and
# modification time (hashing hundreds of MB would cost more than the cache saves).
_DEFINING_FILES = (
    "config.json",
    "generation_config.json",
    "vocab.json",
    "target_vocab.json",
    "source.spm",
    "target.spm",
    "shared_vocabulary.json",
    "source_vocabulary.json",
    "target_vocabulary.json",
)
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.bin")


def _is_corruption(exc: BaseException) -> bool:
    """True when ``exc`` says the file is not a (sound) SQLite database."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name is not None:
        return name in {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
    # Older Pythons: corruption is reported as a plain DatabaseError; locks and I/O
    # problems as its subclass OperationalError.
    return type(exc) is sqlite3.DatabaseError


def default_cache_dir() -> Path:
    """The per-user cache folder (``~/.cache/briefing`` on Linux, per platformdirs)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefing", appauthor=False))


def model_fingerprint(model_dir: str | os.PathLike[str]) -> str:
    """A short hash identifying the model in ``model_dir``, computed without loading it.

    Hashes the content of the small defining files (config, vocabularies, SentencePiece
    models) and the identity of the weight files: in the Hugging Face cache the weights are
    links to blobs named by their content hash, which is used as is; elsewhere the size and
    modification time stand in for the content.

    Raises:
        FileNotFoundError: ``model_dir`` holds none of the files of a model.
    """
    folder = Path(model_dir)
    digest = hashlib.sha256()
    seen = 0
    for name in _DEFINING_FILES:
        path = folder / name
        if path.is_file():
            digest.update(f"{name}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
            seen += 1
    for name in _WEIGHT_FILES:
        path = folder / name
        if not path.is_file():
            continue
        resolved = path.resolve()
        if path.is_symlink() and resolved.parent.name == "blobs":
            identity = f"blob:{resolved.name}"
        else:
            stat = path.stat()
            identity = f"{stat.st_size}:{stat.st_mtime_ns}"
        digest.update(f"{name}\0{identity}\0".encode())
        seen += 1
    if not seen:
        raise FileNotFoundError(f"{folder} holds no model files to fingerprint")
    return digest.hexdigest()[:32]


def translation_key(*, model: str, backend: str, settings: Mapping[str, Any] | None = None) -> str:
    """The cache key for one way of translating: model fingerprint, backend, decoding settings.

    Args:
        model: :func:`model_fingerprint` of the model folder (or a hub id plus revision).
        backend: ``transformers``, ``ct2``... (different runtimes may word things differently).
        settings: Every option that can change the output: beams, compute type, device,
            maximum input tokens (it decides where long sentences are split)... Values must
            be JSON-serializable.

    Returns:
        A hex digest; equal settings give equal keys whatever their order.
    """
    payload = json.dumps(
        {"model": model, "backend": backend, "settings": dict(settings or {})},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def glossary_key(key: str, digest: str) -> str:
    """The key for translations made with a glossary: *key* (model, backend, settings) and its digest."""
    return hashlib.sha256(f"{key}\0glossary\0{digest}".encode()).hexdigest()


def _terms_json(uses: Sequence[TermUse]) -> str:
    return json.dumps([asdict(use) for use in uses], ensure_ascii=False)


def _terms_from_json(raw: str) -> tuple[TermUse, ...]:
    return tuple(TermUse(**item) for item in json.loads(raw or "[]"))


class TranslationCache:
    """SQLite store of translations, safe to share between concurrent runs.

    The file is opened on first use. Every failure is logged and turns the cache off for the
    rest of the run (lookups miss, stores are dropped); a file that is not a readable SQLite
    database is moved aside (``*.corrupt-<time>``) and a fresh one is created.

    Args:
        cache_dir: Folder for ``translations.sqlite3``; default :func:`default_cache_dir`.
        path: The database file itself (overrides ``cache_dir``).
    """

    def __init__(
        self,
        cache_dir: str | os.PathLike[str] | None = None,
        *,
        path: str | os.PathLike[str] | None = None,
    ) -> None:
        if path is not None:
            self.path = Path(path).expanduser()
        else:
            folder = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
            self.path = folder / CACHE_FILENAME
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        self._rebuilt = False

    # -- connection -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        """The open connection, creating and checking the database on first use."""
        if self._conn is not None or self._disabled:
            return self._conn
        try:
            self._conn = self._open()
        except (sqlite3.Error, OSError) as exc:
            if not _is_corruption(exc):
                self._disable(exc)
                return None
            log.warning("translation cache %s is unreadable (%s); rebuilding it", self.path, exc)
            self._move_aside()
            try:
                self._conn = self._open()
            except (sqlite3.Error, OSError) as again:
                self._disable(again)
        return self._conn

    def _fail(self, exc: sqlite3.Error) -> None:
        """Handle an error during use: rebuild a corrupt file (once), else stop using the cache."""
        if _is_corruption(exc) and not self._rebuilt:
            log.warning("translation cache %s is corrupt (%s); rebuilding it", self.path, exc)
            self._rebuilt = True
            self.close()
            self._move_aside()
        else:
            self._disable(exc)

    def _open(self) -> sqlite3.Connection:
        """Open (creating if needed) the database and make sure its table exists."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE in put_many).
        # check_same_thread=False: a long-lived Briefer (and `briefing serve`) calls the
        # translator from several threads, one at a time under its lock.
        conn = sqlite3.connect(
            self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
            # WAL: readers never block the writer and a crash mid-write cannot corrupt the
            # file. Concurrent first runs may race to switch it on; both end in WAL.
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            # A version we do not know was written by a newer briefing: leave it alone (not
            # corrupt) and run uncached.
            if version not in (0, 1, _SCHEMA_VERSION):
                raise sqlite3.OperationalError(f"cache schema version {version} is newer than this briefing")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS translations ("
                " key TEXT NOT NULL, source TEXT NOT NULL, text TEXT NOT NULL, confidence REAL,"
                " created REAL NOT NULL, flags TEXT NOT NULL DEFAULT '',"
                " PRIMARY KEY (key, source)) WITHOUT ROWID"
            )
            if version == 1:
                columns = {row[1] for row in conn.execute("PRAGMA table_info(translations)")}
                if "flags" not in columns:
                    conn.execute("ALTER TABLE translations ADD COLUMN flags TEXT NOT NULL DEFAULT ''")
            if version != _SCHEMA_VERSION:
                conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            # Reading the table catches files whose header is fine but whose pages are not.
            conn.execute("SELECT count(*) FROM (SELECT 1 FROM translations LIMIT 1)").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self) -> None:
        """Rename the unreadable database (and its WAL files) so a new one can be created."""
        stamp = time.strftime("%Y%m%dT%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{self.path}{suffix}")
            if path.exists():
                try:
                    path.replace(Path(f"{self.path}.corrupt-{stamp}{suffix}"))
                except OSError as exc:
                    log.warning("could not move %s aside: %s", path, exc)

    def _disable(self, exc: BaseException) -> None:
        """Stop using the cache for this run (logged once)."""
        log.warning("translation cache %s disabled for this run: %s", self.path, exc)
        self._disabled = True
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn = None

    @property
    def enabled(self) -> bool:
        """False once a failure turned the cache off for this run."""
        return not self._disabled

    def close(self) -> None:
        """Close the database (it is reopened on next use)."""
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- data -------------------------------------------------------------------------

    def get_many(self, key: str, sources: Iterable[str]) -> dict[str, Translation]:
        """The cached translations of ``sources`` under ``key`` (missing ones are left out)."""
        select = "SELECT source, text, confidence, flags FROM translations"
        return self._lookup(
            key,
            sources,
            select,
            lambda row: Translation(text=row[1], confidence=row[2], flags=_flags(row[3])),
        )

    def put_many(self, key: str, translations: Mapping[str, Translation]) -> None:
        """Store ``translations`` (source -> translation) under ``key``, in one transaction."""
        now = time.time()
        self._store(
            "INSERT OR REPLACE INTO translations (key, source, text, confidence, created, flags)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (key, source, t.text, t.confidence, now, ",".join(t.flags))
                for source, t in translations.items()
            ],
        )

    # -- translations made with a glossary ----------------------------------------------
    # Their own table (same file, same failure handling): a row also holds the term reports,
    # and the main table's schema stays as every other user of the cache knows it.

    def _terms_table(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS glossary_translations ("
            " key TEXT NOT NULL, source TEXT NOT NULL, text TEXT NOT NULL, confidence REAL,"
            " flags TEXT NOT NULL, terms TEXT NOT NULL, created REAL NOT NULL,"
            " PRIMARY KEY (key, source)) WITHOUT ROWID"
        )

    def get_terms(self, key: str, sources: Iterable[str]) -> dict[str, Translation]:
        """Translations made with a glossary (key from :func:`glossary_key`), with their term reports."""
        select = "SELECT source, text, confidence, flags, terms FROM glossary_translations"
        try:
            return self._lookup(
                key,
                sources,
                select,
                lambda row: Translation(
                    text=row[1], confidence=row[2], flags=_flags(row[3]), terms=_terms_from_json(row[4])
                ),
                prepare=self._terms_table,
            )
        except (ValueError, TypeError) as exc:  # a row written by another version
            log.warning("translation cache %s: unreadable glossary rows ignored (%s)", self.path, exc)
            return {}

    def put_terms(self, key: str, translations: Mapping[str, Translation]) -> None:
        """Store translations made with a glossary, and their term reports, in one transaction."""
        now = time.time()
        self._store(
            "INSERT OR REPLACE INTO glossary_translations"
            " (key, source, text, confidence, flags, terms, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (key, source, t.text, t.confidence, ",".join(t.flags), _terms_json(t.terms), now)
                for source, t in translations.items()
            ],
            prepare=self._terms_table,
        )

    # -- one lookup and one write for both tables ------------------------------------------

    def _lookup(
        self,
        key: str,
        sources: Iterable[str],
        select: str,
        make: Callable[[tuple[Any, ...]], Translation],
        *,
        prepare: Callable[[sqlite3.Connection], None] | None = None,
    ) -> dict[str, Translation]:
        """``select``'s rows for ``key`` and ``sources`` as ``{source: make(row)}``; {} on a cache error."""
        wanted = list(dict.fromkeys(sources))
        conn = self._connect()
        if conn is None or not wanted:
            return {}
        try:
            if prepare is not None:
                prepare(conn)
            return {row[0]: make(row) for row in _select(conn, select, key, wanted)}
        except sqlite3.Error as exc:
            self._fail(exc)
            return {}

    def _store(
        self,
        statement: str,
        rows: list[tuple[Any, ...]],
        *,
        prepare: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        """``statement`` for every row, in one transaction; a cache error stops or rebuilds the cache."""
        conn = self._connect()
        if conn is None or not rows:
            return
        try:
            if prepare is not None:
                prepare(conn)
            _insert(conn, statement, rows)
        except sqlite3.Error as exc:
            self._fail(exc)

    def count(self, key: str | None = None) -> int:
        """Number of stored translations (under ``key``, or in total)."""
        conn = self._connect()
        if conn is None:
            return 0
        try:
            if key is None:
                return conn.execute("SELECT count(*) FROM translations").fetchone()[0]
            return conn.execute("SELECT count(*) FROM translations WHERE key = ?", (key,)).fetchone()[0]
        except sqlite3.Error as exc:
            self._fail(exc)
            return 0

    def clear(self) -> None:
        """Delete every stored translation."""
        conn = self._connect()
        if conn is None:
            return
        try:
            conn.execute("DELETE FROM translations")
            conn.execute("DROP TABLE IF EXISTS glossary_translations")
        except sqlite3.Error as exc:
            self._fail(exc)


TranslatorFactory = Callable[[], Translator]


class CachedTranslator:
    """A :class:`~briefing.translation.stage.Translator` that asks the cache first.

    Only the segments the cache does not hold reach the inner translator, which is created
    (from a factory) on the first miss. Token counting, which decides where long sentences
    are split, uses ``count_tokens`` when given, else the inner translator's (our backends
    count with SentencePiece alone, no model load).

    Args:
        inner: A translator, or a zero-argument callable returning one (called on first need).
        cache: The store.
        key: From :func:`translation_key`; must change whenever the output could.
        name: Translator name shown in the briefing; default: the inner translator's name
            (with a factory: ``"cached"`` unless given).
        count_tokens: Token counter to use without creating the inner translator.
        max_input_tokens: Segment limit to report without creating the inner translator.

    Attributes:
        hits: Segments answered from the cache so far.
        misses: Segments sent to the inner translator so far.
    """

    def __init__(
        self,
        inner: Translator | TranslatorFactory,
        cache: TranslationCache,
        key: str,
        *,
        name: str | None = None,
        count_tokens: Callable[[str], int] | None = None,
        max_input_tokens: int | None = None,
    ) -> None:
        # A class has translate_batch too, but is a factory (called to make the instance).
        is_instance = hasattr(inner, "translate_batch") and not isinstance(inner, type)
        self._inner: Translator | None = inner if is_instance else None  # type: ignore[assignment]
        self._factory: TranslatorFactory | None = None if is_instance else inner  # type: ignore[assignment]
        self.cache = cache
        self.key = key
        self.name = name or (getattr(inner, "name", None) if is_instance else None) or "cached"
        self._count_tokens = count_tokens
        self._max_input_tokens = max_input_tokens
        self.hits = 0
        self.misses = 0

    @property
    def inner(self) -> Translator:
        """The wrapped translator (created from the factory on first access)."""
        if self._inner is None:
            assert self._factory is not None
            self._inner = self._factory()
        return self._inner

    @property
    def inner_created(self) -> bool:
        """Whether the inner translator exists yet (False after a fully cached run with a factory)."""
        return self._inner is not None

    @property
    def max_input_tokens(self) -> int:
        """The inner translator's segment limit (or the one given)."""
        if self._max_input_tokens is not None:
            return self._max_input_tokens
        return getattr(self.inner, "max_input_tokens", None) or DEFAULT_MAX_INPUT_TOKENS

    def count_tokens(self, text: str) -> int:
        """Model tokens of ``text``: the given counter, the inner translator's, or an estimate."""
        if self._count_tokens is None:
            self._count_tokens = getattr(self.inner, "count_tokens", None) or estimate_tokens
        return self._count_tokens(text)

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        """Translations of ``texts`` in order: cached ones looked up, the rest translated and stored.

        Raises:
            RuntimeError: The inner translator returned a different number of results.
        """
        if not texts:
            return []
        known = self.cache.get_many(self.key, texts)
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        self.hits += sum(1 for text in texts if text in known)
        if missing:
            results = self.inner.translate_batch(missing)
            if len(results) != len(missing):
                raise RuntimeError(
                    f"translator {self.name!r} returned {len(results)} results for {len(missing)} segments"
                )
            fresh = dict(zip(missing, results, strict=True))
            self.cache.put_many(self.key, fresh)
            known.update(fresh)
            self.misses += len(missing)
        log.debug("translation cache: %d of %d segments found", len(texts) - len(missing), len(texts))
        return [known[text] for text in texts]


def _flags(stored: str) -> tuple[str, ...]:
    """The flags of a row (stored comma-separated)."""
    return tuple(flag for flag in stored.split(",") if flag)


def _select(conn: sqlite3.Connection, select: str, key: str, sources: list[str]) -> Iterator[tuple[Any, ...]]:
    """Rows of ``select`` for ``key`` and ``sources``, asked in chunks (SQLite caps parameters)."""
    for start in range(0, len(sources), _LOOKUP_CHUNK):
        chunk = sources[start : start + _LOOKUP_CHUNK]
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(f"{select} WHERE key = ? AND source IN ({marks})", [key, *chunk])


def _insert(conn: sqlite3.Connection, statement: str, rows: list[tuple[Any, ...]]) -> None:
    """``statement`` for every row, in one immediate transaction (all or nothing)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(statement, rows)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
