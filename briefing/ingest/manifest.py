"""Metadata manifests: ``manifest.csv`` / ``manifest.jsonl`` beside the articles, one row of
metadata (title, outlet, author, date, url) per file."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path

from briefing.errors import InputTooLargeError, MetadataError
from briefing.ingest.inputs import display_path, real_path
from briefing.ingest.readers import Limits
from briefing.ingest.readers.meta import FIELDS

Overrides = tuple[tuple[str, str], ...]
"""``(field, value)`` pairs from a manifest, which win over what the file says."""

# Manifest column names accepted for each field (the first one is the documented name).
_MANIFEST_COLUMNS = {
    "file": ("file", "path", "filename"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "site"),
    "author": ("author", "byline"),
    "published": ("published", "date"),
    "url": ("url", "link"),
}


def read_manifest(
    path: str | os.PathLike[str], *, limits: Limits | None = None
) -> list[tuple[Path, Overrides]]:
    """Read a metadata manifest.

    ``manifest.csv`` has a header row with ``file`` and any of ``title``, ``outlet``,
    ``author``, ``published``, ``url`` (aliases: ``path``, ``source``, ``date``...);
    ``manifest.jsonl`` has one JSON object per line with the same keys. ``file`` is relative
    to the manifest's folder and must stay inside it. Empty values are ignored; dates are
    normalised to ISO 8601 by :func:`ingest`.

    Returns:
        ``(file, overrides)`` per entry, in the manifest's order.

    Raises:
        MetadataError: The manifest is malformed (the message names the line).
        InputTooLargeError: The manifest is larger than ``limits.manifest_bytes``.
    """
    limits = limits or Limits()
    path = Path(path)
    name = display_path(path)
    try:
        if path.stat().st_size > limits.manifest_bytes:
            raise InputTooLargeError(f"{name}: manifest larger than {limits.manifest_bytes:,} bytes")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MetadataError(
            f"{name}: the manifest is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)"
        ) from None
    except OSError as exc:
        raise MetadataError(f"{name}: cannot read the manifest ({exc.strerror or exc})") from None
    rows = _manifest_csv(text, name) if path.suffix.lower() == ".csv" else _manifest_jsonl(text, name)
    base = real_path(path.parent)
    entries: list[tuple[Path, Overrides]] = []
    for line, row in rows:
        entries.append(_manifest_entry(row, line, name, path.parent, base))
    return entries


def _manifest_csv(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    """``(line, row)`` pairs of a CSV manifest."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, dict(row)) for row in reader]
    except csv.Error as exc:
        raise MetadataError(f"{name}: malformed CSV at line {reader.line_num} ({exc})") from None
    _check_columns(reader.fieldnames or [], name)
    return rows


def _manifest_jsonl(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    """``(line, object)`` pairs of a JSON Lines manifest."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise MetadataError(f"{name}: line {number} is not valid JSON ({exc})") from None
        if not isinstance(value, dict):
            raise MetadataError(f'{name}: line {number} is not a JSON object ({{"file": ..., "title": ...}})')
        _check_columns(list(value), name, line=number)
        rows.append((number, value))
    return rows


def _check_columns(columns: Sequence[str | None], name: str, *, line: int | None = None) -> None:
    """Raise MetadataError for unknown column/key names (typos would silently drop data)."""
    known = {alias for aliases in _MANIFEST_COLUMNS.values() for alias in aliases}
    unknown = [str(column) for column in columns if column is None or column.strip().lower() not in known]
    if unknown:
        where = f" line {line}:" if line else ""
        raise MetadataError(
            f"{name}:{where} unknown column(s) {', '.join(map(repr, unknown))}; use file, {', '.join(FIELDS)}"
        )
    if not any(str(column).strip().lower() in _MANIFEST_COLUMNS["file"] for column in columns):
        where = f" line {line}:" if line else ""
        raise MetadataError(f"{name}:{where} no 'file' column naming the article file")


def _manifest_entry(
    row: dict[str, object], line: int, name: str, folder: Path, base: Path
) -> tuple[Path, Overrides]:
    """``(file, overrides)`` of one manifest row."""
    values = {str(key).strip().lower(): value for key, value in row.items() if key is not None}
    picked: dict[str, object] = {}
    for field_name, aliases in _MANIFEST_COLUMNS.items():
        for alias in aliases:
            value = values.get(alias)
            if value not in (None, ""):
                picked[field_name] = value
                break
    file_value = picked.pop("file", None)
    if not isinstance(file_value, str) or not file_value.strip():
        raise MetadataError(f"{name}: line {line} has no file name")
    target = folder / file_value.strip()
    if not real_path(target).is_relative_to(base):
        raise MetadataError(
            f"{name}: line {line} names {file_value!r}, outside the manifest's folder; "
            "list only files in that folder or below"
        )
    overrides = tuple(
        (field_name, str(value).strip())
        for field_name, value in picked.items()
        if isinstance(value, (str, int, float)) and str(value).strip()
    )
    return target, overrides


def merge_overrides(first: Overrides, second: Overrides) -> Overrides:
    """Overrides of ``first`` plus the fields only ``second`` has."""
    known = {key for key, _ in first}
    return first + tuple(pair for pair in second if pair[0] not in known)
