"""The per-article work of a batch, the same for both engines.

``prepare`` is :func:`briefing.pipeline.prepare_bounded` (read, clean, check, segment,
summarize) with every failure turned into a skipped line; :class:`ChunkTranslator` runs
:func:`briefing.translation.stage.translate_summaries` over a chunk of prepared articles, with the
translator :func:`briefing.pipeline.make_translator` builds for ``build``. Nothing here is
copied from the pipeline, so a batch record and a briefing say the same thing.

Everything in this module is picklable and imports nothing heavy: Ray ships it to workers.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from briefing.batch.store import WorkItem, shard_line
from briefing.config import MODELS_DIR, Settings
from briefing.errors import BackendUnavailableError, ConfigError, InputError, ModelLoadError
from briefing.glossary import resolve_glossary
from briefing.ingest.discover import InputFile, skip_reason
from briefing.pipeline import InputBudget, PreparedArticle, make_translator, prepare_bounded, thread_worker
from briefing.summarize import Length, Summarizer, get_summarizer
from briefing.translation.glossary import GlossaryTranslator
from briefing.translation.stage import Translator, translate_summaries
from briefing.types import TranslatedSummary

log = logging.getLogger(__name__)

# Errors that concern the whole run (no model, a missing extra, a bad option), not one
# article: they stop the job instead of skipping every article one by one.
FATAL_ERRORS = (ModelLoadError, BackendUnavailableError, ConfigError)


@dataclass(frozen=True, slots=True)
class BatchJob:
    """Everything a worker needs to process articles, picklable for Ray.

    Attributes:
        settings: Summary length, summarizer, model, backend, device, beams, threads.
        summarizer: A registered summarizer name, or a picklable Summarizer object.
        translator_factory: Picklable zero-argument callable returning a Translator (tests,
            custom backends); ``None`` builds the settings' model like ``build`` does.
        offline: Never download a model.
        models_dir: Where local models live.
        cache_dir: Translation cache folder (``None``: the user cache dir).
        use_cache: Read and fill the translation cache.
    """

    settings: Settings
    summarizer: str | Summarizer = "default"
    translator_factory: Callable[[], Translator] | None = None
    offline: bool = False
    models_dir: str = str(MODELS_DIR)
    cache_dir: str | None = None
    use_cache: bool = True

    @property
    def length(self) -> Length:
        """The summary length the settings ask for."""
        return Length.from_settings(self.settings)


@functools.lru_cache(maxsize=4)
def _summarizer(job: BatchJob) -> Summarizer:
    """The job's summarizer, built once per worker process (some load tables)."""
    return get_summarizer(job.summarizer)


def summarizer_name(job: BatchJob) -> str:
    """The name written in each record's ``summarizer`` field."""
    chosen = _summarizer(job)
    return str(getattr(chosen, "name", type(chosen).__name__))


def _input_file(item: WorkItem) -> InputFile:
    """The pipeline's view of ``item``: its path and manifest overrides."""
    return InputFile(Path(item.path or item.source), item.overrides)


def skipped_line(item: WorkItem, reason: str) -> str:
    """A shard line saying ``item`` was skipped, and why."""
    return shard_line(item.key, "skipped", {"source": item.source, "reason": reason})


def prepare(job: BatchJob, item: WorkItem) -> PreparedArticle | str:
    """Read, clean, check, segment and summarize one input.

    Returns:
        The :class:`~briefing.pipeline.PreparedArticle`, or a skipped shard line (str) when
        the input cannot be used. Any exception is caught: one bad file never stops a batch.
    """
    try:
        return prepare_bounded(
            _input_file(item),
            summarizer=_summarizer(job),
            length=job.length,
            budget=InputBudget.from_settings(job.settings),
            worker=thread_worker(),
        )
    except InputError as exc:
        return skipped_line(item, skip_reason(exc, item.source))
    except FATAL_ERRORS:
        raise
    except Exception as exc:  # a bug or a library failing on odd input: skip, say what
        log.warning("skipping %s: %s: %s", item.source, type(exc).__name__, exc, exc_info=True)
        return skipped_line(item, _crash_reason("reading", exc))


def _crash_reason(stage: str, exc: BaseException) -> str:
    """The skip reason for an unexpected exception while ``stage`` (a bug to report)."""
    return (
        f"failed while {stage} ({type(exc).__name__}: {exc}); this is a bug, please report it with the "
        "file; the rest of the batch went on"
    )


def article_record(item: WorkItem, translated: TranslatedSummary, summarizer: str, model: str) -> dict:
    """The ``articles.jsonl`` record of one translated article."""
    source = translated.source
    return {
        "source": item.source,
        "sha256": item.sha256,
        "metadata": source.metadata(),
        "title": translated.summary.article.title,
        "title_en": translated.title_en,
        "sentences": [
            {
                "index": s.index,
                "arabic": s.arabic,
                "english": s.english,
                "confidence": s.confidence,
                "flags": list(s.flags),
                "terms": [asdict(use) for use in s.terms],
            }
            for s in translated.sentences
        ],
        "summarizer": summarizer,
        "model": model,
    }


class ChunkTranslator:
    """Translates chunks of prepared articles into shard lines; one model per instance.

    The model is created on the first chunk (in a Ray actor: once per actor).
    """

    def __init__(self, job: BatchJob) -> None:
        self.job = job
        self._translator: Translator | None = None
        self.model = ""

    def _ensure(self) -> Translator:
        if self._translator is None:
            job = self.job
            if job.translator_factory is not None:
                self._translator = job.translator_factory()
                self.model = str(getattr(self._translator, "name", type(self._translator).__name__))
            else:
                self._translator, self.model, _ = make_translator(
                    job.settings,
                    offline=job.offline,
                    models_dir=Path(job.models_dir),
                    cache_dir=job.cache_dir,
                    use_cache=job.use_cache,
                )
            glossary = resolve_glossary(job.settings.glossary, defaults=job.settings.default_glossary)
            if glossary:
                self._translator = GlossaryTranslator(
                    self._translator, glossary, hypotheses=job.settings.glossary_hypotheses
                )
        return self._translator

    def _translate(self, prepared: Sequence[PreparedArticle]) -> list[TranslatedSummary]:
        settings = self.job.settings
        translated, _ = translate_summaries(
            [p.summary for p in prepared],
            self._ensure(),
            max_input_tokens=settings.max_input_tokens,
            batch_size=settings.batch_size,
            review=settings.review,
        )
        return translated

    def __call__(self, pairs: Sequence[tuple[WorkItem, Any]]) -> list[str]:
        """Shard lines for ``(item, PreparedArticle)`` pairs, in order.

        The chunk is translated in one pass (segments shared between articles are translated
        once). If that fails, each article is tried alone, so one article the model chokes
        on is skipped with the reason and the others are kept.
        """
        if not pairs:
            return []
        name = summarizer_name(self.job)
        try:
            done = self._translate([p for _, p in pairs])
        except FATAL_ERRORS:
            raise
        except Exception as exc:
            if len(pairs) == 1:
                item = pairs[0][0]
                log.warning("skipping %s: translation failed: %s", item.source, exc, exc_info=True)
                return [skipped_line(item, _crash_reason("translating", exc))]
            log.warning("a chunk of %d articles failed to translate (%s); trying each alone", len(pairs), exc)
            return [line for pair in pairs for line in self([pair])]
        return [
            shard_line(item.key, "article", article_record(item, t, name, self.model))
            for (item, _), t in zip(pairs, done, strict=True)
        ]


def process_chunk(job: BatchJob, items: Sequence[WorkItem], translator: ChunkTranslator) -> list[str]:
    """Prepare and translate ``items`` in one process; shard lines in input order."""
    lines: dict[str, str] = {}
    pairs: list[tuple[WorkItem, Any]] = []
    for item in items:
        result = prepare(job, item)
        if isinstance(result, str):
            lines[item.key] = result
        else:
            pairs.append((item, result))
    for (item, _), line in zip(pairs, translator(pairs), strict=True):
        lines[item.key] = line
    return [lines[item.key] for item in items]
