"""A long-lived briefing builder: settings chosen once, the model loaded once.

``build_briefing()`` loads the translation model on every call, which is fine for the
command line and wasteful for editorial tools that build briefings all day: with a model
of opus-mt-tc-big's size the load is most of a one-article build. A :class:`Briefer` keeps
the translator between calls::

    briefer = Briefer(model="models/opus-mt-ar-en")
    first = briefer.build(["a.txt", ArticleText(text=pasted, outlet="Al-Ahram")])
    second = briefer.build([...])  # no model load

Threads: one ``Briefer`` may be shared. The translator is created once under a lock, and
calls into it (``translate_batch``) are serialized, because the backends are not
documented as thread-safe and one model already uses every core it is given; reading,
cleaning, summarizing and the overview run in parallel in each caller's thread.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, overload

from briefing import pipeline
from briefing.config import MODELS_DIR, ONE_EVENT, OverviewChoice, Settings, cache_dir_from_env, load_settings
from briefing.glossary import Glossary, resolve_glossary
from briefing.ingest.textinput import InputItem
from briefing.overview import overview_texts, with_translations
from briefing.result import BriefingResult
from briefing.summarize import Length, Summarizer, get_summarizer
from briefing.translation.glossary import GlossaryTranslator
from briefing.translation.review import ReviewResult
from briefing.translation.review import review as review_translations
from briefing.translation.stage import ProgressCallback, Translator, estimate_tokens, translate_texts
from briefing.types import Overview, Skipped, Summary, Translation

__all__ = ["Briefer"]

log = logging.getLogger(__name__)


class _SerializedTranslator:
    """A translator whose calls hold ``lock``: one batch at a time, from any thread."""

    def __init__(self, inner: Translator, lock: threading.RLock) -> None:
        self.inner = inner
        self.name = inner.name
        self._lock = lock

    def translate_batch(self, texts: Sequence[str]) -> list[Translation]:
        with self._lock:
            return self.inner.translate_batch(texts)

    def count_tokens(self, text: str) -> int:
        with self._lock:
            counter = getattr(self.inner, "count_tokens", None)
            if counter is None:
                return estimate_tokens(text)
            return int(counter(text))

    def __getattr__(self, name: str) -> Any:
        # max_input_tokens, hits/misses of a cache, and whatever a backend adds later.
        return getattr(self.inner, name)


class Briefer:
    """Builds briefings with one translator kept loaded between calls.

    The model is found when first needed and loaded on the first segment to translate
    (or by :meth:`load`); nothing heavy is imported before. Settings that decide the
    model (``model``, ``backend``, ``device``, ``beams``, ``threads``) are fixed for the
    life of the object; the summary length, title, summarizer and overview can change
    per call.

    Args:
        model: Hub id or local Marian (or CTranslate2) folder.
        backend: ``auto``, ``transformers`` or ``ct2``.
        device: ``auto``, ``cpu`` or ``cuda``.
        beams: Beam size (1 = greedy).
        threads: CPU threads for the model.
        compute_type: Number type the model computes in (``auto``: from the device).
        settings: Base settings; default :func:`~briefing.config.load_settings` (packaged
            defaults, ``config``, then ``BRIEFING_*`` environment variables). Explicit
            arguments win over all of them.
        config: A TOML settings file (default: ``BRIEFING_CONFIG``, if set); ignored when
            ``settings`` is given.
        sentences, ratio, words: Default summary length (one of them).
        summarizer: Default summarizer, by name or object.
        title: Default briefing title.
        overview: Default for the cross-source overview (``None``: the settings', on for 2+
            articles; ``"one-event"``: on, every article compared as a report of one event).
        translator: Use this object instead of loading a model (e.g. ``FakeTranslator()``).
        offline: Never download a model (also ``HF_HUB_OFFLINE=1``).
        models_dir: Where local models live.
        cache_dir: Translation cache folder; default ``BRIEFING_CACHE_DIR``, else the
            user cache folder.
        use_cache: Read and write the persistent translation cache.
        glossary: The desk's glossary: a CSV, TSV or TOML file (default: the settings'
            ``glossary.file``, ``BRIEFING_GLOSSARY``), or a
            :class:`~briefing.glossary.Glossary` used exactly as given.
        default_glossary: Include the starter list (countries and cities from CLDR) under a
            glossary file; default: the settings' ``glossary.defaults`` (true).

    Raises:
        ConfigError: An invalid setting, or an unknown summarizer.
        GlossaryError: The glossary file is missing or invalid.
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        backend: str | None = None,
        device: str | None = None,
        beams: int | None = None,
        threads: int | None = None,
        compute_type: str | None = None,
        settings: Settings | None = None,
        config: str | os.PathLike[str] | None = None,
        sentences: int | None = None,
        ratio: float | None = None,
        words: int | None = None,
        summarizer: str | Summarizer | None = None,
        title: str | None = None,
        overview: OverviewChoice | None = None,
        translator: Translator | None = None,
        offline: bool = False,
        models_dir: str | os.PathLike[str] = MODELS_DIR,
        cache_dir: str | os.PathLike[str] | None = None,
        use_cache: bool = True,
        glossary: str | os.PathLike[str] | Glossary | None = None,
        default_glossary: bool | None = None,
    ) -> None:
        base = settings if settings is not None else load_settings(config)
        self.settings: Settings = base.with_overrides(
            model=model,
            backend=backend,
            device=device,
            beams=beams,
            threads=threads,
            compute_type=compute_type,
            sentences=sentences,
            ratio=ratio,
            words=words,
            title=title,
            summarizer=summarizer if isinstance(summarizer, str) else None,
            glossary=None if glossary is None or isinstance(glossary, Glossary) else str(glossary),
            default_glossary=default_glossary,
        )
        self.glossary: Glossary | None = (
            glossary
            if isinstance(glossary, Glossary)
            else resolve_glossary(self.settings.glossary, defaults=self.settings.default_glossary)
        )
        self._summarizer = get_summarizer(summarizer if summarizer is not None else self.settings.summarizer)
        self.overview_default = overview
        self.offline = offline
        self.models_dir = Path(models_dir)
        self.cache_dir = cache_dir_from_env(cache_dir)
        self.use_cache = use_cache
        self._given = translator
        self._translator: _SerializedTranslator | None = None
        self._model_id: str | None = None
        self._backend: str | None = None
        self._create_lock = threading.Lock()
        self._call_lock = threading.RLock()

    # -------------------------------------------------------------------- translator

    def _source(self) -> tuple[Translator, str | None, str]:
        """The shared translator, created on first call: ``(translator, model id, backend)``."""
        with self._create_lock:
            if self._translator is None:
                if self._given is not None:
                    inner: Translator = self._given
                    self._backend = getattr(inner, "name", type(inner).__name__)
                else:
                    # Looked up on the module at each call: tests stand a fake in for it there.
                    inner, self._model_id, self._backend = pipeline.make_translator(
                        self.settings,
                        offline=self.offline,
                        models_dir=self.models_dir,
                        cache_dir=self.cache_dir,
                        use_cache=self.use_cache,
                    )
                if self.glossary:
                    inner = GlossaryTranslator(
                        inner, self.glossary, hypotheses=self.settings.glossary_hypotheses
                    )
                self._translator = _SerializedTranslator(inner, self._call_lock)
            assert self._backend is not None
            return self._translator, self._model_id, self._backend

    @property
    def translator(self) -> Translator:
        """The translator in use (found and created on first access; the model loads on first use).

        Raises:
            ModelLoadError: The model cannot be found or had.
        """
        return self._source()[0]

    @property
    def loaded(self) -> bool:
        """Whether the translator has been created (a model may still load on first use)."""
        return self._translator is not None

    def describe(self) -> dict[str, Any]:
        """Model, backend and state as JSON-ready data (for health checks and logs)."""
        return {
            "model": self._model_id or (None if self._given is not None else self.settings.model),
            "backend": self._backend or (None if self._given is None else self._given.name),
            "device": self.settings.device,
            "beams": self.settings.beams,
            "loaded": self.loaded,
        }

    def load(self) -> Briefer:
        """Create the translator and load its model now, so that the first build does not wait.

        The model is warmed with one short segment sent straight to the backend (not stored
        in the cache).

        Returns:
            ``self``.

        Raises:
            ModelLoadError: The model cannot be found, had or loaded.
        """
        translator = self._source()[0]
        inner: Any = getattr(translator, "inner", translator)
        # A CachedTranslator wraps the backend: warm the backend itself, bypassing the cache.
        backend = getattr(inner, "inner", inner)
        with self._call_lock:
            backend.translate_batch(["مرحبا"])
        return self

    def close(self) -> None:
        """Close the translation cache's database (reopened if the Briefer is used again)."""
        inner = getattr(self._translator, "inner", None)
        cache = getattr(inner, "cache", None)
        if cache is not None and hasattr(cache, "close"):
            with self._call_lock:
                cache.close()

    def __enter__(self) -> Briefer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------------ stages

    def _call_settings(
        self, sentences: int | None, ratio: float | None, words: int | None, title: str | None = None
    ) -> Settings:
        return self.settings.with_overrides(sentences=sentences, ratio=ratio, words=words, title=title)

    def _pick_summarizer(self, summarizer: str | Summarizer | None) -> Summarizer:
        return self._summarizer if summarizer is None else get_summarizer(summarizer)

    def build(
        self,
        inputs: Sequence[InputItem],
        *,
        sentences: int | None = None,
        ratio: float | None = None,
        words: int | None = None,
        summarizer: str | Summarizer | None = None,
        overview: OverviewChoice | None = None,
        title: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> BriefingResult:
        """Build a briefing: read, clean, summarize, overview, translate.

        Args:
            inputs: Files, folders, manifests and :class:`~briefing.ingest.textinput.ArticleText`
                items, mixed in any order; the briefing keeps that order.
            sentences, ratio, words: Summary length for this call (one of them).
            summarizer: Summarizer for this call, by name or object.
            overview: Force the cross-source overview on or off for this call, or
                ``"one-event"``: on, the articles compared as reports of one event.
            title: Briefing title for this call.
            progress: ``progress(stage, done, total)`` for stages ``read`` and ``translate``.

        Returns:
            The result; unusable inputs are in ``result.skipped`` with the reason. When no
            input is usable no model is loaded and ``result.articles`` is empty.

        Raises:
            ConfigError: An invalid length or summarizer.
            ModelLoadError: The model cannot be had (only when some article is usable).
        """
        return pipeline.run_stages(
            inputs,
            settings=self._call_settings(sentences, ratio, words, title),
            summarizer=self._pick_summarizer(summarizer),
            translator=self._source,
            overview=self.overview_default if overview is None else overview,
            progress=progress,
            glossary=self.glossary,
        )

    def summarize(
        self,
        inputs: Sequence[InputItem],
        *,
        sentences: int | None = None,
        ratio: float | None = None,
        words: int | None = None,
        summarizer: str | Summarizer | None = None,
        progress: ProgressCallback | None = None,
    ) -> tuple[list[Summary], list[Skipped]]:
        """The Arabic extractive summary of every usable input; no model is loaded.

        Returns:
            ``(summaries, skipped)``: one :class:`~briefing.types.Summary` per usable input in
            input order (sentences in document order, with their indices and scores), and
            the inputs that could not be used with the reason.
        """
        settings = self._call_settings(sentences, ratio, words)
        prepared, skipped = pipeline.prepare_articles(
            inputs,
            summarizer=self._pick_summarizer(summarizer),
            length=Length.from_settings(settings),
            progress=progress,
            budget=pipeline.InputBudget.from_settings(settings),
        )
        return [p.summary for p in prepared], skipped

    def overview(
        self,
        inputs: Sequence[InputItem],
        *,
        translate: bool = True,
        sentences: int | None = None,
        ratio: float | None = None,
        words: int | None = None,
        summarizer: str | Summarizer | None = None,
        one_event: bool | None = None,
    ) -> tuple[Overview | None, list[Skipped]]:
        """The cross-source overview of the usable inputs (two or more are needed).

        Args:
            inputs: As for :meth:`build`; source numbers in the overview are 1-based
                positions among the usable inputs.
            translate: Translate its key points and differences (loads the model); with
                ``False`` only the Arabic is filled in.
            sentences, ratio, words, summarizer: The summaries the key points start from.
            one_event: Compare every article as a report of one event, without grouping
                (``None``: as the ``overview`` setting or the object's default says).

        Returns:
            ``(overview, skipped)``; ``overview`` is None with fewer than two usable inputs.
        """
        settings = self._call_settings(sentences, ratio, words)
        prepared, skipped = pipeline.prepare_articles(
            inputs,
            summarizer=self._pick_summarizer(summarizer),
            length=Length.from_settings(settings),
            budget=pipeline.InputBudget.from_settings(settings),
        )
        if len(prepared) < 2:
            return None, skipped
        if one_event is None:
            choice = pipeline.overview_choice(settings.overview, self.overview_default)
            one_event = choice == ONE_EVENT
        result = pipeline.overview_of(prepared, one_event=one_event)
        if translate:
            texts = overview_texts(result)
            table = translate_texts(
                texts,
                self.translator,
                max_input_tokens=settings.max_input_tokens,
                batch_size=settings.batch_size,
                review=settings.review,
            )
            result = with_translations(result, {k: v.text for k, v in table.items()})
        return result, skipped

    @overload
    def translate(self, texts: str) -> Translation: ...  # type: ignore[overload-overlap]
    @overload
    def translate(self, texts: Sequence[str]) -> list[Translation]: ...

    def translate(self, texts: str | Sequence[str]) -> Translation | list[Translation]:
        """Translate Arabic text: one string, or a sequence of strings (same order).

        Long texts are split at sentence and clause boundaries to fit the model and joined
        again, never truncated; repeated texts are translated once; the cache is used.

        Returns:
            One :class:`~briefing.types.Translation` for a string, else a list.

        Raises:
            ModelLoadError: The model cannot be had.
        """
        many = [texts] if isinstance(texts, str) else list(texts)
        table = translate_texts(
            many,
            self.translator,
            max_input_tokens=self.settings.max_input_tokens,
            batch_size=self.settings.batch_size,
            review=self.settings.review,
        )
        out = [table.get(text, Translation(text="", confidence=None)) for text in many]
        return out[0] if isinstance(texts, str) else out

    def review(self, pairs: Sequence[tuple[str, str]]) -> ReviewResult:
        """Review translations made elsewhere: the checks ``build`` runs on its own translations.

        No translation model is loaded; the sentence encoder of the meaning checks loads on
        first use (unless the settings turn ``review`` off: then the guards alone).

        Args:
            pairs: ``(arabic, english)`` pairs, in the order to report them.

        Returns:
            One reviewed pair per input pair, in order, with flags, reasons and scores.
        """
        return review_translations(list(pairs), meaning=self.settings.review)

    def __repr__(self) -> str:
        state = self.describe()
        return f"Briefer(model={state['model']!r}, backend={state['backend']!r}, loaded={state['loaded']})"


def build_briefing(
    inputs: Sequence[InputItem],
    *,
    sentences: int | None = None,
    ratio: float | None = None,
    words: int | None = None,
    summarizer: str | Summarizer | None = None,
    translator: Translator | None = None,
    settings: Settings | None = None,
    model: str | None = None,
    backend: str | None = None,
    device: str | None = None,
    beams: int | None = None,
    threads: int | None = None,
    compute_type: str | None = None,
    offline: bool = False,
    models_dir: str | os.PathLike[str] = MODELS_DIR,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    overview: OverviewChoice | None = None,
    title: str | None = None,
    progress: ProgressCallback | None = None,
) -> BriefingResult:
    """Build a briefing from Arabic articles (one shot: the model is loaded for this call).

    A :class:`Briefer` made for one call: the translation arguments (``settings``, ``model``,
    ``backend``, ``device``, ``beams``, ``threads``, ``compute_type``, ``summarizer``,
    ``translator``, ``offline``, ``models_dir``, ``cache_dir``, ``use_cache``) are those of
    :class:`Briefer`, the others those of :meth:`Briefer.build`. To build several briefings
    with one loaded model, keep a ``Briefer``.

    Returns:
        The result; articles that could not be used are in ``result.skipped``. When no
        article is usable, ``result.articles`` is empty and no model is loaded.

    Raises:
        ConfigError: Invalid settings.
        ModelLoadError: No translator was given and the model cannot be had.
    """
    briefer = Briefer(
        settings=settings,
        model=model,
        backend=backend,
        device=device,
        beams=beams,
        threads=threads,
        compute_type=compute_type,
        summarizer=summarizer,
        translator=translator,
        offline=offline,
        models_dir=models_dir,
        cache_dir=cache_dir,
        use_cache=use_cache,
    )
    return briefer.build(
        inputs,
        sentences=sentences,
        ratio=ratio,
        words=words,
        overview=overview,
        title=title,
        progress=progress,
    )
