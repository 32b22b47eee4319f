"""Several processes writing overlapping batches into one database at once, on each backend:
SQLite (one file; writers queue on its lock) and PostgreSQL (one schema; writers run side by side).

Each process has its own engine and connections (forked before any is made). They store
overlapping sets of articles, in different orders, then each stores its own edit of the
same pages: the result is exactly the union, every article once, and every edited page a
clean chain of versions 1..n, whichever writer got there first. Clusterings that replace the
stories at once each replace them whole, without an error.
"""

from __future__ import annotations

import multiprocessing
import threading

import sqlalchemy as sa

from storyscope.errors import StoreError
from storyscope.model import Event, Story
from storyscope.store import Store
from storyscope.store.schema import articles

from store_samples import make_article

BATCH = 10
WRITERS = 3
RANGES = [range(0, 120), range(60, 180), range(30, 150)]  # every pair overlaps; all three share 60..119
EDITED = range(60, 80)  # pages every writer edits once, after storing its own first versions


def page(n: int) -> str:
    return f"https://example.com/id{n:06d}"


def first_version(n: int):
    return make_article(f"id{n:06d}", url=page(n))


def edit(writer: int, n: int):
    return make_article(f"w{writer}{n:06d}", url=page(n), text=f"The first paragraph.\nEdited by writer {writer}.")


def writer_process(url: str, writer: int, barrier, results) -> None:
    try:
        numbers = list(RANGES[writer])
        if writer % 2:  # one writer goes the other way round, so batches cross
            numbers.reverse()
        barrier.wait(timeout=60)
        with Store.open(url) as store:  # they also race to create and migrate the database
            statuses = []
            for start in range(0, len(numbers), BATCH):
                batch = [first_version(n) for n in numbers[start : start + BATCH]]
                statuses += [(r.article_id, r.status) for r in store.add_many(batch)]
            for start in range(0, len(EDITED), BATCH):
                batch = [edit(writer, n) for n in EDITED[start : start + BATCH]]
                statuses += [(r.article_id, r.status) for r in store.add_many(batch)]
        results.put(("ok", statuses))
    except BaseException as exc:  # report, so the parent fails with the reason
        results.put(("error", repr(exc)))


def test_concurrent_writers_store_exactly_the_union(store_url):
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(WRITERS), context.Queue()
    processes = [context.Process(target=writer_process, args=(store_url, w, barrier, results))
                 for w in range(WRITERS)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0

    assert [kind for kind, _ in outcomes] == ["ok"] * WRITERS, outcomes
    statuses = [pair for _, pairs in outcomes for pair in pairs]
    union = sorted({f"id{n:06d}" for numbers in RANGES for n in numbers})
    edits = sorted(f"w{w}{n:06d}" for w in range(WRITERS) for n in EDITED)
    assert sorted(i for i, status in statuses if status == "added") == union  # each stored exactly once
    assert sorted(i for i, status in statuses if status == "new-version") == edits
    assert len(statuses) == sum(len(r) for r in RANGES) + len(edits)  # the rest: "unchanged"

    with Store.open(store_url) as store:
        counts = store.counts()
        assert (counts["versions"], counts["articles"]) == (len(union) + len(edits), len(union))
        assert store.get("id000100") == first_version(100)
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(articles.c.url, articles.c.id, articles.c.version, articles.c.previous_id)
                                .where(articles.c.url.in_([page(n) for n in EDITED]))
                                .order_by(articles.c.url, articles.c.version)).all()
    chains: dict[str, list] = {}
    for row in rows:
        chains.setdefault(row.url, []).append(row)
    assert len(chains) == len(EDITED)
    for n in EDITED:
        chain = chains[page(n)]
        assert [r.version for r in chain] == list(range(1, WRITERS + 2))  # no gap, no duplicate number
        assert chain[0].id == f"id{n:06d}" and chain[0].previous_id is None
        assert all(later.previous_id == earlier.id for earlier, later in zip(chain, chain[1:]))
        assert {r.id for r in chain[1:]} == {f"w{w}{n:06d}" for w in range(WRITERS)}


CLUSTERINGS = 3
REPLACEMENTS = 15


def grouping(name: str, ids: list[str], size: int) -> list[Story]:
    """The articles ``ids`` in stories of ``size`` (one event each), ids and titles marked ``name``."""
    found = []
    for n, start in enumerate(range(0, len(ids), size)):
        members = tuple(ids[start : start + size])
        found.append(Story(f"s{name}{n:011d}", f"{name} {n}", members,
                           (Event(f"e{name}{n:011d}", None, "2019-07-13", members),)))
    return found


def test_concurrent_clusterings_replace_the_stories_whole(store_url):
    """Several ``ingest`` runs end with a clustering each, and they may overlap. On PostgreSQL two
    replacements of the stories at once deadlocked (or hit a duplicate key: the second one's DELETE
    could not see the rows the first had just inserted), failing the ingest with a database error."""
    ids = [f"id{n:06d}" for n in range(60)]
    with Store.open(store_url) as store:
        store.add_many([first_version(n) for n in range(60)])
    groupings = [grouping(name, ids, size) for name, size in (("a", 5), ("b", 12))]
    barrier, errors = threading.Barrier(CLUSTERINGS), []

    def cluster(writer: int) -> None:
        with Store.open(store_url) as store:
            barrier.wait(timeout=60)
            for n in range(REPLACEMENTS):
                try:
                    store.replace_stories(groupings[(writer + n) % 2])
                except StoreError as exc:
                    errors.append(str(exc))

    threads = [threading.Thread(target=cluster, args=(w,)) for w in range(CLUSTERINGS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with Store.open(store_url) as store:
        assert store.stories() in groupings  # one replacement whole, not a mix of two
