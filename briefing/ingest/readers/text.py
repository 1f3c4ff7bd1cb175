"""Byte decoding (BOM, UTF-8, charset detection, mojibake repair) and the .txt/.md readers."""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

import yaml

from briefing.errors import DecodingError, EmptyArticleError, MetadataError
from briefing.ingest.readers.base import Limits, ReadResult
from briefing.ingest.readers.meta import MetadataBuilder
from briefing.types import Block

log = logging.getLogger(__name__)

# Longest UTF-32 BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of characters that may be unprintable before a decoding is rejected as binary.
_MAX_CONTROL_SHARE = 0.01
# In real Arabic text the letters ط and ظ make ~2% of letters; UTF-8 read as Windows-1256
# turns every Arabic letter into ط or ظ plus one more character, so they make ~50%.
_CP1256_MOJIBAKE_SHARE = 0.3


def decode_bytes(data: bytes, name: str, *, declared: str | None = None) -> tuple[str, str, str]:
    """Decode ``data`` to text.

    Order: a byte-order mark; strict UTF-8; the charset the document declares (HTML);
    charset-normalizer's detection (Windows-1256, ISO-8859-6, UTF-16 without BOM...).
    Mojibake (UTF-8 that was once read as Windows-1252/1256 and saved again) is repaired
    with ftfy, plus a check for the Arabic-specific Windows-1256 case ftfy does not cover.

    Args:
        data: The file's bytes.
        name: The file as shown in messages.
        declared: A charset the document declares for itself, if any.

    Returns:
        ``(text, encoding, origin)``: the text, the Python codec name, and how the
        encoding was found (``bom``, ``strict-utf-8``, ``declared``, ``charset-normalizer``), with
        ``+mojibake-repaired`` appended when a repair happened.

    Raises:
        DecodingError: The bytes are binary or no encoding decodes them confidently.
    """
    text, encoding, origin = _decode(data, name, declared)
    if text.startswith("\ufeff"):
        text = text[1:]
    # Repair first: mojibake of UTF-8 read as Windows-1252 holds C1 control characters
    # that would otherwise look like binary data.
    repaired = _repair_mojibake(text)
    if repaired != text:
        log.info("%s: repaired mojibake", name)
        text, origin = repaired, origin + "+mojibake-repaired"
    _reject_binary_text(text, name, encoding)
    return text, encoding, origin


def _decode(data: bytes, name: str, declared: str | None) -> tuple[str, str, str]:
    """Decoded text, codec name and origin (before mojibake repair)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, "bom"
            except UnicodeDecodeError as exc:
                raise DecodingError(
                    f"{name}: starts with a {codec.upper()} byte-order mark but is not valid {codec} "
                    f"({exc.reason} at byte {exc.start}); re-save it as UTF-8"
                ) from None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8", "strict-utf-8"
        except UnicodeDecodeError:
            pass
        if declared:
            declared_codec = _codec_name(declared)
            if declared_codec is not None:
                try:
                    return data.decode(declared_codec), declared_codec, "declared"
                except UnicodeDecodeError:
                    log.info("%s: declared charset %s does not decode it; detecting", name, declared)
    return _detect(data, name)


def _detect(data: bytes, name: str) -> tuple[str, str, str]:
    """Decode with charset-normalizer's best guess, or raise DecodingError."""
    import charset_normalizer

    if b"\x00" in data:
        # Text without a BOM holds NUL bytes only in UTF-16/32; anything else is binary.
        candidates = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
        best = charset_normalizer.from_bytes(data, cp_isolation=candidates).best()
    else:
        best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DecodingError(
            f"{name}: cannot tell how this file's text is encoded (it may be binary, or text in "
            "several encodings at once); save it as UTF-8 text and try again"
        )
    codec = _codec_name(best.encoding) or best.encoding
    return str(best), codec, "charset-normalizer"


def _codec_name(label: str) -> str | None:
    """Python's name for an encoding label, or None if Python has no such codec."""
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def _reject_binary_text(text: str, name: str, encoding: str) -> None:
    """Raise DecodingError when decoded text is mostly control characters (binary data)."""
    if not text:
        return
    sample = text[:100_000]
    bad = sum(
        1
        for char in sample
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    )
    if bad > _MAX_CONTROL_SHARE * len(sample):
        raise DecodingError(
            f"{name}: looks like binary data, not text ({bad} control or undecodable characters "
            f"when read as {encoding}); give a .txt, .md, .html or .docx file holding the article"
        )


def _repair_mojibake(text: str) -> str:
    """Text with mojibake repaired (ftfy for Latin code pages, plus Windows-1256)."""
    import ftfy

    # fix_encoding only undoes wrong decodings; fix_text would also straighten quotes and
    # change other characters the source wrote.
    fixed = ftfy.fix_encoding(text)
    letters = [char for char in fixed if "\u0621" <= char <= "\u064a"]
    if letters and sum(char in "طظ" for char in letters) > _CP1256_MOJIBAKE_SHARE * len(letters):
        try:
            return fixed.encode("cp1256").decode("utf-8")
        except UnicodeError:
            return fixed
    return fixed


# ------------------------------------------------------------------------ readers


def read_txt(data: bytes, name: str, meta: MetadataBuilder, limits: Limits) -> ReadResult:
    """Read a plain-text article: one ``line`` block per line (blank lines kept as empty blocks,
    indentation kept; ``clean`` decides what is a title, a paragraph or a hard-wrapped line).

    Raises:
        DecodingError: The text cannot be decoded confidently.
        EmptyArticleError: The file holds only white space.
    """
    text, encoding, origin = decode_bytes(data, name)
    meta.note("encoding", origin)
    return _line_blocks(text, name, limits), encoding


def read_md(data: bytes, name: str, meta: MetadataBuilder, limits: Limits) -> ReadResult:
    """Read a Markdown article with optional YAML front matter (see :func:`parse_front_matter`).

    Markup is left in the ``line`` blocks; ``clean`` turns it into headings and list items.

    Raises:
        DecodingError: The text cannot be decoded confidently.
        MetadataError: The front matter is not valid YAML.
        EmptyArticleError: Nothing but front matter and white space.
    """
    text, encoding, origin = decode_bytes(data, name)
    meta.note("encoding", origin)
    body = parse_front_matter(text, name, meta)
    return _line_blocks(body, name, limits), encoding


def _line_blocks(text: str, name: str, limits: Limits) -> tuple[Block, ...]:
    """``line`` blocks of ``text``, or EmptyArticleError when it is only white space."""
    if not text.strip():
        raise EmptyArticleError(f"{name}: the file holds no text (only white space); check the export")
    # Leading white space is kept: in a plain-text file it marks where a paragraph starts
    # (newspaper columns indent the first line), which ``clean`` uses to join hard wraps.
    return tuple(Block(line.rstrip(), "line") for line in text.splitlines())


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$\r?\n?", re.DOTALL | re.MULTILINE)
_MAX_FRONT_MATTER = 64 * 1024
# Front matter keys briefing understands, by metadata field (most specific first).
FRONT_MATTER_KEYS = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "publication", "site", "site_name", "sitename"),
    "author": ("author", "authors", "byline", "by"),
    "published": ("published", "date", "published_at", "pubdate", "datepublished", "date_published"),
    "url": ("url", "canonical", "canonical_url", "link", "source_url"),
}


def parse_front_matter(text: str, name: str, meta: MetadataBuilder) -> str:
    """Read YAML front matter (between ``---`` lines at the very top) into ``meta``.

    Keys are case-insensitive; lists (``authors: [a, b]``) are joined with ", ". A
    ``source`` that is a URL is taken as the URL. Other keys are ignored.

    Returns:
        The text after the front matter (all of ``text`` when there is none).

    Raises:
        MetadataError: The block is not valid YAML or not a mapping.
    """
    match = _FRONT_MATTER.match(text)
    if not match or len(match.group(1)) > _MAX_FRONT_MATTER:
        return text
    data = _load_yaml(match.group(1), name)
    if data is None:
        return text[match.end() :]
    if not isinstance(data, dict):
        raise MetadataError(
            f"{name}: the front matter is a {type(data).__name__}, not 'key: value' lines; "
            "write e.g. 'title: ...' and 'published: 2025-08-16'"
        )
    keys = {str(key).strip().lower(): value for key, value in data.items()}
    for field, names in FRONT_MATTER_KEYS.items():
        _add_field(meta, field, [keys.get(key) for key in names])
    return text[match.end() :]


def _load_yaml(block: str, name: str) -> object:
    """The front matter block parsed as YAML (MetadataError, naming the line, when it is not)."""
    try:
        return yaml.safe_load(block)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 2})" if where is not None else ""
        raise MetadataError(
            f"{name}: the front matter between the --- lines is not valid YAML{at}; "
            "fix it (e.g. quote values containing ':') or remove the block"
        ) from None


def _add_field(meta: MetadataBuilder, field: str, values: list[object]) -> None:
    """Add the first usable value of a field's keys (in key order); an outlet URL is the URL."""
    for raw in values:
        value = _scalar(raw)
        if field == "outlet" and isinstance(value, str) and value.strip().startswith(("http://", "https://")):
            meta.add("url", value, "front-matter")
            continue
        if value is not None and meta.add(field, value, "front-matter"):
            break


def _scalar(value: object) -> object:
    """A front matter value as one value: a list joined with ", ", a mapping's ``name``."""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value if isinstance(item, (str, int)))
    if isinstance(value, dict):
        value = value.get("name")
    return value
