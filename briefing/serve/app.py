"""The HTTP API and the editors' page (FastAPI).

``POST /api/briefings`` takes JSON or a multipart form and answers ``202`` with the job id;
``GET /api/briefings/{id}`` gives its status, progress and, when done, the same result JSON
as ``briefing build --json``; ``GET /api/briefings/{id}/briefing.{docx,html,md,json}`` gives
the files. Every error answers JSON: ``{"error": code, "message": text}``.
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import tempfile
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from briefing._version import __version__
from briefing.briefer import Briefer
from briefing.compose import SUPPORTED_FORMATS, normalize_format
from briefing.errors import ConfigError
from briefing.ingest.textinput import ArticleText, InputItem
from briefing.serve.jobs import JobQueue, QueueFullError
from briefing.serve.settings import ServeConfig

log = logging.getLogger(__name__)

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}
_STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
# The page loads only its own script and style; nothing inline, nothing from elsewhere.
_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


class ApiError(Exception):
    """An error answered as ``{"error": code, "message": message}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


# --------------------------------------------------------------------------- models


class ArticleIn(BaseModel):
    """One article as text, with optional metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="Arabic text: headline on the first line, then the body.")
    title: str | None = Field(None, description="Headline (default: found in the text).")
    outlet: str | None = None
    author: str | None = None
    published: str | None = Field(None, description="Publication date (ISO 8601, 16/08/2025, ...).")
    url: str | None = None
    id: str | None = Field(None, max_length=200, description="Your id; shown as the article's source.")


class BriefingRequest(BaseModel):
    """A briefing request as JSON."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, description="The articles, in briefing order.")
    sentences: int | None = Field(None, ge=1, le=50, description="Sentences per article (default 5).")
    formats: list[str] = Field(
        default_factory=lambda: ["docx"], description=f"Files to make: {', '.join(SUPPORTED_FORMATS)}."
    )

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, value: list[str]) -> list[str]:
        return _formats(value)


def _formats(values: list[str]) -> list[str]:
    """Canonical format names, in order, without repeats.

    Raises:
        ValueError: An unknown format, or none.
    """
    try:
        formats = list(dict.fromkeys(normalize_format(fmt) for fmt in values))
    except ConfigError as exc:
        raise ValueError(str(exc)) from None
    if not formats:
        raise ValueError(f"give at least one format: {', '.join(SUPPORTED_FORMATS)}")
    return formats


def _inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$defs`` references inlined (OpenAPI resolves components, not $defs)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.rsplit("/", 1)[1]])
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(schema)


_MULTIPART_SCHEMA = {
    "type": "object",
    "properties": {
        "files": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "Article files: .txt, .md, .html, .docx",
        },
        "text": {"type": "array", "items": {"type": "string"}, "description": "Pasted article text(s)"},
        "title": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Title of the text at the same position",
        },
        "outlet": {"type": "array", "items": {"type": "string"}},
        "author": {"type": "array", "items": {"type": "string"}},
        "published": {"type": "array", "items": {"type": "string"}},
        "url": {"type": "array", "items": {"type": "string"}},
        "sentences": {"type": "integer", "minimum": 1, "maximum": 50},
        "formats": {"type": "string", "description": "Comma-separated or repeated: docx, html, md, json"},
    },
}


# ------------------------------------------------------------------------------ app


def create_app(briefer: Briefer, config: ServeConfig | None = None) -> FastAPI:
    """The service: API, page and job queue over ``briefer`` (one model per process).

    The worker threads start and stop with the application (its lifespan).

    Args:
        briefer: The builder all jobs share.
        config: Limits, token, queue size and expiry (default :class:`ServeConfig`).
    """
    config = config or ServeConfig()
    jobs = JobQueue(
        briefer,
        capacity=config.queue_size,
        workers=config.workers,
        ttl_s=config.job_ttl_s,
        max_finished=config.max_finished,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs.start()
        try:
            yield
        finally:
            await run_in_threadpool(jobs.stop)

    app = FastAPI(
        title="briefing",
        version=__version__,
        summary="Arabic news articles in, side-by-side English/Arabic briefings out.",
        description=(
            "Submit articles (JSON or a multipart form), poll the job, download the briefing. "
            f"Finished briefings are kept {config.job_ttl_s / 60:g} minutes. "
            + ("Every /api/ request needs `Authorization: Bearer <token>`." if config.token else "")
        ),
        lifespan=lifespan,
    )
    app.state.jobs = jobs
    app.state.briefer = briefer
    app.state.config = config

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            {"error": exc.code, "message": exc.message}, status_code=exc.status, headers=exc.headers
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(
            {"error": code, "message": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(_validation_body(exc.errors()), status_code=422)

    def require_token(request: Request) -> None:
        if config.token is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip(), config.token):
            raise ApiError(
                401,
                "unauthorized",
                "this service needs a token: send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    authorized = [Depends(require_token)]

    # ---------------------------------------------------------------------- page

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        html = resources.files("briefing.serve").joinpath("static/index.html").read_bytes()
        return Response(
            html, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": _CSP}
        )

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in _STATIC:
            raise ApiError(404, "not_found", f"no static file {name!r}")
        data = resources.files("briefing.serve").joinpath(f"static/{name}").read_bytes()
        return Response(data, media_type=_STATIC[name], headers={"Cache-Control": "no-cache"})

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, Any]:
        """Liveness and state: model, queue, limits, whether a token is needed."""
        return {
            "status": "ok",
            "version": __version__,
            "translator": briefer.describe(),
            "jobs": jobs.counts(),
            "auth": config.token is not None,
            "limits": {
                "max_request_bytes": config.max_request_bytes,
                "max_articles": config.max_articles,
                "queue_size": config.queue_size,
                "job_ttl_s": config.job_ttl_s,
            },
            "formats": list(SUPPORTED_FORMATS),
        }

    # ----------------------------------------------------------------------- api

    @app.post(
        "/api/briefings",
        status_code=202,
        tags=["briefings"],
        dependencies=authorized,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": _inline_refs(BriefingRequest.model_json_schema())},
                    "multipart/form-data": {"schema": _MULTIPART_SCHEMA},
                },
            }
        },
        responses={
            202: {"description": "Accepted: poll the job"},
            401: {"description": "Token missing or wrong"},
            413: {"description": "Request too large"},
            422: {"description": "Invalid request (fields, formats, too many articles)"},
            503: {"description": "Queue full; retry after the Retry-After seconds"},
        },
    )
    async def submit(request: Request) -> JSONResponse:
        """Queue a briefing: JSON `{"articles": [{"text", "title"?, ...}], "sentences"?, "formats"?}`
        or a multipart form with `files` and/or `text` fields."""
        body = await _read_body(request, config.max_request_bytes)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        workdir: Path | None = None
        names: dict[str, str] = {}
        if content_type == "application/json":
            inputs, sentences, formats = _from_json(body, config)
        elif content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            workdir = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
            try:
                inputs, sentences, formats, names = await _from_form(request, body, config, workdir)
            except BaseException:
                await run_in_threadpool(_remove, workdir)
                raise
            if not names:  # text fields only: nothing was saved
                await run_in_threadpool(_remove, workdir)
                workdir = None
        else:
            raise ApiError(
                415,
                "unsupported_media_type",
                "send application/json or multipart/form-data (or a url-encoded form), "
                f"not {content_type or 'no content type'}",
            )
        try:
            job = jobs.submit(inputs, formats=formats, sentences=sentences, names=names, workdir=workdir)
        except QueueFullError as exc:
            if workdir is not None:
                await run_in_threadpool(_remove, workdir)
            raise ApiError(503, "queue_full", str(exc), headers={"Retry-After": "30"}) from None
        location = f"/api/briefings/{job.id}"
        return JSONResponse(
            {"id": job.id, "status": job.status, "url": location},
            status_code=202,
            headers={"Location": location},
        )

    @app.get("/api/briefings/{job_id}", tags=["briefings"], dependencies=authorized)
    def status(job_id: str) -> dict[str, Any]:
        """Status (queued, running, done, failed), progress; the result when done, the error if failed."""
        return jobs.describe(_job(jobs, job_id, config))

    @app.get(
        "/api/briefings/{job_id}/briefing.{fmt}",
        tags=["briefings"],
        dependencies=authorized,
        response_class=Response,
        responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()}}},
    )
    def download(job_id: str, fmt: str) -> Response:
        """The briefing as a file: docx, html, md or json (409 while not done)."""
        if fmt not in SUPPORTED_FORMATS:
            raise ApiError(
                404, "not_found", f"no format {fmt!r}; choose one of {', '.join(SUPPORTED_FORMATS)}"
            )
        job = _job(jobs, job_id, config)
        if job.status != "done":
            detail = f": {job.error}" if job.error else ""
            raise ApiError(409, "not_ready", f"briefing {job_id} is {job.status}{detail}")
        data = jobs.file(job, fmt)
        if data is None:  # expired between the two calls
            raise ApiError(404, "not_found", f"briefing {job_id} has expired")
        return Response(
            data,
            media_type=MEDIA_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="briefing-{job_id[:8]}.{fmt}"'},
        )

    return app


# ---------------------------------------------------------------------------- helpers


def _job(jobs: JobQueue, job_id: str, config: ServeConfig) -> Any:
    job = jobs.get(job_id)
    if job is None:
        raise ApiError(
            404,
            "not_found",
            f"no briefing {job_id!r}: unknown, or expired (finished briefings are kept "
            f"{config.job_ttl_s / 60:g} minutes)",
        )
    return job


def _validation_body(errors: Any) -> dict[str, Any]:
    details = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ()) if part != "body"),
            "message": error.get("msg"),
        }
        for error in errors
    ]
    summary = "; ".join(f"{d['field'] or 'request'}: {d['message']}" for d in details[:5])
    return {"error": "invalid_request", "message": summary, "details": details}


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it is known to exceed ``limit``."""
    too_large = ApiError(
        413,
        "too_large",
        f"request larger than {limit / 1e6:,.1f} MB; send fewer or smaller articles per request",
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _too_many(count: int, config: ServeConfig) -> ApiError:
    return ApiError(
        422,
        "too_many_articles",
        f"{count} articles in one request; at most {config.max_articles}: split them into several briefings",
    )


def _from_json(body: bytes, config: ServeConfig) -> tuple[list[InputItem], int | None, list[str]]:
    try:
        request = BriefingRequest.model_validate_json(body)
    except ValidationError as exc:
        raise ApiError(422, "invalid_request", _validation_body(exc.errors())["message"]) from None
    if len(request.articles) > config.max_articles:
        raise _too_many(len(request.articles), config)
    inputs: list[InputItem] = [ArticleText(**article.model_dump()) for article in request.articles]
    return inputs, request.sentences, request.formats


async def _from_form(
    request: Request, body: bytes, config: ServeConfig, workdir: Path
) -> tuple[list[InputItem], int | None, list[str], dict[str, str]]:
    from starlette.datastructures import UploadFile

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, receive=replay).form(
            max_files=config.max_articles + 1,
            max_fields=config.max_articles * 8 + 10,
            max_part_size=config.max_request_bytes,
        )
    except StarletteHTTPException as exc:
        raise ApiError(422, "invalid_request", f"malformed multipart form: {exc.detail}") from None
    try:
        known = {
            "files",
            "text",
            "title",
            "outlet",
            "author",
            "published",
            "url",
            "id",
            "sentences",
            "formats",
        }
        unknown = sorted(set(form.keys()) - known)
        if unknown:
            raise ApiError(
                422,
                "invalid_request",
                f"unknown form field(s) {', '.join(unknown)}; use {', '.join(sorted(known))}",
            )

        inputs: list[InputItem] = []
        names: dict[str, str] = {}
        uploads = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
        # Metadata fields pair with the text field at the same position; empty texts are ignored.
        texts = [(index, value) for index, value in enumerate(form.getlist("text")) if isinstance(value, str)]
        texts = [(index, value) for index, value in texts if value.strip()]
        if len(uploads) + len(texts) > config.max_articles:
            raise _too_many(len(uploads) + len(texts), config)
        for number, upload in enumerate(uploads, start=1):
            name = _safe_name(upload.filename, number)
            folder = workdir / str(number)
            data = await upload.read()
            path = folder / name
            await run_in_threadpool(_save, path, data)
            names[str(path)] = name
            inputs.append(path)
        meta = {
            key: [v if isinstance(v, str) else "" for v in form.getlist(key)]
            for key in ("title", "outlet", "author", "published", "url", "id")
        }
        for index, text in texts:
            fields = {
                key: (values[index].strip() or None) if index < len(values) else None
                for key, values in meta.items()
            }
            inputs.append(ArticleText(text=text, **fields))
        if not inputs:
            raise ApiError(
                422, "invalid_request", "no article: add files (field 'files') or text (field 'text')"
            )

        sentences: int | None = None
        raw = form.get("sentences")
        if isinstance(raw, str) and raw.strip():
            if not raw.strip().isdigit() or not 1 <= int(raw) <= 50:
                raise ApiError(422, "invalid_request", f"sentences: a whole number from 1 to 50, got {raw!r}")
            sentences = int(raw)
        values = [value for value in form.getlist("formats") if isinstance(value, str)]
        try:
            formats = _formats(
                [part for value in values for part in value.split(",") if part.strip()] or ["docx"]
            )
        except ValueError as exc:
            raise ApiError(422, "invalid_request", f"formats: {exc}") from None
    finally:
        await form.close()
    return inputs, sentences, formats, names


def _safe_name(filename: str | None, number: int) -> str:
    """The uploaded file's base name, safe to create (suffix kept), or ``upload-N``."""
    base = Path((filename or "").replace("\\", "/")).name
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    if not base:
        return f"upload-{number}"
    stem, dot, suffix = base.rpartition(".")
    if dot and len(base) > 120:
        return f"{stem[: 110 - len(suffix)]}.{suffix}"
    return base[:120]


def _save(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
