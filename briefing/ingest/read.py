"""Reading one input: its bytes, safely, through the reader for its format, into an
:class:`~briefing.types.Article`."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from briefing.errors import EmptyArticleError, InputError, InputTooLargeError, UnsupportedFormatError
from briefing.ingest.inputs import (
    InputFile,
    display_path,
    format_of,
    is_manifest,
    path_problem,
    unsupported_reason,
)
from briefing.ingest.own_output import OWN_OUTPUT_REASON, is_briefing_output
from briefing.ingest.readers import Limits, ReaderUnavailableError, get_reader
from briefing.ingest.readers.base import build_article
from briefing.ingest.readers.meta import MetadataBuilder
from briefing.ingest.textinput import ArticleText, read_text_article
from briefing.types import Article

__all__ = ["ingest"]

log = logging.getLogger(__name__)

_HTML_OPENING = re.compile(rb"<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_HTML_PEEK = 512  # bytes looked at: a saved page opens with its doctype, after a comment or two


def ingest(
    item: InputFile | ArticleText | str | os.PathLike[str], *, limits: Limits | None = None
) -> Article:
    """Read one input file into an :class:`~briefing.types.Article`.

    Args:
        item: An :class:`InputFile` from :func:`discover`, a path, or an
            :class:`~briefing.ingest.textinput.ArticleText` (read as a ``.txt`` file would be).
        limits: Size limits; defaults to :class:`Limits`.

    Returns:
        The article's blocks and its :class:`~briefing.types.SourceRef` (path as given,
        format, encoding, metadata and provenance).

    Raises:
        UnsupportedFormatError: The suffix or content is not a format briefing reads.
        EmptyArticleError: The file is empty or holds no text.
        InputTooLargeError: The file exceeds a size limit.
        DecodingError: The text cannot be decoded confidently.
        MetadataError: Front matter is malformed.
        InputError: The file cannot be read or parsed.
    """
    limits = limits or Limits()
    if isinstance(item, ArticleText):
        return read_text_article(item, limits=limits)
    if not isinstance(item, InputFile):
        item = InputFile(Path(item))
    path = item.path
    name = display_path(path)
    fmt = format_of(path)
    if fmt is None:
        if is_manifest(path):
            raise UnsupportedFormatError(f"{name}: is a metadata manifest, not an article")
        raise UnsupportedFormatError(f"{name}: {unsupported_reason(path)}")
    data = _read_bytes(path, name, limits.max_bytes(fmt), fmt)
    meta = MetadataBuilder()
    if fmt == "txt" and looks_like_html(data[:_HTML_PEEK]):
        # A saved web page with a .txt name: reading it as text would keep every tag.
        fmt = "html"
        meta.note("format", "html-content-in-txt")
    if is_briefing_output(data, fmt):
        raise UnsupportedFormatError(f"{name}: {OWN_OUTPUT_REASON}")
    for field_name, value in item.overrides:
        meta.add(field_name, value, "manifest")
    try:
        reader = get_reader(fmt)
    except ReaderUnavailableError as exc:
        raise ReaderUnavailableError(f"{name}: {exc}") from exc.__cause__
    blocks, encoding = reader(data, name, meta, limits)
    article = build_article(
        blocks,
        name=name,
        fmt=fmt,
        encoding=encoding,
        meta=meta,
        limits=limits,
        advice="split it into one file per article",
    )
    log.debug("ingested %s: %d blocks, %s", name, len(blocks), encoding)
    return article


def looks_like_html(head: bytes) -> bool:
    """True when ``head`` opens like a web page: ``<!doctype html`` or ``<html``, after white
    space and comments.

    A scanner, not one pattern: a pattern with ``(?:<!--.*?-->\\s*)*`` has many ways to split
    a run of comments and backtracks exponentially on one that never reaches the tag (73
    empty comments stalled a run). Each comment here is skipped once, so the cost is linear.
    """
    at = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        at = len(head) - len(head[at:].lstrip())
        if not head.startswith(b"<!--", at):
            return _HTML_OPENING.match(head, at) is not None
        end = head.find(b"-->", at + 4)
        if end < 0:
            return False
        at = end + 3


def _read_bytes(path: Path, name: str, limit: int, fmt: str) -> bytes:
    """The file's bytes, after the checks that make reading it safe."""
    problem = path_problem(path)
    if problem is None and path.is_dir():
        problem = "is a folder"
    if problem is not None:
        raise InputError(f"{name}: {problem}")
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise InputTooLargeError(_too_large(name, size, limit, fmt))
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            f"{name}: cannot be read ({exc.strerror or exc}); check the file and its permissions"
        ) from None
    if len(data) > limit:  # the file grew while we read it
        raise InputTooLargeError(_too_large(name, len(data), limit, fmt))
    if not data:
        raise EmptyArticleError(f"{name}: the file is empty (0 bytes); check the export or remove it")
    return data


def _too_large(name: str, size: int, limit: int, fmt: str) -> str:
    """Message for a file over its size limit."""
    hint = {
        "html": "save only the article ('Web page, HTML only') or paste its text into a .txt file",
        "docx": "save the article text alone, without embedded media",
    }.get(fmt, "split it into one file per article")
    return f"{name}: {size / 1e6:,.1f} MB, over the {limit / 1e6:,.1f} MB limit for .{fmt} files; {hint}"
