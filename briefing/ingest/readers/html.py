"""The .html/.htm reader: trafilatura for the article text, page metadata for the attribution.

Nothing is fetched: trafilatura and lxml only parse the string they are given, and
``url`` is never passed to trafilatura (it would be used to resolve, not to download,
but keeping it out makes the no-network rule obvious).
"""

from __future__ import annotations

import functools
import html
import json
import logging
import re
import warnings
from typing import Any

from briefing.errors import EmptyArticleError, InputError
from briefing.ingest.readers.base import Limits, ReadResult
from briefing.ingest.readers.meta import MetadataBuilder, byline_author, looks_like_person
from briefing.ingest.readers.text import decode_bytes
from briefing.text.dates import normalize_date, parse_dateline
from briefing.types import Block, BlockKind

log = logging.getLogger(__name__)

# `[^<>]`, not `[^>]`: a tag's attributes end at the next `<`, so no stretch is rescanned
# from every `<meta` before it.
_META_CHARSET = re.compile(rb"<meta[^<>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
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
    """Fill ``meta`` from the page's JSON-LD, Open Graph, meta tags, canonical link and title.

    Titles lose the site's name at either end; entities are unescaped. The outlet is the
    site's own name (``og:site_name``, ``application-name``, the name the ``<title>`` adds
    to the headline), before the publisher (often the owning company); a social-media
    handle is never one. An author must look like a person (an organisation, a URL or
    image metadata is not). Dates come only from dated metadata or a visible dateline.
    """
    article = _json_ld_article(tree) or {}
    title_element = tree.find(".//title")
    page_title = _text(title_element.text_content()) if title_element is not None else None
    headlines = [
        (_text(article.get("headline") or article.get("name")), "json-ld:headline"),
        (_text(_meta_content(tree, "property", "og:title")), "og:title"),
        (_text(_meta_content(tree, "name", "twitter:title")), "twitter:title"),
        (page_title, "html:title"),
    ]
    site_names = [
        (_text(_meta_content(tree, "property", "og:site_name")), "og:site_name"),
        (_text(_meta_content(tree, "name", "application-name")), "meta:application-name"),
        (_title_site_name(page_title, [h for h, _ in headlines[:3]]), "html:title-site-name"),
        (_text(_ld_name(article.get("publisher"))), "json-ld:publisher"),
    ]
    sites = [name for name, _ in site_names if name]
    handle = (_meta_content(tree, "name", "twitter:site") or "").lstrip("@")
    strip = [*sites, handle] if handle else sites
    for headline, origin in headlines:
        meta.add("title", _strip_site_name(headline, strip) if headline else None, origin)
    _add_outlets(meta, site_names, handle)
    _add_authors(meta, tree, article, sites)
    _add_dates(meta, tree, article)
    _add_urls(meta, tree, article)


def _add_outlets(meta: MetadataBuilder, site_names: list[tuple[str | None, str]], handle: str) -> None:
    """Add the site names as outlets, an owning company's name last and a social handle never."""
    companies = []
    for name, origin in site_names:
        if name and _is_handle(name, handle):
            continue
        if name and _COMPANY.match(name):
            companies.append((name, origin))  # the owner, not the outlet: only if nothing else
            continue
        meta.add("outlet", name, origin)
    for name, origin in companies:
        meta.add("outlet", name, origin)


def _add_authors(meta: MetadataBuilder, tree: Any, article: dict[str, Any], sites: list[str]) -> None:
    """Add the authors the metadata names that look like a person (not the site itself)."""
    for value, origin in (
        (_ld_person(article.get("author")), "json-ld:author"),
        (_meta_content(tree, "name", "author"), "meta:author"),
        (_ld_name(_meta_content(tree, "property", "article:author")), "article:author"),
    ):
        value = _text(value)
        if value and looks_like_person(value) and not _same_name(value, sites):
            meta.add("author", value, origin)


def _add_dates(meta: MetadataBuilder, tree: Any, article: dict[str, Any]) -> None:
    """Add the publication dates of the JSON-LD and the meta tags, in order of trust."""
    for value, origin in (
        (article.get("datePublished"), "json-ld:datePublished"),
        (_meta_content(tree, "property", "article:published_time"), "article:published_time"),
        (_meta_content(tree, "itemprop", "datepublished"), "meta:datePublished"),
        (_meta_content(tree, "name", "pubdate"), "meta:pubdate"),
        (_meta_content(tree, "name", "publishdate"), "meta:publishdate"),
        (_meta_content(tree, "name", "date"), "meta:date"),
        (_meta_content(tree, "name", "dc.date.issued"), "meta:dc.date.issued"),
        (article.get("dateCreated"), "json-ld:dateCreated"),
    ):
        meta.add("published", value, origin)


def _add_urls(meta: MetadataBuilder, tree: Any, article: dict[str, Any]) -> None:
    """Add the page's address: canonical link, ``og:url``, JSON-LD ``url``."""
    canonical = next(
        (
            link.get("href")
            for link in tree.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split()
        ),
        None,
    )
    meta.add("url", _absolute_url(canonical), "link:canonical")
    meta.add("url", _absolute_url(_meta_content(tree, "property", "og:url")), "og:url")
    meta.add("url", _absolute_url(article.get("url") or article.get("mainEntityOfPage")), "json-ld:url")


# Names of the owning company rather than the outlet (`شركة قنوات البث …`, `… Ltd`).
_COMPANY = re.compile(
    r"^(شركة|شركه|مؤسسة|مؤسسه|مجموعة|مجموعه)\s|\b(ltd|llc|inc|plc|s\.a\.l|gmbh|corp|corporation|holding)\.?$",
    re.IGNORECASE,
)
# Starts only where a run of spaces starts: from every position of a long run, `\s+` rescanned it.
_TITLE_SEPARATORS = re.compile(r"(?<!\s)\s+(?:[|\-–—:«»·•]|::)\s+")
_SEPARATOR_TRIM = " |-–—:«»·•\u00a0"


def _text(value: Any) -> str | None:
    """``value`` as one line of text with HTML entities unescaped, or None."""
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(html.unescape(value)).split())
    return text or None


def _fold_name(text: str) -> str:
    """Comparison key of a site name or headline (case, hamza and spacing folded)."""
    return " ".join(text.lower().translate(_NAME_FOLD).split())


_NAME_FOLD = str.maketrans("أإآةى", "اااهي", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")


def _same_name(value: str, names: list[str]) -> bool:
    """True when ``value`` is one of ``names`` (folded), or one holds the other."""
    key = _fold_name(value)
    for name in names:
        other = _fold_name(name)
        short, long = sorted((key, other), key=len)
        # Containment needs a real name on the short side (`قناة الأفق` holds `الأفق`).
        if short and (short == long or (len(short) >= _MIN_NAME_CHARS and short in long)):
            return True
    return False


_MIN_NAME_CHARS = 4


def _title_site_name(page_title: str | None, headlines: list[str | None]) -> str | None:
    """The site name a ``<title>`` adds to the headline (``headline - Site``, ``Site | headline``)."""
    keys = {_fold_name(h) for h in headlines if h}
    if not page_title or not keys:
        return None
    for separator in _TITLE_SEPARATORS.finditer(page_title):
        head, tail = page_title[: separator.start()], page_title[separator.end() :]
        for headline, site in ((head, tail), (tail, head)):
            site = site.strip(_SEPARATOR_TRIM)
            if _fold_name(headline) in keys and site and len(site.split()) <= _MAX_SITE_WORDS:
                return site
    return None


_MAX_SITE_WORDS = 6


def _strip_site_name(title: str, sites: list[str]) -> str:
    """``title`` without a site name at its start or end (after `` - ``, `` | ``, `` – ``...)."""
    for _ in range(2):  # `Site - headline - Site` happens
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            return title
        separators = list(_TITLE_SEPARATORS.finditer(title))
        if _is_site(parts[-1], sites):
            title = title[: separators[-1].start()].strip(_SEPARATOR_TRIM)
        elif _is_site(parts[0], sites):
            title = title[separators[0].end() :].strip(_SEPARATOR_TRIM)
        else:
            return title
    return title


def _is_site(part: str, sites: list[str]) -> bool:
    """True when a title segment names the site (``قناة صدى البلد`` for site ``صدى البلد``)."""
    return len(part.split()) <= _MAX_SITE_WORDS and _same_name(part.strip(_SEPARATOR_TRIM), sites)


def _is_handle(name: str, handle: str) -> bool:
    """True for a social-media handle (``@Site_Ar``, ``Site_Ar``) rather than a name."""
    return name.startswith("@") or (bool(handle) and name.lower() == handle.lower()) or "_" in name


def _ld_person(value: Any) -> str | None:
    """A JSON-LD author that is a person (organisations are publishers, not authors)."""
    if isinstance(value, list):
        names = [name for name in (_ld_person(item) for item in value[:10]) if name]
        return ", ".join(names) or None
    if isinstance(value, dict):
        kinds = value.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(kind, str) and "organization" in kind.lower() for kind in kinds):
            return None
    return _ld_name(value)


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
    """Typed blocks of the page's main text (via trafilatura's XML output).

    A lead paragraph in a container of its own (which trafilatura leaves out) is put back
    first, visible byline and dateline elements become metadata, and a page whose text
    stands directly in ``<body>`` is read line by line.
    """
    byline, dateline = _visible_byline(tree), _visible_dateline(tree)
    lead = _lead_text(tree)
    fallback = _body_lines(tree)
    xml = _trafilatura_xml(tree, name)
    blocks = _document_blocks(xml, tree, meta) if xml else []
    if not blocks:
        blocks = [Block(line, "paragraph") for line in fallback]
    if not blocks:
        raise EmptyArticleError(
            f"{name}: no article text found in the page; save the article page itself "
            "(not a front page or a search result), or paste its text into a .txt file"
        )
    if byline:
        meta.add("author", byline, "html:byline")
    if dateline:
        meta.add("published", dateline, "html:dateline")
    if lead and not _covered(lead, blocks):
        first = next((i for i, block in enumerate(blocks) if block.kind != "heading"), len(blocks))
        blocks.insert(first, Block(lead, "paragraph"))
    return tuple(blocks)


def _trafilatura_xml(tree: Any, name: str) -> str | None:
    """The page's main text as trafilatura's XML (None when it finds none)."""
    import lxml.etree

    trafilatura = _import_trafilatura()
    try:
        xml: str | None = trafilatura.extract(
            tree,
            output_format="xml",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            with_metadata=True,
            # Dates come from our own reading of the page (metadata, visible dateline):
            # htmldate's extensive search guesses from widgets and copyright years and costs
            # about a second a page.
            date_extraction_params={"extensive_search": False, "original_date": True},
            prune_xpath=_PROMO_XPATH,
            config=_trafilatura_config(),
        )
    except (ValueError, TypeError, AttributeError, RecursionError, lxml.etree.LxmlError) as exc:
        # A hostile or badly broken page can trip the extractor itself; skip the article.
        raise InputError(f"{name}: the page cannot be read ({type(exc).__name__}: {exc})") from None
    return xml


def _document_blocks(xml: str, tree: Any, meta: MetadataBuilder) -> list[Block]:
    """Blocks of trafilatura's XML document, after adding the metadata it found to ``meta``."""
    import lxml.etree

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = lxml.etree.fromstring(xml.encode("utf-8"), parser=parser)
    _add_extracted_metadata(root, tree, meta)
    main = root.find("main")
    return _xml_blocks(main if main is not None else root)


def _add_extracted_metadata(root: Any, tree: Any, meta: MetadataBuilder) -> None:
    """Add trafilatura's title, site name, author and URL (after the page's own metadata)."""
    sites = [meta.values[field] for field in ("outlet",) if field in meta.values]
    title = _text(root.get("title"))
    meta.add("title", _strip_site_name(title, sites) if title else None, "trafilatura")
    sitename = _text(root.get("sitename"))
    handle = (_meta_content(tree, "name", "twitter:site") or "").lstrip("@")
    if sitename and not _is_handle(sitename, handle) and not _COMPANY.match(sitename):
        meta.add("outlet", sitename, "trafilatura")
    author = _text(root.get("author"))
    if author and looks_like_person(author) and not _same_name(author, sites):
        meta.add("author", author, "trafilatura")
    meta.add("url", root.get("url"), "trafilatura")


# Page furniture: never the article's byline, date or lead (a clock in the site header, a
# "most read" box in the sidebar).
_FURNITURE = frozenset({"header", "nav", "footer", "aside", "form", "script", "style", "noscript"})
_FURNITURE_CLASS = re.compile(
    r"clock|weather|header|footer|nav|menu|sidebar|widget|ticker|breaking|most-?read|related|comment",
    re.IGNORECASE,
)
_BYLINE_CLASS = re.compile(r"author|byline|writer|write-?by|reporter|kateb|editor-name", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|publish|posted", re.IGNORECASE)
_LEAD_CLASS = re.compile(
    r"(^|[\s_-])(lead|lede|summary|excerpt|intro|standfirst|announce|sapo|abstract|subtitle|sub-?title)",
    re.IGNORECASE,
)
# Promotion boxes between paragraphs (podcasts, newsletters, apps), by their markup.
_LOWER = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'"
_PROMO_XPATH = [
    f"//*[contains(translate(@{attribute}, {_LOWER}), '{word}')]"
    for attribute in ("class", "id", "data-component")
    for word in ("promo", "podcast", "newsletter", "app-download")
]
_MIN_LEAD_WORDS = 8
_LEAD_WINDOW = 40  # elements after the <h1> where a lead container may stand
_MAX_BYLINE_ELEMENT_WORDS = 8  # a bare name counts only in a byline element this short
_MAX_LEAD_WORDS = 120


def _classes(element: Any) -> str:
    """The element's class, id and itemprop attributes as one string."""
    return " ".join(element.get(name) or "" for name in ("class", "id", "itemprop"))


def _in_furniture(element: Any) -> bool:
    """True when the element lies in the page's header, navigation, footer or a widget.

    Inside ``<article>`` or ``<main>``, a ``<header>`` or ``<footer>`` is the article's own
    (it holds the byline and the date); widgets and navigation are furniture anywhere.
    """
    ancestors = []
    node = element
    while node is not None:
        if isinstance(node.tag, str):
            ancestors.append(node)
        node = node.getparent()
    in_article = any(node.tag in ("article", "main") or node.get("role") == "main" for node in ancestors)
    for node in ancestors:
        if _FURNITURE_CLASS.search(_classes(node)):
            return True
        if node.tag in _FURNITURE and not (in_article and node.tag in ("header", "footer")):
            return True
    return False


def _visible_byline(tree: Any) -> str | None:
    """The author named in a byline element of the article (``<div class="writeBy">``)."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or not _BYLINE_CLASS.search(_classes(element)):
            continue
        if _in_furniture(element):
            continue
        if author := _byline_in(_byline_lines(element)):
            return author
    return None


def _byline_lines(element: Any) -> list[str]:
    """The text pieces of a byline element, a piece ending with a label mark joined to the next.

    Labels and names may sit in separate spans (`Author,` `ليلى حداد`).
    """
    pieces = [" ".join(piece.split()) for piece in element.itertext() if piece.strip()]
    lines: list[str] = []
    for piece in pieces:
        if lines and lines[-1].endswith((",", "،", ":")):
            lines[-1] = f"{lines[-1]} {piece}"
        else:
            lines.append(piece)
    return lines


def _byline_in(lines: list[str]) -> str | None:
    """The author a byline element's lines name (a labelled byline, or a bare name in a short element)."""
    short = sum(len(line.split()) for line in lines) <= _MAX_BYLINE_ELEMENT_WORDS
    for line in lines[:6]:
        if author := byline_author(line):
            return author
        if short and looks_like_person(line) and len(line.split()) >= 2:
            return line  # a bare name in a short element marked as the byline
    return None


def _visible_dateline(tree: Any) -> str | None:
    """The date shown in a dated element of the article (``<time datetime>``, a date span)."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or _in_furniture(element):
            continue
        if element.tag == "time" or "datepublished" in _classes(element).lower():
            published = normalize_date(element.get("datetime") or element.get("content") or "")
            if published:
                return published
        if _DATE_CLASS.search(_classes(element)):
            text = " ".join(element.text_content().split())
            if 0 < len(text.split()) <= 12:
                published = parse_dateline(text)
                if published:
                    return published
    return None


def _lead_text(tree: Any) -> str | None:
    """The text of a lead container (``<div class="article-lead">``) near the headline.

    Only a container within a few elements after the page's ``<h1>`` counts: a "summary"
    further down is a teaser of another article.
    """
    elements = [element for element in tree.iter() if isinstance(element.tag, str)]
    start = next((i for i, element in enumerate(elements) if element.tag == "h1"), None)
    window = elements[start + 1 : start + 1 + _LEAD_WINDOW] if start is not None else elements
    for element in window:
        if element.tag in ("meta", "html", "body") or not _LEAD_CLASS.search(element.get("class") or ""):
            continue
        if _in_furniture(element):
            continue
        text = " ".join(element.text_content().split())
        if _MIN_LEAD_WORDS <= len(text.split()) <= _MAX_LEAD_WORDS:
            return text
    return None


def _covered(text: str, blocks: list[Block]) -> bool:
    """True when ``text`` already stands in the blocks (the extractor kept the lead)."""
    key = _fold_name(text)[:80]
    folded = [_fold_name(block.text) for block in blocks if block.text]
    return any(key in other or other in key for other in folded)


def _body_lines(tree: Any) -> list[str]:
    """Lines of text standing directly in ``<body>`` (pages without paragraphs), furniture removed."""
    import copy

    body = tree.find(".//body")
    if body is None:
        return []
    body = copy.deepcopy(body)
    for element in list(body.iter()):
        if isinstance(element.tag, str) and element.tag in _FURNITURE and element.getparent() is not None:
            element.drop_tree()
    _mark_line_breaks(body)
    lines = [" ".join(line.split()) for line in body.text_content().splitlines()]
    return [line for line in lines if any(char.isalpha() for char in line)]


def _mark_line_breaks(body: Any) -> None:
    """Put a line break after each ``<br>`` and each block element, so that text lines show."""
    for br in body.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for element in body.iter():
        if isinstance(element.tag, str) and element.tag in ("p", "div", "li", "h1", "h2", "h3", "tr"):
            element.tail = "\n" + (element.tail or "")


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
            blocks.extend(_row_block(child))
        elif tag in _KIND_BY_TAG and not _holds_list_or_table(child):
            blocks.extend(_text_blocks(child, tag))
        else:
            blocks.extend(_xml_blocks(child))
    return blocks


def _row_block(row: Any) -> list[Block]:
    """A table row as one ``table_row`` block (none when its cells are empty)."""
    cells = [" ".join("".join(cell.itertext()).split()) for cell in row.iter("cell")]
    text = _CELL_SEPARATOR.join(cell for cell in cells if cell)
    return [Block(text, "table_row")] if text else []


def _holds_list_or_table(element: Any) -> bool:
    """True when a list or table stands directly in ``element`` (its children are read instead)."""
    return any(isinstance(sub.tag, str) and sub.tag in ("list", "table") for sub in element)


def _text_blocks(element: Any, tag: str) -> list[Block]:
    """One block per non-blank line of a paragraph, heading, list item or quote."""
    level = _heading_level(element.get("rend")) if tag == "head" else 0
    lines = (" ".join(line.split()) for line in "".join(element.itertext()).splitlines())
    return [Block(line, _KIND_BY_TAG[tag], level) for line in lines if line]


def _heading_level(rend: str | None) -> int:
    """Heading level of trafilatura's ``rend="h2"`` attribute (0 when absent or odd)."""
    if rend and len(rend) == 2 and rend[0] == "h" and rend[1].isdigit():
        return int(rend[1])
    return 0
