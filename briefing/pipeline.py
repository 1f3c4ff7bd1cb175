"""Run the stages in order and record what had to be skipped.

:func:`run_stages` runs them; :class:`~briefing.briefer.Briefer` keeps the model loaded
between calls, and :func:`~briefing.briefer.build_briefing` is a one-call ``Briefer``.

ingest -> clean -> language check -> segment -> summarize (per article, each failure is
recorded and skipped) -> overview (two or more articles) -> translate (all articles and
overview points in one batched pass) -> :class:`BriefingResult`.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from briefing.clean.cleaner import clean
from briefing.clean.language import ensure_arabic
from briefing.config import DEFAULTS, MODELS_DIR, ONE_EVENT, OverviewChoice, Settings
from briefing.errors import BriefingError, EmptyArticleError, InputError
from briefing.glossary import Glossary
from briefing.ingest.discover import InputFile, discover, display_path, failure_reason, ingest, skip_reason
from briefing.ingest.textinput import ArticleText, InputItem
from briefing.isolate import Worker, WorkerDiedError, WorkerStartError, WorkTimeoutError
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
from briefing.translation.spelling import glossary_use, unify_spellings
from briefing.translation.stage import (
    ProgressCallback,
    Translator,
    flag_overview,
    sentencepiece_counter,
    translate_summaries,
)
from briefing.types import BriefingInfo, Overview, Sentences, Skipped, Spelling, Summary, TranslatedSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article that went through every stage before translation."""

    sentences: Sentences
    summary: Summary


_MB = 1_000_000


@dataclass(frozen=True, slots=True)
class InputBudget:
    """How long one input may take to read, clean, segment and summarize.

    ``seconds + seconds_per_mb x size`` (``[limits]`` in the settings). The work runs in a
    :class:`~briefing.isolate.Worker`, a child process reused from input to input, which is
    killed when an input overruns: pure-Python work holds the interpreter lock, so nothing
    short of a process can stop it, and a service would stop answering meanwhile. With
    ``seconds`` 0 there is no limit and the work runs in this process.
    """

    seconds: float
    seconds_per_mb: float

    @classmethod
    def from_settings(cls, settings: Settings) -> InputBudget:
        """The budget of ``settings`` (``input_seconds``, ``input_seconds_per_mb``)."""
        return cls(settings.input_seconds, settings.input_seconds_per_mb)

    @property
    def enabled(self) -> bool:
        """Whether inputs are bounded (and run in a worker process)."""
        return self.seconds > 0

    def limit(self, item: InputFile | ArticleText | str | os.PathLike[str]) -> float:
        """Seconds allowed for ``item``, from its size in bytes."""
        return self.seconds + self.seconds_per_mb * _input_size(item) / _MB


def _input_size(item: InputFile | ArticleText | str | os.PathLike[str]) -> int:
    """Size of an input in bytes (0 when it cannot be read: reading it will say why)."""
    if isinstance(item, ArticleText):
        return len(item.text.encode("utf-8", "surrogatepass"))
    try:
        return os.stat(item.path if isinstance(item, InputFile) else item).st_size
    except (OSError, ValueError):
        return 0


_LOCAL = threading.local()
_WORKERS: list[Worker] = []
_WORKERS_LOCK = threading.Lock()


def thread_worker() -> Worker:
    """This thread's worker process, started on first use and kept until the program ends.

    Kept, not started per call: a new worker imports the stages and loads the summarizer's
    tables (a second or two), which a service would pay on every job and a test suite on
    every build. One per thread, so that the service's job threads never wait on each other.
    """
    worker: Worker | None = getattr(_LOCAL, "worker", None)
    if worker is None:
        worker = _LOCAL.worker = Worker(warm_up)
        with _WORKERS_LOCK:
            _WORKERS.append(worker)
    return worker


@atexit.register
def close_workers() -> None:
    """Stop every worker process (at exit; the service calls it when it shuts down)."""
    with _WORKERS_LOCK:
        workers = list(_WORKERS)
    for worker in workers:
        worker.close()


def _pickles(value: object) -> bool:
    """Whether ``value`` can be sent to a worker process."""
    try:
        pickle.dumps(value)
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


# One short article read in every new worker before its first input, so that importing the
# stages and loading the summarizer's tables (about a second) is not charged to that input.
_WARM_UP_TEXT = "قال المتحدث إن الاجتماع انتهى مساء أمس. وأضاف أن الجولة المقبلة تعقد الشهر القادم."


def warm_up() -> None:
    """Run the stages once on a short text (in a new worker, before its first input)."""
    from briefing.summarize import get_summarizer

    with contextlib.suppress(BriefingError):
        prepare_article(
            ArticleText(text=_WARM_UP_TEXT), summarizer=get_summarizer("default"), length=Length(sentences=1)
        )


def prepare_bounded(
    item: InputFile | ArticleText | str | os.PathLike[str],
    *,
    summarizer: Summarizer,
    length: Length,
    budget: InputBudget,
    worker: Worker | None,
) -> PreparedArticle:
    """:func:`prepare_article` within ``budget``, in ``worker`` (in this process without one).

    Raises:
        InputError: As :func:`prepare_article`, and when the input takes longer than its
            limit or the worker process dies on it (the message names the file).
    """
    if worker is None or not budget.enabled:
        return prepare_article(item, summarizer=summarizer, length=length)
    path = _path_of(item)
    seconds = budget.limit(item)
    try:
        if _pickles(summarizer):
            return worker.run(prepare_article, item, summarizer=summarizer, length=length, timeout=seconds)
        # A summarizer of the caller's own that cannot be sent to the worker runs here.
        sentences = worker.run(read_sentences, item, timeout=seconds)
        return summarize_input(item, sentences, summarizer=summarizer, length=length)
    except WorkerStartError as exc:
        # No worker (e.g. no Python interpreter beside a frozen application): read here,
        # without the time limit, and say so.
        log.warning("no input worker process (%s): reading %s without a time limit", exc, path)
        return prepare_article(item, summarizer=summarizer, length=length)
    except WorkTimeoutError:
        log.warning("%s: stopped after %.0f s", path, seconds)
        raise InputError(
            f"{path}: took longer than {seconds:.0f} s to read; the file may be built to stall "
            "parsers (if it is a real article, raise [limits] input_seconds in the settings)"
        ) from None
    except WorkerDiedError as exc:
        raise InputError(
            f"{path}: the process reading it ended (exit code {exc.exitcode}): a crash in a library "
            "or out of memory; the file may be damaged or built to stall parsers"
        ) from None


def prepare_articles(
    inputs: Sequence[InputItem],
    *,
    summarizer: Summarizer,
    length: Length,
    progress: ProgressCallback | None = None,
    budget: InputBudget | None = None,
) -> tuple[list[PreparedArticle], list[Skipped]]:
    """Read, clean, check, segment and summarize every input; skip (and record) bad ones.

    Args:
        budget: Time allowed per input (default: the packaged ``[limits]``); each input runs
            in this thread's worker process (kept for the next call; see :func:`close_workers`).

    Returns:
        The usable articles in input order, and the skipped inputs with their reasons.
    """
    budget = budget or InputBudget.from_settings(DEFAULTS)
    files, skipped = discover(inputs)
    skipped = list(skipped)
    prepared: list[PreparedArticle] = []
    worker = thread_worker() if budget.enabled and files else None
    for done, item in enumerate(files):
        path = display_path(item.path)
        try:
            prepared.append(
                prepare_bounded(item, summarizer=summarizer, length=length, budget=budget, worker=worker)
            )
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
    return summarize_input(item, read_sentences(item), summarizer=summarizer, length=length)


def read_sentences(item: InputFile | ArticleText | str | os.PathLike[str]) -> Sentences:
    """Read, clean, check and segment one input (raises as :func:`prepare_article`)."""
    path = _path_of(item)
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
    except BriefingError:
        raise  # InputError: this input; ConfigError and the like: the whole run
    except Exception as exc:
        log.info("%s: failed while %s", path, stage, exc_info=True)
        raise InputError(f"{path}: {failure_reason(exc, path, stage)}") from exc
    if not any(s.kind != "heading" for s in sentences.sentences):
        raise EmptyArticleError(f"{path}: no sentences left after cleaning; is it an article?")
    return sentences


def summarize_input(
    item: InputFile | ArticleText | str | os.PathLike[str],
    sentences: Sentences,
    *,
    summarizer: Summarizer,
    length: Length,
) -> PreparedArticle:
    """``sentences`` (of ``item``) with their summary (raises as :func:`prepare_article`)."""
    try:
        return PreparedArticle(sentences=sentences, summary=summarizer(sentences, length))
    except BriefingError:
        raise
    except Exception as exc:
        path = _path_of(item)
        log.info("%s: failed while summarizing", path, exc_info=True)
        raise InputError(f"{path}: {failure_reason(exc, path, 'summarizing')}") from exc


def _path_of(item: InputFile | ArticleText | str | os.PathLike[str]) -> str:
    """The input as messages show it."""
    return display_path(item.path if isinstance(item, (InputFile, ArticleText)) else item)


def overview_of(prepared: Sequence[PreparedArticle], *, one_event: bool = False) -> Overview:
    """The cross-source overview of ``prepared``; source numbers are 1-based positions in it.

    ``one_event``: the editor says all report one story (no grouping; see ``build_overview``).
    """
    return build_overview(
        [
            OverviewInput(id=number, sentences=p.sentences, summary=p.summary)
            for number, p in enumerate(prepared, start=1)
        ],
        one_event=one_event,
    )


def overview_choice(setting: OverviewChoice, override: OverviewChoice | None) -> OverviewChoice:
    """The call's choice, else the setting's."""
    return setting if override is None else override


def _overview_wanted(choice: OverviewChoice, articles: int) -> bool:
    """Whether to build the overview: on by choice or ``auto``, and only for 2+ articles."""
    return articles >= 2 and bool(choice)


TranslatorSource = Callable[[], tuple[Translator, str | None, str]]
"""Called once, only when some article is usable: ``(translator, model id, backend name)``."""


def run_stages(
    inputs: Sequence[InputItem],
    *,
    settings: Settings,
    summarizer: Summarizer,
    translator: TranslatorSource,
    overview: OverviewChoice | None = None,
    progress: ProgressCallback | None = None,
    glossary: Glossary | None = None,
) -> BriefingResult:
    """Run the stages in order with everything chosen (what ``Briefer.build`` calls).

    ``glossary`` is the one the translator applies: here it decides the spelling of names
    across the briefing and the first page's tally.

    Returns:
        As :func:`~briefing.briefer.build_briefing`.
    """
    prepared, skipped = prepare_articles(
        inputs,
        summarizer=summarizer,
        length=Length.from_settings(settings),
        progress=progress,
        budget=InputBudget.from_settings(settings),
    )

    choice = overview_choice(settings.overview, overview)
    overview_result: Overview | None = None
    extra: list[str] = []
    copies: frozenset[int] = frozenset()
    if _overview_wanted(choice, len(prepared)):
        overview_result = overview_of(prepared, one_event=choice == ONE_EVENT)
        extra = overview_texts(overview_result)
        # A copy or light rewrite of another article is summarized once: its section keeps
        # the title and attribution (the overview says "also published by"), no sentences.
        copies = duplicate_ids(overview_result)

    model_name: str | None = None
    backend_name: str | None = None
    spellings: tuple[Spelling, ...] = ()
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
        if settings.spellings:
            translated, spellings = unify_spellings(translated, glossary)
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
        info=info,
        articles=tuple(translated),
        skipped=tuple(skipped),
        overview=overview_result,
        glossary=glossary_use(translated, glossary) if glossary else None,
        spellings=spellings,
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
