"""A reader's path through the example corpus in real Chromium: stories -> story -> article (->
comparison, once the article or story links to one), the stories filter, the collapsed residue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def shoot(page, path) -> None:
    """A full-page screenshot at ``path``, checked to be a non-empty PNG."""
    page.screenshot(path=str(path), full_page=True)
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 1000, (path, len(data))


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

    article_link = page.locator("main h3 + ul a[href^='/articles/']").first  # an event's article
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

    compare = page.locator("a[href^='/compare/']")
    if compare.count() == 0:  # the comparison page is not linked from the article (yet)
        return
    compare.first.click()
    page.wait_for_url(re.compile(r"/compare/[0-9a-f]+/[0-9a-f]+"))
    expect(page.locator("main")).to_contain_text(article_title)
    shoot(page, tmp_path / "4-compare.png")


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
