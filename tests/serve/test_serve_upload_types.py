"""An upload briefing cannot read is refused at once with 415 (issue 24), not accepted and skipped later."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="briefing[serve] is not installed")

from tests.serve.test_serve import make_client
from tests.test_briefer import PORT


@pytest.mark.parametrize(("name", "hint"), [("scan.pdf", "copy its text into a .txt file"), ("notes", "")])
def test_an_unsupported_file_is_refused_with_415_before_any_work(name: str, hint: str) -> None:
    with make_client() as client:
        response = client.post(
            "/api/briefings",
            files=[
                ("files", ("port.txt", PORT.encode("utf-8"), "text/plain")),
                ("files", (name, b"%PDF-1.4", "application/pdf")),
            ],
        )
        assert response.status_code == 415, response.text
        body = response.json()
        assert body["error"] == "unsupported_media_type"
        assert body["message"].startswith(f"{name}: unsupported format ")
        assert "briefing reads .docx .htm .html .md .txt" in body["message"] and hint in body["message"]
        jobs = client.get("/healthz").json()["jobs"]
        assert jobs["queued"] + jobs["running"] + jobs["done"] + jobs["failed"] == 0
