"""The JSON API over the example store: shapes, pagination, ids shared with the export, 404s."""

from __future__ import annotations

from storyscope.store import Store

from .conftest import EXAMPLE_ARTICLES

SECURITY = {
    "content-security-policy": "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
}


def _page_keys(body: dict) -> None:
    assert set(body) == {"items", "offset", "limit", "next_offset", "total"}


def test_stories_lists_the_example_story_with_counts_and_days(client):
    response = client.get("/api/stories")
    assert response.status_code == 200
    body = response.json()
    _page_keys(body)
    assert body["total"] == 1 and body["next_offset"] is None
    (story,) = body["items"]
    assert set(story) == {"id", "title", "articles", "outlets", "events", "first_date", "last_date"}
    assert story["articles"] == EXAMPLE_ARTICLES and story["events"] == 3
    assert story["outlets"] >= 4
    assert story["first_date"] == "2019-01-07" and story["last_date"].startswith("2022-02")


def test_stories_search_and_pagination(client):
    assert client.get("/api/stories", params={"q": "XINJIANG"}).json()["total"] == 1
    assert client.get("/api/stories", params={"q": "no such words"}).json()["items"] == []
    past_the_end = client.get("/api/stories", params={"offset": 5}).json()
    assert past_the_end["items"] == [] and past_the_end["total"] == 1


def test_limit_is_capped_at_200(client):
    assert client.get("/api/articles", params={"limit": 5000}).json()["limit"] == 200
    assert client.get("/api/stories", params={"limit": 5000}).json()["limit"] == 200


def test_story_is_the_dossier_by_id_or_prefix(client, web_db):
    story_id = client.get("/api/stories").json()["items"][0]["id"]
    full = client.get(f"/api/stories/{story_id}").json()
    assert full["story"]["id"] == story_id
    assert {"brief", "events", "claims", "numbers", "voices", "timeline", "articles"} <= set(full)
    assert client.get(f"/api/stories/{story_id[:6]}").json() == full
    with Store.open(web_db) as store:
        assert {a["id"] for a in full["articles"]} == set(store.story(story_id).articles)


def test_articles_pages_through_every_article_once(client):
    seen, offset = [], 0
    while offset is not None:
        body = client.get("/api/articles", params={"offset": offset, "limit": 2}).json()
        _page_keys(body)
        assert len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
        offset = body["next_offset"]
    assert len(seen) == len(set(seen)) == EXAMPLE_ARTICLES
    item = client.get("/api/articles", params={"limit": 1}).json()["items"][0]
    assert {"id", "title", "outlet", "published", "published_inferred", "quotes", "dates", "numbers"} <= set(item)


def test_articles_filter_by_outlet(client):
    body = client.get("/api/articles", params={"outlet": "The Epoch Times"}).json()
    assert body["items"] and {i["outlet"] for i in body["items"]} == {"The Epoch Times"}
    assert client.get("/api/articles", params={"outlet": "Nobody"}).json()["items"] == []


def test_article_is_the_export_record(client, web_db):
    article_id = client.get("/api/articles", params={"limit": 1}).json()["items"][0]["id"]
    record = client.get(f"/api/articles/{article_id[:8]}").json()
    assert record["id"] == article_id and record["version"] == 1
    assert {"text", "boilerplate", "sentences", "quotes", "dates", "numbers", "published_inferred"} <= set(record)
    with Store.open(web_db) as store:
        assert record["text"] == store.get(article_id).article.text


def test_unknown_or_short_ids_are_404_json_without_echo(client):
    for path in ("/api/stories/ffffffffffff", "/api/stories/s", "/api/articles/ffffffffffffffff",
                 "/api/articles/ab"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/json"
        detail = response.json()["detail"]
        assert detail and "ffff" not in detail and "'ab'" not in detail


def test_invalid_parameters_are_422_naming_the_parameter_not_the_value(client):
    response = client.get("/api/articles", params={"limit": "<b>many</b>"})
    assert response.status_code == 422
    assert response.json() == {"detail": "invalid value for: limit"}


def test_every_response_carries_the_security_headers(client):
    for path in ("/api/stories", "/api/articles/nothing-here", "/api/nowhere", "/", "/static/style.css",
                 "/openapi.json"):
        response = client.get(path)
        for name, value in SECURITY.items():
            assert response.headers.get(name) == value, (path, name)


def test_the_openapi_schema_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/articles/{article_id}"} <= set(paths)
