"""Stories in the store: one story read alone, and pages of story summaries counted by the database."""

from __future__ import annotations

import pytest

from storyscope.errors import NotFound
from storyscope.model import Event, Story


def story(n: int, title: str, events: list[tuple[str, list[str]]]) -> Story:
    evs = tuple(Event(f"e{n}{i:011d}", None, day, tuple(members)) for i, (day, members) in enumerate(events))
    return Story(f"s{n:012d}", title, tuple(a for e in evs for a in e.articles), evs)


@pytest.fixture
def stories(store, article):
    for i, outlet in enumerate(["Courier", "Herald", "Courier", None, "Gazette"]):
        store.add(article(f"{i:016x}", text=f"Article {i} about the port.", outlet=outlet))
    found = [story(1, "Port strike", [("2024-03-11", ["0" * 16, "0" * 15 + "1"]), ("2025-03-17", ["0" * 15 + "2"])]),
             story(2, "Budget vote", [("2024-12-05", ["0" * 15 + "3", "0" * 15 + "4"])]),
             story(3, "Second port story", [(None, [])])]
    store.replace_stories(found)
    return found


def test_one_story_is_read_alone_with_its_events(store, stories):
    assert store.story("s000000000002") == stories[1]
    assert store.story("s000000000001").events[1].articles == ("0" * 15 + "2",)
    for missing in ("zzzz", "s0000000000"):  # unknown, and a prefix of all three
        with pytest.raises(NotFound):
            store.story(missing)


def test_summaries_are_counted_by_the_database_and_paged(store, stories):
    items, total = store.story_summaries(0, 2)
    assert total == 3 and [s["title"] for s in items] == ["Port strike", "Budget vote"]
    assert items[0] | {} == {"id": "s000000000001", "title": "Port strike", "articles": 3, "outlets": 2, "events": 2,
                             "first_date": "2024-03-11", "last_date": "2025-03-17"}
    assert items[1]["outlets"] == 1  # an article without an outlet is not an outlet
    items, total = store.story_summaries(2, 2)
    assert total == 3 and [s["title"] for s in items] == ["Second port story"]


def test_summaries_filter_by_title_in_any_case_and_take_wildcards_literally(store, stories):
    items, total = store.story_summaries(0, 50, "PORT")
    assert total == 2 and {s["title"] for s in items} == {"Port strike", "Second port story"}
    assert store.story_summaries(0, 50, "%") == ([], 0)


def test_the_story_of_an_article_and_rows_by_id(store, stories):
    assert store.story_of("0" * 15 + "3") == stories[1]
    assert store.story_of("f" * 16) is None
    assert [r.id for r in store.list_articles(ids=["0" * 15 + "4", "0" * 15 + "1"])] == ["0" * 15 + "1", "0" * 15 + "4"]
