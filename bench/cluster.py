"""Benchmark: story/event clustering and text reuse cost as the corpus grows.

    .venv/bin/python bench/cluster.py --sizes 1000,10000,50000

Generates article features for N articles in N/8 stories (3-40 articles each,
their own vocabularies and names, sharing a common background vocabulary and
a few common names, as news does), then times ``cluster_features`` at each
size, in a fresh process each, with peak memory, and the time to place the last 1%
of the articles into the stories of the other 99% (incremental). Prints a table, the growth
exponent of time against size (slope of log time on log size; 1.0 is linear,
2.0 is all pairs), and one JSON object as the last line.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def synthetic(n: int, seed: int = 3):
    from storyscope.cluster.features import ArticleFeatures

    rng = random.Random(seed)
    background = [f"common{i}" for i in range(3000)]
    shared_names = [f"Country {i}" for i in range(40)]
    features = []
    story = 0
    while len(features) < n:
        size = min(rng.randint(3, 40), n - len(features))
        vocabulary = [f"s{story}w{i}" for i in range(60)]
        names = [f"Person {story}-{i}" for i in range(6)] + rng.sample(shared_names, 2)
        start = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))
        for _ in range(size):
            words = rng.choices(vocabulary, k=60) + rng.choices(background, k=140)
            rng.shuffle(words)
            day = start + timedelta(days=rng.choice([0, 0, 1, 2, 30, 31]))
            features.append(ArticleFeatures(
                id=f"{len(features):016x}", outlet=f"outlet{rng.randint(0, 99)}", published=day,
                terms=tuple(words), names=frozenset(rng.sample(names, 4)), event_day=day))
        story += 1
    return features, story


def measure(n: int) -> dict:
    from storyscope.cluster.stories import cluster_features

    features, true_stories = synthetic(n)
    started = time.perf_counter()
    stories = cluster_features(features)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    # incremental: the last 1% arrive after the rest was clustered
    cut = n - max(1, n // 100)
    earlier = cluster_features(features[:cut])
    started = time.perf_counter()
    cluster_features(features, existing=earlier)
    incremental = time.perf_counter() - started
    return {"articles": n, "seconds": seconds, "articles_per_s": n / seconds, "peak_rss_mib": peak,
            "stories_found": len(stories), "stories_generated": true_stories,
            "incremental_1pct_seconds": incremental}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    results = []
    for n in [int(s) for s in args.sizes.split(",")]:
        out = subprocess.run([sys.executable, __file__, "--measure", str(n)], check=True, capture_output=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'articles':>9} {'seconds':>9} {'articles/s':>11} {'peak MiB':>9} {'stories found/made':>19} "
          f"{'+1% incremental s':>18}")
    for r in results:
        print(f"{r['articles']:>9} {r['seconds']:>9.2f} {r['articles_per_s']:>11.0f} {r['peak_rss_mib']:>9.0f} "
              f"{r['stories_found']:>9}/{r['stories_generated']:<9} {r['incremental_1pct_seconds']:>18.2f}")
    xs = [math.log(r["articles"]) for r in results]
    ys = [math.log(r["seconds"]) for r in results]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    print(f"growth exponent of time against size: {slope:.2f}")
    print(json.dumps({"results": results, "growth_exponent": round(slope, 3)}))


if __name__ == "__main__":
    main()
