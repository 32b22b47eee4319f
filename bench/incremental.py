"""Benchmark: adding 1% new articles to a store against regrouping the whole store.

    .venv/bin/python bench/incremental.py --sizes 1000,10000,50000

For each size, in a fresh process: generates the articles of ``bench/cluster.py`` (stories of
3-40 articles with their own words and names, over shared background words and names) as
analysed articles, stores 99% of them in a new SQLite file through the store's own writer (which
stores each one's clustering inputs, as ingest does), groups them, then stores the last 1%
(neither timed: that is ingest). Then it times the incremental run that places the new articles
(``cluster_stories(incremental=True)``), then a full regrouping of the same store from its stored
inputs (``cluster_stories``), and checks that both leave the same stories in the store
("rewritten": how many stories the incremental run stored anew). ``--spread`` holds out
1% drawn across the whole corpus instead of the last 1% (new articles joining many old stories,
not mostly new ones). Prints a table and one JSON object as the last line.

``--client-memory N`` instead stores N articles once (timed: articles per second), then
regroups them twice, each in a fresh process (``cluster_stories(keep=False)``: the stories go to
the store, not back to the caller): cutting the batches of components in that process, and on a
Dask LocalCluster of two workers (one thread each) that open the store themselves; it prints
each run's time, the peak resident memory of the process that asked (the client) and, on Dask,
each worker's. ``--bulk`` stores them without the writer (``bulk_store``: the rows a regrouping
reads, made by the store's own functions, written on two processes): a million articles through
the writer, with its sentences, entities, search index and line counts, would take hours here.
``--db`` keeps the store at that SQLite path (reused if it is there: stored once, measured again).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SENTENCE_WORDS = 20  # words per generated sentence; the first three are the lead
BATCH = 500  # articles per store write


def processed_articles(n: int) -> list:
    """``cluster.synthetic``'s articles as analysed pages: their words as the body, their names as
    entities, their day as the publication day."""
    from cluster import synthetic

    features, _ = synthetic(n)
    return as_processed(features)


def as_processed(features) -> list:
    from storyscope.model import Article, ArticleAnalysis, Entity, ProcessedArticle, Sentence

    result = []
    for f in features:
        words = list(f.terms)
        sentences, start = [], 0
        for index, at in enumerate(range(0, len(words), SENTENCE_WORDS)):
            text = " ".join(words[at : at + SENTENCE_WORDS]) + "."
            sentences.append(Sentence(index, start, start + len(text), text))
            start += len(text) + 1
        entities = tuple(Entity(name, "PERSON", 0, 1, 0, name) for name in sorted(f.names))
        article = Article(id=f.id, source=f"generated/{f.id}", format="text", text=" ".join(s.text for s in sentences),
                          outlet=f.outlet, published=f.published.isoformat())
        result.append(ProcessedArticle(article, ArticleAnalysis(sentences=tuple(sentences), entities=entities)))
    return result


def store_all(db: str, items: list) -> float:
    from storyscope.store import Store

    started = time.perf_counter()
    with Store.open(db) as store:
        for at in range(0, len(items), BATCH):
            store.add_many(items[at : at + BATCH])
    return time.perf_counter() - started


BULK_CHUNK = 2_000  # articles per bulk write
BULK_WINDOW = 8  # chunks prepared at once (bounds what the generating process holds)


def bulk_store(db: str, n: int, processes: int = 2) -> float:
    """Store N generated articles (as ``processed_articles``) without the writer: for each, the
    ``articles`` row the writer stores (``codec.article_row``) and its clustering inputs through the
    store's own functions (``store.clustering``: ``prepare``, ``write_features``, ``make_current``:
    features and signature, band keys, term counts), the preparing spread over ``processes``. No
    sentences, entities, search index or line counts: a regrouping reads none of them. Seconds."""
    from itertools import islice
    from multiprocessing import Pool

    from cluster import generate

    from storyscope.store import Store
    from storyscope.store import clustering
    from storyscope.store.writer import insert_articles

    started = time.perf_counter()
    features = (f for _, f in generate(n))
    with Store.open(db) as store, Pool(processes) as pool:
        while True:
            window = [chunk for chunk in (list(islice(features, BULK_CHUNK)) for _ in range(BULK_WINDOW)) if chunk]
            if not window:
                break
            for rows, ready in pool.imap(_bulk_rows, window):
                with store._write() as conn:
                    insert_articles(conn, rows)
                    clustering.write_features(conn, ready)
                    clustering.make_current(conn, ready)
    return time.perf_counter() - started


def _bulk_rows(features) -> tuple[list, list]:
    from datetime import datetime, timezone

    from storyscope.cluster.keys import prepare
    from storyscope.store.codec import article_row

    now = datetime.now(timezone.utc)
    processed = as_processed(features)
    rows = [article_row(p) | {"ingested_at": now, "version": 1, "previous_id": None, "diff": None} for p in processed]
    return rows, [prepare(p) for p in processed]


def measure(n: int, spread: bool) -> dict:
    from storyscope.library import cluster_stories
    from storyscope.store import Store

    items = processed_articles(n)
    held = max(1, n // 100)
    if spread:
        chosen = set(random.Random(11).sample(range(n), held))
        earlier = [p for i, p in enumerate(items) if i not in chosen]
        later = [p for i, p in enumerate(items) if i in chosen]
    else:
        earlier, later = items[:-held], items[-held:]
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        stored_s = store_all(db, earlier)
        cluster_stories(db)
        stored_s += store_all(db, later)
        started = time.perf_counter()
        changed = cluster_stories(db, incremental=True)
        incremental = time.perf_counter() - started
        with Store.open(db) as store:
            placed = store.stories()
        started = time.perf_counter()
        full = cluster_stories(db)
        regroup = time.perf_counter() - started
    return {"articles": n, "new": held, "spread": spread, "store_seconds": stored_s,
            "regroup_seconds": regroup, "incremental_seconds": incremental, "ratio": incremental / regroup,
            "stories": len(full), "stories_written": len(changed), "same_stories": _shape(placed) == _shape(full)}


def regroup_once(db: str, executor: str) -> dict:
    from storyscope.library import cluster_stories
    from storyscope.store import Store

    workers = None
    started = time.perf_counter()
    if executor == "dask":
        from storyscope.run.dask import connect

        with connect(None, 2) as client:
            cluster_stories(db, client=client, keep=False)
            seconds = time.perf_counter() - started
            workers = sorted(client.run(_peak_rss_mib).values())
    else:
        cluster_stories(db, keep=False)
        seconds = time.perf_counter() - started
    peak = _peak_rss_mib()
    with Store.open(db) as store:
        _, stories = store.story_summaries(limit=1)
    return {"executor": executor, "seconds": seconds, "stories": stories, "client_peak_rss_mib": peak,
            "worker_peak_rss_mib": workers}


def _peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM): not ``getrusage``'s ru_maxrss, which Linux
    carries over an exec, so that a process started from a large one would report the parent's."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def client_memory(n: int, bulk: bool, kept: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(kept) if kept else Path(tmp) / "bench.db"
        db = f"sqlite:///{path}"
        stored = None
        if not path.exists():
            stored = bulk_store(db, n) if bulk else store_all(db, processed_articles(n))
        runs = []
        for executor in ("local", "dask"):
            out = subprocess.run([sys.executable, __file__, "--regroup", db, "--executor", executor],
                                 check=True, capture_output=True, text=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"articles": n, "stored_by": "bulk" if bulk else "writer", "store_seconds": stored,
            "stored_per_s": n / stored if stored else None, "runs": runs}


def _shape(stories) -> list:
    return sorted((sorted(s.articles), sorted(sorted(e.articles) for e in s.events)) for s in stories)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--spread", action="store_true", help="hold out 1%% drawn across the corpus, not the last 1%%")
    parser.add_argument("--client-memory", type=int, metavar="N", help="regroup N stored articles locally and on Dask")
    parser.add_argument("--bulk", action="store_true", help="with --client-memory: store without the writer")
    parser.add_argument("--db", help="with --client-memory: the SQLite file to store in (kept; reused)")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--regroup", help=argparse.SUPPRESS)
    parser.add_argument("--executor", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.spread)))
        return
    if args.regroup:
        print(json.dumps(regroup_once(args.regroup, args.executor)))
        return
    if args.client_memory:
        result = client_memory(args.client_memory, args.bulk, args.db)
        if result["store_seconds"]:
            print(f"stored {args.client_memory} articles ({result['stored_by']}) in {result['store_seconds']:.0f} s: "
                  f"{result['stored_per_s']:.0f} articles/s")
        for r in result["runs"]:
            print(f"{args.client_memory} articles, batches cut {r['executor']:>5}: {r['seconds']:.1f} s, "
                  f"{r['stories']} stories, client peak RSS {r['client_peak_rss_mib']:.0f} MiB"
                  + (f", workers' {r['worker_peak_rss_mib']}" if r["worker_peak_rss_mib"] else ""))
        print(json.dumps(result))
        return
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        command = [sys.executable, __file__, "--measure", str(n)] + (["--spread"] if args.spread else [])
        out = subprocess.run(command, check=True, capture_output=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'articles':>9} {'new':>5} {'stored in s':>12} {'full regroup s':>15} {'+1% incremental s':>18} "
          f"{'ratio':>7} {'stories':>8} {'rewritten':>10} {'same stories':>13}")
    for r in results:
        print(f"{r['articles']:>9} {r['new']:>5} {r['store_seconds']:>12.1f} {r['regroup_seconds']:>15.2f} "
              f"{r['incremental_seconds']:>18.3f} {r['ratio']:>6.3f}x {r['stories']:>8} {r['stories_written']:>10} "
              f"{str(r['same_stories']):>13}")
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
