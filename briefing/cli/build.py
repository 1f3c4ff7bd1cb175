"""``briefing build INPUT...``: a side-by-side English/Arabic briefing file.

Exit codes: 0 a briefing was written, 1 nothing usable (or no model), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.cli.options import (
    EXIT_NOTHING,
    EXIT_OK,
    ProgressBars,
    add_inputs_argument,
    add_length_options,
    add_model_options,
    add_one_event_option,
    add_verbose_option,
    eprint,
    glossary_settings,
    length_arguments,
    report_skipped,
    silence_libraries,
    summarizer_name,
)
from briefing.config import Settings, cache_dir_from_env, load_settings, offline_from_env

if TYPE_CHECKING:
    from briefing.result import BriefingResult


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``build`` and its options to ``sub``."""
    parser = sub.add_parser(
        "build",
        help="build a briefing from Arabic articles",
        description="Build a side-by-side English/Arabic briefing from Arabic articles. "
        "Exit codes: 0 a briefing was written, 1 nothing usable (or no model), 2 usage error, "
        "130 interrupted (Ctrl-C).",
    )
    add_inputs_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        help="output file, or a folder (DIR/) to write briefing-<timestamp>.<format> in; suffix "
        "optional with --format; default: outputs/briefing-<timestamp>.<format>",
    )
    parser.add_argument(
        "--format",
        action="append",
        metavar="FMT",
        help="docx, md, html or json; repeat or comma-separate for several (default: from the "
        "output suffix, else docx)",
    )
    add_length_options(parser)
    parser.add_argument(
        "--summarizer", type=summarizer_name, metavar="NAME", help="summarization method (default: default)"
    )
    add_model_options(parser)
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
    add_one_event_option(overview)
    parser.add_argument("--title", help="briefing title")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="DOCX page size (default a4)")
    parser.add_argument(
        "--font-arabic", metavar="FONT", help="Arabic typeface of DOCX and HTML (default: Noto Naskh Arabic)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    parser.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    add_verbose_option(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars, no library messages")
    return parser


def run(args: argparse.Namespace) -> int:
    """Build the briefing, write every requested format; 0 when written, 1 when nothing usable."""
    from briefing.compose.outputs import check_outputs_free, resolve_outputs

    started = time.perf_counter()
    # Usage problems (ConfigError, OutputExistsError) surface before any work; main() turns
    # them into exit 2.
    targets = resolve_outputs(args.output, args.format)
    check_outputs_free([path for path, _ in targets], overwrite=args.overwrite)
    settings = load_settings(args.config, model=args.model, **glossary_settings(args))
    result = _build(args, settings)

    report_skipped(result.skipped)
    if not result.articles:
        eprint("briefing: no usable article; nothing written")
        if args.json:
            # The full shape even with no article, so every --json output validates.
            print(json.dumps(result.to_dict(output=None), ensure_ascii=False, indent=2))
        return EXIT_NOTHING

    written = [
        result.save(
            path,
            format=fmt,
            overwrite=args.overwrite,
            paper=args.paper,
            font_arabic=args.font_arabic or settings.font_arabic,
        )
        for path, fmt in targets
    ]
    _report_written(args, result, written, time.perf_counter() - started)
    return EXIT_OK


def _build(args: argparse.Namespace, settings: Settings) -> BriefingResult:
    """Run the pipeline with the command's options, with progress bars on a terminal."""
    from briefing.briefer import build_briefing

    show_bars = not args.quiet and sys.stderr.isatty()
    if not show_bars:
        silence_libraries(logs=args.quiet)
    bars = ProgressBars() if show_bars else None
    try:
        return build_briefing(
            args.inputs,
            **length_arguments(args),
            summarizer=args.summarizer,
            settings=settings,
            backend=args.backend,
            device=args.device,
            beams=args.beams,
            threads=args.threads,
            compute_type=args.compute_type,
            offline=offline_from_env(args.offline),
            models_dir=args.models_dir,
            cache_dir=cache_dir_from_env(args.cache_dir),
            use_cache=not args.no_cache,
            overview=args.overview,
            title=args.title,
            progress=bars,
        )
    finally:
        if bars is not None:
            bars.close()


def _report_written(
    args: argparse.Namespace, result: BriefingResult, written: list[Path], seconds: float
) -> None:
    """``--json`` on stdout, then the closing line on stderr."""
    if args.json:
        data = result.to_dict(output=str(written[0]))
        data["outputs"] = [str(p) for p in written]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    sentences = sum(len(a.sentences) for a in result.articles)
    eprint(
        f"briefing: wrote {', '.join(str(p) for p in written)}: {len(result.articles)} article(s), "
        f"{sentences} sentence(s), {len(result.skipped)} skipped, {seconds:.1f} s"
    )
