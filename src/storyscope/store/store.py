"""The Store: one interface over the database, SQLite by default, PostgreSQL for teams.

    with Store.open("sqlite:///storyscope.db") as store:
        result = store.add(processed)          # AddResult(article_id, "added")
        store.get(result.article_id[:8])       # the same ProcessedArticle back

Every method runs in its own transaction (``add_many``: one for the batch) and
turns database errors into ``errors.StoreError``; a missing or ambiguous id is
``errors.NotFound``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone

import sqlalchemy as sa
from alembic.util import CommandError

from ..errors import StoreError
from ..model import Failure, Phrase, ProcessedArticle, Quote, Story, StoryEdit
from . import dossiers as dossier_table
from . import failures as failure_log
from . import clustering, lines, outlet_names, reader, search, writer
from . import jobs as job_table
from . import stories as story_table
from .dialect import lock
from .engine import create_engine, reading, writing
from .migrate import upgrade
from .records import AddResult, ArticleRow, SearchHit

DEFAULT_URL = "sqlite:///storyscope.db"
# A batch that loses a race (for a URL's next version number; on PostgreSQL also a deadlock or a
# serialization failure between concurrent writers) is rolled back and retried after a short pause.
WRITE_ATTEMPTS = 5
RETRY_PAUSE_S = 0.05  # times the attempt number, with jitter
RETRY_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected
STREAM_CHUNK = 200  # articles loaded per read transaction by iter_processed


class Store:
    def __init__(self, engine: sa.Engine):
        """Wrap an engine whose database is already migrated; use ``Store.open``."""
        self.engine = engine

    @classmethod
    def open(cls, url: str = DEFAULT_URL) -> Store:
        """Connect to ``url`` (a SQLite file is created) and upgrade its schema to the newest."""
        engine = create_engine(url)
        try:
            with _database_errors():
                upgrade(engine)
                _backfill(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # writing

    def add(self, processed: ProcessedArticle) -> AddResult:
        return self.add_many([processed])[0]

    def add_many(self, items: Iterable[ProcessedArticle], prepared: Mapping | None = None) -> list[AddResult]:
        """Add a batch in one transaction; see ``writer`` for added/unchanged/new-version.
        ``prepared``: the articles' clustering inputs (``cluster.keys.prepare``) by id, when they
        were computed where the articles were analysed; the others are computed here."""
        items = list(items)
        with _database_errors():
            attempts = WRITE_ATTEMPTS
            while True:
                try:
                    with writing(self.engine) as conn:
                        return writer.add_batch(conn, items, _now(), prepared)
                except sa.exc.DBAPIError as exc:
                    attempts -= 1
                    if not attempts or not _lost_race(exc):
                        raise
                    time.sleep(RETRY_PAUSE_S * (WRITE_ATTEMPTS - attempts) * (0.5 + random.random()))

    def delete(self, article_ids: Sequence[str]) -> None:
        """Delete these articles (ids or unique prefixes) and what was derived from them, in one
        transaction (``writer.delete``: an earlier version of a deleted page becomes current
        again; the stories that held one are dissolved until the next clustering)."""
        with self._write() as conn:
            writer.delete(conn, [reader.resolve_id(conn, i) for i in article_ids])

    def save_phrases(self, found: dict[str, Sequence[Phrase]]) -> None:
        """Store the label candidates found later for articles (by full id) stored without them."""
        if found:
            with self._write() as conn:
                dossier_table.save_phrases(conn, found)

    def record_failure(self, failure: Failure) -> None:
        with self._write() as conn:
            failure_log.record(conn, failure, _now())

    # reading

    def get_many(self, article_ids: Sequence[str], story_dates: bool = True) -> list[ProcessedArticle]:
        """The articles with these full ids, in the order given, read in one transaction; with
        ``story_dates`` False, as they were stored (without the days their stories gave them)."""
        with self._read() as conn:
            return reader.load(conn, list(article_ids), story_dates)

    def get(self, article_id: str) -> ProcessedArticle:
        """The article with this id, or with the only id that starts with it (4+ characters)."""
        with self._read() as conn:
            return reader.load(conn, [reader.resolve_id(conn, article_id)])[0]

    def list_articles(self, limit: int | None = None, offset: int = 0, outlet: str | None = None,
                      ids: Sequence[str] | None = None) -> list[ArticleRow]:
        """Current articles (latest versions) in publication order, optionally of one outlet or
        only those with the given ids."""
        with self._read() as conn:
            return reader.article_rows(conn, limit=limit, offset=offset, outlet=outlet, ids=ids)

    def iter_processed(self) -> Iterator[ProcessedArticle]:
        """Stream current articles in publication order, loading a chunk per transaction."""
        with self._read() as conn:
            ids = reader.current_ids(conn)
        for start in range(0, len(ids), STREAM_CHUNK):
            with self._read() as conn:
                chunk = reader.load(conn, ids[start : start + STREAM_CHUNK])
            yield from chunk

    def quotes(self, speaker: str | None = None) -> list[tuple[str, Quote]]:
        """(article id, quote) for current articles; ``speaker`` is a case-insensitive substring."""
        with self._read() as conn:
            return reader.quote_rows(conn, speaker)

    def versions(self, article_id: str) -> list[ArticleRow]:
        """Every stored version of this article's page, oldest first."""
        with self._read() as conn:
            return reader.version_rows(conn, reader.resolve_id(conn, article_id))

    def line_counts(self, outlet: str) -> dict[str, int]:
        """How many stored pages of ``outlet`` carry each line, keyed by ``lines.line_key``."""
        with self._read() as conn:
            return lines.counts(conn, outlet)

    def page_line_keys(self, outlet: str, pages: Sequence[str]) -> dict[str, set[str]]:
        """For each of ``pages`` (an address, or the source of a page without one) already stored
        for ``outlet``: the keys of the lines its versions counted in ``line_counts``."""
        with self._read() as conn:
            return lines.stored_page_keys(conn, outlet, pages)

    def search(
        self,
        query: str,
        outlet: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        speaker: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[SearchHit]:
        """Current articles and quotes matching ``query`` (FTS5 syntax on SQLite, where a malformed
        query is a ``SearchError``; ``websearch_to_tsquery`` on PostgreSQL, where a query too deep
        for the server is one too; plain words are all required on both), best first (bm25; ts_rank_cd on PostgreSQL).
        ``outlet``: exactly this outlet; ``since``/``until``: first and last publication day
        (YYYY-MM-DD, inclusive); ``speaker``: only quotes whose speaker contains it (any case)."""
        with self._read() as conn:
            return search.search(conn, query, outlet=outlet, since=since, until=until, speaker=speaker,
                                 limit=limit, offset=offset)

    def outlets(self) -> list[str]:
        """The outlets of current articles, sorted."""
        with self._read() as conn:
            return search.outlets(conn)

    def failures(self) -> list[Failure]:
        with self._read() as conn:
            return failure_log.all_failures(conn)

    def counts(self) -> dict[str, int]:
        """articles (current), versions (all stored), quotes/entities/dates/numbers (of current), failures."""
        with self._read() as conn:
            return reader.counts(conn) | {"failures": failure_log.count(conn)}

    # outlets

    def rename_outlet(self, old: str, new: str) -> int:
        """Call every page of outlet ``old`` ``new`` from now on (stored pages and those to come);
        how many stored pages were renamed."""
        with self._write() as conn:
            return outlet_names.rename(conn, old, new, _now())

    def outlet_corrections(self) -> dict[str, str]:
        """Readers' outlet corrections in force: old name -> name."""
        with self._read() as conn:
            return outlet_names.corrections(conn)

    # what clustering reads (store/clustering.py)

    def clustering_inputs(self, article_ids: Sequence[str] | None = None) -> list[clustering.StoredArticle]:
        """The clustering inputs stored with these articles (default: every current one, in
        publication order)."""
        with self._read() as conn:
            return clustering.load_current(conn) if article_ids is None else clustering.load(conn, list(article_ids))

    def document_frequencies(self, features: Sequence, fields: Sequence[str] = clustering.FIELDS,
                             articles: int | None = None) -> clustering.DocumentFrequencies:
        """How many current articles hold each term of these articles' features, per field
        (``articles``: how many are current, if known: else counted)."""
        with self._read() as conn:
            return clustering.frequencies(conn, features, fields, articles)

    def signatures(self, article_ids: Sequence[str]):
        """These articles' stored MinHash signatures alone, one row each (``clustering.signatures``)."""
        with self._read() as conn:
            return clustering.signatures(conn, list(article_ids))

    def current_ids(self) -> list[str]:
        """Every current article's id, in publication order."""
        with self._read() as conn:
            return reader.current_ids(conn)

    def band_members(self, band: int) -> Iterator[tuple]:
        """Every current article's value in one LSH band, in pieces: (uint64 values, article ids)."""
        with self._read() as conn:
            yield from clustering.band_members(conn, band)

    def banned_rows(self):
        """The signature rows too common to block on (``blocking.banned_rows``), as things stand."""
        with self._read() as conn:
            return clustering.banned(conn)

    def sharing_a_band(self, keys: dict) -> list[tuple[int, int, str]]:
        """(band, value, article) of every current article with one of these band values (band -> values)."""
        with self._read() as conn:
            return clustering.sharing_a_band(conn, keys)

    # stories

    def replace_stories(self, found: Sequence[Story]) -> None:
        """Store a clustering result in place of the previous one."""
        with self._write() as conn:
            story_table.replace_all(conn, found)
            dossier_table.prune(conn)

    def replace_stories_in_parts(self, parts: Iterable[Sequence[Story]], positions: Mapping[str, int]) -> None:
        """``replace_stories`` with the result read one part at a time; ``positions``: each story's
        place in the listing, by id."""
        with self._write() as conn:
            story_table.replace_all_in_parts(conn, parts, positions)
            dossier_table.prune(conn)

    def replace_some_stories(self, removed: Sequence[str], found: Sequence[Story]) -> None:
        """Store an incremental run's result: ``removed`` stories replaced by ``found``, the others
        kept."""
        with self._write() as conn:
            story_table.replace_some(conn, removed, found)
            dossier_table.prune(conn)

    def placing(self) -> tuple[bool, list[str], list[str]]:
        """What an incremental run starts from, read in one transaction: whether any story is
        stored, the current articles in no story, and the stories holding a replaced version."""
        with self._read() as conn:
            return story_table.any_stored(conn), reader.unplaced_ids(conn), reader.stale_story_ids(conn)

    def story_holders(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The story id holding each of these articles (those in one)."""
        with self._read() as conn:
            return story_table.holders(conn, list(article_ids))

    def stories_by_id(self, story_ids: Sequence[str]) -> list[Story]:
        with self._read() as conn:
            return story_table.load_some(conn, list(story_ids))

    def current_among(self, article_ids: Sequence[str]) -> set[str]:
        """Those of these articles that are current (not replaced by a later version)."""
        with self._read() as conn:
            return reader.current_among(conn, list(article_ids))

    def cached_dossier(self, story_id: str, fingerprint: str) -> str | None:
        """The dossier (JSON text) stored for this story if computed from what ``fingerprint`` names."""
        with self._read() as conn:
            return dossier_table.cached(conn, story_id, fingerprint)

    def save_dossier(self, story_id: str, fingerprint: str, data: str) -> None:
        with self._write() as conn:
            dossier_table.save(conn, story_id, fingerprint, data, _now())

    # the web app's upload jobs (web/jobs.py decides what their data holds)

    def save_job(self, job_id: str, state: str, data: dict, keep: int | None = None) -> None:
        """Keep the job's state and data; with ``keep``, forget finished jobs beyond the last ``keep``."""
        with self._write() as conn:
            job_table.save(conn, job_id, state, data, _now())
            if keep is not None:
                job_table.forget_finished(conn, keep)

    def job(self, job_id: str) -> dict | None:
        with self._read() as conn:
            return job_table.get(conn, job_id)

    def recent_jobs(self, limit: int) -> list[dict]:
        """The last ``limit`` jobs submitted, in submission order."""
        with self._read() as conn:
            return job_table.recent(conn, limit)

    def unfinished_jobs(self) -> list[dict]:
        with self._read() as conn:
            return job_table.unfinished(conn)

    def stories(self) -> list[Story]:
        with self._read() as conn:
            return story_table.load_all(conn)

    def story(self, story_id: str) -> Story:
        """The story with this id or unique prefix (4+ characters)."""
        with self._read() as conn:
            return story_table.load_one(conn, story_table.resolve_story_id(conn, story_id))

    def story_of(self, article_id: str) -> Story | None:
        """The story that holds this article (full id), or None."""
        with self._read() as conn:
            story_id = story_table.story_id_of(conn, article_id)
            return story_table.load_one(conn, story_id) if story_id else None

    def article_and_story(self, article_id: str) -> tuple[ProcessedArticle, list[ArticleRow], Story | None]:
        """An article (id or unique prefix), its page's versions and the story holding it, read in
        one transaction: a page that shows them together never mixes two groupings."""
        with self._read() as conn:
            full = reader.resolve_id(conn, article_id)
            story_id = story_table.story_id_of(conn, full)
            return (reader.load(conn, [full])[0], reader.version_rows(conn, full),
                    story_table.load_one(conn, story_id) if story_id else None)

    def story_summaries(self, offset: int = 0, limit: int = 50,
                        title_contains: str | None = None) -> tuple[list[dict], int]:
        """A page of stories with their counts and day span, and how many match (``stories.summaries``)."""
        with self._read() as conn:
            return story_table.summaries(conn, offset, limit, title_contains)

    def add_story_edit(self, edit: StoryEdit) -> None:
        """Record a reader's merge, split or rename; articles are named by id or unique prefix."""
        with self._write() as conn:
            article = reader.resolve_id(conn, edit.article)
            other = reader.resolve_id(conn, edit.other) if edit.other else None
            story_table.add_edit(conn, StoryEdit(edit.kind, article, other, edit.title), _now())

    def story_edits(self) -> list[StoryEdit]:
        with self._read() as conn:
            return story_table.all_edits(conn)

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with _database_errors(), reading(self.engine) as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with _database_errors(), writing(self.engine) as conn:
            yield conn


@contextmanager
def _database_errors() -> Iterator[None]:
    try:
        yield
    except (sa.exc.SQLAlchemyError, CommandError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"database error: {type(exc).__name__}: {detail}") from exc
    except UnicodeEncodeError as exc:  # e.g. a file name decoded with surrogateescape
        raise StoreError(f"text the database cannot hold: {exc.reason} in {exc.object[:60]!r}") from exc


def _backfill(engine: sa.Engine) -> None:
    """Work an upgrade left to live code: the clustering inputs of articles stored before they
    were kept (once; a second process waits for the first and finds it done)."""
    with reading(engine) as conn:
        if not clustering.backfill_pending(conn):
            return
    with writing(engine) as conn:
        lock(conn, ["storyscope: backfill"])
        if clustering.backfill_pending(conn):
            clustering.backfill(conn)


def _lost_race(exc: sa.exc.DBAPIError) -> bool:
    """A conflict with a concurrent writer, which a retry of the whole batch resolves."""
    return isinstance(exc, sa.exc.IntegrityError) or getattr(exc.orig, "sqlstate", None) in RETRY_SQLSTATES


def _now() -> datetime:
    return datetime.now(timezone.utc)
