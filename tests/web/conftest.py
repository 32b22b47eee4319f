"""A web app over a copy of the example store, clustered into stories (the shared fixture stays untouched)."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from storyscope.library import cluster_stories
from storyscope.web import create_app

EXAMPLE_ARTICLES = 5


def copy_sqlite(url: str, path) -> str:
    """A consistent copy of the SQLite store at ``url`` in ``path`` (WAL included), as a URL."""
    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    target = sqlite3.connect(path)
    with target:
        source.backup(target)
    source.close()
    target.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def web_db(examples_db, tmp_path_factory) -> str:
    db = copy_sqlite(examples_db, tmp_path_factory.mktemp("web") / "web.db")
    cluster_stories(db)
    return db


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(web_db, allowed_hosts=["testserver"])) as test_client:
        yield test_client
