"""One reader per input format: bytes in, blocks and metadata out.

A reader gets the file's bytes (already size-checked by ``ingest``), a display name for
messages, the :class:`~briefing.ingest.readers.meta.MetadataBuilder` to fill (manifest overrides
are already in it, so they win) and the :class:`Limits`. It returns the article's blocks
and the encoding the text was decoded with.
"""

from __future__ import annotations

from briefing.ingest.readers.base import (
    Limits,
    Reader,
    ReaderUnavailableError,
    ReadResult,
    missing_package,
)

__all__ = ["Limits", "ReadResult", "Reader", "ReaderUnavailableError", "get_reader", "missing_package"]


def get_reader(fmt: str) -> Reader:
    """The reader function for format ``fmt`` (``txt``, ``md``, ``html``, ``docx``).

    Raises:
        ReaderUnavailableError: The reader's libraries cannot be imported (a missing or
            broken install); the message names the package to install.
        KeyError: ``fmt`` is not a reader format.
    """
    try:
        return _import_reader(fmt)
    except ImportError as exc:
        package = missing_package(exc)
        first_line = (str(exc).strip().splitlines() or [""])[0].rstrip(".")
        raise ReaderUnavailableError(
            f".{fmt} files cannot be read on this install: {first_line}; install the missing "
            f'package (pip install "{package}") or reinstall briefing (pip install -e .)'
        ) from exc


def _import_reader(fmt: str) -> Reader:
    """The reader function for ``fmt``, imported on first use."""
    # Imported here so that `briefing --help` does not pay for trafilatura and python-docx.
    if fmt in ("txt", "md"):
        from briefing.ingest.readers.text import read_md, read_txt

        return read_md if fmt == "md" else read_txt
    if fmt == "html":
        from briefing.ingest.readers.html import read_html

        return read_html
    if fmt == "docx":
        from briefing.ingest.readers.docx import read_docx

        return read_docx
    raise KeyError(fmt)
