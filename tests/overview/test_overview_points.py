"""Points by meaning and differences that hold up, within one event.

The articles are given to the overview's steps as one event (prepared, vectorized, their
differences found, their key points built), so these tests hold whatever the grouping does.
Sentences here are written for the tests (no corpus text).
"""

from __future__ import annotations

from briefing.compose.labels import highlight_spans
from briefing.overview.articles import prepare
from briefing.overview.differences import differences
from briefing.overview.matching import vectorize
from briefing.overview.points import key_points
from briefing.overview.settings import OverviewSettings
from briefing.overview.slots import extract_slots
from briefing.overview.stance import analyse
from briefing.text.arabic import tokenize
from briefing.types import Difference, KeyPoint
from tests.overview.test_overview import article


def one_event(*texts: list[str]) -> tuple[list[KeyPoint], list[Difference]]:
    """Key points and differences of articles given as one event (one list of lines each)."""
    settings = OverviewSettings()
    docs, analyzer = prepare([article(n, *lines) for n, lines in enumerate(texts, start=1)])
    idf, topic = vectorize(docs, settings)
    found = differences(docs, analyzer, idf, topic, settings)
    return key_points(docs, topic, set(), settings), found


def test_paraphrases_sharing_no_word_are_one_point() -> None:
    # Not one content word in common: only the sentence encoder sees they say the same.
    points, found = one_event(
        ["استقال رئيس الوزراء من منصبه مساء الأحد"],
        ["قدم رئيس الحكومة استقالته ليلة أمس"],
    )
    assert not (set(tokenize("استقال الوزراء منصبه مساء")) & set(tokenize("قدم الحكومة استقالته ليلة أمس")))
    assert [p.sources for p in points if len(p.sources) > 1] == [(1, 2)]
    assert found == []


def test_a_contradiction_is_not_merged() -> None:
    points, _ = one_event(
        ["وافق البرلمان على قانون الموازنة الجديد في جلسة الثلاثاء"],
        ["رفض البرلمان قانون الموازنة الجديد في جلسة الثلاثاء"],
    )
    assert all(len(p.sources) == 1 for p in points)


def test_a_quoted_negation_both_outlets_carry_is_no_dispute() -> None:
    # Both outlets quote the minister's tweet; one quotes it from its first word, the other
    # from the second. What the tweet says is not something the outlets dispute.
    tweet = "لا تأجيل للانتخابات البلدية المقررة في موعدها الشهر المقبل"
    first = f'وكتب الوزير في تغريدة على حسابه: "{tweet}"'
    second = f'ونشر الوزير تغريدة على حسابه جاء فيها "{tweet.removeprefix("لا ")}"'
    _, found = one_event([first], [second])
    assert found == []


def test_an_unquoted_negation_is_still_a_dispute() -> None:
    _, found = one_event(
        ["وافق البرلمان على قانون الموازنة الجديد في جلسة الثلاثاء بعد نقاش طويل"],
        ["لم يوافق البرلمان على قانون الموازنة الجديد في جلسة الثلاثاء بعد نقاش طويل"],
    )
    assert [d.kind for d in found] == ["negation"]


def test_la_inside_a_word_is_no_negation() -> None:
    # لا inside ولاية and الثلاثاء: neither is a negation, and neither is highlighted.
    statement = analyse("أعلن حاكم ولاية تكساس الثلاثاء خطة جديدة للطاقة")
    assert statement.negations == ()
    text = "أعلن حاكم ولاية تكساس الثلاثاء أنه لا يعتزم الترشح"
    assert [piece for piece, marked in highlight_spans(text, ["لا"]) if marked] == ["لا"]
    assert [p for p, marked in highlight_spans("وقع في 2023 مقتل 3 أشخاص", ["3"]) if marked] == ["3"]


def test_an_appointment_year_and_an_installation_year_are_no_dispute() -> None:
    _, found = one_event(
        ["وكان مجلس الإدارة قد عين المدير الجديد للمتحف الوطني عام 2019 بعد منافسة طويلة"],
        ["وتسلم المدير الجديد للمتحف الوطني مهامه رسميا في 2020 بعد منافسة طويلة"],
    )
    assert [d for d in found if d.kind == "date"] == []
    # The same event dated differently still is one.
    _, found = one_event(
        ["افتتح المدير الجديد المتحف الوطني عام 2019 بعد ترميم طويل"],
        ["افتتح المدير الجديد المتحف الوطني عام 2020 بعد ترميم طويل"],
    )
    assert [d.kind for d in found] == ["date"]


def test_a_year_slot_names_the_word_it_dates() -> None:
    tokens = tokenize("تعيينه في عام 2019")
    (slot,) = extract_slots(tokens, lambda t: t)
    assert (slot.kind, slot.head) == ("year", "تعيينه")


def test_every_difference_quotes_both_sentences_and_names_both_outlets() -> None:
    _, found = one_event(
        ["أسفر انفجار المصنع عن مقتل 12 عاملا في المنطقة الصناعية شمال المدينة"],
        ["أسفر انفجار المصنع عن مقتل 25 عاملا في المنطقة الصناعية شمال المدينة"],
    )
    (difference,) = found
    assert [v.sources for v in difference.versions] == [(1,), (2,)]
    assert all(v.arabic and v.values and v.values[0] in v.arabic for v in difference.versions)
