"""``briefing serve``: the HTTP API over a job queue (FakeTranslator; no model, no network)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="briefing[serve] is not installed")
pytest.importorskip("httpx", reason="the API tests use Starlette's TestClient (httpx)")

from fastapi.testclient import TestClient

from briefing import Briefer
from briefing.serve import ServeConfig, create_app
from briefing.translation.stage import FakeTranslator
from briefing.types import Translation
from tests.test_briefer import ENGLISH, PORT, PORT_2, RAIN


class GatedTranslator(FakeTranslator):
    """A FakeTranslator that waits for ``gate`` before each batch (holds jobs in 'running')."""

    name = "gated"

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def translate_batch(self, texts):
        assert self.gate.wait(30), "the test never opened the gate"
        return super().translate_batch(texts)


def make_client(translator=None, **config) -> TestClient:
    briefer = Briefer(translator=translator or FakeTranslator())
    # The Host a local client sends: the service answers only to the names it listens on.
    return TestClient(create_app(briefer, ServeConfig(**config)), base_url="http://127.0.0.1:8765")


@pytest.fixture
def client() -> Iterator[TestClient]:
    with make_client() as test_client:
        yield test_client


def wait(client: TestClient, job_id: str, *, headers=None, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(f"/api/briefings/{job_id}", headers=headers).json()
        if data["status"] in ("done", "failed"):
            return data
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} still {data['status']} after {timeout} s")


def post(client: TestClient, *articles: dict, **extra) -> dict:
    response = client.post("/api/briefings", json={"articles": list(articles), **extra})
    assert response.status_code == 202, response.text
    return response.json()


# ------------------------------------------------------------------------ json in


def test_json_request_gives_the_result_of_build_json(client: TestClient) -> None:
    accepted = post(
        client,
        {"text": PORT, "outlet": "صحيفة الساحل", "published": "2025-08-16", "id": "cms-1"},
        {"text": PORT_2},
        sentences=2,
        formats=["docx", "json", "md", "html"],
    )
    assert set(accepted) >= {"id", "status"} and accepted["status"] in ("queued", "running", "done")
    job = wait(client, accepted["id"])
    assert job["status"] == "done" and job["progress"]["fraction"] == 1.0
    result = job["result"]
    assert [a["source"] for a in result["articles"]] == ["cms-1", "text-2"]
    assert all(len(a["sentences"]) == 2 for a in result["articles"])
    assert result["articles"][0]["metadata"]["outlet"] == "صحيفة الساحل"

    import jsonschema

    from briefing.compose.jsonout import schema_text

    jsonschema.validate(result, json.loads(schema_text()))  # the schema `build --json` follows
    assert job["expires"] and job["finished"]
    assert set(job["downloads"]) == {"docx", "json", "md", "html"}


def test_files_download_in_every_format(client: TestClient) -> None:
    job = wait(client, post(client, {"text": PORT}, formats=["docx", "html"])["id"])
    docx = client.get(job["downloads"]["docx"])
    assert docx.status_code == 200
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in docx.headers["content-disposition"]
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.content)).namelist()
    html = client.get(job["downloads"]["html"])
    assert html.headers["content-type"].startswith("text/html") and 'dir="rtl"' in html.text
    # A format not asked for is rendered on request; an unknown one is a JSON 404.
    data = client.get(f"/api/briefings/{job['id']}/briefing.json").json()
    assert data["articles"][0]["source"] == "text-1"
    assert client.get(f"/api/briefings/{job['id']}/briefing.md").text.startswith("#")
    missing = client.get(f"/api/briefings/{job['id']}/briefing.pdf")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


# ----------------------------------------------------------------------- form in


def test_multipart_upload_with_files_and_pasted_text(client: TestClient) -> None:
    html = "<html><head><title>x</title></head><body><article><h1>أمطار</h1>" + "".join(
        f"<p>{line}</p>" for line in RAIN.splitlines()[1:]
    )
    response = client.post(
        "/api/briefings",
        files=[
            ("files", ("port.txt", PORT.encode("utf-8"), "text/plain")),
            ("files", ("../../etc/rain page.html", f"{html}</article></body></html>".encode(), "text/html")),
            ("files", ("notes.txt", b"   \n", "text/plain")),
        ],
        data={"text": [PORT_2], "outlet": ["وكالة الأنباء"], "sentences": "2", "formats": "md,json"},
    )
    assert response.status_code == 202, response.text
    job = wait(client, response.json()["id"])
    assert job["status"] == "done", job
    result = job["result"]
    sources = [a["source"] for a in result["articles"]]
    assert sources == ["port.txt", "rain page.html", "text-4"]  # names as uploaded, not temp paths
    assert result["articles"][2]["metadata"]["outlet"] == "وكالة الأنباء"
    assert [s["source"] for s in result["skipped"]] == ["notes.txt"]
    assert "holds no text" in result["skipped"][0]["reason"]
    assert "briefing-serve-" not in json.dumps(result)
    assert job["formats"] == ["md", "json"]


def test_one_event_reaches_the_overview_by_json_and_by_form(client: TestClient) -> None:
    apart = wait(client, post(client, {"text": PORT}, {"text": RAIN}, formats=["json"])["id"])
    assert [g["articles"] for g in apart["result"]["overview"]["groups"]] == [[1], [2]]
    together = wait(
        client, post(client, {"text": PORT}, {"text": RAIN}, one_event=True, formats=["json"])["id"]
    )
    overview = together["result"]["overview"]
    assert [g["articles"] for g in overview["groups"]] == [[1, 2]] and overview["one_event"] is True
    form = client.post("/api/briefings", data={"text": [PORT, RAIN], "one_event": "on", "formats": "json"})
    assert form.status_code == 202, form.text
    overview = wait(client, form.json()["id"])["result"]["overview"]
    assert [g["articles"] for g in overview["groups"]] == [[1, 2]] and overview["one_event"] is True
    bad = client.post("/api/briefings", data={"text": [PORT], "one_event": "maybe"})
    assert bad.status_code == 422 and "one_event" in bad.json()["message"]


def test_form_errors_are_json(client: TestClient) -> None:
    empty = client.post("/api/briefings", data={"text": ["  "]}, files=[("x", ("a.txt", b"", "text/plain"))])
    assert empty.status_code == 422 and empty.json()["error"] == "invalid_request"
    bad = client.post("/api/briefings", data={"text": [PORT], "sentences": "many"})
    assert bad.status_code == 422 and "sentences" in bad.json()["message"]
    bad_format = client.post("/api/briefings", data={"text": [PORT], "formats": "pdf"})
    assert bad_format.status_code == 422 and "pdf" in bad_format.json()["message"]


# ----------------------------------------------------------------- errors, limits


def test_invalid_json_requests_answer_422_with_a_json_body(client: TestClient) -> None:
    cases = [
        {"articles": []},
        {"articles": [{"title": "no text"}]},
        {"articles": [{"text": PORT}], "formats": ["pdf"]},
        {"articles": [{"text": PORT}], "sentences": 0},
        {"articles": [{"text": PORT}], "colour": "red"},
    ]
    for body in cases:
        response = client.post("/api/briefings", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"] == "invalid_request" and response.json()["message"]
    broken = client.post("/api/briefings", content=b"{not json", headers={"content-type": "application/json"})
    assert broken.status_code == 422
    plain = client.post("/api/briefings", content=PORT.encode(), headers={"content-type": "text/plain"})
    assert plain.status_code == 415 and plain.json()["error"] == "unsupported_media_type"


def test_request_size_and_article_count_limits() -> None:
    with make_client(max_request_bytes=4000, max_articles=2) as client:
        big = client.post("/api/briefings", json={"articles": [{"text": PORT * 10}]})
        assert big.status_code == 413
        assert big.json()["error"] == "too_large" and "MB" in big.json()["message"]
        many = client.post("/api/briefings", json={"articles": [{"text": "نص"}] * 3})
        assert many.status_code == 422 and many.json()["error"] == "too_many_articles"
        files = [("files", (f"{i}.txt", b"x", "text/plain")) for i in range(3)]
        assert client.post("/api/briefings", files=files).json()["error"] == "too_many_articles"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
            yield b'{"articles": [{"text": "'
            for _ in range(10):
                yield b"a" * 1000
            yield b'"}]}'

        json_type = {"content-type": "application/json"}
        streamed = client.post("/api/briefings", content=chunks(), headers=json_type)
        assert streamed.status_code == 413


def test_token_is_required_on_the_api_only() -> None:
    with make_client(token="s3cret") as client:
        body = {"articles": [{"text": PORT}]}
        missing = client.post("/api/briefings", json=body)
        assert missing.status_code == 401 and missing.json()["error"] == "unauthorized"
        assert missing.headers["www-authenticate"] == "Bearer"
        wrong = client.post("/api/briefings", json=body, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        accepted = client.post("/api/briefings", json=body, headers=auth)
        assert accepted.status_code == 202
        assert client.get(f"/api/briefings/{accepted.json()['id']}").status_code == 401
        job = wait(client, accepted.json()["id"], headers=auth)
        assert client.get(job["downloads"]["docx"]).status_code == 401
        assert client.get(job["downloads"]["docx"], headers=auth).status_code == 200
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and health["auth"] is True
        assert client.get("/").status_code == 200


def test_a_bad_job_fails_alone_with_a_clear_error(client: TestClient) -> None:
    bad = post(client, {"text": ENGLISH, "id": "wire-en"}, {"text": "   "})
    good = post(client, {"text": RAIN})
    failed, done = wait(client, bad["id"]), wait(client, good["id"])
    assert failed["status"] == "failed"
    assert "no usable article" in failed["error"] and "wire-en" in failed["error"]
    assert {s["source"] for s in failed["skipped"]} == {"wire-en", "text-2"}
    assert "result" not in failed
    conflict = client.get(f"/api/briefings/{bad['id']}/briefing.docx")
    assert conflict.status_code == 409 and "failed" in conflict.json()["message"]
    assert done["status"] == "done"


def test_backend_crash_fails_the_job_not_the_service() -> None:
    class Crashing(FakeTranslator):
        def translate_batch(self, texts):
            if any("أمطار" in text for text in texts):
                raise RuntimeError("CUDA out of memory")
            return super().translate_batch(texts)

    with make_client(Crashing()) as client:
        crashed = wait(client, post(client, {"text": RAIN})["id"])
        assert crashed["status"] == "failed" and "CUDA out of memory" in crashed["error"]
        assert wait(client, post(client, {"text": PORT})["id"])["status"] == "done"


def test_queue_full_answers_503_and_nothing_accepted_is_lost() -> None:
    translator = GatedTranslator()
    with make_client(translator, queue_size=2, workers=1) as client:
        first = post(client, {"text": PORT})
        # Reading runs in the input worker process, which starts on the first job: wait for
        # the job to reach the (gated) translation.
        deadline = time.monotonic() + 60
        while client.get(f"/api/briefings/{first['id']}").json()["progress"]["stage"] != "translate":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        running = client.get(f"/api/briefings/{first['id']}").json()
        assert running["status"] == "running" and 0 < running["progress"]["fraction"] < 1
        assert client.get(f"/api/briefings/{first['id']}/briefing.docx").status_code == 409
        queued = [post(client, {"text": text}) for text in (PORT_2, RAIN)]
        assert client.get(f"/api/briefings/{queued[1]['id']}").json()["position"] == 2
        full = client.post("/api/briefings", json={"articles": [{"text": RAIN}]})
        assert full.status_code == 503
        assert full.json()["error"] == "queue_full" and full.headers["retry-after"] == "30"
        translator.gate.set()
        jobs = [wait(client, job["id"]) for job in (first, *queued)]
        assert [job["status"] for job in jobs] == ["done"] * 3
        titles = [job["result"]["articles"][0]["title_ar"] for job in jobs]
        assert titles == [text.splitlines()[0] for text in (PORT, PORT_2, RAIN)]


def test_more_jobs_than_workers_all_finish_with_their_own_articles() -> None:
    with make_client(queue_size=16, workers=2) as client:
        texts = [PORT, PORT_2, RAIN] * 4
        accepted = [post(client, {"text": text, "id": f"job-{i}"}) for i, text in enumerate(texts)]
        results = [wait(client, job["id"]) for job in accepted]
        assert [r["result"]["articles"][0]["source"] for r in results] == [f"job-{i}" for i in range(12)]
        health = client.get("/healthz").json()
        assert health["jobs"]["done"] == 12 and health["jobs"]["queued"] == 0


def test_finished_jobs_expire(tmp_path: Path) -> None:
    with make_client(job_ttl_s=0.3) as client:
        job = wait(client, post(client, {"text": PORT})["id"])
        assert job["status"] == "done"
        time.sleep(0.5)
        gone = client.get(f"/api/briefings/{job['id']}")
        assert gone.status_code == 404 and "expired" in gone.json()["message"]
        assert client.get(f"/api/briefings/{job['id']}/briefing.docx").status_code == 404


def test_health_openapi_page_and_unknown_ids(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["translator"]["backend"] == "fake" and health["auth"] is False
    assert health["limits"]["max_articles"] == 50
    spec = client.get("/openapi.json").json()
    job_paths = {"/api/briefings/{job_id}", "/api/briefings/{job_id}/briefing.{fmt}"}
    paths = {"/api/briefings", "/healthz", *job_paths}
    assert paths <= set(spec["paths"])
    body = spec["paths"]["/api/briefings"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    assert "$ref" not in json.dumps(body["application/json"])
    assert client.get("/docs").status_code == 200
    page = client.get("/")
    assert "text/html" in page.headers["content-type"]
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../app.py").status_code == 404
    unknown = client.get("/api/briefings/0123")
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"


def test_serve_help_imports_no_web_framework() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from briefing.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['serve', '--help'])\n"
        "    except SystemExit: pass\n"
        "print([m for m in ('fastapi', 'uvicorn', 'starlette', 'torch') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_serve_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="queue_size must be positive"):
        ServeConfig(queue_size=0)
    with pytest.raises(ValueError, match="token must not be empty"):
        ServeConfig(token=" ")


def test_translation_is_a_protocol_object() -> None:
    # Sanity for the fakes above: what the jobs store comes from the translator given.
    assert GatedTranslator().name == "gated"
    assert Translation(text="x").confidence is None


def test_stopping_fails_queued_jobs_and_removes_their_uploads() -> None:
    translator = GatedTranslator()
    client = make_client(translator, queue_size=4)
    with client:
        running = post(client, {"text": PORT})
        deadline = time.monotonic() + 30
        while client.get(f"/api/briefings/{running['id']}").json()["status"] != "running":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        waiting = client.post("/api/briefings", files=[("files", ("rain.txt", RAIN.encode(), "text/plain"))])
        jobs = client.app.state.jobs
        workdir = jobs.get(waiting.json()["id"]).workdir
        assert workdir is not None and workdir.is_dir()

        def release_when_dropped() -> None:  # the running job ends only once stop() has drained the queue
            deadline = time.monotonic() + 30
            while jobs.get(waiting.json()["id"]).status != "failed" and time.monotonic() < deadline:
                time.sleep(0.01)
            translator.gate.set()

        threading.Thread(target=release_when_dropped, daemon=True).start()
    assert jobs.get(waiting.json()["id"]).status == "failed"
    assert "stopped" in jobs.get(waiting.json()["id"]).error
    assert not workdir.exists()
    assert jobs.get(running["id"]).status == "done"


def test_serve_fails_early_when_the_model_cannot_be_had(tmp_path: Path, monkeypatch, capsys) -> None:
    from briefing.cli.main import EXIT_NOTHING, main

    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    started = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: started.append(args))
    code = main(
        ["serve", "--model", str(tmp_path / "no-such-model"), "--offline", "--models-dir", str(tmp_path)]
    )
    assert code == EXIT_NOTHING and not started
    assert "no-such-model" in capsys.readouterr().err


def test_serve_command_builds_the_app_and_runs_uvicorn(monkeypatch, capsys) -> None:
    from briefing.cli import serve as cli_serve
    from briefing.cli.main import main

    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: calls.append((app, kwargs)))
    monkeypatch.setattr(cli_serve, "_briefer", lambda args: Briefer(translator=FakeTranslator()))
    monkeypatch.setenv("BRIEFING_SERVE_TOKEN", "from-env")
    assert main(["serve", "--port", "9123", "--queue-size", "3", "--job-ttl", "5"]) == 0
    app, kwargs = calls[0]
    assert kwargs["host"] == "127.0.0.1" and kwargs["port"] == 9123
    config = app.state.config
    assert (config.token, config.queue_size, config.job_ttl_s) == ("from-env", 3, 300)
    assert "token required" in capsys.readouterr().err
    assert main(["serve", "--queue-size", "0"]) == 2
