"""Translation stage: ``Summary -> TranslatedSummary``.

The stage owns everything that does not depend on the model library: cleaning what the
model sees (:func:`briefing.translation.guards.model_input`), splitting sentences that are longer than
the model's input limit, de-duplicating and batching the segments of all articles (titles
included), putting the English back in document order, and running the translation guards
(:func:`briefing.translation.guards.check_translation`: numbers, repetition, length, plus the backends'
``cap``) and the meaning review (:mod:`briefing.translation.review`: ``meaning``, ``omission``,
``addition``) on every text in one pass, so each result carries its flags and their reasons. Backends under
``briefing/translation/backends/`` only turn a list of segments into a list of translations.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar, runtime_checkable

from briefing.config import DEFAULTS
from briefing.errors import ConfigError
from briefing.segment import split_long
from briefing.translation.guards import model_input, order_flags
from briefing.translation.review import prefetch, review_pairs
from briefing.types import (
    KeyPoint,
    Overview,
    OverviewVersion,
    Summary,
    TranslatedSentence,
    TranslatedSummary,
    Translation,
)

log = logging.getLogger(__name__)
_Item = TypeVar("_Item", KeyPoint, OverviewVersion)

ProgressCallback = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called as work advances (stage names: ``translate``...)."""

# MarianMT's position embeddings stop at 512 tokens. Leave room for the end-of-sentence
# token and for the difference between our count and the model's own segmentation.
DEFAULT_MAX_INPUT_TOKENS = DEFAULTS.max_input_tokens

# Progress: a display should move at least every few seconds. The first call also loads the
# model, so it is kept small; later calls are sized from the measured time per segment. Beam-4
# opus-mt on 2 CPU cores takes ~0.3 s a segment (docs/notes/translation-benchmark.md): ~10 segments
# a call, still enough rows for the backends' own length batches to pay off.
_PROGRESS_SECONDS = 3.0
_FIRST_PROGRESS_CALL = 4


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


TokenCounter = Callable[[str], int]


def estimate_tokens(text: str) -> int:
    """Upper-bound estimate of the model tokens in ``text`` when no tokenizer is at hand.

    SentencePiece models of OPUS-MT average about 3-4 Arabic characters per piece; counting
    one token per two characters (plus the end-of-sentence token) over-estimates, which only
    makes us split a little early, never truncate.
    """
    return len(text) // 2 + 1


def sentencepiece_counter(spm_path: str) -> TokenCounter:
    """Token counter reading the model's own source SentencePiece file.

    Imports sentencepiece only (no torch), so splitting long sentences does not cost a
    model load, and a fully cached run stays light.
    """
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_path))

    def count(text: str) -> int:
        return len(processor.encode(text)) + 1  # + </s>

    return count


def _split(text: str, max_tokens: int, count: TokenCounter) -> list[str]:
    """The pieces ``text`` must be translated in (one piece when it fits)."""
    if count(text) <= max_tokens:
        return [text]
    pieces = split_long(text, max_tokens, count)
    log.info("split a %d-character sentence into %d pieces for the model", len(text), len(pieces))
    return pieces


def _join_english(parts: Sequence[str]) -> str:
    return " ".join(part.strip() for part in parts if part.strip())


def _merge_confidence(parts: Sequence[Translation], weights: Sequence[int]) -> float | None:
    """Weighted mean of the pieces' confidences (weights: source tokens per piece)."""
    known = [(t.confidence, w) for t, w in zip(parts, weights, strict=True) if t.confidence is not None]
    if not known:
        return None
    total = sum(w for _, w in known) or 1
    return sum(c * w for c, w in known) / total


def translate_texts(
    texts: Sequence[str],
    translator: Translator,
    *,
    count_tokens: TokenCounter | None = None,
    max_input_tokens: int | None = None,
    batch_size: int = DEFAULTS.batch_size,
    progress: ProgressCallback | None = None,
    review: bool = DEFAULTS.review,
) -> dict[str, Translation]:
    """Translate every distinct text in ``texts``, splitting those over the model's limit.

    Segments are de-duplicated across texts (a title repeated in two articles is translated
    once), sorted by length so that each batch pads little, and sent in batches of
    ``batch_size``. Backends may re-batch by token budget internally.

    Args:
        texts: Arabic texts (sentences, titles, key points). Empty strings are ignored.
        translator: Any :class:`Translator`.
        count_tokens: Model token counter; defaults to the translator's ``count_tokens`` or
            :func:`estimate_tokens`.
        max_input_tokens: Limit per segment; defaults to the translator's
            ``max_input_tokens`` or :data:`DEFAULT_MAX_INPUT_TOKENS`.
        batch_size: Segments per call to ``translate_batch``.
        progress: Called as ``progress("translate", done_segments, total_segments)``.
        review: Run the meaning checks of :mod:`briefing.translation.review` besides the
            guards (loads the sentence encoder on first use).

    Returns:
        A mapping from each input text to its translation (pieces joined, confidence the
        token-weighted mean of the pieces, ``flags`` and ``reasons`` from the review: the
        guards, the meaning checks and the backend's ``cap``).

    Raises:
        ConfigError: ``batch_size`` or ``max_input_tokens`` is not positive.
        RuntimeError: The translator returned a different number of results than segments.
    """
    return _translate(texts, translator, count_tokens, max_input_tokens, batch_size, progress, review)[0]


def _input_limit(translator: Translator, max_input_tokens: int | None) -> int:
    """Source tokens per segment: the setting, the translator's own limit, or the default."""
    model_limit = getattr(translator, "max_input_tokens", None)
    limit = max_input_tokens or model_limit or DEFAULT_MAX_INPUT_TOKENS
    if max_input_tokens and isinstance(model_limit, int) and model_limit < max_input_tokens:
        # The model's own limit (its positions) wins over a larger split setting: the backend
        # would refuse a longer segment rather than truncate it.
        limit = model_limit
    if limit < 8:
        raise ConfigError(f"max input tokens must be at least 8, got {limit}")
    return limit


def _split_texts(texts: Sequence[str], limit: int, count: TokenCounter) -> dict[str, list[str]]:
    """The pieces of each distinct non-empty text, as the model sees them."""
    pieces_of: dict[str, list[str]] = {}
    for text in texts:
        if text and text not in pieces_of:
            cleaned = model_input(text)
            if cleaned.strip():
                pieces_of[text] = _split(cleaned, limit, count)
    return pieces_of


def _run_batches(
    segments: Sequence[str], translator: Translator, batch_size: int, progress: ProgressCallback | None
) -> dict[str, Translation]:
    """The translation of each segment, in calls of ``batch_size`` (smaller with ``progress``)."""
    done: dict[str, Translation] = {}
    if progress:
        progress("translate", 0, len(segments))
    start = 0
    # With a progress display, calls are cut to about _PROGRESS_SECONDS of work (measured on the
    # previous call) so the display moves; without one, full batches.
    size = min(batch_size, _FIRST_PROGRESS_CALL) if progress else batch_size
    while start < len(segments):
        batch = segments[start : start + size]
        start += len(batch)
        began = time.perf_counter()
        results = translator.translate_batch(batch)
        if progress:
            per_segment = (time.perf_counter() - began) / len(batch)
            size = max(1, min(batch_size, int(_PROGRESS_SECONDS / max(per_segment, 1e-6))))
        if len(results) != len(batch):
            raise RuntimeError(
                f"translator {translator.name!r} returned {len(results)} results for {len(batch)} segments"
            )
        done.update(zip(batch, results, strict=True))
        if progress:
            progress("translate", len(done), len(segments))
    return done


def _assemble(
    text: str, parts: Sequence[Translation], pieces: Sequence[str], count: TokenCounter
) -> Translation:
    """One text's translation from its pieces' (the backend's flags only: see :func:`_review`)."""
    backend_flags = order_flags(flag for part in parts for flag in getattr(part, "flags", ()))
    if len(parts) == 1:
        english, confidence = parts[0].text, parts[0].confidence
    else:
        english = _join_english([p.text for p in parts])
        confidence = _merge_confidence(parts, [count(piece) for piece in pieces])
    terms = tuple(use for part in parts for use in getattr(part, "terms", ()))
    return Translation(text=english, confidence=confidence, flags=backend_flags, terms=terms)


def _prefetch(texts: list[str]) -> None:
    """:func:`briefing.translation.review.prefetch`, its failure left for the review to report."""
    try:
        prefetch(texts)
    except Exception:
        log.debug("prefetching the review's vectors failed", exc_info=True)


def _review(table: dict[str, Translation], meaning: bool) -> dict[str, Translation]:
    """Every translation judged by the review (guards, then meaning), all texts in one pass."""
    texts = list(table)
    verdicts = review_pairs(
        [(text, table[text].text) for text in texts], [table[text].flags for text in texts], meaning=meaning
    )
    out = {}
    for text, verdict in zip(texts, verdicts, strict=True):
        if verdict.flags:
            log.info("translation flagged %s: %.60s", ",".join(verdict.flags), text)
        out[text] = replace(table[text], flags=verdict.flags, reasons=verdict.reasons)
    return out


def _translate(
    texts: Sequence[str],
    translator: Translator,
    count_tokens: TokenCounter | None,
    max_input_tokens: int | None,
    batch_size: int,
    progress: ProgressCallback | None,
    review: bool = DEFAULTS.review,
) -> tuple[dict[str, Translation], dict[str, int]]:
    """Translations of ``texts`` and the number of pieces each was split into."""
    if batch_size < 1:
        raise ConfigError(f"batch size must be at least 1, got {batch_size}")
    count = count_tokens or getattr(translator, "count_tokens", None) or estimate_tokens
    pieces_of = _split_texts(texts, _input_limit(translator, max_input_tokens), count)
    unique = sorted({piece for pieces in pieces_of.values() for piece in pieces}, key=len)
    # The review's encoder loads and encodes the Arabic sentences while the model translates (its lock
    # makes the review wait for this work rather than repeat it).
    early = threading.Thread(target=_prefetch, args=(list(pieces_of),), daemon=True) if review else None
    if early is not None:
        early.start()
    done = _run_batches(unique, translator, batch_size, progress)
    if early is not None:
        early.join()
    out = {
        text: _assemble(text, [done[piece] for piece in pieces], pieces, count)
        for text, pieces in pieces_of.items()
    }
    return _review(out, review), {text: len(pieces) for text, pieces in pieces_of.items()}


def translate_summaries(
    summaries: Sequence[Summary],
    translator: Translator,
    *,
    extra_texts: Sequence[str] = (),
    count_tokens: TokenCounter | None = None,
    max_input_tokens: int | None = None,
    batch_size: int = DEFAULTS.batch_size,
    progress: ProgressCallback | None = None,
    review: bool = DEFAULTS.review,
) -> tuple[list[TranslatedSummary], dict[str, Translation]]:
    """The translation stage: every chosen sentence and every title, in one batched pass.

    Args:
        summaries: One summary per article, in briefing order; article ids are 1-based
            positions in this sequence.
        translator: Any :class:`Translator`.
        extra_texts: More Arabic texts to translate in the same pass (overview points).
        count_tokens, max_input_tokens, batch_size, progress, review: See :func:`translate_texts`.

    Returns:
        The translated summaries, and the translation of every text (extra texts included).
    """
    texts: list[str] = []
    for summary in summaries:
        if summary.article.title:
            texts.append(summary.article.title)
        texts.extend(s.text for s in summary.sentences)
    texts.extend(extra_texts)
    table, pieces = _translate(
        texts, translator, count_tokens, max_input_tokens, batch_size, progress, review
    )

    translated = [
        _translated_summary(number, summary, table, pieces)
        for number, summary in enumerate(summaries, start=1)
    ]
    return translated, table


def _translated_summary(
    number: int, summary: Summary, table: Mapping[str, Translation], pieces: Mapping[str, int]
) -> TranslatedSummary:
    """One article's summary with the translation (English, confidence, flags, reasons) of each text."""
    untranslated = Translation(text="")
    sentences = []
    for s in summary.sentences:
        found = table.get(s.text, untranslated)
        sentences.append(
            TranslatedSentence(
                index=s.index,
                arabic=s.text,
                english=found.text,
                score=s.score,
                confidence=found.confidence,
                segments=pieces.get(s.text, 0),
                flags=found.flags,
                reasons=found.reasons,
                terms=found.terms,
            )
        )
    title = table.get(summary.article.title) if summary.article.title else None
    return TranslatedSummary(
        id=number,
        summary=summary,
        title_en=title.text if title is not None else None,
        sentences=tuple(sentences),
        title_flags=title.flags if title is not None else (),
        title_reasons=title.reasons if title is not None else (),
    )


def _with_verdict(item: _Item, verdict: Translation | None) -> _Item:
    """``item`` with the confidence and flags of its translation (unchanged without one)."""
    if verdict is None:
        return item
    found: Translation = verdict
    return replace(
        item,
        confidence=found.confidence,
        flags=order_flags((*item.flags, *found.flags)),
        reasons=(*item.reasons, *found.reasons),
    )


def flag_overview(overview: Overview, table: Mapping[str, Translation]) -> Overview:
    """``overview`` with the confidence and guard flags of each key point's and version's English.

    The overview's texts go through the same translation pass (``extra_texts``), so the same
    guards judged them; this copies the verdicts onto the points that show them.
    """

    def mark(item: _Item) -> _Item:
        return _with_verdict(item, table.get(item.arabic))

    groups = tuple(
        replace(
            group,
            key_points=tuple(mark(p) for p in group.key_points),
            differences=tuple(
                replace(d, versions=tuple(mark(v) for v in d.versions)) for d in group.differences
            ),
            headline=mark(group.headline) if group.headline is not None else None,
            copy_extras=tuple(mark(p) for p in group.copy_extras),
        )
        for group in overview.groups
    )
    return replace(overview, groups=groups)
