"""Events by meaning and dates, copies that keep their news, notes that are facts.

The articles are written for these tests (never the samples of ``inputs/``). The real encoder
runs; no test asserts on a cosine, only on what the overview makes of it.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.compose.outline import build_outline, source_span
from briefing.overview import build_overview
from briefing.overview.grouping import EventFacts, EventRules, joins, word_overlap
from briefing.types import Briefing, BriefingInfo, TranslatedSummary
from tests.overview.test_overview import ONE_EVENT, article, dated

# Four different stories, years and countries apart, that share the vocabulary of unrest
# (the case: a funeral, an interview, a protest, clashes became "an event").
UNRELATED = [
    (
        "2013-03-08",
        "# تشييع جثمان قائد عسكري في طهران وسط حضور رسمي",
        "شيع آلاف الإيرانيين في طهران جثمان قائد عسكري توفي متأثرا بمرض عضال.",
        "وحضر الجنازة عدد من كبار المسؤولين في الحكومة والبرلمان.",
    ),
    (
        "2016-11-20",
        "# وزير الخارجية التونسي: نعمل على تعزيز التعاون الاقتصادي مع الجوار",
        "قال وزير الخارجية التونسي في مقابلة صحفية في تونس إن بلاده تسعى إلى تعزيز المبادلات التجارية.",
        "وأضاف أن الحكومة تعد خطة لدعم الصادرات الزراعية خلال العام المقبل.",
    ),
    (
        "2020-06-02",
        "# آلاف المحتجين يتظاهرون أمام البيت الأبيض في واشنطن",
        "تظاهر آلاف الأشخاص في واشنطن احتجاجا على عنف الشرطة، وأضرم بعضهم النار في سيارات.",
        "وفرضت السلطات حظر تجول ليليا في العاصمة الأمريكية.",
    ),
    (
        "2026-01-14",
        "# اشتباكات عنيفة في ريف دمشق وسقوط قتلى",
        "اندلعت اشتباكات عنيفة بين فصائل مسلحة في ريف دمشق أسفرت عن سقوط عدد من القتلى.",
        "وأفاد مصدر محلي بأن الاشتباكات تجددت مساء الثلاثاء بعد هدوء حذر.",
    ),
]


def _unrelated(*, with_dates: bool) -> list:  # type: ignore[type-arg]
    items = [article(n, *lines) for n, (_, *lines) in enumerate(UNRELATED, start=1)]
    if with_dates:
        items = [dated(item, day) for item, (day, *_) in zip(items, UNRELATED, strict=True)]
    return items


def test_unrelated_stories_years_apart_stay_apart() -> None:
    for with_dates in (True, False):
        overview = build_overview(_unrelated(with_dates=with_dates))
        assert [g.articles for g in overview.groups] == [(1,), (2,), (3,), (4,)]
        # A story only one source tells is not repeated in the overview.
        assert all(g.key_points == () and g.notes == () and g.headline is None for g in overview.groups)


def _facts(
    published: int | None, names: frozenset[str] = frozenset(), words: tuple[tuple[str, float], ...] = ()
) -> EventFacts:
    return EventFacts(1, "headline", ("lead",), published, frozenset(), names, words)


def test_dates_only_ever_keep_articles_apart() -> None:
    rules = EventRules()
    day = 737000
    # Months apart: never one event, however close in meaning.
    assert joins(_facts(day), _facts(day + 400), 0.99, rules) is None
    # No date is no reason to group: shared words do not lower the bar then.
    named = frozenset({"name"})
    meaning = (rules.meaning_floor + rules.join_alone) / 2
    overlap = 1.0  # the same words: evidence well above the bar
    assert joins(_facts(None, named), _facts(day, named), meaning, rules, overlap) is False
    assert joins(_facts(day, named), _facts(day + 1, named), meaning, rules, overlap) is True
    # A few days apart, meaning alone is not enough, nor are shared words.
    gap = rules.near_days + 1
    assert joins(_facts(day), _facts(day + gap), rules.join_alone, rules, overlap) is False
    assert joins(_facts(day, named), _facts(day + gap, named), rules.join_alone, rules) is True


def test_shared_words_need_some_shared_meaning() -> None:
    rules = EventRules()
    day = 737000
    # Below the meaning floor, even the same words do not join (an outlet's boilerplate).
    below = rules.meaning_floor - 0.01
    assert joins(_facts(day), _facts(day), below, rules, 1.0) is False
    # Above it, the evidence decides: meaning plus the weighed overlap.
    meaning = rules.meaning_floor + 0.01
    needed = (rules.join_evidence - meaning) / rules.word_weight
    assert joins(_facts(day), _facts(day), meaning, rules, needed + 0.01) is True
    assert joins(_facts(day), _facts(day), meaning, rules, needed - 0.01) is False


def test_word_overlap_weighs_rare_words() -> None:
    def facts(*words: tuple[str, float]) -> EventFacts:
        return _facts(737000, words=words)

    rare, common = ("بوريطه", 13.0), ("وزير", 6.0)
    other_rare, other_common = ("قاسمي", 13.0), ("رئيس", 6.0)
    overlap = word_overlap(
        [
            facts(rare, other_common),  # shares the rare name with the next
            facts(rare, common),
            facts(other_rare, common),  # shares only the common word with the one before
            facts(),  # no words: overlaps nothing
        ]
    )
    assert overlap[0, 1] > overlap[1, 2] > 0.0
    assert overlap[0, 3] == overlap[3, 3] == 0.0
    assert overlap[0, 0] == 1.0


# One affair, one day (written for this test): two reports of Morocco cutting ties with Iran,
# worded differently; Qatar's solidarity (a reaction); Iran's denial (a reaction that shares the
# rare name of the affair, Polisario); and an unrelated story.
MOROCCO = [
    (
        "# المغرب يقطع علاقاته الدبلوماسية مع إيران بسبب دعم البوليساريو",
        "أعلن وزير الخارجية المغربي ناصر بوريطة قطع العلاقات الدبلوماسية مع إيران"
        " وإغلاق سفارة الرباط في طهران.",
        "وقال بوريطة إن حزب الله سلم أسلحة لجبهة البوليساريو عبر السفارة الإيرانية في الجزائر.",
    ),
    (
        "# الرباط تطرد السفير الإيراني وتتهم حزب الله بتسليح البوليساريو",
        "قرر المغرب طرد سفير إيران وإغلاق سفارته في طهران، بحسب ما أعلن الوزير ناصر بوريطة.",
        "واتهم بوريطة حزب الله بتسليم صواريخ للبوليساريو بتسهيل من عنصر في السفارة الإيرانية بالجزائر.",
    ),
    (
        "# قطر تعلن تضامنها مع المغرب",
        "أعربت وزارة الخارجية القطرية عن تضامن الدوحة مع المملكة المغربية في حماية أمنها ووحدة أراضيها.",
        "ودعت الوزارة إلى احترام سيادة الدول وعدم التدخل في شؤونها الداخلية.",
    ),
    (
        "# إيران تنفي دعم جبهة البوليساريو وتصف الاتهامات المغربية بالكاذبة",
        "نفت وزارة الخارجية الإيرانية الاتهامات المغربية بدعم البوليساريو ووصفتها بأنها لا أساس لها.",
        "وقال المتحدث باسم الخارجية الإيرانية بهرام قاسمي إن طهران تحترم سيادة الدول.",
    ),
    (
        "# ارتفاع أسعار النفط بعد تراجع المخزونات الأمريكية",
        "ارتفعت أسعار النفط الخام في تعاملات الأربعاء بعد أن أظهرت بيانات تراجع المخزونات الأمريكية.",
        "وصعد خام برنت إلى أعلى مستوى له منذ ثلاث سنوات.",
    ),
]


def test_reworded_reports_join_and_reactions_stay_apart() -> None:
    items = [dated(article(n, *lines), "2018-05-01") for n, lines in enumerate(MOROCCO, start=1)]
    overview = build_overview(items)
    # The two reports share the affair's names and specific words; the reactions (one also
    # names Polisario) and the unrelated story are stories of their own.
    assert [g.articles for g in overview.groups] == [(1, 2), (3,), (4,), (5,)]
    # Undated, the same reports stay apart: words join only articles published within days.
    undated = [article(n, *lines) for n, lines in enumerate(MOROCCO, start=1)]
    assert [g.articles for g in build_overview(undated).groups] == [(1,), (2,), (3,), (4,), (5,)]


ORIGINAL = (
    "# سقوط طائرة ركاب أوكرانية قرب طهران ومقتل جميع ركابها",
    "سقطت طائرة ركاب أوكرانية بعد دقائق من إقلاعها من مطار الإمام الخميني في طهران صباح الأربعاء.",
    "وقالت السلطات الإيرانية إن جميع الركاب وأفراد الطاقم لقوا حتفهم.",
    "وأرسلت فرق الإنقاذ إلى موقع الحادث جنوب غرب العاصمة.",
)
NEWS = "وسيفتح الصندوقان الأسودان غدا بحضور خبراء إيرانيين وأوكرانيين."


def test_a_near_copy_keeps_the_sentences_the_original_lacks() -> None:
    # A shorter rewrite of [1] (two sentences dropped) that adds one piece of news.
    copy = article(2, *ORIGINAL[:2], NEWS)
    (group,) = build_overview([article(1, *ORIGINAL), copy]).groups
    assert group.duplicates == ((1, 2),)
    assert group.headline is not None and group.headline.sources == (1,)
    (extra,) = group.copy_extras
    assert extra.arabic == NEWS and extra.sources == (2,)
    assert [(c.article, c.index) for c in extra.citations] == [(2, 2)]


def test_identical_copies_are_one_line() -> None:
    inputs = [article(n, *ORIGINAL) for n in range(1, 201)]
    overview = build_overview(inputs)
    (group,) = overview.groups
    assert group.articles == tuple(range(1, 201))
    assert {kept for kept, _ in group.duplicates} == {1}
    assert group.copy_extras == () and group.key_points == ()
    outline = build_outline(_briefing(overview, 200))
    assert outline.overview is not None
    (section,) = outline.overview
    (note,) = section.duplicates
    assert note.sentence() == "[2]–[200] repeat [1]: shown once, under [1]."


def test_source_span_shortens_runs() -> None:
    assert source_span([2, 3, 4, 7, 9, 10]) == "[2]–[4], [7], [9], [10]"


def _briefing(overview, count: int) -> Briefing:  # type: ignore[no-untyped-def]
    from briefing.types import Summary

    item = article(1, *ORIGINAL)
    summary: Summary = item.summary
    articles = tuple(TranslatedSummary(n, summary, f"Title {n}", ()) for n in range(1, count + 1))
    return Briefing(BriefingInfo("t", "2026-01-01T00:00:00"), articles, overview=overview)


def test_single_source_stories_are_one_line_of_the_overview() -> None:
    overview = build_overview(_unrelated(with_dates=True))
    outline = build_outline(_briefing(overview, 4))
    assert outline.overview == () and outline.single_stories == (1, 2, 3, 4)


def test_no_preview_note_without_a_dated_event() -> None:
    # One lead speaks of what is expected, but no time is tied to the event: no preview note.
    preview = article(
        1,
        "# توقعات بتعديل وزاري",
        "يتوقع أن يعلن رئيس الحكومة تعديلا وزاريا يشمل عددا من الحقائب.",
        "وكان البرلمان قد ناقش يوم الاثنين مشروع قانون الموازنة.",
    )
    report = article(
        2,
        "# إعلان تعديل وزاري",
        "أعلن رئيس الحكومة تعديلا وزاريا شمل عددا من الحقائب.",
        "وأدى الوزراء الجدد اليمين الدستورية.",
    )
    (group,) = build_overview([preview, report], rules=ONE_EVENT).groups
    assert not any("preview" in note for note in group.notes)


def test_a_verb_after_fi_is_no_place() -> None:
    first = article(
        1,
        "# حريق في مصنع",
        "اندلع حريق في مصنع للنسيج في القاهرة صباح اليوم.",
    )
    second = article(
        2,
        "# حريق في مصنع للنسيج",
        "اندلع حريق في وأضرم مصنع للنسيج صباح اليوم.",
    )
    (group,) = build_overview([first, second], rules=ONE_EVENT).groups
    assert not any("differently" in note for note in group.notes)


def test_an_event_noun_in_one_lead_names_no_event() -> None:
    items = [replace(a, id=n) for n, a in enumerate(_unrelated(with_dates=False), start=1)]
    (group,) = build_overview(items, rules=ONE_EVENT).groups
    # Four unrelated stories forced into one group: no note may name a story none of them tells.
    assert not any("accident" in note or "previews" in note for note in group.notes)
