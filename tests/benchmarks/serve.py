"""Load on ``briefing serve``, and the per-call cost of a reused ``Briefer``, side by side.

Run from the repository root::

    python tests/benchmarks/serve.py --quick        # tiny random model: about a minute
    python tests/benchmarks/serve.py                # + base-size model for the per-call part

Part 1, load (localhost only; bounded in jobs and seconds, stops by itself):

* starts the real app under uvicorn on 127.0.0.1 (a free port) over one ``Briefer``: first
  with ``FakeTranslator`` (the service's own cost), then with the tiny random model;
* ``--clients`` threads send ``--jobs`` briefing requests (JSON, one article each, taken from
  ``inputs/`` in turn; every ``--bad-every``-th is English and must fail alone), then poll;
  a 503 (queue full) is retried after a pause and counted;
* prints throughput, latency percentiles (submit -> done), rejections, the status of every
  job (nothing accepted may be lost), and the peak RSS of the process (server and clients).

Part 2, per call (skipped with ``--quick``): three briefings of one *new* article each,
first with ``build_briefing()`` (loads the model every call), then with one ``Briefer``
(loads once), on a Marian model with random weights at the real opus-mt-ar-en size
(6+6 layers, d_model 512), no translation cache, beam 1. Random weights never stop on their
own, so both variants cap outputs at ``--max-new-tokens`` (48: the English of a long sentence);
the only difference between them is whether the translator (and its model) is new each call.

Models are built into ``--workdir`` (reused by later runs). Needs torch + transformers,
fastapi, uvicorn and httpx (``pip install -e '.[dev]'``).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: make `tests.*` importable
    sys.path.insert(0, str(REPO))

ENGLISH = "The port opened on Sunday. It cost three hundred million dollars. Ships will come soon."


def sample_texts() -> list[str]:
    """The texts of the sample articles in ``inputs/`` (.txt and .md)."""
    return [
        p.read_text(encoding="utf-8")
        for p in sorted((REPO / "inputs").iterdir())
        if p.suffix in {".txt", ".md"}
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def build_model(workdir: Path, *, real_size: bool) -> Path:
    from tests.tiny_model import build_tiny_marian

    name = f"marian-{'base' if real_size else 'tiny'}"
    folder = workdir / name
    if not (folder / "config.json").is_file():
        print(f"building {name} into {folder} ...", flush=True)
        build_tiny_marian(
            folder,
            real_size=real_size,
            extra_source_lines=[line for text in sample_texts() for line in text.splitlines()],
        )
    return folder


# ----------------------------------------------------------------------- part 1: load


def load_test(model: Path | None, args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    from briefing.serve import ServeConfig, create_app
    from tests.serve_support import running_server

    texts = sample_texts()
    config = ServeConfig(queue_size=args.queue_size, workers=args.workers)
    app = create_app(_load_briefer(model, args), config)
    deadline = time.monotonic() + args.max_seconds
    lock = threading.Lock()
    next_job = iter(range(args.jobs))
    records: list[dict[str, Any]] = []
    rejected = 0

    def client(base: str) -> None:
        nonlocal rejected
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < deadline:
                with lock:
                    number = next(next_job, None)
                if number is None:
                    return
                record, retried = _one_job(http, number, texts, args, deadline)
                with lock:
                    records.append(record)
                    rejected += retried

    started = time.monotonic()
    with running_server(app) as base:
        threads = [threading.Thread(target=client, args=(base,)) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.max_seconds + 60)
    wall = time.monotonic() - started
    return _load_summary(records, rejected, wall)


def _load_briefer(model: Path | None, args: argparse.Namespace) -> Any:
    """The Briefer under load: FakeTranslator (``model`` None) or the model, loaded."""
    from briefing import Briefer

    if model is None:  # the service's own cost: HTTP, queue, reading, summarizing, files
        from briefing import FakeTranslator

        return Briefer(translator=FakeTranslator())
    # One model thread: the client threads and the server's event loop need the other core(s).
    return Briefer(translator=capped_marian(model, args.max_new_tokens, threads=1)).load()


def _one_job(
    http: Any, number: int, texts: list[str], args: argparse.Namespace, deadline: float
) -> tuple[dict[str, Any], int]:
    """Send job ``number`` and wait for its end: its record, and how many 503s it met first."""
    bad = args.bad_every and number % args.bad_every == args.bad_every - 1
    text = ENGLISH if bad else texts[number % len(texts)]
    body = {
        "articles": [{"text": text, "id": f"job-{number}"}],
        "sentences": 3,
        "formats": ["json"],
    }
    started = time.monotonic()
    rejected = 0
    while True:
        response = http.post("/api/briefings", json=body)
        if response.status_code != 503 or time.monotonic() > deadline:
            break
        rejected += 1
        time.sleep(0.2)
    if response.status_code != 202:
        return {"number": number, "status": f"http {response.status_code}", "bad": bad}, rejected
    job_id = response.json()["id"]
    while True:
        job = http.get(f"/api/briefings/{job_id}").json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline + 30:
            break
        time.sleep(0.05)
    record = {
        "number": number,
        "status": job["status"],
        "bad": bad,
        "seconds": time.monotonic() - started,
        "error": job.get("error"),
        "source": (job.get("result") or {}).get("articles", [{}])[0].get("source"),
    }
    return record, rejected


def _load_summary(records: list[dict[str, Any]], rejected: int, wall: float) -> dict[str, Any]:
    """The load part's numbers from the jobs' records."""
    good = [r for r in records if not r["bad"]]
    bad = [r for r in records if r["bad"]]
    done = [r for r in good if r["status"] == "done"]
    return {
        "sent": len(records),
        "done": len(done),
        "wrong_source": sum(1 for r in done if r["source"] != f"job-{r['number']}"),
        "good_not_done": [(r["number"], r["status"]) for r in good if r["status"] != "done"],
        "bad_failed_clearly": sum(1 for r in bad if _failed_clearly(r)),
        "bad": len(bad),
        "rejected_503": rejected,
        "wall_s": wall,
        "throughput": len(done) / wall if wall else 0.0,
        **_latencies([r["seconds"] for r in done]),
        "peak_rss_mb": peak_rss_mb(),
    }


def _failed_clearly(record: dict[str, Any]) -> bool:
    """Whether an English job failed with the message that says why."""
    return record["status"] == "failed" and "no usable article" in (record["error"] or "")


def _latencies(seconds: list[float]) -> dict[str, float]:
    """Median, 90th and 99th percentile and slowest of the jobs' seconds."""
    return {
        "p50": percentile(seconds, 0.5),
        "p90": percentile(seconds, 0.9),
        "p99": percentile(seconds, 0.99),
        "max": max(seconds, default=float("nan")),
    }


# ------------------------------------------------------------------- part 2: per call


def capped_marian(model: Path, max_new_tokens: int, *, threads: int | None = None) -> Any:
    """A MarianTranslator (loads its model on first use) whose outputs stop at ``max_new_tokens``."""
    from briefing.translation.backends.marian import MarianTranslator

    return MarianTranslator(
        model, device="cpu", beams=1, threads=threads, max_new_tokens=max_new_tokens, name=model.name
    )


def per_call(model: Path, calls: int, max_new_tokens: int) -> dict[str, list[float]]:
    """Seconds per call: a fresh translator every call (as ``build_briefing`` does) vs one reused.

    One torch thread: on a shared machine, two spinning threads per op swing the timings by
    minutes (measured: 48-152 s per call with 2 threads at load 12-18, on 2 cores).
    """
    from briefing import ArticleText, Briefer, build_briefing

    texts = sample_texts()
    one_shot = []
    for number in range(calls):
        started = time.perf_counter()
        # build_briefing creates (and loads) the backend on every call; a fresh instance here
        # is that, with the same output cap as the reused one below.
        build_briefing(
            [ArticleText(text=texts[number % len(texts)])],
            sentences=3,
            translator=capped_marian(model, max_new_tokens, threads=1),
        )
        one_shot.append(time.perf_counter() - started)
    reused = []
    briefer = Briefer(translator=capped_marian(model, max_new_tokens, threads=1))
    for number in range(calls):
        started = time.perf_counter()
        briefer.build([ArticleText(text=texts[(number + calls) % len(texts)])], sentences=3)
        reused.append(time.perf_counter() - started)
    return {"build_briefing": one_shot, "Briefer": reused}


def _print_load(rows: list[tuple[str, dict[str, Any]]], args: argparse.Namespace) -> None:
    """The load part's table, one row per model."""
    print(
        f"\nLOAD: {args.jobs} jobs, {args.clients} clients, {args.workers} worker(s), "
        f"queue {args.queue_size}, 1 article/job, 3 sentences, beam 1, "
        f"every {args.bad_every}th job English"
    )
    print(
        f"{'model':<22}{'done':>6}{'lost':>6}{'bad ok':>8}{'503s':>6}{'jobs/s':>8}"
        f"{'p50 s':>8}{'p90 s':>8}{'p99 s':>8}{'max s':>8}{'RSS MB':>8}"
    )
    for label, r in rows:
        print(
            f"{label:<22}{r['done']:>6}{len(r['good_not_done']):>6}{r['bad_failed_clearly']:>5}/{r['bad']:<2}"
            f"{r['rejected_503']:>6}{r['throughput']:>8.2f}{r['p50']:>8.2f}{r['p90']:>8.2f}{r['p99']:>8.2f}"
            f"{r['max']:>8.2f}{r['peak_rss_mb']:>8.0f}"
        )
        if r["good_not_done"] or r["wrong_source"]:
            print(
                f"  NOT DONE: {r['good_not_done']}; results with another job's article: {r['wrong_source']}"
            )


def _print_per_call(times: dict[str, list[float]], args: argparse.Namespace) -> None:
    """The per-call part: seconds per call of each variant, and their ratio."""
    print(
        "\nPER CALL: one new article each (3 sentences), base-size random model, beam 1, "
        f"{args.max_new_tokens}-token outputs, 1 torch thread, no cache"
    )
    for name, values in times.items():
        print(
            f"{name:<16}" + "".join(f"{v:>8.2f}" for v in values) + f"   mean {statistics.mean(values):.2f} s"
        )
    # From the second call on: the first call of a process also pays for importing torch.
    fresh = statistics.mean(times["build_briefing"][1:] or times["build_briefing"])
    reused = statistics.mean(times["Briefer"][1:] or times["Briefer"])
    print(
        f"RATIO build_briefing / reused Briefer (calls 2+) = {fresh / reused:.2f}x; "
        f"saved per call: {fresh - reused:.2f} s (the model load)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny model, 20 jobs, no per-call part")
    parser.add_argument("--jobs", type=int, help="briefing requests to send (default 60; 20 with --quick)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (default 8)")
    parser.add_argument("--workers", type=int, default=1, help="service worker threads (default 1)")
    parser.add_argument(
        "--queue-size", type=int, default=4, help="service queue size (default 4: forces 503s)"
    )
    parser.add_argument("--bad-every", type=int, default=10, help="every N-th job is English (0: none)")
    parser.add_argument("--max-seconds", type=float, default=180, help="stop sending after this long")
    parser.add_argument("--calls", type=int, default=3, help="calls per variant in the per-call part")
    parser.add_argument(
        "--max-new-tokens", type=int, default=48, help="output tokens per segment (random weights never stop)"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/briefing-bench-serve"))
    parser.add_argument(
        "--base-load", action="store_true", help="run the load part on the base-size model too"
    )
    parser.add_argument("--no-load", action="store_true", help="skip the load part (per-call part only)")
    args = parser.parse_args(argv)
    args.jobs = args.jobs or (20 if args.quick else 60)

    tiny = build_model(args.workdir, real_size=False)
    rows = []
    if not args.no_load:
        rows = [("FakeTranslator", load_test(None, args)), ("tiny (d_model 16)", load_test(tiny, args))]
    base = None
    if not args.quick:
        base = build_model(args.workdir, real_size=True)
        if args.base_load:
            rows.append(("base (opus-mt size)", load_test(base, args)))

    if rows:
        _print_load(rows, args)
    if base is not None:
        _print_per_call(per_call(base, args.calls, args.max_new_tokens), args)
    lost = sum(len(r["good_not_done"]) + r["wrong_source"] for _, r in rows)
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
