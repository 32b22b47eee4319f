"""Bring a database to the newest schema with Alembic, configured in code.

The migration environment ships inside the package (``migrations/``), so no
``alembic.ini`` is needed at run time. The upgrade runs on the caller's
connection inside its write transaction: on SQLite two processes opening one new
file queue on the write lock and the second finds the schema already at head; on
PostgreSQL they queue on an advisory lock taken first (DDL is transactional there,
so the second, once it has the lock, sees the first one's tables and version).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from .dialect import lock
from .engine import writing

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str | None = None, connection: sa.Connection | None = None) -> Config:
    """An Alembic Config for the packaged migrations, on ``connection`` or ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    with writing(engine) as conn:
        lock(conn, ["storyscope: migrate"])
        command.upgrade(alembic_config(connection=conn), revision)
