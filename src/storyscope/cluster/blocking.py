"""Candidate pairs by MinHash LSH: articles that share enough distinctive keys.

Each article is keyed by the names it mentions and its most distinctive
words (``keys``); LSH buckets those key sets so only articles that share some land
together. Cost grows with the number of articles, not with its square.

An article's signature (the MinHash rows LSH reads) is a function of its keys alone, so it is
computed once, when the article is stored. What depends on the corpus is which keys are too
common to block on ("China" in a corpus about China): a band whose value rests on such a key is
skipped (``banned_rows``), for stored and new signatures alike.

The blocking step is a function of the signatures and the banned rows, so the caller chooses
where it runs: ``in_memory`` here, or ``dask_blocking.block`` on a Dask cluster; both return
the same pairs.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import cache

import numpy as np

NUM_PERM = 128
SEED = 1  # fixed, so the same corpus always gives the same candidates
THRESHOLD = 0.05  # Jaccard overlap of key sets that makes a candidate, likely
COMMON_KEY_SHARE = 0.01  # a blocking key in more than 1% of articles (and more than ...
COMMON_KEY_MIN = 50  # ... 50 of them) is too common to block on
EMPTY = 2**32 - 1  # every row of an empty key set's signature, as in datasketch

# signatures (one row per article, by index: ``signature``), banned rows (``banned_rows``) and the
# indices of the articles to look up (None: all) -> candidate pairs (i, j), i < j
Blocking = Callable[[np.ndarray, np.ndarray, Sequence[int] | None], set[tuple[int, int]]]


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations h -> a*h + b (mod 2**32, a odd) of datasketch's MinHash ("affine32",
    its default), drawn as it draws them from ``SEED``: signatures stay those it computes (tested)
    without importing it, which costs a second or more per process (it loads scipy)."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch applies to each key's hash first."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash(keys: Iterable[str]) -> np.ndarray:
    """The key set's MinHash signature, ``NUM_PERM`` uint32 values (``EMPTY`` each for no keys):
    each key's first four SHA-1 bytes (little-endian), mixed, permuted, the least per row."""
    digests = b"".join(hashlib.sha1(key.encode("utf-8")).digest()[:4] for key in keys)
    if not digests:
        return np.full(NUM_PERM, EMPTY, dtype=np.uint32)
    hashed = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32))
    a, b = _permutations()
    return (hashed[:, None] * a + b).min(axis=0)


@cache
def bands(threshold: float) -> tuple[int, int]:
    """LSH bands and rows per band for ``threshold``, chosen as datasketch's ``MinHashLSH`` chooses
    them: the (bands, rows) within ``NUM_PERM`` that minimise the chance of a false candidate
    (overlap below the threshold) plus that of a missed one (above it), each integrated over the
    overlap. Two articles are candidates when all ``rows`` values of at least one band agree."""
    below, above = np.linspace(0.0, threshold, 1001), np.linspace(threshold, 1.0, 1001)
    best, chosen = float("inf"), (0, 0)
    for band_count in range(1, NUM_PERM + 1):
        rows = np.arange(1, NUM_PERM // band_count + 1)[:, None]
        false_positive = np.trapezoid(1 - (1 - below ** rows) ** band_count, below, axis=1)
        false_negative = np.trapezoid((1 - above ** rows) ** band_count, above, axis=1)
        error = false_positive + false_negative
        at = int(np.argmin(error))  # the first of equal errors, as datasketch keeps the first
        if error[at] < best:
            best, chosen = float(error[at]), (band_count, at + 1)
    return chosen


def band_values(keys: Iterable[str], band_count: int, rows: int) -> np.ndarray:
    """The key set's value in each band of its signature, as one uint64 array: equal for two sets
    exactly when that band of their signatures is equal (one row: the value itself; several: a
    64-bit mix of them)."""
    return _mixed(minhash(keys)[: band_count * rows].reshape(band_count, rows).astype(np.uint64))


def _mixed(rows: np.ndarray) -> np.ndarray:
    """Band values from signature rows shaped (..., bands, rows per band)."""
    count = rows.shape[-1]
    return rows[..., 0] if count == 1 else (rows * _MIX[:count]).sum(axis=-1)  # wraps modulo 2**64


_MIX = np.array([((0x9E3779B97F4A7C15 ^ (i * 0xBF58476D1CE4E5B9)) | 1) % 2**64 for i in range(NUM_PERM)],
                dtype=np.uint64)  # odd multipliers, one per row


def signature(keys: Iterable[str], threshold: float = THRESHOLD) -> np.ndarray:
    """The rows of the key set's MinHash that LSH at ``threshold`` reads (bands x rows of them), as
    uint64; an empty key set gives ``EMPTY`` in every row."""
    band_count, rows = bands(threshold)
    return minhash(keys)[: band_count * rows].astype(np.uint64)


def signatures(key_sets: Sequence[frozenset[str]], threshold: float = THRESHOLD) -> np.ndarray:
    """One ``signature`` per key set, as the rows of one array."""
    width = np.prod(bands(threshold))
    found = np.full((len(key_sets), width), EMPTY, dtype=np.uint64)
    for i, keys in enumerate(key_sets):
        if keys:
            found[i] = signature(keys, threshold)
    return found


def common_key_limit(count: int) -> float:
    """A key carried by more than this many of ``count`` articles is not blocked on. ``count`` is
    every article clustered (in an incremental run the stored ones too), on every path."""
    return max(COMMON_KEY_MIN, COMMON_KEY_SHARE * count)


def common_keys(key_sets: Sequence[frozenset[str]]) -> set[str]:
    """Keys that a large part of these articles share ("China", "said")."""
    frequency = Counter(key for keys in key_sets for key in keys)
    limit = common_key_limit(len(key_sets))
    return {key for key, n in frequency.items() if n > limit}


def banned_rows(common: Iterable[str], threshold: float = THRESHOLD) -> np.ndarray:
    """The signature rows (``row_codes``) that a common key gives, and the empty row: a band
    holding one of them is not blocked on. In LSH such a key would put a large part of the corpus
    in one bucket and make blocking quadratic; similarity still sees it."""
    width = int(np.prod(bands(threshold)))
    rows = [signature([key], threshold) for key in sorted(common)] + [np.full(width, EMPTY, dtype=np.uint64)]
    return np.unique(row_codes(np.vstack(rows)))


def row_codes(signature_rows: np.ndarray) -> np.ndarray:
    """Each signature value with its row number (row << 32 | value): values are 32-bit."""
    positions = np.arange(signature_rows.shape[-1], dtype=np.uint64) << np.uint64(32)
    return signature_rows | positions


def band_keys(signature_rows: np.ndarray, banned: np.ndarray,
              threshold: float = THRESHOLD) -> tuple[np.ndarray, np.ndarray]:
    """(values, usable) of each band of each signature (articles x bands): the band's value (one
    row: the value itself; several: a 64-bit mix of them), and whether it may be blocked on (none of
    its rows is banned)."""
    band_count, rows = bands(threshold)
    usable = ~np.isin(row_codes(signature_rows), banned).reshape(-1, band_count, rows).any(axis=2)
    return _mixed(signature_rows.reshape(-1, band_count, rows)), usable


def in_memory(signature_rows: np.ndarray, banned: np.ndarray,
              query: Sequence[int] | None = None) -> set[tuple[int, int]]:
    """The blocking step in this process: the articles (by index) that share a usable band key;
    with ``query``, only pairs that involve one of those."""
    band, value, member = signature_band_arrays(range(len(signature_rows)), signature_rows, banned)
    return bucket_pairs(shared_buckets(band, value, member), None if query is None else frozenset(query))


def pair_array(band_values: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """``in_memory``'s pairs as one sorted (k, 2) int64 array, from each article's band values and
    whether each may be blocked on (``band_keys``), one band at a time: for a component of hundreds
    of thousands of articles a set of Python tuples took gigabytes; this holds 8 bytes a pair."""
    count = len(band_values)
    codes = np.empty(0, dtype=np.int64)  # each pair once, as a * count + b
    for band in range(band_values.shape[1]):
        member = np.flatnonzero(usable[:, band])
        value = band_values[member, band]
        order = np.argsort(value, kind="stable")  # members stay ascending within a value
        value, member = value[order], member[order]
        starts = np.flatnonzero(np.r_[True, value[1:] != value[:-1]])
        lengths = np.diff(np.r_[starts, len(value)])
        found = [codes]
        for length in np.unique(lengths[lengths > 1]).tolist():
            first, second = np.triu_indices(length, 1)
            runs = starts[lengths == length][:, None]
            found.append((member[runs + first] * count + member[runs + second]).ravel())
        # merged band by band: the same pair comes back from most bands, and keeping every
        # band's copies until the end took 1.4 GiB for a component of 334,159 articles
        codes = np.unique(np.concatenate(found))
    return np.stack([codes // count, codes % count], axis=1)


def signature_band_arrays(articles: Iterable[Hashable], signature_rows: np.ndarray,
                          banned: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bands, values, articles), one row per usable band key of each article's signature."""
    values, usable = band_keys(signature_rows, banned)
    members = np.empty(len(values), dtype=object)
    for i, article in enumerate(articles):  # one by one: numpy would read an id that is a tuple as a row
        members[i] = article
    at, band = np.nonzero(usable)
    return band.astype(np.uint16), values[at, band], members[at]


def stories_blocking_input(key_sets: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(signatures, banned rows) of these key sets, when nothing was stored: what ``Blocking``
    takes."""
    return signatures(key_sets), banned_rows(common_keys(key_sets))


def candidate_pairs(key_sets: Sequence[frozenset[str]], threshold: float = THRESHOLD,
                    query: Sequence[int] | None = None) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose key sets likely overlap by Jaccard >= ``threshold``: the pairs
    datasketch's ``MinHashLSH`` would give, found by sorting every band key once instead of
    inserting and querying an index article by article (at a million articles 2.6x faster in 40%
    of the memory).

    With ``query``, only pairs that involve one of those indices (new articles joining a
    clustered corpus).
    """
    band, value, member = band_key_arrays(enumerate(key_sets), *bands(threshold))
    return bucket_pairs(shared_buckets(band, value, member), None if query is None else frozenset(query))


def band_key_arrays(records: Iterable[tuple[Hashable, frozenset[str]]], band_count: int,
                    rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(bands, values, articles), one row per band key of each ``(article, keys)``; articles
    without keys take no part."""
    articles, values = [], []
    for article, keys in records:
        if keys:
            articles.append(article)
            values.append(band_values(keys, band_count, rows))
    members = np.empty(len(articles), dtype=object)
    for i, article in enumerate(articles):  # one by one: numpy would read an id that is a tuple as a row
        members[i] = article
    value = np.concatenate(values) if values else np.empty(0, dtype=np.uint64)
    band = np.tile(np.arange(band_count, dtype=np.uint16), len(articles))
    return band, value, np.repeat(members, band_count)


def shared_buckets(band: np.ndarray, value: np.ndarray, member: np.ndarray) -> list[tuple]:
    """The articles of each band key (band, value) that two or more articles share, each sorted."""
    if len(value) < 2:
        return []
    order = np.lexsort((band, value))
    band, value, member = band[order], value[order], member[order]
    starts = np.flatnonzero(np.r_[True, (band[1:] != band[:-1]) | (value[1:] != value[:-1])])
    ends = np.r_[starts[1:], len(value)]
    shared = ends - starts > 1
    return [tuple(sorted(set(member[a:b]))) for a, b in zip(starts[shared], ends[shared])]


def bucket_pairs(buckets: Iterable[tuple], query: frozenset | None = None) -> set[tuple]:
    """Every pair (a, b), a < b, of each bucket; with ``query``, only those touching it."""
    return {(a, b) for members in buckets if query is None or not query.isdisjoint(members)
            for i, a in enumerate(members) for b in members[i + 1:]
            if query is None or a in query or b in query}


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def joined(ids: Iterable[Hashable], edge_lists: Iterable[Iterable[tuple]]) -> list[list]:
    """Connected components of ``ids`` (singletons too) linked by the edges, each sorted."""
    index = {article: i for i, article in enumerate(ids)}
    groups = UnionFind(len(index))
    for edges in edge_lists:
        for a, b in edges:
            groups.union(index[a], index[b])
    found: dict[int, list] = {}
    for article, i in index.items():
        found.setdefault(groups.find(i), []).append(article)
    return sorted(sorted(members) for members in found.values())


def components_of(pairs: Iterable[tuple], ids: Iterable[Hashable]) -> list[list]:
    """Connected components of an explicit pair list, each sorted."""
    return joined(ids, [pairs])
