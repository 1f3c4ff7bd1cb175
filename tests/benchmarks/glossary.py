"""The cost of a glossary: the samples built with and without one, side by side.

Run from the repository root (the demo model and its ct2 conversion are built into
``--workdir`` the first time)::

    python tests/benchmarks/glossary.py --glossary desk.csv [--backend ct2|transformers] [--runs 3]

Each build runs ``briefing build inputs/ --no-cache`` in a fresh process three ways: without a
glossary (``--no-default-glossary``), with the starter list, and with the starter list plus
``--glossary``; it prints wall and CPU seconds (user + system of the child) and the glossary's
tally. Numbers and reading: ``docs/notes/glossary.md``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _model(workdir: Path, backend: str) -> Path:
    """The demo model (and its ct2 conversion), built once into *workdir*."""
    demo, ct2 = workdir / "demo", workdir / "demo-ct2"
    if not demo.exists():
        subprocess.run([sys.executable, "-m", "briefing", "models", "demo", str(demo)], check=True, cwd=ROOT)
    if backend == "ct2" and not ct2.exists():
        command = [sys.executable, "-m", "briefing", "models", "convert", str(demo), "-o", str(ct2)]
        subprocess.run(command, check=True, cwd=ROOT)
    return ct2 if backend == "ct2" else demo


def _build(model: Path, backend: str, extra: list[str], out: Path) -> tuple[float, float, dict | None]:
    """Wall seconds, child CPU seconds and the glossary tally of one build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "briefing",
        "build",
        "inputs/",
        "--model",
        str(model),
        "--backend",
        backend,
    ]
    subprocess.run([*command, "--no-cache", "-q", "-o", str(out), *extra], check=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(out.read_text(encoding="utf-8"))["glossary"]


def main(argv: list[str] | None = None) -> int:
    """Print one line per build."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--glossary", required=True, help="the desk's glossary to add to the starter list")
    parser.add_argument("--backend", choices=("ct2", "transformers"), default="ct2")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "briefing-glossary-bench"
    )
    args = parser.parse_args(argv)
    model = _model(args.workdir, args.backend)
    ways = {
        "none": ["--no-default-glossary"],
        "starter": [],
        "starter+file": ["--glossary", str(Path(args.glossary).resolve())],
    }
    for run in range(args.runs):
        for label, extra in ways.items():
            wall, cpu, tally = _build(model, args.backend, extra, args.workdir / f"out-{label}-{run}.json")
            print(f"{args.backend}\t{label}\t{wall:.1f} s wall\t{cpu:.2f} s cpu\t{tally}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
