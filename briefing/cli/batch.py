"""``briefing batch``: per-article records for archives and feeds (see :mod:`briefing.batch`).

The command's options, checks and progress lines; nothing heavy is imported until it runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from briefing.cli.options import (
    EXIT_NOTHING,
    EXIT_OK,
    add_inputs_argument,
    add_length_options,
    add_model_options,
    add_verbose_option,
    eprint,
    glossary_settings,
    length_arguments,
    native_stderr_to,
    positive_int,
    summarizer_name,
    usage_error,
)
from briefing.config import cache_dir_from_env, load_settings, offline_from_env, ray_address_from_env
from briefing.errors import BriefingError

if TYPE_CHECKING:
    from briefing.batch import BatchSummary
    from briefing.config import Settings

# A progress line at most this often when stderr is not a terminal (logs of long jobs).
_LOG_EVERY_S = 10.0


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``batch`` and its options to ``sub``."""
    parser = sub.add_parser(
        "batch",
        help="summarize and translate many articles into per-article records (resumable)",
        description="Summarize and translate every article into OUTDIR/articles.jsonl (one record per "
        "article) and OUTDIR/skipped.jsonl (one per unusable input, with the reason); no composed "
        "briefing. Work is saved in shards as it goes: run the same command again after a crash or a "
        "kill and it finishes the rest, each input exactly once.",
    )
    add_inputs_argument(parser, "article files, folders or manifests")
    parser.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output folder")
    parser.add_argument(
        "--engine",
        choices=("local", "ray"),
        help="local: this process (default); ray: Ray Data, local runtime or --ray-address cluster",
    )
    parser.add_argument(
        "--ray-address",
        metavar="ADDR",
        help="join this Ray cluster (e.g. 10.0.0.5:6379 or auto; also $RAY_ADDRESS); implies --engine ray",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        help="ray: translation actors, one model each (default: the CPUs left after one per node, "
        "/ threads); local: one process, 1 only",
    )
    parser.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl", help="output files")
    add_length_options(parser)
    parser.add_argument(
        "--summarizer", type=summarizer_name, metavar="NAME", help="summarization method (default: default)"
    )
    add_model_options(
        parser,
        device_help="where the model runs (ray: cuda asks one GPU per actor)",
        threads_help="CPU threads per translating worker",
    )
    parser.add_argument("--shard-size", type=int, metavar="N", help="inputs per saved shard (default 32)")
    parser.add_argument("--restart", action="store_true", help="discard OUTDIR's earlier results, start over")
    parser.add_argument("--json", action="store_true", help="print the run summary as JSON on stdout")
    add_verbose_option(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    return parser


def _progress_printer(enabled: bool) -> tuple[Callable[[int, int, int], None] | None, Callable[[], None]]:
    """A ``progress(done, total, skipped)`` that prints rate and time left on stderr."""
    if not enabled:
        return None, lambda: None
    tty = sys.stderr.isatty()
    state: dict[str, Any] = {"start": time.monotonic(), "first": None, "last": 0.0, "drawn": False}

    def progress(done: int, total: int, skipped: int) -> None:
        now = time.monotonic()
        if state["first"] is None:
            state["first"] = done  # inputs finished by earlier runs: not part of this run's rate
            return
        final = done >= total
        if not final and now - state["last"] < (1.0 if tty else _LOG_EVERY_S):
            return
        state["last"] = now
        elapsed = max(now - state["start"], 1e-6)
        rate = 60.0 * (done - state["first"]) / elapsed
        left = f", about {(total - done) / rate:.0f} min left" if rate > 0 and not final else ""
        percent = 100.0 * done / total if total else 100.0
        line = (
            f"briefing batch: {done}/{total} inputs ({percent:.0f}%), {skipped} skipped, "
            f"{rate:.1f} articles/min{left}"
        )
        if tty:
            eprint("\r" + line.ljust(100), end="")
            state["drawn"] = True
        else:
            eprint(line)

    def close() -> None:
        if state["drawn"]:
            eprint("")

    return progress, close


def run(args: argparse.Namespace) -> int:
    """Run the batch; 0 when at least one article was written, else 1."""
    address = ray_address_from_env(args.ray_address)
    engine = args.engine or ("ray" if address else "local")
    problem = _engine_problem(args, engine)
    if problem is not None:
        return usage_error(args, problem)
    # A bad config file or BRIEFING_* value is a usage error (main() says so, exit 2).
    settings = load_settings(args.config, model=args.model).with_overrides(
        **length_arguments(args),
        summarizer=args.summarizer,
        backend=args.backend,
        device=args.device,
        beams=args.beams,
        threads=args.threads,
        compute_type=args.compute_type,
        **glossary_settings(args),
    )
    progress, close = _progress_printer(not args.quiet)
    ray_log = _ray_log(engine, args.verbose)
    try:
        with native_stderr_to(ray_log) if ray_log else contextlib.nullcontext():
            summary = _run(args, settings, engine, address, progress)
    except Exception as exc:
        # A BriefingError says what went wrong in our words; anything else may be Ray's.
        if ray_log and os.path.getsize(ray_log) and not isinstance(exc, BriefingError):
            eprint(f"briefing batch: Ray's own messages of this run are in {ray_log}")
            ray_log = None  # kept for the reader
        raise
    finally:
        close()
        if ray_log:
            os.unlink(ray_log)
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    eprint(summary_line(summary))
    return EXIT_OK if summary.articles else EXIT_NOTHING


def _ray_log(engine: str, verbose: int) -> str | None:
    """A file for Ray's native log lines (quiet by default), or None at -v or without Ray."""
    if engine != "ray" or verbose:
        return None
    handle, path = tempfile.mkstemp(prefix="briefing-ray-", suffix=".log")
    os.close(handle)
    return path


def _run(
    args: argparse.Namespace,
    settings: Settings,
    engine: str,
    address: str | None,
    progress: Callable[[int, int, int], None] | None,
) -> BatchSummary:
    """``run_batch`` with the command's options."""
    from briefing.batch import DEFAULT_SHARD_SIZE, run_batch

    return run_batch(
        args.inputs,
        args.output,
        engine=engine,
        settings=settings,
        offline=offline_from_env(args.offline),
        models_dir=args.models_dir,
        cache_dir=cache_dir_from_env(args.cache_dir),
        use_cache=not args.no_cache,
        format=args.format,
        shard_size=args.shard_size or DEFAULT_SHARD_SIZE,
        restart=args.restart,
        ray_address=address if engine == "ray" else None,
        workers=args.workers,
        threads=args.threads,
        progress=progress,
    )


def summary_line(summary: BatchSummary) -> str:
    """The closing line: every count says what it counts, and they add up to the inputs.

    ``inputs`` = read by this run + done by earlier runs + skipped before reading; the rate
    counts the articles this run wrote, not the inputs it skipped.
    """
    head = f"{summary.inputs} inputs: {summary.articles} articles, {summary.skipped} skipped"
    parts = [f"briefing batch: {head}"]
    if summary.processed:
        parts.append(
            f"this run read {summary.processed} of them in {summary.seconds:.1f} s: {summary.made} "
            f"article(s) ({summary.per_minute:.1f} articles/min), {summary.processed - summary.made} skipped"
        )
    else:
        parts.append(f"this run had nothing left to read ({summary.seconds:.1f} s)")
    if summary.resumed:
        parts.append(f"{summary.resumed} done by an earlier run")
    if summary.unread:
        parts.append(f"{summary.unread} skipped before reading (not article files, or unreadable)")
    if summary.spellings:
        parts.append(f"{summary.spellings} name(s) written one way across the batch")
    parts.append(f"{summary.engine} engine, {summary.workers} worker(s); wrote {', '.join(summary.outputs)}")
    return "; ".join(parts)


def _engine_problem(args: argparse.Namespace, engine: str) -> str | None:
    """What is wrong with ``--ray-address``/``--workers`` for ``engine``, or None."""
    if engine == "local" and args.ray_address:
        return "--ray-address needs --engine ray (or leave --engine out)"
    if engine == "local" and args.workers not in (None, 1):
        return (
            "--workers is for --engine ray; the local engine is one process "
            f"(for {args.workers} translating processes: --engine ray --workers {args.workers})"
        )
    return None
