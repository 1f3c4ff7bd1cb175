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
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from briefing._version import __version__
from briefing.briefer import Briefer
from briefing.compose import SUPPORTED_FORMATS, normalize_format
from briefing.errors import ConfigError
from briefing.ingest.inputs import format_of, unsupported_reason
from briefing.ingest.textinput import ArticleText, InputItem
from briefing.serve.jobs import Job, JobQueue, QueueFullError
from briefing.serve.security import HostPolicy, SecurityMiddleware, token_matches
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
# A downloaded briefing is an attachment; if a browser shows it anyway, its own inline style
# may apply and nothing else (the HTML briefing carries the same policy, by hash, in a <meta>).
_DOWNLOAD_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
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
    one_event: bool = Field(
        False,
        description="The articles all report one story: the overview compares them as one event "
        "instead of grouping them by meaning and date (as --one-event).",
    )
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
        "one_event": {"type": "boolean", "description": "The articles all report one story (as --one-event)"},
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
    app = FastAPI(
        title="briefing",
        version=__version__,
        summary="Arabic news articles in, side-by-side English/Arabic briefings out.",
        description=(
            "Submit articles (JSON or a multipart form), poll the job, download the briefing. "
            f"Finished briefings are kept {config.job_ttl_s / 60:g} minutes. "
            + ("Every /api/ request needs `Authorization: Bearer <token>`." if config.token else "")
        ),
        lifespan=_lifespan,
    )
    # The routes below are module functions shared by every app: they find the app's own
    # queue, builder and limits here.
    app.state.jobs = JobQueue(
        briefer,
        capacity=config.queue_size,
        workers=config.workers,
        ttl_s=config.job_ttl_s,
        max_finished=config.max_finished,
    )
    app.state.briefer = briefer
    app.state.config = config
    app.exception_handler(ApiError)(_api_error)
    app.exception_handler(StarletteHTTPException)(_http_error)
    app.exception_handler(RequestValidationError)(_invalid)
    app.exception_handler(ClientDisconnect)(_disconnected)
    app.include_router(router)
    app.add_middleware(SecurityMiddleware, hosts=HostPolicy(config.bind_host, config.allowed_hosts))
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Run the job queue's worker threads while the application runs."""
    jobs = _jobs(app)
    jobs.start()
    try:
        yield
    finally:
        await run_in_threadpool(jobs.stop)


def _jobs(app: FastAPI) -> JobQueue:
    """The job queue of ``app`` (set by :func:`create_app`)."""
    jobs: JobQueue = app.state.jobs
    return jobs


def _config(app: FastAPI) -> ServeConfig:
    """The limits of ``app`` (set by :func:`create_app`)."""
    config: ServeConfig = app.state.config
    return config


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    """Answer an :class:`ApiError` as its JSON body."""
    return JSONResponse(
        {"error": exc.code, "message": exc.message}, status_code=exc.status, headers=exc.headers
    )


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Answer the framework's own errors (unknown path, wrong method) in the same JSON shape."""
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return JSONResponse(
        {"error": code, "message": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
    )


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Answer a request the framework could not validate."""
    return JSONResponse(_validation_body(exc.errors()), status_code=422)


async def _disconnected(request: Request, exc: ClientDisconnect) -> Response:
    """One log line for a client that went away before its request was read (no traceback)."""
    client = f"{request.client.host}:{request.client.port}" if request.client else "a client"
    log.warning("%s disconnected before its %s %s was read", client, request.method, request.url.path)
    return Response(status_code=400)  # nobody is listening; uvicorn drops it


def _authorized(request: Request) -> bool:
    """True when the service needs no token or the request carries the right one."""
    token = _config(request.app).token
    return token is None or token_matches(request.headers.get("authorization", ""), token)


def require_token(request: Request) -> None:
    """Refuse an ``/api/`` request without the service's bearer token (when one is set)."""
    if not _authorized(request):
        raise ApiError(
            401,
            "unauthorized",
            "this service needs a token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


router = APIRouter()
_AUTHORIZED = [Depends(require_token)]

# -------------------------------------------------------------------------- page


@router.get("/", include_in_schema=False)
def page() -> Response:
    html = resources.files("briefing.serve").joinpath("static/index.html").read_bytes()
    return Response(html, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": _CSP})


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    if name not in _STATIC:
        raise ApiError(404, "not_found", f"no static file {name!r}")
    data = resources.files("briefing.serve").joinpath(f"static/{name}").read_bytes()
    return Response(data, media_type=_STATIC[name], headers={"Cache-Control": "no-cache"})


@router.get("/healthz", tags=["service"])
def healthz(request: Request) -> dict[str, Any]:
    """Liveness and state: model, queue, limits, whether a token is needed.

    With a token set, a request without it learns only that the service is up and needs one.
    """
    config = _config(request.app)
    if not _authorized(request):
        return {"status": "ok", "auth": True}
    return {
        "status": "ok",
        "version": __version__,
        "translator": request.app.state.briefer.describe(),
        "jobs": _jobs(request.app).counts(),
        "auth": config.token is not None,
        "limits": {
            "max_request_bytes": config.max_request_bytes,
            "max_articles": config.max_articles,
            "queue_size": config.queue_size,
            "job_ttl_s": config.job_ttl_s,
        },
        "formats": list(SUPPORTED_FORMATS),
    }


# --------------------------------------------------------------------------- api


@router.post(
    "/api/briefings",
    status_code=202,
    tags=["briefings"],
    dependencies=_AUTHORIZED,
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
    config = _config(request.app)
    body = await _read_body(request, config.max_request_bytes)
    submission = await _parse(request, body, config)
    job = await _enqueue(_jobs(request.app), submission)
    location = f"/api/briefings/{job.id}"
    return JSONResponse(
        {"id": job.id, "status": job.status, "url": location},
        status_code=202,
        headers={"Location": location},
    )


@router.get("/api/briefings/{job_id}", tags=["briefings"], dependencies=_AUTHORIZED)
def status(request: Request, job_id: str) -> dict[str, Any]:
    """Status (queued, running, done, failed), progress; the result when done, the error if failed."""
    jobs = _jobs(request.app)
    return jobs.describe(_job(jobs, job_id, _config(request.app)))


@router.get(
    "/api/briefings/{job_id}/briefing.{fmt}",
    tags=["briefings"],
    dependencies=_AUTHORIZED,
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()}}},
)
def download(request: Request, job_id: str, fmt: str) -> Response:
    """The briefing as a file: docx, html, md or json (409 while not done)."""
    if fmt not in SUPPORTED_FORMATS:
        raise ApiError(404, "not_found", f"no format {fmt!r}; choose one of {', '.join(SUPPORTED_FORMATS)}")
    jobs = _jobs(request.app)
    job = _job(jobs, job_id, _config(request.app))
    if job.status != "done":
        detail = f": {job.error}" if job.error else ""
        raise ApiError(409, "not_ready", f"briefing {job_id} is {job.status}{detail}")
    data = jobs.file(job, fmt)
    if data is None:  # expired between the two calls
        raise ApiError(404, "not_found", f"briefing {job_id} has expired")
    return Response(
        data,
        media_type=MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="briefing-{job_id[:8]}.{fmt}"',
            "Content-Security-Policy": _DOWNLOAD_CSP,
        },
    )


# ---------------------------------------------------------------------------- helpers


def _job(jobs: JobQueue, job_id: str, config: ServeConfig) -> Job:
    """The job ``job_id``, or 404 when it is unknown or expired."""
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
    """The 422 body for pydantic's validation ``errors``: a summary and one entry per field."""
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


@dataclass(frozen=True, slots=True)
class _Submission:
    """What a request asks for: its articles, their length, the files to make.

    Attributes:
        names: Saved upload path -> the name the client gave it.
        workdir: Folder of the saved uploads (None when there are none).
    """

    inputs: list[InputItem]
    sentences: int | None
    formats: list[str]
    one_event: bool = False
    names: dict[str, str] = field(default_factory=dict)
    workdir: Path | None = None


_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


async def _parse(request: Request, body: bytes, config: ServeConfig) -> _Submission:
    """The submission in ``body``, read as its content type says (JSON or a form), or 415."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        return _from_json(body, config)
    if content_type in _FORM_TYPES:
        return await _from_upload(request, body, config)
    raise ApiError(
        415,
        "unsupported_media_type",
        "send application/json or multipart/form-data (or a url-encoded form), "
        f"not {content_type or 'no content type'}",
    )


async def _enqueue(jobs: JobQueue, submission: _Submission) -> Job:
    """Queue ``submission``, or 503 (and its uploads removed) when the queue is full."""
    try:
        return jobs.submit(
            submission.inputs,
            formats=submission.formats,
            sentences=submission.sentences,
            one_event=submission.one_event,
            names=submission.names,
            workdir=submission.workdir,
        )
    except QueueFullError as exc:
        if submission.workdir is not None:
            await run_in_threadpool(_remove, submission.workdir)
        raise ApiError(503, "queue_full", str(exc), headers={"Retry-After": "30"}) from None


def _too_many(count: int, config: ServeConfig) -> ApiError:
    """The 422 for a request of ``count`` articles, over the limit."""
    return ApiError(
        422,
        "too_many_articles",
        f"{count} articles in one request; at most {config.max_articles}: split them into several briefings",
    )


def _from_json(body: bytes, config: ServeConfig) -> _Submission:
    """The submission of a JSON request, or 422."""
    try:
        request = BriefingRequest.model_validate_json(body)
    except ValidationError as exc:
        raise ApiError(422, "invalid_request", _validation_body(exc.errors())["message"]) from None
    if len(request.articles) > config.max_articles:
        raise _too_many(len(request.articles), config)
    inputs: list[InputItem] = [ArticleText(**article.model_dump()) for article in request.articles]
    return _Submission(inputs, request.sentences, request.formats, request.one_event)


async def _from_upload(request: Request, body: bytes, config: ServeConfig) -> _Submission:
    """The submission of a form; uploaded files are saved in a folder of their own.

    The folder is removed again when the form is refused or holds no file.
    """
    workdir = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
    try:
        submission = await _from_form(request, body, config, workdir)
    except BaseException:
        await run_in_threadpool(_remove, workdir)
        raise
    if not submission.names:  # text fields only: nothing was saved
        await run_in_threadpool(_remove, workdir)
        return _Submission(submission.inputs, submission.sentences, submission.formats, submission.one_event)
    return submission


# Form fields; the metadata ones pair with the ``text`` field at the same position.
_META_FIELDS = ("title", "outlet", "author", "published", "url", "id")
_FORM_FIELDS = frozenset({"files", "text", *_META_FIELDS, "sentences", "formats", "one_event"})


async def _from_form(request: Request, body: bytes, config: ServeConfig, workdir: Path) -> _Submission:
    """The submission of a multipart (or url-encoded) form; uploads are saved under ``workdir``."""
    form = await _read_form(request, body, config)
    try:
        _reject_unknown_fields(form)
        uploads = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
        texts = _texts(form)
        if len(uploads) + len(texts) > config.max_articles:
            raise _too_many(len(uploads) + len(texts), config)
        _refuse_unsupported(uploads)
        saved = await _save_uploads(uploads, workdir)
        inputs: list[InputItem] = [path for path, _ in saved]
        inputs.extend(_text_articles(form, texts))
        if not inputs:
            raise ApiError(
                422, "invalid_request", "no article: add files (field 'files') or text (field 'text')"
            )
        names = {str(path): name for path, name in saved}
        return _Submission(
            inputs, _form_sentences(form), _form_formats(form), _form_one_event(form), names, workdir
        )
    finally:
        await form.close()


async def _read_form(request: Request, body: bytes, config: ServeConfig) -> FormData:
    """Parse the form in ``body`` (already read, and checked against the size limit)."""

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        return await Request(request.scope, receive=replay).form(
            max_files=config.max_articles + 1,
            max_fields=config.max_articles * 8 + 10,
            max_part_size=config.max_request_bytes,
        )
    except StarletteHTTPException as exc:
        raise ApiError(422, "invalid_request", f"malformed multipart form: {exc.detail}") from None


def _reject_unknown_fields(form: FormData) -> None:
    """422 for a field the service does not know (a typo would otherwise be ignored)."""
    unknown = sorted(set(form.keys()) - _FORM_FIELDS)
    if unknown:
        raise ApiError(
            422,
            "invalid_request",
            f"unknown form field(s) {', '.join(unknown)}; use {', '.join(sorted(_FORM_FIELDS))}",
        )


def _refuse_unsupported(uploads: list[UploadFile]) -> None:
    """415 at once for a file briefing does not read (a PDF), before anything is saved or queued.

    Accepted and left to fail in the job, it cost the editor a wait for a "skipped" line.
    """
    names = [_safe_name(upload.filename, number) for number, upload in enumerate(uploads, start=1)]
    refused = [f"{name}: {unsupported_reason(Path(name))}" for name in names if format_of(name) is None]
    if refused:
        raise ApiError(415, "unsupported_media_type", "; ".join(refused))


def _texts(form: FormData) -> list[tuple[int, str]]:
    """The pasted texts with their positions (for their metadata); empty texts are ignored."""
    texts = [(index, value) for index, value in enumerate(form.getlist("text")) if isinstance(value, str)]
    return [(index, value) for index, value in texts if value.strip()]


async def _save_uploads(uploads: list[UploadFile], workdir: Path) -> list[tuple[Path, str]]:
    """Save each upload in a numbered folder of ``workdir``: ``(path, name the client gave)``."""
    saved: list[tuple[Path, str]] = []
    for number, upload in enumerate(uploads, start=1):
        name = _safe_name(upload.filename, number)
        data = await upload.read()
        path = workdir / str(number) / name
        await run_in_threadpool(_save, path, data)
        saved.append((path, name))
    return saved


def _text_articles(form: FormData, texts: list[tuple[int, str]]) -> list[ArticleText]:
    """One article per pasted text, with the metadata fields at its position."""
    meta = {key: [v if isinstance(v, str) else "" for v in form.getlist(key)] for key in _META_FIELDS}
    return [
        ArticleText(
            text=text,
            **{
                key: (values[index].strip() or None) if index < len(values) else None
                for key, values in meta.items()
            },
        )
        for index, text in texts
    ]


def _form_sentences(form: FormData) -> int | None:
    """The ``sentences`` field: None when empty, else a whole number from 1 to 50 (422 otherwise)."""
    raw = form.get("sentences")
    if not isinstance(raw, str) or not raw.strip():
        return None
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 50:
        raise ApiError(422, "invalid_request", f"sentences: a whole number from 1 to 50, got {raw!r}")
    return int(raw)


def _form_one_event(form: FormData) -> bool:
    """The ``one_event`` field: a checkbox's ``on``, or true/false, yes/no, 1/0 (422 otherwise)."""
    raw = form.get("one_event")
    if not isinstance(raw, str) or not raw.strip():
        return False
    value = raw.strip().lower()
    if value in ("on", "true", "yes", "1"):
        return True
    if value in ("off", "false", "no", "0"):
        return False
    raise ApiError(422, "invalid_request", f"one_event: true or false, got {raw!r}")


def _form_formats(form: FormData) -> list[str]:
    """The ``formats`` fields (repeated or comma-separated; default docx), or 422."""
    values = [value for value in form.getlist("formats") if isinstance(value, str)]
    try:
        return _formats([part for value in values for part in value.split(",") if part.strip()] or ["docx"])
    except ValueError as exc:
        raise ApiError(422, "invalid_request", f"formats: {exc}") from None


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
    """Write ``data`` to ``path``, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _remove(folder: Path) -> None:
    """Delete ``folder`` and what it holds, if it is still there."""
    shutil.rmtree(folder, ignore_errors=True)
