"""How the story rule and its thresholds were chosen: stories pairwise F1 of storyscope's own
clustering under several similarities and settings, on the tuning corpora (tests/golden/stories/,
tests/golden/running/), the five example pages (one story) and the coverage corpus
(tests/golden/coverage/, reported, never used to choose).

    .venv/bin/python bench/story_thresholds.py

Every pair of pages is a candidate (no blocking), so this is the clustering's decision rule
alone. Each setting runs ``cluster_features`` itself with the module's constants set to it.
"""

from __future__ import annotations

import itertools
import math
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "golden"))

import cluster_score  # noqa: E402
import coverage_score  # noqa: E402
from cluster_score import pairwise  # noqa: E402

SIMILARITIES = {
    "words only": (1.0, 0.0),
    "0.8 words + 0.2 names": (0.8, 0.2),
    "0.6 words + 0.4 names": (0.6, 0.4),
}
# (link, average, lone page): single link alone when average is None; lone pages stay alone when None
SETTINGS = [(0.2, None, None), (0.15, 0.15, None), (0.15, 0.15, 0.17), (0.15, 0.15, 0.15),
            (0.15, 0.15, 0.2), (0.15, 0.12, None), (0.15, 0.12, 0.17), (0.2, 0.2, None)]


def features(folder: Path) -> tuple[list[str], list]:
    """Page names and clustering features of a folder of pages, ingested as a user would."""
    from storyscope.cluster.features import features_of
    from storyscope.library import ingest_paths
    from storyscope.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/corpus.db"
        ingest_paths([str(folder)], db, workers=1)
        with Store.open(db) as store:
            processed = list(store.iter_processed())
    return [Path(p.article.source).name for p in processed], [features_of(p) for p in processed]


def every_pair(keys, new=None) -> set[tuple[int, int]]:
    return set(itertools.combinations(range(len(keys)), 2))


def stories(corpus_features: list, weights: tuple[float, float], link: float, average: float | None,
            lone: float | None) -> dict[str, str]:
    """Article id -> story id under one setting."""
    from storyscope.cluster import similarity, stories as rule

    saved = (similarity.TEXT_WEIGHT, similarity.NAME_WEIGHT, rule.STORY_LINK, rule.LONE_PAGE_PROFILE)
    similarity.TEXT_WEIGHT, similarity.NAME_WEIGHT = weights
    rule.STORY_LINK = link
    rule.LONE_PAGE_PROFILE = math.inf if lone is None else lone
    try:
        found = rule.cluster_features(corpus_features, story_threshold=-math.inf if average is None else average,
                                      blocking=every_pair)
    finally:
        similarity.TEXT_WEIGHT, similarity.NAME_WEIGHT, rule.STORY_LINK, rule.LONE_PAGE_PROFILE = saved
    return {a: s.id for s in found for a in s.articles}


def main() -> None:
    corpora = {
        "tuning": (ROOT / "tests" / "golden" / "stories", cluster_score.gold_assignments()[0]),
        "running": (coverage_score.RUNNING / "pages", coverage_score.gold_assignments(coverage_score.RUNNING)[0]),
        "examples": (ROOT / "examples", None),
        "coverage": (coverage_score.PAGES, coverage_score.gold_assignments()[0]),
    }
    loaded = {}
    for label, (folder, gold) in corpora.items():
        names, corpus_features = features(folder)
        loaded[label] = (names, corpus_features, gold or {n: "one" for n in names})
    print(f"{'similarity':<22} {'link':>5} {'average':>7} {'lone':>5}  " + "  ".join(f"{c:>8}" for c in corpora))
    for label, weights in SIMILARITIES.items():
        for link, average, lone in SETTINGS:
            row = []
            for names, corpus_features, gold in loaded.values():
                story_of = stories(corpus_features, weights, link, average, lone)
                predicted = {name: story_of[f.id] for name, f in zip(names, corpus_features)}
                row.append(pairwise(gold, predicted)[2])
            print(f"{label:<22} {link:>5} {average or '-':>7} {lone or '-':>5}  " + "  ".join(f"{f:>8.3f}" for f in row))


if __name__ == "__main__":
    main()
