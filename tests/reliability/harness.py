"""Run ``storyscope ingest`` as a user would and kill it; read a store back to compare it.

``run_ingest`` starts the command in a session of its own (its worker processes share the
process group) and, given ``kill_after``, sends SIGKILL to the whole group at that moment,
then waits until no process of the group is left. ``snapshot`` reads everything a run stores,
every version of every article with its child rows, the search index, the outlet line counts and
the distinct failures, without the times of storing; ``problems`` lists what must never be
true of a store, whatever point a run was killed at. ``new_store`` makes an empty store on either
backend. ``kill_and_resume`` is the whole kill-and-resume check (tests/reliability/
test_kill_and_resume.py runs it at its CI count, bench/kill_resume.py at 200 points).
"""

from __future__ import annotations

import json
import os
import random
import signal
import statistics
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlalchemy as sa
from postgres_server import fresh_schema

from storyscope.library import export_articles
from storyscope.store import schema
from storyscope.store.search import index

TIMING = {"ingested_at", "at", "seconds"}  # when it was stored, not what
RUN_TIMEOUT = 180  # seconds; a hung run fails instead of stalling the suite
LOCKED = "database is locked"
MAX_CHAIN = 13  # kills on one store before a re-run completes it
SPAN = 1.1  # kill delays are drawn from [0, SPAN * T], T the wall time of a clean run


@dataclass
class Run:
    returncode: int | None  # None: killed
    seconds: float
    output: str

    @property
    def killed(self) -> bool:
        return self.returncode is None


@contextmanager
def new_store(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty store: a new SQLite file in ``folder``, or a new PostgreSQL schema."""
    if backend == "sqlite":
        folder.mkdir(parents=True)
        yield f"sqlite:///{folder / 'store.db'}"
        return
    with fresh_schema() as url:
        yield url


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYSCOPE_")}
    env.update(COLUMNS="200", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return env


def run_ingest(inputs: list[Path], url: str, *, workers: int, kill_after: float | None = None,
               cluster: bool = False) -> Run:
    """``storyscope ingest INPUTS --db URL --no-cluster --workers N`` (without ``--no-cluster`` when
    ``cluster``); killed after ``kill_after`` seconds (its whole process group) if it is still running then."""
    command = [sys.executable, "-m", "storyscope.cli.app", "ingest", *map(str, inputs), "--db", url,
               *([] if cluster else ["--no-cluster"]), "--workers", str(workers), "--quiet"]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=cli_env(),
                                   start_new_session=True, text=True)
        try:
            returncode = process.wait(timeout=RUN_TIMEOUT if kill_after is None else kill_after)
        except subprocess.TimeoutExpired:
            returncode = None
            _kill_group(process)
        seconds = time.perf_counter() - started
        if returncode is not None:
            _wait_group_gone(process.pid)  # nothing of a finished run may linger either
        output.seek(0)
        return Run(returncode, seconds, output.read())


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended just now
        pass
    process.wait(timeout=30)
    _wait_group_gone(process.pid)


def _wait_group_gone(pgid: int, timeout: float = 30.0) -> None:
    """Until no process of the group is left (orphaned workers are reaped by init)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"processes of group {pgid} still running {timeout:g} s after the run")
        time.sleep(0.02)


def _tables(conn: sa.Connection) -> set[str]:
    return set(sa.inspect(conn).get_table_names())


def snapshot(url: str) -> dict[str, list]:
    """Every stored row that says what was stored (not when), per table, sorted; failures distinct."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            present = _tables(conn)
            found = {}
            for table in schema.metadata.sorted_tables:
                if table.name not in present:
                    continue
                columns = [c for c in table.columns
                           if c.name not in TIMING and (c.name != "id" or table.name == "articles")]
                rows = {tuple(_plain(v) for v in row) for row in conn.execute(sa.select(*columns))}
                if table.name != "failures" and len(rows) != conn.scalar(sa.select(sa.func.count()).select_from(table)):
                    rows.add(("duplicate rows",))
                found[table.name] = sorted(rows, key=repr)
            if index.name in present:
                found[index.name] = sorted((tuple(r) for r in conn.execute(
                    sa.select(index.c.article_id, index.c.position, index.c.kind, index.c.title, index.c.text))), key=repr)
            return found
    finally:
        engine.dispose()


def _plain(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value


def records(url: str) -> list[dict]:
    """The export's article records without their timing fields, by id."""
    return sorted(({k: v for k, v in r.items() if k not in TIMING} for r in export_articles(url)),
                  key=lambda r: r["id"])


def problems(url: str) -> list[str]:
    """What is wrong with the store at ``url`` (empty when nothing is): a SQLite file that fails
    its integrity or foreign key check, the same page text stored twice, a broken version chain."""
    found = []
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not Path(parsed.database).exists():
            return []  # killed before it made the file
        with sqlite3.connect(parsed.database, timeout=30) as conn:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                found.append(f"integrity_check: {integrity[:5]}")
            if bad := conn.execute("PRAGMA foreign_key_check").fetchall():
                found.append(f"foreign_key_check: {bad[:5]}")
        conn.close()
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if "articles" not in _tables(conn):
                return found
            a = schema.articles.c
            rows = conn.execute(sa.select(a.id, a.url, a.text, a.version, a.previous_id)
                                .order_by(a.url, a.version)).all()
    finally:
        engine.dispose()
    seen: dict[tuple, str] = {}
    chains: dict[str, list] = {}
    for row in rows:
        if (key := (row.url, row.text)) in seen:
            found.append(f"duplicated article: {seen[key]} and {row.id}")
        seen[key] = row.id
        if row.url is None:
            if (row.version, row.previous_id) != (1, None):
                found.append(f"{row.id}: version {row.version} without an address")
        else:
            chains.setdefault(row.url, []).append(row)
    for page, chain in chains.items():
        if [r.version for r in chain] != list(range(1, len(chain) + 1)):
            found.append(f"{page}: versions {[r.version for r in chain]}")
        if [r.previous_id for r in chain] != [None, *(r.id for r in chain[:-1])]:
            found.append(f"{page}: previous ids {[r.previous_id for r in chain]}")
    return found


# ---------------------------------------------------------------- kill and resume

def assert_clean(run: Run, what: str) -> None:
    assert run.returncode == 0, f"{what} exited {run.returncode}:\n{run.output}"
    assert LOCKED not in run.output, run.output


def count_versions(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if "articles" not in sa.inspect(conn).get_table_names():
                return 0
            return conn.scalar(sa.text("SELECT count(*) FROM articles"))
    finally:
        engine.dispose()


@dataclass
class Chains:
    """What the kills of one chain thread did."""
    delays: list[float] = field(default_factory=list)  # of the kills that hit a running process
    writing: int = 0  # kills after which the store held more than before the killed run (a lower bound
    # of the kills during writing: on a store that is already complete a run writes nothing)
    completed: int = 0  # drawn delays the run outlived
    reruns: int = 0  # chains completed by a --workers 1 re-run
    stores: int = 0


def kill_chains(backend: str, corpus: Path, folder: Path, duration: float, seed: int, kills: int,
                expected: tuple[dict, list], done: Chains | None = None,
                on_store: Callable[[Chains], None] | None = None, until: float | None = None) -> Chains:
    """Chains of kills on new stores until ``kills`` of them (``done``'s included) hit a running
    process, or (``until``, a ``time.monotonic()`` value) no new store is begun after that time.
    Store number N draws its delays from ``random.Random(f"{seed}/{N}")``, so a run that continues
    ``done`` (the chains of an earlier run) draws what one run would have; ``on_store`` is told
    after each store."""
    done = done or Chains()
    while len(done.delays) < kills and (until is None or time.monotonic() < until):
        done.stores += 1
        rng = random.Random(f"{seed}/{done.stores}")
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
            got = (snapshot(url), records(url))
            assert got == expected, f"chain {done.stores} differs from the reference: {differences(got, expected)}"
        if on_store:
            on_store(done)
    return done


def differences(got: tuple[dict, list], expected: tuple[dict, list], shown: int = 3) -> str:
    """What a store holds that the reference does not, and the reverse: per table, a few rows of
    each side, then the export records that differ, field by field (a failure must say what to
    look at: the store is dropped with its folder)."""
    found = []
    (tables, records_got), (reference, records_expected) = got, expected
    for table in sorted(set(tables) | set(reference)):
        ours, theirs = set(map(repr, tables.get(table, []))), set(map(repr, reference.get(table, [])))
        extra, missing = sorted(ours - theirs), sorted(theirs - ours)
        if extra or missing:
            found.append(f"{table}: {len(extra)} rows not in the reference {extra[:shown]}, "
                         f"{len(missing)} missing {missing[:shown]}")
    by_id = {r["id"]: r for r in records_expected}
    for record in records_got:
        other = by_id.get(record["id"])
        if other is not None and other != record:
            fields = sorted(k for k in set(record) | set(other) if record.get(k) != other.get(k))
            found.append(f"record {record['id']}: {fields}")
    return "; ".join(found)[:4000] or "the same rows in another order"


def clean_reference(backend: str, corpus: Path, folder: Path) -> tuple[tuple[dict, list], float]:
    """Two clean ``ingest --workers 2`` runs side by side into new stores, which must agree: the
    reference (snapshot, export records) and the longer run's wall time T."""
    with new_store(backend, folder / "reference") as reference, new_store(backend, folder / "twin") as twin:
        with ThreadPoolExecutor(2) as pool:
            clean = list(pool.map(lambda url: run_ingest([corpus], url, workers=2), [reference, twin]))
        for run in clean:
            assert_clean(run, "a clean run")
        expected = (snapshot(reference), records(reference))
        assert (snapshot(twin), records(twin)) == expected, "two clean runs disagree"
        assert problems(reference) == []
    return expected, max(run.seconds for run in clean)


def kill_and_resume(backend: str, corpus: Path, folder: Path, *, points: int, seed: int, chains: int = 2,
                    expected: tuple[dict, list], duration: float, done: list[Chains] | None = None,
                    on_store: Callable[[list[Chains]], None] | None = None, until: float | None = None) -> dict:
    """``chains`` threads of ``kill_chains`` side by side until ``points`` kills in all hit a running
    process (each thread its share, seeded ``seed * 100 + thread``) or ``until`` has passed (see
    ``kill_chains``); ``done``: the threads' chains of an earlier run to continue. Returns the figures; any store that differs from ``expected`` or
    breaks a check raises ``AssertionError``."""
    started = time.perf_counter()
    done = done or [Chains() for _ in range(chains)]
    per_chain = -(-points // chains)
    with ThreadPoolExecutor(chains) as pool:
        futures = [pool.submit(kill_chains, backend, corpus, folder / f"thread{n}", duration, seed * 100 + n,
                               per_chain, expected, done[n], on_store and (lambda _: on_store(done)), until)
                   for n in range(chains)]
        results = [f.result() for f in futures]
    delays = sorted(d for r in results for d in r.delays)
    thirds = [sum(k * SPAN * duration / 3 <= d < (k + 1) * SPAN * duration / 3 for d in delays) for k in range(3)]
    return {"backend": backend, "seed": seed, "kill_points": len(delays), "T_s": round(duration, 2),
            "delay_min_s": round(delays[0], 2) if delays else None,
            "delay_median_s": round(statistics.median(delays), 2) if delays else None,
            "delay_max_s": round(delays[-1], 2) if delays else None, "by_thirds_of_span": thirds,
            "after_storing": sum(r.writing for r in results), "outlived": sum(r.completed for r in results),
            "stores": sum(r.stores for r in results), "completed_by_rerun": sum(r.reruns for r in results),
            "differences": 0, "seconds": round(time.perf_counter() - started, 1),
            "chains": [asdict(r) for r in results]}
