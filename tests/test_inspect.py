"""`briefing inspect`: a folder mixing good and bad inputs, the JSON shape, the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing.cli.main import main
from briefing.inspect import format_reports, inspect_inputs
from tests import paths
from tests.ingest.test_ingest_docx import build_docx

DATA = paths.DATA / "ingest"
GOOD = ("harvest-cp1256.txt", "front-matter.md", "news-page.html", "scrape-noise.txt", "harvest-utf16.txt")
BAD = {
    "english.txt": "mainly English",
    "binary.txt": "cannot tell how this file's text is encoded",
    "empty.txt": "the file is empty",
    "whitespace.txt": "only white space",
    "bad-front-matter.md": "not valid YAML",
}


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder of good and bad inputs, a Word file, an unsupported file and a noise-only page."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (*GOOD, *BAD):
        shutil.copy(DATA / name, folder / name)
    build_docx(folder / "plan.docx")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "noise.txt").write_text(
        "Share this post with friends!\n0 thoughts\nأضف تعليقاً\n", encoding="utf-8"
    )
    (folder / "manifest.csv").write_text("file,outlet\nharvest-cp1256.txt,نشرة الريف\n", encoding="utf-8")
    return folder


def test_mixed_folder_good_articles_and_a_reason_for_each_bad_one(mixed: Path) -> None:
    reports = {Path(report.source).name: report for report in inspect_inputs([mixed])}
    assert {name for name, report in reports.items() if report.status == "ok"} == {*GOOD, "plan.docx"}
    expected_bad = {**BAD, "scan.pdf": "unsupported format .pdf", "noise.txt": "no article text left"}
    for name, reason in expected_bad.items():
        assert reports[name].status == "skipped", name
        assert reason in reports[name].reason, (name, reports[name].reason)
        assert not reports[name].reason.startswith(str(mixed))  # the path is in "source"
    assert "manifest.csv" not in reports
    harvest = reports["harvest-cp1256.txt"]
    assert (harvest.format, harvest.encoding) == ("txt", "cp1256")
    assert harvest.metadata["outlet"] == "نشرة الريف"
    assert harvest.provenance["outlet"] == "manifest"
    assert harvest.sentences[0].startswith("أعلنت وزارة الزراعة")
    assert reports["plan.docx"].encoding is None


def test_json_shape(mixed: Path) -> None:
    items = [report.to_dict() for report in inspect_inputs([mixed / "scrape-noise.txt", mixed / "empty.txt"])]
    keys = {
        "source",
        "status",
        "reason",
        "format",
        "encoding",
        "metadata",
        "provenance",
        "sentences",
        "dropped",
    }
    assert all(set(item) == keys for item in items)
    ok, skipped = items
    assert ok["status"] == "ok" and ok["reason"] is None
    assert set(ok["metadata"]) == {"title", "outlet", "author", "published", "url"}
    assert ok["metadata"]["published"] == "2025-03-12"
    assert ok["provenance"]["author"] == "byline"
    assert {"text": "© 2025 جريدة المدينة. جميع الحقوق محفوظة", "rule": "copyright"} in ok["dropped"]
    assert all(isinstance(sentence, str) and sentence for sentence in ok["sentences"])
    assert skipped["status"] == "skipped" and skipped["sentences"] == [] and skipped["format"] == "txt"
    json.dumps(items, ensure_ascii=False)


def test_skipped_by_language_still_shows_the_cleaned_text() -> None:
    (report,) = inspect_inputs([DATA / "english.txt"])
    assert report.status == "skipped"
    assert report.sentences and report.sentences[0].startswith("The central bank")
    assert report.dropped[0].rule == "title"


def test_cli_json(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--json", str(mixed / "news-page.html"), str(mixed / "missing.txt")]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [item["status"] for item in items] == ["ok", "skipped"]
    assert items[0]["metadata"]["url"] == "https://alofoq.example/economy/2025/03/rates-hold"
    assert items[1]["reason"].startswith("no such file")


def test_cli_text(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(mixed / "scrape-noise.txt")]) == 0
    out = capsys.readouterr().out
    assert "scrape-noise.txt: ok" in out
    assert "author:    نادية العمري   [byline]" in out
    assert "- reader-comments" in out
    assert out.rstrip().endswith("1 input(s): 1 ok, 0 skipped")


def test_cli_exit_code_when_nothing_is_usable(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(mixed / "empty.txt"), str(mixed / "scan.pdf")]) == 1
    assert "2 input(s): 0 ok, 2 skipped" in capsys.readouterr().out


def test_format_reports_lists_reasons() -> None:
    text = format_reports(inspect_inputs([DATA / "binary.txt"]))
    assert "binary.txt: skipped" in text and "reason:" in text
