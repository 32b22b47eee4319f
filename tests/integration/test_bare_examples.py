"""The five example pages given bare, as a user drops them into a folder (no sources.csv): three
of them state no year, and their story places them in time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyscope.library import cluster_stories, ingest_paths
from storyscope.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bare(examples_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bare")
    for page in examples_dir.glob("*.txt"):
        shutil.copy(page, folder)
    db = f"sqlite:///{folder / 'bare.db'}"
    ingest_paths([str(folder)], db, workers=1)
    stories = cluster_stories(db)
    with Store.open(db) as store:
        pages = {Path(p.article.source).name[:3]: p for p in store.iter_processed()}
    return stories, pages


def mention(processed, text):
    return next(m for m in processed.analysis.dates if m.text == text)


def test_year_less_days_are_placed_by_their_story(bare):
    _, pages = bare
    assert mention(pages["000"], "Jan. 7").value == "2019-01-07"
    assert mention(pages["001"], "Monday").value == "2019-01-07"
    assert mention(pages["004"], "January 8").value == "2019-01-08"
    last_days = mention(pages["004"], "the last days of December")
    assert (last_days.value, last_days.precision) == ("2018-12", "month")


def test_each_derived_day_says_its_basis_and_is_marked_inferred(bare):
    _, pages = bare
    for name in ("000", "001"):
        article = pages[name].article
        assert article.published == "2019-01-07" and article.published_inferred and article.dated_by_story
        assert "weekday agreement" in article.published_basis and "Monday" in article.published_basis
    article = pages["004"].article
    assert article.published == "2019-01-08" and article.dated_by_story
    assert "2019-01-07" in article.published_basis  # the happening it reports
    for name in ("002", "003"):  # their own date lines, not the story
        assert pages[name].article.published_basis == "date line" and not pages[name].article.dated_by_story


def test_one_story_and_the_january_pages_are_one_event(bare):
    stories, pages = bare
    assert len(stories) == 1
    name_of = {p.article.id: name for name, p in pages.items()}
    events = sorted(sorted(name_of[a] for a in e.articles) for e in stories[0].events)
    assert events == [["000", "001", "004"], ["002"], ["003"]]
    january = next(e for e in stories[0].events if len(e.articles) == 3)
    assert (january.date, january.first_date, january.last_date) == ("2019-01-07", "2019-01-07", "2019-01-08")


def test_a_date_given_by_the_user_always_wins(examples_dir, tmp_path):
    """With the sidecar (000 published 2019-01-08), the story never replaces a given day."""
    db = f"sqlite:///{tmp_path / 'given.db'}"
    ingest_paths([str(examples_dir)], db, workers=1)
    (story,) = cluster_stories(db)
    with Store.open(db) as store:
        given = {Path(p.article.source).name[:3]: p.article for p in store.iter_processed()}
    assert given["000"].published == "2019-01-08" and given["000"].published_basis == "given"
    assert given["001"].published == "2019-01-07" and given["001"].published_basis == "given"
    assert not story.dated  # every page has a day of its own
