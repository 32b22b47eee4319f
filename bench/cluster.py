"""Benchmark: story/event clustering and claim alignment cost as the corpus grows.

    .venv/bin/python bench/cluster.py --sizes 1000,10000,50000

Generates article features for N articles in N/8 stories (3-40 articles each,
their own vocabularies and names, sharing a common background vocabulary and
a few common names, as news does: the background is the 3,000 commonest English
content words, the stories' own words are coinages no dictionary knows, as names
and rare words are), then times ``cluster_features`` at each
size, in a fresh process each, with peak memory (placing new articles into a stored
corpus is measured on a real store by bench/incremental.py). Then it times claim
alignment over every generated story: articles of 15 sentences, most of them
retellings of the story's 30 facts (70% of a fact's words, in another order,
with background words), so that alignment has real work to do. Prints a table, the growth
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


def background_words(count: int = 3000) -> list[str]:
    """The ``count`` commonest English content words (wordfreq's list, as ``content_terms`` keeps them)."""
    import wordfreq

    from storyscope.cluster.features import content_terms

    words = [w for w in wordfreq.top_n_list("en", 10 * count) if w.isalpha() and content_terms(w) == (w,)]
    return words[:count]


def synthetic(n: int, seed: int = 3):
    """N generated articles' features, and how many stories they were drawn from."""
    features = []
    stories = 0
    for story, f in generate(n, seed):
        features.append(f)
        stories = story + 1
    return features, stories


def generate(n: int, seed: int = 3):
    """(story number, features) of each of N generated articles, one at a time (``synthetic``)."""
    from storyscope.cluster.features import ArticleFeatures

    rng = random.Random(seed)
    background = background_words()
    shared_names = [f"Country {i}" for i in range(40)]
    made = 0
    story = 0
    while made < n:
        size = min(rng.randint(3, 40), n - made)
        vocabulary = [f"s{story}w{i}" for i in range(60)]
        names = [f"Person {story}-{i}" for i in range(6)] + rng.sample(shared_names, 2)
        start = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))
        for _ in range(size):
            words = rng.choices(vocabulary, k=60) + rng.choices(background, k=140)
            rng.shuffle(words)
            day = start + timedelta(days=rng.choice([0, 0, 1, 2, 30, 31]))
            yield story, ArticleFeatures(
                id=f"{made:016x}", outlet=f"outlet{rng.randint(0, 99)}", published=day,
                terms=tuple(words), names=frozenset(rng.sample(names, 4)), event_day=day)
            made += 1
        story += 1


def synthetic_articles(features, seed: int = 5):
    """Analysed articles for the generated features: sentences retelling their story's facts."""
    from storyscope.model import Article, ArticleAnalysis, NumberMention, ProcessedArticle, Sentence

    rng = random.Random(seed)
    background = [f"common{i}" for i in range(3000)]  # filler the claims share: as before, for comparable figures
    facts: dict[str, list[list[str]]] = {}
    result = []
    for f in features:
        key = min(n for n in f.names if n.startswith("Person")).split("-")[0]  # "Person 12-3": story 12
        story_words = sorted({t for t in f.terms if t.startswith(f"s{key.split()[1]}w")})
        pool = facts.setdefault(key, [rng.sample(story_words, min(10, len(story_words))) + [f"figure{i}"]
                                      for i in range(30)])
        sentences, start, numbers = [], 0, []
        for index in range(15):
            if index < 12:
                fact = pool[rng.randrange(len(pool))]
                words = rng.sample(fact, int(len(fact) * 0.7)) + rng.choices(background, k=5)
            else:
                words = rng.choices(background, k=14)
            rng.shuffle(words)
            text = " ".join(words).capitalize() + "."
            sentences.append(Sentence(index, start, start + len(text), text))
            numbers.append(NumberMention(str(index * 100), index * 100.0, "people", None, start, start + 3, index))
            start += len(text) + 1
        article = Article(id=f.id, source=f.id, format="text", text=" ".join(s.text for s in sentences),
                          outlet=f.outlet, published=f.published.isoformat())
        result.append((key, ProcessedArticle(article, ArticleAnalysis(sentences=tuple(sentences),
                                                                      numbers=tuple(numbers)))))
    return result


def measure(n: int) -> dict:
    from storyscope.cluster.stories import cluster_features

    features, true_stories = synthetic(n)
    started = time.perf_counter()
    stories = cluster_features(features)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    claims_seconds, claims = _align_every_story(features)
    return {"articles": n, "seconds": seconds, "articles_per_s": n / seconds, "peak_rss_mib": peak,
            "stories_found": len(stories), "stories_generated": true_stories,
            "claims_seconds": claims_seconds, "claims": claims,
            "peak_rss_with_claims_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _align_every_story(features) -> tuple[float, int]:
    from collections import defaultdict

    from storyscope.compare.claims import align_claims

    by_story = defaultdict(list)
    for key, processed in synthetic_articles(features):
        by_story[key].append(processed)
    started = time.perf_counter()
    claims = sum(len(align_claims(members, [], {})) for members in by_story.values())
    return time.perf_counter() - started, claims


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
          f"{'claims s':>9} {'claims':>8} {'peak MiB':>9}")
    for r in results:
        print(f"{r['articles']:>9} {r['seconds']:>9.2f} {r['articles_per_s']:>11.0f} {r['peak_rss_mib']:>9.0f} "
              f"{r['stories_found']:>9}/{r['stories_generated']:<9} "
              f"{r['claims_seconds']:>9.2f} {r['claims']:>8} {r['peak_rss_with_claims_mib']:>9.0f}")
    slope = _exponent(results, "seconds")
    claims_slope = _exponent(results, "claims_seconds")
    print(f"growth exponent of time against size: clustering {slope:.2f}, claim alignment {claims_slope:.2f}")
    print(json.dumps({"results": results, "growth_exponent": round(slope, 3),
                      "claims_growth_exponent": round(claims_slope, 3)}))


def _exponent(results: list[dict], field: str) -> float:
    """Slope of log time on log size: 1.0 is linear, 2.0 is all pairs."""
    xs = [math.log(r["articles"]) for r in results]
    ys = [math.log(r[field]) for r in results]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)


if __name__ == "__main__":
    main()
