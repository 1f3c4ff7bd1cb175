"""Cross-source overview: grouping, key points, differences, near-duplicates.

The made-up sets under tests/data/overview are built into Sentences/Summary objects directly
(one sentence per line, the first line a heading), so these tests exercise the overview
alone. The sample test at the end runs the real ingest/segment/summarize stages.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.errors import ConfigError
from briefing.overview import (
    OverviewInput,
    OverviewSettings,
    build_overview,
    duplicate_ids,
    overview_texts,
    with_translations,
)
from briefing.overview.grouping import EventRules
from briefing.overview.slots import extract_slots
from briefing.overview.text import Analyzer, read_number
from briefing.text.arabic import tokenize
from briefing.types import (
    Block,
    CleanArticle,
    EventGroup,
    ScoredSentence,
    Sentence,
    Sentences,
    SourceRef,
    Summary,
)
from tests import paths
from tests.paths import SAMPLES

ONE_EVENT = EventRules(join_alone=0.0)
"""Grouping that joins every article: for tests of points and differences within one event."""

DATA = paths.DATA / "overview"


def article(number: int, *lines: str, path: str = "test.txt") -> OverviewInput:
    """An overview input: a ``# `` line is a heading, every other line one sentence.

    All body sentences are in the summary, scored by position (the lead first).
    """
    blocks, sentences = [], []
    for line in lines:
        kind = "heading" if line.startswith("# ") else "paragraph"
        text = line.removeprefix("# ")
        sentences.append(Sentence(index=len(sentences), text=text, block=len(blocks), kind=kind))
        blocks.append(Block(text=text, kind=kind))
    clean = CleanArticle(source=SourceRef(path=path, format="txt"), title=None, blocks=tuple(blocks))
    body = [s for s in sentences if s.kind != "heading"]
    summary = Summary(
        article=clean,
        sentences=tuple(ScoredSentence(s.index, s.text, 1.0 - 0.1 * rank) for rank, s in enumerate(body)),
        total=len(sentences),
        method="test",
    )
    return OverviewInput(id=number, sentences=Sentences(clean, tuple(sentences)), summary=summary)


def dated(item: OverviewInput, day: str) -> OverviewInput:
    """*item* published on *day* (ISO 8601)."""
    source = replace(item.sentences.article.source, published=day)
    article = replace(item.sentences.article, source=source)
    return replace(item, sentences=replace(item.sentences, article=article))


def load_set(name: str) -> list[OverviewInput]:
    files = sorted((DATA / name).glob("*.txt"))
    return [
        article(
            i, *(line for line in f.read_text(encoding="utf-8").splitlines() if line.strip()), path=str(f)
        )
        for i, f in enumerate(files, start=1)
    ]


def points_with(group: EventGroup, words: str) -> list[tuple[int, ...]]:
    """Source lists of the key points whose Arabic contains ``words``."""
    return [p.sources for p in group.key_points if words in p.arabic]


# --- Arabic features ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("ثلاث", 3), ("ثلاثة", 3), ("لثلاث", 3), ("12", 12), ("١٢", 12), ("اثني عشر", 12),
     ("خمسة وعشرون", 25), ("ثلاثة آلاف", 3000), ("ألفي", 2000), ("مئتي", 200), ("ثلاثمئة", 300),
     ("خمسمائة ألف", 500_000), ("ثمانمئة مليون", 800_000_000)],
)  # fmt: skip
def test_read_number(text: str, value: float) -> None:
    tokens = tokenize(text)
    assert read_number(tokens, 0) == (value, len(tokens))


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("امتدت لثلاث ساعات خلف الأبواب", "span:hour", "3"),
        ("الاجتماع الذي استمر لساعات طويلة", "span:hour", "several"),
        ("استمر الاجتماع لساعات", "span:hour", "several"),
        ("دامت المفاوضات عدة أيام", "span:day", "several"),
        ("المكالمة التي استغرقت ساعتين ونصف", "span:hour", "2.5"),
        ("أكثر الصراعات دموية منذ ثمانية عقود", "since:decade", "8"),
        ("عقد قمة في غضون أسبوعين", "within:week", "2"),
    ],
)
def test_durations(text: str, unit: str, value: str) -> None:
    tokens = tokenize(text)
    slots = [s for s in extract_slots(tokens, Analyzer(tokens).key) if s.kind == "duration"]
    assert [(s.unit, s.value) for s in slots] == [(unit, value)]


def test_approximate_values_are_marked() -> None:
    tokens = tokenize("استمرت عملية الإطفاء لأكثر من خمس ساعات")
    (slot,) = extract_slots(tokens, Analyzer(tokens).key)
    assert slot.approximate


def test_matching_keys_join_spelling_variants_and_keep_names() -> None:
    words = tokenize("ترامب ترمب الأمريكي الأميركي لساعات ساعات ساعة فلاديمير بوتين روسيا الروسي وزير")
    analyzer = Analyzer(words)
    key = analyzer.key
    assert key("ترامب") == key("ترمب")
    assert key("الامريكي") == key("الاميركي")
    assert key("لساعات") == key("ساعات") == key("ساعه")
    assert key("روسيا") == key("الروسي")
    # A first letter that looks like a glued preposition stays when the rest is no word here.
    assert key("فلاديمير").startswith("ف")
    assert key("بوتين").startswith("ب")
    assert key("وزير").startswith("و")
    numbers = Analyzer(tokenize("ثلاث 3 ٣ لثلاث واحدة إحداها"))
    assert len({numbers.key(t) for t in tokenize("ثلاث 3 ٣ لثلاث")}) == 1
    assert numbers.key("واحده") == numbers.key("احداها")
    ministry = Analyzer(tokenize("وزارة الخارجية زار الرئيس المفاوضات لمفاوضات"))
    assert ministry.key("وزاره") != ministry.key("زار")
    assert ministry.key("لمفاوضات") == ministry.key("المفاوضات")


# --- grouping, points, differences, duplicates ----------------------------------------------------


def test_two_events_mixed_never_share_a_group() -> None:
    undated = build_overview(load_set("mixed"))
    # Undated, only a close meaning joins (a missing date is never a reason to group).
    assert all(len(g.articles) == 1 for g in undated.groups)
    # Published the same day, the quake reports (1, 3) also share a rare name and join; the
    # flood reports (2, 4) say it too differently (precision first). An earthquake and a
    # flood are never one event.
    overview = build_overview([dated(a, "2023-09-11") for a in load_set("mixed")])
    assert (1, 3) in [g.articles for g in overview.groups]
    assert all(not ({1, 3} & set(g.articles) and {2, 4} & set(g.articles)) for g in overview.groups)
    (quake,) = [g for g in overview.groups if g.articles == (1, 3)]
    assert (1, 3) in points_with(quake, "زلزال")
    # Only what two sources state is in the overview; the rest is in each article's section.
    assert all(len(p.sources) >= 2 for p in quake.key_points)
    assert quake.differences == ()


def test_three_outlets_with_one_disagreeing_number() -> None:
    overview = build_overview(load_set("fire"), rules=ONE_EVENT)
    (group,) = overview.groups
    assert group.articles == (1, 2, 3)
    assert points_with(group, "النيابة") == [(1, 2, 3)]
    # The three wordings of "the fire spread to dozens of shops" agree with probability
    # 0.45-0.47 pairwise: below the merge threshold chosen for at most 10% merged
    # contradictions on ANS dev (0.53), they stay single-source points (which the overview
    # does not show: each article's own section does), never a dispute.
    spread = points_with(group, "النيران امتدت")
    assert spread in ([(1, 2, 3)], [])
    (difference,) = group.differences
    assert difference.topic == "Number"
    assert [v.sources for v in difference.versions] == [(1, 2), (3,)]
    assert "12" in difference.versions[0].arabic
    assert "15 شخصا" in difference.versions[1].arabic
    # 15 fire engines in one report and "more than five hours" in another are no dispute.
    assert all("سيارة" not in v.arabic and "ساعات" not in v.arabic for v in difference.versions)


def test_three_different_numbers_make_one_difference_with_three_versions() -> None:
    first, _, third = load_set("fire")
    thirteen = article(
        2,
        "# حصيلة حريق الإسكندرية ترتفع",
        "وأوضح مسؤول محلي أن التحقيقات الأولية تشير إلى ماس كهربائي في أحد المحلات.",
        "اندلع حريق ضخم فجر الثلاثاء في سوق شعبي وسط مدينة الإسكندرية، وأسفر عن مقتل 13 شخصا.",
        "وتجمع عشرات التجار أمام السوق لمعاينة الأضرار.",
    )
    (group,) = build_overview([first, thirteen, third], rules=ONE_EVENT).groups
    (difference,) = group.differences
    assert sorted(v.sources for v in difference.versions) == [(1,), (2,), (3,)]


def test_near_duplicate_is_noted_and_not_counted_twice() -> None:
    overview = build_overview(load_set("duplicate"), rules=ONE_EVENT)
    (group,) = overview.groups
    assert group.articles == (1, 2, 3)
    assert group.duplicates == ((1, 2),)
    assert duplicate_ids(overview) == frozenset({2})
    assert all(2 not in p.sources for p in group.key_points)
    assert any(p.sources == (1, 3) for p in group.key_points)


def test_independent_reports_are_not_duplicates() -> None:
    overview = build_overview(load_set("fire"), rules=ONE_EVENT)
    assert overview.groups[0].duplicates == ()


SUMMIT = (
    "# قمة في ألاسكا",
    "شهدت مدينة ألاسكا الأميركية أمس الجمعة انعقاد قمة بين الرئيس الروسي والرئيس الأميركي امتدت لثلاث "
    "ساعات خلف الأبواب المغلقة في محاولة لإنهاء الحرب.",
    "وأعلن الكرملين انتهاء الاجتماع قبل مؤتمر صحافي مشترك.",
)


def test_vague_duration_is_never_a_difference_with_a_precise_one() -> None:
    other = article(
        2,
        "# قمة ألاسكا",
        "شهدت مدينة ألاسكا الأميركية مساء الجمعة انعقاد قمة جمعت الرئيسين الأميركي والروسي.",
        "الاجتماع الذي استمر لساعات طويلة خلف الأبواب المغلقة ركز على إنهاء الحرب.",
    )
    (group,) = build_overview([article(1, *SUMMIT), other]).groups
    # "Long hours" does not dispute "three hours": approximate values never count.
    assert not [d for d in group.differences if d.topic.startswith("How long")]


def test_phone_call_of_another_length_is_no_contradiction() -> None:
    call = article(
        2,
        "# قمة مرتقبة",
        "شهدت مدينة ألاسكا الأميركية أمس الجمعة انعقاد قمة بين الرئيس الروسي والرئيس الأميركي.",
        "وكانت المكالمة الهاتفية السابقة بين الرئيسين خلف الأبواب المغلقة قد استغرقت ساعتين ونصف.",
    )
    (group,) = build_overview([article(1, *SUMMIT), call], rules=ONE_EVENT).groups
    assert group.duplicates == ()
    assert group.differences == ()


def test_same_value_elsewhere_in_the_article_is_no_contradiction() -> None:
    both = article(
        2,
        "# قمة ألاسكا",
        "شهدت مدينة ألاسكا الأميركية مساء الجمعة انعقاد قمة جمعت الرئيسين الأميركي والروسي.",
        "الاجتماع الذي استمر لساعات طويلة خلف الأبواب المغلقة ركز على إنهاء الحرب.",
        "وقال مسؤول إن المحادثات دامت ثلاث ساعات.",
    )
    (group,) = build_overview([article(1, *SUMMIT), both]).groups
    assert group.duplicates == ()
    assert group.differences == ()


def test_killed_and_injured_are_different_figures() -> None:
    fire = load_set("fire")
    injured = article(
        4,
        "# إصابات في حريق الإسكندرية",
        "اندلع حريق ضخم فجر الثلاثاء في سوق شعبي وسط مدينة الإسكندرية، ما أسفر عن إصابة 30 شخصا بجروح.",
        "ونقلت سيارات الإسعاف المصابين إلى مستشفيات المدينة، ووصفت حالة بعضهم بالحرجة.",
        "وطالب تجار السوق بتعويضات عن الخسائر التي لحقت بمحلاتهم.",
    )
    (group,) = build_overview([fire[0], injured], rules=ONE_EVENT).groups
    assert group.duplicates == ()
    assert group.differences == ()


def test_place_difference_and_city_inside_state_agreement() -> None:
    first = article(
        1,
        "# اجتماع وزراء الخارجية",
        "عقد وزراء خارجية دول الخليج اجتماعا طارئا في مدينة جدة لبحث التصعيد في المنطقة وسبل احتوائه.",
        "وأصدر الوزراء بيانا ختاميا يدعو إلى ضبط النفس.",
    )

    def other(place: str) -> OverviewInput:
        return article(
            2,
            "# وزراء الخليج يدعون إلى التهدئة",
            f"اجتمع وزراء خارجية دول الخليج في {place} في اجتماع طارئ خصص لبحث التصعيد في المنطقة.",
            "ودعا البيان الختامي جميع الأطراف إلى ضبط النفس ووقف الهجمات.",
        )

    (group,) = build_overview([first, other("مدينة الرياض")], rules=ONE_EVENT).groups
    assert group.duplicates == ()
    (difference,) = group.differences
    assert difference.topic == "Place"
    assert [v.sources for v in difference.versions] == [(1,), (2,)]
    # Naming both places (a city inside a region) is no dispute.
    (group,) = build_overview([first, other("مدينة الرياض قرب جدة")], rules=ONE_EVENT).groups
    assert group.differences == ()


def test_expected_summit_does_not_merge_with_held_summit() -> None:
    held = article(
        1,
        "شهدت مدينة ألاسكا انعقاد قمة بين الرئيسين لبحث إنهاء الحرب في أوكرانيا.",
        "وخرج الرئيسان بعد انتهاء المحادثات إلى مؤتمر صحافي مشترك أمام الأعلام.",
        "ولم يجب أي منهما على أسئلة الصحافيين.",
    )
    expected = article(
        2,
        "يتوقع انعقاد قمة بين الرئيسين في مدينة ألاسكا لبحث إنهاء الحرب في أوكرانيا قريبا.",
        "ويعمل الدبلوماسيون على تحديد موعد دقيق وجدول أعمال مفصل.",
        "وتشير التسريبات إلى خلافات حول مكان انعقاد الجلسات.",
    )
    (group,) = build_overview([held, expected], rules=ONE_EVENT).groups
    assert group.duplicates == ()
    assert all(len(p.sources) == 1 for p in group.key_points)


def with_summary(item: OverviewInput, *indices: int) -> OverviewInput:
    """``item`` with only the sentences at ``indices`` in its summary."""
    chosen = tuple(c for c in item.summary.sentences if c.index in indices)
    return replace(item, summary=replace(item.summary, sentences=chosen))


def test_corroborated_sentence_outside_the_summaries_becomes_a_point() -> None:
    fire = load_set("fire")
    # Only the first sentence of each report is in its summary; the inquiry (last sentence)
    # is reported by all three and still makes a point, the fire engines (one source) do not.
    inputs = [with_summary(item, 1) for item in fire]
    (group,) = build_overview(inputs, rules=ONE_EVENT).groups
    assert points_with(group, "النيابة") == [(1, 2, 3)]
    assert points_with(group, "سيارة إطفاء") == []


def test_restatement_by_the_same_outlet_is_not_a_point_of_its_own() -> None:
    first = article(
        1,
        "شهدت مدينة جنيف مساء الخميس انعقاد جولة مفاوضات جمعت وفدي البلدين برعاية أممية.",
        "واجتمع وفدا البلدين في جولة مفاوضات بمدينة جنيف لبحث وقف إطلاق النار وتبادل الأسرى.",
        "وقالت مصادر مطلعة إن الأجواء كانت إيجابية رغم الخلافات.",
    )
    second = article(
        2,
        "شهدت مدينة جنيف مساء الخميس انعقاد جولة مفاوضات بين وفدي البلدين.",
        "ولم يصدر أي بيان ختامي عن الجولة حتى ساعة متأخرة من الليل.",
        "ويتوقع المراقبون جولة أخرى الشهر المقبل.",
    )
    (group,) = build_overview([first, second], rules=ONE_EVENT).groups
    assert group.duplicates == ()
    assert points_with(group, "جنيف") == [(1, 2)]


def test_wording_avoids_a_quote_without_its_speaker() -> None:
    minister = article(
        1,
        "# محادثات مسقط",
        "أعلن وزير الخارجية العماني أن جولة المفاوضات الجديدة بين الطرفين ستعقد في العاصمة مسقط "
        "الأسبوع المقبل بحضور وسطاء دوليين وممثلين عن الأمم المتحدة.",
        "وأشار إلى أن الوفود ستصل تباعا إلى العاصمة قبل يومين من انطلاق الجلسات.",
        "وكانت الجولة السابقة قد انتهت دون اتفاق على جدول زمني لتبادل الأسرى.",
        "ويرى محللون أن الضغوط الإقليمية قد تدفع الطرفين إلى تقديم تنازلات هذه المرة.",
    )
    quote = article(
        2,
        "# الوزير: الجولة المقبلة في مسقط",
        "ونقلت وكالة الأنباء الرسمية عن الوزير تصريحات حول الاستعدادات الجارية لاستقبال الوفود.",
        "وقال الوزير إن بلاده تعمل منذ أسابيع على تقريب وجهات النظر بين الجانبين.",
        "وأضاف: “جولة المفاوضات الجديدة بين الطرفين ستعقد في العاصمة مسقط الأسبوع المقبل بحضور "
        "وسطاء دوليين وممثلين عن الأمم المتحدة وعدد من الخبراء القانونيين”.",
    )
    for inputs in ([minister, quote], [replace(quote, id=1), replace(minister, id=2)]):
        (group,) = build_overview(inputs, rules=ONE_EVENT).groups
        assert group.duplicates == ()
        (point,) = [p for p in group.key_points if len(p.sources) == 2]
        assert point.arabic.startswith("أعلن وزير الخارجية")


def test_single_article_and_empty_input() -> None:
    assert build_overview([]).groups == ()
    (group,) = build_overview([article(7, *SUMMIT)]).groups
    assert group.articles == (7,)
    assert group.differences == () and group.duplicates == () and group.key_points == ()


def test_a_single_source_article_is_not_repeated_in_the_overview() -> None:
    lines = [
        "افتتح وزير الصحة مستشفى جديدا في العاصمة.",
        "ارتفعت أسعار القمح في الأسواق العالمية.",
        "فاز المنتخب الوطني بكأس البطولة الإقليمية.",
    ]
    (group,) = build_overview([article(1, *lines)]).groups
    assert group.key_points == () and group.headline is None and group.notes == ()
    # Even inside one event, what only one outlet says stays in its own section.
    other = article(2, "تراجعت صادرات النفط خلال الربع الأخير.", "افتتح معرض الكتاب أبوابه للزوار.")
    (mixed_group,) = build_overview([article(1, *lines), other], rules=ONE_EVENT).groups
    assert all(len(p.sources) >= 2 for p in mixed_group.key_points)
    assert mixed_group.headline is not None and mixed_group.headline.sources == (1, 2)


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        build_overview([article(1, *SUMMIT), article(1, *SUMMIT)])


@pytest.mark.parametrize("field", ["point_similarity", "point_meaning", "duplicate_containment"])
def test_settings_reject_out_of_range(field: str) -> None:
    with pytest.raises(ConfigError, match=field):
        OverviewSettings(**{field: 1.5})
    with pytest.raises(ConfigError, match="max_single_source_points"):
        OverviewSettings(max_single_source_points=-1)


def test_texts_and_translations_round_trip() -> None:
    overview = build_overview(load_set("fire"), rules=ONE_EVENT)
    texts = overview_texts(overview)
    group = overview.groups[0]
    expected = [group.headline.arabic] if group.headline is not None else []
    expected += [p.arabic for p in (*group.key_points, *group.copy_extras)]
    expected += [v.arabic for d in group.differences for v in d.versions]
    assert texts == list(dict.fromkeys(expected))
    translated = with_translations(overview, {t: f"[en] {t}" for t in texts})
    tgroup = translated.groups[0]
    assert all(p.english == f"[en] {p.arabic}" for p in tgroup.key_points)
    assert all(v.english == f"[en] {v.arabic}" for d in tgroup.differences for v in d.versions)
    assert [replace(p, english=None) for p in tgroup.key_points] == list(group.key_points)
    # A missing translation leaves the field as it was.
    assert with_translations(overview, {}).groups[0].key_points[0].english is None


# --- the five samples, through the real stages -----------------------------------------------------


def sample_inputs() -> list[OverviewInput]:
    ingest_module = pytest.importorskip("briefing.ingest.discover")
    segment = pytest.importorskip("briefing.segment").segment
    summarize = pytest.importorskip("briefing.summarize")
    try:
        from briefing.clean.cleaner import clean
    except ImportError:  # the clean stage is not there yet: use the raw blocks
        pytest.skip("briefing.clean.cleaner is not available")
    summarizer = summarize.get_summarizer()
    length = summarize.parse_length(5)
    inputs = []
    files, skipped = ingest_module.discover([SAMPLES])
    assert len(files) == 5 and not skipped
    for number, item in enumerate(files, start=1):
        sentences = segment(clean(ingest_module.ingest(item)))
        inputs.append(OverviewInput(number, sentences, summarizer(sentences, length)))
    return inputs


def test_five_samples_form_one_group_with_previews_and_reports() -> None:
    # The five samples are one summit told before and after (7-16 August); on meaning alone they
    # stay apart (similarity 0.39-0.59, no rare name shared), so they are given as one event.
    overview = build_overview(sample_inputs(), rules=ONE_EVENT)
    (group,) = overview.groups
    assert group.articles == (1, 2, 3, 4, 5)
    assert group.duplicates == ()
    assert {i for i, status in group.statuses} == {1, 2, 3, 4, 5}
    # No point merges a pre-summit piece with a report of the held summit.
    status = dict(group.statuses)
    for point in group.key_points:
        assert len({status[i] for i in point.sources} - {"unknown"}) <= 1
    # "Three hours" (04) against "long hours" (05) is no contradiction.
    assert not [d for d in group.differences if d.topic.startswith("How long it lasted")]
    assert group.notes


# --- invariants on arbitrary input ------------------------------------------------------------------

_WORDS = (
    "قمة",
    "ثلاث",
    "ساعات",
    "لساعات",
    "طويلة",
    "مدينة",
    "ألاسكا",
    "الجمعة",
    "12",
    "شخصا",
    "اثنا",
    "عشر",
    "في",
    "من",
    "منذ",
    "عقود",
    "المقبلة",
    "الهاتفية",
    "وأضاف:",
    "“",
    "بوتين",
    "ترامب",
    "ترمب",
    "و",
    "ب",
    "ل",
    "ساعتين",
    "ونصف",
    "نحو",
    "2025",
    "أغسطس",
    "ولاية",
    "جدة",
    "الرياض",
)


def _check_group(group: EventGroup, written: set[str]) -> None:
    """Every text of the group is a source sentence, every source one of the group's articles."""
    members = set(group.articles)
    for point in group.key_points:
        assert point.arabic in written and set(point.sources) <= members
        assert list(point.sources) == sorted(set(point.sources))
    for difference in group.differences:
        assert len(difference.versions) >= 2
        assert len({v.arabic for v in difference.versions}) == len(difference.versions)
        for version in difference.versions:
            assert version.arabic in written and set(version.sources) <= members
    for kept, copy in group.duplicates:
        assert kept in members and copy in members and kept != copy


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=12), min_size=0, max_size=6),
        min_size=1,
        max_size=4,
    )
)
def test_invariants_on_arbitrary_articles(texts: list[list[list[str]]]) -> None:
    inputs = [
        article(i, *(" ".join(words) or "." for words in sentences)) for i, sentences in enumerate(texts, 1)
    ]
    overview = build_overview(inputs)
    ids = [a.id for a in inputs]
    assert sorted(i for g in overview.groups for i in g.articles) == ids
    written = {s.text for a in inputs for s in a.sentences.sentences}
    for group in overview.groups:
        _check_group(group, written)
