"""Engines and transactions: SQLite tuned for many writers, anything else as is.

On SQLite every connection gets WAL journaling (readers never block the
writer), a 30 s busy timeout and foreign keys. SQLAlchemy, not the sqlite3
driver, emits BEGIN: ``writing()`` begins with ``BEGIN IMMEDIATE``, so a writer
takes the write lock before it reads anything and a second writer queues on the
busy timeout instead of failing "database is locked" when it tries to upgrade
a read lock; ``reading()`` begins a plain deferred transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from ..errors import ConfigError
from .location import HOW_TO_WRITE, database_url

BUSY_TIMEOUT_S = 120  # how long a SQLite write waits for another (8 writers and 50 readers on 2 cores wait over 30 s)
_WRITE = "storyscope_write"  # a connection execution option read by the BEGIN hook


def create_engine(url: str) -> sa.Engine:
    """An engine for ``url`` (or a plain path, or postgres://: ``location.database_url``);
    raises ConfigError for a URL SQLAlchemy cannot use."""
    url = database_url(url)
    try:
        parsed = sa.make_url(url)
        if parsed.get_backend_name() != "sqlite":
            return sa.create_engine(parsed)
        _make_parent_dir(parsed)
        engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S})
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise ConfigError(f"cannot use database URL ({exc}): {HOW_TO_WRITE}", source=url) from exc
    sa.event.listen(engine, "connect", _sqlite_on_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _make_parent_dir(url: sa.URL) -> None:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # the driver must not emit BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA foreign_keys = ON")
    _enable_wal(cursor)
    cursor.close()


def _enable_wal(cursor) -> None:
    """Switch the file to WAL (it stays so). The switch needs the file to itself and
    SQLite reports "locked" at once instead of waiting, so wait here: that happens
    only while another process is busy with a file that is not WAL yet."""
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


@contextmanager
def writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection in a write transaction: committed on exit, rolled back on error."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection in a read transaction: one consistent snapshot.

    SQLite in WAL mode gives a deferred transaction one snapshot from its first read. PostgreSQL's
    default READ COMMITTED gives each statement its own, so a reader whose statements straddle a
    regrouping's commit would see half the old stories and half the new: a read transaction there
    is REPEATABLE READ (one snapshot; read-only, so it never fails to serialize)."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn
