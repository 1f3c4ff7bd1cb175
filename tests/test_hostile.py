"""Hostile inputs (issue 25), generated here, never stored: each is read next to good
articles within a time limit, and the good articles are still written.

Before the fixes: 73 empty HTML comments at the top of a .txt file backtracked
exponentially (the run never ended), 100,000 `[` and 25,000 ` **ا` took minutes in the
link and emphasis patterns, a DOCX with many styles cost paragraphs x styles, and a deeply
nested JSON-LD block was reported as "a bug in briefing".
"""

from __future__ import annotations

import io
import shutil
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from briefing import Briefer, build_briefing
from briefing.batch import run_batch
from briefing.config import DEFAULTS, Settings
from briefing.ingest.inputs import failure_reason
from briefing.isolate import Worker, WorkTimeoutError
from briefing.pipeline import InputBudget, prepare_articles, prepare_bounded
from briefing.serve.app import create_app
from briefing.serve.settings import ServeConfig
from briefing.summarize import Length, get_summarizer
from briefing.translation.stage import FakeTranslator
from tests.hostile_fakes import RunawaySummarizer
from tests.paths import SAMPLES

GOOD = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".txt")[:2]
SENTENCE = "قال المتحدث إن الاجتماع انتهى مساء أمس بعد ساعات من النقاش. "


def _hostile_docx(styles: int, paragraphs: int, merged_rows: int = 0) -> bytes:
    """A Word file with ``styles`` paragraph styles, each paragraph on its own style."""
    base = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(SENTENCE)
    document.save(base)
    source = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                extra = "".join(
                    f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="s{i}"/></w:style>'
                    for i in range(styles)
                )
                data = data.replace(b"</w:styles>", extra.encode() + b"</w:styles>")
            if info.filename == "word/document.xml":
                run = f"<w:r><w:t>{SENTENCE}</w:t></w:r>"
                style = '<w:pPr><w:pStyle w:val="S{}"/></w:pPr>'
                body = "".join(f"<w:p>{style.format(i % styles)}{run}</w:p>" for i in range(paragraphs))
                if merged_rows:
                    cell = "<w:p><w:r><w:t>خلية</w:t></w:r></w:p>"
                    first = f'<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{cell}</w:tc>'
                    rest = "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>" * merged_rows
                    body += f"<w:tbl><w:tr>{first}</w:tr>{rest}</w:tbl>"
                at = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:at] + body.encode() + data[at:]
            package.writestr(info, data)
    return out.getvalue()


HOSTILE: dict[str, bytes] = {
    "comments.txt": ("<!---->" * 73).encode(),
    "brackets.md": ("[" * 100_000).encode(),
    "strong.md": (" **ا" * 10_000).encode(),
    "strike.md": (" ~~ا" * 10_000).encode(),
    "images.md": ("![](" * 20_000).encode(),
    "tatweel.txt": ((SENTENCE + "ـ" * 24 + "1. ") * 300).encode(),
    "spaces.txt": (SENTENCE + " " * 200_000 + "x\n" + SENTENCE).encode(),
    "styles.docx": _hostile_docx(1_500, 1_500),
    "merged.docx": _hostile_docx(1, 2, merged_rows=3_000),
    "jsonld.html": (
        "<html><head><script type='application/ld+json'>" + "[" * 100_000 + "]" * 100_000 + "</script>"
        f"</head><body><article><p>{SENTENCE * 5}</p></article></body></html>"
    ).encode(),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for path in GOOD:
        shutil.copy(path, tmp_path / path.name)
    for name, data in HOSTILE.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def _small_folder(folder: Path) -> Path:
    """The good articles and the hostile files that stalled a run outright."""
    folder.mkdir(exist_ok=True)
    for path in GOOD:
        shutil.copy(path, folder / path.name)
    for name in ("comments.txt", "brackets.md", "strong.md", "merged.docx", "jsonld.html"):
        (folder / name).write_bytes(HOSTILE[name])
    return folder


def test_hostile_inputs_are_read_quickly_and_good_articles_survive(folder):
    summarizer, length = get_summarizer("default"), Length.from_settings(DEFAULTS)
    start = time.perf_counter()
    prepared, skipped = prepare_articles([folder], summarizer=summarizer, length=length)
    took = time.perf_counter() - start
    sources = {Path(p.summary.article.source.path).name for p in prepared}
    assert {path.name for path in GOOD} <= sources
    assert took < 60, f"hostile inputs took {took:.0f} s"
    for entry in skipped:
        assert "bug in briefing" not in entry.reason, entry


def test_build_writes_the_good_articles(tmp_path):
    result = build_briefing([_small_folder(tmp_path)], translator=FakeTranslator(), overview=False)
    assert {path.name for path in GOOD} <= {Path(a.source.path).name for a in result.articles}


def test_a_runaway_input_is_stopped_and_named(folder, monkeypatch):
    # A stage that never ends (the 73-comment pattern before the fix) is stopped by the budget.
    budget = InputBudget(seconds=1, seconds_per_mb=0)
    start = time.perf_counter()
    with Worker() as worker:
        with pytest.raises(WorkTimeoutError):
            worker.run(time.sleep, 30, timeout=budget.limit(folder / "comments.txt"))
        assert worker.run(len, "abc", timeout=30) == 3  # a fresh worker after the kill
    assert time.perf_counter() - start < 20


def test_deep_nesting_is_the_file_not_a_bug():
    reason = failure_reason(RecursionError("maximum recursion depth exceeded"), "page.html")
    assert "bug" not in reason and "nests" in reason


def test_batch_writes_the_good_articles(tmp_path):
    folder, out = _small_folder(tmp_path / "in"), tmp_path / "out"
    start = time.perf_counter()
    summary = run_batch([str(folder)], out, settings=Settings(sentences=3), translator_factory=FakeTranslator)
    assert time.perf_counter() - start < 60
    written = (out / "articles.jsonl").read_text(encoding="utf-8")
    for path in GOOD:
        assert path.name in written
    assert "bug in briefing" not in (out / "skipped.jsonl").read_text(encoding="utf-8")
    assert summary is not None


def test_service_answers_while_a_runaway_input_is_stopped():
    from fastapi.testclient import TestClient

    briefer = Briefer(
        translator=FakeTranslator(),
        settings=Settings(input_seconds=3, input_seconds_per_mb=0),
        summarizer=RunawaySummarizer(),
    )
    with TestClient(create_app(briefer, ServeConfig()), base_url="http://127.0.0.1:8765") as client:
        text = GOOD[0].read_text(encoding="utf-8")
        job = client.post("/api/briefings", json={"articles": [{"text": text}]}).json()
        deadline = time.monotonic() + 60
        slowest = 0.0
        while (state := client.get(f"/api/briefings/{job['id']}").json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            asked = time.perf_counter()
            assert client.get("/healthz").status_code == 200
            slowest = max(slowest, time.perf_counter() - asked)
            time.sleep(0.05)
    assert slowest < 2, f"/healthz took {slowest:.1f} s while the input ran"
    assert state["status"] == "failed" and "took longer than 3 s to read" in state["error"]


def test_without_a_worker_process_inputs_are_read_here(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    prepared = prepare_bounded(
        GOOD[0],
        summarizer=get_summarizer("default"),
        length=Length.from_settings(DEFAULTS),
        budget=InputBudget(seconds=30, seconds_per_mb=30),
        worker=Worker(),
    )
    assert prepared.summary.sentences
