"""The output folder of a batch run: atomic shards, the run record, the final files.

::

    OUTDIR/
      batch.lock               held (flock) by the run working in this folder; its pid, host, start
      run.json                 settings the run started with; a resume must use the same
      shards/part-00000.jsonl  one line per finished input: {"key", "kind", "record"}
      shards/inflight.json     (local engine) the inputs being worked on right now
      articles.jsonl           assembled at the end from the shards, atomically
      skipped.jsonl            (or .parquet with --format parquet)

Exactly once: an input is identified by its *key*, the SHA-256 of its bytes plus its
absolute path. A shard is written to a temporary name and renamed into place, so it either
holds every line it was given or does not exist; a line lands in exactly one shard because a
run only works on the keys no shard holds yet, and only one process (the local engine, or
the Ray driver) writes shards. A run that is killed loses at most the work not yet in a
shard; the next run does that work again and nothing else. A changed file has a new key:
its old record is left out of the final files and the file is done again.

File names are bytes: a name the file system allows but that is not UTF-8 (an Arabic name
from a cp1256 zip) reaches Python as surrogate escapes, which neither JSON nor Parquet can
hold. Keys, ``source`` fields and every string of a record are written with
:func:`safe_text`: each undecodable byte as ``\\xNN`` (``\\xc7\\xe1.txt``), the rest as
is, so a record says which file it came from, byte for byte; workers open the real path.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import logging
import os
import re
import socket
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import BackendUnavailableError, BriefingError, ConfigError
from briefing.fsutil import atomic_writer, write_text_atomic
from briefing.ingest.discover import InputFile, discover, display_path
from briefing.types import Skipped

log = logging.getLogger(__name__)

SHARDS_DIR = "shards"
RUN_FILE = "run.json"
INFLIGHT_FILE = "inflight.json"
LOCK_FILE = "batch.lock"
FORMATS = ("jsonl", "parquet")
_SHARD_NAME = re.compile(r"^part-(\d{5,})\.jsonl$")
_HASH_CHUNK = 1 << 20
# Lone surrogates: from os.fsdecode (U+DC80-U+DCFF, one per undecodable byte) or from text
# that was never valid UTF-16; the encoders of JSON-as-UTF-8 and Parquet refuse both.
_SURROGATE = re.compile("[\ud800-\udfff]")
# A valid absolute path starts with "/" (or a drive letter): this marks a key made from an
# escaped one, so it can never equal the key of a file whose name holds a literal "\x".
_ESCAPED_KEY = "bytes:"


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """``text`` itself when it is valid Unicode; else each undecodable byte as ``\\xNN``.

    ``os.fsdecode(b"\\xc7\\xe1.txt")`` is ``"\\udcc7\\udce1.txt"``, which cannot be written as
    UTF-8; this gives ``"\\\\xc7\\\\xe1.txt"`` (readable, and the bytes can be read off it).
    """
    return _SURROGATE.sub(_escape_surrogate, text)


def json_safe(value: Any) -> Any:
    """``value`` (JSON-shaped: dicts, lists, strings...) with every string made :func:`safe_text`."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Mapping):
        return {safe_text(str(k)): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def input_key(digest: str, path: str) -> str:
    """The key of the file at absolute ``path`` with SHA-256 ``digest`` (JSON-safe, unique)."""
    text = safe_text(path)
    return f"{digest}:{path}" if text == path else f"{digest}:{_ESCAPED_KEY}{text}"


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One input file of a batch, identified by its content and location.

    Attributes:
        key: ``"<sha256>:<absolute path>"`` (see :func:`input_key`); the unit of exactly-once.
        source: The path as the user gave it (shown in the output records), as :func:`safe_text`.
        sha256: SHA-256 of the file's bytes.
        path: Absolute path, what workers open (their working folder may differ); may hold
            surrogate escapes (a name that is not UTF-8), so never written as text.
        overrides: Metadata overrides from a manifest (as ``InputFile.overrides``).
    """

    key: str
    source: str
    sha256: str
    path: str = ""
    overrides: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run has to cover: the usable files in order, and inputs skipped on sight."""

    items: tuple[WorkItem, ...]
    skipped: tuple[Skipped, ...] = ()


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def plan_inputs(inputs: Sequence[str | os.PathLike[str]]) -> Plan:
    """Expand ``inputs`` as ``build`` does (:func:`briefing.ingest.discover.discover`) and key each file.

    A file that cannot be read to hash it is skipped with the reason; it cannot be read by
    the pipeline either.
    """
    files, skipped = discover(inputs)
    items: list[WorkItem] = []
    extra: list[Skipped] = []
    for entry in files:
        # batch inputs are paths (plan_inputs' signature), so discover() yields only files
        assert isinstance(entry, InputFile)
        name = display_path(entry.path)
        try:
            digest = file_sha256(entry.path)
        except OSError as exc:
            extra.append(Skipped(name, f"cannot be read ({exc.strerror or exc}); check its permissions"))
            continue
        path = os.path.abspath(entry.path)
        items.append(
            WorkItem(
                key=input_key(digest, path),
                source=safe_text(str(entry.path)),
                sha256=digest,
                path=path,
                overrides=entry.overrides,
            )
        )
    return Plan(items=tuple(items), skipped=(*skipped, *extra))


@contextlib.contextmanager
def hold_output(outdir: str | os.PathLike[str]) -> Iterator[None]:
    """Hold ``outdir`` for one batch run: a second run into the same folder is refused.

    An exclusive ``flock`` on ``OUTDIR/batch.lock``, which the operating system releases when
    the holder ends in any way (even ``kill -9``), so a lock never outlives its run. The file
    names the holder (pid, host, start time) for the message of the run that is refused.

    Raises:
        BriefingError: Another process holds the folder (the message names it).
    """
    try:
        import fcntl  # POSIX; elsewhere the folder is not locked (see docs/batch.md)
    except ImportError:  # pragma: no cover - Windows
        log.debug("no fcntl: %s is not locked against a second run", outdir)
        yield
        return
    folder = Path(outdir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BriefingError(_held_message(folder, path)) from None
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(holder) + "\n").encode("utf-8"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _held_message(folder: Path, path: Path) -> str:
    """The refusal of a second run into ``folder``, naming the run that holds it."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        who = f"process {holder['pid']} on {holder['host']}, started {holder['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        who = "a process that has not said which yet"
    return (
        f"{folder} is in use by another briefing batch run ({who}); wait for it to finish or stop "
        "it, or choose another -o. The lock ends with the process that holds it, so once that "
        "run is gone this folder can be resumed"
    )


def shard_line(key: str, kind: str, record: Mapping[str, Any]) -> str:
    """One line of a shard (no newline): ``kind`` is ``article`` or ``skipped``.

    Every string is made writable first (:func:`json_safe`): a record may quote a file name that
    is not UTF-8 (a title taken from it, an error message naming it).
    """
    line = json.dumps({"key": key, "kind": kind, "record": record}, ensure_ascii=False)
    if _SURROGATE.search(line) is None:  # the usual case: no walk over the record
        return line
    return json.dumps(json_safe({"key": key, "kind": kind, "record": record}), ensure_ascii=False)


# Run-record keys that earlier versions did not write: a run.json without one is resumed.
_ADDED_LATER = frozenset({"model_fingerprint"})


def _change(key: str, then: Any, now: Any) -> str:
    """One difference between a run record and this run, as the refusal says it."""
    if key == "model_fingerprint":
        return (
            "the model's files changed since that run (same name or path, other content: "
            f"fingerprint {then} then, {now} now)"
        )
    return f"{key}: {then!r} then, {now!r} now"


@dataclass(slots=True)
class ShardStore:
    """Reads and writes one batch output folder (see the module docstring).

    Args:
        outdir: The folder (created on first write).
    """

    outdir: Path
    _next: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.outdir = Path(self.outdir)

    @property
    def shards_dir(self) -> Path:
        return self.outdir / SHARDS_DIR

    def shard_paths(self) -> list[Path]:
        """The finished shards, in the order they were written."""
        if not self.shards_dir.is_dir():
            return []
        found = [(int(m.group(1)), p) for p in self.shards_dir.iterdir() if (m := _SHARD_NAME.match(p.name))]
        return [p for _, p in sorted(found)]

    def lines(self) -> Iterator[dict[str, Any]]:
        """Every shard line, in shard order, parsed.

        Raises:
            ConfigError: A shard is damaged (not UTF-8, not JSON, or a line of another shape);
                the message names the shard and line and says what to do.
        """
        for path in self.shard_paths():
            with path.open("rb") as handle:
                for number, raw in enumerate(handle, start=1):
                    if raw.strip():
                        yield _parse_line(path, number, raw)

    def done_keys(self) -> set[str]:
        """Keys of every input some shard already holds."""
        return {line["key"] for line in self.lines()}

    def remove_temporaries(self) -> int:
        """Delete half-written shards left by a killed run; return how many there were."""
        if not self.shards_dir.is_dir():
            return 0
        removed = 0
        for path in self.shards_dir.glob(".part-*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
        return removed

    def write_shard(self, lines: Sequence[str]) -> Path | None:
        """Write ``lines`` as the next shard, atomically; ``None`` when there is nothing to write."""
        if not lines:
            return None
        if not self._next:
            existing = self.shard_paths()
            self._next = int(_SHARD_NAME.match(existing[-1].name).group(1)) + 1 if existing else 0  # type: ignore[union-attr]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        while True:
            path = self.shards_dir / f"part-{self._next:05d}.jsonl"
            self._next += 1
            if path.exists():
                continue
            with contextlib.suppress(FileExistsError):
                with atomic_writer(path) as handle:
                    handle.write(data)
                return path

    # ------------------------------------------------------------------ run record

    def check_run(self, identity: Mapping[str, Any], *, restart: bool = False) -> bool:
        """Record the run's settings, or check them against the run this folder holds.

        Returns:
            True when earlier shards are kept (a resume), False for a fresh start.

        Raises:
            ConfigError: The folder holds a run made with other settings (mixing them would
                give records made two ways) and ``restart`` is false.
        """
        run_file = self.outdir / RUN_FILE
        if restart:
            self._discard()
        elif run_file.is_file():
            try:
                before = json.loads(run_file.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise ConfigError(f"{run_file} cannot be read ({exc}); start again with --restart") from exc
            changed = sorted(
                k
                for k in identity.keys() | before.keys()
                if before.get(k) != identity.get(k) and (k in before or k not in _ADDED_LATER)
            )
            if changed:
                detail = "; ".join(_change(k, before.get(k), identity.get(k)) for k in changed)
                raise ConfigError(
                    f"{self.outdir} holds a batch run made with other settings ({detail}). Resume it with "
                    "the same options, choose another -o, or pass --restart to discard its results"
                )
            return True
        elif self.shard_paths():
            raise ConfigError(
                f"{self.outdir} holds shards but no {RUN_FILE}; it was not written by this version of "
                "briefing batch. Choose another -o or pass --restart to discard them"
            )
        write_text_atomic(
            run_file, json.dumps(dict(identity), indent=2, sort_keys=True) + "\n", overwrite=True
        )
        return False

    def _discard(self) -> None:
        """Remove every shard, the in-flight record and the run record (--restart)."""
        for path in self.shard_paths():
            path.unlink()
        self.remove_temporaries()
        for path in (self.shards_dir / INFLIGHT_FILE, self.outdir / RUN_FILE):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        self._next = 0

    # -------------------------------------------------------------- in-flight record

    def read_inflight(self) -> list[str]:
        """Keys a previous local run was working on when it stopped (empty when none)."""
        path = self.shards_dir / INFLIGHT_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return [str(key) for key in data["keys"]]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("ignoring unreadable %s", path)
            return []

    def set_inflight(self, keys: Iterable[str]) -> None:
        """Record the keys being worked on (replaced at every chunk; atomic)."""
        text = json.dumps({"keys": list(keys)}, ensure_ascii=False)
        write_text_atomic(self.shards_dir / INFLIGHT_FILE, text, overwrite=True)

    def clear_inflight(self) -> None:
        """Forget the in-flight record (the chunk finished, or the run stopped cleanly)."""
        with contextlib.suppress(FileNotFoundError):
            (self.shards_dir / INFLIGHT_FILE).unlink()

    # -------------------------------------------------------------------- assembly

    def assemble(
        self,
        plan: Plan,
        *,
        format: str = "jsonl",
        rewrite: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> tuple[int, int, list[Path]]:
        """Write the final articles and skipped files from the shards, atomically.

        Only lines whose key belongs to ``plan`` are used (a file changed since its record
        was made is left out; it was done again under its new key). Lines come in shard order.

        Args:
            plan: The inputs of the run.
            format: ``jsonl`` or ``parquet``.
            rewrite: Applied to each article record before it is written (the batch's
                spelling pass, :mod:`briefing.batch.spellings`); the shards are not changed.

        Returns:
            ``(articles, skipped, paths written)``.
        """
        if format not in FORMATS:
            raise ConfigError(f"unknown batch format {format!r}; choose one of {', '.join(FORMATS)}")
        counts = {"article": 0, "skipped": len(plan.skipped)}
        stale: Counter[str] = Counter()
        paths = [self.outdir / f"articles.{format}", self.outdir / f"skipped.{format}"]
        with (
            _RecordWriter(paths[0], format, _article_schema) as articles,
            _RecordWriter(paths[1], format, _skipped_schema) as skipped,
        ):
            for entry in plan.skipped:
                skipped.write({"source": entry.source, "reason": entry.reason})
            # Streamed: memory holds the keys, never the records (an archive has millions).
            for kind, record in self._kept(plan, stale):
                if kind == "skipped":
                    skipped.write(record)
                else:
                    articles.write(rewrite(record) if rewrite else record)
                counts[kind] += 1
        if stale:
            log.info("left out %d record(s) of inputs that changed or are no longer listed", stale.total())
        return counts["article"], counts["skipped"], paths

    def articles(self, plan: Plan) -> Iterator[dict[str, Any]]:
        """The article records :meth:`assemble` writes, in its order, as the shards hold them."""
        return (record for kind, record in self._kept(plan) if kind == "article")

    def _kept(self, plan: Plan, stale: Counter[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(kind, record)`` of each shard line of ``plan``'s inputs, once, in shard order.

        ``stale`` (when given) counts the lines left out by kind: inputs that changed or are no
        longer listed.
        """
        wanted = {item.key for item in plan.items}
        seen: set[str] = set()
        for line in self.lines():
            key = line["key"]
            if key not in wanted:
                if stale is not None:
                    stale[line["kind"]] += 1
                continue
            if key in seen:  # cannot happen with one writer; never write a record twice
                log.warning("shards hold %s twice; keeping the first", key)
                continue
            seen.add(key)
            yield ("article" if line["kind"] == "article" else "skipped"), line["record"]


class _RecordWriter:
    """Writes records to ``path`` as JSON lines or Parquet, atomically, as they come."""

    _ROWS_PER_GROUP = 1000

    def __init__(self, path: Path, format: str, schema: Callable[[], Any]) -> None:
        self.path, self.format, self.schema = path, format, schema
        self._context = atomic_writer(path, overwrite=True)
        self._pending: list[Mapping[str, Any]] = []
        self._parquet: Any = None

    def __enter__(self) -> _RecordWriter:
        self._handle = self._context.__enter__()
        if self.format == "parquet":
            self._schema = self.schema()
            self._parquet = require_pyarrow().parquet.ParquetWriter(self._handle, self._schema)
        return self

    def write(self, record: Mapping[str, Any]) -> None:
        record = json_safe(record)
        if self._parquet is None:
            self._handle.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            return
        self._pending.append(record)
        if len(self._pending) >= self._ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        self._parquet.write_table(require_pyarrow().Table.from_pylist(self._pending, schema=self._schema))
        self._pending = []

    def __exit__(self, *exc_info: Any) -> None:
        try:
            if self._parquet is not None:
                if self._pending and exc_info[0] is None:
                    self._flush()
                self._parquet.close()
        finally:
            self._context.__exit__(*exc_info)


def _parse_line(path: Path, number: int, raw: bytes) -> dict[str, Any]:
    """One shard line as ``{"key", "kind", "record"}``, or ConfigError saying where it is damaged.

    Shards are renamed into place whole, so damage comes from outside (an editor, a disk or
    copy that went wrong): the message names the place instead of a traceback.
    """
    try:
        line = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problem = "is not UTF-8 text"
    except json.JSONDecodeError as exc:
        problem = f"is not valid JSON ({exc.msg})"
    else:
        if (
            isinstance(line, dict)
            and isinstance(line.get("key"), str)
            and line.get("kind") in ("article", "skipped")
            and isinstance(line.get("record"), dict)
        ):
            return line
        problem = 'is not a shard line ({"key", "kind", "record"})'
    raise ConfigError(
        f"{path}:{number} {problem}; the shard is damaged. Delete that shard to redo its inputs, "
        "or start again with --restart"
    )


def require_pyarrow() -> Any:
    """The pyarrow module (with parquet), or BackendUnavailableError naming the install command."""
    try:
        import pyarrow  # lazy: an optional extra, needed only for --format parquet
        import pyarrow.parquet
    except ImportError as exc:
        raise BackendUnavailableError(
            '--format parquet needs pyarrow, which is not installed: pip install "briefing[ray]" '
            "(or pip install pyarrow)"
        ) from exc
    return pyarrow


def _article_schema() -> Any:
    pa = require_pyarrow()
    text = pa.string()
    return pa.schema(
        [
            ("source", text),
            ("sha256", text),
            (
                "metadata",
                pa.struct([(name, text) for name in ("title", "outlet", "author", "published", "url")]),
            ),
            ("title", text),
            ("title_en", text),
            (
                "sentences",
                pa.list_(
                    pa.struct(
                        [
                            ("index", pa.int32()),
                            ("arabic", text),
                            ("english", text),
                            ("confidence", pa.float64()),
                            ("flags", pa.list_(text)),
                            (
                                "terms",
                                pa.list_(
                                    pa.struct(
                                        [
                                            ("arabic", text),
                                            ("english", text),
                                            ("applied", pa.bool_()),
                                            ("method", text),
                                            ("reason", text),
                                            ("origin", text),
                                        ]
                                    )
                                ),
                            ),
                        ]
                    )
                ),
            ),
            ("summarizer", text),
            ("model", text),
            (
                "spellings",
                pa.list_(pa.struct([("arabic", text), ("english", text), ("replaced", pa.list_(text))])),
            ),
        ]
    )


def _skipped_schema() -> Any:
    pa = require_pyarrow()
    return pa.schema([("source", pa.string()), ("reason", pa.string())])
