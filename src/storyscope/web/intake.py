"""Adding articles from the browser: uploads, pasted text and URLs (pages and API).

A POST only accepts the work: uploads are copied, under names the server makes up, into
the private spool directory (``spool.py``), and a job is queued and kept in the store. One
background thread per app runs the jobs one after another, in submission order: each input
goes through the normal ingest on its own (so a bad one costs nothing already stored), then
new articles are placed into stories (incremental clustering). The job's progress is saved
after each input, so a server stopped mid-job resumes it on start from the input it was
reading (ingest stores an article once, however often it is read). The queue is bounded
(``queue_jobs`` waiting jobs, ``queue_bytes`` in the spool): past it a POST is answered 503
with Retry-After before any byte of it is read. ``/add/jobs`` and ``/api/jobs`` list the jobs,
``/add/jobs/{id}`` and ``/api/jobs/{id}`` show one.

Every POST here is guarded against cross-site requests (``csrf.py``).
"""

from __future__ import annotations

import json
import os
import queue
import re
import secrets
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path as FsPath
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
from . import spool
from .csrf import CSRF_FIELD, cross_site, csrf_token, missing_token
from .errors import error_response
from .form_end import CUT_SHORT, watched
from .templating import render

router = APIRouter()

TOTAL_FACTOR = 4  # a request may carry up to this many max-size files
MAX_FILES = 100
KEPT_JOBS = 100  # finished jobs remembered (in the store) for their pages and the listing
RESUMES = 3  # a job stopped by this many restarts is reported failed instead of run again
RETRY_AFTER_S = 30  # what a 503 for a full queue tells the client to wait
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
    spool: str | None = None  # the identity of the spool its files are in (spool.Slots.identity)
    slot: str | None = None  # the slot of the server that runs it
    resumed: int = 0  # times a restart stopped it and it was taken up again
    size: int = 0  # bytes its uploads hold in the spool
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
                "error": self.error, "resumed": self.resumed,
                "page": f"/add/jobs/{self.id}", "status": f"/api/jobs/{self.id}",
            }

    def record(self, root: FsPath) -> dict:
        """What the store keeps: the public view, plus what each input still to read is (paths
        relative to the spool, so it may move) and its upload directory."""
        data = self.as_dict()
        with self.lock:
            pending = self.state != "done"
            data["kept"] = [_input_record(label, what, root) if pending else {"label": label}
                            for label, what in self.inputs]
            data["directory"] = os.path.relpath(self.directory, root) if self.directory and pending else None
            data["size"] = self.size
            data["spool"], data["slot"] = self.spool, self.slot
        return data

    @classmethod
    def from_record(cls, data: dict, root: FsPath) -> Job:
        return cls(data["id"], [_input_of(kept, root) for kept in data["kept"]],
                   directory=str(root / data["directory"]) if data.get("directory") else None,
                   state=data["state"], done=data["done"], added=data["added"], unchanged=data["unchanged"],
                   new_versions=data["new_versions"], articles=data["articles"],
                   failures=[Failure(**f) for f in data["failures"]], error=data["error"],
                   spool=data.get("spool"), slot=data.get("slot"),
                   resumed=data.get("resumed", 0), size=data.get("size", 0))


LOST = "its uploaded copy was gone when the job resumed (the spool was cleared); not stored"


def _input_record(label: str, what: Any, root: FsPath) -> dict:
    if isinstance(what, Upload):
        return {"label": label, "upload": os.path.relpath(what.path, root)}
    if isinstance(what, KeptDocument):
        return {"label": label, "document": os.path.relpath(what.path, root)}
    if isinstance(what, Failure):
        return {"label": label, "failure": asdict(what)}
    if isinstance(what, str):
        return {"label": label, "url": what}
    raise TypeError(f"a job input of type {type(what).__name__} cannot be kept")


def _input_of(kept: dict, root: FsPath) -> tuple[str, Any]:
    label = kept["label"]
    if "upload" in kept:
        path = root / kept["upload"]
        return label, Upload(str(path)) if path.is_file() else Failure(label, "error", LOST)
    if "document" in kept:
        path = root / kept["document"]
        return label, KeptDocument(str(path)) if path.is_file() else Failure(label, "error", LOST)
    if "failure" in kept:
        return label, Failure(**kept["failure"])
    return label, kept.get("url")  # None once the job is done: only the label is kept


class Intake:
    """The settings, spool directory, jobs (kept in the store) and worker of one app."""

    def __init__(self, db: str, settings: Settings, *, max_total_bytes: int | None = None,
                 allow_networks: str | Iterable[str] | None = None, fetch_options: dict | None = None):
        self.db = db
        self.settings = settings
        self.max_total_bytes = max_total_bytes or TOTAL_FACTOR * settings.max_bytes
        allowed = settings.allow_networks if allow_networks is None else allow_networks
        self.fetch_options = {"max_bytes": settings.max_bytes, "allow": parse_networks(allowed),
                              **(fetch_options or {})}
        self.location = FsPath(settings.spool) if settings.spool else spool.default_location(db)
        self.store = Store.open(db)
        self.jobs: dict[str, Job] = {}  # the jobs not done, and those finished since the start
        self.queue: queue.Queue[Job] = queue.Queue()
        self.lock = threading.Lock()
        self.receiving = 0  # bytes of uploads being received, counted against the spool's bound
        self.worker: threading.Thread | None = None
        self.slots: spool.Slots | None = None
        self.started = False

    @property
    def root(self) -> str:
        """This server's slot of the spool, where new jobs keep their uploads."""
        return str(self.claim_slots().own)

    def claim_slots(self) -> spool.Slots:
        """The slots of the spool this server holds, claimed on first use."""
        with self.lock:
            if self.slots is None:
                self.slots = spool.Slots(spool.open_spool(self.location))
            return self.slots

    def start(self) -> None:
        """Take up the jobs left unfinished in the slots this server now holds (their server
        stopped), in submission order, and remove what those jobs do not own from the slots."""
        slots = self.claim_slots()
        with self.lock:
            if self.started:
                return
            self.started = True
        held = [data for data in self.store.unfinished_jobs()
                if data.get("spool") == slots.identity and data.get("slot") in slots.locks]
        waiting = [Job.from_record(data, self.location) for data in held]
        slots.clear(self._kept(waiting))
        for job in waiting:
            job.resumed += 1
            if job.resumed > RESUMES:
                with job.lock:
                    job.error = f"the job stopped: {job.resumed - 1} restarts of the server interrupted it"
                finish(job)
                self.save(job)
            else:
                with job.lock:
                    job.state = "queued"
                self._enqueue(job)

    def stop(self) -> None:
        """On a clean shutdown: keep only the uploads of jobs still waiting (resumed on start)."""
        with self.lock:
            waiting = [j for j in self.jobs.values() if j.state != "done"]
            slots, self.slots = self.slots, None
        if slots is not None:
            slots.clear(self._kept(waiting))
            slots.release()
        self.store.close()

    def _kept(self, jobs: Iterable[Job]) -> list[str]:
        """The spool entries (relative paths) these jobs own."""
        return [os.path.relpath(j.directory, self.location) for j in jobs if j.directory]

    def submit(self, job: Job) -> None:
        slots = self.claim_slots()
        job.spool, job.slot = slots.identity, slots.own.name
        keep_documents(job, self.root)
        job.size = spool.size_of(job.directory)
        self.save(job)
        self._enqueue(job)

    def _enqueue(self, job: Job) -> None:
        with self.lock:
            finished = [j for j in self.jobs.values() if j.state == "done"]
            for old in finished[: max(0, len(self.jobs) - KEPT_JOBS + 1)]:
                del self.jobs[old.id]
            self.jobs[job.id] = job
            if self.worker is None or not self.worker.is_alive():
                self.worker = threading.Thread(target=self._work, name="storyscope-intake", daemon=True)
                self.worker.start()
        self.queue.put(job)

    def save(self, job: Job) -> None:
        self.store.save_job(job.id, job.state, job.record(self.location),
                            keep=KEPT_JOBS if job.state == "done" else None)

    def _work(self) -> None:
        while True:
            job = self.queue.get()
            try:
                run_job(job, self.db, self.settings, self.fetch_options, on_progress=self.save)
            except Exception:  # noqa: BLE001 - the store could not keep the progress: the job resumes on start
                pass
            finally:
                self.queue.task_done()

    # ------------------------------------------------------------ the queue's bound

    def refusal(self, incoming: int = 0) -> str | None:
        """Why a new job cannot wait now, or None when it can. ``incoming``: the bytes of its
        uploads, already counted in ``receiving`` (see ``admission``)."""
        with self.lock:
            waiting = [j for j in self.jobs.values() if j.state != "done"]
            queued = sum(j.state == "queued" for j in waiting)
            held = sum(j.size for j in waiting) + self.receiving
        if queued >= self.settings.queue_jobs:
            return f"the queue is full: {queued} jobs are waiting; try again later"
        if incoming and held > self.settings.queue_bytes:
            return (f"the upload spool is full: {held - incoming} of {self.settings.queue_bytes} bytes"
                    " are waiting to be added; try again later")
        return None

    @contextmanager
    def admission(self, incoming: int) -> Iterator[str | None]:
        """The refusal of a new upload of ``incoming`` bytes, or None; while the request is
        received and saved, its bytes count against the spool's bound."""
        with self.lock:
            self.receiving += incoming
        try:
            yield self.refusal(incoming)
        finally:
            with self.lock:
                self.receiving -= incoming

    # ------------------------------------------------------------ what the pages show

    def find(self, job_id: str) -> dict | None:
        with self.lock:
            job = self.jobs.get(job_id)
        if job is not None:
            return job.as_dict()
        data = self.store.job(job_id)
        return None if data is None else Job.from_record(data, self.location).as_dict()

    def recent(self, limit: int = KEPT_JOBS) -> list[dict]:
        """The last ``limit`` jobs in submission order, with the live progress of those running here."""
        with self.lock:
            live = dict(self.jobs)
        kept = self.store.recent_jobs(limit)
        return [live[d["id"]].as_dict() if d["id"] in live else Job.from_record(d, self.location).as_dict()
                for d in kept]


def configure(app, settings: Settings | None = None, **options) -> Intake:
    """Set up adding articles for ``app`` (``options`` as ``Intake``); done on first use otherwise,
    with the loaded settings."""
    intake = Intake(app.state.db, settings or load_settings(), **options)
    app.state.intake = intake
    return intake


def intake_of(request: Request) -> Intake:
    return intake_of_app(request.app)


def intake_of_app(app) -> Intake:
    intake = getattr(app.state, "intake", None)
    if intake is None:
        with _setup_lock:
            intake = getattr(app.state, "intake", None) or configure(app)
    return intake


# ---------------------------------------------------------------- the work

def run_job(job: Job, db: str, settings: Settings, fetch_options: dict,
            on_progress: Callable[[Job], None] = lambda _job: None) -> None:
    """Ingest each input not done yet on its own, then place the new articles into stories;
    ``on_progress`` is told of each step (to keep it in the store)."""
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
        on_progress(job)
        for label, what in job.inputs[job.done:]:
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
            on_progress(job)
        if job.articles:
            with job.lock:
                job.state = "clustering"
            on_progress(job)
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
        finish(job)
        on_progress(job)


def finish(job: Job) -> None:
    """Mark the job done and remove its uploads."""
    if job.directory:
        shutil.rmtree(job.directory, ignore_errors=True)
    with job.lock:
        job.state = "done"
        job.size = 0
        job.inputs = [(label, None) for label, _ in job.inputs]  # only the labels are shown from now on


def _documents(label: str, what: Any, settings: Settings, fetch_options: dict) -> Iterator[RawDocument | Failure]:
    """The documents of one job input (reading happens here, in the worker)."""
    if isinstance(what, (Failure, RawDocument)):
        yield what
    elif isinstance(what, KeptDocument):
        with open(what.path, encoding="utf-8") as handle:
            fields = json.load(handle)
        yield RawDocument(**fields)
    elif isinstance(what, Upload):
        with open(what.path, "rb") as handle:
            data = handle.read(settings.max_bytes + 1)
        yield from read_bytes(label, data, name=label, max_bytes=settings.max_bytes)
    else:
        yield from fetch_documents(what, **fetch_options)


@dataclass(frozen=True)
class Upload:
    path: str  # under the job's private directory, named by the server


@dataclass(frozen=True)
class KeptDocument:
    path: str  # a pasted document as JSON in the job's directory, until the job reads it


def keep_documents(job: Job, root: str) -> None:
    """Write the job's pasted documents into its directory, so that they wait in the spool like
    uploads (counted against its bound) and the store keeps only their place."""
    for index, (label, what) in enumerate(job.inputs):
        if isinstance(what, RawDocument):
            job.directory = job.directory or tempfile.mkdtemp(prefix="job-", dir=root)
            path = os.path.join(job.directory, f"document-{index:04d}.json")
            with open(path, "x", encoding="utf-8") as out:
                json.dump(asdict(what), out, ensure_ascii=False)
            job.inputs[index] = (label, KeptDocument(path))


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


def queue_full(request: Request, incoming: int = 0) -> Response | None:
    """503 with Retry-After when the queue cannot take another job (of ``incoming`` upload bytes)."""
    reason = intake_of(request).refusal(incoming)
    if reason is None:
        return None
    response = error_response(request, 503, reason)
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


async def _accept_within_bound(request: Request) -> Job | Response:
    """``_accept_form`` when the queue can take the upload; else 503 before any of it is read."""
    intake = intake_of(request)
    declared = request.headers.get("content-length", "")
    # a body over the cap is refused by _accept_form (413) and never reaches the spool
    incoming = int(declared) if declared.isdigit() and int(declared) <= intake.max_total_bytes else 0
    with intake.admission(incoming):
        return queue_full(request, incoming) or await _accept_form(request)


def _url_job(request: Request, url: str) -> Job:
    url = url.strip()
    job = Job(secrets.token_hex(8), [(url[:2000], url)])
    intake_of(request).submit(job)
    return job


def _job(request: Request, job_id: str) -> dict | None:
    return intake_of(request).find(job_id)


# ---------------------------------------------------------------- pages

@router.get("/add", response_class=HTMLResponse, include_in_schema=False)
def add_page(request: Request) -> HTMLResponse:
    return _add_page(request)


def _add_page(request: Request, message: str | None = None, status: int = 200) -> HTMLResponse:
    intake = intake_of(request)
    return HTMLResponse(render("add.html", csrf=csrf_token(request), field=CSRF_FIELD, message=message,
                               max_bytes=intake.settings.max_bytes, max_total=intake.max_total_bytes,
                               jobs=list(reversed(intake.recent(10)))), status_code=status)


@router.post("/add", include_in_schema=False)
async def add_submit(request: Request) -> Response:
    accepted = await _accept_within_bound(request)
    if isinstance(accepted, Job):
        return RedirectResponse(f"/add/jobs/{accepted.id}", status_code=303)
    return _add_page(request, NOTHING, 400) if accepted.status_code == 400 else accepted


@router.post("/add/url", include_in_schema=False)
async def add_url_submit(request: Request) -> Response:
    refused = cross_site(request) or too_big(request) or queue_full(request)
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


@router.get("/add/jobs", response_class=HTMLResponse, include_in_schema=False)
def jobs_page(request: Request) -> HTMLResponse:
    jobs = intake_of(request).recent()
    headers = {"Refresh": "2"} if any(j["state"] != "done" for j in jobs) else {}
    return HTMLResponse(render("add_jobs.html", jobs=jobs, kept=KEPT_JOBS), headers=headers)


@router.get("/add/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, job_id: JobId) -> HTMLResponse:
    data = _job(request, job_id)
    if data is None:
        return error_response(request, 404, f"no such job (the last {KEPT_JOBS} are kept)")
    headers = {"Refresh": "1"} if data["state"] != "done" else {}  # besides the page's meta refresh
    return HTMLResponse(render("add_job.html", job=data), headers=headers)


# ---------------------------------------------------------------- API

_MULTIPART = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object",
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                   "text": {"type": "string", "description": "A pasted article."},
                   **{k: {"type": "string", "description": f"The pasted article's {k}."} for k in PASTE_FIELDS}},
}}}}}


_FULL = {"description": "the queue is full (waiting jobs or bytes in the spool); nothing was kept",
         "headers": {"Retry-After": {"description": "seconds to wait before trying again",
                                     "schema": {"type": "integer"}}}}


@router.post("/api/articles", tags=["api"], status_code=202, openapi_extra=_MULTIPART,
             responses={403: {"description": "cross-site request or missing CSRF token"},
                        413: {"description": "the request is over the total size limit"}, 503: _FULL})
async def api_add(request: Request) -> JSONResponse:
    """Add uploaded files (any format ``storyscope ingest`` reads) and/or a pasted text; the work
    runs in the background: follow ``status``. Needs the ``X-CSRF-Token`` header."""
    accepted = await _accept_within_bound(request)
    return JSONResponse(accepted.as_dict(), status_code=202) if isinstance(accepted, Job) else accepted


@router.post("/api/articles/url", tags=["api"], status_code=202,
             responses={403: {"description": "cross-site request or missing CSRF token"}, 503: _FULL})
def api_add_url(request: Request, url: Annotated[str, Body(embed=True, max_length=2000,
                                                           description="An http or https address.")]) -> JSONResponse:
    """Fetch a page (public addresses only, redirects checked, size and time bounded) and add it;
    the work runs in the background: follow ``status``. Needs the ``X-CSRF-Token`` header."""
    refused = cross_site(request) or missing_token(request) or queue_full(request)
    return refused or JSONResponse(_url_job(request, url).as_dict(), status_code=202)


@router.get("/api/jobs", tags=["api"])
def api_jobs(request: Request) -> dict:
    """The last jobs submitted, in submission order (the order they run in), each as
    ``/api/jobs/{id}`` shows it; jobs accepted before a restart included."""
    return {"jobs": intake_of(request).recent(), "kept": KEPT_JOBS}


@router.get("/api/jobs/{job_id}", tags=["api"])
def api_job(request: Request, job_id: JobId) -> dict:
    """A job's state: inputs done out of ``total``, articles stored (with their stories once
    ``state`` is ``done``), failures with their reasons."""
    job = _job(request, job_id)
    if job is None:
        return error_response(request, 404, "no such job")
    return job
