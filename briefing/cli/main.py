"""Command line: ``briefing build|batch|summarize|inspect|overview|models|schema|serve``.

The only module that prints, configures logging, or reads environment variables.
Exit codes: 0 when the command did its work (a briefing was written; skipped inputs are
listed inside it), 1 when nothing usable came out, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from briefing._version import __version__
from briefing.cli.batch import add_batch
from briefing.config import BACKENDS, DEVICES, MODELS_DIR
from briefing.errors import BriefingError

if TYPE_CHECKING:
    from briefing.summarize import Length
    from briefing.types import Skipped

log = logging.getLogger("briefing")

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


def _env_flag(name: str) -> bool:
    """True when environment variable ``name`` is set to a truthy value."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _eprint(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


# ---------------------------------------------------------- shared by every command
# Plain functions so that every subcommand (build, summarize, batch, serve...) parses and
# reports the same way.


def command_name(args: argparse.Namespace) -> str:
    """``briefing build``, ``briefing models pull``...: the prefix of the command's messages."""
    parts = ["briefing", getattr(args, "command", None), getattr(args, "models_command", None)]
    return " ".join(part for part in parts if part)


def usage_error(args: argparse.Namespace, message: str) -> int:
    """Report a usage error in argparse's wording (``briefing build: error: ...``); return 2."""
    _eprint(f"{command_name(args)}: error: {message}")
    return EXIT_USAGE


def positive_int(text: str) -> int:
    """argparse type: a whole number >= 1 (``--beams``, ``--threads``, ``--sentences``...)."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def parse_length_option(option: str, text: str) -> Length:
    """The summary length ``--sentences N``, ``--ratio R`` or ``--words W`` asks for.

    The one length parser of the command line: ``--sentences`` and ``--words`` take a whole
    number >= 1, ``--ratio`` a fraction in (0, 1] written ``0.2`` or ``20%``.

    Returns:
        A :class:`~briefing.summarize.Length`.

    Raises:
        argparse.ArgumentTypeError: The value is not one of those forms (argparse turns it
            into a usage error, exit 2).
    """
    from briefing.errors import ConfigError
    from briefing.summarize import Length

    if option != "ratio":
        return Length(**{option: positive_int(text)})
    value = text.strip()
    try:
        number = float(value[:-1]) / 100 if value.endswith("%") else float(value)
        return Length(ratio=number)
    except (ValueError, ConfigError):
        raise argparse.ArgumentTypeError(
            f"expected a fraction in (0, 1] such as 0.2, or a percentage such as 20%, got {text!r}"
        ) from None


def add_length_options(parser: argparse.ArgumentParser) -> None:
    """``--sentences N | --ratio R | --words W`` (one of them), parsed into ``args.length``."""
    group = parser.add_mutually_exclusive_group()
    for option, metavar, text in (
        ("sentences", "N", "sentences per article (default 5)"),
        ("ratio", "R", "fraction of each article's sentences: 0.2 or 20%%"),
        ("words", "W", "about W words per article (whole sentences; the last may cross)"),
    ):
        group.add_argument(
            f"--{option}",
            dest="length",
            metavar=metavar,
            type=functools.partial(parse_length_option, option),
            help=text,
        )


class LengthArguments(TypedDict):
    """The summary-length keyword arguments of ``build_briefing`` / ``Briefer.build``."""

    sentences: int | None
    ratio: float | None
    words: int | None


def length_arguments(args: argparse.Namespace) -> LengthArguments:
    """``sentences``/``ratio``/``words`` keyword arguments for ``build_briefing`` from ``args.length``."""
    length = getattr(args, "length", None)
    if length is None:
        return LengthArguments(sentences=None, ratio=None, words=None)
    return LengthArguments(sentences=length.sentences, ratio=length.ratio, words=length.words)


def summarizer_name(text: str) -> str:
    """argparse type: a registered summarizer name (the error lists them)."""
    from briefing.summarize import SUMMARIZERS

    name = text.strip().lower()
    if name not in SUMMARIZERS:
        raise argparse.ArgumentTypeError(
            f"unknown summarizer {text!r}; choose one of: {', '.join(sorted(SUMMARIZERS))}"
        )
    return name


def resolve_outputs(
    output: str | None, format_values: Sequence[str] | None, *, stem: str = "briefing"
) -> list[tuple[Path, str]]:
    """The files to write: ``(path, format)`` pairs for ``-o OUTPUT`` and ``--format`` values.

    * no ``-o``: ``outputs/<stem>-<timestamp>.<format>``;
    * ``-o DIR/`` (trailing separator) or an existing folder: the same name inside it;
    * ``-o NAME.docx`` (``.md``, ``.html``, ``.json``): that file, format from the suffix
      unless ``--format`` asks for others (then ``NAME.<format>`` each);
    * ``-o NAME`` or a suffix with digits (``brief.v2``): ``NAME.<format>``;
    * ``-o NAME.pdf`` or any other alphabetic suffix that is not an output format: an error.

    Raises:
        ConfigError: An unknown format or output suffix (a usage error).
    """
    import time

    from briefing.compose import SUPPORTED_FORMATS, normalize_format, output_paths, parse_formats
    from briefing.errors import ConfigError

    formats = parse_formats(format_values) if format_values else None
    stamped = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    if output is None:
        base = Path("outputs") / stamped
    elif output.endswith(("/", os.sep)) or Path(output).is_dir():
        base = Path(output) / stamped
    else:
        base = Path(output)
        suffix = base.suffix
        if suffix:
            try:
                suffix_format = normalize_format(suffix)
            except ConfigError:
                if suffix[1:].isalpha():
                    raise ConfigError(
                        f"cannot write {output!r}: {suffix} is not an output format; use "
                        f"{', '.join('.' + f for f in SUPPORTED_FORMATS)}, or no suffix with --format"
                    ) from None
            else:
                formats = formats or [suffix_format]
    formats = formats or ["docx"]
    paths = output_paths(base, formats)
    if base.name == stamped:
        # A name we chose: never collide with a briefing from the same second, never ask
        # for --overwrite.
        number = 1
        while any(path.exists() for path in paths):
            number += 1
            paths = output_paths(base.with_name(f"{stamped}-{number}"), formats)
    return list(zip(paths, formats, strict=True))


def check_outputs_free(targets: Sequence[Path], *, overwrite: bool) -> None:
    """Refuse, before any work, to write over existing files without ``--overwrite``.

    Raises:
        OutputExistsError: One of ``targets`` exists (a usage error).
    """
    from briefing.errors import OutputExistsError

    existing = [str(target) for target in targets if target.exists()]
    if existing and not overwrite:
        raise OutputExistsError(
            f"{', '.join(existing)} already exists; pass --overwrite to replace it or choose another -o"
        )


def silence_libraries(*, logs: bool) -> None:
    """Turn off third-party progress bars (hub downloads, transformers' "Loading weights").

    Args:
        logs: Also quiet their loggers to errors only (``-q``).
    """
    # Read by huggingface_hub when imported (transformers asks it whether bars are on);
    # the calls below cover libraries that are already imported.
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    if "transformers" in sys.modules:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
    if logs:
        os.environ["TRANSFORMERS_VERBOSITY"] = "error"
        os.environ["TRANSFORMERS_NO_ADVISORY_WARNINGS"] = "1"
        for name in ("transformers", "huggingface_hub", "ctranslate2", "sentencepiece", "urllib3"):
            logging.getLogger(name).setLevel(logging.ERROR)
        if "transformers" in sys.modules:
            from transformers.utils import logging as transformers_logging

            transformers_logging.set_verbosity_error()


def report_skipped(skipped: Sequence[Skipped]) -> None:
    """Say each skipped input once: ``briefing: skipped SOURCE: REASON``."""
    for item in skipped:
        _eprint(f"briefing: skipped {item.source}: {item.reason}")


_STAGE_LABELS = {"read": "reading articles", "translate": "translating"}
_STAGE_UNITS = {"read": "file", "translate": "sentence"}


class ProgressBars:
    """Progress on stderr: one tqdm bar per stage, each cleared when its stage is done.

    A stage's bar closes as soon as it reaches its total (and :meth:`close` clears any left),
    so nothing redraws over the lines printed afterwards. Translation counts sentences (the
    pipeline reports every few seconds); when it starts, other libraries' bars are turned off.
    """

    def __init__(self) -> None:
        self._bars: dict[str, object] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = self._bars.get(stage)
        if bar is None:
            if done >= total and (stage in self._bars or total == 0):
                return  # finished (or empty) stage: its bar is already cleared
            for other in list(self._bars):  # one bar at a time: the previous stage is over
                self._close(other)
            if stage == "translate":
                silence_libraries(logs=False)
            tqdm.monitor_interval = 0  # no monitor thread redrawing a bar behind our back
            label = _STAGE_LABELS.get(stage, stage)
            bar = self._bars[stage] = tqdm(
                total=total,
                desc=label + (" (loading the model)" if stage == "translate" else ""),
                unit=_STAGE_UNITS.get(stage, "item"),
                file=sys.stderr,
                leave=False,
                dynamic_ncols=True,
            )
        bar.total = total  # type: ignore[attr-defined]
        bar.n = done  # type: ignore[attr-defined]
        if stage == "translate" and done:
            bar.set_description(_STAGE_LABELS[stage], refresh=False)  # type: ignore[attr-defined]
        bar.refresh()  # type: ignore[attr-defined]
        if done >= total:
            self._close(stage)

    def _close(self, stage: str) -> None:
        bar = self._bars.get(stage)
        if bar is not None:
            bar.close()  # type: ignore[attr-defined]
            self._bars[stage] = None

    def close(self) -> None:
        """Clear every bar still drawn."""
        for stage in list(self._bars):
            self._close(stage)
        sys.stderr.flush()


def add_model_options(
    parser: argparse.ArgumentParser,
    *,
    device_help: str = "where the model runs",
    threads_help: str = "CPU threads for the model (default: all cores)",
) -> None:
    """The options that choose and load the translation model, the same in every command.

    ``--model``, ``--backend``, ``--device``, ``--beams``, ``--compute-type``, ``--threads``,
    ``--offline``, ``--models-dir``, ``--cache-dir``, ``--no-cache`` and ``--config``
    (``build``, ``batch`` and ``serve`` each load one model from these).
    """
    from briefing.config import COMPUTE_TYPES

    parser.add_argument(
        "--model",
        help="big (default: Helsinki-NLP/opus-mt-tc-big-ar-en), base (Helsinki-NLP/opus-mt-ar-en, "
        "faster), a hub id (org/name) or a local folder (./x, /x, ~/x, models/x or any existing "
        "path) (default: $BRIEFING_MODEL or big)",
    )
    parser.add_argument("--backend", choices=BACKENDS, help="translation backend")
    parser.add_argument("--device", choices=DEVICES, help=device_help)
    parser.add_argument("--beams", type=positive_int, metavar="N", help="beam size (default 4; 1 = greedy)")
    parser.add_argument(
        "--compute-type",
        choices=COMPUTE_TYPES,
        metavar="TYPE",
        help="number type the model computes in: auto (default, also $BRIEFING_COMPUTE_TYPE: int8 "
        "with ct2 / float32 with transformers on CPU, int8_float16 / float16 on CUDA), "
        + ", ".join(t for t in COMPUTE_TYPES if t != "auto"),
    )
    parser.add_argument("--threads", type=positive_int, metavar="N", help=threads_help)
    parser.add_argument(
        "--offline", action="store_true", help="never download a model (also HF_HUB_OFFLINE=1)"
    )
    parser.add_argument("--models-dir", default=str(MODELS_DIR), help="local model folder (default: models/)")
    parser.add_argument(
        "--cache-dir", help="translation cache folder (default: $BRIEFING_CACHE_DIR or the user cache dir)"
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the translation cache")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="TOML settings file layered over the defaults (also $BRIEFING_CONFIG)",
    )


# --------------------------------------------------------------------------- build


def _add_build(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "build",
        help="build a briefing from Arabic articles",
        description="Build a side-by-side English/Arabic briefing from Arabic articles. "
        "Exit codes: 0 a briefing was written, 1 nothing usable (or no model), 2 usage error, "
        "130 interrupted (Ctrl-C).",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
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
    parser.add_argument("--title", help="briefing title")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="DOCX page size (default a4)")
    parser.add_argument(
        "--font-arabic", metavar="FONT", help="Arabic typeface of DOCX and HTML (default: Noto Naskh Arabic)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output file")
    parser.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more detail (-vv: debug)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars, no library messages")
    parser.set_defaults(handler=_cmd_build)


def _cmd_build(args: argparse.Namespace) -> int:
    import time

    from briefing.briefer import build_briefing
    from briefing.config import cache_dir_from_env, load_settings

    started = time.perf_counter()
    # Usage problems (ConfigError, OutputExistsError) surface before any work; main() turns
    # them into exit 2.
    targets = resolve_outputs(args.output, args.format)
    check_outputs_free([path for path, _ in targets], overwrite=args.overwrite)
    settings = load_settings(args.config, model=args.model)
    cache_dir = cache_dir_from_env(args.cache_dir)

    show_bars = not args.quiet and sys.stderr.isatty()
    if not show_bars:
        silence_libraries(logs=args.quiet)
    bars = ProgressBars() if show_bars else None
    try:
        result = build_briefing(
            args.inputs,
            **length_arguments(args),
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
            progress=bars,
        )
    finally:
        if bars is not None:
            bars.close()

    report_skipped(result.skipped)
    if not result.articles:
        _eprint("briefing: no usable article; nothing written")
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
    add_length_options(parser)
    parser.add_argument(
        "--summarizer",
        type=summarizer_name,
        metavar="NAME",
        default="default",
        help="method: default, centrality, lexrank, lead",
    )
    parser.add_argument("--json", action="store_true", help="print JSON: [{source, sentences: [...]}]")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more detail (-vv: debug)")
    parser.set_defaults(handler=_cmd_summarize)


def _cmd_summarize(args: argparse.Namespace) -> int:
    from briefing.pipeline import prepare_articles
    from briefing.summarize import Length, get_summarizer

    summarizer = get_summarizer(args.summarizer)
    prepared, skipped = prepare_articles(args.inputs, summarizer=summarizer, length=args.length or Length())
    report_skipped(skipped)
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
    if not prepared:
        _eprint("briefing: no usable article")
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
    from briefing.cli.overview import add_parser

    add_parser(sub, _cmd_overview)


def _cmd_overview(args: argparse.Namespace) -> int:
    from briefing.cli.overview import run

    return run(args)


# -------------------------------------------------------------------------- models


def _add_models(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "models", help="download or convert translation models, or build the offline demo model"
    )
    models_sub = parser.add_subparsers(dest="models_command", required=True)
    pull = models_sub.add_parser("pull", help="download a Marian model into models/")
    pull.add_argument(
        "model",
        nargs="?",
        default=None,
        help="big (default: Helsinki-NLP/opus-mt-tc-big-ar-en), base (Helsinki-NLP/opus-mt-ar-en) "
        "or a hub id",
    )
    pull.add_argument(
        "--models-dir", default=str(MODELS_DIR), help="destination parent folder (default: models/)"
    )
    pull.set_defaults(handler=_cmd_models_pull)
    _add_models_convert(models_sub)
    _add_models_demo(models_sub)


def _cmd_models_pull(args: argparse.Namespace) -> int:
    from briefing.translation.models.resolve import canonical_model, pull_model

    model_id = canonical_model(args.model)
    path = pull_model(model_id, models_dir=args.models_dir)
    _eprint(
        f"briefing: {model_id} is in {path}; use it with `briefing build INPUT... --model {path}` "
        "or just `briefing build` (models/ is searched)"
    )
    return EXIT_OK


def _add_models_convert(models_sub: argparse._SubParsersAction) -> None:
    from briefing.translation.models.convert import DEFAULT_QUANTIZATION, QUANTIZATIONS

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
    convert.add_argument(
        "--models-dir", default=str(MODELS_DIR), help="local model folder (default: models/)"
    )
    convert.add_argument(
        "--offline", action="store_true", help="never download the source model (also HF_HUB_OFFLINE=1)"
    )
    convert.set_defaults(handler=_cmd_models_convert)


def _cmd_models_convert(args: argparse.Namespace) -> int:
    from briefing.translation.models.convert import convert_model

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


def _add_models_demo(models_sub: argparse._SubParsersAction) -> None:
    from briefing.translation.models.demo import DEFAULT_DEMO_DIR

    demo = models_sub.add_parser(
        "demo",
        help="build a tiny random model for trying briefing offline (nonsense English)",
        description="Build a tiny MarianMT with random weights into DIR, without any download: "
        "its English is nonsense, everything else (reading, summaries, overview, output formats) "
        "is real. For trying briefing offline: `briefing build INPUT... --model DIR`. "
        "Needs torch and the marian extra. An existing folder is only replaced with --force.",
    )
    demo.add_argument(
        "out_dir",
        nargs="?",
        default=str(DEFAULT_DEMO_DIR),
        metavar="DIR",
        help=f"folder to create (default: {DEFAULT_DEMO_DIR})",
    )
    demo.add_argument("--force", action="store_true", help="replace an existing folder")
    demo.set_defaults(handler=_cmd_models_demo)


def _cmd_models_demo(args: argparse.Namespace) -> int:
    from briefing.translation.models.demo import build_demo_model

    path = build_demo_model(args.out_dir, force=args.force)
    files = sorted(item for item in path.iterdir() if item.is_file())
    size = sum(item.stat().st_size for item in files) / 1e6
    _eprint(
        f"briefing: demo model written to {path}: {', '.join(item.name for item in files)} ({size:.1f} MB)"
    )
    _eprint(
        "briefing: its weights are random, so its English is nonsense; it is for trying briefing "
        f"offline: `briefing build INPUT... --model {path}`. For real translations: `briefing models pull`"
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
    from briefing.cli.serve import add_serve

    add_serve(sub)
    return parser


def _setup_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    0: done (a briefing was written; skipped inputs are listed in it), 1: nothing usable came
    out or the model could not be had, 2: usage error (bad option, output exists), 130:
    interrupted (Ctrl-C).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(getattr(args, "verbose", 0) or 0)
    from briefing.errors import ConfigError, OutputExistsError

    try:
        return args.handler(args)
    except (ConfigError, OutputExistsError) as exc:
        return usage_error(args, str(exc))
    except BriefingError as exc:
        log.debug("error details", exc_info=True)
        _eprint(f"briefing: error: {exc}")
        return EXIT_NOTHING
    except KeyboardInterrupt:
        _eprint("briefing: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `briefing ... | head`: the reader went away; not an error of ours. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
