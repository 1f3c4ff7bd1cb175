"""Agreement is a decision: contradicting statements never merge into a corroborated point.

Sentences here are written for the tests (no corpus text).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli.main import main
from briefing.overview import build_overview
from briefing.overview.stance import analyse, decide
from briefing.overview.text import without_dateline
from briefing.text.arabic import stem, tokenize
from tests.overview.test_overview import article

# Pairs of statements about one event that contradict each other: antonym, negation,
# number, place.
CONTRADICTIONS = [
    (
        "تستمر الاحتجاجات في العاصمة رغم استقالة الحكومة مساء الأحد",
        "تتوقف الاحتجاجات في العاصمة بعد استقالة الحكومة مساء الأحد",
    ),
    (
        "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج",
        "انخفضت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج",
    ),
    (
        "وافق البرلمان على قانون الموازنة الجديد في جلسة الثلاثاء",
        "لم يوافق البرلمان على قانون الموازنة الجديد في جلسة الثلاثاء",
    ),
    (
        "أسفر انفجار المصنع عن مقتل 12 عاملا في المنطقة الصناعية",
        "أسفر انفجار المصنع عن مقتل 25 عاملا في المنطقة الصناعية",
    ),
    (
        "عقد وزراء الخارجية اجتماعهم الطارئ في القاهرة لبحث الأزمة",
        "عقد وزراء الخارجية اجتماعهم الطارئ في الرياض لبحث الأزمة",
    ),
]


@pytest.mark.parametrize(("first", "second"), CONTRADICTIONS)
def test_contradicting_statements_are_never_a_corroborated_point(first: str, second: str) -> None:
    overview = build_overview([article(1, "# خبر", first), article(2, "# خبر", second)])
    (group,) = overview.groups
    assert all(len(point.sources) < 2 for point in group.key_points)
    # A rewrite that changes the fact is no mere copy: the dispute is shown.
    assert group.duplicates == ()
    (difference,) = group.differences
    assert [v.sources for v in difference.versions] == [(1,), (2,)]


@pytest.mark.parametrize(("first", "second"), CONTRADICTIONS)
def test_stance_calls_them_contradictions_with_a_kind(first: str, second: str) -> None:
    stance = decide(first, second)
    assert stance.label == "contradict"
    assert stance.kind in {"antonym", "negation", "number", "place"}


def test_antonym_difference_shows_both_versions_with_their_values() -> None:
    first, second = CONTRADICTIONS[0]
    (group,) = build_overview([article(1, "# خبر", first), article(2, "# خبر", second)]).groups
    (difference,) = group.differences
    assert difference.kind == "antonym"
    assert [v.sources for v in difference.versions] == [(1,), (2,)]
    assert [v.values for v in difference.versions] == [("تستمر",), ("تتوقف",)]
    assert [c.article for v in difference.versions for c in v.citations] == [1, 2]


def test_disputed_values_are_shown_as_the_sources_write_them() -> None:
    first, second = CONTRADICTIONS[4]
    (group,) = build_overview([article(1, "# خبر", first), article(2, "# خبر", second)]).groups
    (difference,) = group.differences
    assert difference.kind == "place"
    assert [v.values for v in difference.versions] == [("القاهرة",), ("الرياض",)]


def test_agreeing_statements_merge_with_citations() -> None:
    first = "ضرب زلزال بقوة 6.2 درجات ولاية ملاطية شرق تركيا فجر الاثنين وأدى إلى انهيار عشرات المباني"
    second = "انهارت عشرات المباني في ولاية ملاطية شرق تركيا إثر زلزال بقوة 6.2 درجات ضربها فجر الاثنين"
    (group,) = build_overview([article(1, "# زلزال", first), article(2, "# زلزال", second)]).groups
    (point,) = [p for p in group.key_points if len(p.sources) == 2]
    assert [(c.article, c.index) for c in point.citations] == [(1, 1), (2, 1)]


def test_numbers_keep_decimals_and_arabic_digits() -> None:
    tokens = tokenize("بقوة ٦٫٨ درجات و6.8 و1,500", numbers=True)
    assert tokens == ["بقوه", "6.8", "درجات", "و", "6.8", "و", "1500"]
    assert stem("الساعه") == stem("ساعات") == stem("ساعتين")


def test_vague_against_precise_is_not_a_contradiction() -> None:
    stance = decide("استمر الاجتماع ثلاث ساعات في القاهرة", "استمر الاجتماع ساعات طويلة في القاهرة")
    assert stance.kind != "number"


def test_overview_command_prints_json_with_articles_and_overview(tmp_path, capsys) -> None:
    for number, text in enumerate(CONTRADICTIONS[0], start=1):
        (tmp_path / f"{number}.txt").write_text(f"خبر عاجل عن الاحتجاجات\n\n{text}.\n", encoding="utf-8")
    assert main(["overview", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["id"] for a in data["articles"]] == [1, 2]
    assert {"source", "metadata"} <= set(data["articles"][0])
    assert "groups" in data["overview"]


def test_overview_command_text_names_each_source(tmp_path, capsys) -> None:
    for number, text in enumerate(CONTRADICTIONS[1], start=1):
        (tmp_path / f"{number}.txt").write_text(f"أسعار النفط اليوم\n\n{text}.\n", encoding="utf-8")
    assert main(["overview", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[1]" in out and "[2]" in out and "Event 1" in out


_TEMPLATES = (
    "أسفر الانفجار في المصنع عن مقتل {n} عاملا وإصابة العشرات في المنطقة الصناعية شمال المدينة",
    "قالت وزارة الصحة إن {n} شخصا لقوا حتفهم في حادث انهيار المبنى السكني وسط العاصمة",
    "ارتفع عدد المعتقلين في الاحتجاجات إلى {n} شخصا بحسب منظمة حقوقية محلية",
)


@given(
    template=st.sampled_from(_TEMPLATES),
    first=st.integers(min_value=2, max_value=999),
    second=st.integers(min_value=2, max_value=999),
)
@settings(max_examples=40, deadline=None)
def test_two_different_figures_are_never_one_corroborated_point(
    template: str, first: int, second: int
) -> None:
    if first == second:
        return
    a = article(1, "# خبر", template.format(n=first))
    b = article(2, "# خبر", template.format(n=second))
    (group,) = build_overview([a, b]).groups
    assert all(len(point.sources) < 2 for point in group.key_points)
    assert [d.kind for d in group.differences] == ["number"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "دبي، الإمارات العربية المتحدة (CNN) -- أعلن المغرب قطع علاقاته مع إيران",
            "أعلن المغرب قطع علاقاته مع إيران",
        ),
        ("أتلانتا، الولايات المتحدة (CNN)— أفرجت السلطات عن الجندي", "أفرجت السلطات عن الجندي"),
        ("أعلن المغرب – الثلاثاء – قطع علاقاته مع إيران", "أعلن المغرب – الثلاثاء – قطع علاقاته مع إيران"),
        (
            "قال الوزير (في مؤتمر صحفي عقده مساء اليوم في مقر الوزارة بالعاصمة) -- إن الحكومة باقية",
            "قال الوزير (في مؤتمر صحفي عقده مساء اليوم في مقر الوزارة بالعاصمة) -- إن الحكومة باقية",
        ),
    ],
)
def test_a_dateline_is_cut_and_nothing_else(text: str, expected: str) -> None:
    assert without_dateline(text) == expected


def test_the_desks_city_and_country_are_no_cue() -> None:
    # CNN's lead opens with where its desk is; the other outlet's sentence of the same fact
    # names another country in passing: neither place is a dispute.
    cnn = (
        "دبي، الإمارات العربية المتحدة (CNN) -- "
        "أعلن المغرب قطع علاقاته الدبلوماسية مع إيران بسبب دعمها للبوليساريو"
    )
    other = "أعلن المغرب قطع علاقاته الدبلوماسية مع إيران بسبب دعمها للبوليساريو عبر سفارتها في الجزائر"
    statement = analyse(cnn)
    assert "الامارات" not in statement.entities
    assert not statement.places
    assert decide(cnn, other).kind not in ("entity", "place")


def test_a_denial_negates_what_follows_its_subject_and_day() -> None:
    # "نفت إسرائيل، الأربعاء، التوصل": Israel and Wednesday are who denies and when; the
    # agreement is what is denied.
    announced = "أعلنت الفصائل مساء الثلاثاء التوصل إلى اتفاق لوقف إطلاق النار"
    denied = "نفت إسرائيل، الأربعاء، التوصل إلى اتفاق لوقف إطلاق النار مع الفصائل"
    decision = decide(announced, denied)
    assert decision.label == "contradict"
    assert decision.kind == "negation"
