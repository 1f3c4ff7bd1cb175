"""Settings of ``briefing serve``: the service's limits, with no web framework imported."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeConfig:
    """Limits and behaviour of the service.

    The defaults suit one newsroom desk on one machine: a request carries a day's worth of
    articles on one story, and a burst of editors fits in the queue.

    Attributes:
        token: When set, every ``/api/`` request needs ``Authorization: Bearer <token>``.
        max_request_bytes: Largest request body (413 beyond). 25 MB: one DOCX may be 20 MB.
        max_articles: Most articles (texts plus files) in one request (422 beyond).
        queue_size: Briefings that may wait; a request beyond gets 503 with ``Retry-After``.
        workers: Worker threads (the model translates one batch at a time either way).
        job_ttl_s: Seconds a finished briefing stays available for download.
        max_finished: Most finished briefings kept in memory (the oldest are dropped first).
        bind_host: The address the service listens on; a request's ``Host`` header must name
            it, a loopback name, or one of ``allowed_hosts`` (DNS rebinding). On a wildcard
            address (``0.0.0.0``, ``::``) any IP address and this machine's name are accepted.
        allowed_hosts: More host names requests may use (``--allowed-host``; ``*``: any, for a
            proxy that checks the name itself).
        header_timeout_s: Seconds a client has to send a request's headers (and an idle new
            connection to send anything) before the connection is closed (slow clients).
        body_timeout_s: Seconds a client has to send a whole request, body included.
        keep_alive_s: Seconds an idle keep-alive connection stays open between requests.
    """

    token: str | None = None
    max_request_bytes: int = 25 * 1_000_000  # MB = 10^6 bytes, as messages and --max-request-mb say
    max_articles: int = 50
    queue_size: int = 16
    workers: int = 1
    job_ttl_s: float = 3600.0
    max_finished: int = 200
    bind_host: str = DEFAULT_HOST
    allowed_hosts: tuple[str, ...] = ()
    # 10 s covers a phone on a poor network sending a few hundred bytes of headers; a
    # slowloris client sends a byte every few seconds and is cut here.
    header_timeout_s: float = 10.0
    # The body limit (25 MB) at 2 Mbit/s is 100 s: a slow but honest upload fits in 120 s.
    body_timeout_s: float = 120.0
    keep_alive_s: float = 5.0  # uvicorn's own default

    def __post_init__(self) -> None:
        for name in (
            "max_request_bytes",
            "max_articles",
            "queue_size",
            "workers",
            "job_ttl_s",
            "max_finished",
            "header_timeout_s",
            "body_timeout_s",
            "keep_alive_s",
        ):
            value = getattr(self, name)
            if value <= 0:
                raise ValueError(f"ServeConfig.{name} must be positive, got {value!r}")
        if self.token is not None and not self.token.strip():
            raise ValueError("ServeConfig.token must not be empty; leave it None for no token")
