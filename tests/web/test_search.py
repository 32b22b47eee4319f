"""Search over the example store (API and page), malformed queries as 400s, and matches marked in escaped text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storyscope.model import Article, ArticleAnalysis, ProcessedArticle, Quote
from storyscope.store import Store
from storyscope.web import create_app
from storyscope.web.markup import marked_segments

MALFORMED = ['"unclosed', "AND AND", "NEAR(", "(pier", "pier) OR"]
PAYLOAD = "<script>alert(1)</script>"


def test_api_finds_articles_and_quotes_with_offsets(client):
    response = client.get("/api/search", params={"q": "visit"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"items", "offset", "limit", "next_offset"}
    kinds = {item["kind"] for item in body["items"]}
    assert kinds == {"article", "quote"}
    for item in body["items"]:
        assert {"kind", "article_id", "title", "outlet", "published", "speaker", "snippet", "spans"} <= set(item)
        for start, end in item["spans"]:
            assert item["snippet"][start:end].casefold().startswith("visit")
    ranks = [item["rank"] for item in body["items"]]
    assert ranks == sorted(ranks)


def test_api_filters_and_pages(client):
    every = client.get("/api/search", params={"q": "Xinjiang", "limit": 200}).json()["items"]
    assert len(every) > 3
    first = client.get("/api/search", params={"q": "Xinjiang", "limit": 2}).json()
    assert first["next_offset"] == 2 and first["items"] == every[:2]
    second = client.get("/api/search", params={"q": "Xinjiang", "limit": 2, "offset": 2}).json()
    assert second["items"] == every[2:4]
    outlet = next(i["outlet"] for i in every if i["outlet"])
    only = client.get("/api/search", params={"q": "Xinjiang", "outlet": outlet, "limit": 200}).json()["items"]
    assert only and {i["outlet"] for i in only} == {outlet}
    since = client.get("/api/search", params={"q": "Xinjiang", "since": "2019-07-01", "limit": 200}).json()
    assert since["items"] and all(i["published"] >= "2019-07-01" for i in since["items"])
    quotes = client.get("/api/search", params={"q": "visit", "speaker": "geng"}).json()["items"]
    assert quotes and {(i["kind"], i["speaker"]) for i in quotes} == {("quote", "Geng Shuang")}


@pytest.mark.parametrize("query", MALFORMED)
def test_api_malformed_query_is_a_400_with_a_message(client, query):
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("malformed search: ") and "\n" not in detail


def test_api_bad_date_and_missing_query(client):
    assert client.get("/api/search", params={"q": "visit", "since": "yesterday"}).status_code == 400
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search", params={"q": "visit", "limit": 0}).status_code == 422


def test_page_shows_the_form_then_results_marked(client):
    empty = client.get("/search")
    assert empty.status_code == 200 and 'name="q"' in empty.text and "<ol" not in empty.text
    page = client.get("/search", params={"q": "visit", "outlet": "", "since": "", "until": "", "speaker": ""})
    assert page.status_code == 200
    assert "<mark>visit</mark>" in page.text and 'href="/articles/' in page.text


@pytest.mark.parametrize("query", MALFORMED)
def test_page_shows_the_message_for_malformed_syntax(client, query):
    page = client.get("/search", params={"q": query})
    assert page.status_code == 400
    assert "malformed search: " in page.text and 'name="q"' in page.text  # the form stays


def test_search_is_in_the_openapi_schema(client):
    assert "/api/search" in client.get("/openapi.json").json()["paths"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A real store with one article and quote carrying markup (built by hand: no NLP needed)."""
    db = f"sqlite:///{tmp_path_factory.mktemp('search-hostile') / 'hostile.db'}"
    text = f"The harbour council voted for a pier {PAYLOAD} at the old landing.\nMore news & views."
    article = Article(id="feedc0de00000001", source="hostile.json", format="json", text=text,
                      title=f"Pier {PAYLOAD}", outlet="Coast <b>Courier</b>", published="2024-03-01")
    quote = Quote("Maria <i>Lund</i>", "person", "she", "said", f"the pier {PAYLOAD} is ready", 0, 10, "direct", 0)
    with Store.open(db) as store:
        store.add(ProcessedArticle(article, ArticleAnalysis(quotes=(quote,), model="test")))
    with TestClient(create_app(db, allowed_hosts=["testserver"])) as test_client:
        yield test_client


def test_a_match_next_to_markup_is_marked_and_the_markup_escaped(hostile):
    api = hostile.get("/api/search", params={"q": "pier"}).json()["items"]
    assert {i["kind"] for i in api} == {"article", "quote"}
    assert any(PAYLOAD in i["snippet"] for i in api)  # the API returns the plain text as stored
    html = hostile.get("/search", params={"q": "pier script"}).text
    assert "<script" not in html and "<b>Courier" not in html and "<i>Lund" not in html
    assert "<mark>pier</mark> &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html
    assert "Coast &lt;b&gt;Courier&lt;/b&gt;" in html


def test_marked_segments_add_up_to_the_text():
    assert marked_segments("a <b> c", [(2, 5)]) == [
        {"text": "a ", "mark": False}, {"text": "<b>", "mark": True}, {"text": " c", "mark": False}]
    pieces = marked_segments("abcdef", [(4, 9), (0, 2), (1, 3), (5, 5)])
    assert "".join(p["text"] for p in pieces) == "abcdef"
    assert [p["text"] for p in pieces if p["mark"]] == ["ab", "ef"]


@pytest.fixture(scope="module")
def punctuated(tmp_path_factory):
    """A real store of two articles (built by hand: no NLP needed); only the first holds the words
    of the punctuated queries below, and one quote of the second holds "covid-19"."""
    db = f"sqlite:///{tmp_path_factory.mktemp('search-punctuated') / 'punctuated.db'}"
    texts = {"feedc0de00000002": "The U.S. envoy saw the covid-19 ward.\nA col in the hills; drop the table of articles.",
             "feedc0de00000003": "The harbour council voted for a pier at the old landing."}
    quote = Quote("Maria Lund", "person", "she", "said", "the covid-19 rules are over", 0, 10, "direct", 0)
    with Store.open(db) as store:
        for n, (article_id, text) in enumerate(texts.items()):
            article = Article(id=article_id, source=f"{n}.txt", format="text", text=text, title=f"Page {n}",
                              outlet="Coast Courier", published="2024-03-01")
            store.add(ProcessedArticle(article, ArticleAnalysis(quotes=(quote,) if n else (), model="test")))
    with TestClient(create_app(db, allowed_hosts=["testserver"])) as test_client:
        yield test_client


@pytest.mark.parametrize(("query", "found"), [
    ("U.S.", [("article", "feedc0de00000002")]),
    ("col:", [("article", "feedc0de00000002")]),  # a column filter's shape, read as the word
    ("'; DROP TABLE articles; --", [("article", "feedc0de00000002")]),
    ("covid-19", {("article", "feedc0de00000002"), ("quote", "feedc0de00000003")}),
])
def test_words_with_punctuation_are_searched_not_refused(punctuated, query, found):
    response = punctuated.get("/api/search", params={"q": query})
    assert response.status_code == 200
    items = [(i["kind"], i["article_id"]) for i in response.json()["items"]]
    assert (items if isinstance(found, list) else set(items)) == found
    page = punctuated.get("/search", params={"q": query})
    assert page.status_code == 200 and all(f'href="/articles/{article_id}"' in page.text for _, article_id in found)
