"""An article carrying markup and a javascript: address, ingested for real, rendered through every page."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from storyscope.config import Settings
from storyscope.library import cluster_stories, ingest_paths
from storyscope.web import create_app

pytestmark = pytest.mark.slow

PAYLOAD = "<script>alert(1)</script>"
HOSTILE = {
    "url": "javascript:alert(1)",
    "title": f"Harbour council {PAYLOAD} votes on the new pier",
    "outlet": "Coast <b>Courier</b>",
    "published": "2024-03-01",
    "text": (
        "The harbour council voted on Tuesday to build a new pier at the old ferry landing.\n"
        f"\"The pier {PAYLOAD} will be ready by next summer,\" council chair Maria Lund said after the vote.\n"
        "The project will cost about 4 million euros, according to the council's budget office.\n"
        "Fishermen said they had waited ten years for the landing to be repaired."
    ),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    # "<" written as \u003c: a JSON file showing five tags is read as HTML (ingest.detect), which
    # would strip the markup before it could reach the pages
    (folder / "hostile.json").write_text(json.dumps(HOSTILE).replace("<", "\\u003c"), encoding="utf-8")
    db = f"sqlite:///{folder / 'hostile.db'}"
    summary = ingest_paths([str(folder / "hostile.json")], db, workers=1, settings=Settings())
    assert summary.added == 1, summary
    (story,) = cluster_stories(db)
    with TestClient(create_app(db, allowed_hosts=["testserver"])) as client:
        (article,) = client.get("/api/articles").json()["items"]
        yield client, article["id"], story.id


def test_the_payload_is_stored_as_written(hostile):
    client, article_id, _ = hostile
    record = client.get(f"/api/articles/{article_id}").json()
    assert PAYLOAD in record["text"] and record["url"] == "javascript:alert(1)"


def test_no_page_carries_the_markup_unescaped(hostile):
    client, article_id, story_id = hostile
    for path in ("/", f"/stories/{story_id}", f"/articles/{article_id}"):
        html = client.get(path).text
        assert "<script" not in html, path
        assert "<b>Courier" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or path == "/", path


def test_the_article_page_escapes_text_title_and_outlet(hostile):
    client, article_id, _ = hostile
    html = client.get(f"/articles/{article_id}").text
    assert "Harbour council &lt;script&gt;alert(1)&lt;/script&gt; votes" in html
    assert "Coast &lt;b&gt;Courier&lt;/b&gt;" in html
    assert '<mark class="quote' in html  # the quote holding the payload is still highlighted


def test_a_javascript_address_is_shown_but_never_linked(hostile):
    client, article_id, story_id = hostile
    html = client.get(f"/articles/{article_id}").text
    assert "javascript:alert(1)" in html and "not linked" in html
    for path in ("/", f"/stories/{story_id}", f"/articles/{article_id}"):
        assert 'href="javascript' not in client.get(path).text.lower()
