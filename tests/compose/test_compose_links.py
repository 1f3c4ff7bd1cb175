"""Source URLs: only http, https and mailto become links, in every format; the rest is text."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import re

import pytest
from lxml import html as lxml_html

from briefing.compose.docx import render_docx
from briefing.compose.html import render_html
from briefing.compose.links import link_target, markdown_target
from briefing.compose.markdown import render_markdown
from briefing.result import BriefingResult
from tests.compose_sample import sample_result

HOSTILE_URLS = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "news.example/no-scheme",
    "http:///no-host",
    "https://[bad",
]
SAFE_URLS = [
    "https://news.example/a?id=7",
    "HTTP://news.example/",
    "mailto:desk@news.example",
    "https://news.example/%D8%A7%D9%84",
    "https://news.example/الكرملين",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_unsafe_schemes_never_become_link_targets(url: str) -> None:
    assert link_target(url) is None


@pytest.mark.parametrize("url", SAFE_URLS)
def test_web_and_mail_links_are_kept(url: str) -> None:
    assert link_target(f"  {url} ") == url


def _with_url(result: BriefingResult, url: str) -> BriefingResult:
    article = result.articles[2]
    clean = dataclasses.replace(article.summary.article, source=dataclasses.replace(article.source, url=url))
    article = dataclasses.replace(article, summary=dataclasses.replace(article.summary, article=clean))
    return dataclasses.replace(result, articles=(*result.articles[:2], article, *result.articles[3:]))


@pytest.fixture(scope="module")
def result() -> BriefingResult:
    return sample_result(skipped=True)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>"])
def test_html_shows_an_unsafe_url_as_text_only(result: BriefingResult, url: str) -> None:
    tree = lxml_html.fromstring(render_html(_with_url(result, url)).encode("utf-8"))
    hrefs = tree.xpath("//a/@href")
    assert [h for h in hrefs if not h.startswith(("#", "https://"))] == []
    line = tree.xpath("//article[@id='article-3']/p[@class='attribution']")[0]
    assert url.split(":")[0] in line.text_content()  # still shown, readable


def test_html_carries_a_strict_content_security_policy(result: BriefingResult) -> None:
    page = render_html(result)
    tree = lxml_html.fromstring(page.encode("utf-8"))
    (policy,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert "default-src 'none'" in policy and "script-src" not in policy and "unsafe-inline" not in policy
    (style,) = tree.xpath("//style")
    digest = base64.b64encode(hashlib.sha256(style.text.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy
    assert not tree.xpath("//*[@style]") and not tree.xpath("//script")


def _markdown_links(text: str) -> list[str]:
    markdown_it = pytest.importorskip("markdown_it")
    tree = lxml_html.fromstring(f"<div>{markdown_it.MarkdownIt('commonmark').render(text)}</div>")
    return [h for h in tree.xpath("//a/@href") if not h.startswith(("#", "https://news.example/world"))]


def test_markdown_shows_an_unsafe_url_as_text_only(result: BriefingResult) -> None:
    text = render_markdown(_with_url(result, "javascript:alert(1)"))
    assert "](javascript" not in text
    assert _markdown_links(text) == []


def test_markdown_link_target_cannot_break_out(result: BriefingResult) -> None:
    url = 'https://news.example/a b)"<script>alert(1)</script>(x'
    text = render_markdown(_with_url(result, url))
    markdown_it = pytest.importorskip("markdown_it")
    rendered = markdown_it.MarkdownIt("commonmark").render(text)
    assert "<script>" not in rendered
    hrefs = _markdown_links(text)
    assert hrefs and all(h.startswith("https://news.example/a%20b%29%22%3Cscript%3E") for h in hrefs)
    assert " " not in markdown_target(url) and ")" not in markdown_target(url)


def test_docx_makes_hyperlinks_only_for_safe_schemes(result: BriefingResult) -> None:
    docx = pytest.importorskip("docx")
    for url, linked in (("javascript:alert(1)", False), ("https://news.example/x", True)):
        document = docx.Document(io.BytesIO(render_docx(_with_url(result, url))))
        targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
        assert (url in targets) is linked
        assert not any(re.match(r"(?i)\s*(javascript|file|data):", t) for t in targets)
