"""Reading and writing stories, events and readers' story edits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from ..errors import NotFound
from ..model import Event, Story, StoryEdit
from .schema import events, stories, story_edits, story_members


def replace_all(conn: sa.Connection, found: Sequence[Story]) -> None:
    """The clustering's result replaces the previous one whole (edits live apart and survive)."""
    conn.execute(story_members.delete())
    conn.execute(events.delete())
    conn.execute(stories.delete())
    if not found:
        return
    conn.execute(stories.insert(), [{"id": s.id, "title": s.title, "position": i} for i, s in enumerate(found)])
    conn.execute(events.insert(), [
        {"id": e.id, "story_id": s.id, "title": e.title, "date": e.date, "position": i}
        for s in found for i, e in enumerate(s.events)
    ])
    conn.execute(story_members.insert(), [
        {"article_id": a, "story_id": s.id, "event_id": e.id, "position": i}
        for s in found for e in s.events for i, a in enumerate(e.articles)
    ])


def load_all(conn: sa.Connection) -> list[Story]:
    story_rows = conn.execute(sa.select(stories).order_by(stories.c.position)).all()
    event_rows = conn.execute(sa.select(events).order_by(events.c.story_id, events.c.position)).all()
    member_rows = conn.execute(sa.select(story_members).order_by(story_members.c.event_id,
                                                                 story_members.c.position)).all()
    members: dict[str, list[str]] = {}
    for row in member_rows:
        members.setdefault(row.event_id, []).append(row.article_id)
    by_story: dict[str, list[Event]] = {}
    for row in event_rows:
        by_story.setdefault(row.story_id, []).append(Event(row.id, row.title, row.date, tuple(members.get(row.id, ()))))
    result = []
    for row in story_rows:
        story_events = tuple(by_story.get(row.id, ()))
        result.append(Story(row.id, row.title, tuple(a for e in story_events for a in e.articles), story_events))
    return result


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
