"""``briefing batch``: archives and feeds at scale, per-article records, resumable.

Engines: ``local`` (this process, nothing extra) and ``ray`` (Ray Data on a local runtime or
a cluster; ``pip install "briefing[ray]"``). Both reuse the pipeline's reading, summarizing
and translating code (:mod:`briefing.batch.work`) and write through the same shard store
(:mod:`briefing.batch.store`), which makes a run exactly-once and resumable.
"""

from __future__ import annotations

from briefing.batch.run import DEFAULT_SHARD_SIZE, ENGINES, BatchSummary, run_batch
from briefing.batch.store import FORMATS

__all__ = ["DEFAULT_SHARD_SIZE", "ENGINES", "FORMATS", "BatchSummary", "run_batch"]
