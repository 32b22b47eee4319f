"""Adding processed articles: idempotence, versions and their diffs.

An article id is derived from its URL/outlet and normalized body, so:

- an id already stored is the same article seen again: "unchanged", nothing written;
- a new id for a URL already stored is an edited page: the next version, linked
  to the latest one before it, with a unified diff of the two texts;
- anything else is "added".

An added article or new version is indexed for full-text search (``search``) with its
quotes; a new version takes the place of the previous one there.

The insert is ``ON CONFLICT (id) DO NOTHING``, so a concurrent writer that
stored the same id first makes this one "unchanged" instead of an error. A batch
first locks the URLs it carries (``dialect.lock``: PostgreSQL only, SQLite's writer
holds the whole database), so two writers never both number a version of one URL
from the same latest one. All functions run inside the caller's write transaction.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..model import ProcessedArticle
from . import lines, search
from .codec import CHILDREN, article_row, child_rows
from .dialect import insert, lock
from .records import AddResult
from .schema import articles, residue_lines


def add_batch(conn: sa.Connection, items: Iterable[ProcessedArticle], now: datetime) -> list[AddResult]:
    items = list(items)
    lock(conn, (f"storyscope: url {p.article.url}" for p in items if p.article.url is not None))
    return [add(conn, processed, now) for processed in items]


def add(conn: sa.Connection, processed: ProcessedArticle, now: datetime) -> AddResult:
    article = processed.article
    if conn.execute(sa.select(articles.c.id).where(articles.c.id == article.id)).first():
        return AddResult(article.id, "unchanged")
    previous = _latest_version(conn, article.url)
    row = article_row(processed) | {"ingested_at": now, "version": 1, "previous_id": None, "diff": None}
    if previous is not None:
        row |= {
            "version": previous.version + 1,
            "previous_id": previous.id,
            "diff": unified_diff(previous.text, article.text, previous.id, article.id),
        }
    if not insert_article(conn, row):
        return AddResult(article.id, "unchanged")
    for child in CHILDREN:
        if rows := child_rows(child, processed):
            conn.execute(sa.insert(child.table), rows)
    search.add(conn, processed, replaces=None if previous is None else previous.id)
    if article.outlet is not None:
        keys = lines.page_keys((r.text for r in article.boilerplate), article.text)
        if previous is not None and previous.outlet == article.outlet:
            keys -= lines.page_keys(_residue_texts(conn, previous.id), previous.text)
        lines.add_counts(conn, article.outlet, keys)
    return AddResult(article.id, "added" if previous is None else "new-version")


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    return "\n".join(
        difflib.unified_diff(old.splitlines(), new.splitlines(), fromfile=old_name, tofile=new_name, lineterm="")
    )


def _latest_version(conn: sa.Connection, url: str | None) -> sa.Row | None:
    if url is None:
        return None
    query = (
        sa.select(articles.c.id, articles.c.version, articles.c.text, articles.c.outlet)
        .where(articles.c.url == url)
        .order_by(articles.c.version.desc())
        .limit(1)
    )
    return conn.execute(query).first()


def insert_article(conn: sa.Connection, row: dict[str, Any]) -> bool:
    """Insert unless the id is already there; True when this call inserted it."""
    stmt = insert(conn, articles).values(row).on_conflict_do_nothing(index_elements=[articles.c.id])
    # RETURNING, not rowcount: psycopg reports no rowcount for an INSERT through SQLAlchemy (-1)
    return conn.execute(stmt.returning(articles.c.id)).first() is not None


def _residue_texts(conn: sa.Connection, article_id: str) -> list[str]:
    return list(conn.scalars(sa.select(residue_lines.c.text).where(residue_lines.c.article_id == article_id)))
