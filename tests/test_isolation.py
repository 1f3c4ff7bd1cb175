"""One broken input never stops a briefing: a failing reader, a missing package or a library bug
in one input skips that input (with the cause and the fix), and the rest is built.

Each case runs through ``build_briefing``, ``briefing build`` and ``briefing inspect``.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import briefing.pipeline
from briefing import build_briefing
from briefing.cli.main import EXIT_OK, main
from briefing.ingest.own_output import OWN_OUTPUT_REASON, is_briefing_output
from briefing.translation.stage import FakeTranslator
from tests.paths import DATA, ROOT, SAMPLES

INPUTS = SAMPLES
HTML_PAGE = DATA / "ingest" / "news-page.html"
GOOD = ("02-summit-expected-soon.txt", "03-kremlin-confirms-preparations.txt")


@pytest.fixture(autouse=True)
def read_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests replace a reader or hide a package in this process (and in the fresh
    interpreters they start); the input worker process would not see that, so inputs are
    read here (``input_seconds = 0``)."""
    monkeypatch.setenv("BRIEFING_INPUT_SECONDS", "0")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder of two good text articles, one Markdown article and one saved web page."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (*GOOD, "01-kremlin-putin-trump-summit.md"):
        shutil.copy(INPUTS / name, folder / name)
    shutil.copy(HTML_PAGE, folder / "page.html")
    return folder


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """`briefing build` translates with FakeTranslator: these tests are about inputs, not models."""
    monkeypatch.setattr(
        briefing.pipeline, "make_translator", lambda settings, **kw: (FakeTranslator(), "fake", "fake")
    )


def _block_html_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The HTML reader fails to import, as on an install without lxml_html_clean."""
    import briefing.ingest.readers as readers

    original = readers._import_reader

    def importer(fmt: str):
        if fmt == "html":
            raise ImportError(
                "lxml.html.clean module is now a separate project lxml_html_clean.\n"
                "Install lxml[html_clean] or lxml_html_clean directly."
            )
        return original(fmt)

    monkeypatch.setattr(readers, "_import_reader", importer)


def _break_markdown_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Markdown reader raises an unexpected exception (a bug in it or in a library)."""
    import briefing.ingest.readers.text as text

    def broken(*args, **kwargs):
        raise RuntimeError("list index out of range in a parser")

    monkeypatch.setattr(text, "read_md", broken)


# --------------------------------------------------------------------- a reader whose import fails


def test_reader_import_failure_skips_only_its_files_in_build_briefing(mixed, monkeypatch):
    _block_html_reader(monkeypatch)
    result = build_briefing([mixed], translator=FakeTranslator(), overview=False)
    assert len(result.articles) == 3
    [skipped] = result.skipped
    assert skipped.source == str(mixed / "page.html")
    assert "lxml_html_clean" in skipped.reason
    assert 'pip install "lxml_html_clean"' in skipped.reason


def test_reader_import_failure_in_briefing_build(mixed, monkeypatch, fake_model, tmp_path, capsys):
    _block_html_reader(monkeypatch)
    out = tmp_path / "brief.json"
    assert main(["build", str(mixed), "-o", str(out), "-q"]) == EXIT_OK
    err = capsys.readouterr().err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["articles"]) == 3
    assert [s["source"] for s in data["skipped"]] == [str(mixed / "page.html")]
    # Said once, with the fix.
    assert err.count("page.html") == 1
    assert f"briefing: skipped {mixed / 'page.html'}: " in err
    assert 'pip install "lxml_html_clean"' in err
    assert "briefing: wrote" in err


def test_reader_import_failure_in_briefing_inspect(mixed, monkeypatch, capsys):
    _block_html_reader(monkeypatch)
    assert main(["inspect", str(mixed), "--json"]) == EXIT_OK
    reports = {Path(r["source"]).name: r for r in json.loads(capsys.readouterr().out)}
    assert [reports[name]["status"] for name in sorted(reports)] == ["ok", "ok", "ok", "skipped"]
    assert 'pip install "lxml_html_clean"' in reports["page.html"]["reason"]


def test_a_package_missing_at_read_time_names_it(mixed, monkeypatch):
    # trafilatura is imported inside the HTML reader: its absence shows while reading.
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    result = build_briefing([mixed], translator=FakeTranslator(), overview=False)
    assert len(result.articles) == 3
    [skipped] = result.skipped
    assert skipped.reason.startswith("failed while reading: a package is missing or broken")
    assert 'pip install "trafilatura"' in skipped.reason


def test_real_missing_lxml_html_clean_in_a_fresh_process(mixed):
    """The issue's case for real: lxml_html_clean absent, build and inspect go on without the page."""
    code = (
        "import sys\n"
        "sys.modules['lxml_html_clean'] = None\n"  # as if never installed
        "import briefing.pipeline\n"
        "from briefing.translation.stage import FakeTranslator\n"
        "briefing.pipeline.make_translator = lambda s, **k: (FakeTranslator(), 'fake', 'fake')\n"
        "from briefing.cli.main import main\n"
        f"folder = {str(mixed)!r}\n"
        "rc_inspect = main(['inspect', folder])\n"
        "rc_build = main(['build', folder, '-o', folder + '-out/brief.md', '-q'])\n"
        "print('RC', rc_inspect, rc_build)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "RC 0 0" in out.stdout, out.stderr
    assert "Traceback" not in out.stderr
    assert "lxml_html_clean" in out.stderr  # the skip line of build names the package
    assert (mixed.parent / "in-out" / "brief.md").is_file()


# --------------------------------------------------------------------------- a reader that raises


def test_reader_that_raises_skips_only_its_file_in_build_briefing(mixed, monkeypatch):
    _break_markdown_reader(monkeypatch)
    result = build_briefing([mixed], translator=FakeTranslator(), overview=False)
    assert len(result.articles) == 3
    [skipped] = result.skipped
    assert skipped.source.endswith("01-kremlin-putin-trump-summit.md")
    assert skipped.reason == (
        "failed while reading (RuntimeError: list index out of range in a parser); this is a bug in "
        "briefing or a library it uses: run again with -v for the traceback and report it"
    )


def test_reader_that_raises_in_briefing_build_traceback_at_v(
    mixed, monkeypatch, fake_model, tmp_path, capsys
):
    _break_markdown_reader(monkeypatch)
    out = tmp_path / "brief.md"
    assert main(["build", str(mixed), "-o", str(out), "-q"]) == EXIT_OK
    err = capsys.readouterr().err
    assert err.count("01-kremlin-putin-trump-summit.md") == 1
    assert "RuntimeError: list index out of range" in err and "Traceback" not in err
    assert out.is_file()

    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # -v installs its handler on this stderr
    assert main(["build", str(mixed), "-o", str(out), "--overwrite", "-q", "-v"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "Traceback" in err and "in broken" in err


def test_reader_that_raises_in_briefing_inspect(mixed, monkeypatch, capsys):
    _break_markdown_reader(monkeypatch)
    assert main(["inspect", str(mixed)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "01-kremlin-putin-trump-summit.md: skipped" in out
    assert "reason: failed while reading (RuntimeError" in out
    assert "4 input(s): 3 ok, 1 skipped" in out


def test_a_summarizer_that_raises_on_one_article_skips_it():
    class Fragile:
        name = "fragile"

        def __call__(self, sentences, length):
            if sentences.article.source.path.endswith(".md"):
                raise ZeroDivisionError("division by zero")
            from briefing.summarize import get_summarizer

            return get_summarizer("lead")(sentences, length)

    result = build_briefing([INPUTS], summarizer=Fragile(), translator=FakeTranslator(), overview=False)
    assert len(result.articles) == 4
    [skipped] = result.skipped
    assert skipped.reason.startswith("failed while summarizing (ZeroDivisionError: division by zero)")


# ----------------------------------------------------------------- briefing's own outputs, empty folders


def test_briefings_saved_in_the_input_folder_are_recognised_and_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(INPUTS / name, folder / name)
    first = build_briefing([folder], translator=FakeTranslator())
    for suffix in ("docx", "md", "html", "json"):
        path = first.save(folder / f"brief.{suffix}")
        assert is_briefing_output(path.read_bytes(), suffix)

    again = build_briefing([folder], translator=FakeTranslator())
    assert len(again.articles) == 2
    assert sorted(Path(s.source).name for s in again.skipped) == [
        "brief.docx",
        "brief.html",
        "brief.json",
        "brief.md",
    ]
    assert {s.reason for s in again.skipped} == {OWN_OUTPUT_REASON}
    assert OWN_OUTPUT_REASON.startswith("a briefing written by briefing, not an article")


def test_an_article_is_not_taken_for_a_briefing():
    for name in GOOD:
        assert not is_briefing_output((INPUTS / name).read_bytes(), "txt")
    assert not is_briefing_output(HTML_PAGE.read_bytes(), "html")
    assert not is_briefing_output(b"PK\x03\x04 not a zip", "docx")
    assert not is_briefing_output(b'{"generator": {"name": "other"}}', "json")


def test_a_damaged_package_is_no_briefing_and_no_crash() -> None:
    # Found by the DOCX fuzz test: a corrupt deflate stream in docProps/core.xml is a
    # zlib.error, which must read as "not ours" (the reader then says what is wrong).
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("docProps/core.xml", "<dc:description>briefing 0.1 " + "x" * 4000)
    data = bytearray(buffer.getvalue())
    start = data.index(b"docProps/core.xml") + len("docProps/core.xml")
    for offset in range(4, 40, 3):  # inside the compressed bytes, before the central directory
        data[start + offset] ^= 0xFF
    assert not is_briefing_output(bytes(data), "docx")


def test_an_empty_folder_says_it_is_empty(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden.txt").write_text("مرحبا", encoding="utf-8")
    result = build_briefing([empty], translator=FakeTranslator())
    [skipped] = result.skipped
    assert skipped.reason.startswith("the folder is empty: no article files (.docx .htm .html .md .txt)")
    assert main(["build", str(empty), "-o", str(tmp_path / "b.docx"), "-q"]) == 1
    err = capsys.readouterr().err
    assert f"briefing: skipped {empty}: the folder is empty" in err
    assert "no usable article; nothing written" in err
