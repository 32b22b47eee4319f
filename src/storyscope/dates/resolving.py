"""Resolving temporal expressions against an anchor (the publication day): ISO values, the
expressions of a text with their values, and dateparser as the last resort for forms the patterns
recognise but cannot resolve themselves ("07-Jan-2019")."""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..model import DateMention, Sentence
from .reading import (  # the grammar this module resolves
    Resolution, _LEAD_PREP, _MASTER, _MON, _SEASON_START, _WD, _as_date, _candidates, _future_context,
    _iso_week, _month_day_year, _month_str, _next_month_day, _range_parts, _recent_month, _shift_month,
    _spec,
)

# ---------------------------------------------------------------------------
# Resolution against the anchor

_PRECISION = {
    "day": "day", "abs_day": "day", "ambiguous_day": "day", "weekday": "day",
    "deictic": "day", "abs_month": "month", "recent_month": "month", "rel_month": "month",
    "month_in_rel_year": "month", "abs_decade": "decade", "short_decade": "decade", "abs_year": "year",
    "abs_season": "season", "rel_season": "season",
}
_UNIT_PRECISION = {"day": "day", "week": "week", "weekend": "week", "month": "month", "year": "year"}


def _resolve(spec: tuple, anchor: _dt.date | None, future: bool = False) -> Resolution:
    tag = spec[0]
    if tag == "abs_day":
        _, y, m, d = spec
        return f"{y:04d}-{m:02d}-{d:02d}", "day", False
    if tag == "ambiguous_day":
        return None, "day", False
    if tag == "day":
        _, month, day, year = spec
        if year:
            return f"{year:04d}-{month:02d}-{day:02d}", "day", False
        if anchor is None:
            return None, "day", True
        try:
            d = _next_month_day(month, day, anchor) if future else _month_day_year(month, day, anchor)
        except (OverflowError, ValueError):  # an anchor at the ends of the calendar
            d = None
        return (d.isoformat() if d else None), "day", True
    if tag == "abs_month":
        return _month_str(spec[1], spec[2]), "month", False
    if tag == "abs_year":
        return str(spec[1]), "year", False
    if tag == "abs_decade":
        return f"{spec[1]}s", "decade", False
    if tag == "abs_season":
        return f"{spec[1]}-{spec[2]}", "season", False
    relative_precision = _relative_precision(spec)
    if tag == "short_decade" and anchor is None:
        decade = spec[1]
        return f"{1900 + decade if decade >= 30 else 2000 + decade}s", "decade", False
    if anchor is None:
        return None, relative_precision, True
    try:
        return _resolve_relative(spec, anchor, future), relative_precision, True
    except (OverflowError, ValueError):  # an anchor at the ends of the calendar (year 1 or 9999)
        return None, relative_precision, True


def _relative_precision(spec: tuple) -> str | None:
    if spec[0] in ("rel_unit", "ago"):
        return _UNIT_PRECISION.get(spec[2])
    return _PRECISION.get(spec[0])


def _resolve_relative(spec: tuple, anchor: _dt.date, future: bool) -> str | None:
    tag = spec[0]
    if tag == "recent_month":
        return _recent_month(spec[1], anchor)
    if tag == "month_in_rel_year":
        return _month_str(anchor.year + spec[2], spec[1])
    if tag == "rel_month":
        mod, month = spec[1], spec[2]
        if mod == "this":
            return _month_str(anchor.year, month)
        if mod == "last":
            return _month_str(anchor.year if month < anchor.month else anchor.year - 1, month)
        return _month_str(anchor.year if month > anchor.month else anchor.year + 1, month)
    if tag == "short_decade":
        decade = spec[1]
        century = 2000 if 2000 + decade <= anchor.year else 1900
        return f"{century + decade}s"
    if tag == "rel_season":
        return _season_value(spec[1], spec[2], anchor)
    if tag == "ago":
        n, unit = spec[1], spec[2]
        if unit == "day":
            return (anchor - _dt.timedelta(days=n)).isoformat()
        if unit == "week":
            return _iso_week(anchor - _dt.timedelta(weeks=n))
        if unit == "month":
            return _month_str(*_shift_month(anchor, -n))
        return str(anchor.year - n)
    if tag == "rel_unit":
        return _unit_value(spec[1], spec[2], anchor)
    if tag == "weekday":
        return _weekday_value(spec[1], spec[2], anchor, future).isoformat()
    if tag == "deictic":
        return (anchor + _dt.timedelta(days=spec[1])).isoformat()
    return None


def _unit_value(mod: str, unit: str, anchor: _dt.date) -> str:
    step = {"last": -1, "this": 0, "next": 1}[mod]
    if unit in ("week", "weekend"):
        return _iso_week(anchor + _dt.timedelta(weeks=step))
    if unit == "month":
        return _month_str(*_shift_month(anchor, step))
    return str(anchor.year + step)


def _weekday_value(mod: str | None, weekday: int, anchor: _dt.date, future: bool) -> _dt.date:
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if mod == "last":
        return anchor - _dt.timedelta(days=back or 7)
    if mod == "next":
        return anchor + _dt.timedelta(days=ahead or 7)
    if mod == "this":
        return anchor + _dt.timedelta(days=weekday - anchor.weekday())
    if future:
        return anchor + _dt.timedelta(days=ahead)
    return anchor - _dt.timedelta(days=back)


def _season_value(mod: str, code: str, anchor: _dt.date) -> str:
    start_month = _SEASON_START[code]
    # the instance of this season that started most recently on or before the anchor
    year = anchor.year if (anchor.month >= start_month) else anchor.year - 1
    started = _dt.date(year, start_month, 1)
    current = anchor < _dt.date(*_shift_month(started, 3), 1)
    if mod == "this":
        if not current:
            year = anchor.year  # the coming one
    elif mod == "last":
        if current:
            year -= 1
    elif mod == "next":
        year += 1
    return f"{year}-{code}"




# ---------------------------------------------------------------------------
# dateparser, the last resort

@lru_cache(maxsize=8)
def _date_data_parser(anchor: _dt.date | None, strict: bool):
    from dateparser.date import DateDataParser  # slow import: only when needed

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": strict,
                "PREFER_DAY_OF_MONTH": "first"}
    if anchor is not None:
        settings["RELATIVE_BASE"] = _dt.datetime.combine(anchor, _dt.time())
    return DateDataParser(languages=["en"], settings=settings)


_DATE_LIKE = re.compile(
    rf"{_MON}|{_WD}|\d|(?i:\b(?:day|week|fortnight|month|year|decade|ago|yesterday|today|tomorrow)s?\b)"
)


@lru_cache(maxsize=1024)
def _dateparser_resolve(s: str, anchor: _dt.date | None) -> Resolution | None:
    s = s.strip()
    if not s or len(s) > 40 or not _DATE_LIKE.search(s):
        return None
    explicit_year = bool(re.search(r"\b\d{4}\b|\b\d{1,2}[-/.]\w+[-/.]\d{2}\b", s))
    if anchor is None and not explicit_year:
        return None  # dateparser would resolve against today
    try:
        data = _date_data_parser(anchor, explicit_year).get_date_data(s)
    except Exception:  # noqa: BLE001 - dateparser raises many kinds on odd input
        return None
    d = data.date_obj if data else None
    if d is None:
        return None
    period = data.period or "day"
    relative = not explicit_year
    if period == "year":
        return str(d.year), "year", relative
    if period == "month":
        return _month_str(d.year, d.month), "month", relative
    if period == "week":
        return _iso_week(d.date()), "week", relative
    return d.date().isoformat(), "day", relative


# ---------------------------------------------------------------------------
# Public API

def resolve_expression(text: str, anchor: _dt.date | None) -> tuple[str, str, bool] | None:
    """Resolve one temporal expression: ``(ISO value, precision, relative)`` or None.

    ``text`` may carry a leading preposition ("on Monday", "since March 1999").
    None when the text is not a date expression, or is relative and no anchor is given.
    """
    anchor = _as_date(anchor)
    s = " ".join(text.split())
    s = _LEAD_PREP.sub("", s, count=1)
    if not s or len(s) > 200:
        return None
    m = _MASTER.fullmatch(s)
    resolution: Resolution | None = None
    if m is not None:
        kind = m.lastgroup
        if kind == "year_range":
            spec: tuple | None = _range_parts(s, 0, len(s))[0][3]
        else:
            spec = _spec(kind, s)
        if spec is not None:
            resolution = _resolve(spec, anchor)
    else:
        resolution = _dateparser_resolve(s, anchor)
    if resolution is None or resolution[0] is None or resolution[1] is None:
        return None
    return resolution[0], resolution[1], resolution[2]






def sentence_locator(sentences: Sequence[Sentence]) -> Callable[[int], int]:
    """A function: character offset -> index of the sentence that holds it (the one before a gap)."""
    ordered = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    indexes = [s.index for s in ordered]

    def locate(offset: int) -> int:
        if not indexes:
            return 0
        return indexes[max(0, bisect_right(starts, offset) - 1)]

    return locate


def find_dates(text: str, sentences: Sequence[Sentence] = (), anchor: _dt.date | None = None) -> list[DateMention]:
    """Every temporal expression in ``text``, resolved against ``anchor`` (the publication date)."""
    anchor = _as_date(anchor)
    locate = sentence_locator(sentences)
    mentions = []
    for start, end, kind, spec in _candidates(text):
        future = (
            anchor is not None
            and (spec[0] == "weekday" and spec[1] is None or spec[0] == "day" and spec[3] is None)
            and _future_context(text, start)
        )
        value, precision, relative = _resolve(spec, anchor, future)
        mentions.append(DateMention(text=text[start:end], value=value, precision=precision, start=start,
                                    end=end, sentence=locate(start), relative=relative))
    return mentions

