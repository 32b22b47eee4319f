"""Reading: id and prefix lookup, listings, streams, quotes, counts."""

from __future__ import annotations

import pytest

from storyscope.errors import NotFound
from storyscope.store import ArticleRow, store as store_module


def test_get_by_unique_prefix(store, article):
    store.add_many([article("abcd1234"), article("abce5678")])
    assert store.get("abcd").article.id == "abcd1234"
    assert store.get("abce5").article.id == "abce5678"


@pytest.mark.parametrize(
    "wanted, why",
    [("zzzz", "no such id"), ("abc", "prefix too short"), ("ab", "prefix too short"), ("ABCD", "case matters")],
)
def test_not_found(store, article, wanted, why):
    store.add(article("abcd1234"))
    with pytest.raises(NotFound) as caught:
        store.get(wanted)
    assert caught.value.code == "not-found"


def test_ambiguous_prefix_is_not_found(store, article):
    store.add_many([article("abcd1234"), article("abcd5678")])
    with pytest.raises(NotFound, match="ambiguous"):
        store.get("abcd")


def test_short_exact_id_and_like_wildcards(store, article):
    store.add_many([article("ab"), article("a%_x1234"), article("abcx1234")])
    assert store.get("ab").article.id == "ab"
    assert store.get("a%_x").article.id == "a%_x1234"  # % and _ are not wildcards
    assert store.get("abcx").article.id == "abcx1234"


def test_versions_of_unknown_id(store):
    with pytest.raises(NotFound):
        store.versions("nope1234")


def test_list_articles_order_filter_and_counts(store, article):
    store.add_many(
        [
            article("cccc0003", published=None, speakers=("A", "B")),
            article("bbbb0002", published="2019-07-14", outlet="Other"),
            article("aaaa0001", published="2019-07-14"),
            article("dddd0004", published="2019-07-12"),
        ]
    )
    rows = store.list_articles()
    assert [r.id for r in rows] == ["dddd0004", "aaaa0001", "bbbb0002", "cccc0003"]
    assert rows[-1] == ArticleRow(
        id="cccc0003",
        title="Title of cccc0003",
        outlet="Example News",
        published=None,
        published_inferred=False,
        source="cccc0003.txt",
        version=1,
        quotes=2,
        dates=1,
        numbers=1,
    )
    assert [r.id for r in store.list_articles(limit=2, offset=1)] == ["aaaa0001", "bbbb0002"]
    assert [r.id for r in store.list_articles(outlet="Other")] == ["bbbb0002"]


def test_iter_processed_streams_in_publication_order(store, article, monkeypatch):
    monkeypatch.setattr(store_module, "STREAM_CHUNK", 2)
    items = [article(f"id{n:06d}", published=f"2019-07-{n:02d}") for n in range(9, 0, -1)]
    store.add_many(items)
    assert list(store.iter_processed()) == sorted(items, key=lambda p: p.article.published)


def test_quotes_by_speaker_case_insensitive_substring(store, article):
    store.add_many(
        [
            article("aaaa0001", published="2019-01-01", speakers=("Lu Kang", None, "Ürümqi officials")),
            article("bbbb0002", published="2019-01-02", speakers=("LU KANG", "Xi 100%")),
        ]
    )
    assert [(i, q.speaker) for i, q in store.quotes("lu kang")] == [("aaaa0001", "Lu Kang"), ("bbbb0002", "LU KANG")]
    assert [q.speaker for _, q in store.quotes("ÜRÜMQI")] == ["Ürümqi officials"]
    assert [q.speaker for _, q in store.quotes("100%")] == ["Xi 100%"]
    assert store.quotes("%") == store.quotes("100%")
    assert len(store.quotes()) == 5  # unfiltered: unresolved speakers too
    assert store.quotes("nobody") == []


def test_counts(store, article):
    store.add_many([article("aaaa0001", speakers=("A",)), article("bbbb0002", speakers=("B", "C"))])
    assert store.counts() == {
        "articles": 2,
        "versions": 2,
        "quotes": 3,
        "entities": 0,
        "dates": 2,
        "numbers": 2,
        "failures": 0,
    }
