"""Dask blocking finds what the in-memory datasketch index finds, on a generated corpus."""

from __future__ import annotations

import random

import dask
import dask.bag as db
import pytest

from storyscope.cluster import dask_blocking
from storyscope.cluster.blocking import candidate_pairs
from storyscope.cluster.stories import _blocking_keys


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
    return _blocking_keys(sets)


@pytest.fixture(scope="module")
def key_sets() -> list[frozenset[str]]:
    return corpus(3000)


def bag(key_sets, partitions=7):
    return db.from_sequence(list(enumerate(key_sets)), npartitions=partitions)


def test_the_same_candidate_pairs_as_datasketch(key_sets):
    with dask.config.set(scheduler="sync"):
        found = dask_blocking.candidate_pairs(bag(key_sets))
    expected = candidate_pairs(key_sets)
    assert len(expected) > len(key_sets)  # the corpus does link articles
    assert found == expected


def test_the_same_components_without_the_pairs(key_sets):
    with dask.config.set(scheduler="sync"):
        found = dask_blocking.components(bag(key_sets))
    expected = list(dask_blocking.iter_components(candidate_pairs(key_sets), range(len(key_sets))))
    assert found == expected
    assert [3] in found and 10 < len(found) < len(key_sets) / 2
    assert sum(len(c) for c in found) == len(key_sets)


def test_common_keys_are_dropped_as_in_memory():
    raw = [frozenset({"china", f"a{i % 40}", f"b{i}"}) for i in range(200)]
    with dask.config.set(scheduler="sync"):
        kept = dict(dask_blocking.drop_common_keys(bag(raw, 3), len(raw)).compute())
    assert [kept[i] for i in range(len(raw))] == _blocking_keys(raw)


@pytest.mark.slow
def test_components_on_a_local_cluster(key_sets):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        found = dask_blocking.components(bag(key_sets), client=client)
    assert found == list(dask_blocking.iter_components(candidate_pairs(key_sets), range(len(key_sets))))
