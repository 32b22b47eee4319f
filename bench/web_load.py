"""Benchmark: the web app under load, on loopback, bounded in time.

    .venv/bin/python bench/web_load.py --copies 2000 --clients 50 --seconds 30

Builds a store of the example corpus scaled up: the five example articles,
analysed once, stored ``--copies`` times under new ids and addresses (each copy
its own five-article story with the example story's events), so 2,000 copies
make 10,000 articles in 2,000 stories. Serves it with uvicorn (one process) on
127.0.0.1 and runs ``--clients`` concurrent clients for ``--seconds`` against
each endpoint in turn: a static file (the baseline: what the server costs
before storyscope does anything), the stories listing, a story's dossier seen
for the first time (computed: claims, reuse, word choice; each story asked for
once, so every request is a first view) and again (cached), the story page,
one article and searches of each kind (a word found in every article, a phrase, other words, and
filtered by an outlet, a year and a speaker); then a new server process (its memory empty) serves
the dossiers computed so far again, from the store. Prints requests per second, p50 and p99 latency per
endpoint and the throughput ratio against the baseline; the last line is one
JSON object. Every client stops when its time is up.

The store is a temporary SQLite file, or with ``--postgres URL`` a new schema on that PostgreSQL
server (chosen through ``search_path``, analysed once built, dropped afterwards). ``--only search``
runs the baseline and the searches alone.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import hashlib
import json
import random
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def copy_of(processed, copy: int, url: str):
    """The analysed article stored again under a new id and address (its analysis unchanged)."""
    from storyscope.model import ProcessedArticle

    new_id = hashlib.sha256(f"{copy}:{processed.article.id}".encode()).hexdigest()[:16]
    return ProcessedArticle(dataclasses.replace(processed.article, id=new_id, url=url), processed.analysis)


def scaled_store(db: str, copies: int) -> dict[str, list[str]]:
    """The example corpus stored ``copies`` times; story ids and article ids to request."""
    from storyscope.cluster.stories import cluster, stable_id
    from storyscope.library import ingest_paths
    from storyscope.model import Event, Story
    from storyscope.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        seed = f"sqlite:///{tmp}/seed.db"
        ingest_paths([str(ROOT / "examples")], seed)
        with Store.open(seed) as store:
            originals = list(store.iter_processed())
    (template,) = cluster(originals)
    stories, article_ids = [], []
    with Store.open(db) as store:
        for copy in range(copies):
            renamed: dict[str, str] = {}
            batch = []
            for p in originals:
                twin = copy_of(p, copy, f"https://example.org/{copy}/{p.article.id}")
                renamed[p.article.id] = twin.article.id
                batch.append(twin)
            store.add_many(batch)
            events = tuple(Event(stable_id("e", [renamed[a] for a in e.articles]), e.title, e.date,
                                 tuple(renamed[a] for a in e.articles)) for e in template.events)
            members = tuple(renamed[a] for a in template.articles)
            stories.append(Story(stable_id("s", members), template.title, members, events))
            article_ids.extend(members)
        store.replace_stories(stories)
    return {"stories": [s.id for s in stories], "articles": article_ids}


@contextmanager
def database(postgres: str | None):
    """The URL of an empty store: a temporary SQLite file, or a new schema on ``postgres``."""
    if postgres is not None:
        from backends import PostgresSchema

        with PostgresSchema(postgres) as url:
            yield url
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{tmp}/load.db"


def analyse(db: str) -> None:
    """Planner statistics after the bulk load, as autovacuum would gather them a little later
    (without them PostgreSQL guesses how many rows a search matches, and its plan changes once
    they arrive, in the middle of a run)."""
    if not db.startswith("postgresql"):
        return
    import sqlalchemy as sa

    engine = sa.create_engine(db, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()


SEARCHES = {  # one kind of search each, as the web app's JSON API receives it
    "search, a word in every article": ["/api/search?q=Xinjiang"],
    "search, a phrase": ["/api/search?q=%22foreign%20minister%22"],
    "search, other words": [f"/api/search?q={q}" for q in ("Bachelet", "camps", "Uighur*", "diplomats%20visit")],
    "search, one outlet": ["/api/search?q=Xinjiang&outlet=WION"],  # one page in five
    "search, one year": ["/api/search?q=camps&since=2019-01-01&until=2019-12-31"],
    "search, one speaker": ["/api/search?q=Xinjiang&speaker=Wang"],  # quotes only
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: str, port: int) -> subprocess.Popen:
    code = ("import uvicorn; from storyscope.web import create_app; "
            f"uvicorn.run(create_app({db!r}), host='127.0.0.1', port={port}, log_level='warning')")
    server = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start within 60 s")


async def hammer(base: str, paths: list[str], clients: int, seconds: float, once: bool = False) -> dict:
    """``clients`` loops requesting random ``paths`` until the time is up; ``once``: each path at
    most once, in random order, stopping early when all have been asked for."""
    import httpx

    latencies: list[float] = []
    asked: list[str] = []
    errors = 0
    stop = time.monotonic() + seconds
    rng = random.Random(7)
    queue = rng.sample(paths, len(paths)) if once else None

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.monotonic() < stop and (queue is None or queue):
            started = time.perf_counter()
            try:
                path = queue.pop() if queue is not None else rng.choice(paths)
                asked.append(path)
                response = await http.get(path)
                errors += response.status_code >= 400
            except httpx.HTTPError:  # a refused or dropped connection counts, it does not stop the run
                errors += 1
            latencies.append(time.perf_counter() - started)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        began = time.monotonic()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.monotonic() - began
    latencies.sort()

    def quantile(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")

    return {"requests": len(latencies), "errors": errors, "requests_per_s": len(latencies) / elapsed,
            "p50_ms": quantile(0.50), "p99_ms": quantile(0.99), "asked": asked}


def main() -> None:
    import httpx

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=2000, help="copies of the five example articles")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="per endpoint")
    parser.add_argument("--postgres", metavar="URL", help="build the store in a new schema on this PostgreSQL "
                        "server, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test (default: SQLite)")
    parser.add_argument("--only", choices=["search"], help="only the baseline and the searches")
    args = parser.parse_args()
    with database(args.postgres) as db:
        started = time.perf_counter()
        ids = scaled_store(db, args.copies)
        analyse(db)
        print(f"store: {len(ids['articles'])} articles in {len(ids['stories'])} stories "
              f"({db.split(':', 1)[0]}), built in {time.perf_counter() - started:.0f} s", flush=True)
        port = free_port()
        server = serve(db, port)
        rng = random.Random(3)

        def some(items: list[str], n: int) -> list[str]:
            return rng.sample(items, min(n, len(items)))

        warm = [] if args.only else some(ids["stories"], 20)  # viewed once before: their dossiers are cached
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
            for story in warm:
                http.get(f"/api/stories/{story}").raise_for_status()
            for paths in SEARCHES.values():  # each answers, and the server has served one search
                for path in paths:
                    http.get(path).raise_for_status()
        endpoints = {"static file (baseline)": ["/static/style.css"]}
        if not args.only:
            endpoints |= {
                "stories listing": [f"/api/stories?offset={rng.randrange(len(ids['stories']))}&limit=50"
                                    for _ in range(50)],
                "story dossier, first view": [f"/api/stories/{s}" for s in ids["stories"] if s not in warm],
                "story dossier, again": [f"/api/stories/{s}" for s in warm],
                "story page, again": [f"/stories/{s}" for s in warm],
                "article": [f"/api/articles/{a}" for a in some(ids["articles"], 500)],
            }
        endpoints |= SEARCHES
        results = {}
        try:
            for name, paths in endpoints.items():
                once = name == "story dossier, first view"
                results[name] = asyncio.run(hammer(f"http://127.0.0.1:{port}", paths, args.clients, args.seconds, once))
                print(f"  {name}: {results[name]['requests_per_s']:.1f} req/s", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
        if not args.only:  # a new server process: nothing in its memory, the dossiers computed above in the store
            server = serve(db, port)
            try:
                name = "story dossier, restarted"  # each dossier computed before, asked for once: from the store
                computed = endpoints["story dossier, again"] + results["story dossier, first view"]["asked"]
                results[name] = asyncio.run(hammer(f"http://127.0.0.1:{port}", computed, args.clients, args.seconds,
                                                   True))
                print(f"  {name}: {results[name]['requests_per_s']:.1f} req/s", flush=True)
            finally:
                server.terminate()
                server.wait(timeout=30)
    for r in results.values():
        del r["asked"]
    baseline = results["static file (baseline)"]["requests_per_s"]
    print(f"{'endpoint':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs baseline':>12}")
    for name, r in results.items():
        print(f"{name:<34} {r['requests_per_s']:>8.1f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>7} "
              f"{r['requests_per_s'] / baseline:>11.3f}x")
    print(json.dumps({"articles": len(ids["articles"]), "backend": "postgresql" if args.postgres else "sqlite",
                      "clients": args.clients, "seconds": args.seconds, "results": results}))


if __name__ == "__main__":
    main()
