"""Temporal expressions in article text, resolved to ISO values (see tests/golden/CONVENTIONS.md).

Regex-only and anchor-aware: ``find_dates`` scans the text once with one
precompiled pattern, checks each candidate's context (a bare "2019" is a year
only after "in", "since", ...; "May" is a month only where a month can stand),
and resolves it against the publication date (the anchor). dateparser is the
last resort, and only for short strings the patterns recognised as dates but
cannot resolve themselves ("07-Jan-2019", "20/02/22").

Values: ``YYYY-MM-DD`` (day), ``YYYY-Www`` (ISO week), ``YYYY-MM`` (month),
``YYYY-SP|SU|FA|WI`` (season, TIMEX3 style: spring, summer, autumn/fall,
winter), ``YYYY`` (year), ``YYY0s`` (decade).

Choices where the conventions are silent:

* A mention's text is the expression as written minus a leading preposition;
  a leading "the" that belongs to the expression stays ("the 1990s", "the last
  days of December"). Time-of-day words after a day ("Monday night") are left out.
* "Jan. 7" (no year) is the most recent Jan. 7 on or before anchor + 7 days;
  ``relative`` is True because its year comes from the anchor.
* A bare weekday is the most recent one on or before the anchor, except in a
  clause that speaks of the future ("will", "is due to", "forecast for",
  "hope to ... by Thursday"), where it is the first one on or after the anchor;
  likewise "April 1" in such a clause is the first April 1 on or after it.
  "last Monday" is the most recent one strictly before; "next Monday" the first
  one strictly after; "this Monday" the one in the anchor's ISO week.
* "Saturday (February 19)" is one mention; the explicit date wins.
* "the past year", "the last two weeks", "in recent days", "years ago" are
  durations, not dates. "a year ago" is a year, "three weeks ago" a week.
* A year range "1996-1997" gives two year mentions, "1996" and "1997".
* Ambiguous numeric dates ("05/06/2022") are reported with value None.
"""

from .reading import FUTURE_CUE, date_spans, day_parts, future_clause
from .resolving import find_dates, resolve_expression, sentence_locator

__all__ = ["find_dates", "resolve_expression", "date_spans", "sentence_locator", "day_parts", "future_clause",
           "FUTURE_CUE"]
