"""Which source URLs become links, in every format, and how a link target is written.

A source's ``url`` comes from the input (front matter, a manifest, an HTML page's metadata), so
it is untrusted: ``javascript:`` in an HTML ``href`` runs code when clicked, ``file:`` opens
a local file, ``data:`` can carry a whole page. Only the schemes a reader expects from a news
source become links; anything else is shown as text (still readable, never clickable). The
outline (:mod:`briefing.compose.outline`) asks :func:`link_target` once per URL, and each
format asks again before it writes a link, so a hand-made outline cannot slip one through.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""The schemes that become links; every other URL is shown as text only."""

# Browsers drop tabs and newlines anywhere in a URL and strip leading C0 controls and spaces
# (WHATWG URL standard, "basic URL parser"), so "java\tscript:" still runs. A target holding
# any control character is refused instead of guessed at (a space inside is only encoded).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# Characters kept as they are in a Markdown link target; everything else (spaces, parentheses,
# angle brackets, quotes, backslashes, pipes, non-ASCII) is percent-encoded, so the target cannot
# end early, open a title or raw HTML, or break a table row. "%" is kept: the URL's own escapes.
_MARKDOWN_SAFE = "!#$%&*+,-./:;=?@[]_~"


def link_target(url: str | None) -> str | None:
    """``url`` when it may become a link (``http``/``https`` with a host, or ``mailto``), else None.

    Args:
        url: A source URL as given in the input (surrounding spaces are ignored).

    Returns:
        The stripped URL, or None when it must be shown as text only (``javascript:``,
        ``file:``, ``data:``, no scheme, an unknown scheme, or control characters).
    """
    if not url:
        return None
    text = url.strip()
    if not text or _CONTROL.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.netloc:
        return None
    if scheme == "mailto" and not parts.path:
        return None
    return text


def markdown_target(href: str) -> str:
    """A link target safe inside Markdown's ``[text](target)``: percent-encoded where it could break out.

    CommonMark ends a bare target at a space or an unbalanced ``)``, opens a title at a quote,
    and ``<`` could start raw HTML; encoding these (and non-ASCII) keeps the link one link.
    """
    return quote(href, safe=_MARKDOWN_SAFE)
