"""What every reader shares: size limits, the reader signature, the missing-package error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefing.errors import InputError, InputTooLargeError
from briefing.ingest.readers.meta import MetadataBuilder
from briefing.types import Article, Block, SourceRef

# MB = 10^6 bytes, the unit every message, option and page of briefing writes sizes in.
_MB = 1_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Size limits that keep a hostile or accidental input from exhausting memory or time.

    The defaults leave room for any real article (a long feature is ~100 KB of text; a
    saved news page with inline scripts and styles is rarely over 3 MB) while refusing
    dumps, archives and zip bombs.

    Attributes:
        text_bytes: Largest ``.txt``/``.md`` file.
        html_bytes: Largest ``.html``/``.htm`` file.
        docx_bytes: Largest ``.docx`` file on disk.
        docx_unpacked_bytes: Largest total size of the parts inside a ``.docx``.
        docx_ratio: Largest compression ratio of one large part (zip-bomb guard).
        docx_members: Most parts in a ``.docx``.
        manifest_bytes: Largest manifest file.
        text_chars: Most characters of article text after reading (any format).
    """

    text_bytes: int = 5 * _MB
    html_bytes: int = 10 * _MB
    docx_bytes: int = 20 * _MB
    docx_unpacked_bytes: int = 100 * _MB
    docx_ratio: int = 200
    docx_members: int = 2000
    manifest_bytes: int = 5 * _MB
    # ~2 MB of Arabic UTF-8: five times a very long (400 KB) feature.
    text_chars: int = 1_000_000

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive integer, got {value!r}")

    def max_bytes(self, fmt: str) -> int:
        """Largest accepted file size for reader format ``fmt``."""
        return {"txt": self.text_bytes, "md": self.text_bytes, "html": self.html_bytes}.get(
            fmt, self.docx_bytes
        )


ReadResult = tuple[tuple[Block, ...], str | None]
Reader = Callable[[bytes, str, MetadataBuilder, Limits], ReadResult]


# Python module -> the distribution that provides it, for "pip install ..." hints. lxml's cleaner
# moved to its own project (lxml >= 5.2 raises ImportError naming lxml_html_clean).
_PIP_NAMES = {
    "docx": "python-docx",
    "yaml": "PyYAML",
    "lxml": "lxml",
    "lxml_html_clean": "lxml_html_clean",
    "lxml.html.clean": "lxml_html_clean",
    "charset_normalizer": "charset-normalizer",
    "trafilatura": "trafilatura",
    "justext": "justext",
    "ftfy": "ftfy",
    "py3langid": "py3langid",
    "pyarabic": "pyarabic",
}


class ReaderUnavailableError(InputError):
    """The reader for a format cannot be loaded (a package it needs is missing or broken).

    Only the inputs of that format are skipped; the message names the package to install.
    """


def missing_package(exc: ImportError) -> str:
    """The pip name of the package an ImportError is about (``python-docx`` for ``docx``)."""
    text = str(exc)
    if "lxml_html_clean" in text:
        return "lxml_html_clean"
    module = exc.name or ""
    top = module.split(".", 1)[0]
    return _PIP_NAMES.get(module) or _PIP_NAMES.get(top) or top or "briefing"


def build_article(
    blocks: tuple[Block, ...],
    *,
    name: str,
    fmt: str,
    encoding: str | None,
    meta: MetadataBuilder,
    limits: Limits,
    advice: str,
) -> Article:
    """The ``Article`` a reader's blocks make, once its text is within ``limits.text_chars``.

    Raises:
        InputTooLargeError: More characters of text than one article may have; the message
            ends with ``advice`` (what to do: one file, or one ``ArticleText``, per article).
    """
    characters = sum(len(block.text) for block in blocks)
    if characters > limits.text_chars:
        raise InputTooLargeError(
            f"{name}: {characters:,} characters of text, over the limit of {limits.text_chars:,} "
            f"for one article; {advice}"
        )
    source = SourceRef(path=name, format=fmt, encoding=encoding, provenance=meta.provenance(), **meta.values)
    return Article(source=source, blocks=blocks)
