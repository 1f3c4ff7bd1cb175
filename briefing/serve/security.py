"""What every request to ``briefing serve`` must pass, and the headers every answer carries.

The service usually runs on an editor's own machine with no token (loopback), so the browser
on that machine is the way in for an attacker: a web page elsewhere can make it send requests
to ``127.0.0.1``. Three checks close that door (see ``docs/serve.md``, *Security model*):

- **Host**: the ``Host`` header must name the address the service listens on, a loopback name,
  or a configured name; a name the attacker controls (DNS rebinding: ``evil.example`` resolving
  to ``127.0.0.1``) is refused with 400.
- **Same origin**: a request that changes state (``POST``) sent by a browser from a page of
  another origin is refused with 403, token or not. Browsers say where a request comes from
  (``Sec-Fetch-Site``, ``Origin``, ``Referer``); a request that names no origin at all comes
  from a program (curl, a script), which no web page can drive.
- **Token**: compared as bytes in constant time (:func:`token_matches`), so any token works,
  non-ASCII included, and a header the client mangled is a 401, never a 500.

Every answer carries ``X-Content-Type-Options: nosniff`` and a Content-Security-Policy.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Answers with no policy of their own (the API's JSON, errors): nothing may load, nothing may
# frame them. The page and the downloads set their own (see app.py).
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# FastAPI's /docs and /redoc pages load Swagger UI / ReDoc from cdn.jsdelivr.net and start
# them with an inline script (fastapi.openapi.docs); they hold no user content.
DOCS_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; worker-src blob:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})


def token_matches(authorization: str, token: str) -> bool:
    """True when an ``Authorization`` header value carries ``Bearer <token>``.

    Compared as bytes with :func:`hmac.compare_digest`: Starlette decodes header bytes as
    Latin-1, so encoding back gives exactly what the client sent, and a token given as UTF-8
    text (``--token`` with Arabic letters) is compared as its UTF-8 bytes.
    """
    scheme, _, given = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    sent = given.strip().encode("latin-1", errors="replace")
    return hmac.compare_digest(sent, token.encode("utf-8", errors="surrogateescape"))


def host_name(host_header: str) -> str:
    """The name in a ``Host`` header, lower case, without port, brackets or trailing dot."""
    text = host_header.strip().lower()
    if text.startswith("["):  # [::1]:8765
        return text[1:].partition("]")[0]
    name, colon, port = text.rpartition(":")
    if colon and port.isdigit() and ":" not in name:
        text = name
    return text.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostPolicy:
    """Which ``Host`` names the service answers (see the module docstring).

    Args:
        bind_host: The address the service listens on.
        allowed: More names (``*``: any).
    """

    def __init__(self, bind_host: str, allowed: tuple[str, ...] = ()) -> None:
        names = {host_name(name) for name in allowed}
        self.any = "*" in names
        self.wildcard = bind_host.strip() in WILDCARD_ADDRESSES
        names |= LOOPBACK_NAMES | {host_name(bind_host)}
        if self.wildcard:  # reached from the network: this machine's own name too
            names.add(socket.gethostname().lower())
        self.names = frozenset(names - {"", "*"})

    def allows(self, host_header: str) -> bool:
        """True when a request naming ``host_header`` may be answered."""
        if self.any:
            return True
        name = host_name(host_header)
        # An IP address cannot be rebound by DNS: on a wildcard bind any of ours may be used.
        return name in self.names or (self.wildcard and _is_ip(name))


def cross_site(headers: dict[str, str]) -> str | None:
    """Why a request comes from another site's page, or None when it does not (or names no origin).

    ``headers``: lower-case names. ``Sec-Fetch-Site`` is trusted when present (browsers set it
    and pages cannot); otherwise ``Origin``, then ``Referer`` must name the ``Host`` asked for.
    """
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return None if fetch_site in ("same-origin", "none") else f"Sec-Fetch-Site: {fetch_site}"
    host = host_name(headers.get("host", ""))
    for name in ("origin", "referer"):
        value = headers.get(name)
        if value is None:
            continue
        if value == "null":  # sandboxed frames, file: pages, data: URLs
            return f"{name}: null"
        try:
            source = urlsplit(value).netloc
        except ValueError:
            return f"{name}: unreadable"
        return (
            None
            if source and host_name(source) == host and _same_port(source, headers)
            else f"{name}: {value}"
        )
    return None


def _same_port(source: str, headers: dict[str, str]) -> bool:
    """True when ``source`` (an origin's host[:port]) names the port of the ``Host`` header."""
    return _port(source) == _port(headers.get("host", ""))


def _port(host: str) -> str:
    name, colon, port = host.strip().rpartition(":")
    return port if colon and port.isdigit() and (not name.count(":") or name.endswith("]")) else ""


class SecurityMiddleware:
    """ASGI middleware: the Host and same-origin checks, and the headers on every answer.

    Args:
        app: The application.
        hosts: Which ``Host`` names to answer.
    """

    def __init__(self, app: ASGIApp, hosts: HostPolicy) -> None:
        self.app, self.hosts = app, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        path = scope.get("path", "")
        if not self.hosts.allows(headers.get("host", "")):
            log.warning("refused a request for host %r (not this service's name)", headers.get("host", ""))
            message = (
                f"this service does not answer to the host name {headers.get('host', '')!r}; use the "
                "address it listens on, or start it with --allowed-host NAME"
            )
            await _answer(send, 400, "invalid_host", message, path)
            return
        if scope.get("method", "GET") not in SAFE_METHODS:
            reason = cross_site(headers)
            if reason is not None:
                log.warning("refused a %s %s sent from another site (%s)", scope.get("method"), path, reason)
                message = (
                    "requests from pages of other sites are refused; use this service's own page or the API"
                )
                await _answer(send, 403, "cross_site", message, path)
                return
        await self._guarded(scope, receive, send, path)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        """Run the app; a crash before the answer started becomes a JSON 500 with our headers.

        Starlette's own error layer sits outside every middleware, so its plain-text 500
        would go out without ``nosniff`` and the CSP. The error is raised on afterwards so the
        server still logs it (that layer sends nothing more once an answer has started).
        """
        started = False
        guarded = _with_headers(send, path)

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await guarded(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            if not started:
                message = "the service failed on this request; its log says why. Please report it"
                await _answer(send, 500, "internal_error", message, path)
            raise


def _with_headers(send: Send, path: str) -> Send:
    """``send`` adding ``nosniff`` and (when the route set none) the default CSP to the answer."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {name.lower() for name, _ in headers}
            headers.append((b"x-content-type-options", b"nosniff"))
            if b"content-security-policy" not in names:
                policy = DOCS_CSP if path in DOCS_PATHS else API_CSP
                headers.append((b"content-security-policy", policy.encode("ascii")))
            message["headers"] = headers
        await send(message)

    return wrapped


async def _answer(send: Send, status: int, code: str, message: str, path: str) -> None:
    """Send a JSON error ``{"error", "message"}`` with the usual headers."""
    body = json.dumps({"error": code, "message": message}).encode("utf-8")
    await _with_headers(send, path)(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
