"""Corpus-scale blocking on Dask: MinHash LSH as a shuffle on band keys, never all pairs.

The in-memory path (``blocking.candidate_pairs``) holds one datasketch index. Here a
bag of ``(article, keys)`` is turned into ``((band, value), article)`` records (the same
signatures and bands as datasketch: ``blocking.band_keys``), grouped by band key with a
task shuffle (spread over all partitions, so no worker ever holds the whole index), and each
bucket of two or more articles yields its candidates. Two articles are candidates exactly
when datasketch would make them so.

``block`` is the clustering's blocking step on a cluster (``stories.cluster(...,
blocking=partial(block, client=client))``): it returns exactly what ``blocking.in_memory``
returns for the same key sets, so the stories are the same.

``components`` does not need the pairs: a bucket links its members as a star, each output
partition reduces its stars with a local union-find to at most one edge per article, and
the client joins those (union-find) into connected components.
"""

from __future__ import annotations

import math
import os
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import nullcontext

from .blocking import THRESHOLD, band_keys, bands, common_key_limit
from .stories import _UnionFind

ARTICLES_PER_PARTITION = 5000  # key sets per bag partition (and at least two partitions per worker thread)


def block(key_sets: Sequence[frozenset[str]], query: Sequence[int] | None = None, *,
          client=None) -> set[tuple[int, int]]:
    """``blocking.in_memory`` on Dask (``client``'s cluster, else dask's default scheduler): the
    same candidate pairs (i, j), i < j, of articles by index, found by a shuffle on band keys."""
    import dask
    import dask.bag as db

    threads = sum(client.nthreads().values()) if client else os.cpu_count() or 1
    partitions = max(2 * threads, math.ceil(len(key_sets) / ARTICLES_PER_PARTITION))
    records = db.from_sequence(list(enumerate(key_sets)), npartitions=max(1, min(len(key_sets), partitions)))
    with dask.config.set(scheduler=client) if client else nullcontext():
        # the common-key limit counts every article given, as in memory: with empty key sets and,
        # in an incremental run, the stored articles that are not looked up
        kept = drop_common_keys(records, len(key_sets))
        return candidate_pairs(kept, query=query)


def importable() -> None:
    """Run on every worker first (``client.run``): a worker that cannot import storyscope fails here,
    before any work, with one clear error instead of a failed shuffle."""


def drop_common_keys(records, count: int):
    """``records`` (a bag of ``(article, keys)``) without keys that more than 1% of the ``count``
    articles (and more than 50) carry, as ``blocking.drop_common_keys`` does in memory."""
    limit = common_key_limit(count)
    common = frozenset(k for k, n in records.map(lambda r: list(r[1])).flatten().frequencies().compute() if n > limit)
    return records.map(lambda r, common=common: (r[0], frozenset(r[1]) - common))


def buckets(records, threshold: float = THRESHOLD):
    """A bag of the LSH buckets holding two or more articles, each a tuple of article ids."""
    band_count, rows = bands(threshold)
    from dask.bag.core import groupby_tasks

    keyed = records.map_partitions(_keyed_partition, band_count, rows)
    # Bag.groupby(shuffle="tasks") routes records by dask's tokenize (some microseconds each):
    # band keys are integers already, so a multiply routes them as well, deterministically.
    grouped = groupby_tasks(keyed, _band_key, hash=_route)
    return grouped.map(_members).filter(lambda members: len(members) > 1)


def _band_key(record: tuple) -> tuple[int, int]:
    return record[0]


def _route(key: tuple[int, int]) -> int:
    return (key[0] * 0x9E3779B97F4A7C15 + key[1] * 0xBF58476D1CE4E5B9) % 2**61


def _members(group: tuple) -> tuple:
    return tuple(sorted({member for _key, members in group[1] for member in members}))


def _keyed_partition(records: Iterable[tuple[Hashable, frozenset[str]]], band_count: int,
                     rows: int) -> list[tuple[tuple[int, int], tuple]]:
    """((band, value), members) per band key of the partition, members of a key combined here
    first so that fewer records cross the shuffle. Articles without keys take no part."""
    local: dict[tuple[int, int], list] = {}
    for article, keys in records:
        if keys:
            for key in band_keys(keys, band_count, rows):
                local.setdefault(key, []).append(article)
    return [(key, tuple(members)) for key, members in local.items()]


def candidate_pairs(records, threshold: float = THRESHOLD, query: Iterable | None = None) -> set[tuple]:
    """Every candidate pair (a, b), a < b: the pairs of each bucket, gathered on the client. With
    ``query``, only pairs that involve one of those articles, as ``blocking.candidate_pairs``
    (candidacy is symmetric: a pair the index finds from either end is found from both)."""
    wanted = None if query is None else frozenset(query)
    pairs = buckets(records, threshold).map_partitions(_pairs_partition, wanted)
    return set(pairs.compute())


def _pairs_partition(groups: Iterable[tuple], query: frozenset | None = None) -> list[tuple]:
    return list({(a, b) for members in groups for i, a in enumerate(members) for b in members[i + 1:]
                 if query is None or a in query or b in query})


def components(records, threshold: float = THRESHOLD, client=None) -> list[list]:
    """Connected components of the candidate graph (every article, singletons too), each sorted,
    without forming the pairs. ``client``: stream partitions as they complete (else compute)."""
    edges = buckets(records, threshold).map_partitions(_partition_forest)
    ids = records.map(lambda r: r[0])
    if client is None:
        import dask

        everyone, stream = dask.compute(ids, edges.to_delayed())
    else:
        from distributed import as_completed

        futures = client.compute(edges.to_delayed())
        everyone = client.compute(ids).result()
        stream = (future.result() for future in as_completed(futures))
    return _join(everyone, stream)


def _partition_forest(groups: Iterable[tuple]) -> list[tuple]:
    """(member, root) for every member of this partition's buckets that is not its local root."""
    groups = list(groups)
    index: dict = {}
    members_of: list = []
    for members in groups:
        for m in members:
            if m not in index:
                index[m] = len(members_of)
                members_of.append(m)
    forest = _UnionFind(len(members_of))
    for members in groups:
        first = index[members[0]]
        for m in members[1:]:
            forest.union(first, index[m])
    return [(m, members_of[forest.find(i)]) for i, m in enumerate(members_of) if forest.find(i) != i]


def _join(ids: Iterable, forests: Iterable[list[tuple]]) -> list[list]:
    index = {article: i for i, article in enumerate(ids)}
    groups = _UnionFind(len(index))
    for forest in forests:
        for member, root in forest:
            groups.union(index[member], index[root])
    found: dict[int, list] = {}
    for article, i in index.items():
        found.setdefault(groups.find(i), []).append(article)
    return sorted(sorted(members) for members in found.values())


def iter_components(pairs: Iterable[tuple], ids: Iterable) -> Iterator[list]:
    """Components of an explicit pair list (the in-memory reference), each sorted."""
    yield from _join(ids, [list(pairs)])
