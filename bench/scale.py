"""Benchmark: one process against a Dask LocalCluster (2 workers, 1 thread each), in the same run.

    .venv/bin/python bench/scale.py --sizes 10000,100000 --pipeline-articles 1000

Blocking (near-duplicate detection and story blocking): N generated articles' key sets
(stories of 12 articles, each article 12 of its story's 45 words and names plus 4 rare
background words), grouped into connected components of the MinHash LSH candidate graph:
  - single process: ``blocking.candidate_pairs`` (one datasketch index) + union-find;
  - Dask: ``dask_blocking.components`` (band keys grouped by a task shuffle, union-find per
    partition, then on the client). The key sets are generated on the workers and held there
    before the clock starts, as the single process holds them in memory.
Full per-article pipeline: ``--pipeline-articles`` articles (the example pages, each copy
with its own URL, 4 per JSONL file) through ``library.ingest_paths`` into a fresh SQLite
store, executor local (2 processes) against executor dask (LocalCluster, 2 workers).

Each measurement runs in a fresh process. Peak memory is the largest resident set of the
process plus each worker's (the pipeline: the largest worker's, counted once per worker).
Prints a table, the growth exponent of time against size (slope of log time on log size; 1.0
is linear) per mode, and one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

STORY_SIZE = 12
WORKERS = 2


def key_set(i: int) -> frozenset[str]:
    """Article ``i``'s keys, a function of ``i`` alone: any worker can generate any range."""
    rng = random.Random(i)
    story = i // STORY_SIZE
    vocabulary = [f"s{story}w{k}" for k in range(40)] + [f"Person {story}-{k}" for k in range(5)]
    return frozenset(rng.sample(vocabulary, 12) + [f"common{rng.randrange(10**8)}" for _ in range(4)])


def generate(ranges) -> list[tuple[int, frozenset[str]]]:
    return [(i, key_set(i)) for start, stop in ranges for i in range(start, stop)]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_blocking(n: int, mode: str) -> dict:
    from storyscope.cluster import dask_blocking

    if mode == "single":
        from storyscope.cluster.blocking import candidate_pairs, components_of

        keys = [key_set(i) for i in range(n)]
        started = time.perf_counter()
        pairs = candidate_pairs(keys)
        found = components_of(pairs, range(n))
        seconds = time.perf_counter() - started
        return {"n": n, "mode": mode, "seconds": seconds, "peak_mib": peak_mib(), "components": len(found),
                "pairs": len(pairs)}
    import dask.bag as db
    from distributed import Client, LocalCluster, wait

    with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        partitions = max(8, n // 5000)
        step = math.ceil(n / partitions)
        ranges = [(s, min(n, s + step)) for s in range(0, n, step)]
        records = db.from_sequence(ranges, npartitions=len(ranges)).map_partitions(generate).persist()
        wait(records)
        client.run(lambda: __import__("storyscope.cluster.dask_blocking"))  # imports are not the work
        started = time.perf_counter()
        found = dask_blocking.components(records, client=client)
        seconds = time.perf_counter() - started
        workers = sum(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024).values())
    return {"n": n, "mode": mode, "seconds": seconds, "peak_mib": peak_mib() + workers, "components": len(found),
            "partitions": len(ranges)}


def measure_pipeline(n: int, mode: str) -> dict:
    from storyscope.library import ingest_paths

    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for f in range(math.ceil(n / 4)):
            rows = [json.dumps({"url": f"https://bench.example/{i}", "text": rng.choice(pages)})
                    for i in range(f * 4, min(n, f * 4 + 4))]
            (folder / f"{f:06d}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
        started = time.perf_counter()
        summary = ingest_paths([str(folder)], f"sqlite:///{tmp}/bench.db", workers=WORKERS,
                               executor="local" if mode == "single" else "dask")
        seconds = time.perf_counter() - started
    # the workers (local processes or Dask's) are this process's children, ended and waited for
    # by now: count the largest once per worker, an upper bound of their sum
    worker_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"n": n, "mode": mode, "seconds": seconds, "stored": summary.added,
            "peak_mib": peak_mib() + WORKERS * worker_mib, "main_mib": peak_mib(), "worker_mib": worker_mib}


def run(kind: str, n: int, mode: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", kind, str(n), mode], check=True,
                         capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["articles_per_s"] = n / result["seconds"]
    return result


def exponent(results: list[dict]) -> float:
    xs = [math.log(r["n"]) for r in results]
    ys = [math.log(r["seconds"]) for r in results]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (sum((x - mx) ** 2 for x in xs) or 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="blocking corpus sizes")
    parser.add_argument("--pipeline-articles", type=int, default=10000, help="full-pipeline articles (0: skip)")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, n, mode = args.measure
        print(json.dumps((measure_blocking if kind == "blocking" else measure_pipeline)(int(n), mode)))
        return
    rows = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        for mode in ("single", "dask"):
            rows.append({"stage": "blocking", **run("blocking", n, mode)})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    if args.pipeline_articles:
        for mode in ("single", "dask"):
            rows.append({"stage": "pipeline", **run("pipeline", args.pipeline_articles, mode)})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    base = {(r["stage"], r["n"]): r for r in rows if r["mode"] == "single"}
    print(f"{'stage':<9} {'articles':>9} {'mode':<7} {'seconds':>9} {'articles/s':>11} {'peak MiB':>9} "
          f"{'vs single':>10}")
    for r in rows:
        r["speed_vs_single"] = r["articles_per_s"] / base[(r["stage"], r["n"])]["articles_per_s"]
        print(f"{r['stage']:<9} {r['n']:>9} {r['mode']:<7} {r['seconds']:>9.2f} {r['articles_per_s']:>11.0f} "
              f"{r['peak_mib']:>9.0f} {r['speed_vs_single']:>9.2f}×")
    growth = {}
    for mode in ("single", "dask"):
        blocking = [r for r in rows if r["stage"] == "blocking" and r["mode"] == mode]
        if len(blocking) > 1:
            growth[mode] = round(exponent(blocking), 3)
    print("growth exponent of blocking time against size: "
          + ", ".join(f"{mode} {value:.2f}" for mode, value in growth.items()))
    print(json.dumps({"results": rows, "growth_exponent": growth}))


if __name__ == "__main__":
    main()
