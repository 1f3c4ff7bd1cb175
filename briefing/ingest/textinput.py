"""Articles given as text instead of files: :class:`ArticleText`.

Editorial tools hold articles as text with metadata (from a CMS, a feed, a clipboard).
An :class:`ArticleText` is accepted wherever a path is (``build_briefing``, ``Briefer``,
mixed lists of paths and texts) and goes through the same stages as a ``.txt`` file: the
text reader's decoding checks and line blocks, then cleaning, the language check and
segmentation. The metadata given here wins over anything found in the text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TypeAlias

from briefing.errors import EmptyArticleError, InputTooLargeError
from briefing.ingest.readers import Limits, get_reader
from briefing.ingest.readers.base import build_article
from briefing.ingest.readers.meta import FIELDS, MetadataBuilder
from briefing.types import Article

TEXT_FORMAT = "text"
"""``SourceRef.format`` of an article given as text (files say ``txt``, ``md``, ...)."""

_ORIGIN = "caller"


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleText:
    """One Arabic article as text, with optional metadata.

    Attributes:
        text: The article: headline and body, one paragraph per line (Markdown headings and
            list markers are understood as in a ``.txt`` file).
        title: Headline (default: found in the text, as for files).
        outlet: Publication or site name.
        author: Byline.
        published: Publication date, ISO 8601 or any form a file's metadata may use
            (``16/08/2025``, ``16 أغسطس 2025``); normalised to ISO 8601.
        url: Canonical URL.
        id: Your identifier for the article. It is the article's ``source`` in the result
            (``result.articles[i].source.path``, ``Skipped.source``), so results can be
            matched back; default ``text-N``, N being its 1-based position among the inputs.
    """

    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"ArticleText.text must be a str, got {type(self.text).__name__}")

    @property
    def path(self) -> str:
        """The name shown for this article in messages and results (its ``id``)."""
        return self.id or "text"

    def metadata(self) -> dict[str, str | None]:
        """The attribution fields given, by name (``title``, ``outlet``...)."""
        return {name: getattr(self, name) for name in FIELDS}


InputItem: TypeAlias = str | os.PathLike[str] | ArticleText
"""One input of a build: a file, a folder, a manifest, or an :class:`ArticleText`."""


def read_text_article(item: ArticleText, *, limits: Limits | None = None) -> Article:
    """Turn an :class:`ArticleText` into an :class:`~briefing.types.Article`.

    The text goes through the ``.txt`` reader (the same decoding checks and line blocks as
    a file) and the same size limits; the metadata given is recorded with provenance
    ``caller`` and wins over what cleaning finds in the text.

    Raises:
        EmptyArticleError: The text is empty or only white space.
        InputTooLargeError: The text is over the size limits of a ``.txt`` file.
        DecodingError: The text looks like binary data.
    """
    limits = limits or Limits()
    name = item.path
    if not item.text.strip():
        raise EmptyArticleError(f"{name}: the text is empty; give the article's headline and body")
    data = item.text.encode("utf-8", "surrogatepass")
    if len(data) > limits.text_bytes:
        raise InputTooLargeError(
            f"{name}: {len(data) / 1e6:,.1f} MB of text, over the {limits.text_bytes / 1e6:,.1f} MB limit "
            "for one article; give one article per ArticleText"
        )
    meta = MetadataBuilder()
    for field_name, value in item.metadata().items():
        if value is not None:
            meta.add(field_name, value, _ORIGIN)
    blocks, _ = get_reader("txt")(data, name, meta, limits)
    return build_article(
        blocks,
        name=name,
        fmt=TEXT_FORMAT,
        encoding=None,
        meta=meta,
        limits=limits,
        advice="give one article per ArticleText",
    )


def numbered(item: ArticleText, position: int) -> ArticleText:
    """``item`` with its default id (``text-<position>``) when it has none."""
    if item.id:
        return item
    return replace(item, id=f"text-{position}")


__all__ = ["TEXT_FORMAT", "ArticleText", "InputItem", "numbered", "read_text_article"]
