"""The editors' page at 412 px and in Arabic (issue 24), in headless Chromium.

"Remove" broke as "Remov / e"; a file name with its size was not isolated in the Arabic
interface ("…points.txt (5 KB)-05"); the English placeholder was right-aligned in a serif
face; a PDF was accepted and failed later.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="briefing[serve] is not installed")
pytest.importorskip("uvicorn", reason="briefing[serve] is not installed")
pytest.importorskip("playwright", reason="playwright (Python) is not installed: pip install -e '.[dev]'")

from briefing import Briefer, FakeTranslator
from briefing.serve import create_app
from tests.serve_support import CHROMIUM, PHONE, launch_chromium, running_server
from tests.test_briefer import RAIN

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium on PATH: install Debian's chromium (`apt-get install chromium`; .ci/run does)",
)


@pytest.fixture(scope="module")
def page_at(tmp_path_factory) -> Iterator:
    """``page_at(locale)``: a fresh page of a running service at phone width."""
    from playwright.sync_api import sync_playwright

    with (
        sync_playwright() as playwright,
        running_server(create_app(Briefer(translator=FakeTranslator()))) as base,
    ):
        browser = launch_chromium(playwright)

        def open_page(locale: str):
            page = browser.new_page(viewport=PHONE, locale=locale)
            page.goto(base + "/")
            return page

        yield open_page
        browser.close()


def _files(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    long_name = folder / "05-alaska-summit-key-points-from-the-three-hour-talks-in-anchorage.txt"
    long_name.write_text(RAIN * 3, encoding="utf-8")
    return [str(long_name)]


def _one_line(page, selector: str) -> bool:
    """True when the text of every element ``selector`` matches lies on one line."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].every((node) => {
             const range = document.createRange();
             range.selectNodeContents(node);
             const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
             return tops.size === 1;
           })""",
        selector,
    )


@pytest.mark.parametrize("locale", ["en-US", "ar"])
def test_remove_never_breaks_and_names_are_isolated(page_at, tmp_path: Path, locale: str) -> None:
    page = page_at(locale)
    if locale == "ar" and page.locator("html").get_attribute("dir") != "rtl":
        page.click("#lang")
    page.set_input_files("#file", _files(tmp_path))
    assert page.locator("#file-list li").count() == 1
    assert page.locator("#file-list li button").inner_text() in ("Remove", "إزالة")
    assert _one_line(page, "#file-list li button")
    # The name is a <bdi> of its own, the size another: "05-…" stays at the start of the name.
    name = page.locator("#file-list li bdi.name")
    assert name.inner_text().startswith("05-alaska")
    assert page.locator("#file-list li bdi").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()


def test_the_english_placeholder_reads_left_to_right_in_the_page_face(page_at) -> None:
    page = page_at("en-US")
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector('.text-item textarea'));
                  return [s.direction, s.textAlign, s.fontFamily]; }"""
    )
    assert style[0] == "ltr" and style[1] in ("left", "start")
    assert "serif" not in style[2].replace("sans-serif", "")
    page.fill(".text-item textarea", "قال الكرملين")
    assert page.evaluate("getComputedStyle(document.querySelector('.text-item textarea')).direction") == "rtl"
    page.close()


@pytest.mark.parametrize(("locale", "words"), [("en-US", "Not an article file"), ("ar", "ليس ملف مقال")])
def test_a_pdf_is_refused_on_the_page_at_once(page_at, tmp_path: Path, locale: str, words: str) -> None:
    page = page_at(locale)
    if locale == "ar" and page.locator("html").get_attribute("dir") != "rtl":
        page.click("#lang")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4")
    page.set_input_files("#file", [str(scan), *_files(tmp_path)])
    assert page.locator("#file-list li").count() == 1
    error = page.inner_text("#error")
    assert words in error and "scan.pdf" in error
    page.close()
