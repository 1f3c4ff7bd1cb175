"""What every command shares: exit codes, option groups, argument types, stderr helpers.

Each command module (:mod:`briefing.cli.build`, :mod:`briefing.cli.batch`...) imports this
one and nothing else of the CLI, so the commands parse, check and report the same way and no
module of the CLI imports another in a circle. Nothing heavy is imported at module level:
``briefing --help`` builds every parser.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

from briefing.config import BACKENDS, COMPUTE_TYPES, DEVICES, MODELS_DIR, ONE_EVENT

if TYPE_CHECKING:
    from briefing.summarize import Length
    from briefing.types import Skipped

EXIT_OK = 0
"""The command did its work (a briefing was written; skipped inputs are listed inside it)."""
EXIT_NOTHING = 1
"""Nothing usable came out, or the model could not be had."""
EXIT_USAGE = 2
"""A usage error: a bad option, a bad config file, an output that exists."""
EXIT_INTERRUPTED = 130
"""128 + SIGINT, what shells report for Ctrl-C."""


class Command(Protocol):
    """A command module: ``register`` adds its subparser, ``run`` does the work."""

    def register(self, sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
        """Add the command's subparser to ``sub`` and return it."""
        ...

    def run(self, args: argparse.Namespace) -> int:
        """Run the command with the parsed ``args``; return the exit code."""
        ...


# ----------------------------------------------------------------------- reporting


def eprint(*parts: object, end: str = "\n") -> None:
    """Print ``parts`` on stderr, flushed (every message of the command line goes there)."""
    print(*parts, file=sys.stderr, end=end, flush=True)


def command_name(args: argparse.Namespace) -> str:
    """``briefing build``, ``briefing models pull``...: the prefix of the command's messages."""
    parts = ["briefing", getattr(args, "command", None), getattr(args, "models_command", None)]
    return " ".join(part for part in parts if part)


def usage_error(args: argparse.Namespace, message: str) -> int:
    """Report a usage error in argparse's wording (``briefing build: error: ...``); return 2."""
    eprint(f"{command_name(args)}: error: {message}")
    return EXIT_USAGE


def report_skipped(skipped: Sequence[Skipped]) -> None:
    """Say each skipped input once: ``briefing: skipped SOURCE: REASON``."""
    for item in skipped:
        eprint(f"briefing: skipped {item.source}: {item.reason}")


# ------------------------------------------------------------------ argument types


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


def summarizer_name(text: str) -> str:
    """argparse type: a registered summarizer name (the error lists them)."""
    from briefing.summarize import SUMMARIZERS

    name = text.strip().lower()
    if name not in SUMMARIZERS:
        raise argparse.ArgumentTypeError(
            f"unknown summarizer {text!r}; choose one of: {', '.join(sorted(SUMMARIZERS))}"
        )
    return name


# ------------------------------------------------------------------- option groups


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


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """``--config FILE``: the settings file every command layers over the defaults."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="TOML settings file layered over the defaults (also $BRIEFING_CONFIG)",
    )


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
    add_config_option(parser)
    add_glossary_options(parser)


def add_glossary_options(parser: argparse.ArgumentParser) -> None:
    """``--glossary FILE`` and ``--no-default-glossary`` (``build``, ``batch``, ``serve``)."""
    parser.add_argument(
        "--glossary",
        metavar="FILE",
        help="the desk's glossary: CSV, TSV or TOML of Arabic terms and their English (also "
        "$BRIEFING_GLOSSARY; see `briefing glossary check`)",
    )
    parser.add_argument(
        "--no-default-glossary",
        dest="default_glossary",
        action="store_false",
        default=None,
        help="do not apply the starter list (countries and cities from CLDR)",
    )


def glossary_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The settings ``--glossary`` and ``--no-default-glossary`` give (None: not given)."""
    return {"glossary": args.glossary, "default_glossary": args.default_glossary}


def add_inputs_argument(parser: argparse.ArgumentParser, help: str = "article files or folders") -> None:
    """The ``INPUT...`` positional every reading command takes."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help=help)


def add_one_event_option(
    parser: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup,
    *,
    dest: str = "overview",
    const: object = ONE_EVENT,
) -> None:
    """``--one-event``: the articles all report one story; compare them without grouping."""
    parser.add_argument(
        "--one-event",
        dest=dest,
        action="store_const",
        const=const,
        help="the articles all report one story (a folder gathered for it): compare them as one "
        "event instead of grouping them by meaning and date",
    )


def add_verbose_option(parser: argparse.ArgumentParser, help: str = "more detail (-vv: debug)") -> None:
    """``-v``/``--verbose``, counted: -v logs info, -vv debug."""
    parser.add_argument("-v", "--verbose", action="count", default=0, help=help)


# ---------------------------------------------------------- third-party libraries


def silence_libraries(*, logs: bool) -> None:
    """Turn off third-party progress bars (hub downloads, transformers' "Loading weights").

    At ``-v`` the bars stay (only ``-q`` quiets the loggers then): the model libraries'
    own output is what ``-v`` asks to see (:mod:`briefing.translation.quiet`).

    Args:
        logs: Also quiet their loggers to errors only (``-q``).
    """
    if not logs and logging.getLogger("briefing").isEnabledFor(logging.INFO):
        return
    # Read by huggingface_hub when imported (transformers asks it whether bars are on);
    # the calls below cover libraries that are already imported. Writing these variables is
    # the CLI's business (config only reads ours).
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    if "transformers" in sys.modules:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
    if logs:
        _quiet_library_logs()


def _quiet_library_logs() -> None:
    """Library loggers and transformers' own verbosity to errors only (``-q``)."""
    os.environ["TRANSFORMERS_VERBOSITY"] = "error"
    os.environ["TRANSFORMERS_NO_ADVISORY_WARNINGS"] = "1"
    for name in ("transformers", "huggingface_hub", "ctranslate2", "sentencepiece", "urllib3"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if "transformers" in sys.modules:
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()


@contextlib.contextmanager
def native_stderr_to(path: str) -> Iterator[None]:
    """Send what native code writes to file descriptor 2 to ``path``; Python's stderr stays.

    Ray's C++ core worker logs straight to descriptor 2 (an error-level ``core_worker.cc``
    notice about every restartable actor pool, ``gcs_client.cc`` retries), out of reach of
    Python's logging. For the block, descriptor 2 is the file, while ``sys.stderr`` and the
    logging handlers that wrote to it write to a copy of the terminal's descriptor.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    terminal = os.fdopen(os.dup(saved), "w", buffering=1, encoding="utf-8", errors="backslashreplace")
    target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(target, 2)
    os.close(target)
    previous = sys.stderr
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and handler.stream is previous
    ]
    sys.stderr = terminal
    for handler in handlers:
        handler.setStream(terminal)
    try:
        yield
    finally:
        terminal.flush()
        for handler in handlers:
            handler.setStream(previous)
        sys.stderr = previous
        os.dup2(saved, 2)
        os.close(saved)
        terminal.close()


# ---------------------------------------------------------------- progress on stderr

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
        bar = self._bars.get(stage)
        if bar is None:
            if done >= total and (stage in self._bars or total == 0):
                return  # finished (or empty) stage: its bar is already cleared
            bar = self._bars[stage] = self._open(stage, total)
        bar.total = total  # type: ignore[attr-defined]
        bar.n = done  # type: ignore[attr-defined]
        if stage == "translate" and done:
            bar.set_description(_STAGE_LABELS[stage], refresh=False)  # type: ignore[attr-defined]
        bar.refresh()  # type: ignore[attr-defined]
        if done >= total:
            self._close(stage)

    def _open(self, stage: str, total: int) -> object:
        """A new bar for ``stage``, after closing the previous stage's (one bar at a time)."""
        from tqdm import tqdm

        for other in list(self._bars):
            self._close(other)
        if stage == "translate":
            silence_libraries(logs=False)
        tqdm.monitor_interval = 0  # no monitor thread redrawing a bar behind our back
        label = _STAGE_LABELS.get(stage, stage)
        return tqdm(
            total=total,
            desc=label + (" (loading the model)" if stage == "translate" else ""),
            unit=_STAGE_UNITS.get(stage, "item"),
            file=sys.stderr,
            leave=False,
            dynamic_ncols=True,
        )

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
