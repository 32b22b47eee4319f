"""The PostgreSQL test server: where it is, whether it answers, and a fresh schema on it.

The server is ``STORYSCOPE_TEST_POSTGRES`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``).
A test gets a new, uniquely named schema, chosen through ``search_path`` in the URL and dropped
afterwards. Without a reachable server a PostgreSQL test is skipped, unless ``CI`` is set: there it
fails, since CI must run it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import pytest
import sqlalchemy as sa

POSTGRES_ENV = "STORYSCOPE_TEST_POSTGRES"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_base_url() -> str:
    return os.environ.get(POSTGRES_ENV) or DEFAULT_POSTGRES


@cache
def _postgres_problem() -> str | None:
    """Why the test server cannot be used, or None when it answers."""
    engine = sa.create_engine(postgres_base_url(), connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means: no server to test on
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"{type(exc).__name__}: {detail}"
    finally:
        engine.dispose()
    return None


def require_postgres() -> None:
    problem = _postgres_problem()
    if problem is None:
        return
    where = sa.make_url(postgres_base_url()).render_as_string(hide_password=True)
    reason = f"PostgreSQL test server {where} (env {POSTGRES_ENV}) is unreachable: {problem}"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the PostgreSQL tests must run", pytrace=False)
    pytest.skip(reason)


def postgres_schema_url(schema: str) -> str:
    """The test server's URL with every connection's search_path set to ``schema``."""
    url = sa.make_url(postgres_base_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _admin(statement: str) -> None:
    engine = sa.create_engine(postgres_base_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


@contextmanager
def fresh_schema() -> Iterator[str]:
    """The URL of a new, empty schema on the test server (skips the test without one), dropped after."""
    require_postgres()
    schema = f"storyscope_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE SCHEMA "{schema}"')
    try:
        yield postgres_schema_url(schema)
    finally:
        _admin(f'DROP SCHEMA "{schema}" CASCADE')
