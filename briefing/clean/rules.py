"""Noise rules: the line patterns ``clean`` drops (share prompts, comment counters and forms,
copyright, "read also", follow/subscribe/newsletter/cookie text, adverts, tags, breadcrumbs,
promotions, captions...), news-agency credits, e-mail and date lines, and the signs of reader
comments.

Noise is recognised on short lines only (each rule has a word limit), so a real sentence that
merely mentions "subscribe" or "copyright" is never dropped. Patterns are matched against a
folded copy of the line (:func:`~briefing.clean.characters.fold`), so one pattern covers the
spellings outlets use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.clean.characters import fold
from briefing.ingest.readers.meta import byline_author, is_role_credit


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    max_words: int
    description: str


def _rule(name: str, pattern: str, max_words: int, description: str) -> _Rule:
    return _Rule(name, re.compile(fold(pattern), re.IGNORECASE), max_words, description)


_SOCIAL = (
    r"facebook|twitter|whatsapp|telegram|linkedin|pinterest|reddit|email|e-mail|print|copy link|messenger"
    r"|فيسبوك|فيس بوك|تويتر|واتساب|واتس اب|تيليجرام|تلغرام|تليجرام|لينكد ان|لينكدان|طباعة|انستغرام|انستجرام|x"
)
_COMMENT_WORDS = r"تعليق|تعليقات|تعليقان|التعليقات|ردود|الردود"
LINE_RULES: tuple[_Rule, ...] = (
    _rule(
        "share",
        r"^(share|sharing|tweet|pin it)\b|^(شارك|شاركوا|شاركي|انشر|مشاركة)\s*[:：]?$"
        r"|^(شارك|شاركوا|شاركي|انشر|مشاركة)\s+(هذا|هذه|المقال|الخبر|الموضوع|القصة|الصفحة|على|عبر|مع أصدقائك)"
        rf"|^((?:{_SOCIAL})[\s,|/·•:-]*)+$",
        12,
        "share prompts and share-button labels",
    ),
    _rule(
        "comment-counter",
        rf"^\d+\s+(thoughts?|comments?|responses?|replies|reactions?)\b|^(no|one)\s+(comments?|thoughts?|responses?)\b"
        rf"|^comments?\s*(\(\d+\))?:?$|^(\d+\s+)?({_COMMENT_WORDS})(\s*\(\d+\))?\s*:?$"
        rf"|^(لا توجد|لا يوجد|عدد)\s+(تعليقات|تعليق|التعليقات)",
        6,
        'comment counters ("0 thoughts", "3 تعليقات")',
    ),
    _rule(
        "comment-form",
        r"^(leave|post|add|write|submit)\s+(a\s+)?(new\s+)?(comment|reply|response)|^cancel reply|^reply$"
        r"|^be the first to comment|^comments are closed"
        r"|^(إضافة|اضافة|كتابة|إرسال|ارسال)\s+(ال)?(تعليق|رد)|^(كن|كوني)\s+(أول|اول)\s+من\s+(يعلق|يعلق)"
        r"|^(التعليقات|التعليق)\s+(مغلقة|مغلق)|^(شاركنا|شاركونا)\s+(برأيك|رأيك|برايك|رايك)"
        r"|your email address will not be published|required fields are marked"
        r"|^(name|email|website)\s*\*?$"
        r"|^(أضف|اضف|أترك|اترك|اكتب|أرسل|ارسل|إرسال|ارسال)\s+(ال)?(تعليق|تعليقك|تعليقا|رد|ردا|الرد)"
        r"|لن يتم نشر (عنوان )?بريدك|الحقول (الإلزامية|المطلوبة)"
        r"|^(الاسم|البريد الإلكتروني)\s*\*?$|^إلغاء الرد",
        15,
        'comment forms ("أضف تعليقاً", "Leave a reply")',
    ),
    _rule(
        "copyright",
        r"©|\(c\)\s*\d{4}|copyright|all rights reserved"
        r"|جميع الحقوق محفوظة|الحقوق محفوظة|حقوق النشر|حقوق الطبع",
        30,
        "copyright lines",
    ),
    _rule(
        "read-also",
        r"^(اقرأ|إقرأ|طالع|شاهد|تابع|اقرئي|اقرأوا)\s+(أيضا|ايضا|كذلك|المزيد|أكثر)"
        r"|^(مواضيع|مقالات|أخبار|اخبار|مواد|قصص)\s+(ذات صلة|متعلقة|مشابهة|مقترحة)"
        r"|^(related|read also|read more|see also|more on this|you may also like|recommended)\b",
        25,
        '"read also" and related-article links',
    ),
    _rule(
        "teaser",
        # Calls to the reader that sell the article rather than report ("تعرّف على تفاصيل
        # الاجتماع…", "اكتشف…"): news prose does not address the reader in the imperative.
        r"^(تعرف|تعرفوا|تعرفي|اكتشف|اكتشفوا|اكتشفي)\s+(على|الى|إلى)\s"
        r"|^(find out|learn more|discover)\b",
        30,
        'reader teasers ("تعرّف على تفاصيل…")',
    ),
    _rule(
        "follow",
        r"^(تابعونا|تابعنا|تابعوا)(\s|:|$)|^follow us\b"
        r"|^(انضم|انضموا|انضمي)\s+(إلى|الى|ل)\s*(قناتنا|قناة|مجموعتنا)"
        r"|^join our\b|^(حمل|حملوا|نزل)\s+(تطبيق|التطبيق)|^download (our|the) app",
        15,
        "follow-us and app prompts",
    ),
    _rule(
        "subscribe",
        r"^(اشترك|اشتركوا|اشتركي|للاشتراك|سجل الآن|سجل الان|subscribe|sign up)\b",
        20,
        "subscribe prompts",
    ),
    _rule("newsletter", r"newsletter|النشرة البريدية|نشرتنا|القائمة البريدية", 25, "newsletter sign-ups"),
    _rule("cookie", r"cookie|ملفات تعريف الارتباط|الكوكيز|ملفات الارتباط", 40, "cookie and privacy banners"),
    _rule(
        "cookie",
        r"privacy policy|terms of use|سياسة الخصوصية|شروط الاستخدام",
        6,
        "cookie and privacy banners",
    ),
    _rule(
        "advert",
        r"^-*\s*(advertisement|sponsored|ad|إعلان|اعلان|محتوى مدفوع|محتوى ممول|مساحة إعلانية)\s*-*$",
        4,
        "advert labels",
    ),
    _rule(
        "tags",
        r"^(tags|tagged|الوسوم|وسوم|كلمات مفتاحية|الكلمات المفتاحية|الكلمات الدلالية)\s*[:：]",
        30,
        "tag lists",
    ),
    _rule(
        "navigation",
        r"^(الرئيسية|الصفحة الرئيسية|home)\s*[»›>/|]|[»›].*[»›]",
        12,
        "breadcrumbs and skip-to-content links",
    ),
    _rule(
        "navigation",
        # The first link of a page, for keyboard and screen-reader users ("Skip to main content").
        r"^(skip|jump)\s+to\s+(the\s+)?(main\s+)?(content|navigation|article|text)\b"
        r"|^(تخط|تخطى|تخطي|تجاوز|انتقل|اذهب|الانتقال|التخطي|الانتقال مباشرة)\s+(الى|إلى|ل)\s*"
        r"(ال)?(محتوى|المحتوى|المحتوي|القائمة|المقال|النص)",
        6,
        "breadcrumbs and skip-to-content links",
    ),
    _rule(
        "comment-policy",
        # The box under the comment form, and the external-links notice of some sites.
        r"(سياسة|شروط|قواعد|ضوابط|معايير)\s+(ال)?(تعليق|تعليقات|التعليقات|النشر في الموقع)"
        r"|(التعليقات|الآراء)\s+(المنشورة\s+)?(لا\s+)?(تعبر|يعبر)\s+(الا\s+)?عن\s+"
        r"(رأي|راي|وجهة نظر|آراء|اراء)"
        # `التعليقات [أدناه] لا تعبر [بالضرورة] عن رأي الموقع / أصحابها`: words may come between
        # when the opinion named is the site's or the commenters' (news prose quotes other views).
        r"|(التعليقات|الآراء|التعليق)(\s+[^\s]+){0,3}?\s+(لا\s+)?(تعبر|يعبر)\s+(بالضرورة\s+)?(الا\s+)?عن\s+"
        r"(رأي|راي|وجهة نظر|آراء|اراء)\s+(ال)?(موقع|صحيفة|جريدة|شبكة|قناة|إدارة|اصحابها|أصحابها|كتابها)"
        r"|\b(comments|(views|opinions)( expressed)? below)\b[\w\s,]{0,40}"
        r"\b(do not|does not|don't|doesn't)\s+(necessarily\s+)?(reflect|represent)\s+"
        r"(the\s+)?(views?|opinions?)\s+of\s+(the\s+)?(this\s+)?"
        r"(site|website|publisher|newspaper|editors?|management)"
        r"|(لا|ليس|ليست|غير)\s+(تعبر|يعبر|مسؤوله|مسؤولا|مسؤول)\s+عن\s+(رأي|راي|محتوى|محتويات)\s+"
        r"(الموقع|المواقع الخارجية|الصحيفه|الجريده|التعليقات)"
        r"|comments? (are|is) moderated|comment policy|not responsible for the content of external",
        80,
        "comment-policy and external-links notices",
    ),
    _rule(
        "promo",
        # Podcast, video and app promotions between paragraphs ("استمع إلى الحلقة…",
        # "تخطى البودكاست وواصل القراءة"): calls to the reader, not reporting.
        # The imperatives are also past tenses (`استمع القاضي…`): a promo has no full stop.
        r"^(استمع|استمعوا|استمعي|للاستماع|اضغط هنا|اضغط على|انقر هنا|انقر على|لمشاهدة|شاهد الفيديو|شاهدوا)"
        r"(\s|:|$)(?!.*[.!?؟]\W*$)"
        r"|تخط[ىي]\s+(ال)?(بودكاست|الإعلان|الاعلان|الفيديو)|(و)?واصل القراءة"
        r"|^(listen|watch)\b|skip (the )?(podcast|ad)"
        r"|^(ال)?(بودكاست|podcast)\b|(حلقات|حلقة|الحلقات|الحلقة)\s+(ال)?(بودكاست|podcast)",
        20,
        "podcast, video and app promotions",
    ),
    _rule(
        "end-marker",
        r"^[-–—(\[\s]*(انتهى|انتهي|نهاية|يتبع|تتمة|end|ends)[\s)\]–—.-]*$",
        3,
        'end-of-story markers ("- انتهى -", "يتبع")',
    ),
    _rule(
        "caption",
        r"^\(?(صورة|الصورة|صور|photo|image|credit|getty images)\s*[:：(]|^\(?صورة (أرشيفية|من الأرشيف)\)?$",
        15,
        "photo captions and credits",
    ),
)

# Words of a copyright line that are not the outlet's name (folded, lower-case).
_COPYRIGHT_WORDS = frozenset(
    {"©", "(c)", "copyright", "all", "rights", "reserved", "جميع", "الحقوق", "محفوظه", "حقوق", "النشر"}
    | {"الطبع", "والنشر", "ل", "لـ", "لموقع", "موقع"}
)
_YEARS = re.compile(r"^\(?(19|20)\d{2}([-–](19|20)\d{2})?\)?$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PROTECTED_EMAIL = re.compile(r"\[\s*email(\s|&#160;|\u00a0)+protected\s*\]", re.IGNORECASE)
# News agencies named in credits: `عمّان 5 آب (بترا)--`, `… --(بترا)`, `(وكالات)`.
_AGENCIES = (
    r"بترا|واس|وام|قنا|كونا|سانا|واع|وفا|بنا|العمانيه|الاناضول|رويترز|ا ف ب|ا\.ف\.ب|فرانس برس|"
    r"اسوشيتد برس|ا ب|د ب ا|ا ش ا|شينخوا|سبوتنيك|تاس|ارنا|يونا|وكالات|reuters|afp|ap|dpa|xinhua"
)
AGENCY_LINE = re.compile(rf"^[-–—\s]*\(?\s*(?P<agency>{_AGENCIES})\s*\)?[-–—\s]*$", re.IGNORECASE)
# The prefix and suffix patterns run on the text as written (their positions cut it), so
# the folded agency names are widened back to the spellings folding unifies.
_SPELLINGS = str.maketrans({"ا": "[اأإآ]", "ه": "[هة]", "ي": "[يى]"})
_AGENCIES_AS_WRITTEN = _AGENCIES.translate(_SPELLINGS)
# `عمّان 5 آب (بترا)-- قال…`: a place (and date) of at most six words, the agency in
# parentheses, a dash; `--(بترا)` alone at the end of a paragraph, with editors' initials.
AGENCY_PREFIX = re.compile(
    rf"^(?:[^\s()]+\s+){{0,6}}?\(\s*(?P<agency>{_AGENCIES_AS_WRITTEN})\s*\)\s*[-–—]{{1,2}}\s*",
    re.IGNORECASE,
)
AGENCY_SUFFIX = re.compile(
    rf"\s*[-–—]{{1,2}}\s*\(\s*(?P<agency>{_AGENCIES_AS_WRITTEN})\s*\)(?:[\s/]+[^\W\d_]{{1,2}})*\s*$",
    re.IGNORECASE,
)
UPDATED = re.compile(
    fold(r"^(آخر تحديث|اخر تحديث|تم التحديث|تحديث|updated( on)?|last updated)\s*[:：\-–]?\s*(?P<date>.+)$"),
    re.IGNORECASE,
)
RULES: dict[str, str] = {
    **{rule.name: rule.description for rule in LINE_RULES},
    "email": 'e-mail addresses and "[email protected]" artifacts',
    "byline": "byline lines (kept as the author): `بقلم: …`, `كتبت …`, `حوار: …`, `Author, …`",
    "credit": "role and photo credits (`Role, …`, `تصوير: …`)",
    "agency": "news-agency credits (`(بترا)--`, `--(بترا)`), kept as the author when none is known",
    "fragment": "a word or two standing alone on a web page (buttons, labels)",
    "dateline": "date lines (kept as the publication date)",
    "reader-comments": "reader comments after the article",
    "title": "the headline line (kept as the title)",
    "repeated-headline": "the headline repeated in the body",
    "duplicate": "a paragraph repeated word for word",
    "no-text": "lines without letters (separators, lone bullets)",
    "markdown": "Markdown rules, link definitions and HTML tags",
    "markdown-image": "Markdown images",
}
"""Every rule name that may appear in :attr:`Dropped.rule`, with what it removes."""

# A line with an e-mail address is contact noise when this short; in a longer sentence only
# the "[email protected]" artifact is removed.
MAX_EMAIL_LINE_WORDS = 10
MAX_BYLINE_WORDS = 10  # a label and up to two names
# Reader comments: informal writing that news copy does not use.
_COMMENT_SIGNS = (
    re.compile(r"[!?؟]{2,}"),  # "!!!", "؟؟"
    re.compile(r"\s[!?؟]"),  # a space before the mark
    re.compile(r"(?:^|\s)و\s+\S.*(?:^|\s)و\s+\S"),  # the conjunction و written apart, twice
    re.compile(r"\S…\S|\.{3,}\S"),  # ellipsis glued between words
    re.compile(r"ه{3,}|ﻫﻫ|[\U0001F300-\U0001FAFF]"),  # laughter, emoji
    re.compile(r"^(@\w+|[\w ]{2,30}\s+(?:يقول|says)\s*:)"),  # "@user", "name says:"
)


def line_rule(folded: str, words: int) -> str | None:
    """Name of the first line rule that ``folded`` (a line of ``words`` words) matches, or None."""
    for rule in LINE_RULES:
        if words <= rule.max_words and rule.pattern.search(folded):
            return rule.name
    return None


def has_email(text: str) -> bool:
    """True when ``text`` holds an e-mail address or a "[email protected]" artifact."""
    return bool(PROTECTED_EMAIL.search(text) or EMAIL.search(text))


def is_credit_line(text: str) -> bool:
    """True when ``text`` is a byline or a role/photo credit (short lines only)."""
    return len(text.split()) <= MAX_BYLINE_WORDS and bool(byline_author(text) or is_role_credit(text))


def noise_alone(text: str) -> bool:
    """True when ``text`` alone is a noise line (checked before joining it to a paragraph)."""
    folded = fold(text)
    return (
        line_rule(folded, len(text.split())) is not None
        or is_credit_line(text)
        or bool(AGENCY_LINE.match(folded))
    )


def copyright_outlet(text: str) -> str | None:
    """The outlet named by a copyright line (``2024 © - أشكاين جميع الحقوق محفوظة``), or None."""
    text = EMAIL.sub(" ", PROTECTED_EMAIL.sub(" ", text))
    words = [word.strip(".,،:") for word in re.split(r"[\s\-–—|]+", text)]
    name = [
        word
        for word in words
        if word and fold(word).lower() not in _COPYRIGHT_WORDS and not _YEARS.match(word)
    ]
    if 1 <= len(name) <= 4 and any(char.isalpha() for char in "".join(name)):
        return " ".join(name)
    return None


def comment_signs(text: str) -> int:
    """How many signs of informal writing (a reader comment) ``text`` shows."""
    return sum(bool(sign.search(text)) for sign in _COMMENT_SIGNS)
