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
