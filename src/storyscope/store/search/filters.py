"""The filters a search takes, checked once and written as SQL on whichever columns hold them.

One outlet (exactly), a first and a last publication day (inclusive, compared on the first ten
characters of ``published``) and a speaker (a part of the quote's speaker, in any case; only
quotes have one). The whole ranking tests them on ``articles`` and the index; SQLite's page
tests them on ``search_filters``, which holds the same values per index row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from ...errors import SearchError


@dataclass(frozen=True)
class Filters:
    outlet: str | None = None
    first: str | None = None  # YYYY-MM-DD
    last: str | None = None
    speaker: str | None = None

    @classmethod
    def of(cls, outlet: str | None = None, since: date | str | None = None, until: date | str | None = None,
           speaker: str | None = None) -> Filters:
        """The filters as given to a search: empty values are no filter; a day that is not
        YYYY-MM-DD is a ``SearchError``."""
        return cls(outlet or None, _day(since, "since"), _day(until, "until"), speaker or None)

    @property
    def on_articles(self) -> bool:
        return bool(self.outlet or self.first or self.last)

    def has_nul(self) -> bool:
        """PostgreSQL text holds no NUL (and refuses one as a parameter): such a filter keeps nothing."""
        return "\x00" in (self.outlet or "") + (self.speaker or "")

    def on_article(self, outlet: sa.ColumnElement, day: sa.ColumnElement) -> list[sa.ColumnElement]:
        """The conditions on the article's ``outlet`` and publication ``day`` (YYYY-MM-DD)."""
        conditions = []
        if self.first is not None:
            conditions.append(day >= self.first)
        if self.last is not None:
            conditions.append(day <= self.last)
        if self.outlet:
            conditions.append(outlet == self.outlet)
        return conditions

    def on_quote(self, speaker: sa.ColumnElement, find: Callable) -> list[sa.ColumnElement]:
        """The condition on the quote's ``speaker`` (None for an article row); ``find(haystack,
        needle)`` is the dialect's 1-based substring position (``instr``, ``strpos``)."""
        if not self.speaker:
            return []
        # SQLite's lower() folds ASCII letters only; a LIKE wildcard in the filter is a plain character
        return [find(sa.func.lower(speaker), sa.func.lower(sa.bindparam("speaker", self.speaker))) > 0]


def _day(value: date | str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return (value if isinstance(value, date) else date.fromisoformat(value.strip())).isoformat()
    except ValueError:
        raise SearchError(f"{name} must be a day written YYYY-MM-DD") from None
