"""``check_glossary``: duplicates, conflicts, terms that never match, and hits in inputs."""

from __future__ import annotations

from pathlib import Path

from briefing.glossary import check_glossary


def test_duplicates_conflicts_and_hits(tmp_path: Path) -> None:
    path = tmp_path / "desk.csv"
    path.write_text("حزب الله,Hezbollah\nأمل,Amal\nحزب اللّه,Hezbollah\nامل,hope\n", encoding="utf-8")
    report = check_glossary(path, [("a.txt", "قال حزب الله وحركة أمل")])
    assert [(p.kind, p.line) for p in report.problems] == [("duplicate", 3), ("conflict", 4)]
    assert not report.ok
    assert [h.term.english for h in report.hits[0][1]] == ["Hezbollah", "Amal"]


def test_a_term_written_with_its_clitic_hides_the_plain_one(tmp_path: Path) -> None:
    path = tmp_path / "desk.csv"
    # Line 2 is "القاهرة" with the conjunction glued on: in running text "والقاهرة" now
    # finds line 2, so line 1 no longer matches after و.
    path.write_text("القاهرة,Cairo\nوالقاهرة,and Cairo\n", encoding="utf-8")
    report = check_glossary(path)
    assert [(p.kind, p.line) for p in report.problems] == [("no-match", 1)]
    assert "instead" in report.problems[0].message


def test_a_sound_file_is_ok(tmp_path: Path) -> None:
    path = tmp_path / "desk.csv"
    path.write_text("حزب الله,Hezbollah\n", encoding="utf-8")
    report = check_glossary(path)
    assert report.ok and report.problems == () and report.terms == 1
