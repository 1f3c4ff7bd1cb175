"""Reading a glossary file: CSV, TSV or TOML.

CSV and TSV (``.csv``; ``.tsv`` and ``.txt`` are tab-separated), one term a row::

    arabic,english,variants,note
    حزب الله,Hezbollah,,the party's own spelling
    محمد بن سلمان,Mohammed bin Salman,محمد بن سلمان آل سعود|ولي العهد السعودي,

The header row is optional (a first row whose first cell is ``arabic`` is one); variants are
separated by ``|`` (or the Arabic semicolon ``؛``); lines starting with ``#`` are comments.
TOML (``.toml``) takes an array of tables, or a plain table of Arabic to English::

    [[term]]
    arabic = "حزب الله"
    english = "Hezbollah"
    variants = ["حزب اللّه"]

    [terms]
    "الحوثيون" = "the Houthis"

Every problem raises :class:`~briefing.errors.GlossaryError` naming the file and the line:
an empty or non-Arabic term, an empty rendering, Arabic in the rendering, two renderings for
one Arabic key (a conflict: the build could not know which to use). Rows that repeat an
earlier term with the same rendering are kept once (``briefing glossary check`` lists them).
"""

from __future__ import annotations

import csv
import io
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import GlossaryError
from briefing.glossary.terms import Glossary, Term
from briefing.text.names import name_key

__all__ = ["GLOSSARY_SUFFIXES", "Entry", "load_glossary", "read_entries"]

GLOSSARY_SUFFIXES = (".csv", ".tsv", ".txt", ".toml")
_VARIANT_SEPARATOR = re.compile(r"[|؛]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
# A glossary is a hand-kept list; a file far larger than any desk's list is a wrong file.
_MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a glossary file, before validation: the term and the line it is on."""

    term: Term
    line: int


def _decode(path: Path) -> str:
    """The file's text (UTF-8, with or without a byte-order mark)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"glossary file {path} does not exist") from None
    except OSError as exc:
        raise GlossaryError(f"glossary file {path} cannot be read: {exc.strerror or exc}") from None
    if len(data) > _MAX_BYTES:
        raise GlossaryError(f"glossary file {path} is {len(data)} bytes; a glossary is at most {_MAX_BYTES}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(f"{path}:{line}: not UTF-8 text; save the glossary as UTF-8") from None


def _split_variants(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in _VARIANT_SEPARATOR.split(cell) if v.strip())


def _table_rows(path: Path, text: str, delimiter: str) -> Iterator[Entry]:
    """Entries of a CSV/TSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    first = True
    for row in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if first and cells[0].casefold() == "arabic":
            first = False
            continue
        first = False
        if len(cells) < 2:
            raise GlossaryError(
                f"{path}:{line}: a row needs at least two cells, the Arabic term and its English "
                f"(separated by {'a tab' if delimiter == chr(9) else repr(delimiter)}); got {row!r}"
            )
        variants = _split_variants(cells[2]) if len(cells) > 2 else ()
        note = cells[3] if len(cells) > 3 else ""
        yield Entry(Term(cells[0], cells[1], variants, note, f"{path.name}:{line}"), line)


def _toml_line(text: str, marker: str, index: int) -> int:
    """The line of the *index*-th (0-based) occurrence of *marker* in *text* (1 if not found)."""
    position = -1
    for _ in range(index + 1):
        position = text.find(marker, position + 1)
        if position < 0:
            return 1
    return text.count("\n", 0, position) + 1


def _toml_entry(path: Path, item: Any, line: int) -> Entry:
    """One ``[[term]]`` table as an entry."""
    if not isinstance(item, dict):
        raise GlossaryError(f"{path}:{line}: each [[term]] must be a table with arabic and english")
    unknown = set(item) - {"arabic", "english", "variants", "note"}
    if unknown:
        raise GlossaryError(
            f"{path}:{line}: unknown key(s) {', '.join(sorted(unknown))}; a term takes arabic, english, "
            "variants and note"
        )
    variants = item.get("variants", ())
    if isinstance(variants, str):
        variants = _split_variants(variants)
    if not isinstance(variants, (list, tuple)) or not all(isinstance(v, str) for v in variants):
        raise GlossaryError(f"{path}:{line}: variants must be a list of Arabic strings")
    fields = [item.get("arabic", ""), item.get("english", ""), item.get("note", "")]
    if not all(isinstance(value, str) for value in fields):
        raise GlossaryError(f"{path}:{line}: arabic, english and note must be strings")
    arabic, english, note = (value.strip() for value in fields)
    term = Term(arabic, english, tuple(v.strip() for v in variants if v.strip()), note, f"{path.name}:{line}")
    return Entry(term, line)


def _toml_rows(path: Path, text: str) -> Iterator[Entry]:
    """Entries of a TOML text (``[[term]]`` tables and a ``[terms]`` table)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - {"term", "terms"}
    if unknown:
        line = _toml_line(text, sorted(unknown)[0], 0)
        raise GlossaryError(
            f"{path}:{line}: unknown table(s) {', '.join(sorted(unknown))}; "
            "a TOML glossary holds [[term]] tables and/or a [terms] table"
        )
    items = data.get("term", [])
    if not isinstance(items, list):
        raise GlossaryError(f"{path}: 'term' must be an array of tables ([[term]])")
    for index, item in enumerate(items):
        yield _toml_entry(path, item, _toml_line(text, "[[term]]", index))
    simple = data.get("terms", {})
    if not isinstance(simple, dict):
        raise GlossaryError(f'{path}: [terms] must be a table of "arabic" = "english"')
    for arabic, english in simple.items():
        line = _toml_line(text, arabic, 0)
        if not isinstance(english, str):
            raise GlossaryError(f"{path}:{line}: the English of {arabic!r} must be a string")
        yield Entry(Term(arabic.strip(), english.strip(), (), "", f"{path.name}:{line}"), line)


def read_entries(path: str | os.PathLike[str]) -> list[Entry]:
    """Every row of a glossary file, each checked on its own (no cross-row checks).

    Raises:
        GlossaryError: The file is missing, unreadable, of an unknown kind, or a row is invalid.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in GLOSSARY_SUFFIXES:
        raise GlossaryError(
            f"glossary file {file}: unknown kind {suffix or '(no suffix)'!r}; use .csv, .tsv (or .txt, "
            "tab-separated) or .toml"
        )
    text = _decode(file)
    if suffix == ".toml":
        entries = list(_toml_rows(file, text))
    else:
        entries = list(_table_rows(file, text, "," if suffix == ".csv" else "\t"))
    for entry in entries:
        _check_entry(file, entry)
    return entries


def _check_entry(path: Path, entry: Entry) -> None:
    """Raise GlossaryError for a row that cannot be a term."""
    term, where = entry.term, f"{path}:{entry.line}"
    if not term.english:
        raise GlossaryError(f"{where}: {term.arabic!r} has no English rendering")
    if _ARABIC_LETTER.search(term.english):
        raise GlossaryError(
            f"{where}: the English {term.english!r} holds Arabic letters; are the columns swapped? "
            "The order is arabic, english, variants, note"
        )
    for spelling in term.spellings:
        if not _ARABIC_LETTER.search(spelling) or not name_key(spelling):
            raise GlossaryError(
                f"{where}: {spelling!r} is not an Arabic term; the first column (and the variants) "
                "must be Arabic"
            )


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """A glossary from a CSV, TSV or TOML file (see the module docstring for the format).

    Args:
        path: The file.

    Returns:
        The glossary, named after the file; repeated rows with the same rendering kept once.

    Raises:
        GlossaryError: The file is missing, unreadable or invalid, or gives two renderings
            for one Arabic term (the message names both lines).
    """
    file = Path(path)
    entries = read_entries(file)
    seen: dict[tuple[str, ...], Entry] = {}
    terms: list[Term] = []
    for entry in entries:
        keys = [name_key(spelling) for spelling in entry.term.spellings]
        clash = next((seen[key] for key in keys if key in seen), None)
        if clash is not None:
            if clash.term.english != entry.term.english:
                raise GlossaryError(
                    f"{file}:{entry.line}: {entry.term.arabic!r} is rendered {entry.term.english!r} here "
                    f"but {clash.term.english!r} on line {clash.line}; keep one rendering"
                )
            continue
        for key in keys:
            seen[key] = entry
        terms.append(entry.term)
    if not terms:
        raise GlossaryError(f"glossary file {file} holds no terms; see docs/glossary.md for the format")
    return Glossary(tuple(terms), name=file.name, sources=(file.name,))
