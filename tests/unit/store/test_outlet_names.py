"""Readers' corrections of outlet names, on both backends."""

from __future__ import annotations

import pytest

from storyscope.errors import BadEdit
from storyscope.library import MAX_OUTLET_NAME, outlet_name


def test_a_correction_renames_every_stored_page_and_their_search_rows(store, article):
    store.add(article("aaaa0001", outlet="harbourpost.com", text="The council voted to build a new pier."))
    store.add(article("aaaa0002", outlet="harbourpost.com", text="Fishermen waited ten years for the landing."))
    store.add(article("aaaa0003", outlet="Other", text="The ferry timetable changes in May."))
    assert store.rename_outlet("harbourpost.com", "The Harbour Post") == 2
    assert {row.id: row.outlet for row in store.list_articles()} == {
        "aaaa0001": "The Harbour Post", "aaaa0002": "The Harbour Post", "aaaa0003": "Other"}
    assert {hit.article_id for hit in store.search("pier", outlet="The Harbour Post")} == {"aaaa0001"}
    assert store.search("pier", outlet="harbourpost.com") == []


def test_pages_stored_later_under_the_old_name_take_the_new_one(store, article):
    store.add(article("aaaa0001", outlet="harbourpost.com", text="The council voted to build a new pier."))
    store.rename_outlet("harbourpost.com", "Harbour Post")
    store.rename_outlet("Harbour Post", "The Harbour Post")  # corrections chain
    store.add(article("aaaa0002", outlet="harbourpost.com", text="Fishermen waited ten years for the landing."))
    assert store.get("aaaa0002").article.outlet == "The Harbour Post"
    assert store.get("aaaa0001").article.outlet == "The Harbour Post"
    assert store.outlet_corrections() == {"harbourpost.com": "The Harbour Post", "Harbour Post": "The Harbour Post"}


def test_a_corrected_name_is_folded_and_an_empty_long_or_unchanged_one_refused():
    assert outlet_name("harbourpost.com", "  The Harbour\n Post ") == "The Harbour Post"
    for new, reason in (("", "empty"), (" \t\n", "empty"), ("x" * (MAX_OUTLET_NAME + 1), "over"),
                        ("Harbour\x07Post", "control characters"), (" harbourpost.com ", "already has")):
        with pytest.raises(BadEdit, match=reason):
            outlet_name("harbourpost.com", new)
