"""Translations made elsewhere, read for review: ``arabic<TAB>english`` lines or JSON lines.

``briefing review FILE`` checks a stringer's, an agency's or another tool's translations with
the same review as ``build`` (:mod:`briefing.translation.review`). Two shapes are read:

- TSV: one pair per line, ``arabic<TAB>english``; a first line without Arabic letters is a
  header (``arabic<TAB>english``) and is skipped;
- JSON lines (a ``.jsonl``/``.ndjson`` file, or any file whose first line starts with ``{``):
  one object per line with string fields ``arabic`` and ``english`` (other fields ignored).

Blank lines are skipped. A line that cannot be read (wrong number of columns, invalid JSON, an
empty side) is reported with its line number and left out; the other lines are still reviewed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import DecodingError, InputError

JSON_SUFFIXES = (".jsonl", ".ndjson")
"""Suffixes read as JSON lines whatever their first line looks like."""

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True, slots=True)
class PairsFile:
    """The pairs of a file, where each came from, and the lines that could not be read.

    Attributes:
        pairs: ``(arabic, english)`` in file order.
        lines: The 1-based line number of each pair.
        problems: ``line N: what is wrong`` for each line left out.
        shape: ``tsv`` or ``jsonl``.
    """

    pairs: tuple[tuple[str, str], ...]
    lines: tuple[int, ...]
    problems: tuple[str, ...]
    shape: str


def _tsv_pair(line: str) -> tuple[str, str] | str:
    """The pair on a TSV line, or what is wrong with it."""
    columns = line.split("\t")
    if len(columns) != 2:
        return f"expected arabic<TAB>english, found {len(columns)} column(s)"
    return columns[0].strip(), columns[1].strip()


def _json_pair(line: str) -> tuple[str, str] | str:
    """The pair of a JSON line, or what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(data, dict):
        return 'expected an object {"arabic": ..., "english": ...}'
    arabic, english = data.get("arabic"), data.get("english")
    if not isinstance(arabic, str) or not isinstance(english, str):
        return 'needs string fields "arabic" and "english"'
    return arabic.strip(), english.strip()


def _is_header(line: str) -> bool:
    return not _ARABIC.search(line) and "\t" in line


def parse_pairs(text: str, *, jsonl: bool | None = None) -> PairsFile:
    """The pairs of ``text`` (see the module docstring); ``jsonl=None`` decides from the first line."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    as_json = first.lstrip().startswith("{") if jsonl is None else jsonl
    pairs: list[tuple[str, str]] = []
    numbers: list[int] = []
    problems: list[str] = []
    seen_first = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if not seen_first and not as_json and _is_header(raw):
            seen_first = True
            continue
        seen_first = True
        found = _json_pair(raw) if as_json else _tsv_pair(raw)
        if isinstance(found, tuple) and not (found[0] and found[1]):
            found = "the Arabic or the English is empty"
        if isinstance(found, str):
            problems.append(f"line {number}: {found}")
            continue
        pairs.append(found)
        numbers.append(number)
    return PairsFile(tuple(pairs), tuple(numbers), tuple(problems), "jsonl" if as_json else "tsv")


def read_pairs(path: str | Path) -> PairsFile:
    """The pairs of a TSV or JSON-lines file.

    Raises:
        InputError: The file is missing or holds no readable pair.
        DecodingError: The file is not UTF-8.
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{file}: no such file; give a TSV (arabic<TAB>english) or JSON-lines file")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodingError(f"{file}: not UTF-8 (byte {exc.start}); save it as UTF-8 and try again") from None
    found = parse_pairs(text, jsonl=True if file.suffix.lower() in JSON_SUFFIXES else None)
    if not found.pairs:
        detail = f" ({found.problems[0]})" if found.problems else " (the file is empty)"
        raise InputError(
            f"{file}: no translation pair could be read{detail}; write one pair per line as "
            'arabic<TAB>english, or JSON lines {"arabic": ..., "english": ...}'
        )
    return found
