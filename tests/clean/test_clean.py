"""Cleaning: characters, Markdown, every noise rule, reader comments, tables, title and metadata."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefing.clean.cleaner import RULES, clean, clean_text
from briefing.errors import EmptyArticleError
from briefing.ingest.read import ingest
from briefing.types import Article, Block, BlockKind, CleanArticle, SourceRef
from tests.paths import SAMPLES

INPUTS = SAMPLES
TITLE = "افتتاح مستشفى جديد للأطفال في المدينة"
BODY = (
    "افتتحت وزارة الصحة، الثلاثاء، مستشفى جديداً للأطفال بسعة 120 سريراً.",
    "وقالت الوزيرة إن المستشفى يضم وحدة للعناية المركزة لحديثي الولادة.",
    "وأضافت أن العمل فيه سيبدأ مطلع الشهر المقبل بطاقم من 300 طبيب وممرض.",
)


def make(*lines: str, fmt: str = "txt", kind: BlockKind = "line", **metadata: str) -> Article:
    source = SourceRef(path=f"a.{fmt}", format=fmt, encoding="utf-8", **metadata)
    return Article(source=source, blocks=tuple(Block(line, kind) for line in lines))


def body(cleaned: CleanArticle) -> list[str]:
    return [block.text for block in cleaned.blocks]


def rules(cleaned: CleanArticle) -> dict[str, str]:
    return {item.text: item.rule for item in cleaned.dropped}


# ------------------------------------------------------------------ characters


def test_invisible_characters_tatweel_and_presentation_forms() -> None:
    assert clean_text("ال\u200bقمة\u200f \u202bبين\u202c\u2067 الرئيسين\u2069\ufeff") == "القمة بين الرئيسين"
    assert clean_text("قمـــة") == "قمة"
    # U+FEFB U+FEF7 ... are presentation forms (lam-alef ligature, initial/final forms).
    assert clean_text("\ufefb\ufe97\ufe8e\ufe8b\ufe9e") == "لاتائج"
    assert clean_text("نص\u00a0\u00a0 مع   مسافات\x07") == "نص مع مسافات"
    # Other NFKC changes are not applied: the source's characters stay.
    assert clean_text("…“٣”") == "…“٣”"


def test_html_entities_in_text_files() -> None:
    cleaned = clean(make(TITLE, "قال&nbsp;الوزير إن الخطة &quot;ناجحة&quot; &amp; مكتملة.", BODY[0]))
    assert body(cleaned)[0] == 'قال الوزير إن الخطة "ناجحة" & مكتملة.'


# ------------------------------------------------------------------ markdown


def test_markdown_structure() -> None:
    cleaned = clean(
        make(
            "# العنوان الرئيسي",
            "",
            'فقرة فيها **تشديد** و*ميل* و`رمز` و~~شطب~~ و[رابط](https://a.example/x "t") و[مرجع][1].',
            "",
            "## قسم فرعي",
            "- بند أول",
            "* بند ثان",
            "+ بند ثالث",
            "1. خطوة أولى",
            "2) خطوة ثانية",
            "٣. خطوة ثالثة",
            "> اقتباس من المسؤول.",
            "![صورة](https://a.example/i.png)",
            "***",
            "[1]: https://a.example/ref",
            "عنوان بخط مسطر",
            "---",
            "| البلد | العدد |",
            "|---|:---:|",
            "| مصر | 12 |",
            "سطر <b>بوسم</b> HTML.",
            fmt="md",
        )
    )
    assert cleaned.title == "العنوان الرئيسي"
    assert [(block.kind, block.text) for block in cleaned.blocks] == [
        ("paragraph", "فقرة فيها تشديد وميل ورمز وشطب ورابط ومرجع."),
        ("heading", "قسم فرعي"),
        ("list_item", "بند أول"),
        ("list_item", "بند ثان"),
        ("list_item", "بند ثالث"),
        ("list_item", "خطوة أولى"),
        ("list_item", "خطوة ثانية"),
        ("list_item", "خطوة ثالثة"),
        ("quote", "اقتباس من المسؤول."),
        ("heading", "عنوان بخط مسطر"),
        ("table_row", "البلد | العدد"),
        ("table_row", "مصر | 12"),
        ("paragraph", "سطر بوسم HTML."),
    ]
    assert rules(cleaned) == {
        "العنوان الرئيسي": "title",
        "![صورة](https://a.example/i.png)": "markdown-image",
        "***": "markdown",
        "[1]: https://a.example/ref": "markdown",
    }


def test_markdown_hard_wrapped_paragraph_is_joined() -> None:
    cleaned = clean(make("# عنوان", "ويأتي المشروع ضمن خطة وطنية لتحديث الطرق،", "تشمل 12 جسراً.", fmt="md"))
    assert body(cleaned) == ["ويأتي المشروع ضمن خطة وطنية لتحديث الطرق، تشمل 12 جسراً."]


def test_plain_text_keeps_asterisks_and_dashes_in_sentences() -> None:
    line = "ارتفع المؤشر 5*3 نقاط و_الفائض_ بلغ 2025 - 2026 مليار."
    cleaned = clean(make(TITLE, line, BODY[0]))
    assert body(cleaned)[0] == line


def test_plain_text_bullets_and_numbers_become_list_items() -> None:
    cleaned = clean(make(TITLE, BODY[0], "  • اتفاق الطرفين.", "  1. تسريع الحلول.", "3- إيجاد صيغة تعاون."))
    assert [(block.kind, block.text) for block in cleaned.blocks[1:]] == [
        ("list_item", "اتفاق الطرفين."),
        ("list_item", "تسريع الحلول."),
        ("list_item", "إيجاد صيغة تعاون."),
    ]


# ------------------------------------------------------------------ noise rules


NOISE = [
    ("share", "Share this post with friends!"),
    ("share", "شارك هذا المقال"),
    ("share", "مشاركة:"),
    ("share", "Facebook Twitter WhatsApp"),
    ("share", "فيسبوك | تويتر | واتساب"),
    ("comment-counter", "0 thoughts"),
    ("comment-counter", "3 تعليقات"),
    ("comment-counter", "التعليقات (12)"),
    ("comment-counter", "لا توجد تعليقات"),
    ("comment-form", "أضف تعليقاً"),
    ("comment-form", "اترك رداً"),
    ("comment-form", "Leave a Reply"),
    ("comment-form", "لن يتم نشر عنوان بريدك الإلكتروني."),
    ("copyright", "2024 © - أشكاين جميع الحقوق محفوظة - [email protected]"),
    ("copyright", "All rights reserved."),
    ("copyright", "حقوق النشر محفوظة لموقع الخبر 2025"),
    ("email", "للتواصل: [email protected]"),
    ("email", "راسلونا على news@example.com"),
    ("read-also", "اقرأ أيضاً: التضخم يتراجع للشهر الرابع"),
    ("read-also", "إقرأ ايضا.. البنك يرفع الفائدة"),
    ("read-also", "مقالات ذات صلة"),
    ("read-also", "Read more: rates rise"),
    ("teaser", "تعرّف على تفاصيل الاجتماع، أبرز النقاط الخلافية، وما يعنيه ذلك لمستقبل العلاقات."),
    ("teaser", "تعرفوا على أبرز ما جاء في القمة"),
    ("follow", "تابعونا على تيليجرام"),
    ("follow", "انضم إلى قناتنا على واتساب"),
    ("follow", "حمل تطبيق الجريدة"),
    ("subscribe", "اشترك الآن للحصول على التنبيهات"),
    ("subscribe", "Subscribe to our channel"),
    ("newsletter", "سجّل بريدك لتصلك النشرة البريدية يومياً"),
    ("cookie", "نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك."),
    ("cookie", "This site uses cookies. Accept"),
    ("advert", "إعلان"),
    ("advert", "ADVERTISEMENT"),
    ("tags", "الوسوم: صحة، مستشفيات"),
    ("tags", "Tags: economy, banks"),
    ("navigation", "الرئيسية » أخبار » محليات"),
    ("navigation", "Home > News > World"),
    ("caption", "(صورة: أرشيفية)"),
    ("caption", "الصورة: رويترز"),
    ("no-text", "* * *"),
    ("no-text", "•"),
    ("comment-policy", "التعليقات المنشورة لا تعبر عن رأي الموقع وإنما عن آراء أصحابها"),
    ("comment-policy", "يرجى الالتزام بسياسة التعليقات وعدم الإساءة إلى الآخرين"),
    ("comment-policy", "الموقع ليس مسؤولا عن محتوى المواقع الخارجية"),
    ("promo", "استمع إلى الحلقة الجديدة من برنامجنا الأسبوعي"),
    ("promo", "تخطى البودكاست وواصل القراءة"),
    ("promo", "البودكاست"),
    ("promo", "لمشاهدة الفيديو اضغط هنا"),
    ("end-marker", "(انتهى)"),
    ("end-marker", "(يتبع)"),
    ("credit", "Role, مراسلة الشؤون الاقتصادية"),
    ("credit", "تصوير: خالد يوسف"),
    ("agency", "--(بترا)"),
    ("agency", "(أ ف ب)"),
    ("byline", "كتبت أسماء نصار"),
    ("byline", "كتب - محمود الشريف"),
    ("byline", "حوار: سامي عبد الله"),
    ("byline", "Author, ليلى حداد"),
    # Issue 24: page furniture in scraped text.
    ("navigation", "Skip to main content"),
    ("navigation", "تخطَّ إلى المحتوى"),
    ("navigation", "انتقل إلى المحتوى الرئيسي"),
    ("comment-form", "Add a new comment"),
    ("comment-form", "أضف تعليقا جديدا"),
    ("comment-form", "إضافة تعليق"),
    ("comment-form", "كن أول من يعلق"),
    ("comment-policy", "التعليقات أدناه لا تعبر بالضرورة عن رأي الموقع بل عن رأي أصحابها."),
    ("comment-policy", "The views below do not necessarily reflect the views of the website."),
    ("byline", "Author, نادية سَليم و كريم حداد"),
]


@pytest.mark.parametrize(("rule", "line"), NOISE)
def test_noise_rule(rule: str, line: str) -> None:
    cleaned = clean(make(TITLE, BODY[0], line, BODY[1], BODY[2]))
    assert body(cleaned) == list(BODY)
    if rule == "no-text" and line == "* * *":
        rule = "markdown"  # a thematic break is recognised before the no-text rule
    assert rules(cleaned)[line] == rule
    assert rule in RULES


@pytest.mark.parametrize(
    "line",
    [
        "مشاركة رفيعة المستوى في القمة",  # "participation", not "share"
        "شارك في المحادثات وزير الخارجية ووفد روسي رفيع المستوى.",
        "تابع الرئيس قائلاً إن المفاوضات ستستمر.",
        "وتعرف على المصابين ذووهم في المستشفى بعد ساعات من الحادث.",
        "اكتشف العلماء أن الزلزال وقع على عمق عشرة كيلومترات تحت سطح البحر.",
        "وكتب الرئيس على منصته أن اللقاء كان مثمراً للغاية وأن الطرفين اتفقا على مواصلة الحوار.",
        "وقال المتحدث إن الشركة تعتزم إطلاق نشرة جديدة للمشتركين وإن سياسة الخصوصية ستتغير الشهر المقبل.",
        "ودعت الوزارة المواطنين إلى الاشتراك في برنامج التأمين الصحي قبل نهاية العام الحالي.",
        "وأشار إلى أن 3 تعليقات فقط وصلت إلى اللجنة من أصل مئات المشاركين في الاستطلاع الذي نظمته الوزارة.",
        "وأكد أن عنوان البريد contact@ministry.example مخصص للشكاوى، وأن الرد سيصل خلال أسبوع من الاستلام.",
        "تقرير: الأمم المتحدة تحذر من موجة جفاف جديدة في الإقليم",  # a label over a headline
        "كتبت الصحيفة أن الحكومة ستستقيل قبل نهاية الأسبوع.",
        "استمع القاضي إلى إفادات الشهود الثلاثة قبل أن يرفع الجلسة إلى الأسبوع المقبل.",
        "وأطلق الصحافي بودكاست جديداً يتناول قصص المهاجرين في المدينة.",
        "وقال إن التعليقات التي أدلى بها لا تعبر عن رأي الحكومة.",
        "The minister said the views do not reflect government policy.",
        "انتقل الوزير إلى المحتوى الرقمي للوزارة في كلمته أمام البرلمان.",
    ],
)
def test_sentences_mentioning_noise_words_stay(line: str) -> None:
    cleaned = clean(make(TITLE, BODY[0], line, BODY[1]))
    assert line in body(cleaned)


def test_protected_email_artifact_inside_a_long_sentence_is_removed() -> None:
    line = (
        "وقال المكتب الإعلامي إن الاستفسارات ترسل إلى [email protected] قبل نهاية الأسبوع المقبل "
        "لمن يرغب في الحضور."
    )
    cleaned = clean(make(TITLE, line, BODY[0]))
    assert (
        body(cleaned)[0]
        == "وقال المكتب الإعلامي إن الاستفسارات ترسل إلى قبل نهاية الأسبوع المقبل لمن يرغب في الحضور."
    )
    assert rules(cleaned)["[email protected]"] == "email"


def test_read_also_prompt_takes_the_linked_title_below_it() -> None:
    cleaned = clean(make(TITLE, BODY[0], "اقرأ أيضاً:", "وزارة الصحة تطلق حملة تطعيم واسعة", BODY[1]))
    assert body(cleaned) == [BODY[0], BODY[1]]
    assert rules(cleaned)["وزارة الصحة تطلق حملة تطعيم واسعة"] == "read-also"


def test_rules_apply_to_html_paragraph_blocks() -> None:
    cleaned = clean(make(BODY[0], "تابعونا على تويتر وفيسبوك", BODY[1], kind="paragraph", title=TITLE))
    assert body(cleaned) == [BODY[0], BODY[1]]


# ------------------------------------------------------------------ metadata from the text


def test_byline_dateline_and_copyright_become_metadata() -> None:
    cleaned = clean(
        make(
            TITLE,
            "بقلم: نادية العمري",
            "نشر في: الجمعة 14 مارس 2025",
            "آخر تحديث: 15/03/2025 10:00",
            *BODY,
            "© 2025 جريدة المدينة. جميع الحقوق محفوظة",
        )
    )
    source = cleaned.source
    assert (source.title, source.author, source.published, source.outlet) == (
        TITLE,
        "نادية العمري",
        "2025-03-14",
        "جريدة المدينة",
    )
    assert dict(source.provenance) == {
        "title": "first-line",
        "author": "byline",
        "published": "dateline",
        "outlet": "copyright-line",
    }
    assert rules(cleaned)["آخر تحديث: 15/03/2025 10:00"] == "dateline"
    assert body(cleaned) == list(BODY)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("كتبت أسماء نصار", "أسماء نصار"),
        ("حوار: سامي عبد الله", "سامي عبد الله"),
        ("Author, ليلى حداد", "ليلى حداد"),
        ("--(بترا)", "بترا"),
    ],
)
def test_bylines_and_agency_credits_become_the_author(line: str, author: str) -> None:
    cleaned = clean(make(TITLE, line, *BODY))
    assert cleaned.source.author == author
    assert body(cleaned) == list(BODY)


@pytest.mark.parametrize("kind", ["line", "list_item"])
def test_byline_rows_in_a_list_are_bylines(kind: BlockKind) -> None:
    # A page's byline box lists its label pairs: `Author, …`, `Role, …`.
    article = make("Author, ليلى حداد", "Role, مراسلة الشؤون الاقتصادية", kind=kind, title=TITLE)
    cleaned = clean(dataclasses.replace(article, blocks=(*article.blocks, *make(*BODY).blocks)))
    assert (cleaned.source.author, body(cleaned)) == ("ليلى حداد", list(BODY))


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("كتب: سامي الحسن | 12 جويلية 2019 - 10:30", "2019-07-12T10:30:00"),
        ("بقلم سامي الحسن - الأربعاء 28 آب/اغسطس 2013 - 10:30 م", "2013-08-28T22:30:00"),
        ("By Sami Hassan, Aug 28, 2013", "2013-08-28"),
    ],
)
def test_a_byline_with_its_date_stamp(line: str, published: str) -> None:
    cleaned = clean(make(TITLE, line, *BODY))
    assert (cleaned.source.author, cleaned.source.published) == (
        "Sami Hassan" if line.startswith("By") else "سامي الحسن",
        published,
    )
    assert dict(cleaned.source.provenance)["published"] == "byline"
    assert body(cleaned) == list(BODY)


def test_agency_credit_at_the_start_or_end_of_a_paragraph_is_cut_off() -> None:
    lead = "عمّان 5 آب (بترا)-- " + BODY[0]
    tail = BODY[2][:-1] + " --(بترا) ع ح/ م ق"
    cleaned = clean(make(TITLE, lead, BODY[1], tail))
    assert body(cleaned) == [BODY[0], BODY[1], BODY[2][:-1]]
    assert rules(cleaned)["عمّان 5 آب (بترا)--"] == "agency"
    assert rules(cleaned)["--(بترا) ع ح/ م ق"] == "agency"
    assert (cleaned.source.author, dict(cleaned.source.provenance)["author"]) == ("بترا", "agency-credit")


def test_a_word_alone_in_a_web_page_paragraph_is_a_fragment() -> None:
    cleaned = clean(make(BODY[0], "الحلقات", BODY[1], "نعم.", kind="paragraph", fmt="html", title=TITLE))
    assert body(cleaned) == [BODY[0], BODY[1], "نعم."]
    assert rules(cleaned) == {"الحلقات": "fragment"}


def test_text_metadata_never_overrides_file_metadata() -> None:
    cleaned = clean(
        make("By John Smith", *BODY, "16/08/2025", author="Agency", published="2025-01-01", title=TITLE)
    )
    assert (cleaned.source.author, cleaned.source.published) == ("Agency", "2025-01-01")
    assert rules(cleaned) == {"By John Smith": "byline", "16/08/2025": "dateline"}
    assert dict(cleaned.source.provenance) == {}  # nothing taken from the text


# ------------------------------------------------------------------ title and repeats


def test_title_from_metadata_and_repeated_headline_dropped() -> None:
    cleaned = clean(make(TITLE, "", "Share this post with friends!", TITLE + " ", *BODY, title=TITLE))
    assert cleaned.title == TITLE
    assert body(cleaned) == list(BODY)
    assert [item.rule for item in cleaned.dropped] == ["repeated-headline", "share", "repeated-headline"]


def test_shortened_og_title_still_drops_the_longer_h1() -> None:
    long_title = "البنك المركزي يثبت أسعار الفائدة للمرة الثالثة على التوالي"
    article = Article(
        SourceRef("a.html", "html", title="البنك المركزي يثبت أسعار الفائدة للمرة الثالثة"),
        (Block(long_title, "heading", 1), *(Block(text, "paragraph") for text in BODY)),
    )
    assert body(clean(article)) == list(BODY)


def test_title_from_first_heading_or_short_first_line() -> None:
    cleaned = clean(make("## عنوان من الرأس", *BODY, fmt="md"))
    assert (cleaned.title, dict(cleaned.source.provenance)["title"]) == ("عنوان من الرأس", "first-heading")
    cleaned = clean(make(TITLE, *BODY))
    assert (cleaned.title, dict(cleaned.source.provenance)["title"]) == (TITLE, "first-line")
    assert rules(cleaned) == {TITLE: "title"}


def test_long_first_line_is_not_a_title() -> None:
    long_line = " ".join([BODY[0]] * 3)
    cleaned = clean(make(long_line, BODY[1]))
    assert cleaned.title is None
    assert body(cleaned) == [long_line, BODY[1]]


def test_duplicate_paragraphs() -> None:
    cleaned = clean(make(TITLE, BODY[0], BODY[1], BODY[0]))
    assert body(cleaned) == [BODY[0], BODY[1]]
    assert [item.rule for item in cleaned.dropped] == ["title", "duplicate"]


def test_short_unpunctuated_line_before_text_is_a_subheading() -> None:
    cleaned = clean(
        make(TITLE, "", BODY[0], "", "قمة بوتين وترمب: فرصة للحوار", "", BODY[1], "", "وقال ترامب:", BODY[2])
    )
    assert [block.kind for block in cleaned.blocks] == [
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
    ]


# ------------------------------------------------------------------ reader comments


def test_informal_reader_comments_at_the_end() -> None:
    comments = (
        "لا سلام لنفوس اي انسان حر بدون سلام…سوى ذلك مجرد تمويه و خلق الخبر و على حساب الناس !!!",
        "نحن عايشنا احداثا تكفي لفهم توقيت كل حدث!!",
    )
    cleaned = clean(make(TITLE, *BODY, *comments))
    assert body(cleaned) == list(BODY)
    assert [rules(cleaned)[line] for line in comments] == ["reader-comments", "reader-comments"]


def test_an_exclamation_at_the_end_of_an_article_is_not_a_comment() -> None:
    last = "وختم الوزير كلمته بالقول: إنها بداية مرحلة جديدة!"
    cleaned = clean(make(TITLE, *BODY, last))
    assert body(cleaned)[-1] == last


def test_everything_after_the_comment_section_marker_is_dropped() -> None:
    cleaned = clean(make(TITLE, *BODY, "3 تعليقات", "أحمد: خطوة ممتازة ننتظرها منذ زمن", "سلمى: الله يوفقكم"))
    assert body(cleaned) == list(BODY)
    assert rules(cleaned)["سلمى: الله يوفقكم"] == "reader-comments"


def test_comment_counter_under_the_headline_does_not_hide_the_article() -> None:
    cleaned = clean(make(TITLE, "2 تعليقات", *BODY))
    assert body(cleaned) == list(BODY)


# ------------------------------------------------------------------ tables


def test_tab_separated_table() -> None:
    cleaned = clean(make(TITLE, BODY[0], "البلد\tالعدد", "مصر\t12", "الأردن\t7", BODY[1]))
    assert [(block.kind, block.text) for block in cleaned.blocks[1:4]] == [
        ("table_row", "البلد | العدد"),
        ("table_row", "مصر | 12"),
        ("table_row", "الأردن | 7"),
    ]


def test_table_with_glued_cells() -> None:
    rows = (
        "الموضوعموقف موسكوموقف واشنطن",
        "العلاقات الاقتصاديةالعودة إلى مسار عملي.الانفتاح الجزئي لكن بحذر.",
        "تفاصيل الاتفاق النهائيلم تُكشف بعد.لم تُكشف بعد.",
    )
    cleaned = clean(make(TITLE, BODY[0], "إليك جدولًا يوضح أهم التفاهمات:", *rows, "", BODY[1]))
    kinds = {block.text: block.kind for block in cleaned.blocks}
    assert [kinds[row] for row in rows] == ["table_row"] * 3
    assert kinds["إليك جدولًا يوضح أهم التفاهمات:"] == "paragraph"


def test_header_and_short_rows_in_a_blank_separated_text() -> None:
    rows = ("الموضوع أهم التفاصيل", "اجتماع بوتين وترامب قيد التحضير.", "التحديات تراكم مشكلات عديدة.")
    cleaned = clean(make(TITLE, "", BODY[0], "", *rows, "", BODY[1], "", BODY[2]))
    assert [block.kind for block in cleaned.blocks if block.text in rows] == ["table_row"] * 3


def test_consecutive_paragraphs_in_a_text_without_blank_lines_are_not_a_table() -> None:
    lines = ("بداية مسار جديد", "القمة اعتبرت اختباراً للحوار.", "وقال ترامب إن التقدم كبير.")
    cleaned = clean(make(TITLE, BODY[0], *lines, BODY[1]))
    assert "table_row" not in {block.kind for block in cleaned.blocks}


# ------------------------------------------------------------------ empty


def test_only_noise_is_an_empty_article() -> None:
    with pytest.raises(
        EmptyArticleError, match=r"a\.txt: no article text left after cleaning \(3 lines dropped"
    ):
        clean(make("Share this post with friends!", "0 thoughts", "أضف تعليقاً"))


def test_only_headings_is_an_empty_article() -> None:
    with pytest.raises(EmptyArticleError, match="no article text"):
        clean(make("# عنوان", "## قسم", fmt="md"))


# ------------------------------------------------------------------ the sample articles


def sample(prefix: str) -> CleanArticle:
    return clean(ingest(next(INPUTS.glob(f"{prefix}-*"))))


def test_sample_04_copyright_and_reader_comments() -> None:
    cleaned = sample("04")
    assert [item.rule for item in cleaned.dropped] == [
        "copyright",
        "title",
        "reader-comments",
        "reader-comments",
    ]
    assert cleaned.dropped[0].text.startswith("2024 © - أشكاين")
    assert cleaned.dropped[2].text.startswith("لا سلام لنفوس")
    assert cleaned.dropped[3].text == "نحن عايشنا احداثا تكفي لفهم توقيت كل حدث!!"
    assert cleaned.title.startswith("قمة ترامب – بوتين")
    assert body(cleaned)[-1].startswith("وبينما يترقب العالم")


def test_sample_05_share_repeated_title_comments_and_table() -> None:
    cleaned = sample("05")
    assert {item.rule for item in cleaned.dropped} == {
        "title",
        "share",
        "repeated-headline",
        "comment-counter",
        "comment-form",
    }
    rows = [block.text for block in cleaned.blocks if block.kind == "table_row"]
    assert len(rows) == 5 and rows[0] == "الموضوعموقف موسكوموقف واشنطن"
    assert "مشاركة رفيعة المستوى في القمة" in body(cleaned)


def test_sample_03_flattened_table_and_lists() -> None:
    cleaned = sample("03")
    rows = [block.text for block in cleaned.blocks if block.kind == "table_row"]
    assert rows[0] == "الموضوع أهم التفاصيل" and len(rows) == 4
    assert sum(block.kind == "list_item" for block in cleaned.blocks) == 6


def test_sample_01_markdown() -> None:
    cleaned = sample("01")
    assert cleaned.title == "الكرملين: قمة بوتين ترامب"
    assert not any(block.text.startswith(("#", "-")) for block in cleaned.blocks)
    assert sum(block.kind == "list_item" for block in cleaned.blocks) == 6


def test_every_rule_used_is_documented() -> None:
    for prefix in ("01", "02", "03", "04", "05"):
        assert {item.rule for item in sample(prefix).dropped} <= set(RULES)


# ------------------------------------------------------------------ plain-text layout

# A newspaper column file: hard-wrapped at about 70 characters, each paragraph starting
# with a space, no blank lines and no headline (the shape of archives and PDF copies).
COLUMN = """\
 افتتح وزير الثقافة مساء أمس في قاعة المعارض الكبرى بحضور رئيس مكتب التوجيه
والإرشاد معرض (ضوء القلم) للخطاط سامر الحلبي، ويضم أربعين لوحة تعرض للمرة
الأولى أمام الجمهور.
 وقال الوزير إن المعرض يقدم الحرف العربي بطريقة فنية ومشوقة تجمع بين الخط
التقليدي والتشكيل الحديث. وأضاف أن الوزارة ستنظم جولة للمعرض في ثلاث مدن
خلال الأشهر المقبلة.
 ويستمر المعرض حتى نهاية الشهر الجاري، ويفتح أبوابه يوميا من العاشرة صباحا
حتى التاسعة مساء.
"""

COLUMN_PARAGRAPHS = [
    "افتتح وزير الثقافة مساء أمس في قاعة المعارض الكبرى بحضور رئيس مكتب التوجيه والإرشاد معرض "
    "(ضوء القلم) للخطاط سامر الحلبي، ويضم أربعين لوحة تعرض للمرة الأولى أمام الجمهور.",
    "وقال الوزير إن المعرض يقدم الحرف العربي بطريقة فنية ومشوقة تجمع بين الخط التقليدي والتشكيل "
    "الحديث. وأضاف أن الوزارة ستنظم جولة للمعرض في ثلاث مدن خلال الأشهر المقبلة.",
    "ويستمر المعرض حتى نهاية الشهر الجاري، ويفتح أبوابه يوميا من العاشرة صباحا حتى التاسعة مساء.",
]


def _txt(tmp_path: Path, text: str) -> CleanArticle:
    path = tmp_path / "column.txt"
    path.write_text(text, encoding="utf-8")
    return clean(ingest(path))


def test_hard_wrapped_column_is_joined_into_its_paragraphs(tmp_path: Path) -> None:
    cleaned = _txt(tmp_path, COLUMN)
    assert cleaned.title is None  # the first line is half of the lead sentence, not a headline
    assert body(cleaned) == COLUMN_PARAGRAPHS
    assert all(block.kind == "paragraph" for block in cleaned.blocks)
    assert cleaned.dropped == ()


def test_hard_wrapped_column_without_indentation_is_joined_at_unpunctuated_lines(tmp_path: Path) -> None:
    cleaned = _txt(tmp_path, "\n".join(line.strip() for line in COLUMN.splitlines()))
    # Without indentation a line ending a sentence also ends the paragraph.
    assert " ".join(body(cleaned)) == " ".join(COLUMN_PARAGRAPHS)
    assert body(cleaned)[0] == COLUMN_PARAGRAPHS[0]
    assert cleaned.title is None


@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_a_headline_set_apart_above_a_wrapped_column_is_the_title(tmp_path: Path, separator: str) -> None:
    cleaned = _txt(tmp_path, "افتتاح معرض للخط العربي" + separator + COLUMN)
    assert cleaned.title == "افتتاح معرض للخط العربي"
    assert body(cleaned) == COLUMN_PARAGRAPHS


def test_a_byline_line_is_not_joined_into_the_column(tmp_path: Path) -> None:
    cleaned = _txt(tmp_path, "كتبت أسماء نصار\n" + COLUMN)
    assert cleaned.source.author == "أسماء نصار"
    assert body(cleaned) == COLUMN_PARAGRAPHS


@pytest.mark.parametrize(
    "flash",
    [
        "عاجل: زلزال بقوة 6 درجات يضرب الساحل الشمالي ولا أنباء عن إصابات.",
        "عاجل زلزال بقوة 6 درجات يضرب الساحل الشمالي",
    ],
)
def test_a_one_sentence_file_is_a_one_sentence_article(tmp_path: Path, flash: str) -> None:
    cleaned = _txt(tmp_path, flash + "\n")
    assert body(cleaned) == [flash]
    assert cleaned.title is None


def test_a_sentence_first_line_is_never_the_title() -> None:
    cleaned = clean(make("قال الوزير إن المعرض سيفتتح غدا.", *BODY))
    assert cleaned.title is None
    assert body(cleaned)[0] == "قال الوزير إن المعرض سيفتتح غدا."


# ------------------------------------------------------------------ a headline glued to its lead

LEAD = "أعلنت وزارة الصحة، الثلاثاء، افتتاح مستشفى جديد للأطفال بسعة 120 سريراً في المدينة القديمة."


@pytest.mark.parametrize(
    ("headline", "lead"),
    [
        (TITLE, LEAD),
        (
            '"غيمة" تفوز بجائزة المهرجان الكبرى',
            "قالت لجنة التحكيم إن الفيلم قدم رؤية جديدة لحياة المدن الصغيرة في الجنوب.",
        ),
        (
            "لماذا تأخر موسم الأمطار هذا العام؟",
            "كشفت دراسة حديثة أن ارتفاع حرارة البحر غير مسار المنخفضات الجوية في المنطقة كلها.",
        ),
        (
            "زلزال بقوة 5 درجات يضرب الساحل",
            "دبي، الإمارات العربية المتحدة (CNN)-- ضرب زلزال بقوة خمس درجات الساحل فجر الأحد.",
        ),
    ],
)
def test_a_headline_glued_to_its_lead_becomes_the_title(headline: str, lead: str) -> None:
    cleaned = clean(make(f"{headline} {lead}", BODY[1], BODY[2]))
    assert (cleaned.title, body(cleaned)) == (headline, [lead, BODY[1], BODY[2]])
    assert dict(cleaned.source.provenance)["title"] == "first-line-headline"
    assert rules(cleaned)[headline] == "title"


@pytest.mark.parametrize(
    "first",
    [
        LEAD,  # a lead alone
        "في خطوة مفاجئة أعلنت الحكومة استقالتها بعد أسابيع من الاحتجاجات في العاصمة والمدن الكبرى.",
        "كشف استطلاع نشر مؤخرا أن الثقة بالمؤسسات تراجعت خلال الفترة الماضية بصورة كبيرة جدا.",
        "شن المسلحون هجوما على القرية قتل فيه عشرة أشخاص على الأقل بحسب مصادر محلية متطابقة.",
        "تعرضت الوزيرة لانتقادات واسعة بعد تصريحات قالت فيها إن الخطة ستؤجل إلى العام المقبل.",
    ],
)
def test_a_lead_alone_is_never_cut(first: str) -> None:
    cleaned = clean(make(first, BODY[1], BODY[2]))
    assert cleaned.title is None and body(cleaned)[0] == first


def test_a_glued_headline_is_looked_for_in_text_files_only() -> None:
    cleaned = clean(make(f"{TITLE} {LEAD}", BODY[1], fmt="html", kind="paragraph"))
    assert cleaned.title is None and body(cleaned)[0] == f"{TITLE} {LEAD}"
