"""Stories and events from analysed articles.

A story is a running topic (it may span years); an event is one happening
inside it, local in time. Stories: link candidate pairs scoring at least
``story_threshold`` and take connected components. The candidate pairs come from the
blocking function the caller passes (``blocking.in_memory`` unless told otherwise). Events: inside a story,
articles ordered by the day they report; a new event starts when that day
jumps by more than ``event_gap_days`` or the article reads unlike the event so far.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

from ..model import Event, ProcessedArticle, Story, StoryEdit
from .blocking import Blocking, UnionFind, in_memory
from .features import ArticleFeatures, features_of
from .similarity import Similarity

STORY_THRESHOLD = 0.2
EVENT_GAP_DAYS = 7
EVENT_TEXT_THRESHOLD = 0.12
_FAR = date.max  # articles with no known day sort last


def stable_id(prefix: str, members: Sequence[str]) -> str:
    """An id from the sorted member ids: the same grouping always gets the same id."""
    return prefix + hashlib.sha256("\n".join(sorted(members)).encode()).hexdigest()[:12]


def cluster(processed: Sequence[ProcessedArticle], edits: Sequence[StoryEdit] = (),
            story_threshold: float = STORY_THRESHOLD, event_gap_days: int = EVENT_GAP_DAYS,
            existing: Sequence[Story] = (), blocking: Blocking = in_memory) -> list[Story]:
    """Stories of the given articles, with a reader's edits applied; titles from the articles.

    With ``existing`` stories, only articles outside them are placed (incrementally): old
    stories keep their members and gain the new articles that match them. ``blocking``
    finds the candidate pairs (in this process by default; ``dask_blocking.block`` on Dask).
    """
    features = [features_of(p) for p in processed]
    stories = cluster_features(features, edits, story_threshold, event_gap_days, existing, blocking)
    titles = {p.article.id: p.article.title or _opening(p.article.text) for p in processed}
    renamed = {e.article: e.title for e in edits if e.kind == "rename" and e.title}
    return [_titled(story, titles, renamed) for story in stories]


def cluster_features(features: Sequence[ArticleFeatures], edits: Sequence[StoryEdit] = (),
                     story_threshold: float = STORY_THRESHOLD, event_gap_days: int = EVENT_GAP_DAYS,
                     existing: Sequence[Story] = (), blocking: Blocking = in_memory) -> list[Story]:
    if not features:
        return []
    similarity = Similarity(features)
    # key sets are made here, over the whole corpus (top terms need its TF-IDF), whatever runs the blocking
    keys = [frozenset(n.casefold() for n in f.names) | frozenset(similarity.top_terms(i, 20))
            for i, f in enumerate(features)]
    index = {f.id: i for i, f in enumerate(features)}
    split, merges = _effective_edits(edits)
    groups = UnionFind(len(features))
    placed: set[int] = set()
    for story in existing:  # an incremental run keeps the stories it was given together
        members = [index[a] for a in story.articles if a in index]
        placed.update(members)
        for other in members[1:]:
            groups.union(members[0], other)
    new = [i for i in range(len(features)) if i not in placed] if existing else None
    # sorted: pairs are scored and linked in one order whichever blocking (a set) found them
    pairs = [(i, j) for i, j in sorted(blocking(keys, new))
             if features[i].id not in split and features[j].id not in split]
    for (i, j), score in zip(pairs, similarity.scores(pairs)):
        if score >= story_threshold:
            groups.union(i, j)
    for a, b in merges:
        if a in index and b in index:
            groups.union(index[a], index[b])
    members: dict[int, list[int]] = {}
    for i in range(len(features)):
        members.setdefault(groups.find(i), []).append(i)
    unchanged = {frozenset(s.articles): s.events for s in existing}
    stories = []
    for indices in members.values():
        ids = tuple(features[i].id for i in indices)
        # a stored story that gained nobody keeps its events; only touched stories are re-split
        events = unchanged.get(frozenset(ids)) or _events(features, indices, similarity, event_gap_days)
        stories.append(Story(id=stable_id("s", ids), title=None, articles=ids, events=events))
    return sorted(stories, key=lambda s: (s.events[0].date or "", s.id))


def _events(features: Sequence[ArticleFeatures], indices: list[int], similarity: Similarity,
            gap_days: int) -> tuple[Event, ...]:
    ordered = sorted(indices, key=lambda i: (features[i].event_day or features[i].published or _FAR, features[i].id))
    text = similarity.text_block(ordered)
    position = {i: n for n, i in enumerate(ordered)}
    groups: list[list[int]] = []
    for i in ordered:
        day = features[i].event_day
        if groups:
            current = groups[-1]
            last_day = max((features[k].event_day for k in current if features[k].event_day), default=None)
            close_in_time = day is None or last_day is None or (day - last_day).days <= gap_days
            alike = max(text[position[i], position[k]] for k in current) >= EVENT_TEXT_THRESHOLD
            if close_in_time and alike:
                current.append(i)
                continue
        groups.append([i])
    events = []
    for group in groups:
        ids = tuple(features[i].id for i in group)
        days = [features[i].event_day for i in group if features[i].event_day]
        events.append(Event(id=stable_id("e", ids), title=None, date=min(days).isoformat() if days else None,
                            articles=ids))
    return tuple(events)


def _effective_edits(edits: Sequence[StoryEdit]) -> tuple[set[str], list[tuple[str, str]]]:
    """Replay edits in order: a split undoes earlier merges of that article; a later merge brings it back."""
    split: set[str] = set()
    merges: list[tuple[str, str]] = []
    for edit in edits:
        if edit.kind == "split":
            split.add(edit.article)
            merges = [m for m in merges if edit.article not in m]
        elif edit.kind == "merge" and edit.other:
            split.difference_update({edit.article, edit.other})
            merges.append((edit.article, edit.other))
    return split, merges


def _opening(text: str, words: int = 12) -> str:
    head = text.split("\n", 1)[0].split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def _titled(story: Story, titles: dict[str, str], renamed: dict[str, str]) -> Story:
    """The earliest article's title names each event; a reader's rename, else the first event's, the story."""
    events = tuple(Event(e.id, titles.get(e.articles[0]), e.date, e.articles) for e in story.events)
    title = next((renamed[a] for a in story.articles if a in renamed), None) or (events[0].title if events else None)
    return Story(story.id, title, story.articles, events)
