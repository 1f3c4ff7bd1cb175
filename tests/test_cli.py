"""The command line end to end: tiny real model through transformers, DOCX reopened."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import EXIT_NOTHING, EXIT_OK, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_help_is_instant_and_imports_nothing_heavy():
    code = (
        "import sys, contextlib, io\n"
        "from briefing.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['build', '--help'])\n"
        "    except SystemExit: pass\n"
        "heavy = ('torch', 'transformers', 'ctranslate2', 'fastapi', 'uvicorn')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_model_gives_one_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    monkeypatch.delenv("BRIEFING_MODEL", raising=False)
    code = main(["build", str(INPUTS), "--offline", "-o", "out.docx", "--no-cache", "-q"])
    err = capsys.readouterr().err
    assert code == EXIT_NOTHING
    assert "briefing models pull" in err and "--model PATH" in err
    assert not (tmp_path / "out.docx").exists()


def test_existing_output_needs_overwrite(tmp_path, capsys):
    target = tmp_path / "brief.docx"
    target.write_bytes(b"keep me")
    code = main(["build", str(INPUTS), "-o", str(target), "-q"])
    assert code == EXIT_USAGE
    assert "--overwrite" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"


def test_nothing_usable_exits_1(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code = main(["build", str(tmp_path), "-o", str(tmp_path / "b.docx"), "-q"])
    assert code == EXIT_NOTHING
    err = capsys.readouterr().err
    assert "empty.txt" in err and "nothing written" in err


def _docx_cells(path: Path):
    import docx

    document = docx.Document(str(path))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    return document, cells


@pytest.mark.model
def test_build_with_tiny_model_writes_a_checked_docx(tiny_model_dir, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in INPUTS.iterdir():
        if sample.suffix in {".txt", ".md"}:
            (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "broken.txt").write_bytes(b"")
    out = tmp_path / "brief.docx"
    code = main(
        [
            "build",
            str(folder),
            "--model",
            str(tiny_model_dir),
            "-o",
            str(out),
            "--json",
            "--sentences",
            "3",
            "--no-cache",
            "--beams",
            "2",
            "--threads",
            "1",
            "-q",
        ]
    )
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    data = json.loads(captured.out)
    assert data["output"] == str(out)
    assert len(data["articles"]) == 5
    assert [s["source"] for s in data["skipped"]] == [str(folder / "broken.txt")]

    document, cells = _docx_cells(out)
    cell_texts = [c.text.strip() for c in cells]
    body = "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(cell_texts)
    for article in data["articles"]:
        assert article["metadata"]["title"]
        assert Path(article["source"]).name in body  # attribution names the file
        for sentence in article["sentences"]:
            assert sentence["english"].strip()
            assert sentence["arabic"] in cell_texts  # exactly as cleaned, one cell each
            assert isinstance(sentence["confidence"], float)
    assert "broken.txt" in body  # skipped sources are listed

    # Paragraphs that begin in Arabic (an English line naming an Arabic outlet stays LTR).
    arabic_paragraphs = [
        p
        for c in cells
        for p in c.paragraphs
        if "\u0600" <= next((ch for ch in p.text if ch.isalpha()), "") <= "\u06ff"
    ]
    assert arabic_paragraphs
    for paragraph in arabic_paragraphs:
        ppr = paragraph._p.pPr
        assert ppr is not None and ppr.find(f"{W_NS}bidi") is not None
        for run in paragraph.runs:
            rpr = run._r.rPr
            assert rpr is not None and rpr.find(f"{W_NS}rtl") is not None
    assert "briefing: wrote" in captured.err


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One translation cache for the tiny-model CLI tests: later builds are cache hits."""
    return tmp_path_factory.mktemp("cache")


@pytest.mark.model
def test_several_formats_and_cached_rebuild_without_torch(tiny_model_dir, shared_cache, tmp_path):
    base = tmp_path / "out" / "brief"
    common = ["--model", str(tiny_model_dir), "--cache-dir", str(shared_cache), "--threads", "1", "-q"]
    formats = ["--format", "docx,md", "--format", "html", "--format", "json"]
    assert main(["build", str(INPUTS), "-o", str(base), *formats, *common]) == EXIT_OK
    written = sorted(p.name for p in base.parent.iterdir())
    assert written == ["brief.docx", "brief.html", "brief.json", "brief.md"]
    data = json.loads((base.parent / "brief.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 5

    # Same inputs again, in a fresh process: everything comes from the cache.
    code = (
        "import sys\n"
        "from briefing.cli import main\n"
        f"rc = main({['build', str(INPUTS), '-o', str(tmp_path / 'again.docx'), *common]!r})\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "0 []", out.stderr
    assert (tmp_path / "again.docx").is_file()


def test_unknown_format_is_a_usage_error(tmp_path, capsys):
    code = main(["build", str(INPUTS), "-o", str(tmp_path / "b"), "--format", "pdf", "-q"])
    assert code == EXIT_USAGE
    assert "pdf" in capsys.readouterr().err
