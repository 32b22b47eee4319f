"""Hostile searches through ``GET /api/search`` and ``GET /search`` on both backends (SQLite FTS5 and
PostgreSQL websearch_to_tsquery): FTS5 syntax left open, operators alone, column filters, deep
nesting, huge and odd-byte queries, SQL-looking strings, LIKE wildcards and hostile filter values.
Each is a 200 (results, maybe none), a 400 with the store's one-line message or a 422 naming the
bad parameter; never a 5xx, never slow, never the query echoed in a message; and afterwards the
store holds what it held and a plain search finds what it found."""

from __future__ import annotations

import html
import re
import time
from contextlib import ExitStack
from urllib.parse import quote, unquote

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from postgres_server import fresh_schema

from storyscope.errors import SearchError
from storyscope.model import Article, ArticleAnalysis, ProcessedArticle, Quote
from storyscope.store import Store
from storyscope.web import create_app

SECONDS = 10  # longest one search may take
MAX_ERROR = 1024  # bytes of an API refusal: one short line, never the query
MAX_MESSAGE = 300  # characters of the message a page shows
STORIES = {"Coast Courier": "The harbour council voted for a new pier on Monday.",
           "Rail Daily": "Rail workers end their strike after talks, the union says."}
PLAIN = "pier"  # found in the first article and its quote, on both backends

# text queries (sent percent-encoded), then raw query strings sent as they are
QUERIES = [
    '"abc', 'abc"', "AND", "OR", "NOT", "-", "*", "^", "NEAR(", "NEAR(a b, 99999999999999999999)",
    "NEAR(pier council, -1)", "text:foo", "{title text}: foo", "title:", ":", "outlet:", "foo AND", "AND pier",
    "(" * 10_000, "(" * 200, "(" * 60 + "pier" + ")" * 60, "(pier OR " * 150 + "pier" + ")" * 150,
    "-" * 999, "- " * 400, "-" * 40 + "pier", "x" * 60_000, "pier " * 5_000, "pier " * 199, "a OR " * 199 + "a",
    "NEAR(" + "pier " * 190 + ")", '"' + "pier " * 190 + '"', "\x00", "pier\x00", "\x00pier\x00rail",
    "\x01\x02\x1b[31m\x7f", "pier\r\nrail\t", "' OR 1=1 --", '"; DROP TABLE articles; --', "foo') UNION SELECT",
    "pier'; DELETE FROM search_index; --", "*pier", "pier*", "* *", '""', '" "', '"" AND ""', "\U0001f6a2 pier",
    "\u202epier\u202c", "\u200b\ufeff", "%", "_", "%pier%", "pi_r", "\\", "pier:*", "pier & rail", "pier <-> rail",
]
RAW = ["%00", "%ED%A0%80", "%FF%FE", "pier%FF", "%C0%80", "%E2%80", "%", "%%", "%zz", "%2", "pier&q=rail", "q"]
ATTACKS = [quote(q, safe="") for q in QUERIES] + RAW


def _label(raw: str) -> str:
    return raw[:30] + (f"...({len(raw)})" if len(raw) > 30 else "")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    """A client over a store of two hand-made articles (no NLP), on each backend."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('search-attacks') / 'attacks.db'}"
        else:
            url = stack.enter_context(fresh_schema())
        with Store.open(url) as store:
            store.add_many(ProcessedArticle(
                Article(id=f"5ea7c400{n:08x}", source=f"{n}.txt", format="text", text=text, title=text[:24],
                        outlet=outlet, published=f"2024-03-0{n + 1}"),
                ArticleAnalysis(quotes=(Quote("Maria Lund", "person", "she", "said", text, 0, 9, "direct", 0),),
                                model="test"),
            ) for n, (outlet, text) in enumerate(STORIES.items()))
        client = stack.enter_context(TestClient(create_app(url, allowed_hosts=["testserver"])))
        client.before = (_rows(client), _found(client))
        yield client


def _rows(client) -> tuple[int, int]:
    with client.app.state.store.engine.connect() as conn:
        return tuple(conn.scalar(sa.select(sa.func.count()).select_from(sa.table(t)))
                     for t in ("articles", "search_index"))


def _found(client) -> list[tuple[str, str]]:
    items = client.get("/api/search", params={"q": PLAIN}).json()["items"]
    return [(i["kind"], i["article_id"]) for i in items]


def _timed_get(client, url: str):
    start = time.monotonic()
    response = client.get(url)
    assert time.monotonic() - start < SECONDS, f"{url[:60]} took too long"
    return response


def api(client, query: str = "", **raw) -> tuple[int, dict]:
    """``/api/search`` with an encoded ``q`` and raw (already encoded) other parameters; the status
    and the JSON, checked for shape: a page of items, or a short one-line refusal."""
    url = "/api/search?" + "&".join(f"{k}={v}" for k, v in {"q": query, **raw}.items())
    response = _timed_get(client, url)
    assert response.status_code in (200, 400, 422), (url[:80], response.status_code, response.text[:300])
    body = response.json()
    if response.status_code == 200:
        assert isinstance(body["items"], list)
    else:
        assert len(response.content) < MAX_ERROR and set(body) == {"detail"}
        assert "\n" not in body["detail"]
    return response.status_code, body


def page(client, query: str = "", **raw) -> tuple[int, str | None]:
    """``/search`` likewise: the status and the message the page shows (None without one); the
    page is HTML, and beyond the form's own (escaped) copy of the query it is bounded."""
    url = "/search?" + "&".join(f"{k}={v}" for k, v in {"q": query, **raw}.items())
    response = _timed_get(client, url)
    assert response.status_code in (200, 400, 422), (url[:80], response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    text = re.sub(r'<input id="q" name="q" type="search" value="[^"]*"', "", response.text)
    assert len(text) < 20_000  # the two small articles' results at most
    shown = re.search(r'<p class="error">(.*?)</p>|<h1>\d{3}</h1>\s*<p>(.*?)</p>', text, re.S)
    message = html.unescape(shown.group(1) or shown.group(2)).strip() if shown else None
    if response.status_code != 200:
        assert message and len(message) <= MAX_MESSAGE and "\n" not in message, text[-800:]
    return response.status_code, message


def _decoded(raw: str) -> str:
    return unquote(raw, errors="replace")


@pytest.mark.parametrize("raw", ATTACKS, ids=[_label(a) for a in ATTACKS])
def test_a_hostile_query_is_answered_or_refused_in_one_line(site, raw):
    status, body = api(site, raw)
    page_status, message = page(site, raw)
    query = _decoded(raw)
    if len(query) > 1000:  # the API's and the page's limit on q
        assert (status, body["detail"]) == (422, "invalid value for: q")
    else:
        assert status in (200, 400)
    if len(query.strip()) >= 12:  # a message is the store's own wording, never the query
        assert all(query.strip() not in shown for shown in (body.get("detail"), message) if shown)
    # the page and the API read the query alike (the page has no limit: a 422 means the same)
    assert page_status == status


@pytest.mark.parametrize(("params", "expected"), [
    ({"outlet": "%00"}, 200), ({"outlet": "Coast%20Courier%00"}, 200), ({"outlet": "%25"}, 200),
    ({"outlet": "_"}, 200), ({"outlet": quote("' OR 1=1 --")}, 200), ({"outlet": "x" * 1001}, 422),
    ({"speaker": "%00"}, 200), ({"speaker": "ma%00ria"}, 200), ({"speaker": "%25"}, 200), ({"speaker": "_"}, 200),
    ({"speaker": "%FF%FE"}, 200), ({"speaker": "%ED%A0%80"}, 200),
    ({"since": "9999-99-99"}, 400), ({"since": "-1"}, 400), ({"since": "0000-00-00"}, 400),
    ({"since": "99999-01-01"}, 400), ({"since": "2024-02-30"}, 400), ({"since": "%00"}, 400),
    ({"since": "1" * 41}, 422), ({"until": "yesterday"}, 400), ({"until": "0001-01-01"}, 200),
    ({"since": "2024-03-02", "until": "2024-03-01"}, 200),
    ({"offset": "-1"}, 422), ({"offset": "abc"}, 422), ({"offset": "1e3"}, 422), ({"offset": "1000000000"}, 200),
    ({"offset": "1000000001"}, 422), ({"offset": "9" * 30}, 422), ({"offset": "%00"}, 422),
    ({"limit": "-1"}, 422), ({"limit": "0"}, 422), ({"limit": "abc"}, 422), ({"limit": "1.5"}, 422),
    ({"limit": "1000000000"}, 200), ({"limit": "9" * 30}, 422),
], ids=lambda v: _label("&".join(f"{k}={x}" for k, x in v.items())) if isinstance(v, dict) else str(v))
def test_hostile_filter_values(site, params, expected):
    status, body = api(site, PLAIN, **params)
    assert status == expected, body
    if status == 200 and set(params) & {"outlet", "speaker"}:  # no wildcard, no injection: nothing matches
        assert body["items"] == []
    if status == 400:
        assert body["detail"].endswith("must be a day written YYYY-MM-DD")
    if status == 422:
        assert body["detail"] == f"invalid value for: {next(iter(params))}"
    if "limit" not in params:  # the page has no limit parameter
        assert page(site, PLAIN, **params)[0] == status


def test_nesting_beyond_the_search_engines_stack_is_a_400_not_a_500(site):
    sqlite = site.app.state.store.engine.dialect.name == "sqlite"
    # FTS5's parser overflows at about 100 parentheses; websearch_to_tsquery ignores them
    status, body = api(site, quote("(" * 200 + "pier" + ")" * 200))
    assert (status, body.get("detail", "")[:60]) == (
        (400, "malformed search: the parentheses are nested too deeply; use") if sqlite else (200, ""))
    # a run of "-" is nested NOTs to websearch_to_tsquery (its stack holds 32); FTS5 reads it as punctuation
    status, body = api(site, quote("- " * 100 + "pier"))
    assert (status, body.get("detail")) == ((200, None) if sqlite else (400, "malformed search: too many - (not) in a row"))
    assert page(site, quote("-" * 50))[1] == (None if sqlite else "malformed search: too many - (not) in a row")


def test_the_store_refuses_a_query_too_long_for_a_url(site):
    # 100,000 characters is past what the test client puts in a URL (64 KiB): the store's own cap
    with pytest.raises(SearchError, match="^the search is longer than 1000 characters$"):
        site.app.state.store.search("x" * 100_000)


def test_after_the_attacks_the_store_is_as_before(site):
    rows, found = site.before
    assert rows[0] == len(STORIES) and found
    assert (_rows(site), _found(site)) == (rows, found)
