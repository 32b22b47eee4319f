"""What the search index holds, and how the writer keeps it in sync with the store.

``search_index`` (migration 0003: an FTS5 table on SQLite; 0004: a table with a generated,
GIN-indexed tsvector on PostgreSQL) holds one row per current article (``title``, ``text``,
``outlet``) and one per quote of it (``text`` = the quoted words, ``speaker``); ``kind``,
``article_id`` and ``position`` are stored but not indexed. Only current versions are in it: a
new version takes the place of the previous one, so a search never needs to test an article's
version.

The filters (an outlet, publication days, a speaker) are tested on values kept beside each index
row, so that a search can drop a match before ranking it without reading the article: on
PostgreSQL in ``search_index`` itself (``filter_outlet``, ``filter_day``; the speaker is a column
already), on SQLite in ``search_filters`` (migration 0008), one row per index row (``row`` = its
rowid). FTS5 reads its own stored columns row by row from a content table (reading
``article_id`` for every match of a common word costs more than ranking it), so SQLite tests the
filters on this small table instead, one primary-key look-up per match.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from ...model import ProcessedArticle

TABLE = "search_index"
FILTERS = "search_filters"
# FTS5 keeps its data in shadow tables named after the virtual table.
SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
START, END = "\ue000", "\ue001"  # snippet markers, never left in indexed text
INSERT_CHUNK = 500  # rows per INSERT on PostgreSQL (10 parameters each, far below its 65,535)

index = sa.table(
    TABLE,
    sa.column("article_id"),
    sa.column("position"),
    sa.column("kind"),
    sa.column("title"),
    sa.column("text"),
    sa.column("outlet"),  # an article's, searched; None for a quote
    sa.column("speaker"),
)
rowid = sa.literal_column(f"{TABLE}.rowid")  # an FTS5 row; ties in SQLite's ranking go by it
_fts5_rows = sa.table(TABLE, sa.column("rowid"), *(sa.column(c.name) for c in index.c))
# PostgreSQL: the article's outlet (for its quotes too) and publication day, for the filters
_postgres_rows = sa.table(TABLE, *(sa.column(c.name) for c in index.c), sa.column("filter_outlet"),
                          sa.column("filter_day"))
filters = sa.table(
    FILTERS,
    sa.column("row"),  # the rowid of the index row
    sa.column("article_id"),
    sa.column("outlet"),  # the article's, for quotes too
    sa.column("day"),  # the article's publication day (the first 10 characters of ``published``)
    sa.column("speaker"),  # the quote's; None for an article
)


def is_index_table(name: str | None) -> bool:
    """True for the search tables, which are not in ``schema.metadata``: the index (FTS5 or
    PostgreSQL's), FTS5's shadow tables and SQLite's ``search_filters``."""
    return name is not None and (name in (TABLE, FILTERS) or any(name == TABLE + s for s in SHADOW_SUFFIXES))


def supported(conn: sa.Connection) -> bool:
    return conn.dialect.name in ("sqlite", "postgresql")


def _clean(text: str | None) -> str | None:
    return None if text is None else text.replace(START, "").replace(END, "")


def add_many(conn: sa.Connection, added: Sequence[tuple[ProcessedArticle, str | None]]) -> None:
    """Index newly stored articles and their quotes, each with the id of the version it supersedes
    (or None), in one statement per table."""
    if not supported(conn) or not added:
        return
    replaced = sorted({replaces for _, replaces in added if replaces is not None})
    if replaced:
        _remove(conn, replaced)
    rows = []
    for processed, _ in added:
        article = processed.article
        if article.id in replaced:  # superseded by a later version in the same batch
            continue
        tested = {"filter_outlet": article.outlet, "filter_day": _day_of(article.published)}
        rows.append({"article_id": article.id, "position": None, "kind": "article", "title": _clean(article.title),
                     "text": _clean(article.text), "outlet": _clean(article.outlet), "speaker": None} | tested)
        rows += [{"article_id": article.id, "position": n, "kind": "quote", "title": None, "text": _clean(q.text),
                  "outlet": None, "speaker": _clean(q.speaker)} | tested for n, q in enumerate(processed.analysis.quotes)]
    if conn.dialect.name == "postgresql":
        # one multi-row INSERT per chunk: the generated ``heavy`` calls a SQL function, which
        # PostgreSQL plans once per statement (per row when each row is its own statement)
        for start in range(0, len(rows), INSERT_CHUNK):
            conn.execute(sa.insert(_postgres_rows).values(rows[start:start + INSERT_CHUNK]))
        return
    # SQLite: each index row gets its rowid here, so that its filter row can carry it
    first = (conn.scalar(sa.select(sa.func.max(filters.c.row))) or 0) + 1
    conn.execute(sa.insert(_fts5_rows), [{"rowid": number} | {c.name: row[c.name] for c in index.c}
                                         for number, row in enumerate(rows, start=first)])
    conn.execute(sa.insert(filters), [{"row": number, "article_id": row["article_id"], "outlet": row["filter_outlet"],
                                       "day": row["filter_day"], "speaker": row["speaker"]}
                                      for number, row in enumerate(rows, start=first)])


def _day_of(published: str | None) -> str | None:
    return None if published is None else published[:10]  # as substr(published, 1, 10) in SQL


def remove(conn: sa.Connection, article_ids: Sequence[str]) -> None:
    """Take these articles and their quotes out of the index (and, on SQLite, their filter rows)."""
    if supported(conn) and article_ids:
        _remove(conn, sorted(article_ids))


def _remove(conn: sa.Connection, article_ids: list[str]) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.delete(index).where(index.c.article_id.in_(article_ids)))
        return
    gone = sa.select(filters.c.row).where(filters.c.article_id.in_(article_ids))
    conn.execute(sa.delete(index).where(rowid.in_(gone)))  # by rowid: FTS5 finds article_id only by a scan
    conn.execute(sa.delete(filters).where(filters.c.article_id.in_(article_ids)))


def rename_outlet(conn: sa.Connection, old: str, new: str) -> None:
    """Give the index rows of ``old``'s pages the outlet ``new`` (what is searched and what is
    filtered on)."""
    if not supported(conn):
        return
    conn.execute(index.update().where(index.c.outlet == old).values(outlet=new))
    if conn.dialect.name == "postgresql":
        kept = _postgres_rows.c.filter_outlet
        conn.execute(_postgres_rows.update().where(kept == old).values(filter_outlet=new))
    else:
        conn.execute(filters.update().where(filters.c.outlet == old).values(outlet=new))
