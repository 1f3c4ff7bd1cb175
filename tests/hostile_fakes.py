"""Test doubles for tests/test_hostile.py, importable by the input worker process."""

from __future__ import annotations

import re

# Exponential backtracking inside the regex engine: it holds the interpreter lock the whole
# time, as the comment pattern of issue 25 did, so a thread running it freezes its process.
_RUNAWAY = re.compile(r"(?:a|a)*b")


class RunawaySummarizer:
    """A summarizer stuck in the regex engine (for as long as the process lives)."""

    name = "runaway"

    def __call__(self, sentences, length):
        _RUNAWAY.match("a" * 64)
        raise AssertionError("unreachable: 2**64 steps")
