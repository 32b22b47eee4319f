"""A reader never sees half a regrouping: pages and API records that read a story stay whole while
a clustering replaces the stories, on SQLite and PostgreSQL.

The race is driven by hand, not by load: right after a request's first read of the story tables, a
regrouping commits from another connection (the five example articles move from one story to a
split of four and one, so every old story id is retired). The request must answer as if it had
read the stories before that commit, never 404 or 500 for a story it has just read, and never
mix members of the two groupings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from postgres_server import fresh_schema
from storyscope.cluster.stories import cluster
from storyscope.model import Story, StoryEdit
from storyscope.store import Store
from storyscope.web import create_app
from web.conftest import copy_sqlite

STORY_TABLES = re.compile(r"\b(stories|events|story_members)\b")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, examples_db, tmp_path) -> Iterator[str]:
    """The five example articles on a new store of each backend."""
    if request.param == "sqlite":
        yield copy_sqlite(examples_db, tmp_path / "regroup.db")
        return
    with fresh_schema() as url, Store.open(examples_db) as source, Store.open(url) as target:
        target.add_many(source.iter_processed())
        yield url


@pytest.fixture
def groupings(store_url) -> tuple[list[Story], list[Story]]:
    """The clustering of the examples (one story) and the same with one article split off."""
    with Store.open(store_url) as store:
        processed = list(store.iter_processed())
    whole = cluster(processed)
    split = cluster(processed, [StoryEdit("split", whole[0].articles[-1])])
    assert len(whole) == 1 and len(split) == 2
    assert not {s.id for s in whole} & {s.id for s in split}  # every old id retired
    return whole, split


@contextmanager
def regrouping_after_first_story_read(app_store: Store, url: str, regroup: list[Story]) -> Iterator[list[str]]:
    """While open, the first SELECT on the story tables through ``app_store`` is followed, before
    the reader's next statement, by a committed replacement of the stories with ``regroup``
    (from a connection of its own). Yields the statements after which it happened."""
    writer = Store.open(url)
    fired: list[str] = []

    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        if not fired and statement.lstrip().upper().startswith("SELECT") and STORY_TABLES.search(statement):
            fired.append(statement)
            writer.replace_stories(regroup)

    sa.event.listen(app_store.engine, "after_cursor_execute", after)
    try:
        yield fired
    finally:
        sa.event.remove(app_store.engine, "after_cursor_execute", after)
        writer.close()


def article_page(client: TestClient, story: Story) -> str:
    return f"/articles/{story.articles[-1]}"


def story_page(client: TestClient, story: Story) -> str:
    return f"/stories/{story.id}"


def dossier(client: TestClient, story: Story) -> str:
    return f"/api/stories/{story.id}"


def article_record(client: TestClient, story: Story) -> str:  # the record reads its story's day
    return f"/api/articles/{story.articles[-1]}"


ROUTES: dict[str, Callable[[TestClient, Story], str]] = {
    "article page": article_page, "story page": story_page, "dossier": dossier, "article record": article_record,
}


@pytest.mark.parametrize("route", ROUTES)
def test_a_request_sees_the_stories_before_or_after_a_regrouping_never_a_gap(route, store_url, groupings):
    whole, split = groupings
    with Store.open(store_url) as store:
        store.replace_stories(whole)
    app = create_app(store_url, allowed_hosts=["testserver"])
    with TestClient(app) as client:
        path = ROUTES[route](client, whole[0])
        with regrouping_after_first_story_read(app.state.store, store_url, split) as fired:
            response = client.get(path)
        assert response.status_code == 200, f"GET {path} ({route}) answered {response.status_code}: {response.text[:300]}"
        assert fired, f"GET {path} ({route}) never read the stories: the race was not exercised"
        if route == "article record":  # it reads the day the story gives the page, in the same snapshot
            return
        if route == "dossier":
            data = response.json()
            assert data["story"]["id"] == whole[0].id
            assert sorted(a["id"] for a in data["articles"]) == sorted(whole[0].articles)
        if route == "article page":  # its peers are the story it read: the other four, not three
            for other in whole[0].articles[:-1]:
                assert f'<option value="{other}">' in response.text, f"GET {path}: peer {other} missing"
        # and the regrouping did commit: the next reader sees it
        with Store.open(store_url) as store:
            assert {s.id for s in store.stories()} == {s.id for s in split}
