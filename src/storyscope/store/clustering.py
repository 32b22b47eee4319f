"""What clustering reads of each stored article, written when the article is stored.

- ``cluster_features``: the article's clustering features and the MinHash rows of its blocking
  keys (``cluster.keys.prepare``), for every version, so a regrouping never analyses again.
- ``band_keys``: each *current* article's LSH band values, indexed by (band, value): the stored
  articles a new one shares a band with are found without reading the others.
- ``term_counts``: how many current articles hold each term, per field ("text", "lead", "name",
  and "key" for blocking keys): TF-IDF rows of any article, and the keys too common to block on,
  without reading the corpus.

Band keys and term counts follow what is current: a new version takes its page's place (its
previous version's band keys go and its terms are counted off), and deleting an article gives
its place back to the version before it (``retire`` and ``make_current``). All functions run
inside the caller's transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from sys import intern
from datetime import date

import numpy as np
import sqlalchemy as sa

from ..cluster.blocking import band_keys as lsh_band_keys, banned_rows, common_key_limit
from ..cluster.dating import DatingFacts, DayExpression
from ..cluster.features import ArticleFeatures
from ..cluster.keys import Prepared, key_set, prepare, prepared
from ..cluster.stories import Headline
from ..cluster.tfidf import FIELDS, DocumentFrequencies, field_terms
from ..model import ProcessedArticle
from ..normalize.article import MADE_TITLE
from .dialect import insert
from .schema import articles, backfills, band_keys, cluster_features, term_counts

CHUNK = 500  # ids per IN (...) list
LOOKUP_CHUNK = 5_000  # terms or band values per IN (...) list: a run may look up tens of thousands
KEY_FIELD = "key"
BACKFILL = "cluster_features"


@dataclass(frozen=True)
class StoredArticle:
    """An article as clustering reads it back from the store."""

    features: ArticleFeatures
    headline: Headline
    signature: np.ndarray


# writing


def add(conn: sa.Connection, added: Sequence[tuple[ProcessedArticle, str | None]],
        prepared: Mapping[str, Prepared] | None = None) -> None:
    """Store the clustering inputs of newly stored articles, each with the id of the version it
    supersedes (or None): the new ones become current, the superseded ones stop being.
    ``prepared``: inputs already computed (on the worker that analysed the article), by id."""
    if not added:
        return
    prepared = prepared or {}
    ready = {p.article.id: prepared.get(p.article.id) or prepare(p) for p, _ in added}
    write_features(conn, ready.values())
    superseded = {previous for _, previous in added if previous is not None}
    make_current(conn, [p for i, p in ready.items() if i not in superseded])  # a later version came in the batch
    retire(conn, sorted(superseded - set(ready)))


def write_features(conn: sa.Connection, items: Iterable[Prepared]) -> None:
    rows = [_feature_row(p) for p in items]
    if rows:
        conn.execute(sa.insert(cluster_features), rows)


def make_current(conn: sa.Connection, items: Sequence[Prepared]) -> None:
    """These articles are now current: their band keys indexed, their terms counted."""
    if not items:
        return
    values, _ = lsh_band_keys(np.vstack([p.signature for p in items]), np.empty(0, dtype=np.uint64))
    conn.execute(sa.insert(band_keys), [
        {"article_id": p.features.id, "band": band, "value": int(value)}
        for p, row in zip(items, values.view(np.int64)) for band, value in enumerate(row)])
    _count(conn, Counter(term for p in items for term in _counted_terms(p)), +1)


def prepared_inputs(conn: sa.Connection, article_ids: Sequence[str]) -> list[Prepared]:
    """The stored articles' features with their keys and signatures (``cluster.keys.prepared``)."""
    return [prepared(s.features) for s in load(conn, article_ids)]


def retire(conn: sa.Connection, article_ids: Sequence[str]) -> None:
    """These stored articles are no longer current: their band keys and term counts go."""
    if not article_ids:
        return
    gone = prepared_inputs(conn, article_ids)
    for chunk in _chunks(article_ids):
        conn.execute(sa.delete(band_keys).where(band_keys.c.article_id.in_(chunk)))
    _count(conn, Counter(term for p in gone for term in _counted_terms(p)), -1)


def _counted_terms(item: Prepared) -> Iterator[tuple[str, str]]:
    for field in FIELDS:
        yield from ((field, term) for term in set(field_terms(item.features, field)))
    yield from ((KEY_FIELD, key) for key in item.keys)


def _count(conn: sa.Connection, terms: Counter, sign: int) -> None:
    """Add ``sign`` times each count to the stored ones; a term no current article holds goes."""
    if not terms:
        return
    rows = [{"field": f, "term": t, "articles": sign * n} for (f, t), n in sorted(terms.items())]  # one lock order
    stmt = insert(conn, term_counts)
    conn.execute(stmt.on_conflict_do_update(index_elements=[term_counts.c.field, term_counts.c.term],
                                            set_={"articles": term_counts.c.articles + stmt.excluded.articles}), rows)
    if sign < 0:
        for chunk in _chunks(sorted(terms)):
            conn.execute(sa.delete(term_counts).where(sa.tuple_(term_counts.c.field, term_counts.c.term).in_(chunk),
                                                      term_counts.c.articles <= 0))


def _feature_row(item: Prepared) -> dict:
    f = item.features
    facts = f.dating or DatingFacts(f.published, None, (), None, f.event_day)
    return {"article_id": f.id, "terms": " ".join(f.terms), "lead": " ".join(f.lead), "names": sorted(f.names),
            "dating": {"published": _iso(facts.published), "fetched": _iso(facts.fetched),
                       "expressions": [_expression(e) for e in facts.expressions],
                       "stated": _expression(facts.stated) if facts.stated else None,
                       "happening": _iso(facts.happening)},
            "signature": item.signature.astype("<u4").tobytes()}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _expression(e: DayExpression) -> list:
    return [e.text, e.sentence, e.weekday, e.month, e.day, e.future]


# reading


def load(conn: sa.Connection, article_ids: Sequence[str]) -> list[StoredArticle]:
    """The stored clustering inputs of these articles, in the order given (those without any are
    left out)."""
    found: dict[str, StoredArticle] = {}
    for chunk in _chunks(article_ids):
        found.update((s.features.id, s) for s in _decoded(conn.execute(_SELECT.where(articles.c.id.in_(chunk)))))
    return [found[i] for i in article_ids if i in found]


def signatures(conn: sa.Connection, article_ids: Sequence[str]) -> np.ndarray:
    """The stored signatures of these articles alone (one uint64 row each, in the order given)."""
    found: dict[str, bytes] = {}
    for chunk in _chunks(article_ids, LOOKUP_CHUNK):
        found.update(conn.execute(sa.select(cluster_features.c.article_id, cluster_features.c.signature)
                                  .where(cluster_features.c.article_id.in_(chunk))).all())
    return np.vstack([np.frombuffer(found[i], dtype="<u4") for i in article_ids]).astype(np.uint64)


def load_current(conn: sa.Connection) -> list[StoredArticle]:
    """Every current article's clustering inputs, in publication order (as ``Store.iter_processed``)."""
    from .reader import CURRENT, PUBLICATION_ORDER

    return list(_decoded(conn.execute(_SELECT.where(CURRENT).order_by(*PUBLICATION_ORDER))))


_SELECT = sa.select(cluster_features, articles.c.outlet, articles.c.title, articles.c.title_basis).join(
    articles, articles.c.id == cluster_features.c.article_id)


def _decoded(rows) -> Iterator[StoredArticle]:
    for row in rows:
        dating = row.dating
        facts = DatingFacts(_day(dating["published"]), _day(dating["fetched"]),
                            tuple(DayExpression(*e) for e in dating["expressions"]),
                            DayExpression(*dating["stated"]) if dating["stated"] else None, _day(dating["happening"]))
        # interned: a corpus read whole holds each word once, not once per use (10^7 strings at 50,000)
        features = ArticleFeatures(id=row.article_id, outlet=row.outlet, published=facts.published,
                                   terms=tuple(map(intern, row.terms.split())), names=frozenset(row.names),
                                   event_day=facts.happening, dating=facts, lead=tuple(map(intern, row.lead.split())))
        yield StoredArticle(features, Headline(row.title, row.title_basis != MADE_TITLE),
                            np.frombuffer(row.signature, dtype="<u4").astype(np.uint64))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def current_count(conn: sa.Connection) -> int:
    """How many articles are current (each has one row per band)."""
    return conn.scalar(sa.select(sa.func.count()).select_from(band_keys).where(band_keys.c.band == 0))


def frequencies(conn: sa.Connection, features: Sequence[ArticleFeatures],
                fields: Sequence[str] = FIELDS, articles: int | None = None) -> DocumentFrequencies:
    """The corpus's document frequencies of every term these articles hold, in ``fields``;
    ``articles``: how many are current, when the caller counted them already."""
    counts: dict[str, dict[str, int]] = {}
    for field in fields:
        wanted = sorted(set(chain.from_iterable(field_terms(f, field) for f in features)))
        counts[field] = dict.fromkeys(wanted, 0)
        for chunk in _chunks(wanted, LOOKUP_CHUNK):
            counts[field].update(conn.execute(sa.select(term_counts.c.term, term_counts.c.articles).where(
                term_counts.c.field == field, term_counts.c.term.in_(chunk))).all())
    return DocumentFrequencies(current_count(conn) if articles is None else articles, counts)


def banned(conn: sa.Connection) -> np.ndarray:
    """The signature rows not blocked on: those of keys carried by too many current articles."""
    limit = common_key_limit(current_count(conn))
    return banned_rows(conn.scalars(sa.select(term_counts.c.term).where(
        term_counts.c.field == KEY_FIELD, term_counts.c.articles > limit)))


def sharing_a_band(conn: sa.Connection, keys: Mapping[int, Iterable[int]]) -> list[tuple[int, int, str]]:
    """(band, value, article) of every current article with one of these band values (band -> values)."""
    found = []
    for band, values in keys.items():
        signed = sorted({int(v) for v in np.asarray(list(values), dtype=np.uint64).view(np.int64)})
        for chunk in _chunks(signed, LOOKUP_CHUNK):
            found += conn.execute(sa.select(band_keys.c.band, band_keys.c.value, band_keys.c.article_id).where(
                band_keys.c.band == band, band_keys.c.value.in_(chunk))).all()
    return [(band, int(np.int64(value).view(np.uint64)), article) for band, value, article in found]


def band_members(conn: sa.Connection, band: int, size: int = LOOKUP_CHUNK * 20) -> Iterator[tuple[np.ndarray, list[str]]]:
    """Every current article's value in one band, in pieces of ``size`` rows: (values as uint64,
    article ids)."""
    rows = conn.execution_options(stream_results=True, yield_per=size).execute(
        sa.select(band_keys.c.value, band_keys.c.article_id).where(band_keys.c.band == band))
    for part in rows.partitions(size):
        yield (np.fromiter((value for value, _ in part), dtype=np.int64, count=len(part)).view(np.uint64),
               [article for _, article in part])


# stores from before these tables


def backfill_pending(conn: sa.Connection) -> bool:
    return conn.scalar(sa.select(backfills.c.name).where(backfills.c.name == BACKFILL)) is not None


def backfill(conn: sa.Connection) -> None:
    """Compute the clustering inputs of every stored article that has none (a store upgraded from
    before they were kept), from its stored analysis, as ingest would have; then mark it done."""
    from .reader import CURRENT, load as load_processed

    missing = list(conn.scalars(sa.select(articles.c.id).where(
        ~sa.exists().where(cluster_features.c.article_id == articles.c.id)).order_by(articles.c.id)))
    current = set(conn.scalars(sa.select(articles.c.id).where(CURRENT)))
    for chunk in _chunks(missing):
        ready = [prepare(p) for p in load_processed(conn, chunk, story_dates=False)]
        write_features(conn, ready)
        make_current(conn, [p for p in ready if p.features.id in current])
    conn.execute(sa.delete(backfills).where(backfills.c.name == BACKFILL))


def _chunks(values: Sequence, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])
