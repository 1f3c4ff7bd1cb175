"""Clean: ``Article -> CleanArticle``.

Removes what is not the article: Markdown markup (headings become ``heading`` blocks, list
markers go and list items become ``list_item`` blocks), scrape noise (share prompts,
comment counters and forms, reader comments, copyright and e-mail lines, "read also"
links, follow/subscribe/newsletter/cookie text, breadcrumbs, tags, adverts, captions),
bylines and datelines (kept as metadata), repeated headline lines, and invisible
characters (zero-width and bidi controls, tatweel; Arabic presentation forms are mapped
to ordinary letters with NFKC). Flattened tables become ``table_row`` blocks.

Every removed line is recorded as :class:`~briefing.types.Dropped` with the rule that
removed it (``briefing inspect`` and ``-v`` show them). The text that stays is the
source's own, character for character apart from the invisible characters above.

Noise is recognised on short lines only (each rule has a word limit), so a real
sentence that merely mentions "subscribe" or "copyright" is never dropped. Patterns are
matched against a folded copy of the line (hamza, alef and taa marbuta variants unified,
diacritics removed), so one pattern covers the spellings outlets use.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import logging
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.errors import EmptyArticleError
from briefing.ingest.readers.meta import MetadataBuilder, byline_author, is_role_credit
from briefing.text.dates import parse_dateline
from briefing.types import Article, Block, BlockKind, CleanArticle, Dropped, SourceRef

__all__ = ["RULES", "clean", "clean_text"]

log = logging.getLogger(__name__)

# ----------------------------------------------------------------- characters

# Zero-width characters, bidi embeddings/overrides/isolates, marks and the BOM. They are
# invisible, break matching and can reorder displayed text; the briefing sets direction
# itself. U+00AD (soft hyphen) and U+2060 (word joiner) are invisible too.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u00ad\u180e]")
_TATWEEL = "\u0640"
# Arabic Presentation Forms-A and -B: glyph codes from old PDF exports and some CMSs.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\t\n]+")


def clean_text(text: str) -> str:
    """``text`` with invisible characters, tatweel and controls removed, presentation forms
    mapped to letters (NFKC), and runs of spaces collapsed (tabs are kept)."""
    text = _INVISIBLE.sub("", text)
    # Presentation forms first: NFKC maps some (U+FE77, a medial fatha) to tatweel + mark.
    text = _PRESENTATION_FORMS.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    text = text.replace(_TATWEEL, "")
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip(" ")


# Folding for pattern matching only: diacritics, hamza/alef and taa marbuta variants.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_FOLD = str.maketrans("أإآٱةى٠١٢٣٤٥٦٧٨٩", "ااااهي0123456789", "\u0640")


def _fold(text: str) -> str:
    """Matching copy of ``text`` (never shown): folded Arabic spelling variants."""
    return _DIACRITICS.sub("", text).translate(_FOLD)


# ---------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    max_words: int
    description: str


def _rule(name: str, pattern: str, max_words: int, description: str) -> _Rule:
    return _Rule(name, re.compile(_fold(pattern), re.IGNORECASE), max_words, description)


_SOCIAL = (
    r"facebook|twitter|whatsapp|telegram|linkedin|pinterest|reddit|email|e-mail|print|copy link|messenger"
    r"|فيسبوك|فيس بوك|تويتر|واتساب|واتس اب|تيليجرام|تلغرام|تليجرام|لينكد ان|لينكدان|طباعة|انستغرام|انستجرام|x"
)
_COMMENT_WORDS = r"تعليق|تعليقات|تعليقان|التعليقات|ردود|الردود"
_LINE_RULES: tuple[_Rule, ...] = (
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
        r"^(leave|post|add|write|submit)\s+(a\s+)?(comment|reply|response)|^cancel reply|^reply$"
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
    _rule("navigation", r"^(الرئيسية|الصفحة الرئيسية|home)\s*[»›>/|]|[»›].*[»›]", 12, "breadcrumbs"),
    _rule(
        "comment-policy",
        # The box under the comment form, and the external-links notice of some sites.
        r"(سياسة|شروط|قواعد|ضوابط|معايير)\s+(ال)?(تعليق|تعليقات|التعليقات|النشر في الموقع)"
        r"|(التعليقات|الآراء)\s+(المنشورة\s+)?(لا\s+)?(تعبر|يعبر)\s+(الا\s+)?عن\s+"
        r"(رأي|راي|وجهة نظر|آراء|اراء)"
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
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PROTECTED_EMAIL = re.compile(r"\[\s*email(\s|&#160;|\u00a0)+protected\s*\]", re.IGNORECASE)
# News agencies named in credits: `عمّان 5 آب (بترا)--`, `… --(بترا)`, `(وكالات)`.
_AGENCIES = (
    r"بترا|واس|وام|قنا|كونا|سانا|واع|وفا|بنا|العمانيه|الاناضول|رويترز|ا ف ب|ا\.ف\.ب|فرانس برس|"
    r"اسوشيتد برس|ا ب|د ب ا|ا ش ا|شينخوا|سبوتنيك|تاس|ارنا|يونا|وكالات|reuters|afp|ap|dpa|xinhua"
)
_AGENCY_LINE = re.compile(rf"^[-–—\s]*\(?\s*(?P<agency>{_AGENCIES})\s*\)?[-–—\s]*$", re.IGNORECASE)
# The prefix and suffix patterns run on the text as written (their positions cut it), so
# the folded agency names are widened back to the spellings folding unifies.
_SPELLINGS = str.maketrans({"ا": "[اأإآ]", "ه": "[هة]", "ي": "[يى]"})
_AGENCIES_AS_WRITTEN = _AGENCIES.translate(_SPELLINGS)
# `عمّان 5 آب (بترا)-- قال…`: a place (and date) of at most six words, the agency in
# parentheses, a dash; `--(بترا)` alone at the end of a paragraph, with editors' initials.
_AGENCY_PREFIX = re.compile(
    rf"^(?:[^\s()]+\s+){{0,6}}?\(\s*(?P<agency>{_AGENCIES_AS_WRITTEN})\s*\)\s*[-–—]{{1,2}}\s*",
    re.IGNORECASE,
)
_AGENCY_SUFFIX = re.compile(
    rf"\s*[-–—]{{1,2}}\s*\(\s*(?P<agency>{_AGENCIES_AS_WRITTEN})\s*\)(?:[\s/]+[^\W\d_]{{1,2}})*\s*$",
    re.IGNORECASE,
)
_UPDATED = re.compile(
    _fold(r"^(آخر تحديث|اخر تحديث|تم التحديث|تحديث|updated( on)?|last updated)\s*[:：\-–]?\s*(?P<date>.+)$"),
    re.IGNORECASE,
)
RULES: dict[str, str] = {
    **{rule.name: rule.description for rule in _LINE_RULES},
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

# ------------------------------------------------------------------- markdown

_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_HR = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_BULLET = re.compile(r"^[-*+•●▪◦·‣∙○■□➢►✓✔–—]\s+")
_NUMBER = re.compile(r"^(?:\d{1,3}|[٠-٩]{1,3}|[a-zA-Z])[.)]\s+|^(?:\d{1,2}|[٠-٩]{1,2})\s*[-–]\s+(?=\D)")
_QUOTE = re.compile(r"^>\s?")
_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# `*` may follow a letter: Arabic attaches و/ف/ب to the next word (`و*ميل*`); `_` may not
# (snake_case names, URLs).
_EMPHASIS = re.compile(r"(?<!\*)\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`]+)`")
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")

# ---------------------------------------------------------------- heuristics

_END_PUNCTUATION = ".!?؟…:;؛"
_TERMINATORS = ".!?؟…"
_CLOSERS = "”’»\"')]}›"
_GLUED_CELL = re.compile(r"[.!?؟”»)](?=[\u0621-\u064a])")
_MAX_HEADING_WORDS = 12
# A line with an e-mail address is contact noise when this short; in a longer sentence only
# the "[email protected]" artifact is removed.
_MAX_EMAIL_LINE_WORDS = 10
# A comment counter/form opens the comment section only this far into the page; one near
# the top ("3 تعليقات" under the headline) is just a counter.
_COMMENTS_AFTER = 0.5
_MAX_TITLE_WORDS = 25
_MAX_BYLINE_WORDS = 10  # a label and up to two names
# A title does not end like a sentence or a lead-in (it may end with `!`, `؟` or `…`).
_NOT_TITLE_END = ".،,:;؛"
# A first line followed directly by the body is a title when at most this share of the next
# line's length (a headline over a paragraph); a hard-wrapped first line is about as long.
_TITLE_SHORTER = 0.75
# Hard-wrap detection (plain text). Columns are 60-80 characters in newspaper archives and
# PDF copies; a line at least this share of the column width is "full". Lines of text laid
# out one paragraph per line are far longer than any wrap width. Checked on the benchmark's
# wrapped layouts (EASC re-wrapped at 60/72/80 at run time, docs/summaries.md), not tuned
# on the samples: every layout reads the same sentences as the original.
_FULL_LINE = 0.6
_MAX_WRAP_WIDTH = 300
_MIN_OPEN_SHARE = 0.3  # share of lines that must be full and unpunctuated
_MAX_WIDTH_SPREAD = 0.25  # standard deviation of their widths, as a share of the column
# Reader comments: informal writing that news copy does not use.
_COMMENT_SIGNS = (
    re.compile(r"[!?؟]{2,}"),  # "!!!", "؟؟"
    re.compile(r"\s[!?؟]"),  # a space before the mark
    re.compile(r"(?:^|\s)و\s+\S.*(?:^|\s)و\s+\S"),  # the conjunction و written apart, twice
    re.compile(r"\S…\S|\.{3,}\S"),  # ellipsis glued between words
    re.compile(r"ه{3,}|ﻫﻫ|[\U0001F300-\U0001FAFF]"),  # laughter, emoji
    re.compile(r"^(@\w+|[\w ]{2,30}\s+(?:يقول|says)\s*:)"),  # "@user", "name says:"
)


@dataclass(slots=True)
class _Item:
    """A block being cleaned (mutable working copy)."""

    text: str
    kind: BlockKind
    level: int = 0
    lines: bool = False
    """True when it came from a ``line`` block (txt/md), where structure must be inferred."""
    gap_before: bool = False
    """A blank line precedes it (txt/md)."""
    indented: bool = False
    """The line starts with white space (txt): in newspaper column files, a paragraph start."""
    order: int = 0
    """Index of the input block it came from."""


class _Cleaner:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.source = article.source
        self.markdown = article.source.format == "md"
        self.dropped: list[tuple[int, Dropped]] = []
        self.position = 0
        """Index of the input block being looked at (orders the dropped lines)."""
        self.meta = MetadataBuilder()
        self.title: str | None = article.source.title
        self.title_origin: str | None = None
        self.layout = _Layout(wrapped=False, width=0, indented=False)

    def drop(self, item: _Item | str, rule: str) -> None:
        text, order = (item, self.position) if isinstance(item, str) else (item.text, item.order)
        if text:
            self.dropped.append((order, Dropped(text, rule)))

    # -- passes ---------------------------------------------------------------

    def run(self) -> CleanArticle:
        items = self.structure(self.article.blocks)
        items = self.join_hard_wraps(items)
        items = self.remove_noise(items)
        items = self.remove_reader_comments(items)
        self.find_tables(items)
        items = self.take_title(items)
        items = self.remove_repeats(items)
        self.find_subheadings(items)
        items = self.join_markdown_paragraphs(items)
        blocks = tuple(
            Block(item.text, "paragraph" if item.kind == "line" else item.kind, item.level) for item in items
        )
        dropped = tuple(record for _, record in sorted(self.dropped, key=lambda pair: pair[0]))
        for record in dropped:  # `-v` shows what was removed, `briefing inspect` lists it
            log.info("%s: dropped [%s] %s", self.source.path, record.rule, record.text)
        if not any(block.kind != "heading" for block in blocks):
            rules = sorted({record.rule for record in dropped})
            detail = f" ({len(self.dropped)} lines dropped: {', '.join(rules)})" if rules else ""
            raise EmptyArticleError(
                f"{self.source.path}: no article text left after cleaning{detail}; "
                "check that the file holds the article itself (`briefing inspect` shows what was dropped)"
            )
        return CleanArticle(source=self.updated_source(), title=self.title, blocks=blocks, dropped=dropped)

    def structure(self, blocks: Sequence[Block]) -> list[_Item]:
        """Clean characters and turn Markdown/plain-text structure into typed items."""
        items: list[_Item] = []
        gap = False
        for self.position, block in enumerate(blocks):
            if block.kind != "line":
                # Typed blocks (HTML, DOCX) are one unit each: any inner line break is a space.
                text = " ".join(clean_text(block.text).split())
                if text:
                    items.append(_Item(text, block.kind, block.level, order=self.position))
                continue
            for raw in block.text.splitlines() or [""]:
                indented = _INVISIBLE.sub("", raw)[:1].isspace()
                text = clean_text(raw)
                if _ENTITY.search(text):
                    text = clean_text(html.unescape(text))
                if not text.strip():
                    gap = True
                    continue
                item = self.structure_line(text.strip(), items, after_gap=gap)
                if item is not None:
                    item.gap_before, item.indented = gap, indented
                    items.append(item)
                gap = False
        return items

    def structure_line(self, text: str, items: list[_Item], *, after_gap: bool) -> _Item | None:
        """One txt/md line as an item (None when it is markup only)."""
        underlines = self.markdown and not after_gap and items and items[-1].kind == "line"
        if underlines and _SETEXT.match(text):
            items[-1].kind, items[-1].level = "heading", 1 if text.startswith("=") else 2
            return None
        if _HR.match(text):
            self.drop(text, "markdown")
            return None
        if _LINK_DEFINITION.match(text):
            self.drop(text, "markdown")
            return None
        kind: BlockKind = "line"
        level = 0
        if match := _ATX.match(text):
            kind, level, text = "heading", len(match.group(1)), match.group(2)
        elif _PIPE_ROW.match(text) and text.count("|") >= 3:
            if _PIPE_SEPARATOR.match(text):
                return None
            kind = "table_row"
            text = " | ".join(cell.strip() for cell in text.strip("|").split("|") if cell.strip())
        elif match := _QUOTE.match(text):
            kind, text = "quote", text[match.end() :]
        elif (match := _BULLET.match(text)) or (match := _NUMBER.match(text)):
            kind, text = "list_item", text[match.end() :]
        text = self.inline_markup(text)
        if "\t" in text and kind != "line":
            text = text.replace("\t", " ")
        text = _SPACES.sub(" ", text).strip()
        if not text:
            return None
        return _Item(text, kind, level, lines=True, order=self.position)

    def inline_markup(self, text: str) -> str:
        """``text`` without Markdown links, images, emphasis and code marks."""
        for image in _IMAGE.finditer(text):
            self.drop(image.group(), "markdown-image")
        text = _IMAGE.sub("", text)
        text = _LINK.sub(lambda match: match.group(1) or match.group(2), text)
        text = _AUTOLINK.sub("", text)
        text = _STRONG.sub(r"\2", text)
        text = _STRIKE.sub(r"\1", text)
        if self.markdown:
            text = _EMPHASIS.sub(lambda match: match.group(1) or match.group(2), text)
            text = _CODE.sub(r"\1", text)
            tags = _HTML_TAG.findall(text)
            if tags:
                text = _HTML_TAG.sub("", text)
        return text

    def join_hard_wraps(self, items: list[_Item]) -> list[_Item]:
        """Join the lines of hard-wrapped plain text into paragraphs (see :func:`_layout`).

        A line continues the one before it when the text is wrapped, no blank line lies
        between them, the line before it is as wide as the column (or has no end
        punctuation) and, where paragraphs are marked by indentation, the line is not
        indented. A line that is noise on its own (a byline, a share prompt) is never joined.
        """
        if self.markdown:
            return items
        layout = self.layout = _layout(items)
        if not layout.wrapped:
            return items
        joined: list[_Item] = []
        paragraphs: list[_Item] = []
        for item in items:
            previous = joined[-1] if joined else None
            if (
                previous is not None
                and previous.kind == item.kind == "line"
                and previous.lines
                and item.lines
                and not item.gap_before
                and _continues(previous.text, item, layout)
                and not _noise_alone(item.text)
            ):
                previous.text = f"{previous.text} {item.text}"
                paragraphs.append(previous)
                continue
            joined.append(item)
        for item in paragraphs:
            # Joined lines are prose: not a table row, a subheading or a list.
            item.kind = "paragraph"
        return joined

    def remove_noise(self, items: list[_Item]) -> list[_Item]:
        """Drop noise lines; record bylines and datelines as metadata.

        A comment counter or form in the last part of the article opens the comment
        section: every line after it is a reader comment.
        """
        kept: list[_Item] = []
        skip_next_link = False
        in_comments = False
        for index, item in enumerate(items):
            if skip_next_link:
                skip_next_link = False
                if len(item.text.split()) <= 15 and item.text[-1] not in _END_PUNCTUATION:
                    self.drop(item, "read-also")
                    continue
            rule = self.noise_rule(item)
            if rule is None:
                if in_comments:
                    self.drop(item, "reader-comments")
                else:
                    kept.append(item)
                continue
            self.drop(item, rule)
            if rule == "copyright":
                self.outlet_from_copyright(item.text)
            elif rule == "read-also" and re.search(r"[:：\-–]\s*$", item.text):
                skip_next_link = True
            elif rule in ("comment-counter", "comment-form") and index >= _COMMENTS_AFTER * len(items):
                in_comments = True
        return kept

    def strip_agency_credit(self, item: _Item) -> None:
        """Remove an agency credit at the start or end of a paragraph (kept as the author)."""
        for pattern in (_AGENCY_PREFIX, _AGENCY_SUFFIX):
            match = pattern.search(item.text)
            if match and match.end() - match.start() < len(item.text):
                self.drop(match.group().strip(), "agency")
                self.meta.add("author", match.group("agency"), "agency-credit")
                item.text = (item.text[: match.start()] + item.text[match.end() :]).strip()

    def noise_rule(self, item: _Item) -> str | None:
        """Name of the rule that makes ``item`` noise, or None (may edit e-mail artifacts)."""
        if item.kind in ("line", "paragraph"):
            self.strip_agency_credit(item)
        text = item.text
        words = len(text.split())
        folded = _fold(text)
        if not any(char.isalpha() for char in text):
            return (self.dateline(text, folded) if words <= 10 else None) or "no-text"
        for rule in _LINE_RULES:
            if words <= rule.max_words and rule.pattern.search(folded):
                return rule.name
        if _PROTECTED_EMAIL.search(text) or _EMAIL.search(text):
            if words <= _MAX_EMAIL_LINE_WORDS:
                return "email"
            for artifact in _PROTECTED_EMAIL.finditer(text):
                self.drop(artifact.group(), "email")
            item.text = _SPACES.sub(" ", _PROTECTED_EMAIL.sub("", text)).strip()
        if item.kind in ("line", "paragraph") and words <= _MAX_BYLINE_WORDS:
            if author := byline_author(text):
                self.meta.add("author", author, "byline")
                return "byline"
            if is_role_credit(text):
                return "credit"
        if match := _AGENCY_LINE.match(folded):
            self.meta.add("author", text[match.start("agency") : match.end("agency")], "agency-credit")
            return "agency"
        if (
            self.source.format == "html"
            and item.kind == "paragraph"
            and words <= 2
            and text.rstrip(_CLOSERS + " ")[-1:] not in _TERMINATORS
        ):
            # A word or two in a paragraph of its own on a web page: a button, a label.
            return "fragment"
        if item.kind in ("line", "paragraph") and words <= 10:
            return self.dateline(text, folded)
        return None

    def outlet_from_copyright(self, text: str) -> None:
        """Record the outlet named by a copyright line (``2024 © - أشكاين جميع الحقوق محفوظة``)."""
        text = _EMAIL.sub(" ", _PROTECTED_EMAIL.sub(" ", text))
        words = [word.strip(".,،:") for word in re.split(r"[\s\-–—|]+", text)]
        name = [
            word
            for word in words
            if word and _fold(word).lower() not in _COPYRIGHT_WORDS and not _YEARS.match(word)
        ]
        if 1 <= len(name) <= 4 and any(char.isalpha() for char in "".join(name)):
            self.meta.add("outlet", " ".join(name), "copyright-line")

    def dateline(self, text: str, folded: str) -> str | None:
        """``dateline`` when ``text`` is a date line (recording the publication date), else None.

        An "updated" line is dropped without being recorded: it is not the publication date.
        """
        if updated := _UPDATED.match(folded):
            return "dateline" if parse_dateline(text[updated.start("date") :]) else None
        published = parse_dateline(text)
        if published:
            self.meta.add("published", published, "dateline")
            return "dateline"
        return None

    def remove_reader_comments(self, items: list[_Item]) -> list[_Item]:
        """Drop reader comments: everything after a comment section marker, or an informal tail."""
        content = [index for index, item in enumerate(items) if item.kind != "heading"]
        if len(content) < 3:
            return items
        # Comment lines written informally at the end of the article, with no section marker.
        end = len(items)
        strong = False
        while end > 0 and items[end - 1].kind in ("line", "paragraph", "quote"):
            signs = sum(bool(sign.search(items[end - 1].text)) for sign in _COMMENT_SIGNS)
            if signs == 0:
                break
            strong = strong or signs >= 2
            end -= 1
        remaining = sum(1 for item in items[:end] if item.kind != "heading")
        if strong and end < len(items) and remaining >= 2 and len(items) - end <= max(3, len(items) // 3):
            for item in items[end:]:
                self.drop(item, "reader-comments")
            return items[:end]
        return items

    def find_tables(self, items: list[_Item]) -> None:
        """Mark flattened table rows in txt/md (tab-separated, glued cells, header + short rows)."""
        gaps = sum(item.gap_before for item in items)
        blank_separated = gaps >= 0.3 * max(len(items), 1)
        run: list[_Item] = []
        for item in [*items, None]:
            if item is not None and item.lines and item.kind == "line" and (not run or not item.gap_before):
                run.append(item)
                continue
            self.mark_table(run, blank_separated)
            run = [item] if item is not None and item.lines and item.kind == "line" else []

    def mark_table(self, run: list[_Item], blank_separated: bool) -> None:
        """Turn the table part of a run of consecutive plain lines into ``table_row`` items."""
        if len(run) < 2:
            return
        tabbed = [item for item in run if "\t" in item.text.strip("\t")]
        if len(tabbed) >= 2:
            for item in tabbed:
                item.kind = "table_row"
                item.text = " | ".join(cell.strip() for cell in item.text.split("\t") if cell.strip())
            return
        glued = [index for index, item in enumerate(run) if _GLUED_CELL.search(item.text)]
        if len(glued) >= 2:
            first = glued[0]
            if first > 0 and _looks_like_header(run[first - 1].text):
                first -= 1
            for item in run[first : glued[-1] + 1]:
                item.kind = "table_row"
            return
        if (
            blank_separated
            and len(run) >= 3
            and _looks_like_header(run[0].text)
            and all(len(item.text.split()) <= 20 for item in run[1:])
        ):
            for item in run:
                item.kind = "table_row"
        for item in run:
            item.text = item.text.replace("\t", " ")

    def take_title(self, items: list[_Item]) -> list[_Item]:
        """Set the title (metadata, else first heading, else first short line) and drop its line."""
        if self.title is not None:
            return items
        for index, item in enumerate(items[:3]):
            if item.kind == "heading":
                self.title, self.title_origin = item.text, "first-heading"
                self.drop(item, "title")
                return items[:index] + items[index + 1 :]
        body = [item for item in items[1:] if item.kind != "heading"]
        if (
            items
            and body  # a one-sentence file (a wire flash) is an article, not a title
            and items[0].kind in ("line", "paragraph")
            and _looks_like_title(items[0].text)
            and (not items[0].lines or not self.layout.wrapped or _set_apart(items[0], items[1]))
        ):
            self.title, self.title_origin = items[0].text, "first-line"
            self.drop(items[0], "title")
            return items[1:]
        return items

    def remove_repeats(self, items: list[_Item]) -> list[_Item]:
        """Drop lines repeating the headline, and paragraphs repeated word for word."""
        title_key = _key(self.title) if self.title else None
        seen: set[str] = set()
        kept = []
        for index, item in enumerate(items):
            key = _key(item.text)
            if title_key and (
                key == title_key or (index < 3 and item.kind == "heading" and _similar(key, title_key))
            ):
                self.drop(item, "repeated-headline")
                continue
            if item.kind not in ("heading", "table_row") and len(key) > 20 and key in seen:
                self.drop(item, "duplicate")
                continue
            seen.add(key)
            kept.append(item)
        return kept

    def find_subheadings(self, items: list[_Item]) -> None:
        """Mark short unpunctuated plain-text lines followed by text as ``heading`` items."""
        if self.markdown:
            return
        for item, following in itertools.pairwise(items):
            if (
                item.lines
                and item.kind == "line"
                and following.kind in ("line", "paragraph", "list_item", "table_row")
                and len(item.text.split()) <= _MAX_HEADING_WORDS
                and item.text.rstrip(_CLOSERS + " ")[-1:] not in _END_PUNCTUATION
            ):
                item.kind, item.level = "heading", 2

    def join_markdown_paragraphs(self, items: list[_Item]) -> list[_Item]:
        """Join hard-wrapped Markdown paragraph lines (no blank line, no end punctuation)."""
        if not self.markdown:
            return items
        joined: list[_Item] = []
        for item in items:
            previous = joined[-1] if joined else None
            if (
                previous is not None
                and previous.kind == item.kind == "line"
                and not item.gap_before
                and previous.text.rstrip(_CLOSERS + " ")[-1:] not in _END_PUNCTUATION
            ):
                previous.text = f"{previous.text} {item.text}"
                continue
            joined.append(item)
        return joined

    def updated_source(self) -> SourceRef:
        """The SourceRef with title, author and date found in the text (when it had none)."""
        source = self.source
        changes: dict[str, str] = {}
        provenance = list(source.provenance)
        if source.title is None and self.title is not None and self.title_origin:
            changes["title"] = self.title
            provenance.append(("title", self.title_origin))
        for field_name in ("outlet", "author", "published"):
            if getattr(source, field_name) is None and field_name in self.meta.values:
                changes[field_name] = self.meta.values[field_name]
                provenance.append((field_name, self.meta.origins[field_name]))
        if not changes:
            return source
        return dataclasses.replace(source, **changes, provenance=tuple(provenance))


def _looks_like_title(text: str) -> bool:
    """A headline-like first line: short, and not a sentence (no full stop, comma or colon at the end)."""
    words = len(text.split())
    return words <= _MAX_TITLE_WORDS and text.rstrip(_CLOSERS + " ")[-1:] not in _NOT_TITLE_END


def _set_apart(first: _Item, following: _Item) -> bool:
    """In hard-wrapped text, the first line stands apart from the body: a blank line or an
    indented paragraph follows it, or it is much shorter than the line that follows."""
    return (
        following.gap_before
        or (following.indented and not first.indented)
        or len(first.text) <= _TITLE_SHORTER * len(following.text)
    )


@dataclass(frozen=True, slots=True)
class _Layout:
    """How a plain-text file lays out its paragraphs."""

    wrapped: bool
    """Lines are broken at a fixed width inside paragraphs (newspaper columns, PDF copies)."""
    width: int
    """The column width: the 90th percentile of line lengths."""
    indented: bool
    """Paragraphs start with an indented line (and continuation lines are not indented)."""


def _layout(items: Sequence[_Item]) -> _Layout:
    """The layout of the plain lines of a txt file, from line-length statistics.

    Wrapped: several lines without end punctuation are about as wide as the column (at
    least ``_FULL_LINE`` of it, with a small spread), and the column is narrow enough to be a
    wrap width (one-paragraph-per-line text has much longer lines). Indented: some but not
    all lines start with white space.
    """
    lines = [item for item in items if item.lines and item.kind == "line"]
    if len(lines) < 3:
        return _Layout(wrapped=False, width=0, indented=False)
    widths = sorted(len(item.text) for item in lines)
    width = widths[min(len(widths) - 1, int(0.9 * len(widths)))]
    indents = sum(item.indented for item in lines)
    indented = 2 <= indents <= 0.8 * len(lines)
    open_widths = [
        len(item.text)
        for item in lines[:-1]
        if len(item.text) >= _FULL_LINE * width and not _ends_sentence(item.text)
    ]
    wrapped = (
        width <= _MAX_WRAP_WIDTH
        and len(open_widths) >= max(2, _MIN_OPEN_SHARE * (len(lines) - 1))
        and statistics.pstdev(open_widths) <= _MAX_WIDTH_SPREAD * width
    )
    return _Layout(wrapped=wrapped, width=width, indented=indented)


def _continues(previous: str, item: _Item, layout: _Layout) -> bool:
    """Whether line ``item`` continues the paragraph whose last line is ``previous``."""
    full = len(previous) >= _FULL_LINE * layout.width
    ends = _ends_sentence(previous)
    if layout.indented:
        # Indentation marks paragraph starts: an unindented line goes on, unless the line
        # before it is a short one that ends a sentence (then it is a line of its own: a
        # byline, a caption).
        return not item.indented and (full or not ends)
    return full and not ends


def _ends_sentence(text: str) -> bool:
    """True when ``text`` ends with a sentence terminator (a colon or comma at a wrap does not
    end anything: the clause goes on on the next line)."""
    return text.rstrip(_CLOSERS + " ")[-1:] in _TERMINATORS


def _noise_alone(text: str) -> bool:
    """True when ``text`` alone is a noise line (checked before joining it to a paragraph)."""
    words = len(text.split())
    folded = _fold(text)
    return any(words <= rule.max_words and rule.pattern.search(folded) for rule in _LINE_RULES) or bool(
        (words <= _MAX_BYLINE_WORDS and (byline_author(text) or is_role_credit(text)))
        or _AGENCY_LINE.match(folded)
    )


def _looks_like_header(text: str) -> bool:
    """A table header line: a few words, no sentence punctuation."""
    return len(text.split()) <= 8 and text.rstrip(_CLOSERS + " ")[-1:] not in _END_PUNCTUATION


_KEY_DROP = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """Comparison key: folded letters and digits only."""
    return _KEY_DROP.sub("", _fold(text)).lower()


def _similar(key: str, title_key: str) -> bool:
    """One key starts with the other and covers most of it (headline vs. shortened og:title)."""
    short, long = sorted((key, title_key), key=len)
    return bool(short) and long.startswith(short) and len(short) >= 0.6 * len(long)


def clean(article: Article) -> CleanArticle:
    """Remove markup, scrape noise and invisible characters from an article.

    The returned :class:`~briefing.types.CleanArticle` carries the title (metadata, else
    the first heading, else a short first line), the cleaned blocks (``paragraph``,
    ``heading``, ``list_item``, ``table_row``, ``quote``) and every dropped line with its
    rule (see :data:`RULES`). Its ``source`` gains the title, outlet (copyright line),
    author (byline) and publication date (dateline) found in the text when the metadata
    had none, with provenance ``first-heading``/``first-line``/``copyright-line``/
    ``byline``/``dateline``.

    Args:
        article: The output of :func:`briefing.ingest.discover.ingest`.

    Returns:
        The cleaned article.

    Raises:
        EmptyArticleError: Nothing but noise (or headings) is left.
    """
    return _Cleaner(article).run()
