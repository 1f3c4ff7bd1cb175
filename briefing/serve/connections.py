"""Connections that cannot be held open: deadlines for a request's headers and body (uvicorn, h11).

uvicorn closes a keep-alive connection that stays idle after an answer (``timeout_keep_alive``),
but a connection that never finishes its first request is never closed: a client that sends a
header byte every few seconds (slowloris) or nothing at all holds a connection, a file
descriptor and a bit of memory for ever, and a few thousand of them take the service down.
:func:`protocol_class` gives uvicorn an HTTP/1.1 protocol with two deadlines, counted from the
moment the connection opens or the previous answer ends: the request's headers within
``header_timeout_s``, the whole request within ``body_timeout_s``. A late connection is
closed with one log line.

Built on uvicorn's h11 protocol (``uvicorn.protocols.http.h11_impl``, uvicorn 0.29-0.54):
this module is imported only by ``briefing serve``, which needs uvicorn anyway.
"""

from __future__ import annotations

import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol closing a connection whose request comes too slowly.

    Attributes:
        header_timeout_s: Seconds for a request's headers (set by :func:`protocol_class`).
        body_timeout_s: Seconds for the whole request.
    """

    header_timeout_s: float = 10.0
    body_timeout_s: float = 120.0
    _deadline: Any = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm(self.header_timeout_s, self._headers_due)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm(self.header_timeout_s, self._headers_due)

    def _arm(self, seconds: float, callback: Any) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, callback)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _headers_due(self) -> None:
        state = self.conn.their_state
        if state is h11.IDLE:  # nothing yet, or headers not finished
            self._close(f"no complete request headers within {self.header_timeout_s:g} s")
        elif state is h11.SEND_BODY:
            self._arm(max(0.0, self.body_timeout_s - self.header_timeout_s), self._body_due)

    def _body_due(self) -> None:
        if self.conn.their_state is h11.SEND_BODY:
            self._close(f"request body not finished within {self.body_timeout_s:g} s")

    def _close(self, why: str) -> None:
        if self.transport.is_closing():
            return
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "a client"
        log.warning("closed the connection of %s: %s", client, why)
        self.transport.close()


def protocol_class(header_timeout_s: float, body_timeout_s: float) -> type[DeadlineH11Protocol]:
    """:class:`DeadlineH11Protocol` with these deadlines; pass it as ``uvicorn.run(..., http=...)``."""
    return type(
        "DeadlineH11Protocol",
        (DeadlineH11Protocol,),
        {"header_timeout_s": header_timeout_s, "body_timeout_s": body_timeout_s},
    )
