"""What the API and the pages show, as plain data read from the store.

Both adapters call these and differ only in how they present the result.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import Query

from .. import library
from ..errors import StoreError
from ..model import ProcessedArticle, Story
from ..report.export import article_record
from ..store import Store
from ..store.records import ArticleRow

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_OFFSET = 10**9  # beyond any store; larger numbers overflow the database's integers
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Limit = Annotated[int, Query(ge=1, le=MAX_OFFSET, description=f"Items to return (at most {MAX_LIMIT}).")]


_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    """A slice of a listing: ``next_offset`` is None on the last slice."""

    items: list[dict]
    offset: int
    limit: int
    next_offset: int | None
    total: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def clamp_limit(limit: int) -> int:
    return max(1, min(limit, MAX_LIMIT))


def stories_page(store: Store, offset: int = 0, limit: int = DEFAULT_LIMIT, q: str | None = None) -> Page:
    """Stories in the store's order, optionally those whose title contains ``q`` (any case)."""
    limit = clamp_limit(limit)
    items, total = store.story_summaries(offset, limit, q)
    following = offset + limit if offset + limit < total else None
    return Page(items, offset, limit, following, total=total)


def articles_page(store: Store, offset: int = 0, limit: int = DEFAULT_LIMIT, outlet: str | None = None) -> Page:
    """Current articles in publication order, optionally of one outlet."""
    limit = clamp_limit(limit)
    rows = store.list_articles(limit=limit + 1, offset=offset, outlet=outlet)
    following = offset + limit if len(rows) > limit else None
    return Page([asdict(row) for row in rows[:limit]], offset, limit, following)


def article_view(store: Store, article_id: str) -> dict:
    """One article as the export's record (with its version number)."""
    processed = store.get(article_id)
    return _record(processed, store.versions(processed.article.id))


def article_and_story(store: Store, article_id: str) -> tuple[dict, Story | None]:
    """One article's export record and the story holding it, from one read of the store."""
    processed, versions, story = store.article_and_story(article_id)
    return _record(processed, versions), story


def _record(processed: ProcessedArticle, versions: list[ArticleRow]) -> dict:
    version = next((v.version for v in versions if v.id == processed.article.id), None)
    return article_record(processed, version)


def claims_of(dossier: dict, article_id: str) -> list[dict]:
    """The claims of a story's dossier that this article carries, with its own version of each,
    those carried by other outlets too first."""
    found = []
    for claim in dossier["claims"]:
        mine = next((v for v in claim["versions"] if v["article"] == article_id), None)
        if mine is not None:
            others = [o for o in claim["outlets"] if o != mine["outlet"]]
            found.append({"status": claim["status"], "conflicts": claim["conflicts"], "version": mine,
                          "others": others})
    return sorted(found, key=lambda c: (not c["others"], c["version"]["sentence"]))


def fingerprint(story: Story, members: list[ArticleRow]) -> str:
    """What a story's dossier is computed from: the story (title, events, members, the days it
    gives its pages, so readers' merges, splits and renames), each member's title, outlet (readers'
    corrections) and publication day, and the code that computes it. Article ids are derived from
    their text, so an unchanged id is an unchanged text and analysis."""
    rows = [(r.id, r.title, r.outlet, r.published, r.published_inferred) for r in members]
    described = json.dumps([_code_version(), repr(story), rows])
    return hashlib.sha256(described.encode()).hexdigest()


@cache
def _code_version() -> str:
    """A digest of this package's source: a dossier computed by other code is computed again."""
    digest = hashlib.sha256()
    for path in sorted(Path(library.__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class DossierCache:
    """Story dossiers, computed once and kept in the store (``Store.cached_dossier``), where every
    server process finds them and a restart keeps them, with the most recent also held in memory.
    Each is keyed by the story id and the ``fingerprint`` of what it was computed from, so a story
    whose members, titles, outlets or days change is computed again on its next view."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[tuple[str, str], dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: Store, story_id: str) -> dict:
        """The dossier of the story with this id or unique prefix."""
        return self.of(store, store.story(story_id))

    def of(self, store: Store, story: Story) -> dict:
        """The dossier of a story already read. A page that has read its story passes it on
        rather than its id: a regrouping may commit in between and retire the id, and the page
        would then answer 404 for a story it has just read."""
        key = (story.id, fingerprint(story, store.list_articles(ids=story.articles)))
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        text = store.cached_dossier(*key)
        if text is None:
            text = json.dumps(library.dossier_of(store, story))
            try:
                store.save_dossier(*key, text)
            except StoreError as exc:
                # Keeping it is a saving, not the answer: a store busy with writers past its wait
                # (SQLite lets one write at a time) must not turn a view into an error.
                _log.warning("dossier of story %s not kept in the store: %s", story.id, exc)
        data = json.loads(text)  # a dossier computed here and one read back are the same data
        with self._lock:
            self._items[key] = data
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return data
