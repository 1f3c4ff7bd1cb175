"""A newcomer's first minutes, timed: ``briefing models demo``, the first build, a cached rebuild.

Run from the repository root (each step a fresh process, as a user types them)::

    python tests/benchmarks/first_run.py                 # 3 rounds, the demo with its ct2 copy
    python tests/benchmarks/first_run.py --no-ct2 --rounds 1
    python tests/benchmarks/first_run.py --root ../other-checkout   # another version's code

Each round works in a new temporary folder with a copy of ``inputs/`` and its own translation
cache: ``briefing models demo models/tiny``, then ``briefing build inputs/ --model
models/tiny -o outputs/briefing.docx`` (the README's demo block: the first build, nothing
cached), then the same build again (everything from the translation cache). Python's
bytecode cache is on (in a folder of its own), as in an installed package; the first round
also pays for compiling it, so the median of the rounds is printed with each round.

Wall time is what the user waits; CPU time (user + system, of the child process) is what a
machine shared with other jobs does not inflate. The last line is machine-readable:
``FIRST_RUN demo=<s> build=<s> rebuild=<s> demo_cpu=<s> build_cpu=<s> rebuild_cpu=<s> load=<avg>``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of ``command``: CPU time (user + system) is what a busy machine
    does not inflate, wall time is what the user waits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def one_round(ct2: bool, pycache: Path, root: Path = ROOT) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of the demo, the first build and the cached rebuild, in a fresh folder."""
    with tempfile.TemporaryDirectory(prefix="first-run-") as tmp:
        folder = Path(tmp)
        shutil.copytree(root / "inputs", folder / "inputs")
        env = {**os.environ, "PYTHONPATH": str(root), "PYTHONPYCACHEPREFIX": str(pycache)}
        env["BRIEFING_CACHE_DIR"] = str(folder / "cache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("BRIEFING_MODEL", None)
        briefing = [sys.executable, "-m", "briefing"]
        demo = [*briefing, "models", "demo", "models/tiny", *([] if ct2 else ["--no-ct2"])]
        build = [*briefing, "build", "inputs/", "--model", "models/tiny", "-o", "outputs/briefing.docx"]
        return [
            _timed(demo, folder, env),
            _timed([*build, "--overwrite"], folder, env),
            _timed([*build, "--overwrite"], folder, env),
        ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the checkout whose code runs (default: this one)"
    )
    parser.add_argument("--no-ct2", dest="ct2", action="store_false", help="the demo without its ct2 copy")
    args = parser.parse_args()
    names = ("demo", "first build", "cached build")
    with tempfile.TemporaryDirectory(prefix="first-run-pyc-") as pycache:
        rows = []
        for number in range(1, args.rounds + 1):
            row = one_round(args.ct2, Path(pycache), args.root.resolve())
            rows.append(row)
            steps = ", ".join(
                f"{name} {wall:.1f} s (CPU {cpu:.1f} s)" for name, (wall, cpu) in zip(names, row, strict=True)
            )
            print(f"round {number}: {steps}", flush=True)
    medians = [
        (statistics.median(r[i][0] for r in rows), statistics.median(r[i][1] for r in rows)) for i in range(3)
    ]
    print(
        "median: "
        + ", ".join(f"{n} {w:.1f} s (CPU {c:.1f} s)" for n, (w, c) in zip(names, medians, strict=True))
    )
    load = os.getloadavg()[0]
    print(f"load average at the end: {load:.1f} on {os.cpu_count()} CPUs")
    (demo, demo_cpu), (build, build_cpu), (rebuild, rebuild_cpu) = medians
    print(
        f"FIRST_RUN demo={demo:.2f} build={build:.2f} rebuild={rebuild:.2f} demo_cpu={demo_cpu:.2f} "
        f"build_cpu={build_cpu:.2f} rebuild_cpu={rebuild_cpu:.2f} load={load:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
