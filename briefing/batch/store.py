"""The output folder of a batch run: atomic shards, the run record, the final files.

::

    OUTDIR/
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
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import BackendUnavailableError, ConfigError
from briefing.fsutil import atomic_writer, write_text_atomic
from briefing.ingest.discover import InputFile, discover, display_path
from briefing.types import Skipped

log = logging.getLogger(__name__)

SHARDS_DIR = "shards"
RUN_FILE = "run.json"
INFLIGHT_FILE = "inflight.json"
FORMATS = ("jsonl", "parquet")
_SHARD_NAME = re.compile(r"^part-(\d{5,})\.jsonl$")
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One input file of a batch, identified by its content and location.

    Attributes:
        key: ``"<sha256>:<absolute path>"``; the unit of exactly-once.
        source: The path as the user gave it (shown in the output records).
        sha256: SHA-256 of the file's bytes.
        path: Absolute path, what workers open (their working folder may differ).
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
                key=f"{digest}:{path}",
                source=str(entry.path),
                sha256=digest,
                path=path,
                overrides=entry.overrides,
            )
        )
    return Plan(items=tuple(items), skipped=(*skipped, *extra))


def shard_line(key: str, kind: str, record: Mapping[str, Any]) -> str:
    """One line of a shard (no newline): ``kind`` is ``article`` or ``skipped``."""
    return json.dumps({"key": key, "kind": kind, "record": record}, ensure_ascii=False)


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
        """Every shard line, in shard order, parsed."""
        for path in self.shard_paths():
            with path.open(encoding="utf-8") as handle:
                for number, text in enumerate(handle, start=1):
                    if not text.strip():
                        continue
                    try:
                        yield json.loads(text)
                    except json.JSONDecodeError as exc:
                        # Shards are renamed into place whole, so this is damage from outside
                        # (an editor, a full disk before the rename was atomic...): say where.
                        raise ConfigError(
                            f"{path}:{number} is not valid JSON ({exc.msg}); delete that shard to redo "
                            "its inputs, or start again with --restart"
                        ) from exc

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
            changed = sorted(k for k in identity.keys() | before.keys() if before.get(k) != identity.get(k))
            if changed:
                detail = "; ".join(f"{k}: {before.get(k)!r} then, {identity.get(k)!r} now" for k in changed)
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

    def read_inflight(self) -> tuple[list[str], bool]:
        """Keys a previous local run was working on when it stopped, and whether that run
        was already retrying them one at a time (after an earlier crash)."""
        path = self.shards_dir / INFLIGHT_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return [str(key) for key in data["keys"]], bool(data.get("isolating", False))
        except FileNotFoundError:
            return [], False
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("ignoring unreadable %s", path)
            return [], False

    def set_inflight(self, keys: Iterable[str], *, isolating: bool = False) -> None:
        """Record the keys being worked on (replaced at every chunk; atomic)."""
        text = json.dumps({"keys": list(keys), "isolating": isolating}, ensure_ascii=False)
        write_text_atomic(self.shards_dir / INFLIGHT_FILE, text, overwrite=True)

    def clear_inflight(self) -> None:
        """Forget the in-flight record (the chunk finished, or the run stopped cleanly)."""
        with contextlib.suppress(FileNotFoundError):
            (self.shards_dir / INFLIGHT_FILE).unlink()

    # -------------------------------------------------------------------- assembly

    def assemble(self, plan: Plan, *, format: str = "jsonl") -> tuple[int, int, list[Path]]:
        """Write the final articles and skipped files from the shards, atomically.

        Only lines whose key belongs to ``plan`` are used (a file changed since its record
        was made is left out; it was done again under its new key). Lines come in shard order.

        Returns:
            ``(articles, skipped, paths written)``.
        """
        if format not in FORMATS:
            raise ConfigError(f"unknown batch format {format!r}; choose one of {', '.join(FORMATS)}")
        wanted = {item.key for item in plan.items}
        seen: set[str] = set()
        counts = {"article": 0, "skipped": len(plan.skipped)}
        stale = 0
        paths = [self.outdir / f"articles.{format}", self.outdir / f"skipped.{format}"]
        with (
            _RecordWriter(paths[0], format, _article_schema) as articles,
            _RecordWriter(paths[1], format, _skipped_schema) as skipped,
        ):
            writers = {"article": articles, "skipped": skipped}
            for entry in plan.skipped:
                skipped.write({"source": entry.source, "reason": entry.reason})
            # Streamed: memory holds the keys, never the records (an archive has millions).
            for line in self.lines():
                key = line["key"]
                if key not in wanted:
                    stale += 1
                    continue
                if key in seen:  # cannot happen with one writer; never write a record twice
                    log.warning("shards hold %s twice; keeping the first", key)
                    continue
                seen.add(key)
                kind = "article" if line["kind"] == "article" else "skipped"
                writers[kind].write(line["record"])
                counts[kind] += 1
        if stale:
            log.info("left out %d record(s) of inputs that changed or are no longer listed", stale)
        return counts["article"], counts["skipped"], paths


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
        ]
    )


def _skipped_schema() -> Any:
    pa = require_pyarrow()
    return pa.schema([("source", pa.string()), ("reason", pa.string())])
