"""Stories and events from analysed articles.

A story is a running topic (it may span years); an event is one happening
inside it, local in time. Stories: candidate pairs (from the blocking function the caller
passes, ``blocking.in_memory`` unless told otherwise) whose words are at least ``STORY_LINK``
alike fall into components; each component is cut by average link at ``story_threshold``, so one
pair of pages sharing a person and a place does not join two subjects. Pages that give no day
are dated through their story (``dating``). Events: inside a story, pages with a day in day
order, a new event when that day jumps by more than ``event_gap_days`` or the page reads unlike
the event so far; a page with no day joins the event it reads most like.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy

from ..model import Event, ProcessedArticle, Story, StoryDate, StoryEdit
from ..normalize.article import MADE_TITLE
from .blocking import Blocking, UnionFind, in_memory, stories_blocking_input
from .dating import SAME_HAPPENING, Dated, DatingFacts, date_in_event, date_story, redated
from .features import ArticleFeatures, features_of
from .keys import key_set
from .similarity import Similarity
from .tfidf import DocumentFrequencies

# Chosen on tests/golden/stories/, tests/golden/running/ and the example pages, never on the
# coverage corpus (bench/story_thresholds.py).
STORY_LINK = 0.15  # candidate pairs at least this alike (Similarity.scores) fall into one component
STORY_THRESHOLD = 0.15  # inside a component, groups merge while their average similarity reaches this
# A page left alone by the average link joins the story it reads like at least this much. Chosen on
# tests/golden/stories/ and tests/golden/running/: the one page that must stay apart (same town,
# other subject) reads 0.150 like the story, the lowest that must join 0.198.
LONE_PAGE_PROFILE = 0.17
MAX_AVERAGE_LINK = 2_000  # a component larger than this stays whole (the average link is quadratic)
EVENT_GAP_DAYS = 7
EVENT_TEXT_THRESHOLD = 0.12
EVENT_JOIN = 0.08  # a page with no day joins the event it reads most like, at least this much (mean cosine)


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
    Pages that give no publication day get the one their story gives (``dating``), with their
    date mentions read against it.
    """
    features = [features_of(p) for p in processed]
    headlines = {p.article.id: Headline(p.article.title, p.article.title_basis != MADE_TITLE) for p in processed}
    stories = cluster_features(features, edits, story_threshold, event_gap_days, existing, blocking, headlines)
    by_id = {p.article.id: p for p in processed}
    return [replace(story, dated=tuple(with_story_dates(d, by_id[d.article]) for d in story.dated)) for story in stories]


@dataclass(frozen=True)
class Headline:
    text: str | None
    own: bool  # the page's own headline, not one made from its lead


def cluster_features(features: Sequence[ArticleFeatures], edits: Sequence[StoryEdit] = (),
                     story_threshold: float = STORY_THRESHOLD, event_gap_days: int = EVENT_GAP_DAYS,
                     existing: Sequence[Story] = (), blocking: Blocking = in_memory,
                     headlines: dict[str, Headline] | None = None, *,
                     frequencies: DocumentFrequencies | None = None,
                     candidates: set[tuple[int, int]] | None = None) -> list[Story]:
    """Stories of these articles (see ``cluster``). ``frequencies``: the corpus's document
    frequencies when ``features`` are only part of it (else counted over them); ``candidates``:
    the pairs (by index) blocking found already (else ``blocking`` finds them from the articles'
    key sets)."""
    if not features:
        return []
    similarity = Similarity(features, frequencies)
    index = {f.id: i for i, f in enumerate(features)}
    split, merges = effective_edits(edits)
    groups = UnionFind(len(features))
    placed: set[int] = set()
    for story in existing:  # an incremental run keeps the stories it was given together
        members = [index[a] for a in story.articles if a in index]
        placed.update(members)
        for other in members[1:]:
            groups.union(members[0], other)
    new = [i for i in range(len(features)) if i not in placed] if existing else None
    if candidates is None:
        candidates = blocking(*stories_blocking_input([key_set(f) for f in features]), new)
    # sorted: pairs are scored and linked in one order whichever blocking (a set) found them
    pairs = [(i, j) for i, j in sorted(candidates)
             if features[i].id not in split and features[j].id not in split]
    for (i, j), score in zip(pairs, similarity.scores(pairs)):
        if score >= STORY_LINK:
            groups.union(i, j)
    components: dict[int, list[int]] = {}
    for i in range(len(features)):
        components.setdefault(groups.find(i), []).append(i)
    # A stored story that no new page joined stays as it is; a component that a new page touches is
    # cut again from scratch, as a full run would cut it (so both give the same stories).
    story_groups = [group for component in components.values()
                    for group in ([component] if existing and placed.issuperset(component) else
                                  _average_link(component, similarity, story_threshold))]
    story_groups = _merged(story_groups, merges, index)
    unchanged = {frozenset(s.articles): s for s in existing}
    renamed = {e.article: e.title for e in edits if e.kind == "rename" and e.title}
    stories = []
    for indices in story_groups:
        ids = tuple(features[i].id for i in indices)
        kept = unchanged.get(frozenset(ids))
        if kept is not None:  # a stored story that gained nobody keeps its events and days
            stories.append(_titled(kept, headlines, renamed, similarity, index))
            continue
        text = similarity.text_block(indices)
        dated = date_story(list(ids), [features[i].dating or _NO_FACTS for i in indices], text)
        days = {i: (dated[n].day if n in dated else features[i].event_day) for n, i in enumerate(indices)}
        # what each page reports on: a page placed through its story votes for the happening that
        # placed it, not for the day it came out (a reaction a day later does not move the event)
        reports = {i: (dated[n].happening or dated[n].day if n in dated else features[i].event_day)
                   for n, i in enumerate(indices)}
        events = _events(features, indices, days, reports, text, similarity.happening_block(indices, text),
                         event_gap_days)
        events = _date_by_event(events, features, indices, days, dated)
        story = Story(id=stable_id("s", ids), title=None, articles=tuple(a for e in events for a in e.articles),
                      events=events,
                      dated=tuple(StoryDate(ids[n], d.day.isoformat(), d.basis, d.sources) for n, d in dated.items()))
        stories.append(_titled(story, headlines, renamed, similarity, index))
    return sorted(stories, key=listing_order)


def listing_order(story: Story) -> tuple[str, str]:
    """How stories are listed: by their first event's day, then id."""
    return story.events[0].date or "", story.id


_NO_FACTS = DatingFacts(None, None, ())


def _average_link(component: list[int], similarity: Similarity, threshold: float) -> list[list[int]]:
    """A component of linked pages cut into stories: the two groups most alike on average
    (``Similarity.block`` over all their pairs) merge while that average reaches ``threshold``.
    A chain of single links can join two subjects through one pair of pages that happen to share
    a governor and a town; an average over all pairs cannot. A page left on its own then joins the
    story of the page it is most alike, that pair being a link (``STORY_LINK``): one page cannot
    chain two subjects together, and a fact-check or a local angle on a story reads unlike the
    story's other pages on average while it plainly belongs to it."""
    if len(component) == 1 or len(component) > MAX_AVERAGE_LINK:
        return [component]
    words = similarity.text_block(component)
    text = similarity.block(component, words)
    groups = [[i] for i in component]
    sums = text.copy()
    sizes = numpy.ones(len(component))
    alive = list(range(len(component)))
    while len(alive) > 1:
        sub = numpy.ix_(alive, alive)
        average = sums[sub] / numpy.outer(sizes[alive], sizes[alive])
        numpy.fill_diagonal(average, -1.0)
        a, b = numpy.unravel_index(numpy.argmax(average), average.shape)
        if average[a, b] < threshold:
            break
        keep, gone = alive[a], alive[b]
        sums[keep, :] += sums[gone, :]
        sums[:, keep] += sums[:, gone]
        sizes[keep] += sizes[gone]
        groups[keep] += groups[gone]
        alive.remove(gone)
    return _lone_pages_joined([sorted(groups[n]) for n in alive], component, text, words)


def _lone_pages_joined(groups: list[list[int]], component: list[int], similar: numpy.ndarray,
                       words: numpy.ndarray) -> list[list[int]]:
    """Each group of one page joins the larger group holding the page it is most alike, when that
    pair is a link (``STORY_LINK``) and the page reads like that group's pages taken together
    (``LONE_PAGE_PROFILE``: the cosine of its words and the group's summed words). A page on
    another subject that shares a town with one of the story's pages does not."""
    position = {i: n for n, i in enumerate(component)}
    larger = [group for group in groups if len(group) > 1]
    holder = {i: n for n, group in enumerate(larger) for i in group}
    result = [list(group) for group in larger]
    for group in groups:
        if len(group) > 1:
            continue
        page = position[group[0]]
        nearest = max(holder, key=lambda i: similar[page, position[i]], default=None)
        if nearest is not None and similar[page, position[nearest]] >= STORY_LINK:
            story = [position[i] for i in larger[holder[nearest]]]
            profile = words[page, story].sum() / numpy.sqrt(words[numpy.ix_(story, story)].sum())
            if profile >= LONE_PAGE_PROFILE:
                result[holder[nearest]].append(group[0])
                continue
        result.append(group)
    return [sorted(group) for group in result]


def _merged(story_groups: list[list[int]], merges: list[tuple[str, str]], index: dict[str, int]) -> list[list[int]]:
    """Readers' merges join the whole stories that hold the two articles."""
    holder = {i: n for n, group in enumerate(story_groups) for i in group}
    joined = UnionFind(len(story_groups))
    for a, b in merges:
        if a in index and b in index:
            joined.union(holder[index[a]], holder[index[b]])
    result: dict[int, list[int]] = {}
    for n, group in enumerate(story_groups):
        result.setdefault(joined.find(n), []).extend(group)
    return [sorted(group) for group in result.values()]


def _events(features: Sequence[ArticleFeatures], indices: list[int], days: dict[int, date | None],
            reports: dict[int, date | None], text: numpy.ndarray, happening: numpy.ndarray,
            gap_days: int) -> tuple[Event, ...]:
    """A story's happenings. Pages with a day, in day order, form one event while each is within
    ``gap_days`` of the event's latest day (a happening with its run-up and the reactions of the
    following days) and tells what one of its pages tells (``happening``: their headlines and leads
    weigh as much as their whole text, so two happenings a few days apart stay two however much
    background they share); a page with no day joins the event whose pages it reads most like, and
    only one like none of them makes an event of its own (with any others alike). An event's day
    is the day most of its pages report on (``reports``)."""
    position = {i: n for n, i in enumerate(indices)}
    ordered = sorted((i for i in indices if days[i]), key=lambda i: (days[i], features[i].id))
    groups: list[list[int]] = []
    for i in ordered:
        if groups:
            current = groups[-1]
            close_in_time = (days[i] - max(days[k] for k in current)).days <= gap_days
            alike = max(happening[position[i], position[k]] for k in current) >= EVENT_TEXT_THRESHOLD
            if close_in_time and alike:
                current.append(i)
                continue
        groups.append([i])
    dated_groups = len(groups)
    for i in sorted((i for i in indices if not days[i]), key=lambda i: features[i].id):
        best, score = None, 0.0
        for n, group in enumerate(groups):
            mean = float(numpy.mean([text[position[i], position[k]] for k in group]))
            if mean > score:
                best, score = n, mean
        if best is not None and score >= (EVENT_JOIN if best < dated_groups else SAME_HAPPENING):
            groups[best].append(i)
        else:
            groups.append([i])
    events = []
    for group in groups:
        ids = tuple(features[i].id for i in group)
        reported = sorted(days[i] for i in group if days[i])
        events.append(Event(id=stable_id("e", ids), title=None,
                            date=_happening_day([reports[i] for i in group if reports[i]]),
                            articles=ids, first_date=reported[0].isoformat() if reported else None,
                            last_date=reported[-1].isoformat() if reported else None))
    return tuple(sorted(events, key=lambda e: (e.date is None, e.date or "", e.id)))


def _date_by_event(events: tuple[Event, ...], features: Sequence[ArticleFeatures], indices: list[int],
                   days: dict[int, date | None], dated: dict[int, Dated]) -> tuple[Event, ...]:
    """A page still without a day that joined a dated event by what it says reports that event's
    happening: it is dated from it, and the event's days are counted again."""
    at = {features[i].id: (n, i) for n, i in enumerate(indices)}
    result = []
    for event in events:
        placed = [a for a in event.articles if days[at[a][1]]]
        if event.date and len(placed) < len(event.articles):
            for a in event.articles:
                n, i = at[a]
                if not days[i] and features[i].dating:
                    found = date_in_event(features[i].dating, date.fromisoformat(event.date), event.title)
                    dated[n] = replace(found, sources=tuple(placed))
                    days[i] = found.day
            # the happening's day stays the one the placed pages report: the pages just dated from
            # it would only vote for it again, and a reaction published a day later would outvote it
            reported = sorted(days[at[a][1]] for a in event.articles if days[at[a][1]])
            event = replace(event, first_date=reported[0].isoformat(), last_date=reported[-1].isoformat())
        result.append(event)
    return tuple(result)


def _happening_day(reported: list[date]) -> str | None:
    """The day most of an event's pages report (the earliest of those tied)."""
    if not reported:
        return None
    counts = Counter(reported)
    return min(counts, key=lambda d: (-counts[d], d)).isoformat()


def with_story_dates(dated: StoryDate, processed: ProcessedArticle) -> StoryDate:
    """The day a story gave a page, with the page's date mentions read against it."""
    return replace(dated, dates=redated(processed.analysis.dates, processed.article.text,
                                        date.fromisoformat(dated.published)))


def effective_edits(edits: Sequence[StoryEdit]) -> tuple[set[str], list[tuple[str, str]]]:
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


def _central(members: list[int], block: numpy.ndarray, headlines: dict[str, Headline],
             features: Sequence[ArticleFeatures]) -> str | None:
    """The headline of the page most like the others (its own headline before a made one);
    ``block`` holds the similarities of ``members`` (positions into ``features``)."""
    centrality = block.sum(axis=1)
    ranked = sorted(range(len(members)), key=lambda n: (-centrality[n], features[members[n]].id))
    for own in (True, False):
        for n in ranked:
            headline = headlines.get(features[members[n]].id)
            if headline and headline.text and headline.own == own:
                return headline.text
    return None


def _titled(story: Story, headlines: dict[str, Headline] | None, renamed: dict[str, str],
            similarity: Similarity, index: dict[str, int]) -> Story:
    """Each event and the story named by their most central headline; a reader's rename wins."""
    if headlines is None:
        return story
    features = similarity.features
    members = [index[a] for a in story.articles if a in index]
    block = similarity.text_block(members)  # once per story: each event's is a part of it
    position = {i: n for n, i in enumerate(members)}

    def central(indices: list[int]) -> str | None:
        at = [position[i] for i in indices]
        return _central(indices, block[numpy.ix_(at, at)], headlines, features) if indices else None

    events = tuple(replace(e, title=central([index[a] for a in e.articles if a in index])) for e in story.events)
    title = next((renamed[a] for a in story.articles if a in renamed), None) or central(members)
    return replace(story, title=title, events=events)
