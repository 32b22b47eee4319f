"""The Dask executor against the local one, on a real LocalCluster (2 worker processes, 1 thread each)."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from local_server import serving

from storyscope.config import Settings
from storyscope import library
from storyscope.library import export_articles, ingest_paths
from storyscope.model import ProcessedArticle
from storyscope.run import dask as dask_runner
from storyscope.store import Store

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TIMING = {"ingested_at", "seconds"}  # when it was stored, not what


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The examples (with their sidecar) plus a file no reader accepts."""
    folder = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, folder)
    (folder / "zz_bad.bin").write_bytes(b"\x00\x01\x02 not an article")
    return folder


def records(db: str) -> list[dict]:
    return sorted(({k: v for k, v in r.items() if k not in TIMING} for r in export_articles(db)),
                  key=lambda r: r["id"])


def failures(db: str) -> list[tuple[str, str, str]]:
    with Store.open(db) as store:
        return sorted((Path(f.source).name, f.code, f.reason) for f in store.failures())


def test_local_and_dask_store_the_same(cluster, corpus, tmp_path):
    local_db, dask_db = f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    local = ingest_paths([str(corpus)], local_db, workers=1)
    dask = ingest_paths([str(corpus)], dask_db, executor="dask", scheduler=cluster.scheduler_address)
    assert (dask.read, dask.added, dask.words, dask.by_format) == (local.read, local.added, local.words, local.by_format)
    assert len(dask.failures) == len(local.failures) == 1
    assert local.added == 5
    assert records(dask_db) == records(local_db)
    assert failures(dask_db) == failures(local_db)
    assert clustering_inputs(dask_db) == clustering_inputs(local_db)  # computed on the workers there


def clustering_inputs(db: str) -> list[tuple]:
    with Store.open(db) as store:
        return sorted((s.features.id, s.features, s.signature.tolist()) for s in store.clustering_inputs())


def distinct_pages(folder: Path, copies: int) -> Path:
    """``copies`` rounds of the example pages, each made distinct in its longest (body) paragraph."""
    folder.mkdir()
    pages = sorted(EXAMPLES.glob("*.txt"))
    for n in range(copies):
        for page in pages:
            lines = page.read_text(encoding="utf-8").split("\n")
            longest = max(range(len(lines)), key=lambda i: len(lines[i]))
            lines[longest] += f" The desk filed copy number {n} of this report."
            (folder / f"{n:02d}_{page.name}").write_text("\n".join(lines), encoding="utf-8")
    return folder


def stored_ids(db: str) -> list[str]:
    with Store.open(db) as store:
        return sorted(row.id for row in store.list_articles())


def test_a_rerun_after_an_interrupted_run_resumes_without_duplicates(cluster, tmp_path):
    folder = distinct_pages(tmp_path / "pages", 2)
    files = sorted(str(p) for p in folder.iterdir())
    whole_db, resumed_db = f"sqlite:///{tmp_path / 'whole.db'}", f"sqlite:///{tmp_path / 'resumed.db'}"
    ingest_paths(files, whole_db, workers=1)
    first = ingest_paths(files[: len(files) // 2], resumed_db, executor="dask", scheduler=cluster.scheduler_address)
    again = ingest_paths(files, resumed_db, executor="dask", scheduler=cluster.scheduler_address)
    assert first.added == len(files) // 2
    assert (again.added, again.unchanged) == (len(files) - first.added, first.added)
    assert stored_ids(resumed_db) == stored_ids(whole_db)
    assert len(stored_ids(resumed_db)) == len(files)
    assert records(resumed_db) == records(whole_db)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(cluster, tmp_path):
    from distributed import Client

    folder = distinct_pages(tmp_path / "pages", 3)
    files = sorted(str(p) for p in folder.iterdir())
    with Client(cluster) as client:
        pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_once(outcome) -> None:  # after the first article is written, one worker dies
        if isinstance(outcome, ProcessedArticle) and not killed:
            victim = next(iter(pids.values()))
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    db = tmp_path / "killed.db"
    with Store.open(f"sqlite:///{db}") as store:
        summary = dask_runner.ingest(files, store, scheduler=cluster.scheduler_address, files_per_partition=2,
                                     on_outcome=kill_once)
    assert killed
    assert summary.failures == []
    assert summary.added == len(files)
    assert len(stored_ids(f"sqlite:///{db}")) == len(files)
    again_db = f"sqlite:///{tmp_path / 'again.db'}"
    with Store.open(again_db) as store:
        dask_runner.ingest(files, store, scheduler=cluster.scheduler_address, files_per_partition=2)
    assert records(f"sqlite:///{db}") == records(again_db)


def test_urls_are_fetched_on_the_client_with_the_local_runs_checks(cluster, corpus, tmp_path):
    text = ("Tram line reaches the airport\nThe city opened its tram extension to the airport on Monday, "
            "the transport office said.\n\"Trains run every ten minutes,\" director Lena Vogt said on June 3, 2024.\n")
    db = f"sqlite:///{tmp_path / 'urls.db'}"
    with serving({"/tram.txt": (200, {"Content-Type": "text/plain; charset=utf-8"}, text.encode())}) as base:
        summary = ingest_paths([f"{base}/tram.txt", "http://10.0.0.1/", str(corpus)], db, executor="dask",
                               scheduler=cluster.scheduler_address, settings=Settings(allow_networks="127.0.0.1/32"))
    assert summary.added == 6  # the page and the five examples
    reasons = {f.source: f.reason for f in summary.failures}
    assert reasons["http://10.0.0.1/"] == "10.0.0.1 is a private address; not fetched"
    assert f"{base}/tram.txt" in {r["url"] for r in export_articles(db)}


def test_ingest_reads_and_groups_on_one_local_cluster(corpus, tmp_path, monkeypatch):
    # counts the LocalClusters started (each a real one): reading and grouping share the first
    import distributed

    started = []
    real = distributed.LocalCluster

    class Counted(real):
        def __init__(self, *args, **kwargs):
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(distributed, "LocalCluster", Counted)
    summary, stories = library.ingest_and_group([str(corpus)], f"sqlite:///{tmp_path}/one.db", executor="dask",
                                                workers=1)
    assert summary.stored and stories and len(started) == 1
