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

``--client-memory N`` instead stores N articles once, then regroups them twice, each in a fresh
process: in that process, and with the blocking step on a Dask LocalCluster of two workers; it
prints each run's time and the peak resident memory of the process that asked (the client).
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

    from storyscope.model import Article, ArticleAnalysis, Entity, ProcessedArticle, Sentence

    features, _ = synthetic(n)
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
    import resource

    from storyscope.library import cluster_stories

    started = time.perf_counter()
    found = cluster_stories(db, executor=executor, workers=2)
    return {"executor": executor, "seconds": time.perf_counter() - started, "stories": len(found),
            "client_peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def client_memory(n: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        store_all(db, processed_articles(n))
        runs = []
        for executor in ("local", "dask"):
            out = subprocess.run([sys.executable, __file__, "--regroup", db, "--executor", executor],
                                 check=True, capture_output=True, text=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return runs


def _shape(stories) -> list:
    return sorted((sorted(s.articles), sorted(sorted(e.articles) for e in s.events)) for s in stories)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--spread", action="store_true", help="hold out 1%% drawn across the corpus, not the last 1%%")
    parser.add_argument("--client-memory", type=int, metavar="N", help="regroup N stored articles locally and on Dask")
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
        runs = client_memory(args.client_memory)
        for r in runs:
            print(f"{args.client_memory} articles, blocking {r['executor']:>5}: {r['seconds']:.1f} s, "
                  f"{r['stories']} stories, client peak RSS {r['client_peak_rss_mib']:.0f} MiB")
        print(json.dumps({"articles": args.client_memory, "runs": runs}))
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
