"""Briefer (model kept between calls, shared by threads), ArticleText input, BRIEFING_* settings."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import briefing.pipeline
from briefing import ArticleText, Briefer, build_briefing
from briefing.config import load_settings
from briefing.errors import ConfigError
from briefing.translation.stage import FakeTranslator
from briefing.types import Translation
from tests.markers import requires_torch

# Text written for these tests (a made-up event); two related articles and one unrelated.
PORT = (
    "افتتاح ميناء جديد في مدينة الساحل\n"
    "افتتحت الحكومة يوم الأحد ميناء جديدا في مدينة الساحل بتكلفة بلغت ثلاثمئة مليون دولار.\n"
    "وقال وزير النقل إن الميناء سيستقبل أكثر من مئة سفينة في الشهر خلال العام الأول.\n"
    "وأضاف الوزير أن المشروع وفر نحو ألفي وظيفة لسكان المدينة والقرى المجاورة.\n"
    "ويتوقع خبراء أن يخفض الميناء تكاليف نقل البضائع إلى المناطق الداخلية بشكل كبير.\n"
    "وحضر حفل الافتتاح عدد من السفراء وممثلي شركات الشحن الدولية.\n"
)
PORT_2 = (
    "ميناء الساحل الجديد يبدأ العمل\n"
    "بدأ ميناء مدينة الساحل الجديد العمل رسميا يوم الأحد بعد افتتاحه من قبل الحكومة.\n"
    "وبلغت تكلفة المشروع ثلاثمئة مليون دولار بحسب وزارة النقل.\n"
    "وأكد وزير النقل أن الميناء سيستقبل مئة سفينة شهريا في عامه الأول.\n"
    "وقالت غرفة التجارة إن الميناء سيساعد المصدرين في المنطقة على الوصول إلى أسواق جديدة.\n"
)
RAIN = (
    "أمطار غزيرة في العاصمة\n"
    "هطلت أمطار غزيرة على العاصمة مساء الاثنين وتسببت في إغلاق عدد من الطرق الرئيسية.\n"
    "وقالت هيئة الأرصاد إن الأمطار ستستمر حتى نهاية الأسبوع مع انخفاض في درجات الحرارة.\n"
    "ودعت السلطات السائقين إلى توخي الحذر وتجنب المناطق المنخفضة.\n"
)
ENGLISH = "The port opened on Sunday. It cost three hundred million dollars. Ships will come."


class CountingFactory:
    """Stands in for make_translator: counts how often a translator is made."""

    def __init__(self) -> None:
        self.calls = 0
        self.translator = FakeTranslator()

    def __call__(self, settings, **kwargs):
        self.calls += 1
        self.kwargs = kwargs
        return self.translator, "test/model", "fake-backend"


@pytest.fixture
def factory(monkeypatch: pytest.MonkeyPatch) -> CountingFactory:
    made = CountingFactory()
    monkeypatch.setattr(briefing.pipeline, "make_translator", made)
    return made


# -------------------------------------------------------------------------- text in


def test_text_goes_through_the_same_stages_as_a_file(tmp_path: Path) -> None:
    file = tmp_path / "port.txt"
    file.write_text(PORT, encoding="utf-8")
    from_file = build_briefing([file], translator=FakeTranslator(), sentences=3)
    from_text = build_briefing([ArticleText(text=PORT)], translator=FakeTranslator(), sentences=3)
    a, b = from_file.articles[0], from_text.articles[0]
    assert [s.arabic for s in a.sentences] == [s.arabic for s in b.sentences]
    assert [s.index for s in a.sentences] == [s.index for s in b.sentences]
    assert a.summary.article.title == b.summary.article.title == "افتتاح ميناء جديد في مدينة الساحل"
    assert b.source.path == "text-1" and b.source.format == "text"


def test_text_metadata_wins_and_is_normalised() -> None:
    item = ArticleText(
        text=PORT,
        title="عنوان من المحرر",
        outlet="صحيفة الساحل",
        author="سارة",
        published="16/08/2025",
        url="https://example.org/port",
        id="cms-4711",
    )
    result = build_briefing([item], translator=FakeTranslator())
    source = result.articles[0].source
    assert source.path == "cms-4711"
    assert (source.title, source.outlet, source.author) == ("عنوان من المحرر", "صحيفة الساحل", "سارة")
    assert source.published == "2025-08-16"
    assert source.url == "https://example.org/port"
    assert ("outlet", "caller") in source.provenance
    assert result.to_dict()["articles"][0]["source"] == "cms-4711"


def test_mixed_paths_and_texts_keep_their_order(tmp_path: Path) -> None:
    file = tmp_path / "rain.txt"
    file.write_text(RAIN, encoding="utf-8")
    result = build_briefing(
        [ArticleText(text=PORT), file, ArticleText(text=PORT_2, id="second-port")],
        translator=FakeTranslator(),
        overview=False,
    )
    assert [a.source.path for a in result.articles] == ["text-1", str(file), "second-port"]
    assert [a.id for a in result.articles] == [1, 2, 3]


def test_a_bad_text_is_skipped_alone_with_a_clear_reason() -> None:
    result = build_briefing(
        [ArticleText(text="   \n "), ArticleText(text=ENGLISH, id="wire-en"), ArticleText(text=PORT)],
        translator=FakeTranslator(),
    )
    assert [a.source.path for a in result.articles] == ["text-3"]
    reasons = {s.source: s.reason for s in result.skipped}
    assert set(reasons) == {"text-1", "wire-en"}
    assert "empty" in reasons["text-1"]
    assert "Arabic" in reasons["wire-en"] or "English" in reasons["wire-en"]


def test_text_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="must be a str"):
        ArticleText(text=b"\xd8\xa7")  # type: ignore[arg-type]


def test_oversized_text_is_refused_with_the_limit() -> None:
    from briefing.errors import InputTooLargeError
    from briefing.ingest.readers import Limits
    from briefing.ingest.textinput import read_text_article

    with pytest.raises(InputTooLargeError, match=r"cms-1: .* over the .* limit"):
        read_text_article(ArticleText(text=PORT * 10, id="cms-1"), limits=Limits(text_bytes=1000))


# ---------------------------------------------------------------------------- Briefer


def test_the_translator_is_made_once_and_only_when_needed(factory: CountingFactory) -> None:
    briefer = Briefer()
    assert not briefer.loaded
    empty = briefer.build([ArticleText(text=ENGLISH)])
    assert empty.articles == () and factory.calls == 0  # nothing usable: no model
    first = briefer.build([ArticleText(text=PORT)])
    second = briefer.build([ArticleText(text=RAIN)], sentences=1, title="Weather")
    assert factory.calls == 1
    assert first.info.model == "test/model" and first.info.backend == "fake-backend"
    assert len(second.articles[0].sentences) == 1 and second.info.title == "Weather"
    assert len(factory.translator.calls) == 2
    assert briefer.describe()["loaded"] is True


def test_briefer_summarize_overview_and_translate(factory: CountingFactory) -> None:
    briefer = Briefer(sentences=2)
    summaries, skipped = briefer.summarize([ArticleText(text=PORT), ArticleText(text=ENGLISH)])
    assert len(summaries) == 1 and len(summaries[0].sentences) == 2 and len(skipped) == 1
    assert factory.calls == 0  # summarizing loads no model

    arabic_only, _ = briefer.overview([ArticleText(text=PORT), ArticleText(text=PORT_2)], translate=False)
    assert arabic_only is not None and factory.calls == 0
    overview, _ = briefer.overview([ArticleText(text=PORT), ArticleText(text=PORT_2)])
    assert overview is not None and factory.calls == 1
    alone, _ = briefer.overview([ArticleText(text=PORT)])
    assert alone is None

    one = briefer.translate("مرحبا بكم")
    assert one == Translation(text="[en] مرحبا بكم", confidence=-0.1)
    many = briefer.translate(["واحد", "اثنان", "واحد"])
    assert [t.text for t in many] == ["[en] واحد", "[en] اثنان", "[en] واحد"]


def test_one_event_is_the_editors_word_in_build_and_overview() -> None:
    items = [ArticleText(text=PORT), ArticleText(text=RAIN)]
    briefer = Briefer(translator=FakeTranslator())
    apart = briefer.build(items)
    assert apart.overview is not None and [g.articles for g in apart.overview.groups] == [(1,), (2,)]
    together = briefer.build(items, overview="one-event")
    assert together.overview is not None and [g.articles for g in together.overview.groups] == [(1, 2)]
    overview, _ = Briefer(translator=FakeTranslator(), overview="one-event").overview(items, translate=False)
    assert overview is not None and [g.articles for g in overview.groups] == [(1, 2)]
    overview, _ = briefer.overview(items, translate=False, one_event=True)
    assert overview is not None and len(overview.groups) == 1


class NotReentrant:
    """A translator that fails if two threads are inside it at once (like a model that is not thread-safe)."""

    name = "not-reentrant"

    def __init__(self) -> None:
        self.inside = 0
        self.batches = 0
        self._guard = threading.Lock()

    def translate_batch(self, texts):
        with self._guard:
            self.inside += 1
            assert self.inside == 1, "two threads inside translate_batch"
        time.sleep(0.01)
        with self._guard:
            self.inside -= 1
            self.batches += 1
        return [Translation(text=f"[en] {t}") for t in texts]


def test_one_briefer_shared_by_threads_serializes_the_model() -> None:
    translator = NotReentrant()
    briefer = Briefer(translator=translator)
    texts = [PORT, PORT_2, RAIN] * 3
    results: list = [None] * len(texts)
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            results[i] = briefer.build([ArticleText(text=texts[i], id=f"t{i}")], sentences=2)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert [r.articles[0].source.path for r in results] == [f"t{i}" for i in range(len(texts))]
    assert all(s.english.startswith("[en] ") for r in results for s in r.articles[0].sentences)
    assert translator.batches == len(texts)


def test_per_call_length_does_not_change_the_briefer(factory: CountingFactory) -> None:
    briefer = Briefer(sentences=2)
    assert len(briefer.build([ArticleText(text=PORT)], sentences=4).articles[0].sentences) == 4
    assert len(briefer.build([ArticleText(text=PORT)]).articles[0].sentences) == 2
    with pytest.raises(ConfigError, match="only one of"):
        briefer.build([ArticleText(text=PORT)], sentences=2, words=30)


# --------------------------------------------------------------- environment variables


def test_environment_sits_between_the_config_file_and_explicit_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text("[translation]\nbeams = 5\ndevice = 'cpu'\n", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_BEAMS", "2")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    settings = load_settings()
    assert (settings.beams, settings.device) == (2, "cpu")  # env over file; file over defaults
    assert Briefer(beams=3, translator=FakeTranslator()).settings.beams == 3  # explicit wins
    assert load_settings(environ={}).beams == 4  # defaults alone
    monkeypatch.setenv("BRIEFING_BEAMS", "many")
    with pytest.raises(ConfigError, match="BRIEFING_BEAMS must be a whole number"):
        Briefer()
    monkeypatch.setenv("BRIEFING_BEAMS", "2")
    monkeypatch.setenv("BRIEFING_DEVICE", "tpu")
    with pytest.raises(ConfigError, match=r"BRIEFING_DEVICE.*unknown device 'tpu'"):
        Briefer()


def test_cache_dir_comes_from_the_environment(
    factory: CountingFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "env-cache"))
    build_briefing([ArticleText(text=PORT)])
    assert factory.kwargs["cache_dir"] == str(tmp_path / "env-cache")
    build_briefing([ArticleText(text=PORT)], cache_dir=tmp_path / "explicit")
    assert factory.kwargs["cache_dir"] == tmp_path / "explicit"


# ------------------------------------------------------------------ tiny real model


@requires_torch
@pytest.mark.model
def test_reused_briefer_with_a_real_model_and_cache_across_threads(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    briefer = Briefer(model=str(tiny_model_dir), backend="transformers", offline=True, beams=1)
    first = briefer.build([ArticleText(text=PORT)], sentences=2)
    backend = briefer.translator.inner.inner  # the loaded MarianTranslator behind the cache
    assert (tmp_path / "cache" / "translations.sqlite3").is_file()

    results: dict[str, object] = {}

    def work(name: str, text: str) -> None:
        results[name] = briefer.build([ArticleText(text=text)], sentences=2)

    threads = [threading.Thread(target=work, args=(n, t)) for n, t in (("a", PORT_2), ("b", RAIN))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert set(results) == {"a", "b"}
    assert briefer.translator.inner.inner is backend  # loaded once, reused
    cached = briefer.translator.inner
    hits_before = cached.hits
    again = briefer.build([ArticleText(text=PORT)], sentences=2)
    assert cached.hits > hits_before  # the other threads' writes did not break the cache
    english = [s.english for s in first.articles[0].sentences]
    assert [s.english for s in again.articles[0].sentences] == english
    assert len(briefer.load().translate(["مرحبا", "شكرا"])) == 2
    briefer.close()


def test_review_checks_pairs_without_loading_a_model(factory: CountingFactory) -> None:
    arabic = "ارتفعت أسعار النفط بنسبة 3 في المئة يوم الاثنين بعد أن أعلنت منظمة أوبك خفض الإنتاج."
    english = "Oil prices rose 3 percent on Monday after OPEC announced a cut in production."
    briefer = Briefer()
    result = briefer.review([(arabic, english), (arabic, english.replace("3", "5"))])
    assert factory.calls == 0 and not briefer.loaded
    assert [(s.index, s.flags) for s in result.sentences] == [(0, ()), (1, ("numbers",))]
    assert result.sentences[1].reasons == (("numbers", "the Arabic states 3; the English does not"),)
    with pytest.raises(AttributeError):
        result.sentences[0].flags = ("x",)  # type: ignore[misc]
    guards_only = Briefer(settings=load_settings(environ={}, review=False)).review(
        [(arabic, "Oil prices fell.")]
    )
    assert guards_only.sentences[0].scores == ()
