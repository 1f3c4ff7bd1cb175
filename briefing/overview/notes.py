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
from briefing.overview.timeline import event_noun, place_clusters
from briefing.text.arabic import surface
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


def _when(group: Sequence[Doc], ids: Iterable[int], analyzer: Analyzer, *, preview: bool) -> str:
    """The most stated time of these articles in English: "within 2 weeks", "on Friday"."""
    wanted = set(ids)
    seen: Counter[str] = Counter()
    for doc in group:
        if doc.id not in wanted:
            continue
        for sent in doc.sents:
            for slot in extract_slots(sent.tokens, analyzer.key):
                phrase = _time_phrase(slot, preview=preview)
                if phrase is not None:
                    seen[phrase] += 1
    return seen.most_common(1)[0][0] if seen else ""


def _status_note(
    group: Sequence[Doc], previews: Sequence[int], reports: Sequence[int], english: str, analyzer: Analyzer
) -> str:
    """ "2 sources ([2], [3]) preview the summit (expected ...); 3 ([1], [4], [5]) report it held ..."."""
    when = _when(group, previews, analyzer, preview=True)
    expected = f" (expected {when})" if when else ""
    many = len(previews) > 1
    line = (
        f"{len(previews)} source{'s' if many else ''} ({_sources(previews)}) "
        f"preview{'' if many else 's'} the {english}{expected}"
    )
    if reports:
        when = _when(group, reports, analyzer, preview=False)
        held = f" {when}" if when else ""
        verb = "report" if len(reports) > 1 else "reports"
        line += f"; {len(reports)} ({_sources(reports)}) {verb} it held{held}"
    return line + "."


def _written(group: Sequence[Doc], name: str) -> str:
    """A place name as a source of the group writes it (the first one that names it)."""
    words = name.split()
    for doc in group:
        for sent in doc.sents:
            if any(words[0] == t or t.endswith(words[0]) for t in sent.tokens):
                return " ".join(surface(sent.text, w) for w in words)
    return name


def _place_note(group: Sequence[Doc], statuses: dict[int, ArticleStatus], english: str) -> str | None:
    """A note when the articles' places fall in separate sets (no place shared between them)."""
    clusters = place_clusters(group, statuses)
    if len(clusters) < 2:
        return None
    said = "; ".join(
        f"{_sources(ids)} in {' / '.join(_written(group, w) for w in sorted(where))}"
        for ids, where in clusters
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
        Up to two lines of English; none when nothing sets one source against another.
    """
    noun = event_noun(group)
    english = EVENT_NOUNS[noun] if noun is not None else "event"
    previews = [i for i, s in statuses.items() if s == "preview"]
    reports = [i for i, s in statuses.items() if s == "report"]
    notes: list[str] = []
    if previews:
        notes.append(_status_note(group, previews, reports, english, analyzer))
    place = _place_note(group, statuses, english)
    if place is not None:
        notes.append(place)
    return tuple(notes)
