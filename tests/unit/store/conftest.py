"""A fresh store per test on each backend (SQLite and PostgreSQL), and the sample-article factory.

Every test that uses ``store`` or ``store_url`` runs twice: on a new SQLite file, and on a new,
uniquely named schema of the PostgreSQL server at ``STORYSCOPE_TEST_POSTGRES`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``), chosen through ``search_path`` in the
URL and dropped afterwards. Without a reachable server the PostgreSQL runs are skipped, unless
``CI`` is set: there they fail, since CI must run them. A test meant for one backend only
parametrizes ``backend`` itself (``only_sqlite``), which overrides the fixture below.
"""

from __future__ import annotations

import pytest
from postgres_server import fresh_schema
from store_samples import make_article

from storyscope.store import Store

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def store_url(backend, tmp_path):
    """The URL of an empty database on ``backend``: a SQLite file, or a new PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    with fresh_schema() as url:
        yield url


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def article():
    return make_article
