"""What differs between dialects in writing: INSERT with ON CONFLICT, and writer locks.

SQLite and PostgreSQL spell ON CONFLICT the same way and SQLAlchemy has a construct
for each; any other database is refused rather than silently losing idempotence.

Locks: on SQLite a write transaction holds the whole database from BEGIN IMMEDIATE,
so writers never interleave. PostgreSQL writers run side by side (READ COMMITTED), so
where two of them must not interleave, for one URL's next version number or for one
new database's migration, ``lock`` takes transaction-scoped advisory locks on names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import StoreError

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def insert(conn: sa.Connection, table: sa.Table):
    """An insert for ``table`` that supports ``on_conflict_do_nothing/do_update``."""
    try:
        return _INSERTS[conn.dialect.name](table)
    except KeyError:
        raise StoreError(f"unsupported database {conn.dialect.name!r}: use SQLite or PostgreSQL") from None


# Locks taken in one statement, in ascending key order, so two writers never wait on each other
# in a cycle (the subquery's ORDER BY is kept: PostgreSQL does not flatten an ordered subquery).
_LOCK = sa.text("SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT k FROM unnest(CAST(:keys AS bigint[])) "
                "AS k ORDER BY k) AS ordered")


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (the same in every process and on every machine)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()[:8], "big", signed=True)


def lock(conn: sa.Connection, names: Iterable[str]) -> None:
    """Hold a lock on each name until the transaction ends (PostgreSQL; a no-op on SQLite, whose
    write transaction already excludes every other writer)."""
    if conn.dialect.name != "postgresql":
        return
    if keys := sorted({lock_key(name) for name in names}):
        conn.execute(_LOCK, {"keys": keys}).all()
