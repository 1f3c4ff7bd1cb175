"""The HTML reader: trafilatura main text, page metadata with provenance, no network, bad pages."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from briefing.errors import DecodingError, EmptyArticleError, InputTooLargeError
from briefing.ingest import Limits, ingest

DATA = Path(__file__).parent / "data" / "ingest"
PARAGRAPH = "قرر البنك المركزي الإبقاء على سعر الفائدة الرئيسي عند 5.25 في المئة للمرة الثالثة على التوالي."


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any socket use fail loudly: reading a page must never touch the network."""
    from briefing.readers.html import _import_trafilatura

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
