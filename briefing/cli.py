"""Command line: ``briefing build|batch|summarize|inspect|overview|models|schema|serve``.

The only module that prints, configures logging, or reads environment variables.
Exit codes: 0 when the command did its work (a briefing was written; skipped inputs are
listed inside it), 1 when nothing usable came out, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from briefing import __version__
from briefing.cli_batch import add_batch
from briefing.errors import BriefingError

log = logging.getLogger("briefing")

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


def _env_flag(name: str) -> bool:
    """True when environment variable ``name`` is set to a truthy value."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _eprint(*parts: object) -> None:
    print(*parts, file=sys.stderr)


# --------------------------------------------------------------------------- build


def _add_build(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "build",
        help="build a briefing from Arabic articles",
        description="Build a side-by-side English/Arabic briefing from Arabic articles.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    parser.add_argument(
        "-o",
        "--output",
        help="output file (suffix optional with several formats); default: "
        "outputs/briefing-<timestamp>.<format>",
    )
    parser.add_argument(
        "--format",
        action="append",
        metavar="FMT",
        help="docx, md, html or json; repeat or comma-separate for several (default: from the "
        "output suffix, else docx)",
    )
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--sentences", type=int, metavar="N", help="sentences per article (default 5)")
    length.add_argument("--ratio", type=float, metavar="R", help="fraction of each article's sentences")
    length.add_argument("--words", type=int, metavar="W", help="about W words per article")
    parser.add_argument("--summarizer", metavar="NAME", help="summarization method (default: default)")
    parser.add_argument(
        "--model",
        help="big (default: Helsinki-NLP/opus-mt-tc-big-ar-en), base (Helsinki-NLP/opus-mt-ar-en, "
        "faster), a hub id or a local Marian folder (default: $BRIEFING_MODEL or big)",
    )
    parser.add_argument("--backend", choices=("auto", "transformers", "ct2"), help="translation backend")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), help="where the model runs")
    parser.add_argument("--beams", type=int, metavar="N", help="beam size (default 4; 1 = greedy)")
    parser.add_argument(
        "--compute-type",
        choices=("auto", "int8", "int8_float32", "float32", "float16", "int8_float16", "bfloat16"),
        metavar="TYPE",
        help="number type the model computes in: auto (default, also $BRIEFING_COMPUTE_TYPE: int8 "
        "with ct2 / float32 with transformers on CPU, int8_float16 / float16 on CUDA), int8, "
        "int8_float32, float32, float16, int8_float16 (CUDA), bfloat16",
    )
    parser.add_argument(
        "--threads", type=int, metavar="N", help="CPU threads for the model (default: all cores)"
    )
    parser.add_argument(
        "--offline", action="store_true", help="never download a model (also HF_HUB_OFFLINE=1)"
    )
    parser.add_argument("--models-dir", default="models", help="local model folder (default: models/)")
    parser.add_argument(
        "--cache-dir", help="translation cache folder (default: $BRIEFING_CACHE_DIR or the user cache dir)"
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the translation cache")
    overview = parser.add_mutually_exclusive_group()
    overview.add_argument(
        "--no-overview",
        dest="overview",
        action="store_false",
        default=None,
        help="plain per-article briefing",
    )
    overview.add_argument(
        "--overview",
        dest="overview",
        action="store_true",
        help="cross-source overview (default with 2+ articles)",
    )
    parser.add_argument("--title", help="briefing title")
    parser.add_argument("--config", metavar="FILE", help="TOML settings file layered over the defaults")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="DOCX page size (default a4)")
    parser.add_argument(
        "--font-arabic", metavar="FONT", help="Arabic typeface of DOCX and HTML (default: Noto Naskh Arabic)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    parser.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more detail (-vv: debug)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    parser.set_defaults(handler=_cmd_build)


def _formats(args: argparse.Namespace) -> list[str]:
    """Formats asked for: --format values, else the output suffix, else docx.

    Raises:
        ConfigError: An unknown format name or suffix.
    """
    from briefing.compose import normalize_format, parse_formats
    from briefing.errors import ConfigError

    if args.format:
        return parse_formats(args.format)
    suffix = Path(args.output).suffix if args.output else ""
    try:
        return [normalize_format(suffix)] if suffix else ["docx"]
    except ConfigError:
        # `-o out/brief.v2` style names: a suffix that is not a format is part of the name.
        return ["docx"]


def _progress_printer(enabled: bool):
    """A progress callback drawing one tqdm bar per stage on stderr (None when disabled)."""
    if not enabled:
        return None, lambda: None
    from tqdm import tqdm

    labels = {"read": "reading articles", "translate": "translating (model loads on first batch)"}
    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(
                total=total,
                desc=labels.get(stage, stage),
                unit="seg" if stage == "translate" else "file",
                file=sys.stderr,
                leave=False,
            )
        bar.total = total
        bar.n = done
        bar.refresh()

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return progress, close


def _cmd_build(args: argparse.Namespace) -> int:
    import time

    from briefing.compose import output_paths
    from briefing.config import load_settings
    from briefing.errors import ConfigError
    from briefing.pipeline import build_briefing

    started = time.perf_counter()
    try:
        formats = _formats(args)
    except ConfigError as exc:
        _eprint(f"briefing build: error: {exc}")
        return EXIT_USAGE
    if args.output:
        base = Path(args.output)
    else:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        base = Path("outputs") / f"briefing-{stamp}"
    targets = output_paths(base, formats)
    if not args.overwrite:
        existing = [str(t) for t in targets if t.exists()]
        if existing:
            _eprint(
                f"briefing build: error: {', '.join(existing)} already exists; "
                "pass --overwrite to replace it or choose another -o"
            )
            return EXIT_USAGE

    settings = load_settings(args.config, model=args.model or os.environ.get("BRIEFING_MODEL") or None)
    cache_dir = args.cache_dir or os.environ.get("BRIEFING_CACHE_DIR") or None
    progress, close_bars = _progress_printer(not args.quiet and not args.json and sys.stderr.isatty())
    try:
        result = build_briefing(
            args.inputs,
            sentences=args.sentences,
            ratio=args.ratio,
            words=args.words,
            summarizer=args.summarizer,
            settings=settings,
            backend=args.backend,
            device=args.device,
            beams=args.beams,
            threads=args.threads,
            compute_type=args.compute_type,
            offline=args.offline or _env_flag("HF_HUB_OFFLINE"),
            models_dir=args.models_dir,
            cache_dir=cache_dir,
            use_cache=not args.no_cache,
            overview=args.overview,
            title=args.title,
            progress=progress,
        )
    finally:
        close_bars()

    for skipped in result.skipped:
        _eprint(f"skipped {skipped.source}: {skipped.reason}")
    if not result.articles:
        _eprint("briefing: no usable article; nothing written")
        if args.json:
            # The full shape even with no article, so every --json output validates.
            print(json.dumps(result.to_dict(output=None), ensure_ascii=False, indent=2))
        return EXIT_NOTHING

    written = [
        result.save(
            target,
            format=fmt,
            overwrite=args.overwrite,
            paper=args.paper,
            font_arabic=args.font_arabic or settings.font_arabic,
        )
        for target, fmt in zip(targets, formats, strict=True)
    ]
    seconds = time.perf_counter() - started
    sentences = sum(len(a.sentences) for a in result.articles)
    if args.json:
        data = result.to_dict(output=str(written[0]))
        data["outputs"] = [str(p) for p in written]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    _eprint(
        f"briefing: wrote {', '.join(str(p) for p in written)}: {len(result.articles)} article(s), "
        f"{sentences} sentence(s), {len(result.skipped)} skipped, {seconds:.1f} s"
    )
    return EXIT_OK


# ----------------------------------------------------------------------- summarize


def _add_summarize(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "summarize",
        help="print each article's Arabic summary (no translation)",
        description="Print each article's extractive summary in Arabic, one sentence per line in "
        "document order. No model is loaded.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--sentences", type=int, metavar="N", help="sentences per article (default 5)")
    length.add_argument("--ratio", metavar="R", help="fraction of each article's sentences: 0.2 or 20%%")
    length.add_argument(
        "--words", type=int, metavar="W", help="add sentences by rank until W words (the last may cross)"
    )
    parser.add_argument(
        "--summarizer", metavar="NAME", default="default", help="method: default, centrality, lexrank, lead"
    )
    parser.add_argument("--json", action="store_true", help="print JSON: [{source, sentences: [...]}]")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more detail (-vv: debug)")
    parser.set_defaults(handler=_cmd_summarize)


def _cmd_summarize(args: argparse.Namespace) -> int:
    import json

    from briefing.errors import ConfigError
    from briefing.pipeline import prepare_articles
    from briefing.summarize import Length, get_summarizer, parse_length

    try:
        if args.ratio is not None:
            length = parse_length(args.ratio if str(args.ratio).strip().endswith("%") else float(args.ratio))
            if length.ratio is None:
                raise ConfigError(f"--ratio must be a fraction like 0.2 or 20%, got {args.ratio!r}")
        else:
            length = Length(sentences=args.sentences, words=args.words)
        summarizer = get_summarizer(args.summarizer)
    except (ConfigError, ValueError) as exc:
        _eprint(f"briefing summarize: error: {exc}")
        return EXIT_USAGE
    prepared, skipped = prepare_articles(args.inputs, summarizer=summarizer, length=length)
    for item in skipped:
        _eprint(f"briefing: skipped {item.source}: {item.reason}")
    if args.json:
        entries = [
            {
                "source": p.summary.source.path,
                "sentences": [
                    {"index": s.index, "arabic": s.text, "score": s.score} for s in p.summary.sentences
                ],
            }
            for p in prepared
        ]
        entries += [{"source": item.source, "sentences": [], "skipped": item.reason} for item in skipped]
        print(json.dumps(entries, ensure_ascii=False, indent=2))
    else:
        blocks = []
        for p in prepared:
            title = p.summary.article.title or p.summary.source.title
            header = f"# {p.summary.source.path}" + (f" — {title}" if title else "")
            blocks.append("\n".join([header, *(s.text for s in p.summary.sentences)]))
        if blocks:
            print("\n\n".join(blocks))
    return EXIT_OK if prepared else EXIT_NOTHING


# ------------------------------------------------------------------------- inspect


def _add_inspect(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "inspect",
        help="show what briefing makes of each input",
        description=(
            "Read, clean and check each input as `build` would, without summarizing or translating: "
            "status (ok or skipped, with the reason), format, encoding, metadata and where each field "
            "came from, the cleaned text as sentences, and every dropped line with its rule."
        ),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files, folders or manifests")
    parser.add_argument("--json", action="store_true", help="print a JSON array, one object per input")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv for debug)")
    parser.set_defaults(handler=_cmd_inspect)


def _cmd_inspect(args: argparse.Namespace) -> int:
    from briefing.inspect import format_reports, inspect_inputs

    reports = inspect_inputs(args.inputs)
    if args.json:
        print(json.dumps([report.to_dict() for report in reports], ensure_ascii=False, indent=2))
    else:
        print(format_reports(reports))
    return EXIT_OK if any(report.status == "ok" for report in reports) else EXIT_NOTHING


# ------------------------------------------------------------------------- overview


def _add_overview(sub: argparse._SubParsersAction) -> None:
    from briefing.cli_overview import add_parser

    add_parser(sub, _cmd_overview)


def _cmd_overview(args: argparse.Namespace) -> int:
    from briefing.cli_overview import run

    return run(args)


# -------------------------------------------------------------------------- models


def _add_models(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("models", help="download or convert translation models")
    models_sub = parser.add_subparsers(dest="models_command", required=True)
    pull = models_sub.add_parser("pull", help="download a Marian model into models/")
    pull.add_argument(
        "model",
        nargs="?",
        default=None,
        help="big (default: Helsinki-NLP/opus-mt-tc-big-ar-en), base (Helsinki-NLP/opus-mt-ar-en) "
        "or a hub id",
    )
    pull.add_argument("--models-dir", default="models", help="destination parent folder (default: models/)")
    pull.set_defaults(handler=_cmd_models_pull)
    _add_models_convert(models_sub)


def _cmd_models_pull(args: argparse.Namespace) -> int:
    from briefing.models import canonical_model, pull_model

    model_id = canonical_model(args.model)
    path = pull_model(model_id, models_dir=args.models_dir)
    _eprint(
        f"briefing: {model_id} is in {path}; use it with `briefing build INPUT... --model {path}` "
        "or just `briefing build` (models/ is searched)"
    )
    return EXIT_OK


def _add_models_convert(models_sub: argparse._SubParsersAction) -> None:
    from briefing.convert import DEFAULT_QUANTIZATION, QUANTIZATIONS

    convert = models_sub.add_parser(
        "convert",
        help="convert a Marian model to CTranslate2 into models/",
        description="Convert a Marian model (hub id or folder, found like `build --model`) into a "
        "self-contained CTranslate2 folder for `build --backend ct2` (faster, smaller). "
        "Needs torch, transformers and ctranslate2. An existing folder is only replaced with --force.",
    )
    convert.add_argument(
        "model",
        nargs="?",
        default=None,
        help="big, base, a hub id or a folder (default: $BRIEFING_MODEL or big)",
    )
    convert.add_argument(
        "--quantization",
        "-q",
        choices=QUANTIZATIONS,
        default=DEFAULT_QUANTIZATION,
        metavar="TYPE",
        help=f"weight type to store: {', '.join(QUANTIZATIONS)} "
        f"(default: {DEFAULT_QUANTIZATION}, the fastest on CPU)",
    )
    convert.add_argument(
        "--output", "-o", help="destination folder (default: models/<name>-ct2-<quantization>)"
    )
    convert.add_argument("--force", action="store_true", help="replace an existing destination folder")
    convert.add_argument(
        "--no-check",
        dest="check",
        action="store_false",
        help="skip checking the conversion against transformers (a float32 conversion of the same "
        "model must reproduce its greedy output; the check converts once more in float32)",
    )
    convert.add_argument("--models-dir", default="models", help="local model folder (default: models/)")
    convert.add_argument(
        "--offline", action="store_true", help="never download the source model (also HF_HUB_OFFLINE=1)"
    )
    convert.set_defaults(handler=_cmd_models_convert)


def _cmd_models_convert(args: argparse.Namespace) -> int:
    from briefing.convert import convert_model

    path = convert_model(
        args.model or os.environ.get("BRIEFING_MODEL") or None,
        args.output,
        quantization=args.quantization,
        force=args.force,
        models_dir=args.models_dir,
        offline=args.offline or _env_flag("HF_HUB_OFFLINE"),
        check=args.check,
    )
    _eprint(
        f"briefing: CTranslate2 model ({args.quantization}) written to {path}; "
        "`briefing build INPUT... --backend ct2` (or auto) uses it"
    )
    print(path)
    return EXIT_OK


# -------------------------------------------------------------------------- schema


def _add_schema(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of `build --json` / .json output",
        description="Print the JSON Schema (draft 2020-12) that `briefing build --json` and .json "
        "briefings follow. schema_version is MAJOR.MINOR: minor versions only add keys.",
    )
    parser.add_argument("--version-only", action="store_true", help="print only the schema version")
    parser.set_defaults(handler=_cmd_schema)


def _cmd_schema(args: argparse.Namespace) -> int:
    from briefing.compose.jsonout import SCHEMA_VERSION, schema_text

    print(SCHEMA_VERSION if args.version_only else schema_text().rstrip("\n"))
    return EXIT_OK


# ---------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (no side effects)."""
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Turn Arabic news articles into side-by-side English/Arabic briefings, offline.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_build(sub)
    add_batch(sub)
    _add_summarize(sub)
    _add_inspect(sub)
    _add_overview(sub)
    _add_models(sub)
    _add_schema(sub)
    from briefing.cli_serve import add_serve

    add_serve(sub)
    return parser


def _setup_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(getattr(args, "verbose", 0) or 0)
    try:
        return args.handler(args)
    except BriefingError as exc:
        _eprint(f"briefing: error: {exc}")
        return EXIT_NOTHING
    except KeyboardInterrupt:
        _eprint("briefing: interrupted")
        return 130
    except BrokenPipeError:
        # `briefing ... | head`: the reader went away; not an error of ours. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
