"""Candidate pairs by MinHash LSH: articles that share enough distinctive keys.

Each article is keyed by the names it mentions and its most distinctive
words; LSH buckets those key sets so only articles that share some land
together. Cost grows with the number of articles, not with its square.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1  # fixed, so the same corpus always gives the same candidates


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)  # its permutations are drawn once, then shared


def minhash(keys: Iterable[str]) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    signature.update_batch([key.encode("utf-8") for key in keys])
    return signature


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
