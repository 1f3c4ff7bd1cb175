"""The ``local`` engine: one process, chunks of articles, a shard per chunk.

Needs nothing beyond ``briefing`` itself. A chunk is prepared article by article, then
translated in one pass (shared segments once, length-sorted batches), then written as one
shard. Before each chunk its keys are recorded in ``shards/inflight.json``; if the process
dies (a crash in a native library, the out-of-memory killer, a kill), the next run finds that
record and works through those inputs one at a time; an input that kills the process again
while it is alone is skipped, so a poisoned file costs two crashed runs, not the batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from briefing.batch.store import ShardStore, WorkItem
from briefing.batch.work import BatchJob, ChunkTranslator, process_chunk, skipped_line

log = logging.getLogger(__name__)

LONE_CRASH_REASON = (
    "the batch process died twice while working on this input (a crash in a library, or the "
    "machine ran out of memory); skipped so that the rest can finish"
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
    translator = ChunkTranslator(job)
    by_key = {item.key: item for item in todo}
    previous, isolating = store.read_inflight()
    suspects = [by_key[key] for key in previous if key in by_key]
    if suspects:
        log.warning(
            "the previous run stopped while working on %d input(s); redoing them one at a time", len(suspects)
        )
    try:
        if len(suspects) == 1 and isolating:
            write([skipped_line(suspects[0], LONE_CRASH_REASON)])
        else:
            for item in suspects:
                store.set_inflight([item.key], isolating=True)
                write(process_chunk(job, [item], translator))
        seen = {item.key for item in suspects}
        rest = [item for item in todo if item.key not in seen]
        for start in range(0, len(rest), shard_size):
            chunk = rest[start : start + shard_size]
            store.set_inflight([item.key for item in chunk])
            write(process_chunk(job, chunk, translator))
    except KeyboardInterrupt:
        # Stopped on purpose, not crashed: nothing in flight is suspect.
        store.clear_inflight()
        raise
    store.clear_inflight()
