"""``briefing review FILE``: TSV and JSON lines in, flags and reasons out, in input order."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from briefing.cli.main import EXIT_NOTHING, EXIT_OK, main
from briefing.translation.pairs import parse_pairs, read_pairs

RAIN_AR = (
    "أدت الأمطار الغزيرة إلى إغلاق عدد من الطرق الرئيسية في شمال البلاد، بينما أعلنت السلطات تعليق "
    "الدراسة في المدارس ليومين."
)
RAIN_EN = (
    "Heavy rain closed several main roads in the north of the country, while the authorities announced "
    "that schools would be closed for two days."
)
VOTE_AR = "أعلنت اللجنة الانتخابية أن نسبة المشاركة في الانتخابات البلدية بلغت 41 في المئة."
VOTE_EN = "The electoral commission announced that turnout in the municipal elections reached 41 percent."
OFF_TOPIC = "The national football team will play two friendly matches in Europe during the summer."


def _tsv(tmp_path: Path, lines: list[str], name: str = "pairs.tsv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["review", *args, "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else {}, err


def test_tsv_with_header_and_a_bad_line(tmp_path, capsys):
    path = _tsv(
        tmp_path,
        ["arabic\tenglish", f"{RAIN_AR}\t{RAIN_EN}", "a line without a tab", f"{VOTE_AR}\t{OFF_TOPIC}"],
    )
    code, data, err = _run(capsys, str(path), "-o", str(tmp_path / "out.md"))
    assert code == EXIT_OK
    assert "line 3: expected arabic<TAB>english, found 1 column(s)" in err
    rows = data["sentences"]
    assert [r["index"] for r in rows] == [0, 1]
    assert [r["english"] for r in rows] == [RAIN_EN, OFF_TOPIC]
    assert rows[0]["flags"] == [] and rows[0]["reasons"] == {}
    assert "meaning" in rows[1]["flags"] and rows[1]["reasons"]["meaning"]
    assert set(rows[1]["scores"]) >= {"cosine", "omission", "addition"}
    assert data["flagged"] == 1
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "**Translations to check:** 1 of 2 translations is marked" in text
    row = next(line for line in text.splitlines() if line.startswith("| \\[1:2\\]"))
    assert "<br>*Check: ‡ the Arabic states 41; the English does not; × the English seems to be about" in row


def test_json_lines_in_input_order(tmp_path, capsys):
    lines = [
        json.dumps({"arabic": VOTE_AR, "english": VOTE_EN, "id": 7}, ensure_ascii=False),
        "{not json",
        json.dumps({"arabic": RAIN_AR}, ensure_ascii=False),
        json.dumps({"arabic": RAIN_AR, "english": RAIN_EN}, ensure_ascii=False),
    ]
    path = _tsv(tmp_path, lines, name="pairs.jsonl")
    code, data, err = _run(capsys, str(path), "-o", str(tmp_path / "out.html"))
    assert code == EXIT_OK
    assert "line 2: not valid JSON" in err
    assert 'line 3: needs string fields "arabic" and "english"' in err
    assert [r["arabic"] for r in data["sentences"]] == [VOTE_AR, RAIN_AR]
    assert (tmp_path / "out.html").exists()


def test_docx_output_marks_the_flagged_row(tmp_path, capsys):
    path = _tsv(tmp_path, [f"{RAIN_AR}\t{RAIN_EN} {OFF_TOPIC}"])
    code, data, _ = _run(capsys, str(path), "-o", str(tmp_path / "out.docx"))
    assert code == EXIT_OK and "addition" in data["sentences"][0]["flags"]
    document = docx.Document(str(tmp_path / "out.docx"))
    cells = [c for t in document.tables for r in t.rows for c in r.cells]
    english = next(c for c in cells if c.paragraphs[0].text.startswith("Heavy rain"))
    assert english.paragraphs[0].text.endswith(" +")
    assert english.paragraphs[-1].text.startswith("Check: + ")
    first_page = [p.text for p in document.paragraphs[:8]]
    assert any(t.startswith("Translations to check: 1 of 1 translations is marked") for t in first_page)


def test_no_readable_pair_is_exit_1_naming_the_file(tmp_path, capsys):
    path = _tsv(tmp_path, ["only one column", "another"])
    code = main(["review", str(path), "-o", str(tmp_path / "out.md")])
    err = capsys.readouterr().err
    assert code == EXIT_NOTHING
    assert str(path) in err and "no translation pair could be read" in err and "line 1" in err
    assert not (tmp_path / "out.md").exists()


def test_missing_and_non_utf8_files(tmp_path, capsys):
    assert main(["review", str(tmp_path / "none.tsv"), "-o", str(tmp_path / "o.md")]) == EXIT_NOTHING
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "cp1256.tsv"
    bad.write_bytes(f"{VOTE_AR}\t{VOTE_EN}\n".encode("cp1256"))
    assert main(["review", str(bad), "-o", str(tmp_path / "o.md")]) == EXIT_NOTHING
    assert "not UTF-8" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "pairs", "problems"),
    [
        ("arabic\tenglish\nنص\tText\n", [("نص", "Text")], []),
        ("نص\tText\n\n\nنص آخر\tMore\n", [("نص", "Text"), ("نص آخر", "More")], []),
        ("نص\t\n", [], ["line 1: the Arabic or the English is empty"]),
        ("نص\tb\tc\n", [], ["line 1: expected arabic<TAB>english, found 3 column(s)"]),
    ],
)
def test_parse_pairs(text, pairs, problems):
    found = parse_pairs(text)
    assert list(found.pairs) == pairs and list(found.problems) == problems


def test_header_is_only_skipped_on_the_first_line(tmp_path):
    found = read_pairs(_tsv(tmp_path, ["\ufeffarabic\tenglish", "نص\tText", "source\ttarget"]))
    assert found.pairs == (("نص", "Text"), ("source", "target"))
    assert found.lines == (2, 3)
