"""Adding articles: idempotent re-adds, versions with diffs, outlet line counts, failures."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from storyscope.errors import StoreError
from storyscope.model import Failure
from storyscope.normalize.residue import line_key
from storyscope.store import AddResult
from storyscope.store import writer
from storyscope.store.codec import article_row
from storyscope.store.engine import writing


def test_add_then_read_back(store, article):
    processed = article("a1b2c3d4", speakers=("Lu Kang",))
    assert store.add(processed) == AddResult("a1b2c3d4", "added")
    assert store.get("a1b2c3d4") == processed


def test_re_add_is_unchanged_and_writes_nothing(store, article):
    processed = article("a1b2c3d4", url="https://example.com/a", residue=("Menu",), speakers=("Lu Kang",))
    store.add(processed)
    before = (store.counts(), store.line_counts("Example News"), store.versions("a1b2c3d4"))
    assert store.add(processed) == AddResult("a1b2c3d4", "unchanged")
    assert store.add_many([processed, processed]) == [AddResult("a1b2c3d4", "unchanged")] * 2
    assert (store.counts(), store.line_counts("Example News"), store.versions("a1b2c3d4")) == before


def test_same_id_twice_in_one_batch(store, article):
    processed = article("a1b2c3d4")
    results = store.add_many([processed, processed])
    assert [r.status for r in results] == ["added", "unchanged"]
    assert store.counts()["versions"] == 1


def test_same_url_new_text_is_a_new_version_with_a_diff(store, article):
    url = "https://example.com/story"
    v1 = article("00000001", url=url, text="Line one.\nLine two.", speakers=("Lu Kang",))
    v2 = article("00000002", url=url, text="Line one.\nLine two, corrected.")
    v3 = article("00000003", url=url, text="Line one.\nLine two, corrected.\nLine three.")
    assert [r.status for r in store.add_many([v1, v2])] == ["added", "new-version"]
    assert store.add(v3) == AddResult("00000003", "new-version")

    rows = store.versions("00000002")
    assert [(r.id, r.version) for r in rows] == [("00000001", 1), ("00000002", 2), ("00000003", 3)]
    assert store.versions("00000001") == rows
    with store.engine.connect() as conn:
        stored = {r.id: r for r in conn.execute(sa.text("select id, previous_id, diff from articles"))}
    assert stored["00000001"].previous_id is None and stored["00000001"].diff is None
    assert stored["00000002"].previous_id == "00000001"
    assert stored["00000003"].previous_id == "00000002"
    assert stored["00000002"].diff == "\n".join(
        ["--- 00000001", "+++ 00000002", "@@ -1,2 +1,2 @@", " Line one.", "-Line two.", "+Line two, corrected."]
    )
    # Superseded versions stay readable but leave listings, streams, quotes and counts.
    assert store.get("00000001") == v1
    assert [r.id for r in store.list_articles()] == ["00000003"]
    assert [p.article.id for p in store.iter_processed()] == ["00000003"]
    assert store.quotes() == []
    assert store.counts()["articles"] == 1 and store.counts()["versions"] == 3


def test_articles_without_url_never_become_versions(store, article):
    results = store.add_many([article("aaaa0001", text="One."), article("aaaa0002", text="Two.")])
    assert [r.status for r in results] == ["added", "added"]


def test_insert_of_an_id_a_concurrent_writer_stored_first_is_a_no_op(store, article):
    processed = article("a1b2c3d4")
    store.add(processed)
    row = article_row(processed) | {"ingested_at": datetime.now(timezone.utc), "version": 1}
    with writing(store.engine) as conn:
        assert writer.insert_articles(conn, [row]) == set()
    assert store.counts()["versions"] == 1


def test_line_counts_count_pages_per_outlet(store, article):
    store.add(article("aaaa0001", residue=("Home / World", "Share this"), text="Body one.\nSubscribe now"))
    store.add(article("aaaa0002", residue=("home  /  WORLD",), text="Body two.\nSubscribe now\nSubscribe now"))
    store.add(article("aaaa0003", outlet="Other", residue=("Home / World",), text="Body three."))
    counts = store.line_counts("Example News")
    assert counts[line_key("Home / World")] == 2  # whitespace and case do not split a line
    assert counts[line_key("Subscribe now")] == 2  # counted once per page
    assert counts[line_key("Share this")] == 1
    assert counts[line_key("Body one.")] == 1
    assert store.line_counts("Other") == {line_key("Home / World"): 1, line_key("Body three."): 1}
    assert store.line_counts("Nobody") == {}


def test_a_new_version_counts_only_its_new_lines(store, article):
    url = "https://example.com/story"
    store.add(article("aaaa0001", url=url, residue=("Menu",), text="Same body.\nOld line."))
    store.add(article("aaaa0002", url=url, residue=("Menu",), text="Same body.\nNew line."))
    counts = store.line_counts("Example News")
    assert counts[line_key("Menu")] == 1
    assert counts[line_key("Same body.")] == 1
    assert counts[line_key("New line.")] == 1


def _statements_to_add(store, items) -> int:
    """How many SQL statements ``store.add_many(items)`` sends (an executemany counts once)."""
    sent = []
    listener = lambda *args: sent.append(args[2])  # noqa: E731 - before_cursor_execute(conn, cursor, statement, ...)
    sa.event.listen(store.engine, "before_cursor_execute", listener)
    try:
        store.add_many(items)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", listener)
    return len(sent)


def _batch(article, first: int, size: int, url: str = "https://example.com/{n}") -> list:
    return [article(f"{n:08x}", url=url.format(n=n), residue=(f"Menu {n % 3}",), text=f"Body {n}.\nShared line.",
                    speakers=("Lu Kang",)) for n in range(first, first + size)]


def test_a_batch_costs_the_same_statements_whatever_its_size(store, article):
    """One statement per kind of row, not per article: on PostgreSQL every statement is a round trip."""
    small = _statements_to_add(store, _batch(article, 0, 4))
    large = _statements_to_add(store, _batch(article, 100, 60))
    edits = _statements_to_add(store, [article(f"e{n:07x}", url=f"https://example.com/{n}", text=f"Body {n}, edited.")
                                       for n in range(100, 160)])  # 60 new versions of stored pages
    assert large == small
    # plus: the superseded pages' residue read back, their search rows deleted, their clustering
    # inputs read back, their band keys deleted, the terms no current page holds any more deleted
    assert edits <= small + 5
    assert store.counts()["versions"] == 124


def test_versions_of_one_page_in_one_batch_are_stored_as_one_by_one(store_url, article, tmp_path):
    """Numbered in batch order, each diffed against the one before; only the newest is searched;
    each page's lines counted once, as when they come in separate batches."""
    from storyscope.store import Store

    url = "https://example.com/story"
    versions = [article(f"0000000{n}", url=url, residue=("Menu", f"Promo {n}"), text=f"Same body.\nLine {n}.",
                        speakers=("Lu Kang",)) for n in range(1, 4)]
    one_by_one = f"sqlite:///{tmp_path / 'one_by_one.db'}"

    def state(store):
        with store.engine.connect() as conn:
            rows = conn.execute(sa.text("select id, version, previous_id, diff from articles order by id")).all()
        return (rows, store.line_counts("Example News"), [h.article_id for h in store.search("Same body")],
                store.quotes())

    with Store.open(one_by_one) as reference:
        for version in versions:
            reference.add(version)
        expected = state(reference)
    with Store.open(store_url) as store:
        assert [r.status for r in store.add_many(versions)] == ["added", "new-version", "new-version"]
        assert state(store) == expected
    assert [r[1] for r in expected[0]] == [1, 2, 3] and expected[2] == ["00000003"]


def test_failures_are_logged_in_order(store):
    failures = [Failure("a.html", "empty", "nothing but whitespace"), Failure("b.bin", "binary", "NUL bytes")]
    for failure in failures:
        store.record_failure(failure)
    store.record_failure(failures[0])
    assert store.failures() == [*failures, failures[0]]
    assert store.counts()["failures"] == 3


def test_text_the_database_cannot_hold_is_a_store_error(store, article):
    bad = article("aaaa0001", text="a file name decoded with surrogateescape: \udcff")
    with pytest.raises(StoreError, match="surrogate"):
        store.add(bad)
    assert store.counts()["versions"] == 0
