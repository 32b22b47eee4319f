"""ProcessedArticle <-> table rows, with no database access.

The article's scalar fields map to ``articles`` columns of the same name (plus
``model`` from the analysis); each tuple of records maps to a child table whose
value columns are named like the record's fields, one row per record with its
position, so order survives the round trip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa

from ..model import (
    Article,
    ArticleAnalysis,
    DateMention,
    Entity,
    NumberMention,
    Phrase,
    ProcessedArticle,
    Quote,
    ResidueLine,
    Sentence,
)
from . import schema

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Child:
    """A tuple field of the article or its analysis, stored in its own table."""

    table: sa.Table
    record: type
    owner: str  # "article" or "analysis"
    field: str

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self.record))

    def records(self, processed: ProcessedArticle) -> tuple:
        return getattr(getattr(processed, self.owner), self.field)

    def decode(self, row: Row):
        return self.record(**{name: row[name] for name in self.names})


QUOTES = Child(schema.quotes, Quote, "analysis", "quotes")
CHILDREN = (
    Child(schema.residue_lines, ResidueLine, "article", "boilerplate"),
    Child(schema.sentences, Sentence, "analysis", "sentences"),
    Child(schema.entities, Entity, "analysis", "entities"),
    QUOTES,
    Child(schema.dates, DateMention, "analysis", "dates"),
    Child(schema.numbers, NumberMention, "analysis", "numbers"),
)

ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name != "boilerplate")


def article_row(processed: ProcessedArticle) -> dict[str, Any]:
    """The ``articles`` columns that come from the article itself (not version/diff/ingested_at)."""
    row = {name: getattr(processed.article, name) for name in ARTICLE_FIELDS}
    row["model"] = processed.analysis.model
    row["phrases"] = encode_phrases(processed.analysis.phrases)
    return row


def encode_phrases(phrases: Sequence[Phrase] | None) -> list[list] | None:
    """Label candidates as compact JSON rows (an article has a few hundred)."""
    return None if phrases is None else [[p.start, p.end, p.head] for p in phrases]


def decode_phrases(value: Sequence[Sequence] | None) -> tuple[Phrase, ...] | None:
    return None if value is None else tuple(Phrase(start, end, head) for start, end, head in value)


def child_rows(child: Child, processed: ProcessedArticle) -> list[dict[str, Any]]:
    article_id = processed.article.id
    return [
        {"article_id": article_id, "position": position, **{name: getattr(record, name) for name in child.names}}
        for position, record in enumerate(child.records(processed))
    ]


def decode(row: Row, children: Mapping[Child, Sequence[Row]]) -> ProcessedArticle:
    """Rebuild a ProcessedArticle from its ``articles`` row and its child rows in position order."""
    parts: dict[str, dict[str, Any]] = {"article": {}, "analysis": {"model": row["model"],
                                                                   "phrases": decode_phrases(row["phrases"])}}
    for child in CHILDREN:
        parts[child.owner][child.field] = tuple(child.decode(r) for r in children.get(child, ()))
    article = Article(**{name: row[name] for name in ARTICLE_FIELDS}, **parts["article"])
    return ProcessedArticle(article=article, analysis=ArticleAnalysis(**parts["analysis"]))
