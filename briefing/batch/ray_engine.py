"""The ``ray`` engine: Ray Data tasks read and summarize, an actor pool translates.

::

    keys -> from_items -> map(prepare)            CPU tasks, any node
                       -> map_batches(Translate)  actor pool: one model per actor
                       -> iter_rows on the driver -> atomic shards (only the driver writes)

A local Ray runtime is started when no address is given (sized to this machine, no
dashboard, a bounded object store); with an address the run joins that cluster. ``import
ray`` happens here only, when the engine runs.

Failures: every Python exception of an article is caught inside the task and becomes a
skipped line. A worker *process* that dies is retried by Ray (tasks: ``max_retries``; actors:
``max_restarts`` and ``max_task_retries``); when the retries run out the block is dropped
(``DataContext.max_errored_blocks = -1``) instead of failing the job. The driver then knows
which keys never came back and runs them again one per block: an input whose block fails
again is the poisoned one and is skipped with the reason; the others come through.
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import pickle
import socket
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from briefing.batch.store import ShardStore, WorkItem
from briefing.batch.work import FATAL_ERRORS, BatchJob, ChunkTranslator, prepare, skipped_line
from briefing.errors import BackendUnavailableError, BriefingError, ConfigError
from briefing.translation.backends.base import available_cores

log = logging.getLogger(__name__)

# How often Ray retries work whose process died before the block is given up (and, in the
# second pass, the input is skipped). Each retry of an actor task reloads the model, so a
# few are enough to ride out a preempted or OOM-killed worker without looping on poison.
TASK_RETRIES = 2
# Object store of the local runtime. The rows are small (a prepared article is a few KB) and
# streaming keeps few in flight; Ray's default (30% of RAM) would compete with the models.
LOCAL_OBJECT_STORE_BYTES = 256 * 1024**2
# Rows per block of the first pass. Small blocks keep a dropped block small (less to redo)
# and let Ray spread short files over the cluster; 8 keeps the task overhead (a few ms) low
# next to reading and summarizing 8 articles.
ROWS_PER_BLOCK = 8
# Articles per call of an actor: a translate_summaries pass over 8 articles is 40-60
# segments, enough for the backend's length-sorted batches to fill up.
ARTICLES_PER_BATCH = 8
# A shard is written every this many finished inputs, or at least this often (seconds).
SHARD_SECONDS = 30.0
# Seconds to wait for a TCP connection to --ray-address before giving up. Ray itself retries
# an unreachable address without end (Ray 2.60: a "Failed to connect to GCS" warning every
# few seconds, still hanging after 5 minutes), so a typo would hang the command; a live head
# node accepts at once, and 5 s leaves room for a slow network.
CONNECT_TIMEOUT_S = 5.0
_INSTALL_HINT = 'pip install "briefing[ray]"'


def import_ray() -> Any:
    """The ray module, or BackendUnavailableError naming the install command."""
    try:
        import ray
        import ray.data  # the data extra, not only the core
    except ImportError as exc:
        raise BackendUnavailableError(
            f"--engine ray needs Ray Data, which is not installed: {_INSTALL_HINT}; or use --engine local"
        ) from exc
    return ray


def check_address(address: str) -> None:
    """Raise BriefingError unless ``address`` (``host:port`` or ``ray://host:port``) accepts a connection.

    Other forms (``auto``, ``local``) are left to Ray, which resolves them itself.
    """
    host, colon, port = address.removeprefix("ray://").rpartition(":")
    if not colon or not port.isdigit():
        return
    try:
        with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        raise BriefingError(
            f"cannot reach the Ray cluster at {address} ({exc.strerror or exc}); start it with "
            f"`ray start --head --port={port}` on the head node, check the address, or leave "
            "--ray-address (and $RAY_ADDRESS) out to run on a local Ray runtime"
        ) from exc
    if not address.startswith("ray://"):  # a Ray Client server is not the GCS: nothing to ask
        check_token(address)


def check_token(address: str) -> None:
    """Raise BriefingError when the cluster at ``address`` refuses this process's token.

    Since Ray 2.60 ``ray start --head`` turns on token authentication, and a driver joins
    only with ``RAY_AUTH_MODE=token`` and the cluster's token. Without them ``ray.init``
    retries for ~20 s and ends in a ConnectionError that does not say why; asking the GCS
    once (Ray's own client, under a second) tells the refusal apart, before any work.
    """
    import_ray()  # the missing-extra message first
    _quiet_ray(quiet=not log.isEnabledFor(logging.INFO))
    try:
        from ray.exceptions import AuthenticationError

        raylet: Any = importlib.import_module("ray._raylet")  # Ray's own GCS client
        token_mode = raylet.get_authentication_mode() == raylet.AuthenticationMode.TOKEN
    except (ImportError, AttributeError):  # a Ray without token authentication: nothing to check
        return
    try:
        raylet.GcsClient(address=address)
    except AuthenticationError as exc:
        raise BriefingError(_token_message(address, token_mode)) from exc
    except Exception:  # anything else is ray.init's to report, in its own words
        log.debug("GCS probe of %s failed (left to ray.init)", address, exc_info=True)


def _token_message(address: str, token_mode: bool) -> str:
    """What to set when the cluster at ``address`` refused this process (issue 24)."""
    where = (
        "the cluster's token in ~/.ray/auth_token (the head node writes it there: copy that file), "
        "or its path in RAY_AUTH_TOKEN_PATH, or the token itself in RAY_AUTH_TOKEN"
    )
    if token_mode:
        return (
            f"cannot join the Ray cluster at {address}: it refused this process's token; put {where} "
            "(see `ray get-auth-token` on the head node)"
        )
    return (
        f"cannot join the Ray cluster at {address}: it requires token authentication (Ray turns it on "
        "for clusters started with `ray start`) and this process sends no token; set RAY_AUTH_MODE=token "
        f"with {where}, e.g. `RAY_AUTH_MODE=token briefing batch ... --ray-address {address}`"
    )


def _prepare_row(row: dict[str, Any], job: BatchJob) -> dict[str, Any]:
    """Ray task body: read and summarize one input (row of the key table)."""
    item = WorkItem(
        key=row["key"],
        source=row["source"],
        sha256=row["sha256"],
        path=os.fsdecode(row["path"]),  # bytes: a file name need not be UTF-8
        overrides=tuple(tuple(pair) for pair in row["overrides"]),
    )
    try:
        result = prepare(job, item)
    except FATAL_ERRORS as exc:
        return {
            "key": item.key,
            "item": pickle.dumps(item),
            "payload": None,
            "line": None,
            "fatal": pickle.dumps(exc),
        }
    if isinstance(result, str):
        return {"key": item.key, "item": pickle.dumps(item), "payload": None, "line": result, "fatal": None}
    return {
        "key": item.key,
        "item": pickle.dumps(item),
        "payload": pickle.dumps(result),
        "line": None,
        "fatal": None,
    }


class TranslateActor:
    """Ray actor: holds one model (loaded on its first batch) and translates batches of rows."""

    def __init__(self, job: BatchJob) -> None:
        self.translate = ChunkTranslator(job)

    def __call__(self, batch: Any) -> Any:
        """Translate a ``pyarrow.Table`` of prepared rows; one output row per input row."""
        import pyarrow as pa  # comes with Ray Data; loaded in the actor, never by `import briefing`

        rows = batch.to_pylist()
        lines: list[str | None] = [row["line"] for row in rows]
        fatal: list[bytes | None] = [row["fatal"] for row in rows]
        todo = [i for i, row in enumerate(rows) if row["payload"] is not None and row["fatal"] is None]
        pairs = [(pickle.loads(rows[i]["item"]), pickle.loads(rows[i]["payload"])) for i in todo]
        try:
            for i, line in zip(todo, self.translate(pairs), strict=True):
                lines[i] = line
        except FATAL_ERRORS as exc:
            for i in todo:
                fatal[i] = pickle.dumps(exc)
        return pa.table(
            {
                "key": pa.array([row["key"] for row in rows], pa.string()),
                "line": pa.array(lines, pa.string()),
                "fatal": pa.array(fatal, pa.binary()),
            }
        )


def _start(ray: Any, address: str | None, cpus: int | None) -> bool:
    """Connect to ``address``, or start a small local runtime; True when we started one."""
    if ray.is_initialized():
        return False
    quiet = not log.isEnabledFor(logging.INFO)
    _quiet_ray(quiet=quiet)
    # Ray's own INFO/WARNING lines ("Started a local Ray instance", the token notice, Ray
    # Data's execution lines) at -v only; workers' logs repeat what skipped.jsonl says, once
    # per article: at -vv.
    logs = {
        "logging_level": logging.ERROR if quiet else logging.INFO,
        "log_to_driver": log.isEnabledFor(logging.DEBUG),
    }
    if address:
        log.info("joining the Ray cluster at %s", address)
        try:
            ray.init(address=address, **logs)
        except ConnectionError as exc:  # e.g. "auto" with no cluster running on this machine
            raise BriefingError(
                f"cannot join the Ray cluster at {address}: {str(exc).rstrip('.')}; start it with "
                "`ray start --head`, or leave --ray-address (and $RAY_ADDRESS) out to run on a local "
                "Ray runtime"
            ) from exc
        return False
    ray.init(
        # "local": a new runtime even when a cluster runs on this machine (`ray start`), which
        # ray.init() without an address would join, and refuse num_cpus for.
        address="local",
        num_cpus=cpus or available_cores(),
        include_dashboard=False,
        object_store_memory=LOCAL_OBJECT_STORE_BYTES,
        **logs,
    )
    return True


def _quiet_ray(*, quiet: bool) -> None:
    """Ray Data's logger to errors only, unless ``quiet`` is false.

    Ray Data logs through its own logger ("Progress bars disabled", "execution finished"),
    which ``ray.init(logging_level=...)`` does not reach. Ray's C++ lines (an error-level
    ``core_worker.cc ... max_restarts > 0`` notice about any restartable actor pool) are
    written to file descriptor 2 directly; ``briefing batch`` sends those to a log file
    (:func:`briefing.cli.options.native_stderr_to`).
    """
    if not quiet:
        return
    # "ray" before ray.init too: it logs the token-authentication notice while starting.
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)


def plan_workers(
    cpus: float, *, nodes: int = 1, gpus: float = 0, workers: int | None, threads: int | None, gpu: bool
) -> tuple[int, int, float]:
    """Translation actors, CPU threads per actor and CPUs each actor reserves.

    One CPU per node is left for reading and summarizing (a few tens of ms per article,
    against a second or more of translation: one reading CPU keeps dozens of translators
    fed). By default each actor runs two CTranslate2 threads (per-batch speed gains little
    past two at these batch sizes, while more actors translate in parallel) and there are as
    many actors as the rest of the CPUs allow. When the actors would need more CPUs than
    that (a small machine, or explicit ``workers`` x ``threads``), each reserves an equal
    share of what is left and the threads share the cores. With GPUs: one actor per GPU.

    Raises:
        ConfigError: ``gpu`` without a GPU in the cluster.
    """
    if gpu:
        if gpus < 1:
            raise ConfigError("--device cuda with --engine ray needs GPUs in the Ray cluster; it has none")
        return workers or int(gpus), threads or 1, 1.0
    spare = max(1.0, cpus - nodes)
    threads = threads or 2
    workers = workers or max(1, int(spare // threads))
    return workers, threads, min(float(threads), spare / workers)


def run_ray(
    job: BatchJob,
    todo: Sequence[WorkItem],
    store: ShardStore,
    write: Callable[[list[str]], None],
    *,
    shard_size: int,
    address: str | None = None,
    workers: int | None = None,
    threads: int | None = None,
    cpus: int | None = None,
    retries: int | None = None,
) -> int:
    """Process ``todo`` on Ray; ``write`` stores lines as shards. Returns the actors used.

    ``retries``: how often work whose process died is retried before its block is given
    up (default :data:`TASK_RETRIES`).
    """
    ray = import_ray()
    started = _start(ray, address, cpus)
    try:
        resources = ray.cluster_resources()
        gpu = job.settings.device == "cuda"
        workers, threads, reserve = plan_workers(
            float(resources.get("CPU", 1)),
            nodes=max(1, sum(1 for node in ray.nodes() if node.get("Alive"))),
            gpus=float(resources.get("GPU", 0)),
            workers=workers,
            threads=threads,
            gpu=gpu,
        )
        log.info(
            "%d translation actor(s), %d thread(s) each, %.2f CPU reserved each", workers, threads, reserve
        )
        actor_job = replace(job, settings=job.settings.with_overrides(threads=threads))
        pool = _Pool(
            workers=workers, reserve=reserve, gpu=gpu, retries=TASK_RETRIES if retries is None else retries
        )
        missing = _pass(ray, actor_job, todo, write, shard_size, pool, isolate=False)
        if missing:
            log.warning("%d input(s) were lost with a dead worker; retrying them one at a time", len(missing))
            again = _pass(ray, actor_job, missing, write, shard_size, pool, isolate=True)
            tries = 2 * (pool.retries + 1)
            reason = (
                f"a worker process died on this input every time it was tried ({tries} tries; a crash in "
                "a library, or out of memory); skipped so that the rest could finish"
            )
            write([skipped_line(item, reason) for item in again])
        return workers
    finally:
        if started:
            ray.shutdown()


@dataclass(frozen=True, slots=True)
class _Pool:
    """The translation actor pool: how many, and what each reserves."""

    workers: int
    reserve: float
    gpu: bool
    retries: int


def _pass(
    ray: Any,
    job: BatchJob,
    items: Sequence[WorkItem],
    write: Callable[[list[str]], None],
    shard_size: int,
    pool: _Pool,
    *,
    isolate: bool,
) -> list[WorkItem]:
    """One Ray Data run over ``items``; returns the items whose block was dropped."""
    context = ray.data.DataContext.get_current()
    context.max_errored_blocks = -1  # a dead worker's block is dropped and redone, never fatal
    context.enable_progress_bars = False  # the CLI prints its own progress
    context.print_on_execution_start = False
    rows = [
        {
            "key": i.key,
            "source": i.source,
            "sha256": i.sha256,
            # Bytes, not text: Arrow strings must be UTF-8, a file name need not be.
            "path": os.fsencode(i.path),
            "overrides": [list(o) for o in i.overrides],
        }
        for i in items
    ]
    per_block = 1 if isolate else ROWS_PER_BLOCK
    dataset = ray.data.from_items(rows, override_num_blocks=max(1, math.ceil(len(rows) / per_block)))
    with warnings.catch_warnings():
        # Ray 2.5x deprecates passing remote args (max_retries, max_restarts,
        # max_task_retries) as keywords but offers no named replacement for them, and its
        # defaults retry forever: a file that kills its worker would then loop for ever.
        warnings.filterwarnings("ignore", message=".*ray_remote_args.* is deprecated", category=Warning)
        dataset = dataset.map(_prepare_row, fn_kwargs={"job": job}, num_cpus=1, max_retries=pool.retries)
        dataset = dataset.map_batches(
            TranslateActor,
            fn_constructor_kwargs={"job": job},
            batch_size=1 if isolate else ARTICLES_PER_BATCH,
            batch_format="pyarrow",
            # When isolating, one task at a time per actor: tasks queued on an actor die with it,
            # so a good input queued behind a poisoned one would be blamed for its crashes.
            compute=ray.data.ActorPoolStrategy(
                size=pool.workers, max_tasks_in_flight_per_actor=1 if isolate else None
            ),
            num_cpus=pool.reserve,
            num_gpus=1 if pool.gpu else None,
            max_restarts=-1,
            max_task_retries=pool.retries,
        )
    done: set[str] = set()
    buffer: list[str] = []
    last = time.monotonic()
    for row in dataset.iter_rows():
        if row["fatal"]:
            write(buffer)
            raise pickle.loads(row["fatal"])  # the model or an option is wrong: stop the job
        buffer.append(str(row["line"]))
        done.add(str(row["key"]))
        if len(buffer) >= shard_size or time.monotonic() - last > SHARD_SECONDS:
            write(buffer)
            buffer, last = [], time.monotonic()
    write(buffer)
    return [item for item in items if item.key not in done]
