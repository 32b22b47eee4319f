"""Benchmark: ingest into SQLite and into PostgreSQL, in the same run.

    .venv/bin/python bench/backends.py --articles 300 --writes 10000

Two measures per backend, the same input for both:
  - the whole ingest (read, clean, analyse, store) of ``--articles`` copies of the
    example pages (bench/ingest.py's corpus) on two worker processes;
  - the store alone: ``--writes`` analysed articles (the five examples under new
    ids and addresses) added in batches of 100, which is where the backends differ.
PostgreSQL comes from ``STORYSCOPE_TEST_POSTGRES`` (default: the local server,
database ``test``); each run writes into a fresh schema and drops it. Prints a
table with the PostgreSQL / SQLite ratio and one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

POSTGRES = os.environ.get("STORYSCOPE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


class PostgresSchema:
    """A fresh schema on the ``server`` (a storyscope URL), as a storyscope URL; dropped on exit."""

    def __init__(self, server: str = POSTGRES):
        self.server = server

    def __enter__(self) -> str:
        import sqlalchemy as sa

        self.name = f"storyscope_bench_{uuid.uuid4().hex[:10]}"
        self.engine = sa.create_engine(self.server)
        with self.engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{self.name}"'))
        return f"{self.server}{'&' if '?' in self.server else '?'}options=-csearch_path%3D{self.name}"

    def __exit__(self, *_exc) -> None:
        import sqlalchemy as sa

        with self.engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{self.name}" CASCADE'))
        self.engine.dispose()


def whole_ingest(db: str, corpus: Path) -> float:
    from storyscope.library import ingest_paths

    started = time.perf_counter()
    ingest_paths([str(corpus)], db, workers=2)
    return time.perf_counter() - started


def store_only(db: str, originals: list, writes: int) -> float:
    from storyscope.store import Store
    from web_load import copy_of

    batches, batch = [], []
    for n in range(writes):
        batch.append(copy_of(originals[n % len(originals)], n, f"https://bench.example/w/{n}"))
        if len(batch) == 100:
            batches.append(batch)
            batch = []
    batches.append(batch)
    with Store.open(db) as store:
        started = time.perf_counter()
        for chunk in batches:
            store.add_many(chunk)
        return time.perf_counter() - started


def main() -> None:
    from ingest import build_corpus

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300, help="articles through the whole ingest")
    parser.add_argument("--writes", type=int, default=10000, help="analysed articles written to the store alone")
    args = parser.parse_args()
    from storyscope.library import ingest_paths
    from storyscope.store import Store

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(args.articles, 11, Path(tmp))
        seed = f"sqlite:///{tmp}/seed.db"
        ingest_paths([str(ROOT / "examples")], seed)
        with Store.open(seed) as store:
            originals = list(store.iter_processed())
        for backend in ("sqlite", "postgresql"):
            timings = {}
            for stage in ("whole", "store"):
                if backend == "sqlite":
                    db = f"sqlite:///{tmp}/{stage}.db"
                    timings[stage] = (whole_ingest(db, corpus) if stage == "whole"
                                      else store_only(db, originals, args.writes))
                else:
                    with PostgresSchema() as db:
                        timings[stage] = (whole_ingest(db, corpus) if stage == "whole"
                                          else store_only(db, originals, args.writes))
            results[backend] = {"ingest_articles_per_s": args.articles / timings["whole"],
                                "store_writes_per_s": args.writes / timings["store"]}
            print(f"  {backend}: {results[backend]}", flush=True)
    sqlite, postgres = results["sqlite"], results["postgresql"]
    ratio = {k: postgres[k] / sqlite[k] for k in sqlite}
    print(f"{'measure':<34} {'SQLite':>10} {'PostgreSQL':>11} {'PG / SQLite':>12}")
    for key, label in (("ingest_articles_per_s", f"whole ingest, articles/s ({args.articles})"),
                       ("store_writes_per_s", f"store alone, articles/s ({args.writes})")):
        print(f"{label:<34} {sqlite[key]:>10.1f} {postgres[key]:>11.1f} {ratio[key]:>11.2f}x")
    print(json.dumps({"articles": args.articles, "writes": args.writes, "results": results, "ratio": ratio}))


if __name__ == "__main__":
    main()
