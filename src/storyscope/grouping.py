"""Grouping stored articles into stories: everything again, or only what is new.

Both read the clustering inputs stored with each article (``store.clustering``: features, MinHash
signature, band keys, document frequencies), so neither analyses anything again.

- ``regroup``: every current article grouped again, without holding the corpus. The candidate
  graph comes from the stored band index, one band at a time (two articles sharing a usable band
  value are candidates, as blocking over all signatures finds them), joined in a union-find over
  the articles' numbers: this process holds their ids and a few integers each, not their features.
  Its components (joined further by readers' merges) are cut in batches of whole components, each
  batch reading only its own articles' stored inputs and scored with the corpus's document
  frequencies from the store (``cut``), in this process or on Dask workers that open the store
  themselves (``on_dask``). A candidate pair never crosses a component, so each batch is cut as a
  run over the whole corpus cuts it; the stories are spooled to a file and stored in one
  transaction, in listing order.
- ``place_new``: only the articles in no story (new ones, new versions, those whose story was
  dissolved). Their band keys are looked up in the store's index, the candidate pairs scored with
  TF-IDF rows built from the stored document frequencies, and only the stories they link to (and
  those holding a replaced version, and those a reader's merge joins to them) are read and cut
  again with them, as a full run would cut them; every other story stays as stored, unread and
  unwritten.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

import numpy as np

from .cluster.blocking import band_keys, bands, in_memory, pair_array
from .cluster.similarity import PAIR_FIELDS, Similarity
from .cluster.stories import STORY_LINK, cluster_features, effective_edits, listing_order, with_story_dates
from .model import Story, StoryEdit
from .store import Store
from .store.clustering import StoredArticle

BATCH_ARTICLES = 2_000  # whole components are cut together up to about this many articles

# runs ``cut`` on each batch of article ids (with the other arguments: edits, banned rows, how
# many articles are current), yielding each batch's stories as it is done, in any order
Batches = Callable[[Store, Iterable[list[str]], tuple], Iterator[list[Story]]]


def in_process(store: Store, batches: Iterable[list[str]], arguments: tuple) -> Iterator[list[Story]]:
    """Each batch cut in this process, one after the other."""
    for ids in batches:
        yield cut(store, ids, *arguments)


def regroup(store: Store, edits: Sequence[StoryEdit], batches: Batches = in_process, *,
            keep: bool = True, batch_articles: int = BATCH_ARTICLES) -> list[Story]:
    """Every current article grouped again from its stored inputs; stored in place of every story.
    Returns the stories in listing order, or nothing with ``keep=False`` (then this process never
    holds more than a batch's stories). ``batches``: where the batches are cut (``in_process`` or
    ``on_dask``)."""
    ids = store.current_ids()
    if not ids:
        store.replace_stories([])
        return []
    banned = store.banned_rows()
    split, merges = effective_edits(edits)
    numbered = _Numbered(ids)
    del ids
    labels = _components(store, numbered, banned, split, merges)
    parts = _parts(store, numbered, labels, batch_articles, (split, merges, banned))
    keys: dict[str, tuple[str, str]] = {}
    kept: list[Story] = []
    with tempfile.TemporaryFile() as spool:
        for found in batches(store, parts, (list(edits), banned, len(labels))):
            keys.update((s.id, listing_order(s)) for s in found)
            pickle.dump(found, spool, protocol=pickle.HIGHEST_PROTOCOL)
            if keep:
                kept += found
        positions = {story: n for n, story in enumerate(sorted(keys, key=keys.__getitem__))}
        del keys
        spool.seek(0)
        store.replace_stories_in_parts(_unspooled(spool), positions)
    return sorted(kept, key=listing_order)


def cut(store: Store, ids: Sequence[str], edits: Sequence[StoryEdit], banned: np.ndarray,
        articles: int) -> list[Story]:
    """The stories of these articles (whole components of the candidate graph, in publication
    order), from their stored inputs alone, as a run over the whole corpus cuts them: the pairs
    among them that share a usable band value (all the pairs they have), scored with the corpus's
    document frequencies (``articles``: how many are current)."""
    stored = store.clustering_inputs(ids)
    if not stored:
        return []
    features = [s.features for s in stored]
    found = cluster_features(features, edits, candidates=in_memory(np.vstack([s.signature for s in stored]), banned),
                             headlines={s.features.id: s.headline for s in stored},
                             frequencies=store.document_frequencies(features, articles=articles))
    return _with_dates(store, found)


def on_dask(client, url: str) -> Batches:
    """Batches cut on ``client``'s workers, each opening the store at ``url`` itself (so it must
    be reachable from them: PostgreSQL, or a SQLite file on a LocalCluster); only ids go out and
    only stories come back, a few batches in flight per worker thread."""

    def run(_store: Store, batches: Iterable[list[str]], arguments: tuple) -> Iterator[list[Story]]:
        from distributed import as_completed

        batches = iter(batches)
        limit = 2 * (sum(client.nthreads().values()) or 1)
        # the common arguments (the reader's edits and banned rows) go to the cluster once
        shared = client.scatter(arguments, broadcast=True)
        running = as_completed([client.submit(_cut_at, url, ids, shared, pure=False)
                                for ids in _first(batches, limit)])
        for future in running:
            yield future.result()
            future.release()
            for ids in _first(batches, 1):
                running.add(client.submit(_cut_at, url, ids, shared, pure=False))

    return run


_OPEN: dict[str, Store] = {}  # on a worker: the stores it opened, by URL, kept for its later batches


def _cut_at(url: str, ids: list[str], arguments: tuple) -> list[Story]:
    store = _OPEN.get(url)
    if store is None:
        store = _OPEN[url] = Store.open(url)
    return cut(store, ids, *arguments)


def _first(items: Iterator, count: int) -> list:
    return [item for _, item in zip(range(count), items)]


def _unspooled(spool) -> Iterator[list[Story]]:
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


PAIRS_PER_READ = 20_000  # candidate pairs of a large component scored at once (their articles read)


def _parts(store: Store, numbered: _Numbered, labels: np.ndarray, size: int, edits: tuple) -> Iterator[list[str]]:
    """Batches of whole components (``labels``: each article's), as ids in publication order; a
    component larger than ``size`` is cut along the pairs that link (``_linked_parts``)."""
    order = np.lexsort((np.arange(len(labels)), labels))  # by component (its first article), then publication
    bounds = np.flatnonzero(np.r_[True, labels[order][1:] != labels[order][:-1], True])
    for a, b in _packed(bounds, size):
        ids = numbered.ids(order[a:b])
        if b - a > size and labels[order[a]] == labels[order[b - 1]]:
            yield from _linked_parts(store, ids, size, *edits, articles=len(labels))
        else:
            yield ids


def _packed(bounds: np.ndarray, size: int) -> Iterator[tuple[int, int]]:
    """Runs of consecutive components (``bounds``: where each starts, and the end) of about
    ``size`` articles; a component of ``size`` or more is a run of its own."""
    start = 0
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        if hi - lo >= size:
            if lo > start:
                yield start, lo
            yield lo, hi
            start = hi
        elif hi - start >= size:
            yield start, hi
            start = hi
    if start < bounds[-1]:
        yield start, int(bounds[-1])


def _linked_parts(store: Store, ids: list[str], size: int, split: set[str], merges: Sequence[tuple[str, str]],
                  banned: np.ndarray, *, articles: int) -> Iterator[list[str]]:
    """A component of the candidate graph larger than a batch, cut into batches along the pairs
    that link (``STORY_LINK``), which are all that join pages in the end: its candidate pairs from
    its stored signatures alone, scored ``PAIRS_PER_READ`` at a time with the stored inputs of
    their articles only (TF-IDF rows from the corpus's counts: each row is the article's own,
    whichever others are read with it), joined with readers' merges."""
    pairs = _candidate_pairs(store, ids, banned)
    if split:
        apart = np.array([a in split for a in ids])
        pairs = pairs[~(apart[pairs[:, 0]] | apart[pairs[:, 1]])]
    forest = _Forest(len(ids))
    for start in range(0, len(pairs), PAIRS_PER_READ):
        chunk = pairs[start : start + PAIRS_PER_READ]
        ends = np.unique(chunk)
        features = [s.features for s in store.clustering_inputs([ids[k] for k in ends])]
        scores = Similarity(features, store.document_frequencies(features, PAIR_FIELDS, articles)).scores(
            np.searchsorted(ends, chunk).tolist())
        linked = chunk[scores >= STORY_LINK]
        forest.join(linked[:, 0], linked[:, 1])
    index = {a: n for n, a in enumerate(ids)}
    joined = [(index[a], index[b]) for a, b in merges if a in index and b in index]
    if joined:
        forest.join(*np.array(joined).T)
    labels = forest.roots()
    order = np.lexsort((np.arange(len(labels)), labels))
    bounds = np.flatnonzero(np.r_[True, labels[order][1:] != labels[order][:-1], True])
    for a, b in _packed(bounds, size):
        yield [ids[k] for k in np.sort(order[a:b])]


SIGNATURES_PER_READ = 5_000  # a large component's signatures are read this many at a time


def _candidate_pairs(store: Store, ids: list[str], banned: np.ndarray) -> np.ndarray:
    """The candidate pairs among ``ids`` (indices, sorted), as ``in_memory`` finds them, holding only
    their band values (8 bytes a band an article), not their signatures (128 values each)."""
    band_count, _ = bands_of_blocking()
    values = np.empty((len(ids), band_count), dtype=np.uint64)
    usable = np.empty((len(ids), band_count), dtype=bool)
    for start in range(0, len(ids), SIGNATURES_PER_READ):
        chunk = slice(start, start + SIGNATURES_PER_READ)
        values[chunk], usable[chunk] = band_keys(store.signatures(ids[chunk]), banned)
    return pair_array(values, usable)


class _Numbered:
    """The current articles' ids, numbered in publication order, held as one bytes array."""

    def __init__(self, ids: Sequence[str]):
        self.array = np.array([i.encode() for i in ids], dtype=bytes)
        self.sorter = np.argsort(self.array, kind="stable")
        self.sorted = self.array[self.sorter]

    def __len__(self) -> int:
        return len(self.array)

    def numbers(self, ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(numbers, found): each id's number, and whether it is a current article's."""
        wanted = np.array([i.encode() for i in ids], dtype=bytes)
        at = np.minimum(np.searchsorted(self.sorted, wanted), len(self.sorted) - 1)
        found = self.sorted[at] == wanted
        return self.sorter[at], found

    def ids(self, numbers: np.ndarray) -> list[str]:
        return [i.decode() for i in self.array[np.sort(numbers)]]


def _components(store: Store, numbered: _Numbered, banned: np.ndarray, split: set[str],
                merges: Sequence[tuple[str, str]]) -> np.ndarray:
    """Each current article's component in the candidate graph (the number of its first article):
    articles sharing a usable band value are joined, as blocking pairs them (the articles a reader
    split off take no part), and so are those a reader merged. Read one band at a time from the
    store's band index."""
    band_count, rows = bands_of_blocking()
    forest = _Forest(len(numbered))
    left_out, _ = numbered.numbers(sorted(split))
    for band in range(band_count):
        # a band is one signature row: its value is banned when that row's code is
        unusable = banned[(banned >> np.uint64(32)) == np.uint64(band)] & np.uint64(0xFFFFFFFF)
        values, members = [], []
        for part_values, part_ids in store.band_members(band):
            numbers, _ = numbered.numbers(part_ids)
            usable = ~np.isin(part_values, unusable)
            values.append(part_values[usable])
            members.append(numbers[usable])
        value, member = np.concatenate(values), np.concatenate(members)
        keep = ~np.isin(member, left_out)
        value, member = value[keep], member[keep]
        order = np.argsort(value, kind="stable")
        value, member = value[order], member[order]
        first = np.flatnonzero(np.r_[True, value[1:] != value[:-1]])  # where each value's run starts
        runs = np.repeat(first, np.diff(np.r_[first, len(value)]))
        linked = runs != np.arange(len(runs))  # each article to the first of its run
        forest.join(member[linked], member[runs[linked]])
    pairs = [(a, b) for a, b in merges]
    if pairs:
        a, found_a = numbered.numbers([a for a, _ in pairs])
        b, found_b = numbered.numbers([b for _, b in pairs])
        forest.join(a[found_a & found_b], b[found_a & found_b])
    return forest.roots()


def bands_of_blocking() -> tuple[int, int]:
    """Bands and rows per band of the stories' blocking; one row per band is what lets a band's
    stored value tell whether it is banned (``blocking.banned_rows``)."""
    from .cluster.blocking import THRESHOLD

    band_count, rows = bands(THRESHOLD)
    if rows != 1:
        raise NotImplementedError("regrouping from the band index needs one signature row per band")
    return band_count, rows


class _Forest:
    """Union-find over article numbers as one array, joined a whole array of edges at a time: each
    round links every edge's two roots (the larger to the smaller) and shortens every path, until
    no edge joins two roots."""

    def __init__(self, count: int):
        self.parent = np.arange(count, dtype=np.int64)

    def join(self, a: np.ndarray, b: np.ndarray) -> None:
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        while len(a):
            self._flatten()
            ra, rb = self.parent[a], self.parent[b]
            apart = ra != rb
            a, b, ra, rb = a[apart], b[apart], ra[apart], rb[apart]
            np.minimum.at(self.parent, np.maximum(ra, rb), np.minimum(ra, rb))

    def _flatten(self) -> None:
        while True:
            above = self.parent[self.parent]
            if np.array_equal(above, self.parent):
                return
            self.parent = above

    def roots(self) -> np.ndarray:
        self._flatten()
        return self.parent


def place_new(store: Store, edits: Sequence[StoryEdit], batches: Batches = in_process) -> list[Story]:
    """The articles in no story placed, the stories they join cut again; returns the stories it
    wrote (every other stored story is unchanged). With no story stored yet, that is a full run
    (``regroup``, its batches cut by ``batches``)."""
    stored, new, stale = store.placing()
    if not stored:
        return regroup(store, edits, batches)
    if not new and not stale:
        return []
    arriving = store.clustering_inputs(new)
    pairs, others = _candidates(store, arriving)
    read = {s.features.id: s for s in [*arriving, *store.clustering_inputs(others)]}
    split, merges = effective_edits(edits)
    pairs = [(a, b) for a, b in pairs if a not in split and b not in split]
    linked = _linked(store, [read[a] for a in sorted(read)], set(new), pairs)
    again = _joined_stories(store, set(stale) | set(store.story_holders(sorted(linked)).values()), merges, set(new))
    held = [a for s in again for a in s.articles]
    live = store.current_among(held)
    members = new + [a for a in held if a in live]  # a stored story holds no new article
    read |= {s.features.id: s for s in store.clustering_inputs([a for a in members if a not in read])}
    inputs = [read[a] for a in members if a in read]
    index = {s.features.id: i for i, s in enumerate(inputs)}
    features = [s.features for s in inputs]
    found = cluster_features(features, edits, existing=again,
                             candidates={(min(index[a], index[b]), max(index[a], index[b]))
                                         for a, b in pairs if a in index and b in index},
                             headlines={s.features.id: s.headline for s in inputs},
                             frequencies=store.document_frequencies(features))
    found = _with_dates(store, found)
    store.replace_some_stories(sorted(s.id for s in again), found)
    return found


def _joined_stories(store: Store, touched: set[str], merges: list[tuple[str, str]], new: set[str]) -> list[Story]:
    """The ``touched`` stored stories and every one a reader's merge joins to one of them or to a
    new article: a merge joins whole stories, so they are cut again together."""
    stories = store.stories_by_id(sorted(touched))
    while merges:
        inside = new | {a for s in stories for a in s.articles}
        partners = [b for a, b in merges for a, b in ((a, b), (b, a)) if a in inside and b not in inside]
        more = set(store.story_holders(partners).values()) - {s.id for s in stories}
        if not more:
            break
        stories += store.stories_by_id(sorted(more))
    return stories


def _candidates(store: Store, arriving: Sequence[StoredArticle]) -> tuple[set[tuple[str, str]], list[str]]:
    """Pairs (by id) of an arriving article and any current one sharing a usable band key with it
    (what blocking over the whole corpus would pair them with), and the stored articles in them."""
    if not arriving:
        return set(), []
    values, usable = band_keys(np.vstack([s.signature for s in arriving]), store.banned_rows())
    wanted: dict[int, set[int]] = {}
    for row, ok in zip(values, usable):
        for band in np.flatnonzero(ok):
            wanted.setdefault(int(band), set()).add(int(row[band]))
    sharing: dict[tuple[int, int], list[str]] = {}
    for band, value, article in store.sharing_a_band(wanted):
        sharing.setdefault((band, value), []).append(article)
    pairs = set()
    for s, row, ok in zip(arriving, values, usable):
        for band in np.flatnonzero(ok):
            for other in sharing.get((int(band), int(row[band])), ()):
                if other != s.features.id:
                    pairs.add((min(s.features.id, other), max(s.features.id, other)))
    ids = {s.features.id for s in arriving}
    return pairs, sorted({a for pair in pairs for a in pair} - ids)


def _linked(store: Store, inputs: Sequence[StoredArticle], new: set[str], pairs: Sequence[tuple[str, str]]) -> set[str]:
    """The stored articles a candidate pair with a new one links (``STORY_LINK``), scored with the
    corpus's document frequencies as a full run would score them (``inputs``: the pairs' articles)."""
    if not pairs:
        return set()
    index = {s.features.id: i for i, s in enumerate(inputs)}
    features = [s.features for s in inputs]
    ordered = sorted((index[a], index[b]) for a, b in pairs)
    scores = Similarity(features, store.document_frequencies(features, PAIR_FIELDS)).scores(ordered)
    return {features[k].id for pair, score in zip(ordered, scores) if score >= STORY_LINK
            for k in pair if features[k].id not in new}


def _with_dates(store: Store, found: list[Story]) -> list[Story]:
    """Each page its story dated gets its date mentions read against that day (the page as stored)."""
    dated = [d.article for s in found for d in s.dated]
    pages = {p.article.id: p for p in store.get_many(dated, story_dates=False)} if dated else {}
    return [replace(s, dated=tuple(with_story_dates(d, pages[d.article]) for d in s.dated)) for s in found]
