"""``briefing glossary check``: what is wrong with a glossary, and what it would find.

A glossary that loads can still be wrong: a row repeated, one Arabic term given two
renderings (the build refuses such a file), or a term written so that it never matches
(its Arabic is taken for a clitic plus a shorter word, or one spelling is hidden by another
term). :func:`check_glossary` reports each with the file's line numbers, and lists the terms
each given text would hit.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.glossary.load import Entry, read_entries
from briefing.glossary.terms import Glossary, Term, TermHit
from briefing.text.names import name_key

__all__ = ["GlossaryReport", "check_glossary"]


@dataclass(frozen=True, slots=True)
class GlossaryProblem:
    """One finding: its kind (``duplicate``, ``conflict``, ``no-match``), the line, the message."""

    kind: str
    line: int
    message: str


@dataclass(frozen=True, slots=True)
class GlossaryReport:
    """What ``briefing glossary check`` prints.

    Attributes:
        path: The file checked.
        terms: The number of distinct terms.
        problems: Duplicates, conflicts and terms that never match, in line order.
        hits: For each text given: ``(name, hits)`` in text order.
    """

    path: str
    terms: int
    problems: tuple[GlossaryProblem, ...] = ()
    hits: tuple[tuple[str, tuple[TermHit, ...]], ...] = field(default=())

    @property
    def ok(self) -> bool:
        """No conflict and no term that never matches (duplicates are harmless)."""
        return not any(problem.kind != "duplicate" for problem in self.problems)


def _repeats(entries: Sequence[Entry]) -> list[GlossaryProblem]:
    """Rows that repeat an earlier Arabic key: duplicates (same English) or conflicts."""
    seen: dict[tuple[str, ...], Entry] = {}
    found: list[GlossaryProblem] = []
    for entry in entries:
        for spelling in entry.term.spellings:
            key = name_key(spelling)
            first = seen.setdefault(key, entry)
            if first is entry:
                continue
            if first.term.english == entry.term.english:
                found.append(
                    GlossaryProblem("duplicate", entry.line, f"{spelling!r} repeats line {first.line}")
                )
            else:
                found.append(
                    GlossaryProblem(
                        "conflict",
                        entry.line,
                        f"{spelling!r} is rendered {entry.term.english!r} here and {first.term.english!r} "
                        f"on line {first.line}; keep one",
                    )
                )
            break
    return found


def _never_matches(glossary: Glossary, entries: Sequence[Entry]) -> list[GlossaryProblem]:
    """Spellings that, written as in the file (bare, or after و), do not find their own term."""
    found: list[GlossaryProblem] = []
    for entry in entries:
        for spelling in entry.term.spellings:
            problem = _self_match_problem(glossary, entry.term, spelling)
            if problem:
                found.append(GlossaryProblem("no-match", entry.line, f"{spelling!r} {problem}"))
    return found


def _self_match_problem(glossary: Glossary, term: Term, spelling: str) -> str | None:
    """Why *spelling* does not find *term* in a text, or None when it does."""
    for text in (spelling, f"و{spelling}"):
        hits = glossary.find(text)
        if not hits:
            return f"never matches as written (in {text!r}); write it without clitics"
        if hits[0].term.english != term.english:
            return f"is matched as {hits[0].term.arabic!r} ({hits[0].term.english!r}) instead"
        if hits[0].end - hits[0].start < len(text) - 1:
            return f"matches only {hits[0].surface!r} of {text!r}"
    return None


def check_glossary(path: str | os.PathLike[str], texts: Sequence[tuple[str, str]] = ()) -> GlossaryReport:
    """Check a glossary file, and find its terms in ``texts``.

    Args:
        path: A CSV, TSV or TOML glossary.
        texts: ``(name, Arabic text)`` pairs: the inputs whose hits to list.

    Returns:
        The report; ``report.ok`` is False when the file has a conflict or a term that never
        matches.

    Raises:
        GlossaryError: The file cannot be read, or a row is invalid on its own.
    """
    entries = read_entries(path)
    repeats = _repeats(entries)
    repeated_lines = {problem.line for problem in repeats}
    kept = [entry for entry in entries if entry.line not in repeated_lines]
    glossary = Glossary(tuple(entry.term for entry in kept), name=Path(path).name)
    problems = sorted([*repeats, *_never_matches(glossary, kept)], key=lambda p: p.line)
    hits = tuple((name, tuple(glossary.find(text))) for name, text in texts)
    return GlossaryReport(str(path), len(glossary), tuple(problems), hits)
