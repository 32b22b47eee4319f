"""Blocking in memory and on Dask finds what a datasketch MinHashLSH index finds, on a generated corpus."""

from __future__ import annotations

import random

import dask
import dask.bag as db
import pytest

from datasketch import MinHash, MinHashLSH

from storyscope.cluster import dask_blocking
from storyscope.cluster.blocking import (EMPTY, NUM_PERM, SEED, THRESHOLD, banned_rows, bands, candidate_pairs,
                                         common_keys, components_of, in_memory, minhash, signatures,
                                         stories_blocking_input)


def corpus(n: int, seed: int = 7) -> list[frozenset[str]]:
    """Key sets of ``n`` articles in stories of 2-30: story names and words plus rare background words
    (at threshold 0.05 one shared word of ~16 links two articles more often than not)."""
    rng = random.Random(seed)
    sets: list[frozenset[str]] = []
    story = 0
    while len(sets) < n:
        vocabulary = [f"s{story}w{i}" for i in range(40)] + [f"Person {story}-{i}" for i in range(5)]
        for _ in range(min(rng.randint(2, 30), n - len(sets))):
            sets.append(frozenset(rng.sample(vocabulary, 12) + [f"common{rng.randrange(10**7)}" for _ in range(4)]))
        story += 1
    sets[3] = frozenset()  # an article without keys takes no part
    assert not common_keys(sets)
    return sets


@pytest.fixture(scope="module")
def key_sets() -> list[frozenset[str]]:
    return corpus(3000)


def bag(key_sets, partitions=7):
    return db.from_sequence(list(enumerate(key_sets)), npartitions=partitions)


def datasketch_minhash(keys) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=SEED)
    signature.update_batch([key.encode("utf-8") for key in keys])
    return signature


def test_signatures_are_datasketchs(key_sets):
    for keys in key_sets[:300] + [frozenset({"Zoë Ødegård", "東京", ""})]:
        assert list(minhash(keys)) == list(datasketch_minhash(keys).hashvalues)
    assert list(minhash(frozenset())) == [EMPTY] * NUM_PERM


@pytest.mark.parametrize("threshold", [THRESHOLD, 0.1, 0.3, 0.5, 0.7, 0.9])
def test_bands_are_those_datasketch_chooses(threshold):
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    assert bands(threshold) == (lsh.b, lsh.r)


def datasketch_pairs(key_sets, query=None) -> set[tuple[int, int]]:
    """The reference: datasketch's own index, filled and queried article by article."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    signatures = [datasketch_minhash(keys) for keys in key_sets]
    for i, keys in enumerate(key_sets):
        if keys:
            lsh.insert(i, signatures[i])
    return {(min(i, j), max(i, j)) for i in (range(len(key_sets)) if query is None else query)
            if key_sets[i] for j in lsh.query(signatures[i]) if j != i}


def test_in_memory_candidate_pairs_are_datasketchs(key_sets):
    expected = datasketch_pairs(key_sets)
    assert len(expected) > len(key_sets)  # the corpus does link articles
    assert candidate_pairs(key_sets) == expected
    new = list(range(0, len(key_sets), 5))
    assert candidate_pairs(key_sets, query=new) == datasketch_pairs(key_sets, new)
    assert candidate_pairs([frozenset(), frozenset({"a"})]) == set()


def test_the_same_candidate_pairs_as_datasketch(key_sets):
    with dask.config.set(scheduler="sync"):
        found = dask_blocking.candidate_pairs(bag(key_sets))
    assert found == datasketch_pairs(key_sets)


def test_the_same_components_without_the_pairs(key_sets):
    with dask.config.set(scheduler="sync"):
        found = dask_blocking.components(bag(key_sets))
    expected = components_of(candidate_pairs(key_sets), range(len(key_sets)))
    assert found == expected
    assert [3] in found and 10 < len(found) < len(key_sets) / 2
    assert sum(len(c) for c in found) == len(key_sets)


def test_a_band_resting_on_a_common_key_is_not_blocked_on():
    """"china" is in every article: alone it pairs nobody; a rare key two articles share still
    does, in memory and on Dask alike."""
    raw = [frozenset({"china", f"b{i}"}) for i in range(200)]
    raw[7] = raw[7] | {"harbour strike"}
    raw[9] = raw[9] | {"harbour strike"}
    assert common_keys(raw) == {"china"}
    rows, banned = stories_blocking_input(raw)
    found = in_memory(rows, banned)
    assert (7, 9) in found and all(pair == (7, 9) for pair in found)
    with dask.config.set(scheduler="sync"):
        assert dask_blocking.block(rows, banned) == found
    assert len(in_memory(rows, banned_rows(()))) > 1000  # not banned, "china" buckets everyone together


def test_the_blocking_step_returns_what_in_memory_returns(key_sets):
    """Banned rows skipped, then LSH; with a query (an incremental run) only the pairs that
    touch the queried articles."""
    new = list(range(0, len(key_sets), 5))
    rows, banned = stories_blocking_input(key_sets)
    with dask.config.set(scheduler="sync"):
        everything, queried = dask_blocking.block(rows, banned), dask_blocking.block(rows, banned, new)
    assert everything == in_memory(rows, banned) == datasketch_pairs(key_sets)
    assert queried == in_memory(rows, banned, new)
    assert queried and queried < everything


def test_the_common_key_limit_counts_every_article():
    """6,000 articles allow a key in 60 of them: "shared" (in 55) stays and links its articles.
    Counted over the articles that have keys, or over the queried ones, the limit would be 50."""
    key_sets = [frozenset({"shared", f"own{i}"}) if i < 55 else frozenset() for i in range(6000)]
    rows, banned = stories_blocking_input(key_sets)
    with dask.config.set(scheduler="sync"):
        everything, queried = dask_blocking.block(rows, banned), dask_blocking.block(rows, banned, [0, 1])
    assert everything == in_memory(rows, banned) and len(everything) > 1000
    assert queried == in_memory(rows, banned, [0, 1]) and (0, 54) in queried
