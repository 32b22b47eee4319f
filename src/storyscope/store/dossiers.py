"""Story dossiers kept in the database: computed once, served to every process until their story changes.

A row holds the dossier as JSON text and the fingerprint of what it was computed from
(``web.views.fingerprint``); a reader asks for a story's dossier with the fingerprint the story has
now and gets nothing when they differ, so a changed story is computed again and its row replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from ..model import Phrase
from .codec import encode_phrases
from .dialect import insert
from .schema import articles, dossiers, stories


def cached(conn: sa.Connection, story_id: str, fingerprint: str) -> str | None:
    """The stored dossier of this story if it was computed from what ``fingerprint`` names."""
    return conn.scalar(sa.select(dossiers.c.data).where(dossiers.c.story_id == story_id,
                                                        dossiers.c.fingerprint == fingerprint))


def save(conn: sa.Connection, story_id: str, fingerprint: str, data: str, now: datetime) -> None:
    """Store a dossier in place of the story's previous one (two processes computing the same one
    at once both write the same thing: the later write wins)."""
    row = {"story_id": story_id, "fingerprint": fingerprint, "data": data, "built_at": now}
    stmt = insert(conn, dossiers).values(row)
    conn.execute(stmt.on_conflict_do_update(index_elements=[dossiers.c.story_id],
                                            set_={k: stmt.excluded[k] for k in ("fingerprint", "data", "built_at")}))


def prune(conn: sa.Connection) -> None:
    """Drop the dossiers of stories that no longer exist (after a clustering run replaced them)."""
    conn.execute(dossiers.delete().where(dossiers.c.story_id.not_in(sa.select(stories.c.id))))


def save_phrases(conn: sa.Connection, found: dict[str, Sequence[Phrase]]) -> None:
    """Keep the label candidates found for articles stored without them."""
    for article_id, phrases in found.items():
        conn.execute(articles.update().where(articles.c.id == article_id, articles.c.phrases.is_(None))
                     .values(phrases=encode_phrases(phrases)))
