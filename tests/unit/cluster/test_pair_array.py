"""``pair_array`` finds exactly the candidate pairs ``in_memory`` finds, as one sorted array."""

import random

import numpy as np

from storyscope.cluster.blocking import band_keys, common_keys, in_memory, pair_array, signatures, stories_blocking_input


def key_sets(count: int, seed: int) -> list[frozenset[str]]:
    """Articles drawn from a few stories' words (so many pairs share bands) over common words
    (so some band values are banned)."""
    rng = random.Random(seed)
    common = [f"common{i}" for i in range(30)]
    stories = [[f"s{s}w{i}" for i in range(40)] for s in range(count // 8 + 1)]
    return [frozenset(rng.sample(rng.choice(stories), rng.randint(5, 30)) + rng.sample(common, 20))
            for _ in range(count)]


def test_the_pairs_are_those_of_in_memory_sorted():
    for seed in range(4):
        sets = key_sets(300, seed)
        rows, banned = stories_blocking_input(sets)
        assert common_keys(sets)  # the banned values take part
        expected = sorted(in_memory(rows, banned))
        found = pair_array(*band_keys(rows, banned))
        assert len(expected) > 300
        assert found.dtype == np.int64 and found.shape == (len(expected), 2)
        assert [tuple(p) for p in found.tolist()] == expected


def test_no_shared_band_means_no_pairs():
    rows = signatures([frozenset({f"only{i}"}) for i in range(5)])
    assert pair_array(*band_keys(rows, np.empty(0, dtype=np.uint64))).shape == (0, 2)
