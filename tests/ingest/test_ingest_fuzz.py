"""Property-based tests of the HTML and DOCX readers: hostile bytes give an InputError or an article."""

from __future__ import annotations

import contextlib
import io
import random
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import InputError
from briefing.ingest.read import ingest
from briefing.types import Article

_FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_TAGS = ["p", "div", "article", "h1", "h2", "li", "ul", "table", "tr", "td", "script", "nav", "b", "br"]
_PIECES = [*"قمة بين الرئيسين في ألاسكا.،؟ abc<>&;\"'=/!-", "&amp;", "&#1575;", "\n"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


def _check(article: Article) -> None:
    assert article.blocks
    assert all(block.text == block.text.strip() for block in article.blocks if block.kind != "line")


@st.composite
def _html(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(_TAGS))
        parts.append(f"<{tag}>" + draw(_TEXT) + (f"</{tag}>" if draw(st.booleans()) else ""))
    head = draw(
        st.sampled_from(["", "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>", "<?xml?>"])
    )
    return head + "".join(parts)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@_FAST
@given(page=_html(), encoding=st.sampled_from(["utf-8", "utf-16", "cp1256"]))
def test_html_reader_never_crashes(folder: Path, page: str, encoding: str) -> None:
    path = folder / "page.html"
    path.write_bytes(page.encode(encoding, errors="replace"))
    try:
        article = ingest(path)
    except InputError:
        return
    _check(article)


@_FAST
@given(data=st.binary(max_size=2000))
def test_html_reader_on_random_bytes(folder: Path, data: bytes) -> None:
    path = folder / "bytes.htm"
    path.write_bytes(data)
    with contextlib.suppress(InputError):
        _check(ingest(path))


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("خطة سكنية جديدة", level=1)
    document.add_paragraph("أعلنت الحكومة خطة لبناء 20 ألف وحدة سكنية.")
    document.add_paragraph("بند أول", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "المرحلة"
    table.cell(1, 1).text = "2026"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_DOCX = _docx_bytes()


@_FAST
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 40), cut=st.integers(0, len(_DOCX)))
def test_docx_reader_survives_corruption(folder: Path, seed: int, flips: int, cut: int) -> None:
    rng = random.Random(seed)
    data = bytearray(_DOCX[: max(cut, 4)])
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    path = folder / "broken.docx"
    path.write_bytes(bytes(data))
    try:
        article = ingest(path)
    except InputError:
        return
    _check(article)


_PARAGRAPH = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=60,
)


@_FAST
@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=6))
def test_docx_paragraphs_round_trip(folder: Path, paragraphs: list[str]) -> None:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / "round.docx"
    document.save(path)
    expected = [" ".join(text.split()) for text in paragraphs if text.split()]
    try:
        article = ingest(path)
    except InputError:
        assert not expected
        return
    assert [block.text for block in article.blocks] == expected
