"""Full-text search over current articles and their quotes: one index table per database.

``search_index`` (migration 0003: an FTS5 table on SQLite; migration 0004: a table with
a generated, GIN-indexed tsvector on PostgreSQL) holds one row per
current article (``title``, ``text``, ``outlet``) and one per quote of it
(``text`` = the quoted words, ``speaker``); ``kind``, ``article_id`` and
``position`` are stored but not indexed. The writer keeps it in sync: a stored
article is indexed with its quotes, and a new version takes the place of the
previous one in the index. One table means one bm25 ranking across both kinds
and the same column filters (``title:``, ``text:``, ``outlet:``, ``speaker:``).

On SQLite the query is FTS5's own syntax, passed as a bound parameter: plain words are all
required (FTS5 ANDs them), ``"quoted phrases"``, ``prefix*``, ``OR``/``NOT``/``AND``
(capitals), parentheses, ``NEAR(a b, 5)`` and column filters. A query FTS5
rejects is a ``SearchError`` with a fixed one-line message (never the input), except
that plain words with punctuation ("covid-19", "U.S.") are retried as quoted words.
Snippets come back as plain text with the matched spans as offsets: FTS5 marks
them with two private-use characters, which are stripped from what is indexed.

On PostgreSQL (``_postgres_statement``) the query goes through
``websearch_to_tsquery('english', ...)``, which refuses no input but a run of ``-`` too long for
its stack (a ``SearchError`` too): plain words are all
required, ``"quoted phrases"``, ``OR`` and ``-word`` (not) work; words are stemmed and
English stop words dropped; there are no prefixes, NEAR or column filters. Ranking is
``ts_rank_cd`` (title weighted A, outlet and speaker B, text C), reported negated so that,
as with bm25, a lower rank is a better match; ``ts_headline`` marks the snippet with the
same two characters. The filters are the same on both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa

from ..errors import SearchError, SearchUnavailable
from ..model import ProcessedArticle
from .reader import CURRENT  # the test that a version is the latest
from .records import SearchHit
from .schema import articles

TABLE = "search_index"
# FTS5 keeps its data in shadow tables named after the virtual table.
SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
START, END = "\ue000", "\ue001"  # snippet markers, never left in indexed text
MAX_QUERY = 1000  # characters
SNIPPET_TOKENS = 32  # FTS5 allows at most 64
TEXT_COLUMN = 4  # position of ``text`` in the table below (snippets are cut from it)
# bm25 weight per column: article_id, position, kind (not indexed), title, text, outlet, speaker
WEIGHTS = (0.0, 0.0, 0.0, 5.0, 1.0, 2.0, 3.0)

index = sa.table(
    TABLE,
    sa.column("article_id"),
    sa.column("position"),
    sa.column("kind"),
    sa.column("title"),
    sa.column("text"),
    sa.column("outlet"),
    sa.column("speaker"),
)
_whole = sa.literal_column(TABLE)  # the table-named column FTS5 matches and ranks on
_rowid = sa.literal_column(f"{TABLE}.rowid")  # an index row: ties in the ranking go by it
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
# PostgreSQL's (an elog, never translated) for nested NOTs ("- - - …") beyond websearch_to_tsquery's stack
_TSQUERY_TOO_DEEP = "tsquery stack too small"


def is_index_table(name: str | None) -> bool:
    """True for the search table (FTS5 or PostgreSQL's) and FTS5's shadow tables (none of them
    is in ``schema.metadata``)."""
    return name is not None and (name == TABLE or any(name == TABLE + s for s in SHADOW_SUFFIXES))


def supported(conn: sa.Connection) -> bool:
    return conn.dialect.name in ("sqlite", "postgresql")


def _clean(text: str | None) -> str | None:
    return None if text is None else text.replace(START, "").replace(END, "")


def add_many(conn: sa.Connection, added: Sequence[tuple[ProcessedArticle, str | None]]) -> None:
    """Index newly stored articles and their quotes, each with the id of the version it supersedes
    (or None), in one statement per kind."""
    if not supported(conn) or not added:
        return
    replaced = {replaces for _, replaces in added if replaces is not None}
    if replaced:
        conn.execute(sa.delete(index).where(index.c.article_id.in_(sorted(replaced))))
    rows = []
    for processed, _ in added:
        article = processed.article
        if article.id in replaced:  # superseded by a later version in the same batch
            continue
        rows.append({"article_id": article.id, "position": None, "kind": "article", "title": _clean(article.title),
                     "text": _clean(article.text), "outlet": _clean(article.outlet), "speaker": None})
        rows += [{"article_id": article.id, "position": n, "kind": "quote", "title": None, "text": _clean(q.text),
                  "outlet": None, "speaker": _clean(q.speaker)} for n, q in enumerate(processed.analysis.quotes)]
    conn.execute(sa.insert(index), rows)


def remove(conn: sa.Connection, article_ids: Sequence[str]) -> None:
    """Take these articles and their quotes out of the index."""
    if supported(conn) and article_ids:
        conn.execute(sa.delete(index).where(index.c.article_id.in_(sorted(article_ids))))


def _day(value: date | str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return (value if isinstance(value, date) else date.fromisoformat(value.strip())).isoformat()
    except ValueError:
        raise SearchError(f"{name} must be a day written YYYY-MM-DD") from None


def statement(
    query: str,
    outlet: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    speaker: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    dialect: str = "sqlite",
    rows: Sequence[int] | None = None,
) -> sa.Select:
    """The ranked SELECT for ``query`` and the filters on ``dialect`` (all values bound, none
    spliced). ``rows`` (SQLite): instead, those of these index rows that the filters keep,
    unranked, with no snippet, each with its row number (``row``)."""
    _check(query)

    def page(ranked: sa.Select, find) -> sa.Select:
        """``ranked`` narrowed by the filters and cut to the page; ``find(haystack, needle)``: the
        dialect's 1-based substring position (``instr`` on SQLite, ``strpos`` on PostgreSQL)."""
        if (first := _day(since, "since")) is not None:
            ranked = ranked.where(sa.func.substr(articles.c.published, 1, 10) >= first)
        if (last := _day(until, "until")) is not None:
            ranked = ranked.where(sa.func.substr(articles.c.published, 1, 10) <= last)
        if dialect == "postgresql" and "\x00" in (outlet or "") + (speaker or ""):
            # PostgreSQL text holds no NUL (and refuses one as a parameter): no row can match
            return ranked.where(sa.false()).limit(limit).offset(offset)
        if outlet:
            same = articles.c.outlet == outlet
            # among candidate rows, tell SQLite the outlet is no narrower than they are: it would
            # otherwise walk the outlet's articles and scan the index for each (0.5 s, not 1 ms)
            ranked = ranked.where(sa.func.likelihood(same, sa.literal_column("0.9")) if rows is not None else same)
        if speaker:  # a substring of the quote's speaker, in any case (SQLite's lower() folds ASCII letters)
            found = find(sa.func.lower(index.c.speaker), sa.func.lower(sa.bindparam("speaker", speaker)))
            ranked = ranked.where(index.c.kind == "quote", found > 0)
        return ranked.limit(limit).offset(offset)

    if rows is not None:
        return page(_fts5_rows(rows), sa.func.instr)
    return (_postgres_statement if dialect == "postgresql" else _fts5_statement)(query, page)


def _fts5_rows(rows: Sequence[int]) -> sa.Select:
    return (sa.select(_rowid.label("row"), index.c.kind, index.c.article_id, articles.c.title, articles.c.outlet,
                      articles.c.published, index.c.speaker)
            .select_from(index.join(articles, articles.c.id == index.c.article_id))
            .where(_rowid.in_(rows), CURRENT))


def _fts5_statement(query: str, page) -> sa.Select:
    rank = _bm25.label("rank")
    ranked = (
        sa.select(
            index.c.kind, index.c.article_id, articles.c.title, articles.c.outlet, articles.c.published,
            index.c.speaker,
            _snippet.label("snippet"),
            rank,
        )
        .select_from(index.join(articles, articles.c.id == index.c.article_id))
        .where(_whole.op("MATCH")(query), CURRENT)
        .order_by(rank, _rowid)  # ties by index row, as in _fts5_page
    )
    return page(ranked, sa.func.instr)


# After the rank: article order, the article before its quotes, quotes in their order.
_TIES = (index.c.article_id, index.c.position.is_not(None), index.c.position)


def _check(query: str) -> None:
    if not query or not query.strip():
        raise SearchError("the search is empty")
    if len(query) > MAX_QUERY:
        raise SearchError(f"the search is longer than {MAX_QUERY} characters")


ENGLISH = sa.literal_column("'english'::regconfig")  # the text search configuration of migration 0004
RANK_NORMALIZATION = 1  # ts_rank_cd divides by 1 + log(document length), as bm25 weighs length
HEADLINE = f"StartSel={START}, StopSel={END}, MaxWords={SNIPPET_TOKENS}, MinWords={SNIPPET_TOKENS // 2}"
_document = sa.column("document")  # the generated tsvector of PostgreSQL's search_index


def _postgres_statement(query: str, page) -> sa.Select:
    """The page is ranked and cut first, then only its rows get a headline (ts_headline parses
    the whole text, so never for rows the page does not show). NUL cannot reach PostgreSQL text."""
    tsquery = sa.func.websearch_to_tsquery(ENGLISH, sa.bindparam("q", query.replace("\x00", " ")))
    rank = (-sa.func.ts_rank_cd(_document, tsquery, RANK_NORMALIZATION)).label("rank")
    ranked = (
        sa.select(index.c.kind, index.c.article_id, index.c.position, articles.c.title, articles.c.outlet,
                  articles.c.published, index.c.speaker, index.c.text, rank)
        .select_from(index.join(articles, articles.c.id == index.c.article_id))
        .where(_document.op("@@")(tsquery), CURRENT)
        .order_by(rank, *_TIES)
    )
    cut = page(ranked, sa.func.strpos).subquery("page")
    snippet = sa.func.ts_headline(ENGLISH, cut.c.text, tsquery, HEADLINE).label("snippet")
    columns = [c for c in cut.c if c.name not in ("position", "text")]
    return sa.select(*columns, snippet).order_by(cut.c.rank, cut.c.article_id, cut.c.position.is_not(None),
                                                 cut.c.position)


def search(conn: sa.Connection, query: str, **filters) -> list[SearchHit]:
    """Current articles and quotes matching ``query``, best first (see ``statement``)."""
    if not supported(conn):
        raise SearchUnavailable(f"search needs SQLite or PostgreSQL (this store is {conn.dialect.name})")
    if conn.dialect.name == "postgresql":  # websearch_to_tsquery reads any input, but nests NOTs on a small stack
        try:
            return [_hit(row) for row in conn.execute(statement(query, **filters, dialect="postgresql")).mappings()]
        except sa.exc.InternalError as exc:
            if _TSQUERY_TOO_DEEP not in str(exc.orig):
                raise
            raise SearchError("malformed search: too many - (not) in a row") from None
    try:
        rows = _fts5_page(conn, query, filters)
    except sa.exc.OperationalError as exc:
        error = _syntax_error(exc)
        if not isinstance(error, SearchError) or not _plain_words(query):
            raise error from None
        # "covid-19", "U.S.", "don't": plain words with punctuation FTS5 would read as syntax
        try:
            rows = _fts5_page(conn, _as_phrases(query), filters)
        except sa.exc.OperationalError:
            raise error from None
    return [_hit(row) for row in rows]


# A page is first cut from the index alone: the best CANDIDATES_PER_HIT × (offset + limit)
# entries by bm25, reading nothing but the index (no join, no snippet, no test of the article's
# version). Only those are joined and filtered, and only the page's rows get snippets. When the
# filters leave too few of them, every match is ranked. Both give the same page: the same
# order, ties (by index row: an article before its quotes, quotes in order) included.
CANDIDATES_PER_HIT = 4
MIN_CANDIDATES = 200


def _fts5_page(conn: sa.Connection, query: str, filters: dict) -> list:
    limit, offset = filters.get("limit", 50), filters.get("offset", 0)
    if limit is None:
        return conn.execute(statement(query, **filters)).mappings().all()
    cut = max(CANDIDATES_PER_HIT * (offset + limit), MIN_CANDIDATES)
    best = conn.execute(sa.select(_rowid, _bm25).select_from(index).where(_whole.op("MATCH")(query))
                        .order_by(_bm25, _rowid).limit(cut)).all()
    ranks = dict(best)
    kept = conn.execute(statement(query, **(filters | {"limit": None, "offset": 0}), rows=list(ranks))).mappings().all()
    if len(kept) < offset + limit and len(best) == cut:  # the filters left too few: rank every match
        return conn.execute(statement(query, **filters)).mappings().all()
    page = sorted(kept, key=lambda row: (ranks[row["row"]], row["row"]))[offset:offset + limit]
    snippet = sa.select(_snippet).select_from(index)
    return [dict(row, rank=ranks[row["row"]],
                 snippet=conn.scalar(snippet.where(_whole.op("MATCH")(query), _rowid == row["row"])))
            for row in page]



_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


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
