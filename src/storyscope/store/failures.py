"""The failure log: inputs that could not become articles, in the order they were recorded."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ..model import Failure
from .schema import failures


def record(conn: sa.Connection, failure: Failure, at: datetime) -> None:
    conn.execute(sa.insert(failures).values(source=failure.source, code=failure.code, reason=failure.reason, at=at))


def all_failures(conn: sa.Connection) -> list[Failure]:
    query = sa.select(failures.c.source, failures.c.code, failures.c.reason).order_by(failures.c.id)
    return [Failure(**row) for row in conn.execute(query).mappings()]


def count(conn: sa.Connection) -> int:
    return conn.scalar(sa.select(sa.func.count()).select_from(failures))
