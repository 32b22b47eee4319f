"""INSERT with ON CONFLICT, the one statement that differs between dialects.

SQLite and PostgreSQL spell it the same way and SQLAlchemy has a construct for
each; any other database is refused rather than silently losing idempotence.
"""

from __future__ import annotations

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
