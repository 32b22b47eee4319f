"""A fresh store per test on each backend (SQLite and PostgreSQL), and the sample-article factory.

Every test that uses ``store`` or ``store_url`` runs twice: on a new SQLite file, and on a new,
uniquely named schema of the PostgreSQL server at ``STORYSCOPE_TEST_POSTGRES`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``), chosen through ``search_path`` in the
URL and dropped afterwards. Without a reachable server the PostgreSQL runs are skipped, unless
``CI`` is set: there they fail, since CI must run them. A test meant for one backend only
parametrizes ``backend`` itself (``only_sqlite``), which overrides the fixture below.
"""

from __future__ import annotations

import os
import uuid
from functools import cache

import pytest
import sqlalchemy as sa
from store_samples import make_article

from storyscope.store import Store

POSTGRES_ENV = "STORYSCOPE_TEST_POSTGRES"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


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


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def store_url(backend, tmp_path):
    """The URL of an empty database on ``backend``: a SQLite file, or a new PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    require_postgres()
    schema = f"storyscope_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE SCHEMA "{schema}"')
    try:
        yield postgres_schema_url(schema)
    finally:
        _admin(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def article():
    return make_article
