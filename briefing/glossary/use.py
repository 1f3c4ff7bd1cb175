"""Which glossary a build uses: the starter list, the desk's file, both, or none."""

from __future__ import annotations

import os

from briefing.glossary.load import load_glossary
from briefing.glossary.starter import starter_glossary
from briefing.glossary.terms import Glossary, merge


def resolve_glossary(path: str | os.PathLike[str] | None = None, *, defaults: bool = True) -> Glossary | None:
    """The glossary of a build: the starter list (``defaults``), then the file at ``path`` over it.

    Args:
        path: The desk's glossary file, if any; its entries replace the starter list's for
            the same Arabic.
        defaults: Include the starter list (countries and cities from CLDR).

    Returns:
        The combined glossary, or None when neither is asked for.

    Raises:
        GlossaryError: The file is missing or invalid.
    """
    parts = []
    if defaults:
        parts.append(starter_glossary())
    if path is not None and str(path):
        parts.append(load_glossary(path))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else merge(parts)
