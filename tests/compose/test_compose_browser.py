"""The HTML briefing in a real browser: phone width, desktop width and print.

Drives the system Chromium through playwright (no browser download). Checks what only layout
shows: at 412 px (a phone) nothing overflows the screen and each English sentence sits above its
Arabic; at 1280 px they sit side by side with the Arabic not smaller than the English; in print
no page ends with a heading whose table starts on the next page. Skipped, with the reason, where
Chromium or playwright is not installed (``apt-get install chromium``; ``pip install playwright``).
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.compose import save
from briefing.types import SourceRef, TranslatedSentence
from tests.compose_sample import sample_result
from tests.markers import CHROMIUM, CHROMIUM_ARGS

_PDFTOTEXT = shutil.which("pdftotext")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Chromium not installed: HTML layout not checked in a browser"
    ),
]

_LONG_TOKEN = "x" * 180
_LONG_URL = "https://news.example/" + "%D8%A7%D9%84%D9%82%D9%85%D8%A9-" * 20 + "?utm_source=" + "y" * 80


def _stress(result):
    """The sample plus what used to overflow a phone: a 180-character token and a long URL."""
    first = result.articles[0]
    long_sentence = TranslatedSentence(
        index=20,
        arabic=f"نص فيه رمز طويل {_LONG_TOKEN} في وسطه.",
        english=f"Text with {_LONG_TOKEN}.",
        score=1.0,
    )
    source: SourceRef = dataclasses.replace(first.source, url=_LONG_URL)
    article = dataclasses.replace(
        first,
        summary=dataclasses.replace(
            first.summary, article=dataclasses.replace(first.summary.article, source=source)
        ),
        sentences=(*first.sentences, long_sentence),
    )
    return dataclasses.replace(result, articles=(article, *result.articles[1:]))


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    return save(_stress(sample_result(skipped=True)), tmp_path_factory.mktemp("html") / "b.html")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser, page_file: Path, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(page_file.as_uri())
    return page


_BOXES = """() => [...document.querySelectorAll('article tbody tr')].map(tr => {
  const box = sel => tr.querySelector(sel).getBoundingClientRect();
  const en = box('td.en'), ar = box('td.ar');
  return {en: [en.left, en.top, en.right, en.bottom], ar: [ar.left, ar.top, ar.right, ar.bottom]};
})"""


def test_phone_width_stacks_and_nothing_overflows(browser, page_file):
    page = _open(browser, page_file, 412)
    try:
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"the page scrolls sideways at 412 px ({scroll} > {inner})"
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
            ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
        )
        assert wide == []
        rows = page.evaluate(_BOXES)
        assert len(rows) >= 15
        for row in rows:
            en, ar = row["en"], row["ar"]
            assert ar[1] >= en[3] - 1, "Arabic stacks under its English sentence"
            assert ar[2] - ar[0] > 0.7 * 412, "the Arabic takes the full width"
    finally:
        page.close()


def test_desktop_width_side_by_side_arabic_not_smaller(browser, page_file):
    page = _open(browser, page_file, 1280)
    try:
        for row in page.evaluate(_BOXES):
            en, ar = row["en"], row["ar"]
            assert ar[0] >= en[2] - 1 and abs(ar[1] - en[1]) < 2, "English left, Arabic right, same row"
        sizes = page.evaluate(
            "['article td.en', 'article td.ar', 'p.attribution', 'p.attribution bdi[lang=ar]']"
            ".map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
        )
        assert sizes[1] >= sizes[0] and sizes[3] >= sizes[2]
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.querySelector('p.attribution bdi[lang=ar]'));"
            " return [s.fontStyle, s.fontFamily]; })()"
        )
        assert style[0] == "normal" and style[1].startswith('"Noto Naskh Arabic"')
    finally:
        page.close()


@pytest.mark.skipif(_PDFTOTEXT is None, reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_print_keeps_headings_with_their_tables(browser, page_file, tmp_path, paper):
    page = _open(browser, page_file, 1280)
    try:
        pdf = tmp_path / "print.pdf"
        page.pdf(path=str(pdf), format=paper, prefer_css_page_size=False)
        headings = page.evaluate(
            "[...document.querySelectorAll('h2, h3, h4, p.topic, p.headline-ar, p.attribution')]"
            ".map(e => e.innerText.trim().split('\\n')[0])"
        )
    finally:
        page.close()
    pages = subprocess.run([_PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = pages.split("\f")
    assert len(pages) >= 3
    for number, text in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            continue
        last = lines[-1]
        assert not any(h and last.startswith(h[:25]) for h in headings if h.isascii()), (
            f"page {number} ends with the heading {last!r}"
        )
