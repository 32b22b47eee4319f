"""A reader corrects an outlet's name in real Chromium: from an article page, then sees the new
name there, on another page of the same outlet and on the outlet's page; a bad name is one line
over the form; a name with markup is shown as text."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from storyscope.library import rename_outlet
from storyscope.store import Store

from ..conftest import copy_sqlite
from .conftest import open_page
from .test_flow import shoot

pytestmark = pytest.mark.slow

SCRIPT = "<script>window.__xss=1;alert('outlet')</script> Post"


@pytest.fixture
def outlet_site(browser, web_db, start_test_server, tmp_path):
    """Its own copy of the store, served: ``(base, page, outlet, its article ids)``. Each example
    page has an outlet of its own, so two of them are first filed under one name (by corrections
    too), giving an outlet with two pages."""
    db = copy_sqlite(web_db, tmp_path / "outlet.db")
    with Store.open(db) as store:
        two = sorted({r.outlet for r in store.list_articles() if r.outlet})[:2]
    name = "Two Page Outlet"
    for old in two:
        rename_outlet(db, old, name)
    with Store.open(db) as store:
        pages = [r.id for r in store.list_articles(outlet=name)]
    assert len(pages) == 2
    context, page, watched = open_page(browser)
    yield start_test_server(db), page, name, pages
    context.close()
    assert not watched.dialogs and not watched.errors, (watched.dialogs, watched.errors)


def correct(page, new: str) -> None:
    """Open the article page's folded form, type ``new`` and send it."""
    page.get_by_text("Correct this outlet's name").click()
    page.get_by_label("New name").fill(new)
    with page.expect_navigation():
        page.get_by_role("button", name="Correct").click()


def outlet_shown(page):
    return page.locator("dl.metadata dd").first


def test_a_corrected_outlet_shows_on_all_its_pages(outlet_site, tmp_path):
    base, page, old, pages = outlet_site
    page.goto(f"{base}/articles/{pages[0]}")
    expect(outlet_shown(page)).to_contain_text(old)
    form = page.locator("form.correct-outlet")
    expect(form).to_be_hidden()  # folded until asked for
    page.get_by_text("Correct this outlet's name").click()
    expect(form).to_be_visible()
    page.get_by_label("New name").fill("The Corrected Times")
    shoot(page, tmp_path / "outlet-form.png")
    with page.expect_navigation():
        page.get_by_role("button", name="Correct").click()

    assert page.url == f"{base}/articles/{pages[0]}"  # back where the reader was
    expect(outlet_shown(page)).to_have_text(re.compile(r"^The Corrected Times"))
    shoot(page, tmp_path / "outlet-corrected.png")
    page.goto(f"{base}/articles/{pages[1]}")
    expect(outlet_shown(page)).to_have_text(re.compile(r"^The Corrected Times"))
    page.get_by_role("link", name="All pages of this outlet").click()
    expect(page.locator("h1")).to_have_text("The Corrected Times")
    for article_id in pages:
        expect(page.locator(f"ul.articles a[href='/articles/{article_id}']")).to_have_count(1)
    shoot(page, tmp_path / "outlet-page.png")
    response = page.goto(f"{base}/outlet?name={quote(old)}")
    assert response.status == 404  # no page keeps the old name


def test_a_bad_name_is_one_line_over_the_form(outlet_site, tmp_path):
    base, page, old, pages = outlet_site
    page.goto(f"{base}/articles/{pages[0]}")
    correct(page, old)  # the name it already has
    expect(page.locator("p.error")).to_have_text("the new name is the name the outlet already has")
    expect(page.get_by_label("New name")).to_have_value(old)  # what was typed is kept
    shoot(page, tmp_path / "outlet-refused.png")
    page.get_by_label("New name").fill("   ")  # blanks pass the browser's own check, not the server's
    with page.expect_navigation():
        page.get_by_role("button", name="Correct").click()
    expect(page.locator("p.error")).to_have_text("the new name is empty")
    page.goto(f"{base}/articles/{pages[0]}")
    expect(outlet_shown(page)).to_have_text(re.compile("^" + re.escape(old)))


def test_a_name_with_markup_is_shown_as_text(outlet_site):
    base, page, _, pages = outlet_site
    page.goto(f"{base}/articles/{pages[0]}")
    correct(page, SCRIPT)
    expect(outlet_shown(page)).to_have_text(re.compile("^" + re.escape(SCRIPT)))
    assert page.evaluate("() => window.__xss") is None
    page.goto(f"{base}/articles/{pages[1]}")
    expect(outlet_shown(page)).to_have_text(re.compile("^" + re.escape(SCRIPT)))
    page.get_by_role("link", name="All pages of this outlet").click()
    expect(page.locator("h1")).to_have_text(SCRIPT)
    assert page.evaluate("() => window.__xss") is None
