"""Near-duplicate articles: copies and light edits grouped, other reports of one story not,
in memory and on Dask alike."""

from __future__ import annotations

import random
from functools import partial
from itertools import combinations
from pathlib import Path

import dask
import pytest

from storyscope.cluster import dask_blocking
from storyscope.cluster.duplicates import THRESHOLD, near_duplicates, shingles
from storyscope.model import Article

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples").glob("*.txt"))


def swap_words(text: str, every: int, seed: int = 1) -> str:
    """One word in ``every`` replaced: an edited copy."""
    rng = random.Random(seed)
    words = text.split(" ")
    for i in range(0, len(words), every):
        words[i] = rng.choice(["alpha", "bravo", "charlie", "delta"])
    return " ".join(words)


def article(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, source=aid, format="text", text=text, published=published)


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    paragraphs = texts[1].split("\n")
    return [article(f"ex{i}", t, f"2020-01-0{i + 1}") for i, t in enumerate(texts)] + [
        article("copy-of-ex0", texts[0], "2020-01-02"),  # republished word for word, a day later
        article("edit-of-ex0", swap_words(texts[0], 25), "2019-12-31"),  # edited, and dated earlier
        article("cut-of-ex1", "\n".join(paragraphs[: int(len(paragraphs) * 0.9)])),  # last paragraphs cut
        article("rewrite-of-ex2", swap_words(texts[2], 8)),  # too rewritten to be the same text
    ]


def test_shingles_are_word_five_grams():
    assert shingles("One two three four five six") == {"one two three four five", "two three four five six"}
    assert shingles("Too short") == {"too short"}
    assert shingles("  \n ") == frozenset()


def test_copies_and_light_edits_form_groups_and_other_reports_do_not(corpus):
    groups = near_duplicates(corpus)
    assert [g.articles for g in groups] == [("edit-of-ex0", "ex0", "copy-of-ex0"), ("ex1", "cut-of-ex1")]
    assert all(overlap >= THRESHOLD for g in groups for _a, _b, overlap in g.pairs)
    assert {(a, b): o for a, b, o in groups[0].pairs}["ex0", "copy-of-ex0"] == 1.0
    # a stricter threshold keeps only the word-for-word copy and the cut one
    strict = near_duplicates(corpus, threshold=0.85)
    assert [g.articles for g in strict] == [("ex0", "copy-of-ex0"), ("ex1", "cut-of-ex1")]


def test_every_pair_over_the_threshold_is_found_without_comparing_all_pairs():
    """200 generated bodies in families of copies edited to various degrees: the groups are the
    components of the all-pairs comparison (the reference)."""
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(3000)]
    articles = []
    for family in range(40):
        base = " ".join(rng.choice(vocabulary) for _ in range(300))
        for member in range(5):
            every = rng.choice([4, 6, 10, 20, 40, 1000])
            articles.append(article(f"f{family:02d}m{member}", swap_words(base, every, seed=family * 10 + member)))
    sets = [shingles(a.text) for a in articles]
    linked = {(i, j) for i, j in combinations(range(len(articles)), 2)
              if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= THRESHOLD}
    assert 40 < len(linked) < 400  # some edits stay over the threshold, some fall under
    found = {(a, b) for g in near_duplicates(articles) for a, b, _o in g.pairs}
    assert found == {(articles[i].id, articles[j].id) for i, j in linked}


def test_dask_finds_the_same_groups(corpus):
    with dask.config.set(scheduler="sync"):
        on_dask = near_duplicates(corpus, candidates=partial(dask_blocking.pairs_at, client=None))
    assert on_dask == near_duplicates(corpus)
