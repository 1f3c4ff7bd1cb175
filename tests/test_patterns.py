"""Every regular expression over input text runs in linear time (issue 25).

Each module-level pattern of the modules that see input text is fed adversarial strings:
runs of its own literal pieces (repeated openers, nested markers) and of pieces known to
stall backtracking engines, after its first literal (so anchored patterns get past their
start), with and without a character that makes the match fail at the end. Each string is
timed at two sizes, four times apart: linear work takes about 4x longer, quadratic 16x.
Only strings slow enough to time reliably are judged, and the bound (8x) is generous.
"""

from __future__ import annotations

import importlib
import re
import re._constants as sre_constants  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import signal
import time
from collections.abc import Callable, Iterator

import pytest

MODULES = (
    "briefing.ingest.read",
    "briefing.ingest.inputs",
    "briefing.ingest.textinput",
    "briefing.ingest.own_output",
    "briefing.ingest.readers.docx",
    "briefing.ingest.readers.html",
    "briefing.ingest.readers.meta",
    "briefing.ingest.readers.text",
    "briefing.clean.characters",
    "briefing.clean.cleaner",
    "briefing.clean.language",
    "briefing.clean.layout",
    "briefing.clean.markup",
    "briefing.clean.rules",
    "briefing.segment",
    "briefing.summarize",
    "briefing.text.arabic",
    "briefing.translation.numbers",
    "briefing.overview.text",
    "briefing.overview.claims",
    "briefing.overview.points",
    "briefing.overview.slots",
)
# Pieces that stall backtracking engines in Markdown and news text (issue 25's attacks).
KNOWN = ("[", "](", "![", "**", " **ا", "~~", "<!--", "<!---->", " ", "\n", "ـ", "a", "ا", "1", "-", "(", ":")
FAIL = "\x00"
SMALL, LARGE = 1_000, 4_000
JUDGED = 0.02  # seconds: faster runs are too short to time reliably
BOUND = 8.0  # linear is 4x, quadratic 16x


def _patterns() -> Iterator[tuple[str, re.Pattern]]:
    seen: set[int] = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and id(value) not in seen:
                seen.add(id(value))
                yield f"{module_name}.{name}", value


def _literals(tree: object, out: list[str]) -> None:
    """Literal runs and single characters of a parsed pattern, in order."""
    run: list[str] = []
    for op, av in tree:  # type: ignore[attr-defined]
        if op is sre_constants.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append("".join(run))
            run = []
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            _literals(av[2], out)
        elif op is sre_constants.SUBPATTERN:
            _literals(av[-1], out)
        elif op is sre_constants.BRANCH:
            for branch in av[1][:3]:
                _literals(branch, out)
        elif op is sre_constants.IN and av and av[0][0] is sre_constants.LITERAL:
            out.append(chr(av[0][1]))
    if run:
        out.append("".join(run))


def _pieces(pattern: re.Pattern) -> tuple[str, list[str]]:
    found: list[str] = []
    source = pattern.pattern
    if isinstance(source, bytes):  # a pattern over raw bytes: its pieces as text, sent encoded
        source = source.decode("latin-1")
    _literals(sre_parse.parse(source, pattern.flags), found)
    first = found[0] if found else ""
    pieces = list(dict.fromkeys([*found[:6], *KNOWN]))
    return first, pieces


CAP = 2.0  # seconds: a run stopped here counts as this long (an exponential one never ends)


class _Stopped(Exception):
    pass


def _stop(*_: object) -> None:
    raise _Stopped


def _timed(run: Callable[[str], object], text: str) -> float:
    """Seconds ``run(text)`` takes, at most CAP (the regex engine checks for signals)."""
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, CAP)
    start = time.perf_counter()
    try:
        run(text)
    except _Stopped:
        return CAP
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - start


class _Encoded:
    """A pattern over bytes, searched with the test's text strings encoded as UTF-8."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern

    def search(self, text: str) -> object:
        return self.pattern.search(text.encode())

    def sub(self, replacement: str, text: str) -> object:
        return self.pattern.sub(replacement.encode(), text.encode())


PATTERNS = list(_patterns())


def test_the_audited_modules_have_patterns():
    assert len(PATTERNS) > 40


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_time_grows_linearly(name, pattern):
    first, pieces = _pieces(pattern)
    if isinstance(pattern.pattern, bytes):
        pattern = _Encoded(pattern)
    worst = (0.0, "")
    for piece in pieces:
        for prefix in ("", first):
            for tail in ("", FAIL):
                for how, run in (("search", pattern.search), ("sub", lambda t: pattern.sub("", t))):
                    count = max(1, SMALL // len(piece))
                    small = _timed(run, prefix + piece * count + tail)
                    if small * 4 < JUDGED / 4:
                        continue
                    large = _timed(run, prefix + piece * (4 * count) + tail)
                    if large < JUDGED:
                        continue
                    if large >= CAP:
                        worst = (float("inf"), f"{how} {prefix!r} + {piece!r} x n + {tail!r}: over {CAP} s")
                        break
                    ratio = large / max(small, 1e-6)
                    # Timing noise: measure a suspicious pair again before judging.
                    if ratio > BOUND:
                        small = min(small, _timed(run, prefix + piece * count + tail))
                        large = min(large, _timed(run, prefix + piece * (4 * count) + tail))
                        ratio = large / max(small, 1e-6)
                    if ratio > worst[0]:
                        worst = (
                            ratio,
                            f"{how} {prefix!r} + {piece!r} x n + {tail!r}: {small:.3f}s -> {large:.3f}s",
                        )
    assert worst[0] <= BOUND, f"{name} grows faster than linearly: {worst[1]}"
