"""Benchmark: ingest writers and API readers at once, on SQLite and on PostgreSQL, bounded in time.

    flock /tmp/bench.lock .venv/bin/python bench/mixed_load.py --backends sqlite --seconds 600 --writers 8 --readers 50

Per backend (a SQLite file; a fresh schema on the ``--postgres`` server, dropped after): the
example articles stored ``--copies`` times as five-article stories, ``storyscope serve`` on
127.0.0.1, then for ``--seconds``: ``--writers`` loops of ``storyscope ingest`` on new batches
of ``--batch`` example pages, one client uploading such batches through ``POST /api/articles``,
and ``--readers`` clients cycling over the story list, dossiers, story and article pages,
article records, the article list, search and a static file (the baseline). Nothing starts after
the deadline; a writer still running ``--grace`` seconds later is killed. The defaults are the
full run: 600 s, 8 writers, 1 uploader, 50 clients. The harness is tests/reliability/mixed_load.py
(the test runs it too, shorter). Prints per backend and endpoint the requests, requests/s,
p50/p95/p99/max latency and each of p50 and p99 as a multiple of the static file's, errors, the
5xx and lock error counts, what the writers and uploads stored and whether the store holds exactly
that; the last line is one JSON object. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from backends import POSTGRES, PostgresSchema  # noqa: E402
from reliability.mixed_load import BASELINE, Outcome, run  # noqa: E402


def times(value: float | None, base: float | None) -> str:
    return f"{value / base:.1f}x" if value is not None and base else "-"


def print_outcome(backend: str, outcome: Outcome) -> None:
    table = outcome.table()
    base = table[BASELINE]
    print(f"\n{backend}: {outcome.seconds:.0f} s")
    print(f"{'endpoint':<28} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'max ms':>8} {'p50/base':>8} {'p99/base':>8} {'errors':>6} {'404 gone':>8}")
    for name, row in table.items():
        print(f"{name:<28} {row['requests']:>8} {row['per_s']:>7.1f} {row['p50_ms'] or 0:>8.0f} {row['p95_ms'] or 0:>8.0f} "
              f"{row['p99_ms'] or 0:>8.0f} {row['max_ms'] or 0:>8.0f} {times(row['p50_ms'], base['p50_ms']):>8} "
              f"{times(row['p99_ms'], base['p99_ms']):>8} {row['errors']:>6} {row['gone']:>8}")
    d = outcome.as_dict()
    print(f"writers: {d['writer_runs']} ingest runs ({d['writer_runs_stored']} stored their batch, "
          f"{d['writer_runs_killed']} killed at the hard deadline); uploads: {d['uploads']} ({d['uploads_done']} done); "
          f"articles: {d['articles']}")
    print(f"5xx {outcome.server_errors}, transport errors {outcome.transport_errors}, "
          f"lock/deadlock/serialization {outcome.lock_errors}")
    exact = not outcome.store_problems
    print(f"store: {'holds exactly' if exact else 'DIFFERS from'} what the writers and uploads reported stored "
          f"({d['articles']['in_store']} article versions: {d['articles']['base']} base, "
          f"{d['articles']['by_writers']} by writers, {d['articles']['by_uploads']} by uploads"
          f"{', and what killed writers left' if d['writer_runs_killed'] else ''})")
    for problem in [*outcome.writer_problems, *outcome.store_problems, *outcome.server_log_problems][:20]:
        print(f"  problem: {problem[:300]}")
    for name, e in outcome.endpoints.items():
        for sample in e.samples:
            print(f"  {name}: {sample[:300]}")


def failed(outcome: Outcome) -> bool:
    return bool(outcome.server_errors or outcome.transport_errors or outcome.lock_errors or outcome.writer_problems
                or outcome.store_problems or outcome.server_log_problems
                or any(row["errors"] for row in outcome.table().values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=600.0, help="how long readers and writers run, per backend")
    parser.add_argument("--writers", type=int, default=8, help="concurrent storyscope ingest loops")
    parser.add_argument("--readers", type=int, default=50, help="concurrent API/page clients")
    parser.add_argument("--copies", type=int, default=200, help="copies of the five example articles pre-loaded")
    parser.add_argument("--batch", type=int, default=10, help="articles per ingest run and per upload")
    parser.add_argument("--grace", type=float, default=120.0, help="seconds after the deadline before stragglers are killed")
    parser.add_argument("--postgres", default=POSTGRES, help="the PostgreSQL server (a fresh schema is made on it)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    args = parser.parse_args()
    options = dict(seconds=args.seconds, writers=args.writers, readers=args.readers, copies=args.copies,
                   batch_size=args.batch, grace=args.grace)
    results: dict[str, dict] = {}
    any_failed = False
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                outcome = run(f"sqlite:///{tmp}/mixed.db", **options)
        elif backend == "postgresql":
            with PostgresSchema(args.postgres) as db:
                outcome = run(db, **options)
        else:
            parser.error(f"unknown backend {backend!r}")
        print_outcome(backend, outcome)
        results[backend] = outcome.as_dict()
        any_failed |= failed(outcome)
    print(json.dumps({"options": options, "results": results, "failed": any_failed}))
    sys.exit(1 if any_failed else 0)


if __name__ == "__main__":
    main()
