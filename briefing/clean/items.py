"""The working copy of a block while ``clean`` runs its passes."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.types import BlockKind


@dataclass(slots=True)
class Item:
    """A block being cleaned (mutable working copy: the passes retype, join and trim it)."""

    text: str
    kind: BlockKind
    level: int = 0
    lines: bool = False
    """True when it came from a ``line`` block (txt/md), where structure must be inferred."""
    gap_before: bool = False
    """A blank line precedes it (txt/md)."""
    indented: bool = False
    """The line starts with white space (txt): in newspaper column files, a paragraph start."""
    order: int = 0
    """Index of the input block it came from."""
