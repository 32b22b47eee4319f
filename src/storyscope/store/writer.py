"""Adding processed articles: idempotence, versions and their diffs.

An article id is derived from its URL/outlet and normalized body, so:

- an id already stored is the same article seen again: "unchanged", nothing written;
- a new id for a URL already stored is an edited page: the next version, linked
  to the latest one before it, with a unified diff of the two texts;
- anything else is "added".

An added article or new version is indexed for full-text search (``search``) with its
quotes, and its clustering inputs are stored (``clustering``); a new version takes the place of
the previous one in both.

The insert is ``ON CONFLICT (id) DO NOTHING``, so a concurrent writer that
stored the same id first makes this one "unchanged" instead of an error. A batch
first locks the URLs it carries (``dialect.lock``: PostgreSQL only, SQLite's writer
holds the whole database), so two writers never both number a version of one URL
from the same latest one. All functions run inside the caller's write transaction.

A batch costs a fixed number of statements, whatever its size: the ids and latest versions
are read for the whole batch, and the articles, each child table, the search rows and the
outlet line counts are each written with one multi-row statement. A page whose versions
arrive in one batch is numbered in batch order, each version diffed against the one before.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..model import ProcessedArticle
from . import clustering, lines, outlet_names, search
from .codec import CHILDREN, article_row, child_rows
from .dialect import insert, lock
from .records import AddResult
from .reader import load
from .schema import articles, residue_lines, stories, story_members

CHUNK = 500  # ids or addresses per IN (...) list


@dataclass(frozen=True)
class _Version:
    """The latest stored (or earlier in the batch) version of a page."""

    id: str
    version: int
    text: str
    outlet: str | None
    residue: tuple[str, ...] | None = None  # known for a version of this batch; else read when needed


def add_batch(conn: sa.Connection, items: Iterable[ProcessedArticle], now: datetime,
              prepared: Mapping | None = None) -> list[AddResult]:
    corrected = outlet_names.corrections(conn)  # a reader's outlet corrections apply to new pages too
    items = [ProcessedArticle(replace(p.article, outlet=corrected[p.article.outlet]), p.analysis)
             if p.article.outlet in corrected else p for p in items]
    urls = sorted({p.article.url for p in items if p.article.url is not None})
    lock(conn, (f"storyscope: url {url}" for url in urls))
    stored = _stored_ids(conn, [p.article.id for p in items])
    latest = _latest_versions(conn, urls)
    planned: list[tuple[int, ProcessedArticle, dict[str, Any], _Version | None]] = []
    for position, processed in enumerate(items):
        article = processed.article
        if article.id in stored:
            continue
        stored.add(article.id)  # a second copy in this batch is "unchanged"
        previous = latest.get(article.url) if article.url is not None else None
        row = article_row(processed) | {"ingested_at": now, "version": 1, "previous_id": None, "diff": None}
        if previous is not None:
            row |= {"version": previous.version + 1, "previous_id": previous.id,
                    "diff": unified_diff(previous.text, article.text, previous.id, article.id)}
        if article.url is not None:
            latest[article.url] = _Version(article.id, row["version"], article.text, article.outlet,
                                           tuple(r.text for r in article.boilerplate))
        planned.append((position, processed, row, previous))
    inserted = insert_articles(conn, [row for _, _, row, _ in planned])
    # a row another writer stored first is theirs (ON CONFLICT): "unchanged", nothing more written here
    planned = [plan for plan in planned if plan[2]["id"] in inserted]
    added = [(processed, previous) for _, processed, _, previous in planned]
    _write_children(conn, [processed for processed, _ in added])
    superseding = [(processed, None if previous is None else previous.id) for processed, previous in added]
    search.add_many(conn, superseding)
    clustering.add(conn, superseding, prepared)
    _count_lines(conn, added)
    results = [AddResult(p.article.id, "unchanged") for p in items]
    for position, processed, _, previous in planned:
        results[position] = AddResult(processed.article.id, "added" if previous is None else "new-version")
    return results


def delete(conn: sa.Connection, article_ids: Sequence[str]) -> None:
    """Delete stored articles (full ids), one by one, with everything derived from them. A deleted
    version that a later one superseded leaves the later one linked to the version before it; a
    deleted current version gives its page's place back to the version before it, which is
    searched and counted again. The stories that held a deleted article are dissolved: their other
    pages are placed again by the next clustering, as new ones are. The outlet's line counts keep
    what its pages carried."""
    a = articles.c
    for article_id in article_ids:
        previous = conn.scalar(sa.select(a.previous_id).where(a.id == article_id))
        later = conn.scalar(sa.select(a.id).where(a.previous_id == article_id))
        if later is not None:
            conn.execute(articles.update().where(a.id == later).values(previous_id=previous))
        else:
            clustering.retire(conn, [article_id])
            search.remove(conn, [article_id])
            if previous is not None:
                clustering.make_current(conn, clustering.prepared_inputs(conn, [previous]))
                search.add_many(conn, [(p, None) for p in load(conn, [previous], story_dates=False)])
        conn.execute(stories.delete().where(stories.c.id.in_(
            sa.select(story_members.c.story_id).where(story_members.c.article_id == article_id))))
        conn.execute(articles.delete().where(a.id == article_id))


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    return "\n".join(
        difflib.unified_diff(old.splitlines(), new.splitlines(), fromfile=old_name, tofile=new_name, lineterm="")
    )


def _chunks(values: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])


def _stored_ids(conn: sa.Connection, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(set(ids))):
        found.update(conn.scalars(sa.select(articles.c.id).where(articles.c.id.in_(chunk))))
    return found


def _latest_versions(conn: sa.Connection, urls: Sequence[str]) -> dict[str, _Version]:
    """The newest stored version of each address."""
    a = articles.c
    latest: dict[str, _Version] = {}
    for chunk in _chunks(urls):
        newest = (sa.select(a.url, sa.func.max(a.version).label("version"))
                  .where(a.url.in_(chunk)).group_by(a.url).subquery())
        query = sa.select(a.url, a.id, a.version, a.text, a.outlet).join(
            newest, sa.and_(a.url == newest.c.url, a.version == newest.c.version))
        for url, article_id, version, text, outlet in conn.execute(query):
            latest[url] = _Version(article_id, version, text, outlet)
    return latest


def insert_articles(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> set[str]:
    """Insert those whose id is not there yet; the ids this call inserted."""
    if not rows:
        return set()
    stmt = insert(conn, articles).on_conflict_do_nothing(index_elements=[articles.c.id])
    # RETURNING, not rowcount: psycopg reports no rowcount for an INSERT through SQLAlchemy (-1)
    return set(conn.scalars(stmt.returning(articles.c.id), list(rows)))


def _write_children(conn: sa.Connection, added: Sequence[ProcessedArticle]) -> None:
    for child in CHILDREN:
        if rows := [row for processed in added for row in child_rows(child, processed)]:
            conn.execute(sa.insert(child.table), rows)


def _count_lines(conn: sa.Connection, added: Sequence[tuple[ProcessedArticle, _Version | None]]) -> None:
    """Each new page's lines once for its outlet; a new version only the lines its previous lacked."""
    stored_residue = _residue_texts(conn, [previous.id for processed, previous in added
                                           if previous is not None and previous.residue is None
                                           and processed.article.outlet is not None
                                           and previous.outlet == processed.article.outlet])
    per_outlet: dict[str, Counter] = {}
    for processed, previous in added:
        article = processed.article
        given = article.outlet if article.outlet_basis in (None, "given") else None
        counted_as = lines.counting_outlet(given, article.url) or article.outlet
        if counted_as is None:
            continue
        keys = lines.page_keys((r.text for r in article.boilerplate), article.text)
        if previous is not None and previous.outlet == article.outlet:
            residue = previous.residue if previous.residue is not None else stored_residue.get(previous.id, [])
            keys -= lines.page_keys(residue, previous.text)
        per_outlet.setdefault(counted_as, Counter()).update(keys)
    lines.add_counts(conn, per_outlet)


def _residue_texts(conn: sa.Connection, article_ids: Sequence[str]) -> dict[str, list[str]]:
    """The residue lines of each of these stored articles."""
    found: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(set(article_ids))):
        query = sa.select(residue_lines.c.article_id, residue_lines.c.text).where(residue_lines.c.article_id.in_(chunk))
        for article_id, text in conn.execute(query):
            found.setdefault(article_id, []).append(text)
    return found
