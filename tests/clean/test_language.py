"""Language check: Arabic passes (with Latin names inside), English and Persian are skipped."""

from __future__ import annotations

import pytest

from briefing.clean.cleaner import clean
from briefing.clean.language import arabic_ratio, detect_language, ensure_arabic
from briefing.errors import LanguageError
from briefing.ingest.read import ingest
from tests import paths
from tests.builders import make_article
from tests.paths import SAMPLES

DATA = paths.DATA / "ingest"
ARABIC = (
    "ارتفع سعر خام Brent إلى 82 دولاراً للبرميل، بينما تراجع مؤشر S&P 500 بنسبة 0.4 في المئة.",
    "وقال محللون في Goldman Sachs إن الطلب الصيني على النفط سيتعافى في الربع الثالث من العام.",
    "وأضافت وكالة Reuters أن منظمة OPEC+ ستجتمع الأسبوع المقبل لمراجعة سقف الإنتاج.",
)


def test_arabic_with_latin_names_and_tickers_passes() -> None:
    ensure_arabic(make_article(*ARABIC))


def test_sample_inputs_are_arabic() -> None:
    for path in sorted((SAMPLES).glob("0*")):
        ensure_arabic(clean(ingest(path)))


def test_english_article_is_refused_with_its_language() -> None:
    with pytest.raises(LanguageError, match=r"english\.txt: the text is mainly English \(en\), not Arabic"):
        ensure_arabic(clean(ingest(DATA / "english.txt")))


def test_persian_in_arabic_script_is_refused() -> None:
    persian = (
        "بانک مرکزی ایران روز پنجشنبه اعلام کرد که نرخ بهره را بدون تغییر نگه می‌دارد.",
        "رئیس کل بانک گفت که تورم در ماه گذشته کاهش یافته است اما هنوز بالاتر از هدف است.",
        "کارشناسان اقتصادی انتظار دارند که این سیاست تا پایان سال ادامه پیدا کند.",
    )
    with pytest.raises(
        LanguageError, match=r"reads as Persian \(fa\) \(language identification \d+% sure\), not Arabic"
    ):
        ensure_arabic(make_article(*persian))


def test_text_without_letters_is_refused() -> None:
    with pytest.raises(LanguageError, match="no letters"):
        ensure_arabic(make_article("2025 - 2026", "12 / 14"))


def test_mostly_latin_with_some_arabic_is_refused() -> None:
    with pytest.raises(LanguageError, match="Arabic letters are"):
        ensure_arabic(make_article("The minister said: " + "القمة", "Talks will resume next week in Geneva."))


def test_short_arabic_is_accepted_without_the_model() -> None:
    ensure_arabic(make_article("انفجار في الميناء."))


def test_helpers() -> None:
    assert arabic_ratio("abc") == 0.0
    assert arabic_ratio("") == 0.0
    assert arabic_ratio("قمة abc") == pytest.approx(0.5)
    code, probability = detect_language(" ".join(ARABIC))
    assert code == "ar" and 0.5 < probability <= 1.0


def test_plain_arabic_does_not_load_the_language_model(monkeypatch):
    import briefing.clean.language as language

    def refuse(text):
        raise AssertionError("the model must not be needed for plain Arabic")

    monkeypatch.setattr(language, "detect_language", refuse)
    text = (
        "قال المتحدث باسم الكرملين إن القمة بين الرئيسين ستعقد في مدينة أنكوريدج، وإن التحضيرات "
        "جارية منذ أسابيع، وأضاف أن المستشار غولدمان (Goldman) سيحضر الاجتماع مع الوفد. " * 3
    )
    from tests.builders import make_article

    language.ensure_arabic(make_article(text))
