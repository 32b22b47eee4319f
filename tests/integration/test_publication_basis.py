"""A publication day says what gave it: an HTML page's own metadata is "page metadata", a day the
user gives in a sidecar is "given"; and readers see which, in `storyscope show`, the JSON export
and the article page."""

from __future__ import annotations

import html
import json

import pytest
from fastapi.testclient import TestClient

from storyscope.config import Settings
from storyscope.library import ingest_paths
from storyscope.store import Store
from storyscope.web import create_app

STATED = "stated in the page's metadata"
GIVEN = "given with the input (sidecar, form or record)"
BODY = ("<p>The ministry said on Monday that officials would be allowed to visit the region under conditions.</p>"
        "<p>The ministry said on Tuesday that the visits would begin within weeks, after talks with the region.</p>")


def page(title: str, address: str) -> str:
    """A news page whose head states its day (8 January 2019) and nothing in its text does."""
    return ('<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'<title>{title} | Example Times</title><meta property="og:site_name" content="Example Times">'
            '<meta property="article:published_time" content="2019-01-08T09:00:00Z">'
            f'<link rel="canonical" href="{address}"></head>'
            f"<body><article><h1>{title}</h1>{BODY}</article></body></html>")


@pytest.fixture(scope="module")
def dated_db(tmp_path_factory) -> tuple[str, dict[str, str]]:
    """Two HTML pages stating their day in their metadata; the sidecar gives the second another day.
    Returns the store and the article id of each file."""
    folder = tmp_path_factory.mktemp("dated")
    (folder / "stated.html").write_text(page("Officials invited to visit", "https://example.com/news/visit"),
                                        encoding="utf-8")
    (folder / "overridden.html").write_text(page("Ministry opens the region", "https://example.com/news/open"),
                                            encoding="utf-8")
    (folder / "sources.csv").write_text("file,published\noverridden.html,2019-01-10\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path_factory.mktemp('dated-db') / 'dated.db'}"
    summary = ingest_paths([str(folder)], db, workers=1, settings=Settings())
    assert summary.added == 2 and not summary.failures, summary
    with Store.open(db) as store:
        ids = {p.article.source.rsplit("/", 1)[-1]: p.article.id for p in store.iter_processed()}
    return db, ids


def test_a_pages_own_metadata_date_is_not_taken_for_a_given_one(dated_db):
    db, ids = dated_db
    with Store.open(db) as store:
        stated, overridden = store.get(ids["stated.html"]).article, store.get(ids["overridden.html"]).article
    assert (stated.published, stated.published_basis, stated.published_inferred) == ("2019-01-08", "page metadata", False)
    assert stated.published_note == STATED
    assert (overridden.published, overridden.published_basis) == ("2019-01-10", "given")
    assert overridden.published_note == GIVEN


def test_show_and_the_export_say_the_basis(dated_db, cli):
    db, ids = dated_db
    shown = cli("show", ids["stated.html"], "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert f"published 2019-01-08 ({STATED})" in shown.stdout
    given = cli("show", ids["overridden.html"], "--db", db)
    assert f"published 2019-01-10 ({GIVEN})" in given.stdout
    exported = cli("export", "--db", db)
    assert exported.returncode == 0, exported.stderr
    records = {a["id"]: a for a in json.loads(exported.stdout)["articles"]}
    assert (records[ids["stated.html"]]["published_basis"], records[ids["stated.html"]]["published_note"]) == \
        ("page metadata", STATED)
    assert records[ids["overridden.html"]]["published_basis"] == "given"


def test_the_article_page_says_the_basis(dated_db):
    db, ids = dated_db
    with TestClient(create_app(db, allowed_hosts=["testserver"])) as client:
        stated = html.unescape(client.get(f"/articles/{ids['stated.html']}").text)
        given = html.unescape(client.get(f"/articles/{ids['overridden.html']}").text)
    assert f'2019-01-08 <span class="basis">{STATED}</span>' in stated
    assert f'2019-01-10 <span class="basis">{GIVEN}</span>' in given
