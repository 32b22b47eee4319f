"""Candidate pairs by MinHash LSH: articles that share enough distinctive keys.

Each article is keyed by the names it mentions and its most distinctive
words; LSH buckets those key sets so only articles that share some land
together. Cost grows with the number of articles, not with its square.

The blocking step (common keys dropped, then LSH) is a function of the key sets, so
the caller chooses where it runs: ``in_memory`` here, or ``dask_blocking.block`` on a
Dask cluster; both return the same pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1  # fixed, so the same corpus always gives the same candidates
THRESHOLD = 0.05  # Jaccard overlap of key sets that makes a candidate, likely
COMMON_KEY_SHARE = 0.01  # a blocking key in more than 1% of articles (and more than ...
COMMON_KEY_MIN = 50  # ... 50 of them) is too common to block on

# key sets (one per article, by index), and the indices of the articles to look up (None: all)
# -> candidate pairs (i, j), i < j
Blocking = Callable[[Sequence[frozenset[str]], Sequence[int] | None], set[tuple[int, int]]]


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)  # its permutations are drawn once, then shared


def minhash(keys: Iterable[str]) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    signature.update_batch([key.encode("utf-8") for key in keys])
    return signature


def bands(threshold: float) -> tuple[int, int]:
    """LSH bands and rows per band that datasketch picks for ``threshold``: two articles are
    candidates when all ``rows`` values of at least one band agree."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(keys: Iterable[str], band_count: int, rows: int) -> list[tuple[int, int]]:
    """(band, value) per band of the key set's signature: equal for two sets exactly when that band
    of their signatures is equal (one row: the value itself; several: a 64-bit mix of them)."""
    return [(band, int(value)) for band, value in enumerate(band_values(keys, band_count, rows))]


def band_values(keys: Iterable[str], band_count: int, rows: int) -> np.ndarray:
    """``band_keys``'s values as one uint64 array, band by band."""
    values = minhash(keys).hashvalues[: band_count * rows].reshape(band_count, rows).astype(np.uint64)
    return values[:, 0] if rows == 1 else (values * _MIX[:rows]).sum(axis=1)  # wraps modulo 2**64


_MIX = np.array([((0x9E3779B97F4A7C15 ^ (i * 0xBF58476D1CE4E5B9)) | 1) % 2**64 for i in range(NUM_PERM)],
                dtype=np.uint64)  # odd multipliers, one per row


def in_memory(key_sets: Sequence[frozenset[str]], query: Sequence[int] | None = None) -> set[tuple[int, int]]:
    """The blocking step in this process: common keys dropped, then one datasketch index."""
    return candidate_pairs(drop_common_keys(key_sets), query=query)


def common_key_limit(count: int) -> float:
    """A key carried by more than this many of ``count`` articles is not blocked on. ``count`` is
    every article clustered (in an incremental run the stored ones too), on both paths."""
    return max(COMMON_KEY_MIN, COMMON_KEY_SHARE * count)


def drop_common_keys(key_sets: Sequence[frozenset[str]]) -> list[frozenset[str]]:
    """Drop keys that a large part of the corpus shares ("China", "said"): in LSH they would put
    everything in one bucket and make blocking quadratic. Similarity still sees them."""
    frequency = Counter(key for keys in key_sets for key in keys)
    limit = common_key_limit(len(key_sets))
    return [frozenset(k for k in keys if frequency[k] <= limit) for keys in key_sets]


def candidate_pairs(key_sets: Sequence[frozenset[str]], threshold: float = THRESHOLD,
                    query: Sequence[int] | None = None) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose key sets likely overlap by Jaccard >= ``threshold``.

    With ``query``, only pairs that involve one of those indices (new articles joining a
    clustered corpus): the others are indexed but not looked up.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures = []
    for i, keys in enumerate(key_sets):
        signature = minhash(keys)
        signatures.append(signature)
        if keys:
            lsh.insert(i, signature)
    pairs: set[tuple[int, int]] = set()
    for i in range(len(key_sets)) if query is None else query:
        signature = signatures[i]
        if not key_sets[i]:
            continue
        for j in lsh.query(signature):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs
