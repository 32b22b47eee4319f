"""Reading and writing stories, events and readers' story edits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime

import sqlalchemy as sa

from ..errors import NotFound
from ..model import DateMention, Event, Story, StoryDate, StoryEdit
from .dialect import lock
from .schema import articles, events, stories, story_edits, story_members

CHUNK = 500  # ids per IN (...) list


def replace_all(conn: sa.Connection, found: Sequence[Story]) -> None:
    """The clustering's result replaces the previous one whole (edits live apart and survive)."""
    replace_all_in_parts(conn, [found], {s.id: n for n, s in enumerate(found)})


def replace_all_in_parts(conn: sa.Connection, parts: Iterable[Sequence[Story]], positions: Mapping[str, int]) -> None:
    """``replace_all`` with the result given in parts (read one at a time), each story at its
    position in the listing (``positions``, by story id).

    Concurrent replacements queue on a lock (PostgreSQL; SQLite's writer already holds the whole
    database): side by side, each DELETE would miss the rows the other just inserted, and the
    inserts would then collide on their keys or deadlock."""
    lock(conn, ["storyscope: stories"])
    conn.execute(story_members.delete())
    conn.execute(events.delete())
    conn.execute(stories.delete())
    for found in parts:
        _insert(conn, found, [positions[s.id] for s in found])


def replace_some(conn: sa.Connection, removed: Sequence[str], found: Sequence[Story]) -> None:
    """An incremental run's result: the ``removed`` stories go, the ``found`` ones come, every
    other story stays as stored; positions follow the listing order (first event's day, then id)."""
    lock(conn, ["storyscope: stories"])
    # Another writer may have placed some of these articles since this run read the store (the
    # run reads outside this transaction): the stories it stored for them go too, so that every
    # article is in one story only; their other pages wait, unplaced, for the next run.
    placed_since = set(holders(conn, [a for story in found for a in story.articles]).values())
    removed = sorted(set(removed) | placed_since)
    for start in range(0, len(removed), CHUNK):
        conn.execute(stories.delete().where(stories.c.id.in_(list(removed[start : start + CHUNK]))))
    _insert(conn, found, [-1] * len(found))
    first_day = sa.select(events.c.date).where(events.c.story_id == stories.c.id, events.c.position == 0)
    listed = conn.execute(sa.select(stories.c.id, stories.c.position, first_day.scalar_subquery())).all()
    order = sorted(listed, key=lambda row: (row[2] or "", row[0]))
    moved = [{"story": row[0], "place": n} for n, row in enumerate(order) if row[1] != n]
    if moved:
        conn.execute(stories.update().where(stories.c.id == sa.bindparam("story"))
                     .values(position=sa.bindparam("place")), moved)


def any_stored(conn: sa.Connection) -> bool:
    return conn.execute(sa.select(stories.c.id).limit(1)).first() is not None


def holders(conn: sa.Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """The story holding each of these articles (those in one)."""
    found: dict[str, str] = {}
    for start in range(0, len(article_ids), CHUNK):
        chunk = list(article_ids[start : start + CHUNK])
        found.update(conn.execute(sa.select(story_members.c.article_id, story_members.c.story_id)
                                  .where(story_members.c.article_id.in_(chunk))).all())
    return found


def load_some(conn: sa.Connection, story_ids: Sequence[str]) -> list[Story]:
    """These stories (those that exist), in listing order."""
    return [story for start in range(0, len(story_ids), CHUNK)
            for story in _load(conn, None, list(story_ids[start : start + CHUNK]))]


def _insert(conn: sa.Connection, found: Sequence[Story], positions: Sequence[int]) -> None:
    if not found:
        return
    conn.execute(stories.insert(), [{"id": s.id, "title": s.title, "position": n} for s, n in zip(found, positions)])
    conn.execute(events.insert(), [
        {"id": e.id, "story_id": s.id, "title": e.title, "date": e.date, "position": i,
         "first_date": e.first_date, "last_date": e.last_date}
        for s in found for i, e in enumerate(s.events)
    ])
    conn.execute(story_members.insert(), [
        {"article_id": a, "story_id": s.id, "event_id": e.id, "position": i, **_dated_columns(dated.get(a))}
        for s in found for dated in [{d.article: d for d in s.dated}]
        for e in s.events for i, a in enumerate(e.articles)
    ])


def _dated_columns(dated: StoryDate | None) -> dict:
    if dated is None:
        return {"published": None, "published_basis": None, "published_sources": None, "dates": None}
    return {"published": dated.published, "published_basis": dated.basis, "published_sources": list(dated.sources),
            "dates": [asdict(m) for m in dated.dates]}


def story_date(row) -> StoryDate | None:
    """The day a story gave one of its pages, from its ``story_members`` row."""
    if row.published is None:
        return None
    return StoryDate(row.article_id, row.published, row.published_basis, tuple(row.published_sources or ()),
                     tuple(DateMention(**m) for m in row.dates or ()))


def load_all(conn: sa.Connection) -> list[Story]:
    return _load(conn, None)


def load_one(conn: sa.Connection, story_id: str) -> Story:
    """One story, reading only its own events and members."""
    found = _load(conn, story_id)
    if not found:
        raise NotFound(f"no story {story_id!r}")
    return found[0]


def _load(conn: sa.Connection, story_id: str | None, story_ids: Sequence[str] | None = None) -> list[Story]:
    story_query = sa.select(stories).order_by(stories.c.position)
    event_query = sa.select(events).order_by(events.c.story_id, events.c.position)
    member_query = sa.select(story_members).order_by(story_members.c.event_id, story_members.c.position)
    if story_ids is not None:
        story_query = story_query.where(stories.c.id.in_(story_ids))
        event_query = event_query.where(events.c.story_id.in_(story_ids))
        member_query = member_query.where(story_members.c.story_id.in_(story_ids))
    if story_id is not None:
        story_query = story_query.where(stories.c.id == story_id)
        event_query = event_query.where(events.c.story_id == story_id)
        member_query = member_query.where(story_members.c.story_id == story_id)
    members: dict[str, list[str]] = {}
    dated: dict[str, list[StoryDate]] = {}
    for row in conn.execute(member_query):
        members.setdefault(row.event_id, []).append(row.article_id)
        if (found := story_date(row)) is not None:
            dated.setdefault(row.story_id, []).append(found)
    by_story: dict[str, list[Event]] = {}
    for row in conn.execute(event_query):
        by_story.setdefault(row.story_id, []).append(Event(row.id, row.title, row.date, tuple(members.get(row.id, ())),
                                                           row.first_date, row.last_date))
    result = []
    for row in conn.execute(story_query):
        story_events = tuple(by_story.get(row.id, ()))
        result.append(Story(row.id, row.title, tuple(a for e in story_events for a in e.articles), story_events,
                            tuple(dated.get(row.id, ()))))
    return result


def story_id_of(conn: sa.Connection, article_id: str) -> str | None:
    return conn.scalar(sa.select(story_members.c.story_id).where(story_members.c.article_id == article_id))


def summaries(conn: sa.Connection, offset: int, limit: int, title_contains: str | None = None) -> tuple[list[dict], int]:
    """A page of stories as listings show them (article, outlet and event counts, first and last
    day their events report), counted by the database for that page only, and how many stories
    match in all."""
    matching = sa.true()
    if title_contains:
        matching = sa.func.lower(stories.c.title).contains(title_contains.lower(), autoescape=True)
    total = conn.execute(sa.select(sa.func.count()).select_from(stories).where(matching)).scalar_one()
    page = conn.execute(sa.select(stories.c.id, stories.c.title).where(matching)
                        .order_by(stories.c.position).limit(limit).offset(offset)).all()
    ids = [row.id for row in page]
    per_story = {row.story_id: row for row in conn.execute(
        sa.select(story_members.c.story_id, sa.func.count(story_members.c.article_id).label("articles"),
                  sa.func.count(sa.distinct(articles.c.outlet)).label("outlets"))
        .join(articles, articles.c.id == story_members.c.article_id)
        .where(story_members.c.story_id.in_(ids)).group_by(story_members.c.story_id))}
    per_event = {row.story_id: row for row in conn.execute(
        sa.select(events.c.story_id, sa.func.count(events.c.id).label("events"),
                  sa.func.min(events.c.date).label("first_date"), sa.func.max(events.c.date).label("last_date"))
        .where(events.c.story_id.in_(ids)).group_by(events.c.story_id))}
    items = []
    for row in page:
        members, happened = per_story.get(row.id), per_event.get(row.id)
        items.append({"id": row.id, "title": row.title,
                      "articles": members.articles if members else 0, "outlets": members.outlets if members else 0,
                      "events": happened.events if happened else 0,
                      "first_date": happened.first_date if happened else None,
                      "last_date": happened.last_date if happened else None})
    return items, total


def resolve_story_id(conn: sa.Connection, prefix: str) -> str:
    """A story id, or the only one starting with ``prefix`` (4+ characters)."""
    if len(prefix) < 4:
        raise NotFound(f"story id {prefix!r} is too short: give at least 4 characters")
    ids = conn.execute(sa.select(stories.c.id).where(stories.c.id.startswith(prefix, autoescape=True))).scalars().all()
    if len(ids) != 1:
        raise NotFound(f"no story {prefix!r}" if not ids else f"story id {prefix!r} is ambiguous ({len(ids)} match)")
    return ids[0]


def add_edit(conn: sa.Connection, edit: StoryEdit, at: datetime) -> None:
    conn.execute(story_edits.insert().values(kind=edit.kind, article_id=edit.article, other_id=edit.other,
                                             title=edit.title, at=at))


def all_edits(conn: sa.Connection) -> list[StoryEdit]:
    rows = conn.execute(sa.select(story_edits).order_by(story_edits.c.id)).all()
    return [StoryEdit(kind=r.kind, article=r.article_id, other=r.other_id, title=r.title) for r in rows]
