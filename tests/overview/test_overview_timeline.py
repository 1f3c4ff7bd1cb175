"""Previews vs reports, the editor's notes, and place disagreements (made-up event sets)."""

from __future__ import annotations

import json

from briefing.overview import build_overview
from tests.overview.test_overview import DATA, article, load_set

EXPECTED = json.loads((DATA / "events" / "expected.json").read_text(encoding="utf-8"))


def test_event_sets_group_by_event_and_tell_previews_from_reports() -> None:
    overview = build_overview(load_set("events"))
    names = sorted(p.name for p in (DATA / "events").glob("*.txt"))
    number = {name: i for i, name in enumerate(names, start=1)}
    assert [list(g.articles) for g in overview.groups] == [
        [number[n] for n in group] for group in EXPECTED["groups"]
    ]
    status = {i: s for g in overview.groups for i, s in g.statuses}
    assert status == {number[n]: s for n, s in EXPECTED["statuses"].items()}


def test_notes_say_who_previews_and_who_reports_with_the_time() -> None:
    (rate, *_) = build_overview(load_set("events")).groups
    (note,) = rate.notes
    assert note.startswith("1 source ([1]) previews the meeting (expected on Thursday)")
    assert "2 ([2], [3]) report it held on Thursday" in note


def test_sources_placing_the_event_elsewhere_are_listed() -> None:
    _, final, _ = build_overview(load_set("events")).groups
    (place,) = [n for n in final.notes if "differently" in n]
    # Place names as the sources write them (taa marbuta, hamza), not the matching copies.
    assert "[5] in القاهرة" in place and "[6] in الدار البيضاء" in place


def test_a_preview_never_merges_with_a_report_of_the_outcome() -> None:
    preview = article(
        1, "# نهائي مرتقب", "ويسعى الفريق إلى الفوز باللقب للمرة الثالثة في تاريخه مساء السبت المقبل."
    )
    report = article(
        2, "# الفريق بطلا", "وحصد الفريق اللقب للمرة الثالثة في تاريخه مساء السبت في الملعب الكبير."
    )
    for group in build_overview([preview, report]).groups:
        assert all(len(p.sources) == 1 for p in group.key_points)
        assert dict(group.statuses) == {1: "preview", 2: "report"}


def test_no_note_when_all_sources_report_and_agree_on_the_place() -> None:
    (group,) = build_overview(load_set("fire")).groups
    assert {s for _, s in group.statuses} == {"report"}
    assert group.notes == ()
