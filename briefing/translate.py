"""Translation stage: ``Summary -> TranslatedSummary``.

The stage owns everything that does not depend on the model library: splitting sentences
that are longer than the model's input limit, de-duplicating and batching the segments of
all articles (titles included), and putting the English back in document order. Backends
under ``briefing/backends/`` only turn a list of segments into a list of translations.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from briefing.errors import ConfigError
from briefing.types import Summary, TranslatedSentence, TranslatedSummary, Translation

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called as work advances (stage names: ``translate``...)."""

# MarianMT's position embeddings stop at 512 tokens. Leave room for the end-of-sentence
# token and for the difference between our count and the model's own segmentation.
DEFAULT_MAX_INPUT_TOKENS = 400


@runtime_checkable
class Translator(Protocol):
    """Anything that translates a batch of Arabic segments into English.

    ``translate_batch`` receives segments that already fit the model's input limit and
    returns one :class:`Translation` per segment, in the same order. Implementations may
    also define ``count_tokens(text) -> int`` (used to split long sentences) and
    ``max_input_tokens``; without them a conservative word-based estimate is used.
    """

    name: str

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        """Translate ``texts``; return one translation per text, in order."""
        ...


class FakeTranslator:
    """Deterministic stand-in for tests and dry runs: ``"[en] " + text``.

    Confidence is a fixed ``-0.1`` so that code paths using it are exercised.
    """

    name = "fake"
    max_input_tokens = DEFAULT_MAX_INPUT_TOKENS

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        self.calls.append(list(texts))
        return [Translation(text=f"[en] {text}", confidence=-0.1) for text in texts]
