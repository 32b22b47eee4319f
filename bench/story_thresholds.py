"""How the story thresholds were chosen: stories pairwise F1 of link-then-average-link clustering
for several similarities and thresholds, on the tuning corpus (tests/golden/stories/), the five
example pages (one story) and the coverage corpus (tests/golden/coverage/, reported, never used
to choose).

    .venv/bin/python bench/story_thresholds.py

Every pair of pages is scored (no blocking), so this is the clustering's decision rule alone.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

import numpy
from sklearn.feature_extraction.text import TfidfVectorizer

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
SETTINGS = [(0.2, None), (0.15, 0.15), (0.15, 0.12), (0.2, 0.2)]  # (link, average); None: single link alone


def corpus(folder: Path, gold: dict[str, str]) -> tuple[list[str], numpy.ndarray, numpy.ndarray, dict]:
    """Page names, word and name cosine matrices, gold story per page."""
    from storyscope.cluster.features import features_of
    from storyscope.library import ingest_paths
    from storyscope.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/corpus.db"
        ingest_paths([str(folder)], db, workers=1)
        with Store.open(db) as store:
            processed = list(store.iter_processed())
    names = [Path(p.article.source).name for p in processed]
    features = [features_of(p) for p in processed]

    def cosines(documents):
        matrix = TfidfVectorizer(analyzer=lambda items: items, sublinear_tf=True).fit_transform(documents)
        return (matrix @ matrix.T).toarray()

    words = cosines([f.terms for f in features])
    people = cosines([sorted(n.casefold() for n in f.names) for f in features])
    return names, words, people, gold or {n: "one" for n in names}


def stories(names: list[str], similar: numpy.ndarray, link: float, average: float | None) -> dict[str, object]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from storyscope.cluster.blocking import UnionFind

    groups = UnionFind(len(names))
    for i, j in itertools.combinations(range(len(names)), 2):
        if similar[i, j] >= link:
            groups.union(i, j)
    components: dict[int, list[int]] = {}
    for i in range(len(names)):
        components.setdefault(groups.find(i), []).append(i)
    label: dict[str, object] = {}
    for root, members in components.items():
        if average is None or len(members) < 2:
            label.update({names[i]: root for i in members})
            continue
        distance = 1 - similar[numpy.ix_(members, members)]
        numpy.fill_diagonal(distance, 0)
        cut = fcluster(linkage(squareform(distance, checks=False), method="average"), t=1 - average,
                       criterion="distance")
        label.update({names[i]: (root, int(c)) for i, c in zip(members, cut)})
    return label


def main() -> None:
    corpora = {
        "tuning": corpus(ROOT / "tests" / "golden" / "stories", cluster_score.gold_assignments()[0]),
        "examples": corpus(ROOT / "examples", {}),
        "coverage": corpus(coverage_score.PAGES, coverage_score.gold_assignments()[0]),
    }
    print(f"{'similarity':<24} {'link':>5} {'average':>8}  " + "  ".join(f"{c:>9}" for c in corpora))
    for label, (w_words, w_names) in SIMILARITIES.items():
        for link, average in SETTINGS:
            row = []
            for names, words, people, gold in corpora.values():
                row.append(pairwise(gold, stories(names, w_words * words + w_names * people, link, average))[2])
            print(f"{label:<24} {link:>5} {average or '-':>8}  " + "  ".join(f"{f:>9.3f}" for f in row))


if __name__ == "__main__":
    main()
