"""Queries: look up, list and load stored articles.

Listings, streams, quotes and counts see *current* articles only: a version
that a later version of the same URL supersedes is still stored and reachable by
id or through ``version_rows``, but is not counted twice. Everything is ordered
by publication date (unknown dates last), then id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from ..errors import NotFound
from ..model import STORY_BASIS, ProcessedArticle, Quote, StoryDate
from .codec import CHILDREN, QUOTES, decode
from .records import ArticleRow
from .schema import articles, dates, entities, numbers, quotes, story_members
from .stories import story_date

MIN_PREFIX = 4

_later = articles.alias("later")
CURRENT = ~sa.exists().where(_later.c.previous_id == articles.c.id)
PUBLICATION_ORDER = (articles.c.published.is_(None), articles.c.published, articles.c.id)


def resolve_id(conn: sa.Connection, id_or_prefix: str) -> str:
    """The stored id equal to ``id_or_prefix``, or the only one it starts (>= 4 characters)."""
    if conn.execute(sa.select(articles.c.id).where(articles.c.id == id_or_prefix)).first():
        return id_or_prefix
    if len(id_or_prefix) < MIN_PREFIX:
        raise NotFound(f"no article with id {id_or_prefix!r} (a prefix needs {MIN_PREFIX}+ characters)")
    starts = sa.func.substr(articles.c.id, 1, len(id_or_prefix)) == id_or_prefix
    found = list(conn.scalars(sa.select(articles.c.id).where(starts).limit(2)))
    if not found:
        raise NotFound(f"no article with id or id prefix {id_or_prefix!r}")
    if len(found) > 1:
        raise NotFound(f"id prefix {id_or_prefix!r} is ambiguous: it starts {found[0]}, {found[1]}, ...")
    return found[0]


def load(conn: sa.Connection, ids: Sequence[str], story_dates: bool = True) -> list[ProcessedArticle]:
    """The stored articles with these ids, in the order given; a page that gives no publication
    day carries the one its story gives, if any (``with_story_date``), unless ``story_dates`` is
    False (the page as it was stored)."""
    rows = {row["id"]: row for row in conn.execute(sa.select(articles).where(articles.c.id.in_(ids))).mappings()}
    children: dict = {child: defaultdict(list) for child in CHILDREN}
    for child in CHILDREN:
        table = child.table
        query = sa.select(table).where(table.c.article_id.in_(ids)).order_by(table.c.article_id, table.c.position)
        for row in conn.execute(query).mappings():
            children[child][row["article_id"]].append(row)
    dated = {d.article: d for d in map(story_date, conn.execute(
        sa.select(story_members).where(story_members.c.article_id.in_(ids), story_members.c.published.is_not(None))))
        } if story_dates else {}
    return [with_story_date(decode(rows[i], {child: children[child][i] for child in CHILDREN}), dated.get(i))
            for i in ids]


def with_story_date(processed: ProcessedArticle, dated: StoryDate | None) -> ProcessedArticle:
    """The article as its story dates it: a page without a publication day of its own takes the
    story's, marked inferred, with its basis ("story: ...") and its date mentions read against it."""
    article = processed.article
    if dated is None or (article.published and not article.dated_by_story):
        return processed
    article = replace(article, published=dated.published, published_inferred=True,
                      published_basis=f"{STORY_BASIS}{dated.basis}")
    return ProcessedArticle(article, replace(processed.analysis, dates=dated.dates or processed.analysis.dates))



def current_ids(conn: sa.Connection) -> list[str]:
    return list(conn.scalars(sa.select(articles.c.id).where(CURRENT).order_by(*PUBLICATION_ORDER)))


def unplaced_ids(conn: sa.Connection) -> list[str]:
    """Current articles in no story (new ones, new versions, members of a dissolved story), in
    publication order."""
    placed = sa.exists().where(story_members.c.article_id == articles.c.id)
    return list(conn.scalars(sa.select(articles.c.id).where(CURRENT, ~placed).order_by(*PUBLICATION_ORDER)))


def stale_story_ids(conn: sa.Connection) -> list[str]:
    """Stories holding an article that a later version has replaced."""
    return sorted(set(conn.scalars(sa.select(story_members.c.story_id).join(
        _later, _later.c.previous_id == story_members.c.article_id))))


def current_among(conn: sa.Connection, article_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        found.update(conn.scalars(sa.select(articles.c.id).where(articles.c.id.in_(chunk), CURRENT)))
    return found


def _count(table: sa.Table) -> sa.ScalarSelect:
    return sa.select(sa.func.count()).where(table.c.article_id == articles.c.id).scalar_subquery()


_story_day = (sa.select(story_members.c.published).where(story_members.c.article_id == articles.c.id)
              .scalar_subquery())
_ROW_COLUMNS = (
    articles.c.id,
    articles.c.title,
    articles.c.outlet,
    sa.func.coalesce(articles.c.published, _story_day).label("published"),
    (articles.c.published_inferred | (articles.c.published.is_(None) & _story_day.is_not(None))).label("published_inferred"),
    articles.c.source,
    articles.c.version,
    _count(quotes).label("quotes"),
    _count(dates).label("dates"),
    _count(numbers).label("numbers"),
)


def article_rows(
    conn: sa.Connection, limit: int | None = None, offset: int = 0, outlet: str | None = None,
    ids: Sequence[str] | None = None,
) -> list[ArticleRow]:
    query = sa.select(*_ROW_COLUMNS).where(CURRENT).order_by(*PUBLICATION_ORDER).limit(limit).offset(offset)
    if outlet is not None:
        query = query.where(articles.c.outlet == outlet)
    if ids is not None:
        query = query.where(articles.c.id.in_(list(ids)))
    return [ArticleRow(**row) for row in conn.execute(query).mappings()]


def version_rows(conn: sa.Connection, article_id: str) -> list[ArticleRow]:
    """Every stored version of the article's URL, oldest first (just itself when it has no URL)."""
    url = conn.scalar(sa.select(articles.c.url).where(articles.c.id == article_id))
    same = articles.c.id == article_id if url is None else articles.c.url == url
    query = sa.select(*_ROW_COLUMNS).where(same).order_by(articles.c.version)
    return [ArticleRow(**row) for row in conn.execute(query).mappings()]


def quote_rows(conn: sa.Connection, speaker: str | None = None) -> list[tuple[str, Quote]]:
    """Quotes of current articles, with their article id; ``speaker`` matches case-insensitively anywhere."""
    query = (
        sa.select(quotes)
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(CURRENT)
        .order_by(*PUBLICATION_ORDER, quotes.c.position)
    )
    needle = None if speaker is None else speaker.casefold()
    if needle is not None and needle.isascii():  # narrow in SQL; SQLite's lower() folds ASCII only
        query = query.where(sa.func.lower(quotes.c.speaker).contains(needle, autoescape=True))
    found = [(row["article_id"], QUOTES.decode(row)) for row in conn.execute(query).mappings()]
    if needle is None:
        return found
    return [(i, q) for i, q in found if q.speaker is not None and needle in q.speaker.casefold()]


def counts(conn: sa.Connection) -> dict[str, int]:
    result = {"articles": conn.scalar(sa.select(sa.func.count()).where(CURRENT).select_from(articles))}
    result["versions"] = conn.scalar(sa.select(sa.func.count()).select_from(articles))
    for name, table in (("quotes", quotes), ("entities", entities), ("dates", dates), ("numbers", numbers)):
        joined = table.join(articles, articles.c.id == table.c.article_id)
        result[name] = conn.scalar(sa.select(sa.func.count()).select_from(joined).where(CURRENT))
    return result
