"""Run the stages in order and record what had to be skipped.

:func:`run_stages` runs them; :class:`~briefing.briefer.Briefer` keeps the model loaded
between calls, and :func:`~briefing.briefer.build_briefing` is a one-call ``Briefer``.

ingest -> clean -> language check -> segment -> summarize (per article, each failure is
recorded and skipped) -> overview (two or more articles) -> translate (all articles and
overview points in one batched pass) -> :class:`BriefingResult`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from briefing.clean.cleaner import clean
from briefing.clean.language import ensure_arabic
from briefing.config import MODELS_DIR, Settings
from briefing.errors import BriefingError, EmptyArticleError, InputError
from briefing.ingest.discover import InputFile, discover, display_path, failure_reason, ingest, skip_reason
from briefing.ingest.textinput import ArticleText, InputItem
from briefing.overview import (
    OverviewInput,
    build_overview,
    duplicate_ids,
    overview_texts,
    with_translations,
)
from briefing.result import BriefingResult
from briefing.segment import segment
from briefing.summarize import Length, Summarizer
from briefing.translation.backends import create_translator, require_backend_packages
from briefing.translation.backends.base import NO_REPEAT_NGRAM_SIZE, REPETITION_PENALTY
from briefing.translation.cache import CachedTranslator, TranslationCache, model_fingerprint, translation_key
from briefing.translation.models.choose import choose_backend
from briefing.translation.models.resolve import resolve_model
from briefing.translation.stage import (
    ProgressCallback,
    Translator,
    flag_overview,
    sentencepiece_counter,
    translate_summaries,
)
from briefing.types import BriefingInfo, Overview, Sentences, Skipped, Summary, TranslatedSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article that went through every stage before translation."""

    sentences: Sentences
    summary: Summary


def prepare_articles(
    inputs: Sequence[InputItem],
    *,
    summarizer: Summarizer,
    length: Length,
    progress: ProgressCallback | None = None,
) -> tuple[list[PreparedArticle], list[Skipped]]:
    """Read, clean, check, segment and summarize every input; skip (and record) bad ones.

    Returns:
        The usable articles in input order, and the skipped inputs with their reasons.
    """
    files, skipped = discover(inputs)
    skipped = list(skipped)
    prepared: list[PreparedArticle] = []
    for done, item in enumerate(files):
        path = display_path(item.path)
        try:
            prepared.append(prepare_article(item, summarizer=summarizer, length=length))
        except InputError as exc:
            # Said once by whoever reports `skipped` (the CLI), not here.
            log.info("skipped %s: %s", path, exc)
            skipped.append(Skipped(source=path, reason=skip_reason(exc, path)))
        if progress:
            progress("read", done + 1, len(files))
    return prepared, skipped


def prepare_article(
    item: InputFile | ArticleText | str | os.PathLike[str], *, summarizer: Summarizer, length: Length
) -> PreparedArticle:
    """Read, clean, check, segment and summarize one input (``briefing batch`` runs this per file).

    Raises:
        InputError: The input cannot be used (the message names the file). Any other
            exception raised while working on it (a missing package, a library bug) comes
            as an InputError too, naming the stage and the fix, with the original as cause.
    """
    path = display_path(item.path if isinstance(item, (InputFile, ArticleText)) else item)
    # One input's failure, expected (InputError) or not (a missing package, a library bug),
    # must skip that input only: an unexpected exception becomes an InputError whose message
    # names the stage and the fix; the traceback is logged at -v.
    stage = "reading"
    try:
        article = ingest(item)
        stage = "cleaning"
        cleaned = clean(article)
        ensure_arabic(cleaned)
        stage = "segmenting"
        sentences = segment(cleaned)
        if not any(s.kind != "heading" for s in sentences.sentences):
            raise EmptyArticleError(f"{path}: no sentences left after cleaning; is it an article?")
        stage = "summarizing"
        return PreparedArticle(sentences=sentences, summary=summarizer(sentences, length))
    except BriefingError:
        raise  # InputError: this input; ConfigError and the like: the whole run
    except Exception as exc:
        log.info("%s: failed while %s", path, stage, exc_info=True)
        raise InputError(f"{path}: {failure_reason(exc, path, stage)}") from exc


def overview_of(prepared: Sequence[PreparedArticle]) -> Overview:
    """The cross-source overview of ``prepared``; source numbers are 1-based positions in it."""
    return build_overview(
        [
            OverviewInput(id=number, sentences=p.sentences, summary=p.summary)
            for number, p in enumerate(prepared, start=1)
        ]
    )


def _overview_wanted(setting: str | bool, override: bool | None, articles: int) -> bool:
    """Whether to build the overview: the call's choice, else the setting's, and only for 2+ articles."""
    wanted = setting if override is None else override
    return articles >= 2 if wanted == "auto" else bool(wanted) and articles >= 2


TranslatorSource = Callable[[], tuple[Translator, str | None, str]]
"""Called once, only when some article is usable: ``(translator, model id, backend name)``."""


def run_stages(
    inputs: Sequence[InputItem],
    *,
    settings: Settings,
    summarizer: Summarizer,
    translator: TranslatorSource,
    overview: bool | None = None,
    progress: ProgressCallback | None = None,
) -> BriefingResult:
    """Run the stages in order with everything chosen (what ``Briefer.build`` calls).

    Returns:
        As :func:`~briefing.briefer.build_briefing`.
    """
    prepared, skipped = prepare_articles(
        inputs, summarizer=summarizer, length=Length.from_settings(settings), progress=progress
    )

    wants_overview = _overview_wanted(settings.overview, overview, len(prepared))
    overview_result: Overview | None = None
    extra: list[str] = []
    copies: frozenset[int] = frozenset()
    if wants_overview:
        overview_result = overview_of(prepared)
        extra = overview_texts(overview_result)
        # A copy or light rewrite of another article is summarized once: its section keeps
        # the title and attribution (the overview says "also published by"), no sentences.
        copies = duplicate_ids(overview_result)

    model_name: str | None = None
    backend_name: str | None = None
    translated: list[TranslatedSummary] = []
    if prepared:
        chosen_translator, model_name, backend_name = translator()
        summaries = [
            replace(p.summary, sentences=()) if number in copies else p.summary
            for number, p in enumerate(prepared, start=1)
        ]
        translated, table = translate_summaries(
            summaries,
            chosen_translator,
            extra_texts=extra,
            max_input_tokens=settings.max_input_tokens,
            batch_size=settings.batch_size,
            progress=progress,
            review=settings.review,
        )
        if overview_result is not None:
            overview_result = with_translations(overview_result, {k: v.text for k, v in table.items()})
            overview_result = flag_overview(overview_result, table)

    info = BriefingInfo(
        title=settings.title,
        created=datetime.now().astimezone().isoformat(timespec="seconds"),
        model=model_name,
        backend=backend_name,
        summarizer=getattr(summarizer, "name", type(summarizer).__name__),
    )
    return BriefingResult(
        info=info, articles=tuple(translated), skipped=tuple(skipped), overview=overview_result
    )


def make_translator(
    settings: Settings,
    *,
    offline: bool = False,
    models_dir: Path = MODELS_DIR,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
) -> tuple[Translator, str, str]:
    """The translator the settings ask for: resolved model, chosen backend, cache around it.

    Nothing heavy is imported or loaded here: the backend is created, and its model loaded,
    on the first segment the cache does not hold. A fully cached build therefore never
    imports torch, transformers or ctranslate2.

    Returns:
        ``(translator, model id, backend name)``.
    """
    resolved = resolve_model(settings.model, models_dir=models_dir, offline=offline)
    backend, folder = choose_backend(settings.backend, resolved.path, models_dir=models_dir)
    log.info("model %s (%s) with the %s backend from %s", resolved.id, resolved.origin, backend, folder)

    def factory() -> Translator:
        return create_translator(
            backend,
            folder,
            device=settings.device,
            beams=settings.beams,
            name=resolved.id,
            threads=settings.threads,
            compute_type=settings.compute_type,
        )

    require_backend_packages(backend, resolved.id)
    if not use_cache:
        return factory(), resolved.id, backend

    spm_file = folder / "source.spm"
    key = translation_key(
        model=model_fingerprint(folder),
        backend=backend,
        # Everything that can change the English: beams, device and compute type (CUDA
        # float16 vs CPU int8 round differently), the split limit (it decides the pieces)
        # and the repetition guard.
        settings={
            "beams": settings.beams,
            "device": settings.device,
            "compute_type": settings.compute_type,
            "max_input_tokens": settings.max_input_tokens,
            "no_repeat_ngram_size": NO_REPEAT_NGRAM_SIZE,
            "repetition_penalty": REPETITION_PENALTY,
        },
    )
    translator = CachedTranslator(
        factory,
        TranslationCache(cache_dir),
        key,
        name=resolved.id,
        count_tokens=sentencepiece_counter(str(spm_file)) if spm_file.is_file() else None,
        max_input_tokens=settings.max_input_tokens,
    )
    return translator, resolved.id, backend
