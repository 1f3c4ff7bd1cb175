"""``briefing models pull|convert|demo``: get, convert or fake a translation model."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from briefing.cli.options import EXIT_OK, add_verbose_option, eprint
from briefing.config import MODELS_DIR, model_from_env, offline_from_env


def register(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``models`` and its three subcommands to ``sub``."""
    parser = sub.add_parser(
        "models", help="download or convert translation models, or build the offline demo model"
    )
    models_sub = parser.add_subparsers(dest="models_command", required=True)
    _add_pull(models_sub)
    _add_convert(models_sub)
    _add_demo(models_sub)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the ``models`` subcommand ``args.models_command`` names."""
    return _SUBCOMMANDS[args.models_command](args)


# ---------------------------------------------------------------------------- pull


def _add_pull(models_sub: argparse._SubParsersAction) -> None:
    """``models pull [MODEL]``."""
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
    add_verbose_option(pull, "more detail, and the model libraries' own messages")


def _pull(args: argparse.Namespace) -> int:
    """Download the model into ``--models-dir``."""
    from briefing.translation.models.resolve import canonical_model, pull_model

    model_id = canonical_model(args.model)
    path = pull_model(model_id, models_dir=args.models_dir)
    eprint(
        f"briefing: {model_id} is in {path}; use it with `briefing build INPUT... --model {path}` "
        "or just `briefing build` (models/ is searched)"
    )
    return EXIT_OK


# ------------------------------------------------------------------------- convert


def _add_convert(models_sub: argparse._SubParsersAction) -> None:
    """``models convert [MODEL]``."""
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
    add_verbose_option(convert, "more detail, and the model libraries' own messages (progress bars)")


def _convert(args: argparse.Namespace) -> int:
    """Convert the model to CTranslate2; print the folder on stdout."""
    from briefing.translation.models.convert import convert_model

    path = convert_model(
        model_from_env(args.model),
        args.output,
        quantization=args.quantization,
        force=args.force,
        models_dir=args.models_dir,
        offline=offline_from_env(args.offline),
        check=args.check,
    )
    eprint(
        f"briefing: CTranslate2 model ({args.quantization}) written to {path}; "
        "`briefing build INPUT... --backend ct2` (or auto) uses it"
    )
    print(path)
    return EXIT_OK


# ---------------------------------------------------------------------------- demo


def _add_demo(models_sub: argparse._SubParsersAction) -> None:
    """``models demo [DIR]``."""
    from briefing.translation.models.demo import DEFAULT_DEMO_DIR

    demo = models_sub.add_parser(
        "demo",
        help="build a tiny random model for trying briefing offline (nonsense English)",
        description="Build a tiny MarianMT with random weights into DIR, without any download: "
        "its English is nonsense, everything else (reading, summaries, overview, output formats) "
        "is real. For trying briefing offline: `briefing build INPUT... --model DIR`. "
        "Needs torch and the marian extra; with the ct2 extra installed it also writes a "
        "CTranslate2 copy, DIR-ct2-int8, which `build --model DIR` then uses (no torch to load). "
        "An existing folder is only replaced with --force.",
    )
    demo.add_argument(
        "out_dir",
        nargs="?",
        default=str(DEFAULT_DEMO_DIR),
        metavar="DIR",
        help=f"folder to create (default: {DEFAULT_DEMO_DIR})",
    )
    demo.add_argument("--force", action="store_true", help="replace an existing folder")
    demo.add_argument(
        "--no-ct2",
        dest="convert",
        action="store_false",
        default=None,
        help="do not write the CTranslate2 copy (default: write it when ctranslate2 is installed)",
    )
    add_verbose_option(demo, "more detail, and the model libraries' own messages")


def _demo(args: argparse.Namespace) -> int:
    """Build the demo model; print its folder on stdout."""
    from briefing.translation.models.demo import build_demo_model, demo_conversion_dir

    path = build_demo_model(args.out_dir, force=args.force, convert=args.convert)
    files = sorted(item for item in path.iterdir() if item.is_file())
    size = sum(item.stat().st_size for item in files) / 1e6
    eprint(
        f"briefing: demo model written to {path}: {', '.join(item.name for item in files)} ({size:.1f} MB)"
    )
    copy = demo_conversion_dir(path)
    if copy.is_dir() and args.convert is not False:
        eprint(f"briefing: and its CTranslate2 copy to {copy}, which `--model {path}` uses (fast: no torch)")
    eprint(
        "briefing: its weights are random, so its English is nonsense; it is for trying briefing "
        f"offline: `briefing build INPUT... --model {path}`. For real translations: `briefing models pull`"
    )
    print(path)
    return EXIT_OK


_SUBCOMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "pull": _pull,
    "convert": _convert,
    "demo": _demo,
}
"""``models`` subcommand name -> the function that runs it."""
