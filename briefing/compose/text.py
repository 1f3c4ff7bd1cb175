"""Plain text for a terminal: the overview as ``briefing overview`` prints it.

One block per event group: which articles it holds, their status, notes, key points with the
articles that back them, differences with each version, and copies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from briefing.types import EventGroup, Overview, SourceRef

__all__ = ["format_overview"]


def format_overview(overview: Overview, sources: Sequence[SourceRef]) -> str:
    """The overview as plain text: the numbered articles, then one block per event group.

    Args:
        overview: The cross-source overview.
        sources: The articles it numbers, in order (article ``[1]`` first).

    Returns:
        The text, without a final newline.
    """
    lines = [
        f"[{n}] {src.path}" + (f" — {src.title}" if src.title else "") for n, src in enumerate(sources, 1)
    ]
    events = [g for g in overview.groups if len(g.articles) > 1]
    for number, group in enumerate(events, start=1):
        given = " (one event, as the editor said: --one-event)" if overview.one_event else ""
        lines += ["", f"Event {number}: {_ids(group.articles)}{given}"]
        lines += _group_body(group)
    single = [i for g in overview.groups if len(g.articles) == 1 for i in g.articles]
    if single:
        lines += ["", f"One source only: {_ids(single)}"]
    return "\n".join(lines)


def _ids(articles: Iterable[int]) -> str:
    """``[1], [3]``: article numbers as the text cites them."""
    return ", ".join(f"[{i}]" for i in articles)


def _group_body(group: EventGroup) -> list[str]:
    """An event group's indented lines: status, notes, points, differences, copies."""
    lines: list[str] = []
    if group.headline is not None:
        lines.append(f"  {group.headline.arabic}")
    status = dict(group.statuses)
    if status:
        said = ", ".join(f"[{i}] {status[i]}" for i in group.articles if i in status)
        lines.append(f"  Status: {said}")
    lines += [f"  Note: {note}" for note in group.notes]
    lines += [f"  * {point.arabic}  ({_ids(point.sources)})" for point in group.key_points]
    for difference in group.differences:
        lines.append(f"  ! {difference.topic} ({difference.kind}):")
        for version in difference.versions:
            said = f" [{' '.join(version.values)}]" if version.values else ""
            lines.append(f"      {_ids(version.sources)}{said}: {version.arabic}")
    copies: dict[int, list[int]] = {}
    for kept, copy in group.duplicates:
        copies.setdefault(kept, []).append(copy)
    lines += [f"  = {_ids(c)} repeat{'s' if len(c) == 1 else ''} [{kept}]" for kept, c in copies.items()]
    lines += [f"  + [{p.sources[0]}] adds: {p.arabic}" for p in group.copy_extras]
    return lines
