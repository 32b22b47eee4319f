"""Search on SQLite: FTS5's bm25, its query syntax and its snippets.

The query is FTS5's own syntax, passed as a bound parameter: plain words are all required (FTS5
ANDs them), ``"quoted phrases"``, ``prefix*``, ``OR``/``NOT``/``AND`` (capitals), parentheses,
``NEAR(a b, 5)`` and column filters. A query FTS5 rejects is a ``SearchError`` with a fixed
one-line message (never the input), except that plain words with punctuation ("covid-19",
"U.S.") are retried as quoted words. Snippets come back as plain text with the matched spans
marked by two private-use characters, which are stripped from what is indexed.

A page is ranked in the index alone: ``ORDER BY bm25, rowid LIMIT`` over the matches, with the
filters tested on ``search_filters`` (one primary-key look-up per match) before bm25 scores a
match, so a match the filters drop is never scored. Nothing else is read for a match outside the
page: no ``articles`` row, no stored column of FTS5's content table, no snippet. Only the page's
rows are then joined to their articles and given snippets. The page is the page of the whole
ranking (``whole_ranking``: every match joined to its article, filtered, ranked), ties included
(by index row), as long as the index holds only current versions, which the writer keeps true.
bm25 itself is computed for every match the filters keep (about 35 ms for the 54,000 matches of
a word in all 10,000 articles of the bench store): FTS5 keeps no per-row, per-term statistics a
bound could be taken from, and term frequency alone bounds nothing, as bm25 saturates.
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa

from ...errors import SearchError
from ..reader import CURRENT  # the test that a version is the latest
from ..schema import articles
from .filters import Filters
from .index import END, START, TABLE, filters, index, rowid

SNIPPET_TOKENS = 32  # FTS5 allows at most 64
TEXT_COLUMN = 4  # position of ``text`` in the table (snippets are cut from it)
# bm25 weight per column: article_id, position, kind (not indexed), title, text, outlet, speaker
WEIGHTS = (0.0, 0.0, 0.0, 5.0, 1.0, 2.0, 3.0)

_whole = sa.literal_column(TABLE)  # the table-named column FTS5 matches and ranks on
_bm25 = sa.func.bm25(_whole, *WEIGHTS)
_snippet = sa.func.snippet(_whole, TEXT_COLUMN, START, END, "…", SNIPPET_TOKENS)

SYNTAX_HELP = ('use words, "quoted phrases", prefix*, AND/OR/NOT (capitals) between terms, '
               'NEAR(a b) and double quotes around words with punctuation, e.g. "covid-19"')
# FTS5's messages for a query it cannot parse, by how they start; anything else is a store error.
_SYNTAX_ERRORS = {
    "unterminated string": 'a double quote (") is not closed',
    "no such column": 'a word before ":" is read as a column (title, text, outlet or speaker)',
    "fts5: syntax error": "the search syntax is not understood",
    "unknown special query": "the search syntax is not understood",
    "expected integer": "NEAR(...) takes its distance as a number after a comma",
    "fts5: parser stack overflow": "the parentheses are nested too deeply",  # about 100 levels
}
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def _matches(query: str) -> sa.ColumnElement:
    return _whole.op("MATCH")(query)


def whole_ranking(query: str, chosen: Filters) -> sa.Select:
    """Every match joined to its article, tested to be the latest version and filtered, ranked by
    bm25 with ties by index row, each with its snippet: what a page is a slice of."""
    rank = _bm25.label("rank")
    ranked = (
        sa.select(index.c.kind, index.c.article_id, articles.c.title, articles.c.outlet, articles.c.published,
                  index.c.speaker, _snippet.label("snippet"), rank)
        .select_from(index.join(articles, articles.c.id == index.c.article_id))
        .where(_matches(query), CURRENT)
        .order_by(rank, rowid)
    )
    ranked = ranked.where(*chosen.on_article(articles.c.outlet, sa.func.substr(articles.c.published, 1, 10)))
    if chosen.speaker:
        ranked = ranked.where(index.c.kind == "quote", *chosen.on_quote(index.c.speaker, sa.func.instr))
    return ranked


def page(conn: sa.Connection, query: str, chosen: Filters, limit: int | None, offset: int) -> list[dict]:
    """The page of ``whole_ranking``, ranked in the index alone (see the module's docstring)."""
    try:
        return _page(conn, query, chosen, limit, offset)
    except sa.exc.OperationalError as exc:
        error = _syntax_error(exc)
        if not isinstance(error, SearchError) or not _plain_words(query):
            raise error from None
    # "covid-19", "U.S.", "don't": plain words with punctuation FTS5 would read as syntax
    try:
        return _page(conn, _as_phrases(query), chosen, limit, offset)
    except sa.exc.OperationalError:
        raise error from None


def _page(conn: sa.Connection, query: str, chosen: Filters, limit: int | None, offset: int) -> list[dict]:
    if limit is None:  # every match: the whole ranking, snippets and all
        return conn.execute(whole_ranking(query, chosen).offset(offset)).mappings().all()
    ranked = sa.select(rowid, _bm25).select_from(index).where(_matches(query))
    tests = (chosen.on_article(filters.c.outlet, filters.c.day)
             + chosen.on_quote(filters.c.speaker, sa.func.instr))  # only quotes have a speaker there
    if tests:
        ranked = ranked.where(sa.exists().where(filters.c.row == rowid, *tests))
    best = dict(conn.execute(ranked.order_by(_bm25, rowid).limit(limit).offset(offset)).all())
    if not best:
        return []
    shown = (sa.select(rowid.label("row"), index.c.kind, index.c.article_id, articles.c.title, articles.c.outlet,
                       articles.c.published, index.c.speaker, _snippet.label("snippet"))
             .select_from(index.join(articles, articles.c.id == index.c.article_id))
             .where(_matches(query), rowid.in_(list(best))))
    rows = {row["row"]: row for row in conn.execute(shown).mappings()}
    return [dict(rows[row], rank=rank) for row, rank in best.items()]


def _plain_words(query: str) -> bool:
    """No FTS5 syntax the reader meant: no quotes, prefixes, parentheses or operators."""
    return not any(c in query for c in '"*()^') and not _OPERATORS & set(query.split())


def _as_phrases(query: str) -> str:
    """Each word as a quoted FTS5 string, so its punctuation is text, not syntax."""
    return " ".join(f'"{word}"' for word in query.split())


def _syntax_error(exc: sa.exc.OperationalError) -> BaseException:
    """A SearchError when FTS5 refused the query, else the database error itself."""
    message = str(exc.orig) if isinstance(exc.orig, sqlite3.OperationalError) else ""
    for start, reason in _SYNTAX_ERRORS.items():
        if message.startswith(start):
            return SearchError(f"malformed search: {reason}; {SYNTAX_HELP}")
    return exc
