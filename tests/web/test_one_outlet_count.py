"""One story, one outlet count and one spelling of a missing outlet, on every surface over the same
store: the command line, the HTML and Markdown reports, the pages (`/`, the story page, the article
page) and the API (`/api/stories`). The example corpus holds a page whose outlet is unknown."""

from __future__ import annotations

import html
import re

import pytest

from storyscope.store import Store

pytestmark = pytest.mark.slow

# The spellings met before: "unknown (30a7b1)", "outlet: unknown", "unknown · 2019-01", "outlet unknown".
UNKNOWN_OUTLET = "unknown outlet"  # the one spelling (storyscope.model.UNKNOWN_OUTLET)
OTHER_SPELLINGS = re.compile(r"(?<!outlet )\bunknown \(|\boutlet:?\s+unknown\b(?! outlet)|\bunknown · [\d?]{4}-|outlet unknown\b(?! outlet)")


@pytest.fixture(scope="module")
def story_and_outlets(web_db):
    """The largest story, its known outlets counted from the articles themselves, and the page of unknown outlet."""
    with Store.open(web_db) as store:
        story = max(store.stories(), key=lambda s: len(s.articles))
        rows = {row.id: row for row in store.list_articles()}
    members = [rows[a] for a in story.articles]
    unknown = [row for row in members if not row.outlet]
    assert unknown, "the examples hold a page of unknown outlet"
    return story, len({row.outlet for row in members if row.outlet}), unknown[0]


def test_every_surface_counts_the_same_outlets(web_db, client, cli, story_and_outlets):
    story, outlets, _ = story_and_outlets
    listed = cli("stories", "--db", web_db)
    row = next(line for line in listed.stdout.splitlines() if story.id[:8] in line)
    cli_count = int(re.split(r"[│┃]", row)[4])
    report = cli("report", story.id, "--format", "html", "--db", web_db).stdout
    report_count = int(re.search(r"(\d+) articles from (\d+) outlets", report).group(2))
    page = html.unescape(client.get(f"/stories/{story.id}").text)
    page_count = int(re.search(r"(\d+) articles from (\d+) outlets", page).group(2))
    index = client.get("/").text
    index_row = re.search(rf'href="/stories/{story.id}".*?</tr>', index, re.S).group(0)
    index_count = [int(n) for n in re.findall(r'<td class="n">(\d+)</td>', index_row)][1]
    api_count = next(s["outlets"] for s in client.get("/api/stories").json()["items"] if s["id"] == story.id)
    assert {"cli": cli_count, "report": report_count, "story page": page_count, "index": index_count,
            "api": api_count} == dict.fromkeys(["cli", "report", "story page", "index", "api"], outlets)


def test_a_missing_outlet_is_spelt_one_way(web_db, client, cli, story_and_outlets):
    story, _, unknown = story_and_outlets
    shown = {
        "cli articles": cli("articles", "--db", web_db).stdout,
        "cli show": cli("show", unknown.id, "--db", web_db).stdout,
        "cli story": cli("story", story.id, "--db", web_db).stdout,
        "report html": html.unescape(re.sub(r"<[^>]+>", " ", cli("report", story.id, "--db", web_db).stdout)),
        "report md": cli("report", story.id, "--format", "md", "--db", web_db).stdout,
        "story page": html.unescape(re.sub(r"<[^>]+>", " ", client.get(f"/stories/{story.id}").text)),
        "article page": html.unescape(re.sub(r"<[^>]+>", " ", client.get(f"/articles/{unknown.id}").text)),
    }
    for surface, text in shown.items():
        assert UNKNOWN_OUTLET in text, surface
        assert not OTHER_SPELLINGS.search(text), (surface, OTHER_SPELLINGS.search(text).group(0))
