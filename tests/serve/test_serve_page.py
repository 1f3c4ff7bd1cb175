"""The editors' page in a real headless browser (Debian's Chromium through Playwright).

A uvicorn server on 127.0.0.1 runs the app over a FakeTranslator; the browser pastes text,
uploads files, switches the interface language, watches the progress and downloads the
briefing, at a phone's width.
"""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="briefing[serve] is not installed")
pytest.importorskip("uvicorn", reason="briefing[serve] is not installed")
pytest.importorskip("playwright", reason="playwright (Python) is not installed: pip install -e '.[dev]'")

from playwright.sync_api import expect

from briefing import Briefer, FakeTranslator
from briefing.serve import ServeConfig, create_app
from tests.serve_support import CHROMIUM, PHONE, SAMPLE_TEXT, launch_chromium, running_server
from tests.test_briefer import PORT, RAIN

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium on PATH: install Debian's chromium (`apt-get install chromium`; .ci/run does)",
)


class SlowTranslator(FakeTranslator):
    """Holds each batch until the test lets it go, so the page shows a running job."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def translate_batch(self, texts):
        self.release.wait(30)
        return super().translate_batch(texts)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_paste_watch_progress_and_download_on_a_phone(browser, tmp_path: Path) -> None:
    translator = SlowTranslator()
    with running_server(create_app(Briefer(translator=translator))) as base:
        page = browser.new_page(viewport=PHONE, locale="en-US", accept_downloads=True)
        page.goto(base + "/")
        assert page.locator("html").get_attribute("dir") == "ltr"
        assert page.inner_text("h1") == "Briefing"
        assert no_horizontal_overflow(page)

        page.fill(".text-item textarea", SAMPLE_TEXT)
        page.fill(".text-item .outlet", "Coast Daily")
        page.select_option("#sentences", "3")
        page.check("input[value=html]")
        page.click("#submit")
        expect(page.locator("#status")).to_have_text(re.compile(r"^Translating"))
        assert page.is_disabled("#submit")
        assert 0 < float(page.get_attribute("#bar", "value") or 0) < 1
        translator.release.set()

        page.wait_for_selector("#downloads a[data-format=docx]")
        assert page.inner_text("#status").startswith("Done: 1 article")
        assert page.locator("#downloads a").count() == 2
        assert no_horizontal_overflow(page)
        with page.expect_download() as info:
            page.click("#downloads a[data-format=docx]")
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.suffix == ".docx"
        assert "word/document.xml" in zipfile.ZipFile(saved).namelist()
        page.close()


def test_files_arabic_interface_and_a_skipped_file(browser, tmp_path: Path) -> None:
    rain = tmp_path / "rain.txt"
    rain.write_text(RAIN, encoding="utf-8")
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n", encoding="utf-8")
    with running_server(create_app(Briefer(translator=FakeTranslator()))) as base:
        page = browser.new_page(viewport=PHONE, locale="en-US")
        page.goto(base + "/")
        page.click("#lang")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.inner_text("h1") == "موجز"
        page.set_input_files("#file", [str(rain), str(blank)])
        assert page.locator("#file-list li").count() == 2
        page.click("#submit")
        page.wait_for_selector("#downloads a")
        assert page.inner_text("#status").startswith("اكتمل")
        skipped = page.inner_text("#skipped")
        assert "blank.txt" in skipped and "لا نص فيه" in skipped  # the gist in Arabic (issue 24)
        assert no_horizontal_overflow(page)
        page.reload()  # the choice of language is remembered
        assert page.inner_text("h1") == "موجز"
        page.close()


def test_the_editor_says_the_articles_are_one_story(browser, tmp_path: Path) -> None:
    files = []
    for name, text in (("port.txt", PORT), ("rain.txt", RAIN)):
        files.append(tmp_path / name)
        files[-1].write_text(text, encoding="utf-8")
    with running_server(create_app(Briefer(translator=FakeTranslator()))) as base:
        page = browser.new_page(viewport=PHONE, locale="en-US")
        page.goto(base + "/")
        page.set_input_files("#file", [str(f) for f in files])
        page.check("#one-event")
        assert no_horizontal_overflow(page)
        page.click("#submit")
        page.wait_for_selector("#downloads a[data-format=docx]")
        job = (page.get_attribute("#downloads a[data-format=docx]", "href") or "").rsplit("/", 1)[0]
        overview = page.request.get(base + job).json()["result"]["overview"]
        assert overview["one_event"] is True and [g["articles"] for g in overview["groups"]] == [[1, 2]]
        page.close()


def test_errors_and_the_token_field(browser) -> None:
    app = create_app(Briefer(translator=FakeTranslator()), ServeConfig(token="desk-7"))
    with running_server(app) as base:
        page = browser.new_page(viewport=PHONE, locale="en-US", accept_downloads=True)
        page.goto(base + "/")
        page.click("#submit")
        assert page.inner_text("#error") == "Add at least one file or pasted text."
        page.wait_for_selector("#token-box:not([hidden])")
        page.fill(".text-item textarea", SAMPLE_TEXT)
        page.fill("#token", "wrong")
        page.click("#submit")
        expect(page.locator("#error")).to_contain_text("token")
        page.fill("#token", "desk-7")
        page.click("#submit")
        page.wait_for_selector("#downloads a[data-format=docx]")
        with page.expect_download() as info:
            page.click("#downloads a[data-format=docx]")
        assert info.value.suggested_filename.endswith(".docx")
        page.close()
