"""Two articles side by side and the entity pages, over the example store and a hostile one."""

from __future__ import annotations

import re
from itertools import combinations

import pytest
from fastapi.testclient import TestClient

from storyscope.compare.entity_index import entity_id
from storyscope.model import Article, ArticleAnalysis, Entity, Event, ProcessedArticle, Quote, Sentence, Story
from storyscope.store import Store
from storyscope.web import create_app


@pytest.fixture(scope="module")
def ids(client) -> list[str]:
    return [a["id"] for a in client.get("/api/articles").json()["items"]]


@pytest.fixture(scope="module")
def sharing(client, ids) -> dict:
    """The comparison of the first pair of example articles that shares a passage."""
    for a, b in combinations(ids, 2):
        data = client.get(f"/api/compare/{a}/{b}").json()
        if data["passages"]:
            return data
    pytest.fail("no two example articles share a passage")


def test_the_api_compares_two_articles(client, sharing):
    assert {"a", "b", "reuse", "passages", "claims", "numbers"} <= set(sharing)
    assert set(sharing["claims"]) == {"shared", "only_a", "only_b"}
    for passage in sharing["passages"]:
        assert passage["a"] < len(sharing["a"]["sentences"]) and passage["b"] < len(sharing["b"]["sentences"])
    assert sharing["reuse"]["kind"] in {"verbatim", "edited", "spun"}
    assert {sharing["reuse"]["source"], sharing["reuse"]["copy"]} == {sharing["a"]["id"], sharing["b"]["id"]}
    for claim in sharing["claims"]["shared"]:
        assert claim["a"]["text"] and claim["b"]["text"]


def test_the_page_shows_both_texts_with_linked_passages(client, sharing):
    a, b = sharing["a"]["id"], sharing["b"]["id"]
    html = client.get(f"/compare/{a[:6]}/{b[:6]}").text
    assert html.count('<section class="side"') == 2
    assert f'href="/articles/{a}"' in html and f'href="/articles/{b}"' in html
    for passage in sharing["passages"]:
        pid = passage["id"]
        mark_a = re.search(rf'<a class="passage (c\d)" id="a-{pid}" href="#b-{pid}"', html)
        mark_b = re.search(rf'<a class="passage (c\d)" id="b-{pid}" href="#a-{pid}"', html)
        assert mark_a and mark_b and mark_a.group(1) == mark_b.group(1)  # one colour per passage
    assert "<h2>Claims both carry</h2>" in html and "<h2>Numbers both give</h2>" in html


def test_articles_of_one_story_link_to_each_other_for_comparison(client, ids):
    html = client.get(f"/articles/{ids[0]}").text
    assert '<form class="compare" method="get" action="/compare">' in html
    assert all(f'<option value="{other}">' in html for other in ids[1:])  # the examples form one story
    response = client.get("/compare", params={"a": ids[0], "b": ids[1]}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/compare/{ids[0]}/{ids[1]}"


def test_unknown_or_identical_articles(client, ids):
    for path in (f"/compare/{ids[0]}/zzzz<i>marker", f"/compare/ffff0000/{ids[0]}"):
        page, api = client.get(path), client.get("/api" + path)
        assert page.status_code == api.status_code == 404
        assert "marker" not in page.text and "marker" not in api.text
        assert api.json() == {"detail": "nothing has this id (or the id prefix is ambiguous)"}
    assert client.get(f"/api/compare/{ids[0]}/{ids[0][:6]}").status_code == 400


def test_entities_are_listed_paginated_and_filtered(client):
    first = client.get("/api/entities", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2 and first["total"] > 2
    rest = client.get("/api/entities", params={"offset": 2, "limit": 200}).json()
    assert rest["next_offset"] is None and len(rest["items"]) == first["total"] - 2
    lu = client.get("/api/entities", params={"q": "kangm"}).json()["items"]  # an alias matches too
    assert [e["name"] for e in lu] == ["Lu Kang"] and lu[0]["id"] == entity_id("Lu Kang")
    html = client.get("/entities", params={"q": "lu kang"}).text
    assert f'href="/entities/{lu[0]["id"]}"' in html
    assert client.get("/api/entities", params={"limit": 0}).status_code == 422


def test_an_entity_record_has_its_statements_and_mentions_with_dates(client):
    (lu,) = client.get("/api/entities", params={"q": "Lu Kang"}).json()["items"]
    record = client.get(f"/api/entities/{lu['id'][:6]}").json()
    assert record["name"] == "Lu Kang" and "Foreign Ministry spokesman" in record["roles"]
    assert len(record["statements"]) == lu["statements"] > 0
    assert len(record["mentions"]) == lu["mentions"] > 0
    for item in record["statements"] + record["mentions"]:
        assert item["published"] and item["article"] and item["text"]
    html = client.get(f"/entities/{lu['id']}").text
    assert "<h1>Lu Kang</h1>" in html
    for statement in record["statements"]:
        assert f'href="/articles/{statement["article"]}"' in html


def test_the_story_page_links_its_entities(client):
    story_id = client.get("/api/stories").json()["items"][0]["id"]
    linked = set(re.findall(r'href="/entities/(n[0-9a-f]{12})"', client.get(f"/stories/{story_id}").text))
    assert entity_id("Lu Kang") in linked
    assert all(client.get(f"/api/entities/{e}").status_code == 200 for e in sorted(linked)[:3])


def test_unknown_entities_are_404s(client):
    for path in ("/entities/nzzzz<i>marker", "/entities/n", "/api/entities/nffffffffffff"):
        response = client.get(path)
        assert response.status_code == 404 and "marker" not in response.text


PAYLOAD = "<script>alert(1)</script>"


def hostile_article(aid: str, outlet: str, sentences: list[str], **analysis) -> ProcessedArticle:
    spans, start = [], 0
    for i, s in enumerate(sentences):
        spans.append(Sentence(i, start, start + len(s), s))
        start += len(s) + 1
    return ProcessedArticle(Article(id=aid, source=aid, format="text", text="\n".join(sentences), outlet=outlet,
                                    title=f"Pier {PAYLOAD}", published="2024-03-01"),
                            ArticleAnalysis(sentences=tuple(spans), **analysis))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    said = f"Council chair {PAYLOAD} Maria Lund said the pier would open next summer."
    other = "The harbour council voted on Tuesday to build a new pier at the old ferry landing."
    name = Entity("Maria Lund", "PERSON", 41, 51, 0, "Maria Lund")
    quote = Quote("Maria Lund", "person", "Maria Lund", "said", f"the pier {PAYLOAD} would open", 57, 90,
                  "indirect", 0)
    one = hostile_article("a" * 16, "Coast <b>Courier</b>", [said, other], entities=(name,), quotes=(quote,))
    two = hostile_article("b" * 16, "Bay <i>Post</i>", [said, other, "Fishermen had waited ten years."],
                          entities=(name,), quotes=(quote,))
    db = f"sqlite:///{tmp_path_factory.mktemp('hostile-compare') / 'hostile.db'}"
    with Store.open(db) as store:
        store.add_many([one, two])
        members = ("a" * 16, "b" * 16)
        store.replace_stories([Story("s" + "a" * 12, None, members, (Event("e" + "a" * 12, None, "2024-03-01", members),))])
    with TestClient(create_app(db, allowed_hosts=["testserver"])) as test_client:
        yield test_client


def test_hostile_text_is_escaped_on_the_compare_and_entity_pages(hostile):
    lund = entity_id("Maria Lund")
    for path in (f"/compare/{'a' * 16}/{'b' * 16}", "/entities", f"/entities/{lund}", f"/articles/{'a' * 16}"):
        html = hostile.get(path).text
        assert "<script" not in html and "<b>Courier" not in html and "<i>Post" not in html, path
    page = hostile.get(f"/compare/{'a' * 16}/{'b' * 16}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Coast &lt;b&gt;Courier&lt;/b&gt;" in page
    assert 'id="a-p1" href="#b-p1"' in page  # the hostile sentence is still a shared passage
    assert "the pier &lt;script&gt;" in hostile.get(f"/entities/{lund}").text
    record = hostile.get(f"/api/entities/{lund}").json()
    assert [s["outlet"] for s in record["statements"]] == ["Coast <b>Courier</b>", "Bay <i>Post</i>"]
