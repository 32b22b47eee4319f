"""Corpus-scale blocking on Dask: MinHash LSH as a shuffle on band keys, never all pairs.

The in-memory path (``blocking.candidate_pairs``) sorts all band keys in one process. Here
a bag of ``(article, keys)`` is turned into the same ``(band, value, article)`` rows
(``blocking.band_key_arrays``), cut by a hash of the band key and shuffled as numpy arrays
(spread over all partitions, so no worker ever holds the whole index); each output
partition sorts its rows (``blocking.shared_buckets``) and each bucket of two or more
articles yields its candidates. Two articles are candidates exactly when datasketch's
MinHash LSH would make them so.

``block`` is a blocking step on a cluster for ``stories.cluster(..., blocking=partial(block,
client=client))``: it returns exactly what ``blocking.in_memory`` returns for the same signatures
and banned rows, so the stories are the same. (A regrouping of the store does not need it: it
reads the candidate components from the stored band index, ``grouping.regroup``.)

``components`` does not need the pairs: a bucket links its members as a star, each output
partition reduces its stars with a local union-find to at most one edge per article, and
the client joins those (union-find) into connected components.
"""

from __future__ import annotations

import math
import operator
import os
from collections.abc import Hashable, Iterable, Sequence
from contextlib import nullcontext
from functools import partial

import numpy as np

from .blocking import (THRESHOLD, UnionFind, band_key_arrays, bands, bucket_pairs, joined, shared_buckets,
                       signature_band_arrays)

ARTICLES_PER_PARTITION = 5000  # key sets per bag partition (and at least two partitions per worker thread)
MAX_OUTPUTS = 64  # shuffle outputs: inputs x outputs small tasks move the pieces
_MIX_VALUE = np.uint64(0x9E3779B97F4A7C15)  # odd multipliers: a band key's output partition
_MIX_BAND = np.uint64(0xBF58476D1CE4E5B9)


def block(signature_rows: np.ndarray, banned: np.ndarray, query: Sequence[int] | None = None, *,
          client=None) -> set[tuple[int, int]]:
    """``blocking.in_memory`` on Dask (``client``'s cluster, else dask's default scheduler): the
    same candidate pairs (i, j), i < j, of articles by index, found by a shuffle on band keys."""
    records = _bag(list(enumerate(signature_rows)), client)
    with _scheduler(client):
        cut = partial(_signature_band_keys, banned=banned)
        return _pairs(buckets(records, arrays=cut), query)


def pairs_at(key_sets: Sequence[frozenset[str]], threshold: float, *, client=None) -> set[tuple[int, int]]:
    """``blocking.candidate_pairs`` on Dask, every key kept: the same pairs at ``threshold``."""
    with _scheduler(client):
        return candidate_pairs(_bag(list(enumerate(key_sets)), client), threshold)


def _bag(records: Sequence[tuple], client):
    """``(index, keys or signature)`` records, at least two partitions per worker thread."""
    import dask.bag as db

    threads = sum(client.nthreads().values()) if client else os.cpu_count() or 1
    partitions = max(2 * threads, math.ceil(len(records) / ARTICLES_PER_PARTITION))
    return db.from_sequence(records, npartitions=max(1, min(len(records), partitions)))


def _scheduler(client):
    import dask

    return dask.config.set(scheduler=client) if client else nullcontext()


def importable() -> None:
    """Run on every worker first (``client.run``): a worker that cannot import storyscope fails here,
    before any work, with one clear error instead of a failed shuffle."""


class Packed:
    """What one task hands on, as one object. distributed sends a plain list or dict element by
    element: a list of a million ints took 75 s from a worker to the client here, 0.9 s boxed."""

    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


def buckets(records, threshold: float = THRESHOLD, arrays=None):
    """A bag of the LSH buckets holding two or more articles, each a sorted tuple of article ids.

    Every partition turns its articles into three arrays, one row per band key: band, value,
    article (``arrays``, from its records: by default ``(article, keys)`` records at
    ``threshold``). It cuts them into ``outputs`` pieces by a hash of the key, and output
    partition j joins piece j of every partition and finds equal keys by sorting. Arrays cross
    the network, not one Python object per key."""
    from dask.bag import Bag
    from dask.base import tokenize
    from dask.highlevelgraph import HighLevelGraph

    arrays = arrays or partial(_key_set_band_keys, band_count_rows=bands(threshold))
    inputs = records.npartitions
    outputs = max(1, min(inputs, MAX_OUTPUTS))
    cut = records.map_partitions(_cut_band_keys, arrays, outputs)
    name = f"lsh-buckets-{tokenize(cut, outputs)}"
    piece = f"lsh-piece-{tokenize(cut, outputs)}"
    graph = {(piece, i, j): (operator.getitem, (cut.name, i), j) for i in range(inputs) for j in range(outputs)}
    graph |= {(name, j): (_equal_keys, [(piece, i, j) for i in range(inputs)]) for j in range(outputs)}
    return Bag(HighLevelGraph.from_collections(name, graph, dependencies=[cut]), name, outputs)


def _key_set_band_keys(records: Iterable[tuple[Hashable, frozenset[str]]],
                       band_count_rows: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return band_key_arrays(records, *band_count_rows)


def _signature_band_keys(records: Iterable[tuple[Hashable, np.ndarray]],
                         banned: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    records = list(records)
    width = int(np.prod(bands(THRESHOLD)))
    rows = np.vstack([row for _, row in records]) if records else np.empty((0, width), dtype=np.uint64)
    return signature_band_arrays([article for article, _ in records], rows, banned)


def _cut_band_keys(records: Iterable[tuple], arrays, outputs: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(bands, values, articles) of every band key of the partition (``arrays``), cut into
    ``outputs`` pieces by a hash of (band, value)."""
    band, value, member = arrays(records)
    route = (value * _MIX_VALUE + band.astype(np.uint64) * _MIX_BAND) % np.uint64(outputs)  # wraps modulo 2**64
    order = np.argsort(route, kind="stable")
    bounds = np.searchsorted(route[order], np.arange(outputs + 1, dtype=np.uint64))
    return [(band[order[a:b]], value[order[a:b]], member[order[a:b]]) for a, b in zip(bounds[:-1], bounds[1:])]


def _equal_keys(pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> list[tuple]:
    return shared_buckets(*(np.concatenate([p[k] for p in pieces]) for k in range(3)))


def candidate_pairs(records, threshold: float = THRESHOLD, query: Iterable | None = None) -> set[tuple]:
    """Every candidate pair (a, b), a < b: the pairs of each bucket, gathered on the client. With
    ``query``, only pairs that involve one of those articles, as ``blocking.candidate_pairs``
    (candidacy is symmetric: a pair the index finds from either end is found from both)."""
    return _pairs(buckets(records, threshold), query)


def _pairs(found_buckets, query: Iterable | None) -> set[tuple]:
    wanted = None if query is None else frozenset(query)
    pairs = found_buckets.map_partitions(_pairs_partition, wanted)
    return set().union(*(part.items for part in pairs.compute()))


def _pairs_partition(groups: Iterable[tuple], query: frozenset | None = None) -> list[Packed]:
    return [Packed(bucket_pairs(groups, query))]


def components(records, threshold: float = THRESHOLD, client=None) -> list[list]:
    """Connected components of the candidate graph (every article, singletons too), each sorted,
    without forming the pairs. ``client``: stream partitions as they complete (else compute)."""
    edges = buckets(records, threshold).map_partitions(_partition_forest)
    ids = records.map_partitions(_ids_partition)
    if client is None:
        import dask

        id_parts, stream = dask.compute(ids, edges.to_delayed())
    else:
        from distributed import as_completed

        futures = client.compute(edges.to_delayed())
        id_parts = client.compute(ids).result()
        stream = (future.result() for future in as_completed(futures))
    everyone = [article for part in id_parts for article in part.items]
    return joined(everyone, (forest.items for [forest] in stream))


def _ids_partition(records: Iterable[tuple]) -> list[Packed]:
    return [Packed([article for article, _keys in records])]


def _partition_forest(groups: Iterable[tuple]) -> list[Packed]:
    """(member, root) for every member of this partition's buckets that is not its local root."""
    groups = list(groups)
    index: dict = {}
    members_of: list = []
    for members in groups:
        for m in members:
            if m not in index:
                index[m] = len(members_of)
                members_of.append(m)
    forest = UnionFind(len(members_of))
    for members in groups:
        first = index[members[0]]
        for m in members[1:]:
            forest.union(first, index[m])
    return [Packed([(m, members_of[forest.find(i)]) for i, m in enumerate(members_of) if forest.find(i) != i])]
