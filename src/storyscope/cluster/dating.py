"""Days that a page leaves out but its story gives.

Many pages state no year ("on Jan. 7", "China said on Monday") or no date at all. Read alone they
cannot be placed in time; read with the other pages of their story they often can:

- **Weekday agreement.** Pages that tell one happening and name its day in different ways ("on
  Jan. 7" on one page, "on Monday" on another, or "Monday 15 April" on one) fix the year: among
  the plausible years (around the story's dated pages, else the ten before the newest fetch),
  the one where that day fell on that weekday. Several such years: the one nearest the story's
  dated pages.
- **Reports of the same happening.** A page much like a dated one (a copy, a rewrite, another
  report of the same happening) reads its year-less days against that page's day; its own
  publication day is then the latest day it states, else the day of the page it follows.

Pages placed this way serve as anchors in turn, strongest resemblance first. Each result says
its basis and the pages it came from. A date the page itself gives (a sidecar, its metadata, an
address, a date line, a fully stated day in its text) is never replaced.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, timedelta

import numpy

from ..dates import find_dates, resolve_expression
from ..model import DateMention
from .blocking import UnionFind

# Two pages at least this alike (TF-IDF cosine of their words) tell the same happening.
SAME_HAPPENING = 0.25
# Plausible years around the story's dated pages, and without any, before the newest fetch.
YEARS_BEFORE, YEARS_AFTER, YEARS_UNANCHORED = 3, 1, 10
LEAD_SENTENCES = 3  # where a page names the day of the happening it reports


@dataclass(frozen=True)
class DayExpression:
    """A day the page states (only those whose year or date its own publication day gave, or
    would give): as written, where, its written parts, and whether its clause is about the future."""

    text: str
    sentence: int
    weekday: int | None
    month: int | None
    day: int | None
    future: bool = False


@dataclass(frozen=True)
class DatingFacts:
    """What dating needs of one page."""

    published: date | None  # the page's own publication day, whatever gave it
    fetched: date | None
    expressions: tuple[DayExpression, ...]  # day and weekday mentions without a written year
    stated: DayExpression | None = None  # the day its head gives for itself without a year
    happening: date | None = None  # the day it reports on (see features.event_day)


@dataclass(frozen=True)
class Dated:
    """A page's publication day found through its story."""

    day: date
    basis: str  # how, in words
    sources: tuple[str, ...]  # the other pages it came from
    happening: date | None = None  # the day of the happening it reports, when that is what placed it


def date_story(ids: list[str], facts: list[DatingFacts], alike: numpy.ndarray) -> dict[int, Dated]:
    """Publication days for the pages of one story that have none, by position in ``ids``;
    ``alike`` is the square matrix of the pages' text similarities."""
    known: dict[int, date] = {i: f.published for i, f in enumerate(facts) if f.published}
    if len(known) == len(facts):
        return {}
    happening = {i: facts[i].happening or day for i, day in known.items()}
    years = _plausible_years(facts, known)
    found: dict[int, Dated] = {}
    for i, f in enumerate(facts):  # a date line without a year: the year is all that is missing
        if i not in known and f.stated and f.stated.month and f.stated.day:
            chosen = _stated_year(i, f.stated, years, known, alike)
            if chosen:
                found[i] = Dated(*chosen, ())
                known[i] = happening[i] = chosen[0]
    for group in _happenings(facts, known, alike):
        agreed = _weekday_agreement([facts[i] for i in group], years, known)
        if agreed is None:
            continue
        day, explanation = agreed
        for i in group:
            found[i] = Dated(_published_after(facts[i], day), explanation, tuple(ids[k] for k in group if k != i), day)
            known[i], happening[i] = found[i].day, day
    _propagate(ids, facts, alike, known, happening, found)
    return found


def _stated_year(i: int, stated: DayExpression, years: range, known: dict[int, date],
                 alike: numpy.ndarray) -> tuple[date, str] | None:
    """The page's own year-less date line completed: a year in ``years`` (where its weekday, if
    written, falls right) nearest the most alike dated page, else the story's dated pages."""
    candidates = _days_in(years, stated.month, stated.day, stated.weekday)
    if not candidates:
        return None
    neighbour = max(known, key=lambda j: (alike[i, j], -j), default=None)
    if neighbour is not None and alike[i, neighbour] >= SAME_HAPPENING:
        chosen, what = _nearest(candidates, known[neighbour], known[neighbour]), "the most alike dated page's day"
    elif known:
        chosen, what = _nearest(candidates, *_span(known)), "the story's dated pages"
    else:
        return candidates[-1], f"its date line “{stated.text}”, in the latest plausible year"
    weekday = " (the weekday agrees)" if stated.weekday is not None else ""
    return chosen, f"its date line “{stated.text}”, in the year nearest {what}{weekday}"


def _days_in(years: range, month: int, day: int, weekday: int | None) -> list[date]:
    """That month and day in each of ``years`` where it exists (29 February) and falls on
    ``weekday`` when one is given, earliest first."""
    found = []
    for year in years:
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if weekday is None or candidate.weekday() == weekday:
            found.append(candidate)
    return found


def _span(known: dict[int, date]) -> tuple[date, date]:
    return min(known.values()), max(known.values())


def _nearest(candidates: list[date], first: date, last: date) -> date:
    """The candidate closest to the span first..last (inside it counts as 0), the later on a tie."""
    return min(candidates, key=lambda d: (max((first - d).days, (d - last).days, 0), -d.toordinal()))


def _plausible_years(facts: list[DatingFacts], known: dict[int, date]) -> range:
    if known:
        first, last = _span(known)
        return range(first.year - YEARS_BEFORE, last.year + YEARS_AFTER + 1)
    newest = max((f.fetched for f in facts if f.fetched), default=None) or date.today()
    return range(newest.year - YEARS_UNANCHORED, newest.year + 1)


def _happenings(facts: list[DatingFacts], known: dict[int, date], alike: numpy.ndarray) -> list[list[int]]:
    """Undated pages that name a day in their lead, grouped with the undated pages alike enough to
    tell the same happening (connected components)."""
    undated = [i for i in range(len(facts)) if i not in known and _lead(facts[i])]
    joined = UnionFind(len(facts))
    for n, i in enumerate(undated):
        for j in undated[n + 1:]:
            if alike[i, j] >= SAME_HAPPENING:
                joined.union(i, j)
    groups: dict[int, list[int]] = {}
    for i in undated:
        groups.setdefault(joined.find(i), []).append(i)
    return list(groups.values())


def _lead(f: DatingFacts) -> list[DayExpression]:
    return [e for e in f.expressions if e.sentence < LEAD_SENTENCES and not e.future]


def _weekday_agreement(group: list[DatingFacts], years: range,
                       known: dict[int, date]) -> tuple[date, str] | None:
    """The one day that the group's leads agree on: one month and day, one weekday, and a year
    in ``years`` where they meet; with its explanation."""
    leads = [e for f in group for e in _lead(f)]
    month_days = {(e.month, e.day) for e in leads if e.month and e.day}
    weekdays = {e.weekday for e in leads if e.weekday is not None}
    if len(month_days) != 1 or len(weekdays) != 1:
        return None
    (month, day), (weekday,) = month_days.pop(), weekdays
    candidates = _days_in(years, month, day, weekday)
    if not candidates:
        return None
    chosen = _nearest(candidates, *_span(known)) if known else candidates[-1]
    said = sorted({f"“{e.text}”" for e in leads if e.month or e.weekday is not None})
    others = f" (of {len(candidates)} such years, the nearest the story's dated pages)" if len(candidates) > 1 else ""
    return chosen, (f"weekday agreement: {' and '.join(said)} fall together on {chosen:%A %-d %B %Y}"
                    f", within {years.start}–{years.stop - 1}{others}")


def _propagate(ids: list[str], facts: list[DatingFacts], alike: numpy.ndarray, known: dict[int, date],
               happening: dict[int, date], found: dict[int, Dated]) -> None:
    """Undated pages take their day from the most alike page already placed, strongest first:
    they report the happening that page reports, on its day or a few days after."""
    queue: list[tuple[float, int, int]] = []

    def offer(j: int) -> None:
        for i in range(len(facts)):
            if i not in known and alike[i, j] >= SAME_HAPPENING:
                heapq.heappush(queue, (-float(alike[i, j]), i, j))

    for j in list(known):
        offer(j)
    passed_over: list[tuple[float, int, int]] = []
    while queue or passed_over:
        if not queue:  # no neighbour whose day fits the page's weekdays: the most alike after all
            queue, passed_over = passed_over, []
            heapq.heapify(queue)
            strict = False
        else:
            strict = True
        _, i, j = item = heapq.heappop(queue)
        if i in known:
            continue
        if strict and not _weekdays_fit(facts[i], happening[j]):
            passed_over.append(item)
            continue
        day = _published_after(facts[i], happening[j])
        found[i] = Dated(day, f"reports the happening of {ids[j]} ({happening[j].isoformat()})", (ids[j],), happening[j])
        known[i], happening[i] = day, happening[j]
        offer(i)


def _weekdays_fit(f: DatingFacts, happened: date) -> bool:
    """Does the day a page would take agree with the weekdays its lead names (if it names any)?"""
    weekdays = {e.weekday for e in _lead(f) if e.weekday is not None}
    return not weekdays or happened.weekday() in weekdays


def _published_after(f: DatingFacts, happened: date) -> date:
    """When a page reporting a happening of ``happened`` came out: the first day from then on,
    within a week, on which its lead would name that day as it does ("yesterday": the day after;
    "on Monday": the Monday itself), and never before the latest day it states (read against
    that day); else the happening's day."""
    lead = _lead(f) or [e for e in f.expressions if not e.future]
    published = happened
    for offset in range(8):
        anchor = happened + timedelta(days=offset)
        if any((resolved := resolve_expression(e.text, anchor)) and resolved[1] == "day"
               and resolved[0] == happened.isoformat() for e in lead):
            published = anchor
            break
    stated = [date.fromisoformat(r[0]) for e in f.expressions if not e.future
              and (r := resolve_expression(e.text, happened)) and r[1] == "day"]
    return max([published] + [d for d in stated if d <= happened + timedelta(days=7)])


def date_in_event(f: DatingFacts, happened: date, event_title: str | None) -> Dated:
    """A page with no day that joined an event by what it says: it reports that happening."""
    return Dated(_published_after(f, happened),
                 f"reports the happening of its event{f' “{event_title}”' if event_title else ''} ({happened.isoformat()})",
                 (), happened)


def redated(mentions: tuple[DateMention, ...], text: str, published: date) -> tuple[DateMention, ...]:
    """The page's date mentions read again against a publication day its story gave."""
    fresh = {(m.start, m.end): m for m in find_dates(text, (), published)}
    return tuple(
        DateMention(m.text, fresh[(m.start, m.end)].value, fresh[(m.start, m.end)].precision, m.start, m.end,
                    m.sentence, fresh[(m.start, m.end)].relative)
        if (m.start, m.end) in fresh and m.value is None else m
        for m in mentions
    )
