"""``briefing batch`` throughput on real Arabic news: local engine vs Ray, side by side.

Run from the repository root, with the ANT corpus fetched outside the repository::

    python tests/benchmarks/batch.py --corpus /work/data/ant              # 100 articles, minutes
    python tests/benchmarks/batch.py --corpus /work/data/ant --articles 20 --quick

The corpus: ANT (github.com/antcorpus/antcorpus.multisource.data), ~31,500 TREC-style files
from Al Arabiya, BBC, CNN, France 24 and Sky News Arabia, one ``<DOC>`` per file. briefing
reads ``.txt/.md/.html/.docx``, not TREC, so the script converts a sample to Markdown files
with YAML front matter (title, outlet, author, published, url) in ``--workdir``: that is what
an archive exported for briefing looks like. Nothing from the corpus enters the repository.

What it does:

1. Samples ``--articles`` documents round-robin over the five outlets (sorted, evenly spaced:
   the same sample every run).
2. Builds the real ``opus-mt-ar-en`` architecture with random weights and its CTranslate2 int8
   conversion (as ``tests/benchmarks/translate.py`` does), the source SentencePiece model
   trained on the sample so segment lengths are realistic.
3. Random weights never emit ``</s>`` (it is suppressed), so every output runs to a fixed cap
   of 1.2 x the mean source length of the summary sentences: the English costs what a real
   translation of that length costs. The English is noise; the timings are real.
4. Times, each on a fresh output folder: reading + summarizing alone (one core, no model);
   the ``local`` engine (one process) with 2 ct2 threads and with 1; ``ray`` with one actor x 2
   threads (the default plan on 2 cores); ``ray`` with two actors x 1 thread. It also times
   starting and stopping a local Ray runtime on its own.
5. Prints articles/minute, Ray's overhead against ``local``, the machine's load average
   (other jobs share these cores), and a scaling estimate for N CPU nodes from the measured
   per-actor rate. The last line is machine-readable:
   ``BATCH local=<art/min> ray=<art/min> overhead=<%>``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: make `tests.tiny_model` importable
    sys.path.insert(0, str(REPO))

_BUILD_VERSION = "1"  # bump when the benchmark model changes, to rebuild cached work dirs
_OUTLETS = {
    "alarabia": "Al Arabiya",
    "bbc": "BBC Arabic",
    "cnn": "CNN Arabic",
    "france24": "France 24",
    "skynews": "Sky News Arabia",
}
_FIELD = re.compile(r"<(DOCNO|URL|SRC|TITLE|TIME|AUTHOR)>(.*?)</\1>", re.DOTALL)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_OUTPUT_FACTOR = 1.2  # output tokens per source token, as in tests/benchmarks/translate.py


# ----------------------------------------------------------------------------- data


def trec_to_markdown(raw: str) -> str | None:
    """One TREC ``<DOC>`` as a Markdown article with YAML front matter (None without text)."""
    import yaml

    fields = {name: value.strip() for name, value in _FIELD.findall(raw)}
    body = _TEXT.search(raw)
    if body is None or not body.group(1).strip():
        return None
    meta = {
        "title": fields.get("TITLE") or None,
        "outlet": _OUTLETS.get(fields.get("SRC", "").lower(), fields.get("SRC") or None),
        "author": fields.get("AUTHOR") or None,
        "published": fields.get("TIME") or None,
        "url": fields.get("URL") or None,
    }
    front = yaml.safe_dump({k: v for k, v in meta.items() if v}, allow_unicode=True, sort_keys=False)
    paragraphs = [line.strip() for line in body.group(1).splitlines() if line.strip()]
    return f"---\n{front}---\n\n" + "\n\n".join(paragraphs) + "\n"


def sample_corpus(corpus: Path, count: int, out: Path) -> list[Path]:
    """``count`` documents, round-robin over the outlets' folders, converted into ``out``."""
    outlets = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not outlets:
        raise SystemExit(f"{corpus} has no outlet folders; fetch the ANT corpus there first")
    files = {o.name: sorted(o.rglob("*.txt")) for o in outlets}
    per_outlet = -(-count // len(outlets))
    chosen: list[Path] = []
    for index in range(per_outlet):
        for outlet in outlets:
            names = files[outlet.name]
            if names and len(chosen) < count:
                # Evenly spaced through the (sorted) folder: every category and month.
                chosen.append(names[(index * len(names)) // per_outlet])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    written = []
    for number, path in enumerate(chosen):
        text = trec_to_markdown(path.read_text(encoding="utf-8", errors="replace"))
        if text is not None:
            target = out / f"{number:05d}-{path.stem}.md"
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


# ---------------------------------------------------------------------------- model


def build_model(workdir: Path, lines: list[str]) -> Path:
    """The real-size random model's CTranslate2 int8 conversion under ``workdir`` (built once)."""
    models = workdir / "models"
    hf_dir, ct2_dir = models / "opus-mt-ar-en-random", models / "opus-mt-ar-en-random-ct2-int8"
    marker = workdir / "built.json"
    if marker.is_file() and json.loads(marker.read_text())["version"] == _BUILD_VERSION:
        return ct2_dir
    shutil.rmtree(models, ignore_errors=True)
    from briefing.translation.models.convert import convert_model
    from tests.tiny_model import build_tiny_marian

    build_tiny_marian(hf_dir, real_size=True, suppress_eos=True, extra_source_lines=lines)
    convert_model(hf_dir, ct2_dir, quantization="int8", models_dir=models)
    shutil.rmtree(hf_dir)  # 300 MB of float32 weights the runs do not need
    marker.write_text(json.dumps({"version": _BUILD_VERSION}))
    return ct2_dir


class CappedCt2:
    """Picklable translator factory: our Ct2Translator with a fixed output length.

    Ray pickles it by value (it lives in ``__main__``) and calls it once per actor.
    """

    def __init__(self, model_dir: Path, new_tokens: int, beams: int, threads: int) -> None:
        self.model_dir, self.new_tokens, self.beams, self.threads = str(model_dir), new_tokens, beams, threads

    def __call__(self) -> Any:
        from briefing.translation.backends.ct2 import Ct2Translator

        return Ct2Translator(
            self.model_dir,
            device="cpu",
            beams=self.beams,
            threads=self.threads,
            max_new_tokens=self.new_tokens,
            name="opus-mt-ar-en-random",
        )


# ----------------------------------------------------------------------------- runs


def prepare_only(paths: list[Path], sentences: int) -> tuple[float, list[Any]]:
    """Seconds to read, clean, segment and summarize every input (one core, no model)."""
    from briefing.pipeline import prepare_articles
    from briefing.summarize import Length, get_summarizer

    started = time.perf_counter()
    prepared, _ = prepare_articles(
        [str(p) for p in paths], summarizer=get_summarizer("default"), length=Length(sentences=sentences)
    )
    return time.perf_counter() - started, prepared


def ray_startup_seconds() -> float:
    """Seconds to start and stop a local Ray runtime the way the ray engine does."""
    import ray

    from briefing.batch.ray_engine import LOCAL_OBJECT_STORE_BYTES

    started = time.perf_counter()
    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, object_store_memory=LOCAL_OBJECT_STORE_BYTES)
    ray.shutdown()
    return time.perf_counter() - started


def run_variant(
    name: str, paths: list[Path], out: Path, *, engine: str, factory: CappedCt2, sentences: int, **kwargs: Any
) -> dict[str, Any]:
    from briefing.batch import run_batch
    from briefing.config import Settings

    shutil.rmtree(out, ignore_errors=True)
    load_before = os.getloadavg()[0]
    summary = run_batch(
        [str(p) for p in paths],
        out,
        engine=engine,
        settings=Settings(sentences=sentences, beams=factory.beams),
        translator_factory=factory,
        shard_size=16,
        **kwargs,
    )
    row = {
        "variant": name,
        "articles": summary.articles,
        "skipped": summary.skipped,
        "seconds": summary.seconds,
        "per_minute": 60.0 * (summary.articles + summary.skipped) / summary.seconds,
        "workers": summary.workers,
        "load": (load_before + os.getloadavg()[0]) / 2,
    }
    print(
        f"  {name:<22} {row['articles']:>4} articles {row['skipped']:>3} skipped  {row['seconds']:7.1f} s  "
        f"{row['per_minute']:6.1f} articles/min  (load avg {row['load']:.1f})",
        flush=True,
    )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="the ANT corpus folder (outlet folders)")
    parser.add_argument("--articles", type=int, default=100, help="sample size (default 100)")
    parser.add_argument("--sentences", type=int, default=5, help="summary sentences per article")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/briefing-batch-bench"))
    parser.add_argument("--quick", action="store_true", help="local and default ray only")
    args = parser.parse_args(argv)

    workdir = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    paths = sample_corpus(args.corpus, args.articles, workdir / "articles")
    print(
        f"sample: {len(paths)} ANT articles from {args.corpus} (converted to .md in {workdir / 'articles'})"
    )

    seconds, prepared = prepare_only(paths, args.sentences)
    lines = [s.text for p in prepared for s in p.sentences.sentences][:4000]
    model = build_model(workdir, lines)
    from briefing.translation.stage import sentencepiece_counter

    count = sentencepiece_counter(str(model / "source.spm"))
    texts = [s.text for p in prepared for s in p.summary.sentences]
    titles = [p.summary.article.title for p in prepared if p.summary.article.title]
    mean_tokens = statistics.mean(count(t) for t in texts)
    new_tokens = max(8, round(_OUTPUT_FACTOR * mean_tokens))
    print(
        f"articles usable: {len(prepared)}; summary sentences: {len(texts)} + {len(titles)} titles; "
        f"mean source tokens {mean_tokens:.1f} -> fixed output {new_tokens} tokens (random weights "
        f"never stop on their own); beam {args.beams}; cores: {os.cpu_count()}"
    )
    print(f"  {'read+summarize only':<22} {len(paths):>4} inputs  {seconds:7.1f} s  "
          f"{60 * len(paths) / seconds:6.1f} articles/min  (one core, no model)")  # fmt: skip

    rows = [
        run_variant(
            "local (1 x 2 threads)",
            paths,
            workdir / "out-local",
            engine="local",
            factory=CappedCt2(model, new_tokens, args.beams, threads=2),
            sentences=args.sentences,
        )
    ]
    if not args.quick:
        rows.append(
            run_variant(
                "local (1 x 1 thread)",
                paths,
                workdir / "out-local-1",
                engine="local",
                factory=CappedCt2(model, new_tokens, args.beams, threads=1),
                sentences=args.sentences,
            )
        )
    startup = ray_startup_seconds()
    print(f"  {'ray start+stop alone':<22} {startup:7.1f} s")
    rows.append(
        run_variant(
            "ray (1 actor x 2)",
            paths,
            workdir / "out-ray-1x2",
            engine="ray",
            factory=CappedCt2(model, new_tokens, args.beams, threads=2),
            sentences=args.sentences,
            workers=1,
            threads=2,
        )
    )
    if not args.quick:
        rows.append(
            run_variant(
                "ray (2 actors x 1)",
                paths,
                workdir / "out-ray-2x1",
                engine="ray",
                factory=CappedCt2(model, new_tokens, args.beams, threads=1),
                sentences=args.sentences,
                workers=2,
                threads=1,
            )
        )
    local, ray_default = rows[0], next(row for row in rows if row["variant"].startswith("ray"))
    overhead = 100.0 * (ray_default["seconds"] - local["seconds"]) / local["seconds"]
    generated = (len(texts) + len(titles)) * new_tokens
    extra = ray_default["seconds"] - local["seconds"]
    print(
        f"\nRay overhead vs local: {overhead:+.0f}% wall time ({extra:+.1f} s, "
        f"of which {startup:.1f} s starting the runtime); tokens generated per run: {generated} "
        f"({generated / local['seconds']:.0f} tokens/s local)"
    )
    per_actor = ray_default["per_minute"] / ray_default["workers"]
    print("Scaling estimate (CPU nodes, one reading CPU per node, actors of 2 ct2 threads):")
    for nodes, cores in ((1, 16), (4, 16), (16, 32)):
        actors = nodes * max(1, (cores - 1) // 2)
        print(
            f"  {nodes:>2} node(s) x {cores} cores: {actors:>3} actors x {per_actor:.1f} = "
            f"{actors * per_actor:8.0f} articles/min (= {actors * per_actor * 60 * 24 / 1e6:.2f} M/day)"
        )
    print(json.dumps({"rows": rows, "startup": startup, "new_tokens": new_tokens}, indent=None))
    print(
        f"BATCH local={local['per_minute']:.1f} ray={ray_default['per_minute']:.1f} overhead={overhead:.0f}%"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
