"""``briefing glossary check`` and the ``--glossary`` options of build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import briefing.pipeline
from briefing.cli.main import main
from briefing.translation.stage import FakeTranslator
from tests.paths import SAMPLES


def _desk(tmp_path: Path, text: str = "بوتين,Putin\nترامب,Trump,ترمب\n") -> Path:
    path = tmp_path / "desk.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_lists_hits_per_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "check", str(_desk(tmp_path)), str(SAMPLES)]) == 0
    out = capsys.readouterr().out
    assert "desk.csv: 2 terms" in out
    assert "no duplicates, conflicts or terms that never match" in out
    assert "بوتين → Putin ×" in out


def test_check_exits_1_on_a_conflict_and_says_the_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _desk(tmp_path, "أمل,Amal\nامل,hope\n")
    assert main(["glossary", "check", "--json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == [
        {
            "kind": "conflict",
            "line": 2,
            "message": "'امل' is rendered 'hope' here and 'Amal' on line 1; keep one",
        }
    ]


def test_a_bad_row_is_a_usage_error_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _desk(tmp_path, "Putin,بوتين\n")
    assert main(["glossary", "check", str(path)]) == 2
    assert f"{path}:1: the English 'بوتين' holds Arabic letters" in capsys.readouterr().err


def test_build_applies_the_glossary_and_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        briefing.pipeline, "make_translator", lambda settings, **kw: (FakeTranslator(), "fake", "fake")
    )
    out = tmp_path / "b.json"
    argv = [
        "build",
        str(SAMPLES),
        "-o",
        str(out),
        "-q",
        "--no-default-glossary",
        "--glossary",
        str(_desk(tmp_path)),
    ]
    assert main(argv) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["glossary"]["name"] == "desk.csv"
    assert data["glossary"]["found"] > 0 and data["glossary"]["applied"] == 0  # the fake has no alternatives
    terms = [t for a in data["articles"] for s in a["sentences"] for t in s["terms"]]
    assert all("no alternatives" in t["reason"] for t in terms)


def test_a_missing_glossary_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["build", str(SAMPLES), "-o", str(tmp_path / "b.md"), "--glossary", str(tmp_path / "no.csv")])
        == 2
    )
    assert "no.csv does not exist" in capsys.readouterr().err
