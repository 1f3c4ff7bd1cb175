"""The ``local`` engine: one process, chunks of articles, a shard per chunk.

Needs nothing beyond ``briefing`` itself. A chunk is prepared article by article, then
translated in one pass (shared segments once, length-sorted batches), then written as one
shard. Before each chunk its keys are recorded in ``shards/inflight.json``.

If the process dies (a crash in a native library, the out-of-memory killer, or the operator's
kill), the next run finds that record and works through those inputs one at a time in a
*worker process* of its own, which reports each input as it starts and finishes. Only an
input whose worker dies while working on it alone is blamed and skipped: the run that
watches it die says so. A run killed by the operator, during the normal pass or while it
retries the suspects, blames nothing; the next run retries them again, however many times it
is killed.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any

from briefing.batch.store import ShardStore, WorkItem
from briefing.batch.work import FATAL_ERRORS, BatchJob, ChunkTranslator, process_chunk, skipped_line
from briefing.errors import BriefingError

log = logging.getLogger(__name__)

LONE_CRASH_REASON = (
    "the batch worker process died while working on this input alone, after the batch had "
    "stopped with it in flight (a crash in a library, or the machine ran out of memory); "
    "skipped so that the rest can finish"
)


def run_local(
    job: BatchJob,
    todo: Sequence[WorkItem],
    store: ShardStore,
    write: Callable[[list[str]], None],
    *,
    shard_size: int,
) -> None:
    """Process ``todo`` in chunks of ``shard_size``; ``write`` stores each chunk's lines as a shard."""
    by_key = {item.key: item for item in todo}
    previous = store.read_inflight()
    suspects = [by_key[key] for key in previous if key in by_key]
    try:
        if suspects:
            log.warning(
                "the previous run stopped while working on %d input(s); redoing them one at a time "
                "in a worker process",
                len(suspects),
            )
            isolate(job, suspects, write)
        seen = {item.key for item in suspects}
        rest = [item for item in todo if item.key not in seen]
        translator = ChunkTranslator(job)
        for start in range(0, len(rest), shard_size):
            chunk = rest[start : start + shard_size]
            store.set_inflight([item.key for item in chunk])
            write(process_chunk(job, chunk, translator))
    except KeyboardInterrupt:
        # Stopped on purpose, not crashed: nothing in flight is suspect.
        store.clear_inflight()
        raise
    store.clear_inflight()


def isolate(job: BatchJob, items: Sequence[WorkItem], write: Callable[[list[str]], None]) -> None:
    """Process ``items`` one at a time in a worker process; skip an input whose worker dies on it.

    Each finished input is written at once (a shard each), so a kill of this run loses at most
    the input being worked on, and blames nothing. When the worker dies, the input it had
    started and not finished is skipped with :data:`LONE_CRASH_REASON`, and a new worker takes
    the rest.
    """
    remaining = list(items)
    while remaining:
        done, culprit, exitcode = _worker_pass(job, remaining, write)
        finished = set(done)
        if not finished and culprit is None:  # died before its first input: not the input's doing
            raise BriefingError(
                f"the batch worker process stopped before it could start (exit code {exitcode}); "
                "run again with -v to see why. It is started with multiprocessing's 'spawn': a "
                "script that calls run_batch must be a file (not read from stdin) and guard its "
                "work with `if __name__ == '__main__':`"
            )
        if culprit is not None:
            log.warning("the worker process died on %s; skipping it", culprit.source)
            write([skipped_line(culprit, LONE_CRASH_REASON)])
            finished.add(culprit.key)
        remaining = [item for item in remaining if item.key not in finished]


def _worker_pass(
    job: BatchJob, items: Sequence[WorkItem], write: Callable[[list[str]], None]
) -> tuple[list[str], WorkItem | None, int | None]:
    """Run one worker over ``items``.

    Returns:
        The keys it finished, the item it died on (None when it did not die on one), and its
        exit code.
    """
    # spawn, not fork: this process may already hold threads (a logging handler, a cache)
    # that a forked child would inherit in an unknown state, and macOS forbids fork anyway.
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_worker_main, args=(job, list(items), sender), daemon=True)
    worker.start()
    sender.close()
    by_key = {item.key: item for item in items}
    done: list[str] = []
    started: str | None = None
    try:
        while True:
            try:
                kind, key, payload = receiver.recv()
            except EOFError:  # the worker is gone
                break
            if kind == "start":
                started = key
            elif kind == "line":
                write([payload])
                done.append(key)
                started = None
            elif kind == "fatal":
                raise pickle.loads(payload)  # no model, a missing extra: stop the run
            else:  # "end"
                break
    finally:
        receiver.close()
        worker.join(timeout=5)
        if worker.is_alive():
            worker.kill()
            worker.join()
    if started is not None and worker.exitcode != 0:
        return done, by_key[started], worker.exitcode
    return done, None, worker.exitcode


def _worker_main(job: BatchJob, items: list[WorkItem], channel: Any) -> None:
    """Worker process: prepare and translate each item alone, telling the parent as it goes."""
    # Ctrl-C goes to the whole process group: the parent decides, the worker just stops with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    translator = ChunkTranslator(job)
    try:
        for item in items:
            channel.send(("start", item.key, None))
            try:
                (line,) = process_chunk(job, [item], translator)
            except FATAL_ERRORS as exc:
                channel.send(("fatal", item.key, pickle.dumps(exc)))
                return
            channel.send(("line", item.key, line))
        channel.send(("end", "", None))
    except (BrokenPipeError, EOFError):  # the parent is gone: so is the run
        return
    finally:
        channel.close()
