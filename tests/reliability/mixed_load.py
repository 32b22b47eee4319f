"""The mixed load: ingest writers and API readers at once on one served store, bounded in time.

``run(db, ...)`` pre-loads a base corpus (``web_load.scaled_store``: the example articles analysed
once and stored again as ``copies`` five-article stories), starts ``storyscope serve`` on
127.0.0.1 (an ephemeral port) and, until ``seconds`` have passed, runs side by side:

- ``writers`` threads, each running ``storyscope ingest`` (with its clustering, as a user runs it)
  again and again, every run on a new JSONL batch of example pages under addresses of its own;
- one uploader posting such batches to ``POST /api/articles`` and following each job to its end;
- ``readers`` threads, each with its own HTTP client, cycling over the JSON API and the pages
  (``ENDPOINTS``) with ids taken from the listings they read and from the finished uploads, and a
  static file (``BASELINE``: what any request costs on this server under this load, beside which
  each endpoint's latency is read).

A batch holds copies of the example pages under new addresses (``bench/ingest.py``). With 50 or
more copies of each in the base, the blocking keys the copies share are too common to block on,
so new copies become stories of their own instead of joining one story that grows with every
batch (whose dossier, recomputed at each change, would then be all the readers measure).

Nothing begins after the deadline; at the hard deadline (the deadline plus ``grace``) a writer
still running is killed with its process group and an unanswered request times out. Then the
store is checked against what the writers and the uploads reported stored (``Outcome``).
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import httpx
import sqlalchemy as sa

from reliability.harness import cli_env, problems, run_ingest

ROOT = Path(__file__).resolve().parents[2]


def bench_module(name: str) -> ModuleType:
    """``bench/<name>.py``, loaded by its path as ``bench_<name>``: putting ``bench/`` on the import
    path would let its ``ingest.py`` shadow the test package ``ingest`` (tests/unit/ingest)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


build_corpus = bench_module("ingest").build_corpus
_web_load = bench_module("web_load")
free_port, scaled_store = _web_load.free_port, _web_load.scaled_store

LOCK_TEXTS = ("database is locked", "deadlock", "could not serialize")
SEARCHES = ("Xinjiang", "Bachelet", "camps", '"foreign minister"', "diplomats visit")
STORY_ENDPOINTS = {"dossier", "story page"}  # a story regrouped since it was listed is a 404 there
REQUEST_TIMEOUT = 120.0  # seconds, and never past the hard deadline
SERVER_START = 60.0
POLL_S = 0.5


def has_lock_text(text: str) -> bool:
    lowered = text.lower()
    return any(t in lowered for t in LOCK_TEXTS)


# ---------------------------------------------------------------- what was seen

@dataclass
class Endpoint:
    """The answers one endpoint gave: latencies in seconds, statuses, failures."""

    ok_status: int = 200
    gone_allowed: bool = False  # a 404 is expected here for a story regrouped since it was listed
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    transport_errors: Counter = field(default_factory=Counter)  # by exception type
    lock_texts: int = 0
    samples: list[str] = field(default_factory=list)  # a few failed answers, for the report

    def record(self, seconds: float, status: int | None, body: str = "", error: str = "", path: str = "") -> None:
        self.latencies.append(seconds)
        if status is None:
            self.transport_errors[error] += 1
        else:
            self.statuses[status] += 1
            self.lock_texts += has_lock_text(body)
        expected = status == self.ok_status or (self.gone_allowed and status == 404)
        if not expected and len(self.samples) < 5:  # the requests that failed, named in the report
            self.samples.append(f"{path}: {status or error} {body[:200]}")

    @property
    def ok(self) -> int:
        return self.statuses[self.ok_status]

    @property
    def server_errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 500)

    def errors(self) -> int:
        """Answers other than the expected one (a 404 for a regrouped story aside) and transport errors."""
        unexpected = sum(n for s, n in self.statuses.items()
                         if s != self.ok_status and not (self.gone_allowed and s == 404))
        return unexpected + sum(self.transport_errors.values()) + self.lock_texts

    def summary(self, seconds: float) -> dict:
        ordered = sorted(self.latencies)

        def ms(q: float) -> float | None:
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1) if ordered else None

        return {"requests": len(ordered), "per_s": round(len(ordered) / seconds, 2) if seconds else None,
                "p50_ms": ms(0.50), "p95_ms": ms(0.95), "p99_ms": ms(0.99), "max_ms": ms(1.0),
                "ok": self.ok, "errors": self.errors(), "server_errors": self.server_errors,
                "transport_errors": sum(self.transport_errors.values()), "lock_texts": self.lock_texts,
                "gone": self.statuses[404] if self.gone_allowed else 0,
                "statuses": {str(s): n for s, n in sorted(self.statuses.items())},
                "failed_requests": list(self.samples)}


@dataclass
class WriterRun:
    """One ``storyscope ingest`` of a batch: the addresses it was given and what it reported."""

    writer: int
    urls: list[str]
    returncode: int | None  # None: killed at the hard deadline
    added: int | None  # the "added" of its summary
    seconds: float
    output: str

    @property
    def reported_stored(self) -> bool:
        return self.returncode == 0 and self.added == len(self.urls)

    def problem(self) -> str | None:
        if self.returncode is None:
            return None  # killed by the harness: its batch may be stored in part, checked apart
        if has_lock_text(self.output):
            return f"writer {self.writer}: a lock error in its output: {self.output[-800:]}"
        if not self.reported_stored:
            return (f"writer {self.writer}: exit {self.returncode}, added {self.added} of {len(self.urls)}: "
                    f"{self.output[-800:]}")
        return None


@dataclass
class UploadJob:
    """One batch posted to ``POST /api/articles`` and the job's last state seen."""

    urls: list[str]
    job: dict | None = None  # None: the POST was not accepted

    @property
    def done(self) -> bool:
        return self.job is not None and self.job["state"] == "done"

    @property
    def stored(self) -> list[tuple[str, str]]:
        """(id, url) of the articles the finished job reports stored."""
        return [(a["id"], a["url"]) for a in self.job["articles"]] if self.done else []

    def problem(self) -> str | None:
        if self.job is None:
            return None  # the endpoint's own tally says why
        if not self.done:
            return f"upload job {self.job['id']} still {self.job['state']} at the hard deadline"
        if self.job["error"] or self.job["failures"] or sorted(u for _, u in self.stored) != sorted(self.urls):
            return f"upload job {self.job['id']}: {json.dumps(self.job)[:800]}"
        return None


@dataclass
class Outcome:
    """Everything one mixed-load run saw, and what is wrong with the store afterwards."""

    seconds: float  # the span the readers ran
    endpoints: dict[str, Endpoint]
    runs: list[WriterRun]
    uploads: list[UploadJob]
    store_problems: list[str]
    server_log_problems: list[str]
    articles: dict[str, int]  # base, by writers, by uploads, in the store at the end

    @property
    def server_errors(self) -> int:
        return sum(e.server_errors for e in self.endpoints.values())

    @property
    def transport_errors(self) -> int:
        return sum(sum(e.transport_errors.values()) for e in self.endpoints.values())

    @property
    def lock_errors(self) -> int:
        """Lock, deadlock and serialization failures wherever they showed: answers, writers, jobs, server log."""
        return (sum(e.lock_texts for e in self.endpoints.values())
                + sum(has_lock_text(r.output) for r in self.runs)
                + sum(has_lock_text(json.dumps(u.job)) for u in self.uploads if u.job)
                + sum(has_lock_text(p) for p in self.server_log_problems))

    @property
    def writer_problems(self) -> list[str]:
        return [p for p in (*(r.problem() for r in self.runs), *(u.problem() for u in self.uploads)) if p]

    def table(self) -> dict[str, dict]:
        return {name: e.summary(self.seconds) for name, e in self.endpoints.items()}

    def as_dict(self) -> dict:
        return {"seconds": round(self.seconds, 1), "endpoints": self.table(),
                "writer_runs": len(self.runs), "writer_runs_stored": sum(r.reported_stored for r in self.runs),
                "writer_runs_killed": sum(r.returncode is None for r in self.runs),
                "uploads": len(self.uploads), "uploads_done": sum(u.done for u in self.uploads),
                "articles": self.articles, "server_errors": self.server_errors,
                "transport_errors": self.transport_errors, "lock_errors": self.lock_errors,
                "writer_problems": self.writer_problems, "store_problems": self.store_problems,
                "server_log_problems": self.server_log_problems}


# ---------------------------------------------------------------- the server

@contextmanager
def serving(db: str, log: Path) -> Iterator[str]:
    """``storyscope serve --db DB`` on 127.0.0.1 and a free port, its output in ``log``; the base URL."""
    port = free_port()
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen([sys.executable, "-m", "storyscope.cli.app", "serve", "--db", db,
                                   "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=output, stderr=subprocess.STDOUT, env=cli_env(), start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + SERVER_START
            while True:
                try:
                    httpx.get(f"{base}/api/stories?limit=1", timeout=5).raise_for_status()
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"storyscope serve did not start: {log.read_text()[-2000:]}") from None
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)


def log_problems(log: Path) -> list[str]:
    """Tracebacks and lock errors the server wrote (its access log aside)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    found = [block[:1500] for block in re.split(r"(?=Traceback \(most recent call last\))", text)[1:]]
    return found + [line for line in text.splitlines() if has_lock_text(line) and "Traceback" not in line][:20]


# ---------------------------------------------------------------- the clients

class Clock:
    """The deadline after which nothing begins, and the hard one at which stragglers are stopped."""

    def __init__(self, seconds: float, grace: float):
        self.started = time.monotonic()
        self.stop = self.started + seconds
        self.hard = self.stop + grace

    def running(self) -> bool:
        return time.monotonic() < self.stop

    def left(self, cap: float = float("inf")) -> float:
        """Seconds until the hard deadline, at most ``cap``, at least a little."""
        return max(0.1, min(cap, self.hard - time.monotonic()))


class Known:
    """Story and article ids the readers have seen, shared between them."""

    def __init__(self, stories: list[str], articles: list[str]):
        self.lock = threading.Lock()
        self.stories, self.articles = list(stories), list(articles)
        self.story_total, self.article_total = len(stories), len(articles)
        self._seen = set(self.stories) | set(self.articles)

    def learn(self, stories: list[str] = (), articles: list[str] = ()) -> None:
        with self.lock:
            for kind, ids in ((self.stories, stories), (self.articles, articles)):
                for i in ids:
                    if i not in self._seen:
                        self._seen.add(i)
                        kind.append(i)
            self.article_total = max(self.article_total, len(self.articles))

    def story(self, rng: random.Random) -> str:
        with self.lock:
            return rng.choice(self.stories)

    def article(self, rng: random.Random) -> str:
        with self.lock:
            return rng.choice(self.articles)


BASELINE = "static file (baseline)"

# name: the path to request next, from the ids known so far
ENDPOINTS: dict[str, Callable[[Known, random.Random], str]] = {
    BASELINE: lambda k, rng: "/static/style.css",
    "story list": lambda k, rng: f"/api/stories?offset={rng.randrange(max(1, k.story_total))}&limit=20",
    "dossier": lambda k, rng: f"/api/stories/{k.story(rng)}",
    "story page": lambda k, rng: f"/stories/{k.story(rng)}",
    "article list": lambda k, rng: f"/api/articles?offset={rng.randrange(max(1, k.article_total))}&limit=50",
    "article": lambda k, rng: f"/api/articles/{k.article(rng)}",
    "article page": lambda k, rng: f"/articles/{k.article(rng)}",
    "search": lambda k, rng: f"/api/search?q={rng.choice(SEARCHES)}&limit=20",
}
UPLOAD, JOB = "upload (POST /api/articles)", "upload job status"


def read(number: int, base: str, known: Known, clock: Clock, tallies: dict[str, Endpoint]) -> None:
    """One reader: the endpoints in turn (each reader starting at another), until the deadline."""
    rng, names = random.Random(number), list(ENDPOINTS)
    with httpx.Client(base_url=base) as http:
        turn = number
        while clock.running():
            name = names[turn % len(names)]
            turn += 1
            path = ENDPOINTS[name](known, rng)
            response = timed(http, tallies[name], "GET", path, clock)
            if response is not None and response.status_code == 200:
                learn(name, response, known)


def learn(name: str, response: httpx.Response, known: Known) -> None:
    """Ids from a listing, for the requests that follow."""
    if name == "story list":
        data = response.json()
        known.story_total = data["total"]
        known.learn(stories=[s["id"] for s in data["items"]])
    elif name == "article list":
        data = response.json()
        known.learn(articles=[a["id"] for a in data["items"]])
        if data["next_offset"] is not None:
            known.article_total = max(known.article_total, data["next_offset"] + 1)


def timed(http: httpx.Client, tally: Endpoint, method: str, path: str, clock: Clock, **kwargs) -> httpx.Response | None:
    """The request, its latency and answer recorded in ``tally``; None when no answer came."""
    started = time.perf_counter()
    try:
        response = http.request(method, path, timeout=clock.left(REQUEST_TIMEOUT), **kwargs)
    except httpx.HTTPError as exc:  # refused, dropped or timed out: recorded, the run goes on
        tally.record(time.perf_counter() - started, None, error=type(exc).__name__, path=path)
        return None
    tally.record(time.perf_counter() - started, response.status_code, response.text, path=path)
    return response


def batch(folder: Path, name: str, size: int, seed: int) -> tuple[Path, list[str]]:
    """A JSONL batch of ``size`` example pages at addresses no other batch uses; its file and addresses."""
    (folder / name).mkdir()
    path = build_corpus(size, seed, folder / name, prefix=f"https://mixed.example/{name}")
    return path, [json.loads(line)["url"] for line in path.read_text(encoding="utf-8").splitlines()]


def write(number: int, db: str, folder: Path, size: int, clock: Clock, runs: list[WriterRun]) -> None:
    """One writer: ``storyscope ingest`` on a new batch, again and again until the deadline."""
    round_ = 0
    while clock.running():
        path, urls = batch(folder, f"w{number}-r{round_}", size, seed=number * 1000 + round_)
        run = run_ingest([path], db, workers=1, cluster=True, kill_after=clock.left())
        added = re.search(r"^\W*added\W+(\d+)", run.output, re.MULTILINE)
        runs.append(WriterRun(number, urls, run.returncode, int(added[1]) if added else None, run.seconds, run.output))
        round_ += 1


def upload(base: str, folder: Path, size: int, clock: Clock, tallies: dict[str, Endpoint],
           uploads: list[UploadJob], known: Known) -> None:
    """Post a batch as a file, follow its job until done (the readers learn its articles), again
    until the deadline."""
    with httpx.Client(base_url=base) as http:
        token = http.get("/api/csrf", timeout=clock.left(REQUEST_TIMEOUT)).json()["token"]
        number = 0
        while clock.running():
            path, urls = batch(folder, f"upload-{number}", size, seed=10**6 + number)
            number += 1
            files = [("files", (path.name, path.read_bytes(), "application/x-ndjson"))]
            response = timed(http, tallies[UPLOAD], "POST", "/api/articles", clock, files=files,
                             headers={"X-CSRF-Token": token})
            job = UploadJob(urls)
            uploads.append(job)
            if response is None or response.status_code != 202:
                continue
            job.job = response.json()
            while job.job["state"] != "done" and time.monotonic() < clock.hard:
                time.sleep(POLL_S)
                answer = timed(http, tallies[JOB], "GET", job.job["status"], clock)
                if answer is not None and answer.status_code == 200:
                    job.job = answer.json()
            known.learn(articles=[i for i, _ in job.stored])


# ---------------------------------------------------------------- the store afterwards

def stored_pages(db: str) -> list[tuple[str, str | None]]:
    """(id, url) of every stored article version."""
    engine = sa.create_engine(db)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text("SELECT id, url FROM articles"))]
    finally:
        engine.dispose()


def store_problems(db: str, base: set[tuple[str, str]], runs: list[WriterRun], uploads: list[UploadJob]) -> list[str]:
    """What differs from the union of the base and what every writer and upload reported stored:
    a reported page missing or stored twice, a page nobody asked for, a broken store."""
    found = problems(db)  # SQLite integrity and foreign keys, a page stored twice, version chains
    rows = stored_pages(db)
    per_url = Counter(url for _, url in rows)
    found += [f"{url} stored {n} times" for url, n in per_url.items() if n > 1]
    reported = {url for _, url in base} | {u for r in runs if r.reported_stored for u in r.urls}
    reported |= {url for u in uploads for _, url in u.stored}
    unknown = {u for r in runs if r.returncode is None for u in r.urls}  # killed: stored or not
    found += [f"reported stored, missing: {url}" for url in sorted(reported - per_url.keys())]
    found += [f"stored, never reported: {url}" for url in sorted(per_url.keys() - reported - unknown)]
    ids = {i for i, _ in rows}
    found += [f"reported stored, missing id: {i} ({url})" for u in uploads for i, url in u.stored if i not in ids]
    found += [f"base article missing: {i}" for i, _ in base if i not in ids]
    return found


def failures_logged(db: str) -> list[str]:
    engine = sa.create_engine(db)
    try:
        with engine.connect() as conn:
            return [f"failure logged: {r.source}: {r.reason}" for r in conn.execute(sa.text("SELECT source, reason FROM failures"))]
    finally:
        engine.dispose()


# ---------------------------------------------------------------- one run

def run(db: str, *, seconds: float, writers: int, readers: int, copies: int, batch_size: int,
        grace: float) -> Outcome:
    """The mixed load on the (empty) store at ``db``; see the module's docstring."""
    with tempfile.TemporaryDirectory(prefix="mixed-load-") as tmp:
        folder = Path(tmp)
        ids = scaled_store(db, copies)
        base = set(stored_pages(db))
        known = Known(ids["stories"], ids["articles"])
        tallies = ({name: Endpoint(gone_allowed=name in STORY_ENDPOINTS) for name in ENDPOINTS}
                   | {UPLOAD: Endpoint(202), JOB: Endpoint()})
        runs: list[WriterRun] = []
        uploads: list[UploadJob] = []
        log = folder / "server.log"
        crashed: list[str] = []

        def thread(target: Callable, *args) -> threading.Thread:
            def guarded() -> None:
                try:
                    target(*args)
                except BaseException:  # noqa: BLE001 - a broken harness must not pass for a quiet run
                    crashed.append(traceback.format_exc())
            return threading.Thread(target=guarded, name=target.__name__)

        with serving(db, log) as url:
            clock = Clock(seconds, grace)
            threads = [thread(write, n, db, folder, batch_size, clock, runs) for n in range(writers)]
            threads.append(thread(upload, url, folder, batch_size, clock, tallies, uploads, known))
            threads += [thread(read, n, url, known, clock, tallies) for n in range(readers)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=clock.left() + 60)  # the runs and requests inside stop by the hard deadline
            if any(t.is_alive() for t in threads) or crashed:
                raise RuntimeError("a load thread crashed or outlived the hard deadline:\n" + "\n".join(crashed))
        stored = stored_pages(db)
        return Outcome(
            seconds=seconds, endpoints=tallies, runs=runs, uploads=uploads,
            store_problems=store_problems(db, base, runs, uploads) + failures_logged(db),
            server_log_problems=log_problems(log),
            articles={"base": len(base), "by_writers": sum(len(r.urls) for r in runs if r.reported_stored),
                      "by_uploads": sum(len(u.stored) for u in uploads), "in_store": len(stored)},
        )

