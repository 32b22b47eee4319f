"""Grouping stored articles into stories: everything again, or only what is new.

Both read the clustering inputs stored with each article (``store.clustering``: features, MinHash
signature, band keys, document frequencies), so neither analyses anything again.

- ``regroup``: every current article's stored inputs, blocking over all their signatures
  (``blocking`` chooses where), then ``stories.cluster_features``; the result replaces every story.
- ``place_new``: only the articles in no story (new ones, new versions, those whose story was
  dissolved). Their band keys are looked up in the store's index, the candidate pairs scored with
  TF-IDF rows built from the stored document frequencies, and only the stories they link to (and
  those holding a replaced version, and those a reader's merge joins to them) are read and cut
  again with them, as a full run would cut them; every other story stays as stored, unread and
  unwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .cluster.blocking import Blocking, band_keys, in_memory
from .cluster.similarity import PAIR_FIELDS, Similarity
from .cluster.stories import STORY_LINK, cluster_features, effective_edits, with_story_dates
from .model import Story, StoryEdit
from .store import Store
from .store.clustering import StoredArticle


def regroup(store: Store, edits: Sequence[StoryEdit], blocking: Blocking = in_memory) -> list[Story]:
    """Every current article grouped again from its stored inputs; stored in place of every story."""
    stored = store.clustering_inputs()
    if not stored:
        store.replace_stories([])
        return []
    signatures = np.vstack([s.signature for s in stored])
    candidates = blocking(signatures, store.banned_rows(), None)
    found = cluster_features([s.features for s in stored], edits, candidates=candidates,
                             headlines={s.features.id: s.headline for s in stored})
    found = _with_dates(store, found)
    store.replace_stories(found)
    return found


def place_new(store: Store, edits: Sequence[StoryEdit], blocking: Blocking = in_memory) -> list[Story]:
    """The articles in no story placed, the stories they join cut again; returns the stories it
    wrote (every other stored story is unchanged). With no story stored yet, that is a full run
    (``regroup``, with ``blocking``)."""
    stored, new, stale = store.placing()
    if not stored:
        return regroup(store, edits, blocking)
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
