"""Translation guards on text written for these tests: numbers, repetition, length, model input."""

from __future__ import annotations

import pytest

from briefing.translation.guards import (
    check_translation,
    implausible_length,
    is_repetitive,
    model_input,
    order_flags,
)
from briefing.translation.numbers import arabic_numbers, english_numbers, missing_numbers
from briefing.types import FLAG_LEGEND


def values(mentions):
    return [sorted(m.values) for m in mentions]


@pytest.mark.parametrize(
    ("arabic", "expected"),
    [
        ("ارتفع العدد إلى 27 شخصا", [[27.0]]),
        ("ارتفع العدد إلى ٢٧ شخصا", [[27.0]]),
        ("ارتفع العدد إلى ۲۷ شخصا", [[27.0]]),
        ("بلغت النسبة ٣٫٥ في المئة", [[3.5]]),
        ("وصل المبلغ إلى ١٬٢٥٠٬٠٠٠ دولار", [[1250000.0]]),
        ("بلغ 3,500 جندي", [[3.5, 3500.0]]),
        ("نسبة 3,5 بالمئة", [[3.5]]),
        ("نزح ثلاثة ملايين شخص", [[3e6]]),
        ("نزح 3 ملايين شخص", [[3e6]]),
        ("خصصت ٢٫٥ مليار دولار", [[2.5e9]]),
        ("شارك خمسة وعشرون وفدا", [[25.0]]),
        ("وصل ثلاثة عشر لاعبا", [[13.0]]),
        ("وصل أحد عشر لاعبا", [[11.0]]),
        ("حضر مئتان وخمسون ألفا", [[250000.0]]),
        ("بنيت ثلاثمائة وحدة", [[300.0]]),
        ("حضر ألف شخص", [[1000.0]]),
        ("قتل عشرة آلاف", [[10000.0]]),
        ("التقى وزراء الدول الثلاث", [[3.0]]),
    ],
)
def test_arabic_numbers_in_digits_and_words(arabic, expected):
    assert values(arabic_numbers(arabic)) == expected


@pytest.mark.parametrize(
    "arabic",
    [
        "خرج آلاف المتظاهرين إلى الشوارع",  # "thousands of": no number
        "ارتفعت الأسعار في المئة يوم الاثنين",  # per cent and Monday are words, not numbers
        "قال إنه لست متأكدا من ذلك",  # لست is no ست (six)
        "قال أحد المسؤولين إن الاجتماع انتهى",  # "one of": English says "an official"
    ],
)
def test_arabic_words_that_are_not_numbers(arabic):
    assert arabic_numbers(arabic) == []


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        ("3 million people", [[3e6]]),
        ("3,000,000 people", [[3e6]]),
        ("three million people", [[3e6]]),
        ("a million people", [[1e6]]),
        ("twenty-five delegations", [[25.0]]),
        ("three hundred and fifty homes", [[350.0]]),
        ("one thousand two hundred", [[1200.0]]),
        ("$2.5bn in aid", [[2.5, 2.5e9]]),
        ("on the 15th", [[15.0]]),
        ("the fifth round", [[5.0]]),
    ],
)
def test_english_numbers_in_digits_and_words(english, expected):
    assert values(english_numbers(english)) == expected


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("نزح ثلاثة ملايين شخص", "Three million people were displaced."),
        ("نزح ثلاثة ملايين شخص", "3 million people were displaced."),
        ("نزح ثلاثة ملايين شخص", "3,000,000 people were displaced."),
        ("نزح ٣ ملايين شخص", "three million people were displaced."),
        ("بلغت النسبة ٣٫٥ في المئة", "The rate reached 3.5 percent."),
        ("بلغ 3,500 جندي", "3.5 thousand soldiers"),
        ("وقع الحادث في ١٥/٨/٢٠٢٥", "The accident happened on August 15, 2025."),
        ("شارك خمسة وعشرون وفدا", "25 delegations took part."),
    ],
)
def test_numbers_kept_in_any_english_form(arabic, english):
    assert missing_numbers(arabic, english) == []


@pytest.mark.parametrize(
    ("arabic", "english", "missing"),
    [
        ("نزح ثلاثة ملايين شخص", "Three thousand people were displaced.", ["ثلاثة ملايين"]),
        ("ارتفع العدد إلى ٢٧ شخصا", "The number rose to 72 people.", ["٢٧"]),
        ("ارتفع العدد إلى ٢٧ شخصا في ٢٠٢٥", "The number rose.", ["٢٧", "٢٠٢٥"]),
        ("بلغت النسبة ٣٫٥ في المئة", "The rate reached 35 percent.", ["٣٫٥"]),
    ],
)
def test_dropped_or_altered_numbers_are_reported(arabic, english, missing):
    assert missing_numbers(arabic, english) == missing


def test_repetition_loops_are_caught_and_lists_are_not():
    assert is_repetitive("The talks the talks the talks went on.")
    assert is_repetitive("He said that the army will stay and the army will stay and the army will stay.")
    assert is_repetitive("in the city of peace " * 3)
    assert not is_repetitive(
        "The minister of defence, the minister of health and the minister of energy met."
    )
    assert not is_repetitive("Very, very good news for the region.")


def test_length_ratio():
    arabic = "قال الوزير إن المحادثات ستستمر يوم الأحد في العاصمة"
    assert not implausible_length(
        arabic, "The minister said the talks would continue on Sunday in the capital."
    )
    assert implausible_length(arabic, "Yes.")
    assert implausible_length(arabic, " ".join(["word"] * 60))
    assert not implausible_length("عاجل", "Breaking news from the capital this morning")  # too short to judge


def test_model_input_removes_format_characters_and_keeps_the_words():
    dirty = "\ufeffقال\u200c الوزير\u061c إن\u200f المحادثات\u00ad\t ستستمر\u200b.\u202a\u2066"
    assert model_input(dirty) == "قال الوزير إن المحادثات ستستمر."
    assert model_input("plain text") == "plain text"
    assert model_input("سطر\nسطر") == "سطر سطر"


def test_check_translation_orders_flags_like_the_legend():
    flags = check_translation("نزح ثلاثة ملايين شخص من المدينة", "the the the the", ("cap",))
    assert flags == ("numbers", "repetition", "cap")
    assert set(flags) <= set(FLAG_LEGEND)
    assert check_translation("نزح ثلاثة ملايين شخص", "Three million people were displaced.") == ()
    assert order_flags(["cap", "numbers", "cap", "custom"]) == ("numbers", "cap", "custom")


def test_arabic_left_untranslated_keeps_its_numbers():
    assert missing_numbers("استمرت المحادثات ثلاث ساعات", "[en] استمرت المحادثات ثلاث ساعات") == []
    assert missing_numbers("استمرت المحادثات ثلاث ساعات", "[en] استمرت المحادثات ساعات") == ["ثلاث"]


def test_an_english_number_the_arabic_does_not_state_is_flagged():
    from briefing.translation.numbers import extra_numbers

    arabic = "بلغ عدد الزوار 7,000 زائر في اليوم الأول و7 آلاف في اليوم الثاني."
    assert extra_numbers(arabic, "Visitors numbered 7,000 on the first day and 7,000 on the second.") == []
    changed = "Visitors numbered 7,500 on the first day and 7,000 on the second."
    assert extra_numbers(arabic, changed) == ["7,500"]
    assert check_translation(arabic, changed) == ("numbers",)
    # An Arabic that writes no digit is not judged this way: its numbers may be words not read.
    assert extra_numbers("ازدهرت الموسيقى في الستينيات.", "Music flourished in the 1960s.") == []


def test_decades_written_as_words_are_numbers():
    arabic = "ازدهرت الموسيقى الشعبية في الستينيات والسبعينات."
    assert [m.text for m in arabic_numbers(arabic)] == ["الستينيات", "والسبعينات"]
    assert missing_numbers(arabic, "Folk music flourished in the 1960s and 1970s.") == []
    assert missing_numbers(arabic, "Folk music flourished in the sixties and the '70s.") == []
    assert missing_numbers(arabic, "Folk music flourished in the 1960s and 1950s.") == ["والسبعينات"]
