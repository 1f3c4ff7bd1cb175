"""The .html/.htm reader: trafilatura for the article text, page metadata for the attribution.

Nothing is fetched: trafilatura and lxml only parse the string they are given, and
``url`` is never passed to trafilatura (it would be used to resolve, not to download,
but keeping it out makes the no-network rule obvious).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import warnings
from typing import Any

from briefing.errors import EmptyArticleError, InputError
from briefing.readers import Limits, ReadResult
from briefing.readers.meta import MetadataBuilder
from briefing.readers.text import decode_bytes
from briefing.types import Block, BlockKind

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "blogposting", "backgroundnewsarticle", "report", "webpage", "liveblogposting",
}  # fmt: skip
_CELL_SEPARATOR = " | "
"""Joins the cells of one table row into one ``table_row`` block."""


def read_html(data: bytes, name: str, meta: MetadataBuilder, limits: Limits) -> ReadResult:
    """Read a saved web page.

    The main text comes from trafilatura (boilerplate, navigation and comment sections
    removed) as typed blocks: ``heading``, ``paragraph``, ``list_item``, ``table_row``
    (cells joined by " | "), ``quote``. Metadata, most trusted first: JSON-LD
    (``NewsArticle``...), Open Graph / ``article:`` tags, ``<meta name>`` tags,
    ``<link rel=canonical>`` (first for the URL), ``<title>``, then trafilatura's own guesses.

    Raises:
        DecodingError: The bytes cannot be decoded confidently.
        EmptyArticleError: No article text was found in the page.
        InputError: The page cannot be parsed at all.
    """
    declared = _META_CHARSET.search(data[:4096])
    text, encoding, origin = decode_bytes(
        data, name, declared=declared.group(1).decode("ascii") if declared else None
    )
    meta.note("encoding", origin)
    if not text.strip():
        raise EmptyArticleError(f"{name}: the file holds no text (only white space); check the export")
    tree = _parse_page(text, name)
    _page_metadata(tree, meta)
    blocks = _extract_blocks(tree, name, meta)
    return blocks, encoding


def _parse_page(text: str, name: str) -> Any:
    """The lxml tree of the page (comments and processing instructions removed)."""
    import lxml.etree
    import lxml.html

    # We decoded the bytes ourselves; encoding= makes lxml ignore the page's <meta charset>.
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False
    )
    try:
        # lxml refuses str input that carries an XML encoding declaration; give it UTF-8 bytes.
        tree = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except lxml.etree.ParserError as exc:
        if "empty" in str(exc).lower():
            raise EmptyArticleError(f"{name}: the page has no content") from None
        raise InputError(
            f"{name}: cannot be parsed as HTML ({exc}); save the page again from the browser"
        ) from None
    except (lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(
            f"{name}: cannot be parsed as HTML ({exc}); save the page again from the browser"
        ) from None
    if tree is None:
        raise EmptyArticleError(f"{name}: the page has no content")
    return tree


def _meta_content(tree: Any, attribute: str, value: str) -> str | None:
    """``content`` of the first ``<meta {attribute}="{value}">`` (case-insensitive)."""
    for element in tree.iter("meta"):
        if (element.get(attribute) or "").strip().lower() == value:
            content = (element.get("content") or "").strip()
            if content:
                return content
    return None


def _json_ld_article(tree: Any) -> dict[str, Any] | None:
    """The first article-like JSON-LD object of the page."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            log.debug("ignoring malformed JSON-LD block")
            continue
        for item in _walk_json_ld(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and kind.lower() in _ARTICLE_TYPES for kind in kinds):
                return item
    return None


def _walk_json_ld(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Objects of a JSON-LD document, top level and ``@graph`` members (bounded depth)."""
    if depth > 3:
        return []
    if isinstance(data, list):
        return [item for element in data for item in _walk_json_ld(element, depth + 1)]
    if isinstance(data, dict):
        return [data, *_walk_json_ld(data.get("@graph", []), depth + 1)]
    return []


def _ld_name(value: Any) -> str | None:
    """A JSON-LD person/organisation as a name (``{"name": ...}``, a string, or a list)."""
    if isinstance(value, str):
        return None if value.startswith(("http://", "https://")) else value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [name for name in (_ld_name(item) for item in value[:10]) if name]
        return ", ".join(names) or None
    return None


def _absolute_url(value: Any) -> str | None:
    """``value`` when it is an absolute http(s) URL."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def _page_metadata(tree: Any, meta: MetadataBuilder) -> None:
    """Fill ``meta`` from the page's JSON-LD, Open Graph, meta tags, canonical link and title."""
    article = _json_ld_article(tree) or {}
    canonical = next(
        (
            link.get("href")
            for link in tree.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split()
        ),
        None,
    )
    title_element = tree.find(".//title")
    candidates: list[tuple[str, Any, str]] = [
        ("title", article.get("headline") or article.get("name"), "json-ld:headline"),
        ("title", _meta_content(tree, "property", "og:title"), "og:title"),
        ("title", _meta_content(tree, "name", "twitter:title"), "twitter:title"),
        ("outlet", _meta_content(tree, "property", "og:site_name"), "og:site_name"),
        ("outlet", _ld_name(article.get("publisher")), "json-ld:publisher"),
        ("outlet", _meta_content(tree, "name", "application-name"), "meta:application-name"),
        ("author", _ld_name(article.get("author")), "json-ld:author"),
        ("author", _meta_content(tree, "name", "author"), "meta:author"),
        ("author", _ld_name(_meta_content(tree, "property", "article:author")), "article:author"),
        ("published", article.get("datePublished"), "json-ld:datePublished"),
        ("published", _meta_content(tree, "property", "article:published_time"), "article:published_time"),
        ("published", _meta_content(tree, "name", "pubdate"), "meta:pubdate"),
        ("published", _meta_content(tree, "name", "date"), "meta:date"),
        ("published", article.get("dateCreated"), "json-ld:dateCreated"),
        ("url", _absolute_url(canonical), "link:canonical"),
        ("url", _absolute_url(_meta_content(tree, "property", "og:url")), "og:url"),
        ("url", _absolute_url(article.get("url") or article.get("mainEntityOfPage")), "json-ld:url"),
    ]
    for field, value, origin in candidates:
        meta.add(field, value, origin)
    if title_element is not None and title_element.text:
        meta.add("title", _strip_site_suffix(title_element.text, meta.values.get("outlet")), "html:title")


def _strip_site_suffix(title: str, outlet: str | None) -> str:
    """``<title>`` without a trailing `` | Site`` / `` - Site`` part naming the outlet."""
    if outlet:
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            head, found, tail = title.rpartition(separator)
            if found and head.strip() and tail.strip() == outlet.strip():
                return head
    return title


@functools.cache
def _trafilatura_config() -> Any:
    """trafilatura settings for whole-article files: no minimum size, no signal timeouts."""
    config = _import_trafilatura().settings.use_config()
    # A short agency item is still an article; the default 250-character minimum drops it.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    # The timeout uses SIGALRM, which only works in the main thread; our size limits bound time.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _import_trafilatura() -> Any:
    """The trafilatura module, imported without its irrelevant download-support warning."""
    with warnings.catch_warnings():
        # trafilatura's downloader probes urllib3's SOCKS support at import time and urllib3
        # warns when PySocks is missing; briefing never downloads, so the warning is noise.
        warnings.simplefilter("ignore", Warning)
        import trafilatura
        import trafilatura.settings
    return trafilatura


def _extract_blocks(tree: Any, name: str, meta: MetadataBuilder) -> tuple[Block, ...]:
    """Typed blocks of the page's main text (via trafilatura's XML output)."""
    import lxml.etree

    trafilatura = _import_trafilatura()

    try:
        xml = trafilatura.extract(
            tree,
            output_format="xml",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            with_metadata=True,
            config=_trafilatura_config(),
        )
    except (ValueError, TypeError, AttributeError, RecursionError, lxml.etree.LxmlError) as exc:
        # A hostile or badly broken page can trip the extractor itself; skip the article.
        raise InputError(f"{name}: the page cannot be read ({type(exc).__name__}: {exc})") from None
    if not xml:
        raise EmptyArticleError(
            f"{name}: no article text found in the page; save the article page itself "
            "(not a front page or a search result), or paste its text into a .txt file"
        )
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = lxml.etree.fromstring(xml.encode("utf-8"), parser=parser)
    for field, attribute in (
        ("title", "title"),
        ("outlet", "sitename"),
        ("author", "author"),
        ("published", "date"),
        ("url", "url"),
    ):
        meta.add(field, root.get(attribute), "trafilatura")
    main = root.find("main")
    blocks = _xml_blocks(main if main is not None else root)
    if not blocks:
        raise EmptyArticleError(f"{name}: no article text found in the page")
    return tuple(blocks)


_KIND_BY_TAG: dict[str, BlockKind] = {
    "p": "paragraph",
    "head": "heading",
    "item": "list_item",
    "quote": "quote",
}


def _xml_blocks(element: Any) -> list[Block]:
    """Blocks of a trafilatura XML element, in document order."""
    blocks: list[Block] = []
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "row":
            cells = [" ".join("".join(cell.itertext()).split()) for cell in child.iter("cell")]
            text = _CELL_SEPARATOR.join(cell for cell in cells if cell)
            if text:
                blocks.append(Block(text, "table_row"))
        elif tag in _KIND_BY_TAG and not any(
            isinstance(sub.tag, str) and sub.tag in ("list", "table") for sub in child
        ):
            level = _heading_level(child.get("rend")) if tag == "head" else 0
            text = "".join(child.itertext())
            for line in text.splitlines():
                line = " ".join(line.split())
                if line:
                    blocks.append(Block(line, _KIND_BY_TAG[tag], level))
        else:
            blocks.extend(_xml_blocks(child))
    return blocks


def _heading_level(rend: str | None) -> int:
    """Heading level of trafilatura's ``rend="h2"`` attribute (0 when absent or odd)."""
    if rend and len(rend) == 2 and rend[0] == "h" and rend[1].isdigit():
        return int(rend[1])
    return 0
