"""The server-rendered pages over the example store."""

from __future__ import annotations

import re

import pytest
from jinja2 import select_autoescape

from storyscope.web import templating


@pytest.fixture(scope="module")
def story_id(client) -> str:
    return client.get("/api/stories").json()["items"][0]["id"]


def test_index_lists_stories_with_counts_and_days(client, story_id):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert f'href="/stories/{story_id}"' in html
    assert "China conditionally invites UN observers to Xinjiang" in html
    assert "2019-01-07 – 2022-02" in html
    assert '<link rel="stylesheet" href="/static/style.css">' in html


def test_index_search_filters_by_title_and_escapes_the_query(client, story_id):
    assert f"/stories/{story_id}" in client.get("/", params={"q": "xinjiang"}).text
    html = client.get("/", params={"q": '"><script>x</script>'}).text
    assert f"/stories/{story_id}" not in html
    assert "<script>x" not in html and "&lt;script&gt;x" in html


def test_story_page_shows_the_dossier(client, story_id):
    html = client.get(f"/stories/{story_id[:6]}").text
    for heading in ("Brief", "Coverage over time", "Outlets × claims", "Events", "Numbers across outlets",
                    "Word choice", "Voices by kind", "Timeline"):
        assert f"<h2>{heading}</h2>" in html
    assert '<table class="matrix">' in html
    assert html.count('<svg role="img"') >= 3  # coverage, voices and at least one label chart
    assert "officials and governments" in html  # a kind of voice in the chart's key
    assert "The Epoch Times" in html
    articles = client.get("/api/articles").json()["items"]
    for article in articles:  # every event links its articles
        assert f'href="/articles/{article["id"]}"' in html


def test_article_page_highlights_quotes_and_collapses_the_residue(client):
    articles = client.get("/api/articles").json()["items"]
    with_residue = next(a for a in articles if client.get(f"/api/articles/{a['id']}").json()["boilerplate"])
    record = client.get(f"/api/articles/{with_residue['id']}").json()
    html = client.get(f"/articles/{record['id']}").text
    marks = re.findall(r'<mark class="quote (?:direct|indirect)"[^>]*>', html)
    assert marks and len(marks) <= len(record["quotes"])
    assert '<details class="residue">' in html and "<details class=\"residue\" open" not in html
    assert f"Removed page residue ({len(record['boilerplate'])} lines)" in html


def test_article_page_marks_an_estimated_date(client):
    articles = client.get("/api/articles").json()["items"]
    for article in articles:
        html = client.get(f"/articles/{article['id']}").text
        assert ("estimated from the dates in the text" in html) == article["published_inferred"]


def test_missing_pages_are_404_pages_that_do_not_echo_the_request(client):
    for path in ("/stories/zzzz<i>marker</i>", "/articles/zzzz<i>marker</i>", "/no/such/page<i>marker</i>"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "marker" not in response.text


def test_the_stylesheet_is_served_locally(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")


def test_page_templates_are_html_and_autoescaped():
    names = templating.env.list_templates()
    assert names and all(name.endswith(".html") for name in names)
    autoescape = templating.env.autoescape
    assert all(autoescape(name) for name in names)
    assert select_autoescape(enabled_extensions=("html.j2",))("index.html") is False  # the report's pitfall
    with pytest.raises(ValueError):
        templating.render("story.txt")


def test_templates_escape_what_they_are_given():
    html = templating.render("error.html", status=404, detail="<script>alert(1)</script>")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_article_page_lists_its_claims_carried_by_other_outlets(client):
    api = client.get("/api/stories").json()["items"][0]
    dossier = client.get(f"/api/stories/{api['id']}").json()
    shared = next(c for c in dossier["claims"] if len(c["outlets"]) > 1)
    version = shared["versions"][0]
    html = client.get(f"/articles/{version['article']}").text
    assert "<h2>Claims</h2>" in html and f'href="/stories/{dossier["story"]["id"]}"' in html
    other = next(o for o in shared["outlets"] if o != version["outlet"])
    row = html[html.index("<h2>Claims</h2>"):html.index("</table>", html.index("<h2>Claims</h2>"))]
    assert other in row and version["stance"] in row
