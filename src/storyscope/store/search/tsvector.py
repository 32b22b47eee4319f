"""Search on PostgreSQL: ``websearch_to_tsquery``, ``ts_rank_cd`` and ``ts_headline``.

The query goes through ``websearch_to_tsquery('english', ...)``, which refuses no input but a run
of ``-`` too long for its stack: plain words are all required, ``"quoted phrases"``, ``OR`` and
``-word`` (not) work; words are stemmed and English stop words dropped; there are no prefixes,
NEAR or column filters. The rank is ``ts_rank_cd`` (title weighted A, outlet and speaker B, text
C, divided by the log of the row's length), negated so that, as with bm25, lower is better;
ties go by article, the article before its quotes, quotes in order. ``ts_headline`` marks the
snippet with the same two characters as FTS5's.

A page is ranked in ``search_index`` alone: the filters are tested on its own columns (the
article's outlet and day, kept there by migration 0008, and the quote's speaker), so a match they
drop is never ranked; no other table is read for a match outside the page, and only the page's
rows are joined to their articles and given headlines (ts_headline parses the whole text). The
tsvector is kept in the row itself (migration 0008), not in the TOAST table, so ranking a match
reads no second relation. For a query of plain words (& and |), ``heavy`` first ranks only the
rows where a query word alone ranks high, and proves that no other row reaches the page; other
queries (phrases, -word) rank every match the filters keep. Either way the page is the page of
the whole ranking (``whole_ranking``) as long as the index holds only current versions, which the
writer keeps true. (``rum`` keeps positions in its index, but ranks with a formula of its own and
scores every match too: 28 ms for "Xinjiang" in the bench store.)
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ...errors import SearchError
from ..reader import CURRENT  # the test that a version is the latest
from ..schema import articles
from . import heavy
from .filters import Filters
from .index import END, START, index

SNIPPET_WORDS = 32
ENGLISH = sa.literal_column("'english'::regconfig")  # the text search configuration of migration 0004
RANK_NORMALIZATION = 1  # ts_rank_cd divides by 1 + log(document length), as bm25 weighs length
HEADLINE = f"StartSel={START}, StopSel={END}, MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}"
_document = sa.column("document")  # the generated tsvector of search_index, kept in the row
_filter_outlet, _filter_day = sa.column("filter_outlet"), sa.column("filter_day")  # the article's (migration 0008)
_heavy = sa.column("heavy", postgresql.ARRAY(sa.Text))  # "lexeme tier" tokens (migration 0008, heavy.py)
_ctid = sa.column("ctid", sa.Text)  # where a row version is: names one row within a snapshot
# After the rank: article order, the article before its quotes, quotes in their order.
_TIES = (index.c.article_id, index.c.position.is_not(None), index.c.position)
# PostgreSQL's message (an elog, never translated) for nested NOTs ("- - - …") beyond its stack
_TSQUERY_TOO_DEEP = "tsquery stack too small"


class TID(sa.types.UserDefinedType):
    """PostgreSQL's row address type, for ``ctid = ANY(...)``."""

    cache_ok = True

    def get_col_spec(self, **_) -> str:
        return "tid"


def _tsquery(query: str) -> sa.ColumnElement:
    return sa.func.websearch_to_tsquery(ENGLISH, sa.bindparam("q", query.replace("\x00", " ")))


def _tsquery_once(query: str) -> sa.ScalarSelect:
    """The tsquery as a scalar subquery, computed once per statement: in a generic plan (psycopg
    prepares a statement run five times on one connection) ``websearch_to_tsquery($1)`` is
    otherwise parsed again for every row it is ranked against."""
    return sa.select(_tsquery(query)).scalar_subquery()


def _rank(tsquery: sa.ColumnElement) -> sa.ColumnElement:
    return (-sa.func.ts_rank_cd(_document, tsquery, RANK_NORMALIZATION)).label("rank")


def whole_ranking(query: str, chosen: Filters) -> sa.Select:
    """Every match joined to its article, tested to be the latest version and filtered, ranked
    with its ties, each with its headline: what a page is a slice of."""
    tsquery = _tsquery(query)
    rank = _rank(tsquery)
    ranked = (
        sa.select(index.c.kind, index.c.article_id, articles.c.title, articles.c.outlet, articles.c.published,
                  index.c.speaker, sa.func.ts_headline(ENGLISH, index.c.text, tsquery, HEADLINE).label("snippet"),
                  rank)
        .select_from(index.join(articles, articles.c.id == index.c.article_id))
        .where(_document.op("@@")(tsquery), CURRENT)
        .order_by(rank, *_TIES)
    )
    if chosen.has_nul():
        return ranked.where(sa.false())
    ranked = ranked.where(*chosen.on_article(articles.c.outlet, sa.func.substr(articles.c.published, 1, 10)))
    if chosen.speaker:
        ranked = ranked.where(index.c.kind == "quote", *chosen.on_quote(index.c.speaker, sa.func.strpos))
    return ranked


def _ranked(query: str, chosen: Filters) -> sa.Select:
    """The matches the filters keep, each with its rank, best first, read from the index alone."""
    tsquery = _tsquery_once(query)
    rank = _rank(tsquery)
    ranked = (sa.select(index.c.kind, index.c.article_id, index.c.position, index.c.speaker, index.c.text, rank)
              .select_from(index).where(_document.op("@@")(tsquery)).order_by(rank, *_TIES))
    if chosen.has_nul():
        return ranked.where(sa.false())
    return ranked.where(*chosen.on_article(_filter_outlet, _filter_day),
                        *chosen.on_quote(index.c.speaker, sa.func.strpos))  # only quotes have a speaker


def page_statement(query: str, chosen: Filters, limit: int | None, offset: int,
                   among: list[str] | None = None) -> sa.Select:
    """The page of ``whole_ranking``, ranked in the index alone (among the rows ``among``, by
    ctid, if given), then joined to the articles and given headlines."""
    ranked = _ranked(query, chosen)
    if among is not None:
        ranked = ranked.where(_ctid == sa.func.any(sa.cast(sa.bindparam("among", among), postgresql.ARRAY(TID))))
    cut = ranked.limit(limit).offset(offset).subquery("page")
    headline = sa.func.ts_headline(ENGLISH, cut.c.text, _tsquery_once(query), HEADLINE).label("snippet")
    return (sa.select(cut.c.kind, cut.c.article_id, articles.c.title, articles.c.outlet, articles.c.published,
                      cut.c.speaker, headline, cut.c.rank)
            .select_from(cut.join(articles, articles.c.id == cut.c.article_id))
            .order_by(cut.c.rank, cut.c.article_id, cut.c.position.is_not(None), cut.c.position))


def page(conn: sa.Connection, query: str, chosen: Filters, limit: int | None, offset: int) -> list:
    """The page of ``whole_ranking``: ranked among the rows of heavy.py's first cut for a query of
    plain words, else among every match the filters keep."""
    try:
        among = None if limit is None else _first_cut(conn, query, chosen, offset + limit)
        return conn.execute(page_statement(query, chosen, limit, offset, among)).mappings().all()
    except sa.exc.InternalError as exc:
        if _TSQUERY_TOO_DEEP not in str(exc.orig):
            raise
        raise SearchError("malformed search: too many - (not) in a row") from None


def _first_cut(conn: sa.Connection, query: str, chosen: Filters, needed: int) -> list[str] | None:
    """The ctids of the rows that hold the first ``needed`` of the whole ranking (heavy.py), or
    None: for a query that is not plain words, when no tier proves the page, and for one speaker's
    quotes (the filter keeps a few rows of each tier, so the cut would try every tier and then
    rank every match after all)."""
    if chosen.speaker:
        return None
    lexemes = heavy.plain_lexemes(conn.scalar(sa.select(sa.cast(_tsquery(query), sa.Text))))
    if lexemes is None:
        return None

    def best(tokens: list[str]) -> dict[str, float]:
        ranked = _ranked(query, chosen).where(_heavy.overlap(sa.bindparam("heavy", tokens, type_=_heavy.type)))
        return {row: -rank for row, rank in conn.execute(
            ranked.with_only_columns(_ctid, ranked.selected_columns.rank).limit(needed))}

    found = heavy.first_cut(lexemes, needed, best)
    return None if found is None else list(found)
