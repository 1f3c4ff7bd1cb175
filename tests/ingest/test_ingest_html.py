"""The HTML reader: trafilatura main text, page metadata with provenance, no network, bad pages."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from briefing.errors import DecodingError, EmptyArticleError, InputTooLargeError
from briefing.ingest.discover import Limits, ingest
from tests import paths

DATA = paths.DATA / "ingest"
PARAGRAPH = "قرر البنك المركزي الإبقاء على سعر الفائدة الرئيسي عند 5.25 في المئة للمرة الثالثة على التوالي."


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any socket use fail loudly: reading a page must never touch the network."""
    from briefing.ingest.readers.html import _import_trafilatura

    _import_trafilatura()  # import first: urllib3 subclasses socket.socket at import time

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access while reading a file")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    )


def test_news_page_metadata_and_provenance(no_network: None) -> None:
    source = ingest(DATA / "news-page.html").source
    assert source.format == "html"
    assert source.encoding == "utf-8"
    assert source.title == "البنك المركزي يثبت أسعار الفائدة للمرة الثالثة على التوالي"
    assert source.outlet == "صحيفة الأفق"
    assert source.author == "سارة المنصوري"
    assert source.published == "2025-03-20T14:05:00+03:00"
    # The canonical link wins over og:url (which carries tracking parameters).
    assert source.url == "https://alofoq.example/economy/2025/03/rates-hold"
    assert dict(source.provenance) == {
        "title": "json-ld:headline",
        "outlet": "og:site_name",
        "author": "json-ld:author",
        "published": "json-ld:datePublished",
        "url": "link:canonical",
        "encoding": "strict-utf-8",
    }


def test_news_page_blocks_are_typed_and_boilerplate_is_gone(no_network: None) -> None:
    blocks = ingest(DATA / "news-page.html").blocks
    kinds = {(block.kind, block.text) for block in blocks}
    assert ("heading", "توقعات الأسواق") in kinds
    assert ("list_item", "سعر الفائدة على الإيداع: 5.25 في المئة.") in kinds
    assert ("table_row", "المؤشر | يناير | فبراير") in kinds
    assert ("table_row", "التضخم | 3.4% | 3.1%") in kinds
    text = "\n".join(block.text for block in blocks)
    for boilerplate in ("الرئيسية", "ملفات تعريف الارتباط", "قرار صائب", "window.dataLayer", "font-family"):
        assert boilerplate not in text
    assert text.index("قرر البنك") < text.index("توقعات الأسواق") < text.index("ويرى اقتصاديون")


def test_open_graph_and_meta_tags_without_json_ld(no_network: None, tmp_path: Path) -> None:
    head = (
        "<title>عنوان الصفحة - موقع الخبر</title>"
        "<meta property='og:site_name' content='موقع الخبر'>"
        "<meta property='og:url' content='https://alkhabar.example/a/1'>"
        "<meta property='article:published_time' content='2025-08-16T08:00:00Z'>"
        "<meta property='article:author' content='https://alkhabar.example/authors/5'>"
        "<meta name='author' content='خالد يوسف'>"
    )
    path = tmp_path / "a.html"
    path.write_text(page(f"<article><p>{PARAGRAPH}</p></article>", head), encoding="utf-8")
    source = ingest(path).source
    assert (source.title, source.outlet, source.author, source.published, source.url) == (
        "عنوان الصفحة",
        "موقع الخبر",
        "خالد يوسف",
        "2025-08-16T08:00:00+00:00",
        "https://alkhabar.example/a/1",
    )
    provenance = dict(source.provenance)
    assert provenance["title"] == "html:title"
    assert provenance["url"] == "og:url"
    assert provenance["author"] == "meta:author"


def test_json_ld_graph_and_author_list(no_network: None, tmp_path: Path) -> None:
    ld = (
        '{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},'
        '{"@type":["NewsArticle"],"headline":"خبر من الرسم","author":[{"name":"أ"},{"name":"ب"}],'
        '"datePublished":"2024-01-02","mainEntityOfPage":{"@id":"https://ex.example/n"}}]}'
    )
    script = "<script type='application/ld+json'>{}</script>"
    head = script.format(ld) + script.format("{broken")
    path = tmp_path / "a.html"
    path.write_text(page(f"<p>{PARAGRAPH}</p>", head), encoding="utf-8")
    source = ingest(path).source
    assert (source.title, source.author, source.published, source.url) == (
        "خبر من الرسم",
        "أ, ب",
        "2024-01-02",
        "https://ex.example/n",
    )


def test_windows_1256_page_with_declared_charset(tmp_path: Path) -> None:
    html = page(f"<p>{PARAGRAPH}</p>").replace("charset='utf-8'", "charset='windows-1256'")
    path = tmp_path / "a.htm"
    path.write_bytes(html.encode("cp1256"))
    article = ingest(path)
    assert article.source.encoding == "cp1256"
    assert ("encoding", "declared") in article.source.provenance
    assert article.blocks[0].text == PARAGRAPH


def test_short_page_is_still_an_article(tmp_path: Path) -> None:
    path = tmp_path / "short.html"
    path.write_text(page("<p>انفجار في ميناء المدينة.</p>"), encoding="utf-8")
    assert [block.text for block in ingest(path).blocks] == ["انفجار في ميناء المدينة."]


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body><nav><a href='/'>الرئيسية</a></nav><script>var a = 1;</script></body></html>",
        "<!-- only a comment -->",
    ],
)
def test_page_without_text_is_empty(tmp_path: Path, html: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(html, encoding="utf-8")
    with pytest.raises(EmptyArticleError, match=r"empty\.html: .*no (article text|content)|empty\.html"):
        ingest(path)


def test_truncated_and_malformed_html_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    whole = (DATA / "news-page.html").read_text(encoding="utf-8")
    path = tmp_path / "cut.html"
    path.write_text(whole[: whole.index("توقعات الأسواق")], encoding="utf-8")
    blocks = ingest(path).blocks
    assert any(block.text.startswith("قرر البنك المركزي") for block in blocks)
    path.write_text("<p><b><i>" + PARAGRAPH + "</p></b><div><table><tr><td>خلية" * 3, encoding="utf-8")
    assert ingest(path).blocks


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    html = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f"<html><body><p>{PARAGRAPH} &xxe;</p></body></html>"
    )
    path = tmp_path / "xxe.xhtml"
    path.write_text(html, encoding="utf-8")
    text = "\n".join(block.text for block in ingest(path).blocks)
    assert "SECRET-CONTENT" not in text
    assert PARAGRAPH in text


def test_binary_html_is_a_decoding_error(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes((DATA / "binary.txt").read_bytes())
    with pytest.raises(DecodingError, match=r"image\.html"):
        ingest(path)


def test_html_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(page(f"<p>{PARAGRAPH}</p>" * 20), encoding="utf-8")
    with pytest.raises(InputTooLargeError, match="'Web page, HTML only'"):
        ingest(path, limits=Limits(html_bytes=1000))


def test_text_length_limit_applies_to_pages(tmp_path: Path) -> None:
    path = tmp_path / "long.html"
    path.write_text(page(f"<p>{PARAGRAPH}</p>" * 50), encoding="utf-8")
    with pytest.raises(
        InputTooLargeError, match=r"characters of text, over the limit of 1,000 for one article"
    ):
        ingest(path, limits=Limits(text_chars=1000))


def test_web_page_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(page(f"<article><p>{PARAGRAPH}</p></article>"), encoding="utf-8")
    article = ingest(path)
    assert article.source.format == "html"
    assert ("format", "html-content-in-txt") in article.source.provenance
    assert [block.text for block in article.blocks] == [PARAGRAPH]


# ------------------------------------------------- pages modelled on real news sites

PAGES = paths.DATA / "pages"


def test_site_name_and_entities_leave_the_title(no_network: None) -> None:
    # JSON-LD headline `&quot;…&quot; … - خدمة العالم عربي`; the site's name from og:site_name.
    source = ingest(PAGES / "world-service.html").source
    assert source.title == '"موسم وردي" في الصحراء: أمطار نادرة تكسو الكثبان بالأزهار'
    # Site name first (`المدينة الإخبارية - …`) in both the JSON-LD headline and <title>.
    assert ingest(PAGES / "bare-body.html").source.title == "وزارة الزراعة تعلن خطة لدعم مزارعي القمح"


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("خبر عاجل عن الطقس - قناة الأفق", ["الأفق"], "خبر عاجل عن الطقس"),
        ("الأفق نيوز | خبر عاجل عن الطقس", ["الأفق نيوز"], "خبر عاجل عن الطقس"),
        ("خبر عاجل عن الطقس – Horizon News", ["horizon news"], "خبر عاجل عن الطقس"),
        ("قمة ترامب – بوتين: ثلاث ساعات", ["الأفق"], "قمة ترامب – بوتين: ثلاث ساعات"),
    ],
)
def test_strip_site_name(title: str, sites: list[str], expected: str) -> None:
    from briefing.ingest.readers.html import _strip_site_name

    assert _strip_site_name(title, sites) == expected


def test_outlet_is_the_site_not_the_owner_company_or_a_handle(no_network: None) -> None:
    # No og:site_name; JSON-LD publisher `شركة الشرق للإعلام والنشر`, twitter:site `@AkhbarSharq_Ar`:
    # the name the <title> adds to the headline is the outlet.
    source = ingest(PAGES / "east-news.html").source
    assert source.outlet == "أخبار الشرق"
    assert dict(source.provenance)["outlet"] == "html:title-site-name"


def test_author_must_look_like_a_person(no_network: None) -> None:
    # meta author is image-metadata junk; the JSON-LD author is the organisation itself.
    assert ingest(PAGES / "east-news.html").source.author is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Akhbar https; Cdnarabic; I; Logo Png", False),
        ("https://cdn.example/i/logo.png", False),
        ("@Site_Ar", False),
        ("أسماء نصار", True),
        ("سامي عبد الله, ليلى حداد", True),
        ("الأمم المتحدة تحذر من المجاعة في الإقليم", False),
    ],
)
def test_looks_like_person(name: str, expected: bool) -> None:
    from briefing.ingest.readers.meta import looks_like_person

    assert looks_like_person(name) is expected


@pytest.mark.parametrize(
    ("page", "author"),
    [("daily-portal.html", "أسماء نصار"), ("world-service.html", "ليلى حداد")],
)
def test_visible_byline_is_the_author(no_network: None, page: str, author: str) -> None:
    # `<div class="writeBy">كتبت أسماء نصار</div>`; `<span>Author,</span><span>ليلى حداد</span>`.
    source = ingest(PAGES / page).source
    assert (source.author, dict(source.provenance)["author"]) == (author, "html:byline")


def test_date_from_the_visible_dateline_never_from_the_header_clock(no_network: None) -> None:
    source = ingest(PAGES / "daily-portal.html").source
    assert source.published == "2025-03-20T14:05:00"  # not the clock's 30 November
    assert dict(source.provenance)["published"] == "html:dateline"


def test_no_dated_metadata_and_no_dateline_means_no_date(no_network: None) -> None:
    # Only `© 2024` in the page: never padded to 1 January.
    assert ingest(PAGES / "bare-body.html").source.published is None


def test_date_guessing_never_loads_dateparser(no_network: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # htmldate's extensive search runs dateparser over every text segment of the page in
    # all its locales (about 1.5 s on the first page); briefing reads dates itself.
    import htmldate.extractors

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("htmldate's extensive date search ran")

    monkeypatch.setattr(htmldate.extractors, "get_external_parser", refuse)
    monkeypatch.setattr(htmldate.extractors, "month_words", refuse)
    for page in ("daily-portal.html", "world-service.html", "east-news.html", "bare-body.html"):
        ingest(PAGES / page)


@pytest.mark.parametrize(
    ("page", "lead"),
    [
        ("daily-portal.html", "افتتح رئيس الوزراء، الخميس، محطة جديدة لتحلية مياه البحر"),
        ("east-news.html", "تأهل المنتخب الوطني لكرة القدم إلى نهائي البطولة العربية"),
    ],
)
def test_lead_in_its_own_container_is_kept_first(no_network: None, page: str, lead: str) -> None:
    blocks = [block for block in ingest(PAGES / page).blocks if block.kind != "heading"]
    assert blocks[0].text.startswith(lead)
    assert sum(lead in block.text for block in blocks) == 1


def test_promo_box_and_policy_notice_never_reach_the_body(no_network: None) -> None:
    from briefing.clean.cleaner import clean

    cleaned = clean(ingest(PAGES / "world-service.html"))
    text = cleaned.text
    for noise in ("البودكاست", "الحلقات", "أصوات من الميدان", "ليست مسؤولة", "Author", "Role"):
        assert noise not in text
    assert len(cleaned.blocks) == 5


def test_text_directly_in_body_is_read(no_network: None) -> None:
    from briefing.clean.cleaner import clean

    cleaned = clean(ingest(PAGES / "bare-body.html"))
    assert [block.text[:20] for block in cleaned.blocks] == [
        "أعلنت وزارة الزراعة،",
        "وقال الوزير في بيان ",
        "وأضاف أن الوزارة ستف",
    ]
    assert (cleaned.source.author, dict(cleaned.source.provenance)["author"]) == ("بترا", "agency-credit")
    assert "© 2024" not in cleaned.text


def test_page_noise_never_reaches_the_summary(no_network: None) -> None:
    from briefing.clean.cleaner import clean
    from briefing.segment import segment
    from briefing.summarize import Length, get_summarizer

    for page in ("world-service.html", "daily-portal.html", "east-news.html", "bare-body.html"):
        sentences = segment(clean(ingest(PAGES / page)))
        summary = get_summarizer("default")(sentences, Length(sentences=50))
        text = " ".join(item.text for item in summary.sentences)
        for noise in ("كتبت", "Author", "Role", "بترا", "البودكاست", "الحلقات", "تعبر عن رأي", "2024"):
            assert noise not in text, (page, noise)


def test_teaser_summaries_and_author_bios_are_not_leads_or_bylines(no_network: None, tmp_path: Path) -> None:
    filler = "".join(f"<p>{PARAGRAPH} {i}</p>" for i in range(45))
    teaser = (
        "<div class='summary'>ملخص مقال آخر عن أسعار النفط في الأسواق العالمية خلال الأسبوع الماضي كله</div>"
    )
    bio = "<div class='author-bio'>عن الكاتب<br>صحافي يكتب في الاقتصاد منذ عشرين عاما ويقيم في العاصمة</div>"
    path = tmp_path / "a.html"
    path.write_text(page(f"<article><h1>عنوان الخبر</h1>{filler}{bio}{teaser}</article>"), encoding="utf-8")
    article = ingest(path)
    assert not any("ملخص مقال آخر" in block.text for block in article.blocks[:3])
    assert article.source.author is None


# Two page structures of issue 24 (fixtures invented, markup mimicked): a React site's byline
# region (`Article information` label, `Author,` / `Role,` rows, JSON-LD authors with vowel
# marks) and a blog theme (JSON-LD `@graph` with a WebPage first and `@id` references, the
# site's account name as og:site_name and meta author, the date only in the byline, the site
# name glued to a paragraph).


def test_json_ld_authors_win_over_a_byline_regions_label(no_network: None) -> None:
    source = ingest(PAGES / "region-byline.html").source
    assert (source.author, dict(source.provenance)["author"]) == ("نادية سَليم, كريم حداد", "json-ld:author")


def test_a_region_label_is_never_the_author(no_network: None, tmp_path: Path) -> None:
    # Without the JSON-LD, the labelled row names the authors, not the region's caption.
    text = (PAGES / "region-byline.html").read_text(encoding="utf-8")
    start, end = text.index("<script"), text.index("</script>") + len("</script>")
    path = tmp_path / "page.html"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert ingest(path).source.author == "نادية سَليم و كريم حداد"


def test_byline_label_rows_never_reach_the_text(no_network: None) -> None:
    from briefing.clean.cleaner import clean

    cleaned = clean(ingest(PAGES / "region-byline.html"))
    assert not any(word in cleaned.text for word in ("Author", "Role", "Article information"))
    assert {item.rule for item in cleaned.dropped} >= {"byline", "credit"}
    assert len(cleaned.blocks) == 4


def test_json_ld_graph_references_and_the_article_before_its_web_page(no_network: None) -> None:
    source = ingest(PAGES / "blog-comments.html").source
    assert source.title == "افتتاح جسر جديد فوق الوادي الكبير"  # not the WebPage's `… - الفجر | Alfajr`
    assert (source.author, dict(source.provenance)["author"]) == ("سامي الحسن", "json-ld:author")


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        ("alfajr", "الفجر"),  # the account name: the name the <title> writes wins
        ("Alfajr", "الفجر"),  # the host's name, capitalised
        ("جريدة الفجر", "جريدة الفجر"),  # a written name is kept
    ],
)
def test_the_outlet_is_a_name_not_the_sites_account(
    no_network: None, tmp_path: Path, site: str, expected: str
) -> None:
    text = (PAGES / "blog-comments.html").read_text(encoding="utf-8")
    path = tmp_path / "page.html"
    path.write_text(
        text.replace('content="alfajr">\n<meta name="author"', f'content="{site}">\n<meta name="author"')
    )
    assert ingest(path).source.outlet == expected


@pytest.mark.parametrize("author", ["alfajr", "Alfajr", "admin"])
def test_an_account_name_is_not_an_author(no_network: None, tmp_path: Path, author: str) -> None:
    page_text = page(
        "<article><h1>عنوان الخبر</h1>" + f"<p>{PARAGRAPH}</p>" * 3 + "</article>",
        head=f'<meta name="author" content="{author}"><link rel="canonical" href="https://www.alfajr.example/a/1">',
    )
    path = tmp_path / "a.html"
    path.write_text(page_text, encoding="utf-8")
    assert ingest(path).source.author is None


def test_date_stamp_in_the_byline(no_network: None) -> None:
    source = ingest(PAGES / "blog-comments.html").source
    assert (source.published, dict(source.provenance)["published"]) == (
        "2019-07-12T10:30:00",
        "html:dateline",
    )


@pytest.mark.parametrize(
    ("tag", "expected", "origin"),
    [
        (
            '<meta name="article:published_time" content="2019-07-12T10:30:00+01:00">',
            "2019-07-12T10:30:00+01:00",
            "article:published_time",
        ),
        ('<meta name="sailthru.date" content="2019-07-12 10:30:00">', "2019-07-12", "htmldate"),
        ('<meta property="og:title" content="عنوان الخبر">', None, None),
    ],
)
def test_every_date_tag(
    no_network: None, tmp_path: Path, tag: str, expected: str | None, origin: str | None
) -> None:
    path = tmp_path / "a.html"
    path.write_text(
        page("<article><h1>عنوان الخبر</h1>" + f"<p>{PARAGRAPH}</p>" * 3 + "</article>", head=tag)
    )
    source = ingest(path).source
    assert (source.published, dict(source.provenance).get("published")) == (expected, origin)


def test_the_site_name_glued_to_a_paragraph_is_cut_off(no_network: None) -> None:
    blocks = ingest(PAGES / "blog-comments.html").blocks
    assert blocks[0].text.endswith("بعد ثلاث سنوات من الأشغال")
    assert not any("Alfajr" in block.text or block.text.endswith("الفجر") for block in blocks)


def test_a_clause_naming_the_site_stays(no_network: None, tmp_path: Path) -> None:
    sentence = "وأكد المسؤول الأمر في حديث خاص - لجريدة الفجر"
    text = (PAGES / "blog-comments.html").read_text(encoding="utf-8")
    path = tmp_path / "page.html"
    path.write_text(text.replace("من الأشغال - الفجر | Alfajr", sentence), encoding="utf-8")
    assert ingest(path).blocks[0].text.endswith(sentence)


def test_a_person_named_like_the_site_and_an_acronym_outlet_stay(no_network: None, tmp_path: Path) -> None:
    head = (
        '<meta name="author" content="Sami Alfajri"><meta property="og:site_name" content="BBC">'
        '<link rel="canonical" href="https://www.alfajr.example/a/1"><meta property="og:url" content="https://bbc.example/a">'
    )
    path = tmp_path / "a.html"
    path.write_text(
        page("<article><h1>عنوان الخبر</h1>" + f"<p>{PARAGRAPH}</p>" * 3 + "</article>", head=head)
    )
    source = ingest(path).source
    assert (source.author, source.outlet) == ("Sami Alfajri", "BBC")


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        ("<time>28 آب/اغسطس 2013</time>", "2013-08-28"),  # a <time> without datetime=
        ('<span class="post-date">نشر في 12 جويلية 2019 - 10:30 | 3 تعليقات</span>', "2019-07-12T10:30:00"),
        ('<span class="post-date">آخر تحديث: 12 جويلية 2019</span>', None),  # not the publication date
    ],
)
def test_the_text_of_a_dated_element(
    no_network: None, tmp_path: Path, element: str, expected: str | None
) -> None:
    path = tmp_path / "a.html"
    body = f"<article><h1>عنوان الخبر</h1>{element}" + f"<p>{PARAGRAPH}</p>" * 3 + "</article>"
    path.write_text(page(body), encoding="utf-8")
    assert ingest(path).source.published == expected
