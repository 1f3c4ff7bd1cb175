"""Compose: ``Briefing`` -> a briefing file (DOCX, Markdown, HTML or JSON).

The only stage that writes files. Every format is rendered to bytes in memory first and then
written with :func:`briefing.fsutil.write_bytes_atomic`, so a failed render never leaves a
half-written file and an existing file is replaced only when asked.

Library use::

    result.save("out/brief.docx")                  # format from the suffix
    result.save("out/brief", format="html")        # explicit format
    for path in output_paths(Path("out/brief"), ["docx", "json"]):
        result.save(path, overwrite=True)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from briefing.compose.marks import LOW_CONFIDENCE_THRESHOLD
from briefing.errors import ConfigError, OutputExistsError
from briefing.fsutil import write_bytes_atomic
from briefing.types import Briefing

log = logging.getLogger(__name__)

SUPPORTED_FORMATS: tuple[str, ...] = ("docx", "md", "html", "json")
"""Output formats, in the order ``--format`` lists them."""

PAPER_SIZES: tuple[str, ...] = ("a4", "letter")
"""Paper sizes the DOCX layout is laid out for."""

_SUFFIX_FORMATS = {
    ".docx": "docx",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}

_FORMAT_SUFFIX = {"docx": ".docx", "md": ".md", "html": ".html", "json": ".json"}

_FORMAT_ALIASES = {"markdown": "md", "htm": "html", "word": "docx"}


def normalize_format(name: str) -> str:
    """The canonical format name for ``name`` (``"Markdown"`` -> ``"md"``).

    Raises:
        ConfigError: ``name`` is not a supported format.
    """
    key = name.strip().lower().lstrip(".")
    key = _FORMAT_ALIASES.get(key, key)
    if key not in SUPPORTED_FORMATS:
        raise ConfigError(f"unknown output format {name!r}; choose from {', '.join(SUPPORTED_FORMATS)}")
    return key


def parse_formats(values: Iterable[str]) -> list[str]:
    """Formats from repeated and/or comma-separated ``--format`` values, in order, without repeats.

    ``["docx,md", "json"]`` -> ``["docx", "md", "json"]``.

    Raises:
        ConfigError: An unknown format name, or no format at all.
    """
    formats: list[str] = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            fmt = normalize_format(part)
            if fmt not in formats:
                formats.append(fmt)
    if not formats:
        raise ConfigError(f"no output format given; choose from {', '.join(SUPPORTED_FORMATS)}")
    return formats


def format_for(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The format to write ``path`` in: ``format`` when given, else the one its suffix names.

    Raises:
        ConfigError: Unknown format, a suffix that names none (with no ``format``), or a
            suffix that names another format than ``format`` (``y.md`` with ``docx``: a Word
            file named ``.md`` opens as garbage in every program that trusts the name).
    """
    suffix = Path(path).suffix.lower()
    if format is not None:
        fmt = normalize_format(format)
        named = _SUFFIX_FORMATS.get(suffix)
        if named is not None and named != fmt:
            raise ConfigError(
                f"{os.fspath(path)!r} ends in {suffix!r} ({named}) but the format asked is {fmt}; "
                f"name the file {Path(path).with_suffix(_FORMAT_SUFFIX[fmt]).name!r} or leave the format out"
            )
        return fmt
    try:
        return _SUFFIX_FORMATS[suffix]
    except KeyError:
        raise ConfigError(
            f"cannot tell the output format of {os.fspath(path)!r} from its suffix {suffix!r}; "
            f"use one of {', '.join(sorted(_SUFFIX_FORMATS))} "
            f"or pass a format ({', '.join(SUPPORTED_FORMATS)})"
        ) from None


def output_paths(base: str | os.PathLike[str], formats: Sequence[str]) -> list[Path]:
    """One output path per format (same order, same length), for ``--format docx,md -o out/brief``.

    The suffix of ``base`` is optional: a known output suffix (``out/brief.docx``) is replaced by
    each format's own, anything else is kept as part of the name (``out/brief.v2`` ->
    ``out/brief.v2.docx``). With a single format whose suffix ``base`` already has, ``base`` is
    returned unchanged (``brief.htm`` stays ``.htm``).

    Args:
        base: Output path given by the user, with or without suffix.
        formats: Format names (see :func:`parse_formats`).

    Returns:
        The paths, in the order of ``formats``.

    Raises:
        ConfigError: An unknown format.
    """
    base_path = Path(base)
    canonical = [normalize_format(f) for f in formats]
    suffix_format = _SUFFIX_FORMATS.get(base_path.suffix.lower())
    if len(canonical) == 1 and suffix_format == canonical[0]:
        return [base_path]
    stem = base_path.with_suffix("") if suffix_format else base_path
    return [stem.with_name(stem.name + _FORMAT_SUFFIX[fmt]) for fmt in canonical]


def render(
    result: Briefing,
    format: str,
    *,
    output: str | None = None,
    paper: str = "a4",
    font_arabic: str | None = None,
) -> bytes:
    """The briefing as file content in ``format`` (no file is written).

    Args:
        result: The briefing.
        format: ``docx``, ``md``, ``html`` or ``json``.
        output: Path recorded as ``"output"`` in JSON.
        paper: ``a4`` or ``letter`` (DOCX page size).
        font_arabic: Arabic typeface for DOCX and HTML (default ``Noto Naskh Arabic``).

    Raises:
        ConfigError: Unknown format or paper size.
    """
    fmt = normalize_format(format)
    if paper.strip().lower() not in PAPER_SIZES:
        raise ConfigError(f"unknown paper size {paper!r}; choose from {', '.join(PAPER_SIZES)}")
    if fmt == "docx":
        from briefing.compose.docx import render_docx

        return render_docx(result, paper=paper, arabic_font=font_arabic)
    if fmt == "md":
        from briefing.compose.markdown import render_markdown

        return render_markdown(result).encode("utf-8")
    if fmt == "html":
        from briefing.compose.html import render_html

        return render_html(result, arabic_font=font_arabic, paper=paper).encode("utf-8")
    from briefing.compose.jsonout import to_json

    return (to_json(result, output=output) + "\n").encode("utf-8")


def save(
    result: Briefing,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    overwrite: bool = False,
    paper: str = "a4",
    font_arabic: str | None = None,
) -> Path:
    """Write the briefing to ``path`` atomically, in ``format`` or the one its suffix names.

    Args:
        result: The briefing.
        path: Output file; its folder is created when missing.
        format: ``docx``, ``md``, ``html`` or ``json``; overrides the suffix.
        overwrite: Replace an existing file. Without it an existing file is an error.
        paper: ``a4`` (default) or ``letter``, for the DOCX page layout.
        font_arabic: Arabic typeface for DOCX and HTML (default ``Noto Naskh Arabic``).

    Returns:
        The path written.

    Raises:
        ConfigError: Unknown format, suffix or paper size.
        OutputExistsError: ``path`` exists and ``overwrite`` is false.
    """
    target = Path(path)
    fmt = format_for(target, format)
    # Refuse before rendering: a DOCX of a long briefing takes a moment to build.
    if target.exists() and not overwrite:
        raise OutputExistsError(
            f"{target} already exists; pass --overwrite (overwrite=True) to replace it, "
            "or choose another output path"
        )
    data = render(result, fmt, output=str(target), paper=paper, font_arabic=font_arabic)
    written = write_bytes_atomic(target, data, overwrite=overwrite)
    log.info("wrote %s briefing to %s (%d bytes)", fmt, written, len(data))
    return written


__all__ = [
    "LOW_CONFIDENCE_THRESHOLD",
    "PAPER_SIZES",
    "SUPPORTED_FORMATS",
    "format_for",
    "normalize_format",
    "output_paths",
    "parse_formats",
    "render",
    "save",
]
