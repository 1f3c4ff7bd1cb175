"""Briefing jobs for the service: a bounded queue, worker threads, results kept for a while.

Nothing here imports a web framework; :mod:`briefing.serve.app` puts HTTP in front of it.

A job is accepted only when the queue has room (:class:`QueueFullError` otherwise), so the
memory a burst can take is bounded and an accepted job is never dropped: workers take jobs
in arrival order until the queue is empty. A job that fails (no usable article, a model
error) fails alone with its message; the workers go on. Finished jobs are kept for
``ttl_s`` seconds after they end (and at most ``max_finished`` of them), then forgotten.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import queue
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefing.briefer import Briefer
from briefing.compose import render
from briefing.errors import BriefingError
from briefing.ingest.textinput import InputItem
from briefing.result import BriefingResult
from briefing.types import Skipped, SourceRef

log = logging.getLogger(__name__)

STATUSES = ("queued", "running", "done", "failed")

# Share of the progress bar each stage fills: reading is quick, translating is most of
# the time, composing the files is short.
_STAGE_SPAN = {"read": (0.0, 0.2), "translate": (0.2, 0.95), "compose": (0.95, 1.0)}


class QueueFullError(BriefingError):
    """The job queue is full; try again later."""


@dataclass(eq=False)
class Job:
    """One briefing request and its state (mutable; guarded by the :class:`JobQueue` lock).

    Attributes:
        id: Random identifier (hex).
        inputs: Articles (paths of uploaded files and :class:`ArticleText` items).
        formats: Files to render when done (``docx``, ``html``, ``md``, ``json``).
        sentences: Summary length, or None for the default.
        one_event: The client says the articles all report one story: the overview compares
            them as one event (``--one-event``).
        names: Uploaded file path -> the name the client gave it (shown instead).
        workdir: Folder holding the uploaded files, removed when the job ends.
    """

    id: str
    inputs: Sequence[InputItem]
    formats: tuple[str, ...]
    sentences: int | None = None
    one_event: bool = False
    names: dict[str, str] = field(default_factory=dict)
    workdir: Path | None = None
    status: str = "queued"
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    stage: str | None = None
    done: int = 0
    total: int = 0
    result: BriefingResult | None = None
    skipped: tuple[Skipped, ...] = ()
    error: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)

    def fraction(self) -> float:
        """Progress from 0 to 1."""
        if self.status == "done":
            return 1.0
        if self.stage is None:
            return 0.0
        start, end = _STAGE_SPAN.get(self.stage, (0.0, 1.0))
        part = self.done / self.total if self.total else 0.0
        return round(start + (end - start) * min(part, 1.0), 3)


def _iso(moment: float | None) -> str | None:
    return None if moment is None else datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def relabel(result: BriefingResult, names: dict[str, str]) -> BriefingResult:
    """``result`` with the paths of uploaded files replaced by the names the client gave."""
    if not names:
        return result

    def text(value: str) -> str:
        for path, name in names.items():
            value = value.replace(path, name)
        return value

    def walk(value: Any) -> Any:
        if isinstance(value, SourceRef):
            return dataclasses.replace(value, path=text(value.path))
        if isinstance(value, Skipped):
            return Skipped(source=text(value.source), reason=text(value.reason))
        if isinstance(value, tuple):
            return tuple(walk(item) for item in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: walk(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
            return dataclasses.replace(value, **changes)
        return value

    return walk(result)


class JobQueue:
    """A bounded queue of briefing jobs run by worker threads over one :class:`Briefer`.

    Args:
        briefer: The builder (one model per process, shared by the workers).
        capacity: Jobs that may wait in the queue (running ones not counted).
        workers: Worker threads. The Briefer translates one batch at a time, so more than
            one worker only overlaps reading and summarizing with translation.
        ttl_s: Seconds a finished job (and its files) is kept after it ends.
        max_finished: Most finished jobs kept; the oldest go first beyond that.
        render: ``render(result, format) -> bytes`` (default :func:`briefing.compose.render`).
    """

    def __init__(
        self,
        briefer: Briefer,
        *,
        capacity: int = 16,
        workers: int = 1,
        ttl_s: float = 3600.0,
        max_finished: int = 200,
        render: Callable[[BriefingResult, str], bytes] | None = None,
    ) -> None:
        if capacity < 1 or workers < 1 or ttl_s <= 0 or max_finished < 1:
            raise ValueError("capacity, workers, ttl_s and max_finished must be positive")
        self.briefer = briefer
        self.capacity = capacity
        self.workers = workers
        self.ttl_s = ttl_s
        self.max_finished = max_finished
        self._render = render
        self._queue: queue.Queue[Job | None] = queue.Queue(maxsize=capacity)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.completed = 0
        self.failed = 0

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Start the worker threads (idempotent)."""
        if self._threads:
            return
        for number in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"briefing-worker-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 30.0) -> None:
        """Let the workers finish the job in hand and stop them; jobs still queued fail.

        The queue lives in memory: a job that did not start before the service stopped is
        marked failed (its uploads removed), so that nothing is left behind on disk.
        """
        waiting: list[Job] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            self._queue.task_done()
            if item is not None:
                waiting.append(item)
        for job in waiting:
            self._fail(job, "the service stopped before this briefing started; send it again")
            if job.workdir is not None:
                shutil.rmtree(job.workdir, ignore_errors=True)
        for _ in self._threads:
            with contextlib.suppress(queue.Full):
                self._queue.put(None, timeout=timeout)
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()
        with self._lock:
            unfinished = [job for job in self._jobs.values() if job.status == "running"]
        # Inputs are read in worker processes, so a job in hand ends within its inputs' time
        # limits even when one is built to stall parsers; one still running past the join is
        # abandoned by the service's exit: leave nothing on disk.
        for job in unfinished:
            if job.workdir is not None:
                shutil.rmtree(job.workdir, ignore_errors=True)

    # --------------------------------------------------------------------- submit

    def submit(
        self,
        inputs: Sequence[InputItem],
        *,
        formats: Sequence[str] = ("docx",),
        sentences: int | None = None,
        one_event: bool = False,
        names: dict[str, str] | None = None,
        workdir: Path | None = None,
    ) -> Job:
        """Queue a job.

        Raises:
            QueueFullError: ``capacity`` jobs are already waiting.
        """
        self.expire()
        job = Job(
            id=uuid.uuid4().hex,
            inputs=list(inputs),
            formats=tuple(dict.fromkeys(formats)),
            sentences=sentences,
            one_event=one_event,
            names=dict(names or {}),
            workdir=workdir,
        )
        with self._lock:
            try:
                self._queue.put_nowait(job)
            except queue.Full:
                raise QueueFullError(
                    f"{self.capacity} briefings are already waiting; try again in a minute"
                ) from None
            self._jobs[job.id] = job
        log.info("job %s queued: %d input(s)", job.id, len(job.inputs))
        return job

    def get(self, job_id: str) -> Job | None:
        """The job, or None when unknown or expired."""
        self.expire()
        with self._lock:
            return self._jobs.get(job_id)

    def counts(self) -> dict[str, int]:
        """Jobs by status, plus the queue capacity."""
        with self._lock:
            counts = {status: 0 for status in STATUSES}
            for job in self._jobs.values():
                counts[job.status] += 1
        counts["capacity"] = self.capacity
        return counts

    def position(self, job: Job) -> int | None:
        """1-based place of a queued job in the queue (None once it runs)."""
        with self._lock:
            if job.status != "queued":
                return None
            waiting = [j for j in self._jobs.values() if j.status == "queued"]
        return waiting.index(job) + 1 if job in waiting else None

    def expire(self, now: float | None = None) -> None:
        """Forget jobs that ended more than ``ttl_s`` ago, and the oldest beyond ``max_finished``."""
        now = time.time() if now is None else now
        with self._lock:
            ended = sorted(
                (job for job in self._jobs.values() if job.finished is not None),
                key=lambda job: job.finished or 0.0,
            )
            excess = len(ended) - self.max_finished
            for index, job in enumerate(ended):
                if index < excess or now - (job.finished or now) > self.ttl_s:
                    del self._jobs[job.id]

    # --------------------------------------------------------------------- status

    def describe(self, job: Job, *, base: str = "/api/briefings") -> dict[str, Any]:
        """The job as the API shows it (status, progress, result when done, error when failed)."""
        with self._lock:
            data: dict[str, Any] = {
                "id": job.id,
                "status": job.status,
                "created": _iso(job.created),
                "started": _iso(job.started),
                "finished": _iso(job.finished),
                "expires": _iso(job.finished + self.ttl_s) if job.finished is not None else None,
                "progress": {
                    "stage": job.stage,
                    "done": job.done,
                    "total": job.total,
                    "fraction": job.fraction(),
                },
                "formats": list(job.formats),
            }
            if job.status == "done" and job.result is not None:
                data["downloads"] = {fmt: f"{base}/{job.id}/briefing.{fmt}" for fmt in job.formats}
                data["result"] = job.result.to_dict()
            if job.status == "failed":
                data["error"] = job.error
                data["skipped"] = [{"source": s.source, "reason": s.reason} for s in job.skipped]
        data["position"] = self.position(job)
        return data

    def file(self, job: Job, fmt: str) -> bytes | None:
        """The rendered briefing in ``fmt``, rendering (and keeping) it on first request."""
        with self._lock:
            data = job.files.get(fmt)
            result = job.result
        if data is not None or result is None:
            return data
        data = self._render_one(result, fmt)
        with self._lock:
            job.files[fmt] = data
        return data

    # --------------------------------------------------------------------- worker

    def _render_one(self, result: BriefingResult, fmt: str) -> bytes:
        if self._render is not None:
            return self._render(result, fmt)
        return render(result, fmt)

    def _progress(self, job: Job) -> Callable[[str, int, int], None]:
        def progress(stage: str, done: int, total: int) -> None:
            with self._lock:
                job.stage, job.done, job.total = stage, done, total

        return progress

    def _work(self) -> None:
        while True:
            try:
                job = self._queue.get(timeout=min(60.0, self.ttl_s))
            except queue.Empty:
                self.expire()
                continue
            if job is None:
                return
            try:
                self._run(job)
            finally:
                self._queue.task_done()

    def _run(self, job: Job) -> None:
        with self._lock:
            job.status, job.started = "running", time.time()
        log.info("job %s running", job.id)
        try:
            result = self.briefer.build(
                job.inputs,
                sentences=job.sentences,
                overview="one-event" if job.one_event else None,
                progress=self._progress(job),
            )
            result = relabel(result, job.names)
            if not result.articles:
                reasons = "; ".join(f"{s.source}: {s.reason}" for s in result.skipped)
                raise _NothingUsable(result.skipped, f"no usable article ({reasons})")
            self._progress(job)("compose", 0, len(job.formats))
            files = {}
            for number, fmt in enumerate(job.formats, start=1):
                files[fmt] = self._render_one(result, fmt)
                self._progress(job)("compose", number, len(job.formats))
        except _NothingUsable as exc:
            self._fail(job, str(exc), exc.skipped)
        except BriefingError as exc:
            self._fail(job, str(exc))
        except Exception as exc:  # a bug or a backend crash: this job fails, the service goes on
            log.exception("job %s failed", job.id)
            self._fail(job, f"internal error ({type(exc).__name__}: {exc}); see the server log")
        else:
            with self._lock:
                job.result, job.files, job.skipped = result, files, result.skipped
                job.status, job.finished = "done", time.time()
                self.completed += 1
            log.info("job %s done: %d article(s)", job.id, len(result.articles))
        finally:
            if job.workdir is not None:
                shutil.rmtree(job.workdir, ignore_errors=True)
            with self._lock:
                job.inputs = []  # the texts are no longer needed; keep memory bounded

    def _fail(self, job: Job, message: str, skipped: tuple[Skipped, ...] = ()) -> None:
        with self._lock:
            job.status, job.finished, job.error, job.skipped = "failed", time.time(), message, skipped
            self.failed += 1
        log.warning("job %s failed: %s", job.id, message)


class _NothingUsable(Exception):
    def __init__(self, skipped: tuple[Skipped, ...], message: str) -> None:
        super().__init__(message)
        self.skipped = skipped
