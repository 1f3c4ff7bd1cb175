"""Previews vs reports, the editor's notes, and place disagreements (made-up event sets)."""

from __future__ import annotations

import json
from dataclasses import replace

from briefing.overview import build_overview
from tests.overview.test_overview import DATA, ONE_EVENT, article, load_set

EXPECTED = json.loads((DATA / "events" / "expected.json").read_text(encoding="utf-8"))


def _event(number: int) -> list:  # type: ignore[type-arg]
    """The made-up set's event *number* (0-based) alone, its articles numbered from 1."""
    names = sorted(p.name for p in (DATA / "events").glob("*.txt"))
    wanted = [names.index(n) for n in EXPECTED["groups"][number]]
    inputs = load_set("events")
    return [replace(inputs[i], id=k) for k, i in enumerate(wanted, start=1)]


def test_event_sets_never_mix_events_and_tell_previews_from_reports() -> None:
    overview = build_overview(load_set("events"))
    names = sorted(p.name for p in (DATA / "events").glob("*.txt"))
    number = {name: i for i, name in enumerate(names, start=1)}
    event_of = {number[n]: e for e, group in enumerate(EXPECTED["groups"]) for n in group}
    for group in overview.groups:
        assert len({event_of[i] for i in group.articles}) == 1
    status = {i: s for g in overview.groups for i, s in g.statuses}
    assert status == {number[n]: s for n, s in EXPECTED["statuses"].items()}


def test_notes_say_who_previews_and_who_reports_with_the_time() -> None:
    (rate,) = build_overview(_event(0), rules=ONE_EVENT).groups
    (note,) = rate.notes
    assert note.startswith("1 source ([1]) previews the meeting (expected on Thursday)")
    # Only [2] gives the day in a sentence naming the meeting: the note says so, rather than
    # "2 report it held on Thursday".
    assert "2 ([2], [3]) report it held (on Thursday, per [2])" in note


def test_sources_placing_the_event_elsewhere_are_listed() -> None:
    (final,) = build_overview(_event(1), rules=ONE_EVENT).groups
    (place,) = [n for n in final.notes if "differently" in n]
    # Place names as the sources write them (taa marbuta, hamza), not the matching copies.
    assert "[2] in القاهرة" in place and "[3] in الدار البيضاء" in place


def test_the_parties_and_subject_of_an_event_are_not_its_place() -> None:
    # Written for this test: one lead names the two countries meeting, the other the war
    # they discuss. Neither says where the summit is, so no note may say they disagree on it.
    parties = article(
        1,
        "# قمة بين روسيا والولايات المتحدة",
        "انتهت القمة بين روسيا والولايات المتحدة مساء الجمعة بعد ثلاث ساعات من المحادثات المغلقة.",
    )
    subject = article(
        2,
        "# القمة تنعش الآمال",
        "انتهت القمة مساء الجمعة بعد محادثات مغلقة قال الرئيسان إنها تنعش الآمال بإحلال السلام في أوكرانيا.",
    )
    (group,) = build_overview([parties, subject], rules=ONE_EVENT).groups
    assert not any("differently" in note for note in group.notes)
    venue = article(
        3,
        "# انتهاء القمة",
        "انتهت القمة في هلسنكي مساء الجمعة بعد ثلاث ساعات من المحادثات المغلقة بين الرئيسين.",
    )
    elsewhere = article(
        4,
        "# انتهاء القمة",
        "انتهت القمة في فيينا مساء الجمعة بعد محادثات مغلقة استمرت ثلاث ساعات بين الرئيسين.",
    )
    (group,) = build_overview([parties, venue, elsewhere], rules=ONE_EVENT).groups
    (place,) = [n for n in group.notes if "differently" in n]
    assert "[3] in هلسنكي" in place and "[4] in فيينا" in place and "[1]" not in place


def test_a_preview_never_merges_with_a_report_of_the_outcome() -> None:
    preview = article(
        1, "# نهائي مرتقب", "ويسعى الفريق إلى الفوز باللقب للمرة الثالثة في تاريخه مساء السبت المقبل."
    )
    report = article(
        2, "# الفريق بطلا", "وحصد الفريق اللقب للمرة الثالثة في تاريخه مساء السبت في الملعب الكبير."
    )
    for group in build_overview([preview, report], rules=ONE_EVENT).groups:
        assert all(len(p.sources) == 1 for p in group.key_points)
        assert dict(group.statuses) == {1: "preview", 2: "report"}


def test_no_note_when_all_sources_report_and_agree_on_the_place() -> None:
    (group,) = build_overview(load_set("fire"), rules=ONE_EVENT).groups
    assert {s for _, s in group.statuses} == {"report"}
    assert group.notes == ()
