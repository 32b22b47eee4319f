"""Two processes writing overlapping batches into one SQLite file."""

from __future__ import annotations

import multiprocessing

from storyscope.store import Store

from store_samples import make_article

BATCH = 10


def writer_process(url: str, ids: list[str], barrier, results) -> None:
    try:
        barrier.wait(timeout=30)
        with Store.open(url) as store:  # both also race to create and migrate the file
            statuses = []
            for start in range(0, len(ids), BATCH):
                batch = [make_article(i, url=f"https://example.com/{i}") for i in ids[start : start + BATCH]]
                statuses += [(r.article_id, r.status) for r in store.add_many(batch)]
        results.put(("ok", statuses))
    except BaseException as exc:  # report, so the parent fails with the reason
        results.put(("error", repr(exc)))


def test_two_processes_store_exactly_the_union(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first = [f"id{n:06d}" for n in range(0, 120)]
    second = [f"id{n:06d}" for n in range(60, 180)]
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=writer_process, args=(url, ids, barrier, results)) for ids in (first, second)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0

    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    statuses = [pair for _, pairs in outcomes for pair in pairs]
    union = sorted(set(first) | set(second))
    assert sorted(i for i, status in statuses if status == "added") == union  # each stored exactly once
    assert {status for _, status in statuses} <= {"added", "unchanged"}
    with Store.open(url) as store:
        assert sorted(r.id for r in store.list_articles()) == union
        assert store.counts()["versions"] == len(union)
        assert store.get("id000100") == make_article("id000100", url="https://example.com/id000100")
