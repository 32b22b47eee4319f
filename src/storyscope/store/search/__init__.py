"""Full-text search over current articles and their quotes: one index table per database.

What is indexed and how it stays in sync is in ``index``; the filters in ``filters``; each
engine's query syntax, ranking and snippets in ``fts5`` (SQLite: bm25) and ``tsvector``
(PostgreSQL: ts_rank_cd). One table means one ranking across articles and quotes.

A search returns one page of the whole ranking (``statement``: every match joined to its article,
filtered and ranked). Each engine ranks the page in its index alone, with the filters tested
before a match is ranked, and reads articles and cuts snippets only for the page's rows; the page
is the same as the whole ranking's, ties included (``tests/unit/store/test_search_pages.py``).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ...errors import SearchError, SearchUnavailable
from ..reader import CURRENT
from ..records import SearchHit
from ..schema import articles
from . import fts5, tsvector
from .filters import Filters
from .index import END, START, add_many, index, is_index_table, remove, rename_outlet, supported

__all__ = ["END", "START", "add_many", "index", "is_index_table", "marked_spans", "outlets", "remove", "rename_outlet",
           "search", "statement", "supported"]

MAX_QUERY = 1000  # characters


def search(conn: sa.Connection, query: str, outlet: str | None = None, since: date | str | None = None,
           until: date | str | None = None, speaker: str | None = None, limit: int | None = 50,
           offset: int = 0) -> list[SearchHit]:
    """Current articles and quotes matching ``query``, best first: one page of ``statement``."""
    if not supported(conn):
        raise SearchUnavailable(f"search needs SQLite or PostgreSQL (this store is {conn.dialect.name})")
    _check(query)
    chosen = Filters.of(outlet, since, until, speaker)
    engine = tsvector if conn.dialect.name == "postgresql" else fts5
    return [_hit(row) for row in engine.page(conn, query, chosen, limit, offset)]


def statement(query: str, outlet: str | None = None, since: date | str | None = None,
              until: date | str | None = None, speaker: str | None = None, limit: int | None = 50,
              offset: int = 0, dialect: str = "sqlite") -> sa.Select:
    """The whole ranking for ``query`` and the filters on ``dialect``, cut to the page: every
    match joined to its article, tested to be the latest version, filtered and ranked, each with
    its snippet (all values bound, none spliced). ``search`` returns the same page, found
    without joining, filtering and ranking every match this way."""
    _check(query)
    engine = tsvector if dialect == "postgresql" else fts5
    return engine.whole_ranking(query, Filters.of(outlet, since, until, speaker)).limit(limit).offset(offset)


def _check(query: str) -> None:
    if not query or not query.strip():
        raise SearchError("the search is empty")
    if len(query) > MAX_QUERY:
        raise SearchError(f"the search is longer than {MAX_QUERY} characters")


def _hit(row) -> SearchHit:
    snippet, spans = marked_spans(row["snippet"] or "")
    return SearchHit(kind=row["kind"], article_id=row["article_id"], title=row["title"], outlet=row["outlet"],
                     published=row["published"], speaker=row["speaker"], snippet=snippet, spans=spans,
                     rank=row["rank"])


def marked_spans(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``marked`` without the START/END markers, and the (start, end) offsets they enclosed."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, opened = 0, None
    for char in marked:
        if char == START:
            opened = length if opened is None else opened
        elif char == END:
            if opened is not None and length > opened:
                spans.append((opened, length))
            opened = None
        else:
            out.append(char)
            length += 1
    return "".join(out), tuple(spans)


def outlets(conn: sa.Connection) -> list[str]:
    """The outlets of current articles, for a search form's choice."""
    query = sa.select(articles.c.outlet).where(CURRENT, articles.c.outlet.is_not(None)).distinct()
    return sorted(conn.scalars(query))
