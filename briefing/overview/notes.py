"""The editor's notes on a group: who previews the event and who reports it, and where.

:mod:`briefing.overview.timeline` decides each article's status and the places its lead
names; this module writes that up in one line an editor reads at a glance, with the
expected and reported time ("2 sources ([2], [3]) preview the summit (expected within 2
weeks); 3 ([1], [4], [5]) report it held on Friday."), and lists the sources that place the
event in different places.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from briefing.overview.articles import Doc
from briefing.overview.lexicon import EVENT_NOUNS, MONTHS_EN, UNITS_EN, WEEKDAYS_EN
from briefing.overview.slots import Slot, extract_slots
from briefing.overview.text import Analyzer
from briefing.overview.timeline import event_noun, names_noun, place_clusters
from briefing.types import ArticleStatus

__all__ = ["editor_notes"]


def _sources(ids: Iterable[int]) -> str:
    """Source numbers as the briefing writes them: ``[1], [4]``."""
    return ", ".join(f"[{i}]" for i in sorted(ids))


def _time_phrase(slot: Slot, *, preview: bool) -> str | None:
    """A slot as a time in English ("within 2 weeks", "on Friday", "on 15 August"), if it is one."""
    if preview and slot.kind == "duration" and slot.unit.startswith("within:"):
        unit = UNITS_EN.get(slot.unit.split(":")[1], slot.unit)
        return f"within {slot.value} {unit}"
    if slot.kind == "day" and slot.unit == "weekday":
        return f"on {WEEKDAYS_EN.get(slot.value, slot.value)}"
    if slot.kind == "day":
        number, _, month = slot.value.partition(" ")
        return f"on {number} {MONTHS_EN.get(month, month)}"
    return None


def _when(
    group: Sequence[Doc], ids: Iterable[int], analyzer: Analyzer, noun: str, *, preview: bool
) -> tuple[str, frozenset[int]]:
    """The most stated time of the event in these articles ("within 2 weeks", "on Friday"), and who states it.

    Only a time stated in a sentence that names the event counts: a weekday elsewhere in
    the article may be any other day. ``("", {})`` when none is stated.
    """
    wanted = set(ids)
    seen: Counter[str] = Counter()
    stated: dict[str, set[int]] = {}
    for doc in group:
        if doc.id not in wanted:
            continue
        for sent in doc.sents:
            if not names_noun(sent, noun):
                continue
            for slot in extract_slots(sent.tokens, analyzer.key):
                phrase = _time_phrase(slot, preview=preview)
                if phrase is not None:
                    seen[phrase] += 1
                    stated.setdefault(phrase, set()).add(doc.id)
    if not seen:
        return "", frozenset()
    phrase = seen.most_common(1)[0][0]
    return phrase, frozenset(stated[phrase])


def _attributed(phrase: str, stated: frozenset[int], ids: Sequence[int]) -> str:
    """``phrase`` as said by all of ``ids``, or with the sources that state it when only some do.

    "3 report it held on Friday" would say that three sources give the day when one does.
    """
    return phrase if stated >= set(ids) else f"{phrase}, per {_sources(stated)}"


def _status_note(
    group: Sequence[Doc], previews: Sequence[int], reports: Sequence[int], noun: str, analyzer: Analyzer
) -> str | None:
    """ "2 sources ([2], [3]) preview the summit (expected ...); 3 ([1], [4], [5]) report it held ...".

    None unless the previews date the event (a time in a sentence that names it): a preview
    of no dated event is no fact an editor can check; None too when the reports say it was
    held on another day than the previews expect (they speak of two instances).
    """
    english = EVENT_NOUNS[noun]
    when, stated = _when(group, previews, analyzer, noun, preview=True)
    if not when:
        return None
    expected = f" (expected {_attributed(when, stated, previews)})"
    many = len(previews) > 1
    line = (
        f"{len(previews)} source{'s' if many else ''} ({_sources(previews)}) "
        f"preview{'' if many else 's'} the {english}{expected}"
    )
    if reports:
        held_when, held_by = _when(group, reports, analyzer, noun, preview=False)
        if held_when.startswith("on ") and when.startswith("on ") and held_when != when:
            # Expected on one day, held on another: two instances of the event (the summit
            # being prepared and another one), not one event previewed and reported.
            return None
        said = _attributed(held_when, held_by, reports)
        held = "" if not held_when else f" {said}" if said == held_when else f" ({said})"
        verb = "report" if len(reports) > 1 else "reports"
        line += f"; {len(reports)} ({_sources(reports)}) {verb} it held{held}"
    return line + "."


def _place_note(group: Sequence[Doc], statuses: dict[int, ArticleStatus], noun: str) -> str | None:
    """A note when the places the articles give the event fall in separate sets (none shared)."""
    english = EVENT_NOUNS[noun]
    clusters = place_clusters(group, statuses, noun)
    if len(clusters) < 2:
        return None
    said = "; ".join(
        f"{_sources(ids)} in {' / '.join(where[code] for code in sorted(where))}" for ids, where in clusters
    )
    return f"Sources place the {english} differently: {said}."


def editor_notes(
    group: Sequence[Doc], statuses: dict[int, ArticleStatus], analyzer: Analyzer
) -> tuple[str, ...]:
    """The notes on a group of articles: previews against reports, then places.

    Args:
        group: The group's articles (copies included), in source order.
        statuses: Each article's status (:func:`briefing.overview.timeline.statuses`).
        analyzer: Matching keys of the briefing (to read the times stated).

    Returns:
        Up to two lines of English; none when nothing sets one source against another. No
        note names an event the sources do not (the event noun must be in half the leads)
        or a time they do not tie to it.
    """
    if len(group) < 2:
        return ()
    noun = event_noun(group)
    ids = {d.id for d in group}
    previews = [i for i, s in statuses.items() if s == "preview" and i in ids]
    reports = [i for i, s in statuses.items() if s == "report" and i in ids]
    notes: list[str] = []
    status = _status_note(group, previews, reports, noun, analyzer) if previews and noun else None
    if status is not None:
        notes.append(status)
    # Where an event is needs the event: without a noun the leads name no place *of* it.
    place = _place_note(group, statuses, noun) if noun else None
    if place is not None:
        notes.append(place)
    return tuple(notes)
