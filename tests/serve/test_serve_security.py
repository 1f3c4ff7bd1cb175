"""``briefing serve`` against a hostile browser or client: tokens, Host, cross-site posts, headers,
/healthz, slow and vanishing connections."""

from __future__ import annotations

import logging
import socket
import time

import pytest

pytest.importorskip("fastapi", reason="briefing[serve] is not installed")
pytest.importorskip("httpx", reason="the API tests use Starlette's TestClient (httpx)")
pytest.importorskip("uvicorn", reason="briefing[serve] is not installed")


from briefing import Briefer
from briefing.serve import ServeConfig, create_app
from briefing.serve.connections import protocol_class
from briefing.serve.security import HostPolicy, cross_site, host_name, token_matches
from briefing.translation.stage import FakeTranslator
from tests.serve.test_serve import make_client
from tests.serve_support import running_server
from tests.test_briefer import PORT

ARTICLE = {"articles": [{"text": PORT}]}


# ------------------------------------------------------------------------- token


def test_a_non_ascii_authorization_header_is_a_401_not_a_500() -> None:
    with make_client(token="secret") as client:
        answer = client.post("/api/briefings", json=ARTICLE, headers={"Authorization": "Bearer سر".encode()})
        assert answer.status_code == 401 and answer.json()["error"] == "unauthorized"
        latin = client.get("/api/briefings/x", headers={"Authorization": b"Bearer caf\xe9"})
        assert latin.status_code == 401


def test_a_non_ascii_token_works_and_a_wrong_one_is_refused() -> None:
    token = "كلمة-سر-١٢٣"
    with make_client(token=token) as client:
        good = client.post(
            "/api/briefings", json=ARTICLE, headers={"Authorization": f"Bearer {token}".encode()}
        )
        assert good.status_code == 202, good.text
        bad = client.post("/api/briefings", json=ARTICLE, headers={"Authorization": "Bearer كلمة".encode()})
        assert bad.status_code == 401


def test_token_matches_compares_bytes() -> None:
    assert token_matches("Bearer abc", "abc") and token_matches("bearer  abc ", "abc")
    assert not token_matches("Basic abc", "abc") and not token_matches("Bearer abd", "abc")
    # what Starlette hands over for UTF-8 bytes: each byte as a Latin-1 character
    assert token_matches("Bearer " + "سر".encode().decode("latin-1"), "سر")


# -------------------------------------------------------------------------- host


def test_an_unknown_host_name_is_refused() -> None:
    with make_client() as client:
        evil = client.get("/healthz", headers={"Host": "evil.example:8765"})
        assert evil.status_code == 400 and evil.json()["error"] == "invalid_host"
        assert "--allowed-host" in evil.json()["message"]
        posted = client.post("/api/briefings", json=ARTICLE, headers={"Host": "rebound.example"})
        assert posted.status_code == 400
        for host in ("127.0.0.1:8765", "localhost:8765", "LOCALHOST", "[::1]:8765"):
            assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    with make_client(allowed_hosts=("briefing.desk.example",)) as client:
        assert client.get("/healthz", headers={"Host": "briefing.desk.example"}).status_code == 200


def test_host_policy_of_a_wildcard_bind_accepts_addresses_but_not_names() -> None:
    policy = HostPolicy("0.0.0.0")
    assert policy.allows("192.168.1.20:8765") and policy.allows("[fe80::1]") and policy.allows("localhost")
    assert not policy.allows("evil.example")
    fixed = HostPolicy("192.168.1.20")
    assert fixed.allows("192.168.1.20:8765") and not fixed.allows("10.0.0.1")
    assert HostPolicy("127.0.0.1", ("*",)).allows("anything.example")
    assert host_name("[::1]:80") == "::1" and host_name("Example.ORG.:1") == "example.org"


# ------------------------------------------------------------------------ cross-site


def test_a_cross_site_form_post_is_refused_without_a_token() -> None:
    form = {"text": PORT}
    with make_client() as client:
        for headers in (
            {"Origin": "http://evil.example"},
            {"Origin": "null"},
            {"Origin": "http://127.0.0.1:9999"},  # another local service's page
            {"Referer": "http://evil.example/page.html"},
            {"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"},
            {"Sec-Fetch-Site": "same-site"},
        ):
            answer = client.post("/api/briefings", data=form, headers=headers)
            assert answer.status_code == 403, headers
            assert answer.json()["error"] == "cross_site"
        same = {"Origin": "http://127.0.0.1:8765", "Sec-Fetch-Site": "same-origin"}
        assert client.post("/api/briefings", data=form, headers=same).status_code == 202
        assert (
            client.post("/api/briefings", data=form, headers={"Origin": "http://127.0.0.1:8765"}).status_code
            == 202
        )
        # a program (curl, a script) names no origin: no web page can drive it
        assert client.post("/api/briefings", data=form).status_code == 202


def test_cross_site_reads_the_browser_headers() -> None:
    host = {"host": "127.0.0.1:8765"}
    assert cross_site({**host, "origin": "http://127.0.0.1:8765"}) is None
    assert cross_site({**host, "origin": "https://evil.example"}) is not None
    assert cross_site({**host, "sec-fetch-site": "none"}) is None
    assert cross_site(host) is None


# ----------------------------------------------------------------------- headers


def test_every_answer_carries_nosniff_and_a_content_security_policy() -> None:
    with make_client() as client:
        job = client.post("/api/briefings", json={**ARTICLE, "formats": ["html"]}).json()
        deadline = time.monotonic() + 30
        while client.get(job["url"]).json()["status"] != "done" and time.monotonic() < deadline:
            time.sleep(0.02)
        answers = {
            path: client.get(path)
            for path in ("/", "/healthz", "/static/app.js", "/docs", "/openapi.json", "/nowhere", job["url"])
        }
        answers["download"] = client.get(f"{job['url']}/briefing.html")
        answers["bad host"] = client.get("/", headers={"Host": "evil.example"})
        answers["cross-site"] = client.post(
            "/api/briefings", json=ARTICLE, headers={"Origin": "http://x.example"}
        )
    for name, answer in answers.items():
        assert answer.headers.get("x-content-type-options") == "nosniff", name
        policy = answer.headers.get("content-security-policy", "")
        assert "default-src" in policy and "frame-ancestors 'none'" in policy, name
    assert "script-src" not in answers["download"].headers["content-security-policy"]
    assert "sandbox" in answers["download"].headers["content-security-policy"]


def test_a_crash_is_a_json_500_with_the_same_headers() -> None:
    # Starlette's own error layer is outside every middleware: without the guard its plain 500
    # would go out with no nosniff and no CSP.
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from briefing.serve.security import SecurityMiddleware

    app = FastAPI()

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_middleware(SecurityMiddleware, hosts=HostPolicy("127.0.0.1"))
    with TestClient(app, raise_server_exceptions=False, base_url="http://127.0.0.1") as client:
        answer = client.get("/boom")
    assert answer.status_code == 500
    assert answer.json()["error"] == "internal_error"
    assert answer.headers.get("x-content-type-options") == "nosniff"
    assert "default-src" in answer.headers.get("content-security-policy", "")


# ------------------------------------------------------------------------ healthz


def test_healthz_reveals_nothing_without_the_token() -> None:
    with make_client(token="secret") as client:
        bare = client.get("/healthz")
        assert bare.status_code == 200 and bare.json() == {"status": "ok", "auth": True}
        wrong = client.get("/healthz", headers={"Authorization": "Bearer nope"}).json()
        assert wrong == {"status": "ok", "auth": True}
        full = client.get("/healthz", headers={"Authorization": "Bearer secret"}).json()
        assert full["translator"]["backend"] == "fake" and "jobs" in full


# -------------------------------------------------------------------- connections


def _app(**config) -> object:
    return create_app(Briefer(translator=FakeTranslator()), ServeConfig(**config))


def _closed_within(sock: socket.socket, seconds: float, drip: bytes = b"") -> float:
    """Seconds until the server closes ``sock`` (sending ``drip`` a byte at a time); inf if it does not."""
    started = time.monotonic()
    sock.settimeout(0.1)
    while time.monotonic() - started < seconds:
        if drip:
            try:
                sock.sendall(drip[:1])
            except OSError:
                return time.monotonic() - started
            drip = drip[1:] or b"x"
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic() - started
    return float("inf")


def test_idle_and_slow_connections_are_closed() -> None:
    http = protocol_class(header_timeout_s=0.5, body_timeout_s=1.0)
    with running_server(_app(), http=http) as url:
        address = ("127.0.0.1", int(url.rsplit(":", 1)[1]))
        with socket.create_connection(address) as idle:
            assert _closed_within(idle, 5) < 2
        with socket.create_connection(address) as slow_headers:  # slowloris: a byte at a time
            assert _closed_within(slow_headers, 5, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-a: ") < 2
        head = b"POST /api/briefings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        with socket.create_connection(address) as slow_body:
            slow_body.sendall(head + b"Content-Length: 100000\r\n\r\n")
            assert _closed_within(slow_body, 5, b'{"articles": [' + b" " * 1000) < 3
        with socket.create_connection(address) as honest:  # a quick request is answered
            honest.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            honest.settimeout(5)
            assert honest.recv(4096).startswith(b"HTTP/1.1 200")


def test_a_client_that_vanishes_mid_request_is_logged_in_one_line(caplog: pytest.LogCaptureFixture) -> None:
    with running_server(_app(), log_config=None) as url, caplog.at_level(logging.INFO):
        address = ("127.0.0.1", int(url.rsplit(":", 1)[1]))
        with socket.create_connection(address) as sock:
            sock.sendall(
                b"POST /api/briefings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 5000\r\n\r\n" + b'{"articles": ['
            )
            time.sleep(0.3)
        deadline = time.monotonic() + 5
        while (
            not any("disconnected" in r.getMessage() for r in caplog.records) and time.monotonic() < deadline
        ):
            time.sleep(0.05)
    lines = [r for r in caplog.records if "disconnect" in r.getMessage() or r.exc_info]
    assert len(lines) == 1, [r.getMessage() for r in caplog.records]
    assert lines[0].exc_info is None and "POST /api/briefings" in lines[0].getMessage()


def test_the_serve_command_passes_host_names_and_deadlines_to_uvicorn(monkeypatch) -> None:
    from briefing.cli import serve as cli_serve
    from briefing.cli.main import main
    from briefing.serve.connections import DeadlineH11Protocol

    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: calls.append((app, kwargs)))
    monkeypatch.setattr(cli_serve, "_briefer", lambda args: Briefer(translator=FakeTranslator()))
    assert (
        main(["serve", "--no-preload", "--allowed-host", "desk.example", "--allowed-host", "b.example"]) == 0
    )
    app, kwargs = calls[0]
    assert app.state.config.allowed_hosts == ("desk.example", "b.example")
    assert app.state.config.bind_host == "127.0.0.1"
    assert issubclass(kwargs["http"], DeadlineH11Protocol) and kwargs["timeout_keep_alive"] == 5
