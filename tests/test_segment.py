"""Sentence segmentation: punctuation, numbers, quotes, abbreviations, hard wraps, blocks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.segment import flatten_breaks, segment, segment_text, split_long
from briefing.types import Block, CleanArticle, SourceRef
from tests.paths import SAMPLES


def _article(*blocks: Block, title: str | None = None) -> CleanArticle:
    return CleanArticle(source=SourceRef(path="t.txt", format="txt"), title=title, blocks=blocks)


# ------------------------------------------------------------------ sentence punctuation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ذهب الولد. عاد الولد.", ["ذهب الولد.", "عاد الولد."]),
        ("هل ذهب؟ نعم ذهب!", ["هل ذهب؟", "نعم ذهب!"]),
        ("What? Yes! Fine.", ["What?", "Yes!", "Fine."]),
        ("انتظر… ثم تكلم", ["انتظر…", "ثم تكلم"]),
        ("انتظر... ثم تكلم", ["انتظر...", "ثم تكلم"]),
        # Some archives write sentences with no space after the full stop.
        ("وصل الوفد إلى المطار.ثم توجه إلى الفندق", ["وصل الوفد إلى المطار.", "ثم توجه إلى الفندق"]),
        ("حقاً؟! لا أصدق", ["حقاً؟!", "لا أصدق"]),
        ("جملة بلا نقطة في آخرها", ["جملة بلا نقطة في آخرها"]),
    ],
)  # fmt: skip
def test_splits_at_sentence_punctuation(text: str, expected: list[str]) -> None:
    assert segment_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "بلغ النمو 3.5 في المئة هذا العام.",
        "بلغ النمو ٣.٥ في المئة هذا العام.",
        "بلغ النمو ٣٫٥ في المئة هذا العام.",
        "يبلغ عدد سكان الإقليم 2.1 مليون نسمة وفق آخر إحصاء.",
        "حضر د. سامر النجار الاجتماع أمس.",
        "قال م. خالد إن المشروع انتهى.",
        "انظر ص. 45 من التقرير السنوي.",
        "وقعت الاتفاقية في ج.م.ع قبل سنوات.",
        "He met Dr. Smith in the U.S. last week.",
        "The report (see p. 4) was long.",
        "زار الموقع www.example.com أمس.",
        "بنيت القلعة سنة 300 ق.م. على تل مرتفع.",
    ],
)
def test_does_not_split_numbers_abbreviations_addresses(text: str) -> None:
    assert segment_text(text) == [text]


def test_year_marker_after_number_ends_the_sentence() -> None:
    text = "افتتح الجسر سنة 1965 م. ثم أغلق للصيانة."
    assert segment_text(text) == ["افتتح الجسر سنة 1965 م.", "ثم أغلق للصيانة."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Tanween, harakat or shadda on the last letter: a word, not a one-letter abbreviation.
        ("قال ذلك أيضًا. ثم غادر.", ["قال ذلك أيضًا.", "ثم غادر."]),
        ("قال ذلك أيضاً. ثم غادر.", ["قال ذلك أيضاً.", "ثم غادر."]),
        ("كان المطر خفيفًا. ثم توقف.", ["كان المطر خفيفًا.", "ثم توقف."]),
        ("الوثائق فُقِدَت. وبدأ التحقيق.", ["الوثائق فُقِدَت.", "وبدأ التحقيق."]),
        ("لاحظ العلماء التغيّر. وسجلوه.", ["لاحظ العلماء التغيّر.", "وسجلوه."]),
    ],
)  # fmt: skip
def test_a_word_with_diacritics_before_a_full_stop_ends_the_sentence(text: str, expected: list[str]) -> None:
    assert segment_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "أقيم الحفل في مركز جون إف. كينيدي للفنون بالعاصمة.",
        "استقبل جورج دبليو. بوش الوفد في مزرعته.",
        "ألقى أ. د. منى الخطيب محاضرة عن المناخ.",
        "كتب جيه. آر. مارتن الرواية قبل سنوات.",
    ],
)
def test_initials_never_split_a_name(text: str) -> None:
    assert segment_text(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "قال ترامب: “لم نحقق الاتفاق بعد. اتفقنا بشأن الكثير”.",
        "قال الوزير: «انتهى الأمر. لن نعود» ثم غادر.",
        'وقال: "هذا يكفي. شكراً لكم" ثم انصرف.',
        "عاش الشاعر في المدينة (ت. 1890 في دمشق) حتى وفاته.",
    ],
)
def test_does_not_split_inside_quotes_or_parentheses(text: str) -> None:
    assert segment_text(text) == [text]


def test_quote_followed_by_new_sentence() -> None:
    text = "قال: “المرة المقبلة ستكون في موسكو”. وغادر بعدها."
    assert segment_text(text) == ["قال: “المرة المقبلة ستكون في موسكو”.", "وغادر بعدها."]


def test_unclosed_quote_does_not_swallow_the_text() -> None:
    text = "قال “هذا كلام. " + "ثم جملة طويلة جداً. " * 40
    assert len(segment_text(text)) > 30


def test_a_stray_closing_quote_does_not_hold_the_next_sentences() -> None:
    # Issue 24: `…ناجحة."` closes nothing; paired with the next opening quote it made one
    # sentence of everything up to it.
    sentences = [
        'قال الوزير إن الخطة ناجحة."',
        "وأضاف أن الحكومة ستبدأ التنفيذ الشهر المقبل.",
        "وأشار إلى أن الميزانية جاهزة.",
        'وختم بأن "العمل مستمر" في كل المحافظات.',
    ]
    assert segment_text(" ".join(sentences)) == sentences


def test_punctuation_only_bits_join_the_previous_sentence() -> None:
    assert segment_text("انتهى الأمر. !! [1]. ثم بدأ") == ["انتهى الأمر. !! [1].", "ثم بدأ"]


# ------------------------------------------------------------------------- hard wraps

WRAPPED = """\
أعلنت بلدية المدينة الساحلية صباح اليوم بدء العمل في مشروع جديد لتحلية مياه البحر
بطاقة تصل إلى مئة ألف متر مكعب يوميا على أن ينتهي تنفيذه خلال ثلاثة أعوام كاملة.
وقال رئيس البلدية في مؤتمر صحافي إن المشروع سيخدم نحو نصف مليون نسمة في الأحياء
الشرقية التي تعاني من انقطاع المياه في أشهر الصيف الحارة. وأضاف أن التمويل مؤمن
بالكامل من موازنة الدولة.

وتواجه المنطقة منذ سنوات نقصا حادا في الموارد المائية. ويعتمد السكان على صهاريج
خاصة لسد حاجتهم اليومية من الماء.
"""


def test_hard_wrapped_lines_are_joined() -> None:
    sentences = segment_text(WRAPPED)
    assert sentences == [
        "أعلنت بلدية المدينة الساحلية صباح اليوم بدء العمل في مشروع جديد لتحلية مياه البحر "
        "بطاقة تصل إلى مئة ألف متر مكعب يوميا على أن ينتهي تنفيذه خلال ثلاثة أعوام كاملة.",
        "وقال رئيس البلدية في مؤتمر صحافي إن المشروع سيخدم نحو نصف مليون نسمة في الأحياء "
        "الشرقية التي تعاني من انقطاع المياه في أشهر الصيف الحارة.",
        "وأضاف أن التمويل مؤمن بالكامل من موازنة الدولة.",
        "وتواجه المنطقة منذ سنوات نقصا حادا في الموارد المائية.",
        "ويعتمد السكان على صهاريج خاصة لسد حاجتهم اليومية من الماء.",
    ]
    flat = flatten_breaks(WRAPPED)
    assert all(s in flat for s in sentences)


def test_wrapped_line_blocks_are_joined_and_attributed_to_their_first_block() -> None:
    lines = WRAPPED.split("\n\n")[0].split("\n")
    result = segment(_article(*(Block(line, "line") for line in lines)))
    assert [s.block for s in result.sentences] == [0, 2, 3]
    assert result.sentences[0].text.endswith("ثلاثة أعوام كاملة.")
    assert all(s.kind == "paragraph" for s in result.sentences)


def test_one_paragraph_per_line_news_is_not_joined() -> None:
    # Headlines without punctuation between paragraphs: each line stays a unit.
    text = (
        "قمة ترامب وبوتين في ألاسكا\n"
        "شهدت مدينة أنكوريدج مساء الجمعة انعقاد قمة جمعت الرئيس الأمريكي والرئيس الروسي لساعات طويلة "
        "وركزت على إنهاء الحرب في أوكرانيا وإعادة بناء العلاقات الاقتصادية بين البلدين.\n"
        "تصريحات بوتين عن السلام\n"
        "وأكد بوتين أن الجانبين توصلا إلى اتفاق مبدئي يمهد الطريق نحو السلام في أوكرانيا مع التشديد "
        "على ضرورة ضمان أمنها وإعادة العلاقات الاقتصادية إلى مسار عملي.\n"
        "ترامب يتحدث عن تقدم مهم\n"
        "من جانبه وصف ترامب المحادثات بأنها مثمرة للغاية وأوضح أنه تم التوصل إلى توافق حول عدة نقاط.\n"
    )
    sentences = segment_text(text)
    assert sentences[0] == "قمة ترامب وبوتين في ألاسكا"
    assert sentences[2] == "تصريحات بوتين عن السلام"
    assert len(sentences) == 6


# ------------------------------------------------------------------------ block kinds


def test_headings_lists_and_tables_are_their_own_sentences() -> None:
    article = _article(
        Block("التحضير للقمة", "heading", 2),
        Block("يشير بيسكوف إلى أن اللقاء يعتمد على تحضيرات متأنية. وأضاف أن المباحثات أظهرت تحسناً"),
        Block("اتفاق الطرفين على ضرورة عقد القمة.", "list_item"),
        Block("العمل على بناء الثقة المتبادلة", "list_item"),
        Block("التحديات | تراكم مشكلات عديدة بين البلدين.", "table_row"),
    )
    result = segment(article)
    assert [(s.text, s.kind, s.block) for s in result.sentences] == [
        ("التحضير للقمة", "heading", 0),
        ("يشير بيسكوف إلى أن اللقاء يعتمد على تحضيرات متأنية.", "paragraph", 1),
        ("وأضاف أن المباحثات أظهرت تحسناً", "paragraph", 1),
        ("اتفاق الطرفين على ضرورة عقد القمة.", "list_item", 2),
        ("العمل على بناء الثقة المتبادلة", "list_item", 3),
        ("التحديات | تراكم مشكلات عديدة بين البلدين.", "table_row", 4),
    ]
    assert [s.index for s in result.sentences] == list(range(6))
    assert result.article is article


def test_sentences_are_exact_substrings_of_their_blocks() -> None:
    blocks = tuple(
        Block(text, "paragraph")
        for text in (
            "  تستمر العلاقات الروسية الأمريكية في استقطاب الاهتمام.   وأكد المتحدث أن التخطيط مستمر!  ",
            "قال: “نأمل أن يمهد التفاهم الطريق إلى السلام”.",
        )
    )
    result = segment(_article(*blocks))
    assert len(result.sentences) == 3
    for sentence in result.sentences:
        assert sentence.text in blocks[sentence.block].text
        assert sentence.text == sentence.text.strip()


def test_empty_article_gives_no_sentences() -> None:
    assert segment(_article()).sentences == ()
    assert segment(_article(Block("   \n  ", "paragraph"))).sentences == ()
    assert segment_text("") == []


def test_sample_inputs_are_segmented_without_noise_loss() -> None:
    text = (SAMPLES / "04-alaska-three-hour-talks.txt").read_text(encoding="utf-8")
    sentences = segment_text(text)
    assert any(s.startswith("وقال ترامب: “لم نحقق") and s.endswith("نسبياً”.") for s in sentences)
    joined = re.sub(r"\s+", "", "".join(sentences))
    assert joined == re.sub(r"\s+", "", text)


# ------------------------------------------------------------------------- split_long


def _words(text: str) -> int:
    return len(text.split())


def test_split_long_prefers_clause_boundaries() -> None:
    text = "أكد الرئيس أن المفاوضات مستمرة، وأن الوفد سيعود غداً، وأن الاتفاق قريب"
    expected = ["أكد الرئيس أن المفاوضات مستمرة،", "وأن الوفد سيعود غداً،", "وأن الاتفاق قريب"]
    assert split_long(text, 6, _words) == expected


def test_split_long_then_conjunction_then_words_then_characters() -> None:
    text = "ذهب الرجل إلى السوق واشترى الخبز والحليب ثم عاد إلى البيت مسرعاً"
    expected = ["ذهب الرجل إلى السوق", "واشترى الخبز", "والحليب ثم عاد إلى البيت", "مسرعاً"]
    assert split_long(text, 5, _words) == expected
    assert split_long("كلمة", 2, len) == ["كل", "مة"]


def test_split_long_leaves_short_text_alone() -> None:
    assert split_long("جملة قصيرة", 10, _words) == ["جملة قصيرة"]
    assert split_long("   ", 10, _words) == []
    with pytest.raises(ValueError, match="max_tokens"):
        split_long("نص", 0, _words)


def _reassembles(pieces: list[str], text: str) -> bool:
    """The pieces appear in ``text`` in order, with only whitespace between them."""
    pos = 0
    for piece in pieces:
        found = text.find(piece, pos)
        if found < 0 or text[pos:found].strip():
            return False
        pos = found + len(piece)
    return not text[pos:].strip()


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ابتثو سمنل،,؛:;. \n\u200f1٣"), max_size=300),
    limit=st.integers(min_value=1, max_value=40),
    per_char=st.booleans(),
)
def test_split_long_covers_the_text_within_the_limit(text: str, limit: int, per_char: bool) -> None:
    count = len if per_char else (lambda t: len(t.split()) * 2)
    pieces = split_long(text, limit, count)
    assert all(piece and piece == piece.strip() for piece in pieces)
    assert _reassembles(pieces, text)
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)
    assert all(count(piece) <= limit or len(piece) == 1 for piece in pieces)


# --------------------------------------------------------------------------- fuzzing


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_segment_text_never_raises_and_returns_substrings(text: str) -> None:
    flat = flatten_breaks(text)
    for sentence in segment_text(text):
        assert sentence and sentence == sentence.strip()
        assert sentence in flat


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(codec="utf-8"), max_size=120),
            st.sampled_from(["line", "paragraph", "heading", "list_item", "table_row", "quote"]),
        ),
        max_size=8,
    )
)
def test_segment_never_raises_and_keeps_block_text(blocks: list[tuple[str, str]]) -> None:
    article = _article(*(Block(text, kind) for text, kind in blocks))  # type: ignore[arg-type]
    result = segment(article)
    assert [s.index for s in result.sentences] == list(range(len(result.sentences)))
    for sentence in result.sentences:
        source = article.blocks[sentence.block].text
        if sentence.text not in source:  # only a sentence joined over a hard wrap
            first = sentence.text.split(" ")[0]
            assert first in source
            assert sentence.text in flatten_breaks(article.text)


def test_speech_introduction_joins_the_quotation_on_the_next_line() -> None:
    text = "قال ترامب في المؤتمر الصحافي المشترك أمس:\n“لم نحقق الاتفاق النهائي بعد”.\nوغادر القاعة."
    assert segment_text(text) == [
        "قال ترامب في المؤتمر الصحافي المشترك أمس: “لم نحقق الاتفاق النهائي بعد”.",
        "وغادر القاعة.",
    ]
