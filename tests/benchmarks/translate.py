"""Translation cost, side by side: the two model sizes (base, big) on our two backends.

Run from the repository root::

    python tests/benchmarks/translate.py            # base and big, 8 segments, ct2 build rows
    python tests/benchmarks/translate.py --quick    # base only, 3 segments, no build rows
    python tests/benchmarks/translate.py --arch base --segments 0 --baseline   # the ct2 speed study

What it does:

1. For each architecture asked for (``--arch``), builds a Marian model with random weights at
   the real architecture and its checked CTranslate2 int8 conversion (``briefing models
   convert``), into ``--workdir/<arch>`` (reused by later runs):

   - ``base``: ``Helsinki-NLP/opus-mt-ar-en``, 6+6 layers, d_model 512, 8 heads, FFN 2048,
     swish, 62834 vocabulary entries, 512 positions (76M parameters);
   - ``big``: ``Helsinki-NLP/opus-mt-tc-big-ar-en``, 6+6 layers, d_model 1024, 16 heads, FFN
     4096, relu, 61109 entries with ``</s>`` at id 25894, 1024 positions (239M parameters).

   The source SentencePiece model is trained on the sample articles so segment lengths are
   realistic.
2. Takes ``--segments`` segments of the five sample articles (ingest -> clean -> segment).
3. Forces a fixed output length: ``</s>`` is suppressed in the model and every variant
   generates exactly N tokens per segment (N = 1.2 x the mean source length), so random
   weights cost what real translations of that length cost.
4. Runs each variant in its own process (honest peak RSS, no shared warm caches), at beam 1
   and beam 4: ``transformers`` (our ``MarianTranslator``), ``ct2`` (our ``Ct2Translator``,
   int8) and, with ``--baseline``, (a) one ``generate`` per sentence as transformers 4.x's
   ``pipeline("translation")`` ran it. It prints wall seconds (translation only; model load
   apart), target tokens/s, the ratio to the base architecture, peak RSS and agreement.
5. Runs ``briefing build inputs/`` (defaults) per architecture and backend with a fresh cache,
   then again fully cached: wall time, peak RSS and which heavy modules each run imported.
   Random weights never emit ``</s>``, so the models' generation config caps every output at
   ``BUILD_MAX_LENGTH - 1`` tokens.

Machine-readable lines at the end: ``COST beam4 <backend> big/base=<x>`` and, with
``--baseline``, ``SPEEDUP beam4 ct2=<x> transformers=<y> (vs pipeline)``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: make `tests.tiny_model` importable
    sys.path.insert(0, str(REPO))

_BUILD_VERSION = "2"  # bump when the benchmark model changes, to rebuild cached work dirs
# Random weights never choose </s>: in `briefing build` runs every output would run to the
# backends' cap (twice the source plus 16 tokens). The models' generation config caps them at
# 48 new tokens instead, about what a 35-word English sentence takes, so a build costs what
# translating real sentences of ordinary length costs. Every output is then flagged `cap`.
BUILD_MAX_LENGTH = 49
ARCHES = ("base", "big")
_HEAVY = ("torch", "transformers", "ctranslate2")


# ---------------------------------------------------------------------------- data


def article_segments(inputs: Path) -> list[list[str]]:
    """The segments of each sample article, as the pipeline produces them (no summary)."""
    from briefing.clean.cleaner import clean
    from briefing.ingest.discover import discover, ingest
    from briefing.segment import segment

    files, _ = discover([str(inputs)])
    articles = []
    for item in files:
        sentences = segment(clean(ingest(item))).sentences
        articles.append([s.text for s in sentences if s.text.strip()])
    return articles


def take(articles: list[list[str]], limit: int | None) -> list[list[str]]:
    """The first ``limit`` segments overall, spread over the articles (all when ``None``)."""
    if limit is None:
        return articles
    taken: list[list[str]] = [[] for _ in articles]
    position, left = 0, limit
    while left > 0 and any(position < len(a) for a in articles):
        for index, segments in enumerate(articles):
            if left > 0 and position < len(segments):
                taken[index].append(segments[position])
                left -= 1
        position += 1
    return [segments for segments in taken if segments]


def build_models(workdir: Path, inputs: Path, arch: str = "base") -> tuple[Path, Path, float]:
    """The random model at ``arch`` and its checked int8 conversion under ``workdir`` (built once).

    ``</s>`` is suppressed, so every output runs to its cap; the generation config's
    ``max_length`` (:data:`BUILD_MAX_LENGTH`) is the cap of ``briefing build`` runs.
    """
    models = workdir / "models"
    hf_dir = models / f"opus-mt-{arch}-random"
    ct2_dir = models / f"opus-mt-{arch}-random-ct2-int8"
    marker = workdir / "built.json"
    if marker.is_file() and json.loads(marker.read_text())["version"] == _BUILD_VERSION:
        return hf_dir, ct2_dir, 0.0
    started = time.perf_counter()
    shutil.rmtree(models, ignore_errors=True)
    from briefing.translation.models.convert import convert_model
    from tests.tiny_model import build_tiny_marian

    lines = [segment for article in article_segments(inputs) for segment in article]
    build_tiny_marian(
        hf_dir, arch=arch, suppress_eos=True, extra_source_lines=lines, max_length=BUILD_MAX_LENGTH
    )
    convert_model(hf_dir, ct2_dir, quantization="int8", models_dir=models)
    marker.write_text(json.dumps({"version": _BUILD_VERSION}))
    return hf_dir, ct2_dir, time.perf_counter() - started


# ----------------------------------------------------------------------- variants


def _peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    VmHWM, not getrusage's ru_maxrss: Linux keeps ru_maxrss across exec, so a child started
    by a parent that once used 1 GB would report at least that much.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_baseline(job: dict[str, Any]) -> dict[str, Any]:
    """(a) transformers 4.x ``pipeline("translation")`` called per article: one generate per sentence."""
    started = time.perf_counter()
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(job["hf_dir"])
    model = MarianMTModel.from_pretrained(job["hf_dir"]).eval()
    loaded = time.perf_counter()
    outputs = []
    for article in job["articles"]:
        for sentence in article:  # the pipeline's loop for a list input, batch_size=1
            with torch.inference_mode():
                inputs = tokenizer([sentence], return_tensors="pt")
                ids = model.generate(**inputs, num_beams=job["beams"], max_new_tokens=job["new_tokens"])
            outputs.append(tokenizer.decode(ids[0], skip_special_tokens=True))
    done = time.perf_counter()
    return {"load_s": loaded - started, "wall_s": done - loaded, "outputs": outputs}


def _run_stage(translator: Any, job: dict[str, Any], started: float) -> dict[str, Any]:
    """Translate every segment through our translate stage; timings split load/translate."""
    from briefing.translation.stage import translate_texts

    texts = [sentence for article in job["articles"] for sentence in article]
    translator.count_tokens(texts[0])
    translator._load()  # load outside the timed translation, as the baseline does
    loaded = time.perf_counter()
    table = translate_texts(texts, translator)
    done = time.perf_counter()
    return {
        "load_s": loaded - started,
        "wall_s": done - loaded,
        "outputs": [table[text].text for text in texts],
        "segments_translated": len(table),
    }


def run_transformers(job: dict[str, Any]) -> dict[str, Any]:
    """(b) our MarianTranslator, output capped at exactly ``new_tokens``."""
    from briefing.translation.backends.marian import MarianTranslator

    # With </s> suppressed the output cap *is* the output length: a constant cap gives
    # every variant equal work.
    started = time.perf_counter()
    translator = MarianTranslator(
        job["hf_dir"],
        device="cpu",
        beams=job["beams"],
        max_new_tokens=job["new_tokens"],
        threads=job.get("threads"),
    )
    return _run_stage(translator, job, started)


def run_ct2(job: dict[str, Any]) -> dict[str, Any]:
    """(c) our Ct2Translator (int8 unless ``compute_type`` says otherwise)."""
    from briefing.translation.backends.ct2 import Ct2Translator

    started = time.perf_counter()
    translator = Ct2Translator(
        job["ct2_dir"],
        device="cpu",
        compute_type=job.get("compute_type", "auto"),
        beams=job["beams"],
        max_new_tokens=job["new_tokens"],
        threads=job.get("threads"),
    )
    return _run_stage(translator, job, started)


VARIANTS = {"baseline": run_baseline, "transformers": run_transformers, "ct2": run_ct2}


def child_main(spec: str) -> int:
    """Run one variant described by the JSON file ``spec``; print its result as JSON."""
    import warnings

    warnings.simplefilter("ignore")
    job = json.loads(Path(spec).read_text(encoding="utf-8"))
    result = VARIANTS[job["variant"]](job)
    result["peak_rss_mb"] = _peak_rss_mb()
    result["heavy_modules"] = [name for name in _HEAVY if name in sys.modules]
    print(json.dumps(result, ensure_ascii=False))
    return 0


def run_variant(job: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """Run ``job`` in a fresh interpreter and return its result."""
    spec = workdir / "job.json"
    spec.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "TRANSFORMERS_VERBOSITY": "error", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(spec)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise RuntimeError(f"variant {job['variant']} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ cached build


def _timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """(wall seconds, stdout) of a child process, start-up included."""
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {done.returncode}:\n{done.stderr[-3000:]}")
    return wall, done.stdout


# Runs the CLI in-process and reports what it imported and its peak memory.
_PROOF = (
    "import sys, json; from briefing.cli.main import main; code = main(sys.argv[1:]); "
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]; "
    "print(json.dumps({'code': code, 'rss_mb': int(hwm) / 1024, "
    f"'heavy': [m for m in {_HEAVY!r} if m in sys.modules]}}))"
)


def cached_build(
    workdir: Path, hf_dir: Path, inputs: Path, extra: list[str], backend: str = "ct2"
) -> dict[str, Any] | None:
    """``briefing build`` with ``backend`` and a fresh cache, then cached re-runs.

    Run 1 fills the cache (its peak RSS is the memory of a ct2 build); run 2 is timed
    through the console script, start-up included; run 3 repeats it in a wrapper that
    reports which heavy modules were imported.
    """
    briefing = Path(sys.executable).with_name("briefing")
    help_text = subprocess.run([str(briefing), "build", "--help"], capture_output=True, text=True).stdout
    if "--cache-dir" not in help_text or "--backend" not in help_text:
        return None
    cache = workdir / f"cache-{backend}"
    shutil.rmtree(cache, ignore_errors=True)
    args = [
        "build",
        str(inputs.resolve()),
        "--model",
        str(hf_dir),
        "--models-dir",
        str(hf_dir.parent),
        "--backend",
        backend,
        "--cache-dir",
        str(cache),
        "-o",
        str(workdir / "briefing.docx"),
        "--overwrite",
        *extra,
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    first_wall, first_out = _timed([sys.executable, "-c", _PROOF, *args], workdir, env)
    cached_wall, _ = _timed([str(briefing), *args], workdir, env)
    _, proof_out = _timed([sys.executable, "-c", _PROOF, *args], workdir, env)
    first = json.loads(first_out.strip().splitlines()[-1])
    proof = json.loads(proof_out.strip().splitlines()[-1])
    return {
        "first_wall_s": first_wall,
        "first_rss_mb": first["rss_mb"],
        "first_heavy_imports": first["heavy"],
        "cached_wall_s": cached_wall,
        "cached_rss_mb": proof["rss_mb"],
        "cached_heavy_imports": proof["heavy"],
    }


# ------------------------------------------------------------------------- report


def machine() -> str:
    """Cores, CPU model and the SIMD flags that matter for int8/float kernels."""
    cores = len(os.sched_getaffinity(0))
    model, flags = platform.processor() or "unknown CPU", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    wanted = ("avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8")
    present = [flag for flag in wanted if flag in flags]
    return f"{cores} cores available, {model}, flags: {' '.join(present) or 'none of ' + ' '.join(wanted)}"


def agreement(outputs: list[str], reference: list[str]) -> str:
    """How many outputs are identical to the reference outputs."""
    same = sum(a == b for a, b in zip(outputs, reference, strict=True))
    return f"{same}/{len(reference)}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; ``--quick`` sets the base architecture, 3 segments and no build rows."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 segments, base only, no build rows")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/briefing-translate-bench"))
    parser.add_argument("--inputs", type=Path, default=REPO / "inputs")
    parser.add_argument("--segments", type=int, default=8, help="segments per variant (default 8; 0 = all)")
    parser.add_argument("--arch", default=",".join(ARCHES), help="architectures: base, big or base,big")
    parser.add_argument("--baseline", action="store_true", help="also run (a), one generate per sentence")
    parser.add_argument(
        "--build-backends",
        default="ct2",
        help="backends of the `briefing build` rows: ct2 (default), transformers or ct2,transformers",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="CPU threads per model (default: the cores available). On a machine busy with other "
        "work, torch with as many threads as cores can run several times slower than with one",
    )
    parser.add_argument("--no-build-run", action="store_true", help="skip the `briefing build` rows")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return args
    args.arches = [a.strip() for a in args.arch.split(",") if a.strip()]
    if args.quick:
        args.arches, args.segments, args.no_build_run = ["base"], 3, True
    unknown = set(args.arches) - set(ARCHES)
    if unknown:
        parser.error(f"unknown --arch {', '.join(sorted(unknown))}; choose from {', '.join(ARCHES)}")
    return args


Results = dict[tuple[str, str, int], dict[str, Any]]
Rows = list[tuple[str, str, int, dict[str, Any]]]
Builds = dict[tuple[str, str], dict[str, Any] | None]


def run_arch(
    arch: str,
    args: argparse.Namespace,
    articles: list[list[str]],
    rows: Rows,
    results: Results,
    builds: Builds,
) -> None:
    """Build ``arch``'s models, run every variant at beams 1 and 4, then the build rows."""
    texts = [s for a in articles for s in a]
    variants = (["baseline"] if args.baseline else []) + ["transformers", "ct2"]
    workdir = args.workdir / arch
    workdir.mkdir(parents=True, exist_ok=True)
    hf_dir, ct2_dir, build_s = build_models(workdir, args.inputs, arch)
    if build_s:
        print(f"built the random {arch} model and its checked int8 conversion in {build_s:.0f} s")
    from briefing.translation.stage import sentencepiece_counter

    count = sentencepiece_counter(str(hf_dir / "source.spm"))
    mean_source = statistics.mean(count(text) for text in texts)
    new_tokens = max(8, round(1.2 * mean_source))
    print(
        f"{arch}: {len(texts)} segments from {len(articles)} articles, mean {mean_source:.1f} source "
        f"tokens; every variant generates exactly {new_tokens} tokens per segment"
    )
    base = {
        "hf_dir": str(hf_dir),
        "ct2_dir": str(ct2_dir),
        "articles": articles,
        "new_tokens": new_tokens,
        "threads": args.threads,
    }
    for beams in (1, 4):
        for variant in variants:
            result = run_variant({**base, "variant": variant, "beams": beams}, workdir)
            result["tokens"] = new_tokens * result.get("segments_translated", len(texts))
            results[arch, variant, beams] = result
            rows.append((arch, variant, beams, result))
            print(
                f"  done: {arch} {variant} beam {beams} in {result['wall_s']:.1f} s",
                file=sys.stderr,
                flush=True,
            )
    if not args.no_build_run:
        for backend in [b.strip() for b in args.build_backends.split(",") if b.strip()]:
            extra = ["--threads", str(args.threads)] if args.threads else []
            builds[arch, backend] = cached_build(workdir, hf_dir, args.inputs, extra, backend)
            print(f"  done: {arch} briefing build --backend {backend}", file=sys.stderr, flush=True)


def print_variants(rows: Rows, results: Results) -> None:
    """The table of variants: load and wall time, speed, cost against base, memory, agreement."""
    header = (
        f"{'arch':<6}{'variant':<14}{'beam':>5}{'load s':>8}{'wall s':>8}{'tok/s':>8}{'x base':>8}"
        f"{'RSS MB':>8}  agrees with transformers"
    )
    print()
    print(header)
    print("-" * len(header))
    for arch, variant, beams, result in rows:
        reference = results.get(("base", variant, beams))
        ratio = f"{result['wall_s'] / reference['wall_s']:.2f}" if reference else "-"
        agree = agreement(result["outputs"], results[arch, "transformers", beams]["outputs"])
        print(
            f"{arch:<6}{variant:<14}{beams:>5}{result['load_s']:>8.1f}{result['wall_s']:>8.1f}"
            f"{result['tokens'] / result['wall_s']:>8.0f}{ratio:>8}{result['peak_rss_mb']:>8.0f}  {agree}"
        )
    print(
        "(wall s: translation only, model load in load s; tok/s: generated target tokens per second; "
        "x base: wall time over the base architecture's for the same variant and beam; random "
        "weights, so agreement is a weak signal, see docs/notes/translation-benchmark.md)"
    )


def print_builds(builds: Builds, inputs: Path) -> None:
    """The table of `briefing build` runs: first and cached, time, memory and heavy imports."""
    print()
    print(
        f"briefing build {inputs}/ (defaults: 5 sentences per article, overview, beam 4), "
        f"random weights never emit </s>: every output runs to the models' cap of "
        f"{BUILD_MAX_LENGTH - 1} tokens"
    )
    head = (
        f"{'arch':<6}{'backend':<14}{'first s':>9}{'first MB':>10}{'cached s':>10}{'cached MB':>11}  imports"
    )
    print(head)
    print("-" * len(head))
    for (arch, backend), build in builds.items():
        if build is None:
            print(f"{arch:<6}{backend:<14}  (briefing build lacks --cache-dir/--backend)")
            continue
        heavy = ", ".join(build["cached_heavy_imports"]) or "none heavy"
        print(
            f"{arch:<6}{backend:<14}{build['first_wall_s']:>9.1f}{build['first_rss_mb']:>10.0f}"
            f"{build['cached_wall_s']:>10.2f}{build['cached_rss_mb']:>11.0f}  first: "
            f"{', '.join(build['first_heavy_imports'])}; cached: {heavy}"
        )
    print("(first: fills the cache; cached: the same build again, process start included; MB: peak RSS)")


def print_ratios(args: argparse.Namespace, results: Results) -> None:
    """The machine-readable COST and SPEEDUP lines."""
    if "big" in args.arches and "base" in args.arches:
        for variant in ("ct2", "transformers"):
            cost = results["big", variant, 4]["wall_s"] / results["base", variant, 4]["wall_s"]
            print(f"COST beam4 {variant} big/base={cost:.2f}")
    if args.baseline and "base" in args.arches:
        speed_ct2 = results["base", "baseline", 4]["wall_s"] / results["base", "ct2", 4]["wall_s"]
        speed_tf = results["base", "baseline", 4]["wall_s"] / results["base", "transformers", 4]["wall_s"]
        print(f"SPEEDUP beam4 ct2={speed_ct2:.2f} transformers={speed_tf:.2f} (vs pipeline)")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(args.child)
    articles = take(article_segments(args.inputs), args.segments or None)
    print(f"machine: {machine()}")
    print(f"python {platform.python_version()}, command: python {' '.join(sys.argv)}")
    rows: Rows = []
    results: Results = {}
    builds: Builds = {}
    for arch in args.arches:
        run_arch(arch, args, articles, rows, results, builds)
    print_variants(rows, results)
    if builds:
        print_builds(builds, args.inputs)
    print_ratios(args, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
