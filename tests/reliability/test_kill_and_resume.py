"""Crashes and resumption: ``storyscope ingest`` killed with SIGKILL at random points, then run again.

For each backend (a SQLite file; a fresh PostgreSQL schema) the corpus of ``corpus.py`` is first
ingested cleanly, twice side by side into two new stores (both must agree): the reference, and
the wall time T of a run. Then chains of kills: on a new store, ``ingest --workers 2`` is started
and its whole process group killed after a delay drawn uniformly from [0, 1.1 T] (a seeded RNG,
so start-up, reading, analysis and writing are all hit in proportion to the time they take),
again and again on the same store; after each kill the store must pass ``harness.problems``
(SQLite ``PRAGMA integrity_check`` and foreign keys, no page text stored twice, clean version
chains). A chain ends when a drawn delay outlives the run (it completes) or after ``MAX_CHAIN``
kills, when ``ingest --workers 1`` completes it; then the store must equal the reference: every
version of every article with its sentences, entities, quotes, dates, numbers and residue, the
search index, the outlet line counts, the distinct failures, and the export. Two chains run side
by side (two cores), until each backend has had ``KILL_POINTS`` kills that hit a running process.

Then three ``storyscope ingest`` processes at once on one SQLite file, over overlapping inputs
that together are the corpus, must store exactly what one clean run stores (each process reads a
page before its edits, so even the version numbers agree), with no "database is locked" in their
output or among the failures.

``STORYSCOPE_KILL_SEED`` chooses another seed; the figures are printed (``pytest -s``).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from storyscope.library import ingest_paths

from reliability.corpus import ARTICLES, BAD_INPUTS, EDITS, build
from reliability.harness import LOCKED, new_store, problems, records, run_ingest, snapshot

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("STORYSCOPE_KILL_SEED", "6"))
KILL_POINTS = 50  # per backend, at least: kills that found the run still going
CHAINS = 2  # side by side, each on stores of its own
MAX_CHAIN = 13  # kills on one store before a re-run completes it
SPAN = 1.1  # delays are drawn from [0, SPAN * T]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("crash") / "corpus")


def assert_clean(run, what: str) -> None:
    assert run.returncode == 0, f"{what} exited {run.returncode}:\n{run.output}"
    assert LOCKED not in run.output, run.output


@dataclass
class Chains:
    """What the kills of one chain thread did."""
    delays: list[float] = field(default_factory=list)  # of the kills that hit a running process
    writing: int = 0  # kills after which the store held more than before the killed run (a lower bound
    # of the kills during writing: on a store that is already complete a run writes nothing)
    completed: int = 0  # drawn delays the run outlived
    reruns: int = 0  # chains completed by a --workers 1 re-run
    stores: int = 0


def count_versions(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if "articles" not in sa.inspect(conn).get_table_names():
                return 0
            return conn.scalar(sa.text("SELECT count(*) FROM articles"))
    finally:
        engine.dispose()


def kill_chains(backend: str, corpus: Path, folder: Path, duration: float, seed: int, kills: int,
                expected: tuple[dict, list]) -> Chains:
    """Chains of kills on new stores until ``kills`` of them hit a running process."""
    rng, done = random.Random(seed), Chains()
    while len(done.delays) < kills:
        done.stores += 1
        with new_store(backend, folder / f"chain{done.stores}") as url:
            for _ in range(min(MAX_CHAIN, kills - len(done.delays))):
                before = count_versions(url)
                delay = rng.uniform(0, SPAN * duration)
                run = run_ingest([corpus], url, workers=2, kill_after=delay)
                assert LOCKED not in run.output, run.output
                if not run.killed:
                    assert_clean(run, f"a run not killed after {delay:.2f} s")
                    done.completed += 1
                    break
                done.delays.append(delay)
                done.writing += count_versions(url) > before
                assert problems(url) == [], f"after a kill at {delay:.2f} s"
            else:
                assert_clean(run_ingest([corpus], url, workers=1), "the re-run after kills")
                done.reruns += 1
            assert problems(url) == []
            assert (snapshot(url), records(url)) == expected, f"chain {done.stores} differs from the reference"
    return done


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_ingests_resume_to_the_clean_reference(backend, corpus, tmp_path):
    started = time.perf_counter()
    with new_store(backend, tmp_path / "reference") as reference, new_store(backend, tmp_path / "twin") as twin:
        with ThreadPoolExecutor(2) as pool:
            clean = list(pool.map(lambda url: run_ingest([corpus], url, workers=2), [reference, twin]))
        for run in clean:
            assert_clean(run, "a clean run")
        expected = (snapshot(reference), records(reference))
        assert len(expected[1]) == ARTICLES - len(EDITS)  # the export holds current versions only
        assert len(expected[0]["articles"]) == ARTICLES
        assert len(expected[0]["failures"]) == BAD_INPUTS
        assert (snapshot(twin), records(twin)) == expected, "two clean runs disagree"
        assert problems(reference) == []
    duration = max(run.seconds for run in clean)

    per_chain = -(-KILL_POINTS // CHAINS)
    with ThreadPoolExecutor(CHAINS) as pool:
        futures = [pool.submit(kill_chains, backend, corpus, tmp_path / f"thread{n}", duration,
                               SEED * 100 + n + (50 if backend == "postgresql" else 0), per_chain, expected)
                   for n in range(CHAINS)]
        results = [f.result() for f in futures]

    delays = sorted(d for r in results for d in r.delays)
    thirds = [sum(k * SPAN * duration / 3 <= d < (k + 1) * SPAN * duration / 3 for d in delays) for k in range(3)]
    print(f"\n{backend}: {len(delays)} kill points (seed {SEED}), T = {duration:.1f} s, "
          f"delays {delays[0]:.2f}-{delays[-1]:.2f} s (median {statistics.median(delays):.2f}; by thirds of "
          f"[0, {SPAN} T]: {thirds}), {sum(r.writing for r in results)} after the run had stored something, "
          f"{sum(r.completed for r in results)} draws the run outlived, {sum(r.stores for r in results)} stores, "
          f"{sum(r.reruns for r in results)} completed by a re-run; {time.perf_counter() - started:.0f} s")
    assert len(delays) >= KILL_POINTS
    assert sum(r.writing for r in results) > 0  # some kills landed while it was writing


def test_concurrent_ingests_on_one_sqlite_file_store_the_union(corpus, tmp_path):
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    assert_clean(run_ingest([corpus], reference, workers=1), "the reference run")
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    files = sorted(corpus.iterdir())  # a_pages, b_wire_1..4, c_broken.json, d_updates.jsonl
    pages, wire, broken, updates = files[0], files[1:5], files[5], files[6]
    # Every process reads every file (which lines recur on an outlet's pages is judged from the
    # pages a run sees, so a run that saw fewer may clean a page differently), in its own order.
    inputs = [
        [pages, *wire, broken, updates],
        [wire[2], wire[3], wire[0], updates, pages, wire[1], broken],
        [wire[1], broken, wire[0], wire[3], updates, wire[2], pages],
    ]
    with ThreadPoolExecutor(len(inputs)) as pool:
        runs = list(pool.map(lambda paths: run_ingest(paths, url, workers=1), inputs))
    for run in runs:
        assert_clean(run, "a concurrent run")
    assert problems(url) == []
    # Each run reads a page before its edits, so even the version numbers agree.
    assert (snapshot(url), records(url)) == (snapshot(reference), records(reference))


def test_a_page_read_again_is_cleaned_as_before(tmp_path):
    """A page already stored is not "another page" of its outlet: before the fix, reading it again
    counted each of its lines twice (once stored, once read), so a line only it carries looked
    recurring, was cut as residue, and the same page was stored a second time as a new version."""
    page = {"url": "https://harbourtimes.example/news/1", "outlet": "Harbour Times", "title": "Visits",
            "text": "Beijing said on Monday that officials were welcome to visit the region, a spokesman told "
                    "reporters.\nTalks in Geneva\nThe ministry added that the visits would follow the proper "
                    "procedures of the law."}  # the subheading is on this page alone
    source = tmp_path / "page.jsonl"
    source.write_text(json.dumps(page) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    first = ingest_paths([str(source)], url, workers=1)
    again = ingest_paths([str(source)], url, workers=1)
    assert (first.added, again.added, again.new_versions, again.unchanged) == (1, 0, 0, 1)
