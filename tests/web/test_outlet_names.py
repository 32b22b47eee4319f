"""Readers correct an outlet's name in the web app: the form on the article and outlet pages, and
POST /api/outlets/rename. Each test works on its own copy of the clustered example store."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from storyscope.library import MAX_OUTLET_NAME
from storyscope.store import Store
from storyscope.web import create_app

from .conftest import copy_sqlite

SAME_SITE = {"Origin": "http://testserver"}
SCRIPT = "<script>window.__xss=1</script> Post"


@pytest.fixture
def app_db(web_db, tmp_path) -> str:
    return copy_sqlite(web_db, tmp_path / "outlets.db")


@pytest.fixture
def client(app_db):
    with TestClient(create_app(app_db, allowed_hosts=["testserver"])) as test_client:
        yield test_client


def token(client) -> dict[str, str]:
    body = client.get("/api/csrf").json()
    return {body["header"]: body["token"]}


def form_token(client, page: str) -> str:
    return re.search(r'name="csrf_token" value="([0-9a-f]{64})"', client.get(page).text).group(1)


def outlets_by_article(db: str) -> dict[str, str | None]:
    with Store.open(db) as store:
        return {row.id: row.outlet for row in store.list_articles()}


def an_outlet(db: str) -> tuple[str, list[str]]:
    """The outlet with the most pages, and its pages."""
    before = outlets_by_article(db)
    name = max((o for o in before.values() if o), key=lambda o: list(before.values()).count(o))
    return name, [a for a, o in before.items() if o == name]


def rename(client, old: str, new: str, headers: dict | None = None):
    return client.post("/api/outlets/rename", json={"old": old, "new": new},
                       headers=token(client) if headers is None else headers)


def test_the_api_renames_every_page_of_the_outlet_and_every_view_shows_it(client, app_db):
    old, pages = an_outlet(app_db)
    before = outlets_by_article(app_db)
    story_id = client.get("/api/stories").json()["items"][0]["id"]
    assert old in {a["outlet"] for a in client.get(f"/api/stories/{story_id}").json()["articles"]}  # now cached
    named = [e for e in client.get("/api/entities?limit=200").json()["items"] if old in e["outlets"]]

    response = rename(client, old, "  Corrected \n Outlet ")  # whitespace folded
    assert response.status_code == 200, response.text
    assert response.json() == {"old": old, "new": "Corrected Outlet", "renamed": len(pages)}

    assert outlets_by_article(app_db) == {a: "Corrected Outlet" if o == old else o for a, o in before.items()}
    listed = client.get("/api/articles", params={"outlet": "Corrected Outlet"}).json()["items"]
    assert sorted(a["id"] for a in listed) == sorted(pages)
    assert client.get(f"/api/articles/{pages[0]}").json()["outlet"] == "Corrected Outlet"
    dossier = client.get(f"/api/stories/{story_id}").json()
    assert "Corrected Outlet" in {a["outlet"] for a in dossier["articles"]}
    assert old not in {a["outlet"] for a in dossier["articles"]}
    entities = {e["id"]: e for e in client.get("/api/entities?limit=200").json()["items"]}
    for entity in named:
        assert "Corrected Outlet" in entities[entity["id"]]["outlets"] and old not in entities[entity["id"]]["outlets"]
    assert f'<a href="/outlet?name=Corrected%20Outlet">Corrected Outlet</a>' in client.get(f"/stories/{story_id}").text


@pytest.mark.parametrize("new, reason", [
    ("", "the new name is empty"),
    ("   \n ", "the new name is empty"),
    ("x" * (MAX_OUTLET_NAME + 1), f"the new name is over {MAX_OUTLET_NAME} characters"),
    ("Bad\x00Name", "the new name holds control characters"),
])
def test_the_api_refuses_a_bad_name_with_one_line_and_changes_nothing(client, app_db, new, reason):
    old, _ = an_outlet(app_db)
    before = outlets_by_article(app_db)
    response = rename(client, old, new)
    assert response.status_code == 400 and response.json() == {"detail": reason}
    same = rename(client, old, f" {old} ")
    assert same.status_code == 400 and same.json() == {"detail": "the new name is the name the outlet already has"}
    assert outlets_by_article(app_db) == before
    with Store.open(app_db) as store:
        assert store.outlet_corrections() == {}


def test_the_api_answers_404_for_an_unknown_outlet_and_403_without_the_token(client, app_db):
    old, _ = an_outlet(app_db)
    before = outlets_by_article(app_db)
    assert rename(client, "No Such Outlet", "X").status_code == 404
    for headers in ({}, {"X-CSRF-Token": "0" * 64}, {**token(client), "Origin": "https://evil.example"},
                    {**token(client), "Sec-Fetch-Site": "cross-site"}):
        response = rename(client, old, "Forged", headers)
        assert response.status_code == 403, headers
    assert outlets_by_article(app_db) == before


def test_the_article_page_form_corrects_the_outlet_and_comes_back(client, app_db):
    old, pages = an_outlet(app_db)
    article = f"/articles/{pages[0]}"
    page = client.get(article).text
    assert "Correct this outlet's name" in page and 'action="/outlet/rename"' in page
    response = client.post("/outlet/rename", data={"csrf_token": form_token(client, article), "old": old,
                                                   "new": "The Corrected Times", "back": article},
                           headers=SAME_SITE, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == article
    assert "<dt>outlet</dt><dd>The Corrected Times" in client.get(article).text
    for other in pages[1:]:
        assert "<dt>outlet</dt><dd>The Corrected Times" in client.get(f"/articles/{other}").text
    outlet_page = client.get("/outlet", params={"name": "The Corrected Times"})
    assert outlet_page.status_code == 200
    assert all(f'href="/articles/{a}"' in outlet_page.text for a in pages)
    assert client.get("/outlet", params={"name": old}).status_code == 404


def test_the_form_shows_a_bad_name_as_one_line_over_the_form_and_never_leaves_the_site(client, app_db):
    old, pages = an_outlet(app_db)
    outlet_page = "/outlet?name=" + quote(old)
    csrf = form_token(client, outlet_page)
    refused = client.post("/outlet/rename", data={"csrf_token": csrf, "old": old, "new": " "}, headers=SAME_SITE)
    assert refused.status_code == 400
    errors = re.findall(r'<p class="error">(.*?)</p>', refused.text)
    assert errors == ["the new name is empty"]
    too_long = client.post("/outlet/rename", data={"csrf_token": csrf, "old": old, "new": "y" * 500}, headers=SAME_SITE)
    assert too_long.status_code == 400 and f"over {MAX_OUTLET_NAME} characters" in too_long.text
    assert 'value="' + "y" * 500 + '"' in too_long.text  # the form keeps what was typed
    forged = client.post("/outlet/rename", data={"old": old, "new": "Forged"}, headers=SAME_SITE)
    assert forged.status_code == 403
    assert set(outlets_by_article(app_db).values()) >= {old}

    away = client.post("/outlet/rename", data={"csrf_token": csrf, "old": old, "new": "Moved", "back": "//evil.example/x"},
                       headers=SAME_SITE, follow_redirects=False)
    assert away.status_code == 303 and away.headers["location"] == "/outlet?name=Moved"


def test_a_name_with_markup_is_shown_escaped_everywhere(client, app_db):
    old, pages = an_outlet(app_db)
    assert rename(client, old, SCRIPT).status_code == 200
    story_id = client.get("/api/stories").json()["items"][0]["id"]
    for path in (f"/articles/{pages[0]}", "/outlet?name=" + quote(SCRIPT), f"/stories/{story_id}"):
        html = client.get(path).text
        assert "<script>window.__xss" not in html, path
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt; Post" in html, path
