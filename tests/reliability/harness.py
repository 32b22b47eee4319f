"""Run ``storyscope ingest`` as a user would and kill it; read a store back to compare it.

``run_ingest`` starts the command in a session of its own (its worker processes share the
process group) and, given ``kill_after``, sends SIGKILL to the whole group at that moment,
then waits until no process of the group is left. ``snapshot`` reads everything a run stores,
every version of every article with its child rows, the search index, the outlet line counts and
the distinct failures, without the times of storing; ``problems`` lists what must never be
true of a store, whatever point a run was killed at. ``new_store`` makes an empty store on either
backend.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from postgres_server import fresh_schema

from storyscope.library import export_articles
from storyscope.store import schema
from storyscope.store.search import index

TIMING = {"ingested_at", "at", "seconds"}  # when it was stored, not what
RUN_TIMEOUT = 180  # seconds; a hung run fails instead of stalling the suite
LOCKED = "database is locked"


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
