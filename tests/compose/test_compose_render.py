"""The DOCX as rendered: LibreOffice converts it to PDF, poppler reads the words back with positions.

Checks what only a renderer can show: English on the left and Arabic on the right, Arabic lines
running right to left with the full stop at their left end, digits inside Arabic kept in order,
and the articles in order on both paper sizes. Skipped, with the reason, where LibreOffice or
poppler-utils is not installed (``apt-get install libreoffice-writer poppler-utils``).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.compose import labels, save
from tests.compose_sample import sample_result

_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_PDFTOTEXT = shutil.which("pdftotext")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(_SOFFICE is None, reason="LibreOffice (soffice) not installed: rendering not checked"),
    pytest.mark.skipif(
        _PDFTOTEXT is None, reason="pdftotext (poppler-utils) not installed: rendering not checked"
    ),
]

# Lam-alef is one glyph; poppler reads it back as alef-lam, so words holding it are not compared.
_LAM_ALEF = re.compile("ل[اأإآ]")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    def same_line(self, other: Word) -> bool:
        return self.page == other.page and abs(self.y0 - other.y0) < 3


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("render")
    result = sample_result(skipped=True)
    docs = [save(result, folder / f"{paper}.docx", paper=paper) for paper in ("a4", "letter")]
    profile = folder / "lo-profile"  # a private profile: no clash with a running LibreOffice
    completed = subprocess.run(
        [
            _SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, docs),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    out = {paper: folder / f"{paper}.pdf" for paper in ("a4", "letter")}
    missing = [str(p) for p in out.values() if not p.exists()]
    assert not missing, f"LibreOffice wrote no PDF: {completed.stdout} {completed.stderr}"
    return out


def _words(pdf: Path) -> tuple[list[tuple[float, float]], list[Word]]:
    """Page sizes and every word with its box (visual glyph order, as poppler sees it)."""
    text = subprocess.run(
        [_PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages, words = [], []
    for number, chunk in enumerate(text.split("<page ")[1:]):
        size = _PAGE.search("<page " + chunk)
        pages.append((float(size.group(1)), float(size.group(2))))
        for m in _WORD.finditer(chunk):
            words.append(Word(number, *map(float, m.groups()[:4]), html.unescape(m.group(5))))
    return pages, words


def _plain(pdf: Path) -> str:
    return subprocess.run([_PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _visual(word: str) -> str:
    """How poppler spells an Arabic word it reads right to left: the letters reversed."""
    return word[::-1]


def _comparable(word: str) -> bool:
    return (
        len(word) >= 3 and not _LAM_ALEF.search(word) and re.fullmatch(r"[\u0621-\u064a]+", word) is not None
    )


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))])
def test_page_size(pdfs, paper, size):
    pages, _ = _words(pdfs[paper])
    assert pages and all(abs(w - size[0]) < 1 and abs(h - size[1]) < 1 for w, h in pages)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_articles_and_citations_in_order(pdfs, paper):
    text = _plain(pdfs[paper])
    result = sample_result()
    positions = [text.index(f"{a.id}. {a.title_en}".split(":")[0]) for a in result.articles]
    assert positions == sorted(positions)
    cites = [f"[{a.id}:{s.index + 1}]" for a in result.articles for s in a.sentences]
    start = re.search(r"^Articles$", text, re.MULTILINE).end()  # the overview cites some of them too
    found = [text.index(c, start) for c in cites]
    assert found == sorted(found)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_arabic_right_of_english_and_right_to_left(pdfs, paper):
    pages, words = _words(pdfs[paper])
    middle = pages[0][0] / 2
    result = sample_result()
    checked_first = checked_stop = 0
    for article in result.articles:
        cite = next(w for w in words if w.text == f"[{article.id}:{article.sentences[0].index + 1}]")
        assert cite.x1 < middle, "English column is on the left"
        for sentence in article.sentences:
            tokens = sentence.arabic.split()
            first = tokens[0]
            if _comparable(first):
                hits = [w for w in words if w.text == _visual(first)]
                assert hits, first
                # The first word of a right-to-left paragraph starts at the right edge of the column.
                assert any(
                    all(o.x0 <= w.x0 for o in words if o.same_line(w) and o.x0 > middle) for w in hits
                ), first
                assert any(w.x0 > middle for w in hits), "Arabic column is on the right"
                checked_first += 1
            last = tokens[-1]
            if last.endswith(".") and _comparable(last[:-1]):
                core = _visual(last[:-1])
                # The full stop ends the sentence at its left end (poppler reads it first), not on
                # the right as it would in a left-to-right paragraph.
                attached = [w for w in words if w.text == "." + core]
                hits = [w for w in words if w.text == core]
                detached = [
                    s for w in hits for s in words if s.text == "." and s.same_line(w) and s.x1 <= w.x0 + 1
                ]
                stops = attached + detached
                assert not [w for w in words if w.text == core + "."], last
                assert stops, last
                checked_stop += 1
    assert checked_first >= 5 and checked_stop >= 5


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_digits_inside_arabic_keep_their_order(pdfs, paper):
    _, words = _words(pdfs[paper])
    texts = [w.text for w in words]
    assert "2025" in texts  # title of source 5: "... ألاسكا 2025 : ..."
    assert "5202" not in texts


def _bare(text: str) -> str:
    return text.translate({ord(ch): None for ch in labels.BIDI_CONTROLS})


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_attribution_dates_read_back_whole(pdfs, paper):
    """Each article's date is day, month, year side by side: no Arabic outlet pulled its day away."""
    _, words = _words(pdfs[paper])
    result = sample_result()
    for article in result.articles:
        date = labels.format_date(article.source.published)
        day, month, year = date.split()
        found = 0
        for w in words:
            if _bare(w.text) != month:
                continue
            line = sorted((o for o in words if o.same_line(w)), key=lambda o: o.x0)
            texts = [_bare(o.text) for o in line]
            i = next(j for j, o in enumerate(line) if o is w)
            if 0 < i < len(line) - 1 and texts[i - 1] == day and texts[i + 1].startswith(year):
                assert line[i - 1].x1 <= w.x0 and w.x1 <= line[i + 1].x0
                found += 1
        assert found >= 2, f"{date} not found whole (sources list and attribution) for source {article.id}"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_contents_page_numbers_match_the_pages(pdfs, paper):
    pages = _plain(pdfs[paper]).split("\f")
    contents = pages[0]
    result = sample_result()
    for article in result.articles:
        heading = f"{article.id}. {article.title_en}"
        match = re.search(rf"^{re.escape(heading)}\.*\s*(\d+)$", contents, re.MULTILINE)
        assert match, heading
        page = int(match.group(1))
        body = pages[page - 1]
        # The heading may wrap: its first words start a line on that page.
        assert re.search(rf"^{re.escape(heading[:30])}", body, re.MULTILINE), (heading, page)


@pytest.fixture(scope="module")
def naskh_installed() -> bool:
    fc = shutil.which("fc-list")
    if fc is None:
        return False
    out = subprocess.run(
        [fc, ":family=Noto Naskh Arabic"], capture_output=True, text=True, check=False
    ).stdout
    return bool(out.strip())


@pytest.mark.parametrize("paper", ["a4"])
def test_pdf_embeds_the_arabic_face(pdfs, paper, naskh_installed):
    fonts_tool = shutil.which("pdffonts")
    if fonts_tool is None or not naskh_installed:
        pytest.skip("pdffonts or the Noto Naskh Arabic font (fonts-noto-core) not installed")
    listing = subprocess.run(
        [fonts_tool, str(pdfs[paper])], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoNaskhArabic" in listing
    # Arabic headlines in the Naskh bold, not the heavy DejaVu Sans Bold fallback they used to get
    # (DejaVu may still be listed: it supplies the invisible bidi isolate controls).
    assert "NotoNaskhArabic-Bold" in listing
