"""English for the overview: the texts to translate, and the overview with their translations.

The overview works on the Arabic side only; the pipeline translates :func:`overview_texts`
with the article sentences and calls :func:`with_translations`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from briefing.types import KeyPoint, Overview

__all__ = ["overview_texts", "with_translations"]


def overview_texts(overview: Overview) -> list[str]:
    """Every Arabic text of the overview that needs an English translation, each once, in order."""
    texts: dict[str, None] = {}
    for group in overview.groups:
        if group.headline is not None:
            texts.setdefault(group.headline.arabic)
        for point in (*group.key_points, *group.copy_extras):
            texts.setdefault(point.arabic)
        for difference in group.differences:
            for version in difference.versions:
                texts.setdefault(version.arabic)
    return list(texts)


def with_translations(overview: Overview, translations: Mapping[str, str]) -> Overview:
    """The same overview with ``english`` filled in from ``translations`` (Arabic -> English).

    Texts missing from ``translations`` keep the English they had (``None`` before).
    """

    def filled(point: KeyPoint) -> KeyPoint:
        return replace(point, english=translations.get(point.arabic, point.english))

    groups = []
    for group in overview.groups:
        points = tuple(filled(p) for p in group.key_points)
        differences = tuple(
            replace(
                d,
                versions=tuple(replace(v, english=translations.get(v.arabic, v.english)) for v in d.versions),
            )
            for d in group.differences
        )
        headline = filled(group.headline) if group.headline is not None else None
        extras = tuple(filled(p) for p in group.copy_extras)
        groups.append(
            replace(group, key_points=points, differences=differences, headline=headline, copy_extras=extras)
        )
    return Overview(groups=tuple(groups), one_event=overview.one_event)
