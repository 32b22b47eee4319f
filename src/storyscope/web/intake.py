"""Adding articles from the browser: uploads, pasted text and URLs (pages and API).

A POST only accepts the work: uploads are copied, under names the server makes up, into
a private temporary directory, and a job is queued. One background thread per app runs
the jobs one after another: each input goes through the normal ingest on its own (so a
bad one costs nothing already stored), then new articles are placed into stories
(incremental clustering). ``/add/jobs/{id}`` and ``/api/jobs/{id}`` show the progress.

Every POST here is guarded against cross-site requests (``csrf.py``).
"""

from __future__ import annotations

import os
import queue
import re
import secrets
import shutil
import tempfile
import threading
import unicodedata
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from .. import library
from ..config import Settings, load_settings
from ..errors import TooLarge, UnsupportedInput
from ..ingest.dispatch import read_bytes
from ..ingest.fetch import fetch_documents, parse_networks
from ..ingest.sidecar import apply_overrides
from ..model import Failure, ProcessedArticle, RawDocument
from ..normalize.html import DEFAULT_MAX_HTML_CHARS as MAX_PASTED_CHARS
from ..store import Store
from .csrf import CSRF_FIELD, cross_site, csrf_token, missing_token
from .errors import error_response
from .form_end import CUT_SHORT, watched
from .templating import render

router = APIRouter()

TOTAL_FACTOR = 4  # a request may carry up to this many max-size files
MAX_FILES = 100
KEPT_JOBS = 100  # finished jobs remembered for their pages
COPY_CHUNK = 1 << 20
PASTED = "pasted text"
PASTE_FIELDS = ("title", "outlet", "url", "published", "author")
NOTHING = "nothing to add: choose files or paste a text"
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="The id a POST answered with.")]
_setup_lock = threading.Lock()


# ---------------------------------------------------------------- state of one app

@dataclass
class Job:
    id: str
    inputs: list[tuple[str, Any]]  # (label, what to read: a saved path, a document, a URL, a Failure)
    directory: str | None = None  # the private copy of the uploads, removed when done
    state: str = "queued"  # queued | running | clustering | done
    done: int = 0
    added: int = 0
    unchanged: int = 0
    new_versions: int = 0
    articles: list[dict] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_dict(self) -> dict:
        with self.lock:
            return {
                "id": self.id, "state": self.state, "total": len(self.inputs), "done": self.done,
                "inputs": [label for label, _ in self.inputs],
                "stored": self.added + self.unchanged + self.new_versions, "added": self.added,
                "unchanged": self.unchanged, "new_versions": self.new_versions,
                "articles": [dict(a) for a in self.articles],
                "failures": [{"source": f.source, "code": f.code, "reason": f.reason} for f in self.failures],
                "error": self.error,
                "page": f"/add/jobs/{self.id}", "status": f"/api/jobs/{self.id}",
            }


class Intake:
    """The settings, private upload directory, jobs and worker of one app."""

    def __init__(self, db: str, settings: Settings, *, max_total_bytes: int | None = None,
                 allow_networks: str | Iterable[str] | None = None, fetch_options: dict | None = None):
        self.db = db
        self.settings = settings
        self.max_total_bytes = max_total_bytes or TOTAL_FACTOR * settings.max_bytes
        allowed = settings.allow_networks if allow_networks is None else allow_networks
        self.fetch_options = {"max_bytes": settings.max_bytes, "allow": parse_networks(allowed),
                              **(fetch_options or {})}
        self.root = tempfile.mkdtemp(prefix="storyscope-uploads-")  # mode 0700: this user only
        weakref.finalize(self, shutil.rmtree, self.root, ignore_errors=True)
        self.jobs: dict[str, Job] = {}
        self.queue: queue.Queue[Job] = queue.Queue()
        self.lock = threading.Lock()
        self.worker: threading.Thread | None = None

    def submit(self, job: Job) -> None:
        with self.lock:
            finished = [j for j in self.jobs.values() if j.state == "done"]
            for old in finished[: max(0, len(self.jobs) - KEPT_JOBS + 1)]:
                del self.jobs[old.id]
            self.jobs[job.id] = job
            if self.worker is None or not self.worker.is_alive():
                self.worker = threading.Thread(target=self._work, name="storyscope-intake", daemon=True)
                self.worker.start()
        self.queue.put(job)

    def _work(self) -> None:
        while True:
            job = self.queue.get()
            try:
                run_job(job, self.db, self.settings, self.fetch_options)
            finally:
                self.queue.task_done()


def configure(app, settings: Settings | None = None, **options) -> Intake:
    """Set up adding articles for ``app`` (``options`` as ``Intake``); done on first use otherwise,
    with the loaded settings."""
    intake = Intake(app.state.db, settings or load_settings(), **options)
    app.state.intake = intake
    return intake


def intake_of(request: Request) -> Intake:
    intake = getattr(request.app.state, "intake", None)
    if intake is None:
        with _setup_lock:
            intake = getattr(request.app.state, "intake", None) or configure(request.app)
    return intake


# ---------------------------------------------------------------- the work

def run_job(job: Job, db: str, settings: Settings, fetch_options: dict) -> None:
    """Ingest each input on its own, then place the new articles into stories."""
    with job.lock:
        job.state = "running"

    def on_outcome(outcome: ProcessedArticle | Failure) -> None:
        with job.lock:
            if isinstance(outcome, Failure):
                job.failures.append(outcome)
            else:
                a = outcome.article
                job.articles.append({"id": a.id, "title": a.title, "outlet": a.outlet, "url": a.url,
                                     "source": a.source, "story": None})

    try:
        for label, what in job.inputs:
            try:
                summary = library.ingest_items(_documents(label, what, settings, fetch_options), db,
                                               workers=1, settings=settings, on_outcome=on_outcome)
                with job.lock:
                    job.added += summary.added
                    job.unchanged += summary.unchanged
                    job.new_versions += summary.new_versions
            except Exception as exc:  # noqa: BLE001 - one input must not end the job
                on_outcome(Failure(label, getattr(exc, "code", "error"), f"could not be stored ({type(exc).__name__})"))
            with job.lock:
                job.done += 1
        if job.articles:
            with job.lock:
                job.state = "clustering"
            # in this process, as the upload's analysis: a job does not start a Dask cluster
            library.cluster_stories(db, incremental=True, executor="local", settings=settings)
            with Store.open(db) as store:  # a page stored before keeps the story it had: not among those placed
                story_of = store.story_holders([a["id"] for a in job.articles])
            with job.lock:
                for a in job.articles:
                    a["story"] = story_of.get(a["id"])
    except Exception as exc:  # noqa: BLE001 - shown on the job page instead of lost in a thread
        with job.lock:
            job.error = f"the job stopped: {type(exc).__name__}"
    finally:
        if job.directory:
            shutil.rmtree(job.directory, ignore_errors=True)
        with job.lock:
            job.state = "done"


def _documents(label: str, what: Any, settings: Settings, fetch_options: dict) -> Iterator[RawDocument | Failure]:
    """The documents of one job input (reading happens here, in the worker)."""
    if isinstance(what, (Failure, RawDocument)):
        yield what
    elif isinstance(what, Upload):
        with open(what.path, "rb") as handle:
            data = handle.read(settings.max_bytes + 1)
        yield from read_bytes(label, data, name=label, max_bytes=settings.max_bytes)
    else:
        yield from fetch_documents(what, **fetch_options)


@dataclass(frozen=True)
class Upload:
    path: str  # under the job's private directory, named by the server


def display_name(client_name: str | None) -> str:
    """The client's file name as a label: its last path part, printable, at most 100 characters;
    it only labels the upload and hints at its format (the extension)."""
    name = re.split(r"[/\\]", client_name or "")[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if c.isprintable() and c not in "<>:\"|?*")
    name = name.strip(" .")[-100:].strip(" .")
    return name or "upload"


def save_upload(upload: UploadFile, directory: str, index: int, max_bytes: int) -> Upload | Failure:
    """Copy one uploaded file into ``directory`` under a generated name, refusing it when over
    ``max_bytes``."""
    label = display_name(upload.filename)
    path = os.path.join(directory, f"upload-{index:04d}-{secrets.token_hex(8)}")
    size = 0
    with open(path, "xb") as out:
        upload.file.seek(0)
        while chunk := upload.file.read(COPY_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                break
            out.write(chunk)
    if size > max_bytes:
        os.remove(path)
        return Failure(label, TooLarge.code, f"over the {max_bytes}-byte limit per file; not stored")
    return Upload(path)


def pasted_document(text: str, fields: dict[str, str]) -> RawDocument | Failure:
    """Pasted text read like a file, then the given title, outlet, address, date and author."""
    given = {k: v.strip() for k, v in fields.items() if k in PASTE_FIELDS and v and v.strip()}
    label = given.get("title") or PASTED
    url = given.get("url")
    if url and not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        return Failure(label, UnsupportedInput.code, "the address must be an http or https URL; not stored")
    if len(text) > MAX_PASTED_CHARS:  # before any parsing: a parser's time grows with the text
        return Failure(label, TooLarge.code, f"over the {MAX_PASTED_CHARS}-character limit for a pasted text; not stored")
    documents = list(read_bytes(label, text.encode("utf-8"), name="pasted.txt"))
    if len(documents) != 1 or isinstance(documents[0], Failure):
        failures = [d for d in documents if isinstance(d, Failure)]
        return failures[0] if failures else Failure(label, UnsupportedInput.code,
                                                     f"holds {len(documents)} articles; paste one at a time")
    return apply_overrides(documents[0], given)


# ---------------------------------------------------------------- guards

def too_big(request: Request) -> Response | None:
    """A request body is read only when it states a length within the total cap."""
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        return error_response(request, 411, "the request must state its Content-Length")
    limit = intake_of(request).max_total_bytes
    if int(declared) > limit:
        return error_response(request, 413, f"the request is over the {limit}-byte limit for one submission")
    return None


async def _accept_form(request: Request) -> Job | Response:
    """Files and/or pasted text of a multipart or urlencoded form, as a queued job; or the refusal."""
    refused = cross_site(request) or too_big(request)
    if refused:
        return refused
    intake = intake_of(request)
    max_bytes = intake.settings.max_bytes
    form_request, body_end = watched(request)
    async with form_request.form(max_files=MAX_FILES, max_fields=20, max_part_size=max_bytes) as form:
        refused = missing_token(request, form.get(CSRF_FIELD))
        if refused:
            return refused
        if body_end is not None and not body_end.seen:
            return error_response(request, 400, CUT_SHORT)
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
        text = form.get("text")
        text = text if isinstance(text, str) and text.strip() else None
        if not uploads and text is None:
            return error_response(request, 400, NOTHING)
        job = Job(secrets.token_hex(8), [])
        # copying and parsing run in threads: nothing heavy on the event loop other clients wait on
        if uploads:
            job.directory = tempfile.mkdtemp(prefix="job-", dir=intake.root)
            for index, upload in enumerate(uploads):
                saved = await run_in_threadpool(save_upload, upload, job.directory, index, max_bytes)
                job.inputs.append((display_name(upload.filename), saved))
        if text is not None:
            fields = {k: v for k in PASTE_FIELDS if isinstance(v := form.get(k), str)}
            document = await run_in_threadpool(pasted_document, text, fields)
            job.inputs.append((document.source, document))
    intake.submit(job)
    return job


def _url_job(request: Request, url: str) -> Job:
    url = url.strip()
    job = Job(secrets.token_hex(8), [(url[:2000], url)])
    intake_of(request).submit(job)
    return job


def _job(request: Request, job_id: str) -> Job | None:
    return intake_of(request).jobs.get(job_id)


# ---------------------------------------------------------------- pages

@router.get("/add", response_class=HTMLResponse, include_in_schema=False)
def add_page(request: Request) -> HTMLResponse:
    return _add_page(request)


def _add_page(request: Request, message: str | None = None, status: int = 200) -> HTMLResponse:
    intake = intake_of(request)
    with intake.lock:
        recent = list(reversed(intake.jobs.values()))[:10]
    return HTMLResponse(render("add.html", csrf=csrf_token(request), field=CSRF_FIELD, message=message,
                               max_bytes=intake.settings.max_bytes, max_total=intake.max_total_bytes,
                               jobs=[j.as_dict() for j in recent]), status_code=status)


@router.post("/add", include_in_schema=False)
async def add_submit(request: Request) -> Response:
    accepted = await _accept_form(request)
    if isinstance(accepted, Job):
        return RedirectResponse(f"/add/jobs/{accepted.id}", status_code=303)
    return _add_page(request, NOTHING, 400) if accepted.status_code == 400 else accepted


@router.post("/add/url", include_in_schema=False)
async def add_url_submit(request: Request) -> Response:
    refused = cross_site(request) or too_big(request)
    if refused:
        return refused
    form = await request.form(max_files=0, max_fields=5, max_part_size=10_000)
    refused = missing_token(request, form.get(CSRF_FIELD))
    if refused:
        return refused
    url = form.get("url")
    if not isinstance(url, str) or not url.strip():
        return _add_page(request, "give the address of a page to fetch", 400)
    return RedirectResponse(f"/add/jobs/{_url_job(request, url).id}", status_code=303)


@router.get("/add/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, job_id: JobId) -> HTMLResponse:
    job = _job(request, job_id)
    if job is None:
        return error_response(request, 404, "no such job (jobs are forgotten when the server restarts)")
    data = job.as_dict()
    headers = {"Refresh": "1"} if data["state"] != "done" else {}  # besides the page's meta refresh
    return HTMLResponse(render("add_job.html", job=data), headers=headers)


# ---------------------------------------------------------------- API

_MULTIPART = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object",
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                   "text": {"type": "string", "description": "A pasted article."},
                   **{k: {"type": "string", "description": f"The pasted article's {k}."} for k in PASTE_FIELDS}},
}}}}}


@router.post("/api/articles", tags=["api"], status_code=202, openapi_extra=_MULTIPART,
             responses={403: {"description": "cross-site request or missing CSRF token"},
                        413: {"description": "the request is over the total size limit"}})
async def api_add(request: Request) -> JSONResponse:
    """Add uploaded files (any format ``storyscope ingest`` reads) and/or a pasted text; the work
    runs in the background: follow ``status``. Needs the ``X-CSRF-Token`` header."""
    accepted = await _accept_form(request)
    return JSONResponse(accepted.as_dict(), status_code=202) if isinstance(accepted, Job) else accepted


@router.post("/api/articles/url", tags=["api"], status_code=202,
             responses={403: {"description": "cross-site request or missing CSRF token"}})
def api_add_url(request: Request, url: Annotated[str, Body(embed=True, max_length=2000,
                                                           description="An http or https address.")]) -> JSONResponse:
    """Fetch a page (public addresses only, redirects checked, size and time bounded) and add it;
    the work runs in the background: follow ``status``. Needs the ``X-CSRF-Token`` header."""
    refused = cross_site(request) or missing_token(request)
    return refused or JSONResponse(_url_job(request, url).as_dict(), status_code=202)


@router.get("/api/jobs/{job_id}", tags=["api"])
def api_job(request: Request, job_id: JobId) -> dict:
    """A job's state: inputs done out of ``total``, articles stored (with their stories once
    ``state`` is ``done``), failures with their reasons."""
    job = _job(request, job_id)
    if job is None:
        return error_response(request, 404, "no such job")
    return job.as_dict()
