"""A reader's path through the example corpus in real Chromium: stories -> story -> article (->
comparison, once the article or story links to one), the stories filter, the collapsed residue."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# A folder (docs/images) where the story page and the comparison are kept as the README's pictures.
SCREENSHOTS = os.environ.get("STORYSCOPE_SCREENSHOTS")


def shoot(page, path, full_page: bool = True) -> None:
    """A screenshot at ``path`` (the whole page by default), checked to be a non-empty PNG."""
    data = page.screenshot(full_page=full_page)  # written here: with path= playwright writes it in a
    path.write_bytes(data)  # thread pool of its event loop, whose threads then outlive the test
    assert data.startswith(PNG_MAGIC) and len(data) > 1000, (path, len(data))


def keep_for_docs(page, name: str) -> None:
    """With STORYSCOPE_SCREENSHOTS set, what a reader first sees of the page saved there as ``name``."""
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        shoot(page, folder / name, full_page=False)


def test_stories_to_story_to_article_to_comparison(page, live_url, tmp_path):
    response = page.goto(live_url + "/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("h1")).to_have_text("Stories")
    first = page.locator("table.stories tbody tr").first
    story_link = first.locator("a[href^='/stories/']")
    story_title = story_link.inner_text().strip()
    assert story_title
    expect(first).to_contain_text(re.compile(r"\d"))  # its counts are shown
    shoot(page, tmp_path / "1-stories.png")

    story_link.click()
    page.wait_for_url(re.compile(r"/stories/s[0-9a-f]{12}$"))
    expect(page.locator("h1")).to_have_text(story_title)
    expect(page.locator("main")).to_contain_text("Events")
    expect(page.locator("p.meta").first).to_contain_text("articles from")
    shoot(page, tmp_path / "2-story.png")
    keep_for_docs(page, "story.png")

    # the first event's first article (an event's heading may be followed by its span before its list)
    article_link = page.locator("xpath=//main//h2[normalize-space()='Events']/following-sibling::ul[1]"
                                "//a[starts-with(@href, '/articles/')]").first
    article_title = article_link.inner_text().strip()
    assert article_title
    article_link.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}$"))
    if not re.fullmatch(r"[0-9a-f]{16}", article_title):  # an untitled article is listed by its id
        expect(page.locator("h1")).to_have_text(article_title)
    expect(page.locator("dl.metadata")).to_contain_text("outlet")
    marks = page.locator("div.text mark.quote")
    assert marks.count() > 0, "no reported speech is highlighted"
    expect(marks.first).to_be_visible()
    assert marks.first.get_attribute("title"), "a highlighted quote names its speaker on hover"
    # the highlight is visible as such: its background differs from the text around it
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    around = page.locator("div.text").evaluate("d => getComputedStyle(d).backgroundColor")
    assert background != around, (background, around)
    shoot(page, tmp_path / "3-article.png")

    form = page.locator("form.compare")
    if form.count() == 0:  # no other article in its story to compare with
        return
    other = form.locator("select option").first
    other_title = other.inner_text().split(" · ", 2)[-1].strip()
    form.locator("select").select_option(other.get_attribute("value"))
    form.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/compare/[0-9a-f]{16}/[0-9a-f]{16}$"))
    expect(page.locator("h1")).to_have_text("Two articles side by side")
    expect(page.locator("#side-a h2")).to_contain_text(article_title)
    expect(page.locator("#side-b h2")).to_contain_text(other_title)
    expect(page.locator("#side-a div.text")).not_to_be_empty()
    expect(page.locator("#side-b div.text")).not_to_be_empty()
    passages = page.locator("#side-a a.passage")
    if passages.count():  # shared passages are highlighted and point at their twin on the other side
        target = passages.first.get_attribute("href")
        assert target.startswith("#") and page.locator(f"#side-b {target}").count() == 1, target
        background = passages.first.evaluate("m => getComputedStyle(m).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    else:
        expect(page.locator("main")).to_contain_text("share no passage")
    expect(page.locator("main")).to_contain_text("Claims both carry")
    shoot(page, tmp_path / "4-compare.png")
    keep_for_docs(page, "compare.png")


def test_the_stories_filter_finds_by_title_and_says_when_nothing_matches(page, live_url):
    page.goto(live_url + "/")
    rows = page.locator("table.stories tbody tr")
    total = rows.count()
    assert total >= 1
    title = rows.first.locator("a").inner_text().strip()
    word = max(re.findall(r"\w{4,}", title), key=len)

    page.fill("input#q", word.lower())  # case does not matter
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"[?&]q="))
    expect(page.locator("p.meta").first).to_contain_text(f"whose title contains “{word.lower()}”")
    expect(page.locator("table.stories")).to_contain_text(title)
    assert 1 <= rows.count() <= total
    expect(page.locator("input#q")).to_have_value(word.lower())  # the box keeps what was typed

    page.fill("input#q", "no such story title zqx")
    page.press("input#q", "Enter")
    page.wait_for_url(re.compile(r"q=no"))
    expect(page.locator("p.meta").first).to_contain_text("0 stories")
    expect(page.locator("table.stories")).to_have_count(0)
    page.get_by_role("link", name="all stories").click()
    page.wait_for_url(live_url + "/")
    expect(rows).to_have_count(total)


def test_the_removed_residue_opens_on_click(page, live_url, tmp_path):
    page.goto(live_url + "/api/articles")
    article_id = page.evaluate("() => JSON.parse(document.body.innerText).items[0].id")
    page.goto(f"{live_url}/articles/{article_id}")
    details = page.locator("details.residue")
    expect(details).to_have_count(1)
    assert details.evaluate("d => d.open") is False  # collapsed at first
    first_row = details.locator("tbody tr").first
    expect(first_row).to_be_hidden()
    summary = details.locator("summary")
    expect(summary).to_contain_text(re.compile(r"Removed page residue \(\d+ lines?\)"))

    summary.click()
    assert details.evaluate("d => d.open") is True
    expect(first_row).to_be_visible()
    expect(first_row.locator("td").first).not_to_be_empty()
    shoot(page, tmp_path / "residue-open.png")

    summary.click()
    assert details.evaluate("d => d.open") is False
    expect(first_row).to_be_hidden()


def test_search_finds_words_in_the_text_and_links_to_the_article(page, live_url, tmp_path):
    page.goto(live_url + "/")
    page.get_by_role("navigation").get_by_role("link", name="search").click()
    page.wait_for_url(live_url + "/search")
    page.fill("input#q", "Xinjiang")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search\?.*q=Xinjiang"))
    results = page.locator("ol.results > li")
    assert results.count() >= 1
    expect(page.locator("ol.results mark").first).to_have_text(re.compile("xinjiang", re.I))  # matches are marked
    shoot(page, tmp_path / "search.png")
    title = results.first.locator("a").first.inner_text().strip()
    results.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}$"))
    if not re.fullmatch(r"[0-9a-f]{16}", title):
        expect(page.locator("h1")).to_have_text(title)

    page.goto(live_url + "/search")
    page.fill("input#q", "zqxjv nowhere")
    page.press("input#q", "Enter")
    expect(page.locator("main")).to_contain_text("Nothing matches.")
    page.fill("input#q", '"unclosed')  # malformed FTS5 syntax: a message, not a crash
    page.press("input#q", "Enter")
    expect(page.locator("p.error")).to_be_visible()


UPLOAD = (
    "The Port Ellery harbour council voted on Tuesday to build a new pier at the old ferry landing.\n"
    "\"The pier will be ready by next summer,\" council chair Maria Lund said after the vote.\n"
    "The project will cost about 4 million euros, according to the council's budget office.\n"
)


def test_an_uploaded_file_is_added_and_listed(browser, web_db, start_test_server, tmp_path):
    """Upload a text file at /add (over its own copy of the store), follow the job to done, find the article."""
    from ..conftest import copy_sqlite
    from .conftest import open_page

    base = start_test_server(copy_sqlite(web_db, tmp_path / "upload.db"))
    article = tmp_path / "harbour-pier.txt"
    article.write_text(UPLOAD, encoding="utf-8")
    context, page, watched = open_page(browser)
    try:
        page.goto(base + "/")
        page.get_by_role("navigation").get_by_role("link", name="add articles").click()
        page.wait_for_url(base + "/add")
        page.set_input_files("input#files", str(article))
        with page.expect_navigation():
            page.get_by_role("button", name="Upload").click()
        assert re.search(r"/add/jobs/[^/]+$", page.url), page.locator("main").inner_text()
        expect(page.locator("h1")).to_have_text("Added articles", timeout=60_000)  # the page refreshes itself
        expect(page.locator("#state")).to_contain_text("Done: 1 of 1 inputs")
        expect(page.locator("#counts")).to_contain_text("1 article stored (1 new")
        shoot(page, tmp_path / "upload-done.png")
        added = page.locator("ul.articles a[href^='/articles/']").first
        added.click()
        page.wait_for_url(re.compile(r"/articles/[0-9a-f]{16}$"))
        expect(page.locator("div.text")).to_contain_text("build a new pier at the old ferry landing")
        article_id = page.url.rsplit("/", 1)[-1]
        page.goto(base + "/api/articles?limit=200")
        listed = page.evaluate("() => JSON.parse(document.body.innerText).items.map(a => a.id)")
        assert article_id in listed
    finally:
        context.close()
    assert not watched.dialogs and not watched.errors, (watched.dialogs, watched.errors)
