"""``run_batch()``: plan the inputs, resume from the shards, run an engine, assemble."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.batch.local import run_local
from briefing.batch.ray_engine import check_address, import_ray, run_ray
from briefing.batch.spellings import assemble
from briefing.batch.store import FORMATS, ShardStore, WorkItem, hold_output, plan_inputs, require_pyarrow
from briefing.batch.work import BatchJob, summarizer_name
from briefing.config import MODELS_DIR, Settings, load_settings
from briefing.errors import ConfigError
from briefing.glossary import resolve_glossary
from briefing.summarize import Summarizer
from briefing.translation.cache import model_fingerprint
from briefing.translation.models.choose import choose_backend
from briefing.translation.models.resolve import resolve_model
from briefing.translation.stage import Translator

log = logging.getLogger(__name__)

ENGINES = ("local", "ray")
# Inputs per shard. A shard is the unit of loss when a run is killed (and, for the local
# engine, of progress reports), and one file per shard lands in OUTDIR/shards. 32 articles
# are 1-3 minutes of translation on 2 cores (tests/benchmarks/batch.py), and a million
# inputs make ~31k files, which any file system lists quickly.
DEFAULT_SHARD_SIZE = 32

BatchProgress = Callable[[int, int, int], None]
"""``progress(done, total, skipped)``: inputs finished (earlier runs included), of all."""


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a batch run did.

    Attributes:
        engine: ``local`` or ``ray``.
        workers: Processes that translated (local: 1; ray: actors).
        inputs: Inputs listed (files, plus entries skipped on sight).
        articles: Records in the articles file.
        skipped: Records in the skipped file (``unread`` of them skipped on sight).
        resumed: Inputs that earlier runs had already finished.
        processed: Inputs finished by this run (articles and skips).
        seconds: Wall time of this run.
        outputs: The articles and skipped files (and ``spellings.json``, when made).
        made: Articles this run wrote (of ``processed``; the rest were skipped when read).
        unread: Inputs skipped on sight, without reading (not an article file, a manifest
            entry that names no file...); listed again by every run.
        spellings: Names written one way across the batch (``spellings.json``).
    """

    engine: str
    workers: int
    inputs: int
    articles: int
    skipped: int
    resumed: int
    processed: int
    seconds: float
    outputs: tuple[str, ...]
    made: int = 0
    unread: int = 0
    spellings: int = 0

    @property
    def per_minute(self) -> float:
        """Articles written per minute by this run (skipped inputs are not counted)."""
        return 60.0 * self.made / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (``briefing batch --json``)."""
        return {
            "engine": self.engine,
            "workers": self.workers,
            "inputs": self.inputs,
            "articles": self.articles,
            "skipped": self.skipped,
            "resumed": self.resumed,
            "processed": self.processed,
            "made": self.made,
            "unread": self.unread,
            "spellings": self.spellings,
            "seconds": round(self.seconds, 3),
            "per_minute": round(self.per_minute, 2),
            "outputs": list(self.outputs),
        }


def _identity(
    job: BatchJob, translator_factory: Callable[[], Translator] | None, fingerprint: str | None = None
) -> dict[str, Any]:
    """What must not change between a run and its resume (it changes the records).

    ``fingerprint``: the model's content (:func:`~briefing.translation.cache.model_fingerprint`,
    as the translation cache keys it), so that weights replaced at the same path are noticed.
    """
    s = job.settings
    factory = None
    if translator_factory is not None:
        kind = translator_factory if isinstance(translator_factory, type) else type(translator_factory)
        factory = f"{kind.__module__}.{kind.__qualname__}"
    return {
        "model": None if factory else s.model,
        "backend": None if factory else s.backend,
        "beams": s.beams,
        "max_input_tokens": s.max_input_tokens,
        "sentences": s.sentences,
        "ratio": s.ratio,
        "words": s.words,
        "summarizer": summarizer_name(job),
        "translator": factory,
        "model_fingerprint": fingerprint,
    }


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    engine: str = "local",
    settings: Settings | None = None,
    summarizer: str | Summarizer | None = None,
    translator_factory: Callable[[], Translator] | None = None,
    offline: bool = False,
    models_dir: str | os.PathLike[str] = MODELS_DIR,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    format: str = "jsonl",
    shard_size: int = DEFAULT_SHARD_SIZE,
    restart: bool = False,
    ray_address: str | None = None,
    workers: int | None = None,
    threads: int | None = None,
    retries: int | None = None,
    progress: BatchProgress | None = None,
) -> BatchSummary:
    """Summarize and translate every input into per-article records, resumably.

    Args:
        inputs: Files, folders or manifests (as for ``build``).
        outdir: Output folder: ``articles.jsonl``, ``skipped.jsonl`` and ``shards/``.
        engine: ``local`` (this process) or ``ray`` (Ray Data; ``pip install "briefing[ray]"``).
        settings: Summary and translation settings (default :func:`load_settings`).
        summarizer: A registered name or a picklable Summarizer (default: the settings').
        translator_factory: Picklable callable returning a Translator, instead of the
            settings' model (custom backends, tests).
        offline, models_dir, cache_dir, use_cache: As for ``build``.
        format: ``jsonl`` or ``parquet`` for the two final files.
        shard_size: Inputs per shard (what a killed run can lose and redo).
        restart: Discard the shards of an earlier run in ``outdir`` instead of resuming.
        ray_address: Join this Ray cluster (``ray`` engine; default: start a local runtime).
        workers: Translation actors (``ray``; default: one per two cluster CPUs, less one).
        threads: CPU threads per translating worker.
        retries: ``ray``: retries of work whose worker process died, before the input is
            isolated and, if it kills its worker again, skipped (default 2).
        progress: Called after every shard with ``(done, total, skipped)``.

    Returns:
        A :class:`BatchSummary`.

    Raises:
        ConfigError: Unknown engine or format, bad option, ``outdir`` holds a run made
            with other settings or another model, or a damaged shard.
        ModelLoadError: The model cannot be had.
        BackendUnavailableError: ``engine="ray"`` without Ray installed, or
            ``format="parquet"`` without pyarrow.
        BriefingError: ``ray_address`` cannot be reached, or another run holds ``outdir``.
    """
    _check_options(engine, format, shard_size=shard_size, workers=workers, ray_address=ray_address)
    started = time.perf_counter()
    settings = _driver_settings(settings or load_settings(), threads)
    _check_extras(engine, format, ray_address)
    job = BatchJob(
        settings=settings,
        summarizer=summarizer if summarizer is not None else settings.summarizer,
        translator_factory=translator_factory,
        offline=offline,
        models_dir=os.path.abspath(models_dir),
        cache_dir=None if cache_dir is None else os.path.abspath(cache_dir),
        use_cache=use_cache,
    )
    fingerprint = None if translator_factory is not None else _check_model(job)
    with hold_output(outdir):
        return _run_held(
            inputs,
            ShardStore(Path(outdir)),
            job,
            _identity(job, translator_factory, fingerprint),
            engine=engine,
            format=format,
            shard_size=shard_size,
            restart=restart,
            ray_address=ray_address,
            workers=workers,
            retries=retries,
            progress=progress,
            started=started,
        )


def _run_held(
    inputs: Sequence[str | os.PathLike[str]],
    store: ShardStore,
    job: BatchJob,
    identity: dict[str, Any],
    *,
    engine: str,
    format: str,
    shard_size: int,
    restart: bool,
    ray_address: str | None,
    workers: int | None,
    retries: int | None,
    progress: BatchProgress | None,
    started: float,
) -> BatchSummary:
    """The run itself, while this process holds the output folder (see :func:`run_batch`)."""
    store.check_run(identity, restart=restart)
    settings = job.settings
    # Read before the work, so that a glossary that cannot be read stops the run at once.
    glossary = None
    if settings.spellings:
        glossary = resolve_glossary(settings.glossary, defaults=settings.default_glossary)
    if store.remove_temporaries():
        log.info("removed half-written shards of a run that was stopped")
    plan = plan_inputs(inputs)
    done = store.done_keys()
    todo = [item for item in plan.items if item.key not in done]
    resumed = len(plan.items) - len(todo)
    if resumed:
        log.info("resuming: %d of %d inputs already done", resumed, len(plan.items))
    tally = _Tally(
        store,
        total=len(plan.items) + len(plan.skipped),
        done=resumed + len(plan.skipped),
        skipped=len(plan.skipped),
        progress=progress,
    )
    tally.report()
    used = _run_engine(
        engine,
        job,
        todo,
        store,
        tally.write,
        shard_size=shard_size,
        address=ray_address,
        workers=workers,
        retries=retries,
    )
    written = assemble(store, plan, format=format, spellings=settings.spellings, glossary=glossary)
    return BatchSummary(
        engine=engine,
        workers=used,
        inputs=tally.total,
        articles=written.articles,
        skipped=written.skipped,
        resumed=resumed,
        processed=tally.processed,
        seconds=time.perf_counter() - started,
        outputs=tuple(str(p) for p in written.paths),
        made=tally.made,
        unread=len(plan.skipped),
        spellings=written.names,
    )


def _check_options(
    engine: str, format: str, *, shard_size: int, workers: int | None, ray_address: str | None
) -> None:
    """Raise ConfigError for an unknown engine or format, or options that cannot work."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if format not in FORMATS:
        raise ConfigError(f"unknown batch format {format!r}; choose one of {', '.join(FORMATS)}")
    if shard_size < 1:
        raise ConfigError(f"shard size must be at least 1, got {shard_size}")
    if workers is not None and workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if ray_address and engine != "ray":
        raise ConfigError("a Ray address needs the ray engine (--engine ray)")


def _driver_settings(settings: Settings, threads: int | None) -> Settings:
    """``settings`` with ``threads`` applied and a local model folder made absolute."""
    if threads is not None:
        settings = settings.with_overrides(threads=threads)
    # Workers may run in another folder (a Ray node): give them absolute paths.
    if Path(settings.model).expanduser().exists():
        settings = settings.with_overrides(model=str(Path(settings.model).expanduser().resolve()))
    return settings


def _check_extras(engine: str, format: str, ray_address: str | None) -> None:
    """Fail before any work when an extra the run needs is missing, or the cluster is unreachable."""
    if engine == "ray":
        import_ray()  # fail before any work when the extra is missing
        if ray_address:
            check_address(ray_address)  # Ray itself would retry a dead address for ever
    if format == "parquet":
        require_pyarrow()  # not after hours of work, when the final files are written


@dataclass(slots=True)
class _Tally:
    """Inputs finished (earlier runs included) and skipped, counted as shards are written.

    Attributes:
        processed: Inputs finished by this run.
        made: Articles among them.
    """

    store: ShardStore
    total: int
    done: int
    skipped: int
    progress: BatchProgress | None
    processed: int = 0
    made: int = 0

    def write(self, lines: list[str]) -> None:
        """Store ``lines`` as one shard, count them and report progress."""
        if not lines:
            return
        self.store.write_shard(lines)
        self.done += len(lines)
        self.processed += len(lines)
        skipped = sum(json.loads(line)["kind"] == "skipped" for line in lines)
        self.skipped += skipped
        self.made += len(lines) - skipped
        self.report()

    def report(self) -> None:
        """Tell ``progress`` (when given) where the run stands."""
        if self.progress:
            self.progress(self.done, self.total, self.skipped)


def _run_engine(
    engine: str,
    job: BatchJob,
    todo: Sequence[WorkItem],
    store: ShardStore,
    write: Callable[[list[str]], None],
    *,
    shard_size: int,
    address: str | None,
    workers: int | None,
    retries: int | None,
) -> int:
    """Work through ``todo`` on ``engine``; returns the workers that translated."""
    if not todo:
        return 1
    if engine == "local":
        run_local(job, todo, store, write, shard_size=shard_size)
        return 1
    return run_ray(
        job,
        todo,
        store,
        write,
        shard_size=shard_size,
        address=address,
        workers=workers,
        threads=job.settings.threads,
        retries=retries,
    )


def _check_model(job: BatchJob) -> str | None:
    """Resolve the model and backend on the driver, so a missing model stops the run at once.

    Returns:
        The fingerprint of the folder the backend loads (None when it has no model files to
        hash, which loading it will then report).
    """
    resolved = resolve_model(job.settings.model, models_dir=job.models_dir, offline=job.offline)
    _, folder = choose_backend(job.settings.backend, resolved.path, models_dir=Path(job.models_dir))
    try:
        return model_fingerprint(folder)
    except OSError:
        return None
