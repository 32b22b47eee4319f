"""The small records the Store returns besides the model's own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AddStatus = Literal["added", "unchanged", "new-version"]


@dataclass(frozen=True)
class AddResult:
    """What ``Store.add`` did with one article.

    "added": a new article; "unchanged": this id was already stored, nothing was
    written; "new-version": a new text for a URL already stored, kept as its next
    version.
    """

    article_id: str
    status: AddStatus


@dataclass(frozen=True)
class ArticleRow:
    """One stored article as a listing shows it, with counts of its mentions."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    published_inferred: bool
    source: str
    version: int
    quotes: int
    dates: int
    numbers: int


@dataclass(frozen=True)
class SearchHit:
    """One search result: a current article or one of its quotes.

    ``snippet`` is plain text (the article body or the quoted words around the
    match); ``spans`` are the (start, end) offsets of the matched words in it.
    ``rank`` is FTS5's bm25: lower is better.
    """

    kind: Literal["article", "quote"]
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    speaker: str | None  # the quote's speaker; None for an article
    snippet: str
    spans: tuple[tuple[int, int], ...]
    rank: float
