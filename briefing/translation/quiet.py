"""Model libraries' own output kept off the terminal unless briefing logs at INFO (``-v``).

transformers draws a ``Loading weights: 100%|...|`` progress bar for every model it loads
(a ``Briefer``'s first translation, each ``batch`` and ``serve`` worker, three times in
``models convert``) and prints advisory notices; neither says anything a briefing user can
act on. :func:`quiet_transformers` turns both off around a load, with transformers' own
switches, and puts them back afterwards; at ``-v`` (the ``briefing`` logger enabled for
INFO, as ``logging.basicConfig(level=logging.INFO)`` does) it leaves them as they are.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

__all__ = ["libraries_shown", "quiet_transformers"]


class _Saved:
    """transformers' settings from before the first quiet block, and how many are open."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.bars = True
        self.verbosity: int | None = None


_SAVED = _Saved()


def libraries_shown() -> bool:
    """True when the model libraries may print: ``briefing`` logs at INFO or below (``-v``)."""
    return logging.getLogger("briefing").isEnabledFor(logging.INFO)


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """transformers' progress bars and notices off inside the block, unless :func:`libraries_shown`.

    Nested and concurrent blocks (two ``serve`` workers loading at once) share one quiet
    period: the settings found before the first block are put back after the last.
    """
    if libraries_shown():
        yield
        return
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # nothing to quiet; the caller reports the missing package
        yield
        return
    with _SAVED.lock:
        if _SAVED.depth == 0:
            _SAVED.bars = hf_logging.is_progress_bar_enabled()
            _SAVED.verbosity = hf_logging.get_verbosity()
            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
        _SAVED.depth += 1
    try:
        yield
    finally:
        with _SAVED.lock:
            _SAVED.depth -= 1
            if _SAVED.depth == 0:
                if _SAVED.verbosity is not None:
                    hf_logging.set_verbosity(_SAVED.verbosity)
                if _SAVED.bars:
                    hf_logging.enable_progress_bar()
