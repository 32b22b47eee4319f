"""Candidate pairs by MinHash LSH: articles that share enough distinctive keys.

Each article is keyed by the names it mentions and its most distinctive
words; LSH buckets those key sets so only articles that share some land
together. Cost grows with the number of articles, not with its square.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1  # fixed, so the same corpus always gives the same candidates


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
    values = minhash(keys).hashvalues[: band_count * rows].reshape(band_count, rows).astype(np.uint64)
    mixed = values[:, 0] if rows == 1 else (values * _MIX[:rows]).sum(axis=1)  # wraps modulo 2**64
    return [(band, int(value)) for band, value in enumerate(mixed)]


_MIX = np.array([((0x9E3779B97F4A7C15 ^ (i * 0xBF58476D1CE4E5B9)) | 1) % 2**64 for i in range(NUM_PERM)],
                dtype=np.uint64)  # odd multipliers, one per row


def candidate_pairs(key_sets: Sequence[frozenset[str]], threshold: float = 0.05,
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
