"""Properties of the date and number finders.

Both run on every sentence of every article, so they must never raise, must stay
fast on hostile input (very long strings, runs of punctuation or number words),
and every mention they report must point at its own text. parse_number and
resolve_expression must read back what a generator writes.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyscope.dates import reading, resolving
from storyscope.dates import find_dates, resolve_expression
from storyscope.analyze.numbers import find_numbers, parse_number
from storyscope.model import Sentence

VOCABULARY = (
    "on in since the last next this early late mid- a an one two twelve twenty-two hundred thousand million "
    "hundreds of thousands dozens more than about at least up to as many as or more between and to ago year "
    "years week month day Monday Saturday January Jan. May March Sept. December spring summer today "
    "yesterday 1 7 12 19 2019 1996-1997 3,000 1.5 $ US$ Rs Sh € % 40% 12:35 2am 1st COVID-19 G20 Section "
    "people countries US dollars yuan percent 1990s '90s end beginning of first half days weeks weekend fall "
    "winter earlier later Sunday Feb 20, 2022-02-20 20/02/2022 07-Jan-2019 very "
    "( ) , . - — ' ’ \" “ / : ; \n"
).split(" ")
tokens = st.sampled_from(VOCABULARY)
separators = st.sampled_from(["", " ", " ", "  ", ", ", "-", "\n", "\t", "."])
newsy_text = st.lists(st.tuples(tokens, separators), max_size=60).map(lambda pairs: "".join(a + b for a, b in pairs))
any_text = st.text(max_size=300)
anchors = st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max]))


def sentences_of(text: str) -> list[Sentence]:
    result, start = [], 0
    for i, chunk in enumerate(text.split(".")):
        result.append(Sentence(i, start, start + len(chunk), chunk))
        start += len(chunk) + 1
    return result


def check_mentions(text: str, mentions, sentences) -> None:
    previous_end = 0
    indexes = {s.index for s in sentences} or {0}
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start:m.end]
        assert m.start >= previous_end, "mentions overlap or are out of order"
        assert m.sentence in indexes
        previous_end = m.end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(any_text, newsy_text), anchor=anchors)
def test_finders_never_raise_and_mentions_point_at_their_text(text, anchor):
    sentences = sentences_of(text)
    found_dates = find_dates(text, sentences, anchor)
    found_numbers = find_numbers(text, sentences)
    check_mentions(text, found_dates, sentences)
    check_mentions(text, found_numbers, sentences)
    for d in found_dates:
        assert d.precision in (None, "day", "week", "month", "season", "year", "decade")
        for n in found_numbers:
            assert n.end <= d.start or d.end <= n.start, "a number inside a date"
    for n in found_numbers:
        assert math.isfinite(n.value)
        assert n.qualifier in (None, "about", "at least", "at most", "up to", "more than", "less than", "nearly")


# a phrase for every kind of date expression and every word such an expression can start with
PHRASES = [
    "Saturday (February 19)", "Monday, Jan. 7, 2019", "July 13-14, 2019", "Monday, 7 January 2019",
    "the 13th of July 2018", "13 July 2019", "2022-02-20", "2022/02/20", "20/02/2022", "20/02/22",
    "07-Jan-2019", "Jan-07-2019", "March last year", "December 2018", "Dec. of 2018",
    "the last days of December", "very first weeks of May", "first days of June", "last days of December",
    "final weeks of July", "closing days of August", "opening weeks of March", "early days of May",
    "later weeks of May", "end of May", "beginning of June", "start of July", "middle of August",
    "turn of September", "late March", "mid-January", "last December", "next March", "this April",
    "the 1990s", "early 1990s", "late 1980s", "mid-1970s", "1990s", "'90s", "the end of 2018", "end of 2018",
    "beginning of 2019", "start of 2020", "middle of 2017", "turn of 2000", "first half of 2019",
    "second half of 2019", "latter half of 2019", "third quarter of 2019", "fourth quarter of 2019",
    "last quarter of 2019", "final quarter of 2019", "early 2020", "late 2019", "mid-2019",
    "early summer 2019", "late spring 2018", "mid-winter 2017", "the spring of 2018", "summer 2019",
    "last summer", "this winter", "next spring", "past autumn", "in the fall", "in winter", "a year ago",
    "two days ago", "12 weeks ago", "earlier this year", "later this month", "early next week",
    "late last week", "mid-last year", "the end of last month", "end of next week", "beginning of this year",
    "start of next month", "middle of last year", "last week", "this month", "next year",
    "the end of the year", "end of the month", "beginning of the week", "start of the year",
    "middle of the month", "last Monday", "next Friday", "this Sunday", "past Tuesday", "Monday",
    "yesterday", "today", "tomorrow", "1996-1997", "in 2019", "in August",
]
spaced_text = st.lists(st.sampled_from(PHRASES) | tokens.filter(lambda t: t.strip()), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=spaced_text)
def test_dispatch_by_first_token_finds_what_the_whole_pattern_finds(text):
    """The scan tries only the kinds that can start at each token; the result must not change."""
    assert [(m.span(), m.lastgroup) for m in reading._matches(text)] == [
        (m.span(), m.lastgroup) for m in reading._MASTER.finditer(text)
    ]


def test_every_phrase_is_found_and_dispatch_agrees_on_it():
    for phrase in PHRASES:
        text = f"Officials said {phrase}, she added."
        assert [(m.span(), m.lastgroup) for m in reading._matches(text)] == [
            (m.span(), m.lastgroup) for m in reading._MASTER.finditer(text)
        ], phrase
        assert find_dates(text, [], dt.date(2019, 1, 8)), phrase


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(any_text, newsy_text), anchor=anchors)
def test_resolve_expression_never_raises(text, anchor):
    result = resolve_expression(text[:60], anchor)
    assert result is None or (isinstance(result[0], str) and result[1] in
                              ("day", "week", "month", "season", "year", "decade"))


HOSTILE = [
    "." * 100_000,
    "-" * 100_000,
    "1" * 50_000,
    "9" * 400 + " million",
    "1," * 50_000,
    " " * 100_000,
    "one " * 20_000,
    "the " * 20_000,
    "a year ago " * 5_000,
    "Jan. 7, " * 10_000,
    "Monday (" * 10_000,
    "hundreds of " * 10_000,
    "more than " * 10_000,
    "in 2019 and " * 8_000,
    "$" * 50_000 + "5",
    "’'‘“" * 25_000,
]


@settings(max_examples=len(HOSTILE) * 2, deadline=None)
@given(text=st.sampled_from(HOSTILE), anchor=st.sampled_from([None, dt.date(2019, 1, 8)]))
def test_hostile_long_input_finishes_quickly(text, anchor):
    started = time.perf_counter()
    find_dates(text, [], anchor)
    find_numbers(text, [])
    assert time.perf_counter() - started < 10  # linear: about 100 k characters in well under a second


@settings(max_examples=100, deadline=None)
@given(text=st.text(min_size=41, max_size=400) | newsy_text.filter(lambda t: len(t) > 40))
def test_dateparser_only_gets_short_strings(text):
    resolving._dateparser_resolve.cache_clear()
    with mock.patch.object(resolving, "_date_data_parser") as parser:
        parser.return_value.get_date_data.return_value = None
        find_dates(text, [], dt.date(2019, 1, 8))
        resolve_expression(text, dt.date(2019, 1, 8))
    resolving._dateparser_resolve.cache_clear()
    assert all(len(call.args[0]) <= 40 for call in parser.return_value.get_date_data.call_args_list)


# ---------------------------------------------------------------------------
# parse_number reads back what we write

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
       "seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand")]


def below_thousand(n: int, hyphen: bool, use_and: bool) -> str:
    words = []
    if n >= 100:
        words += [ONES[n // 100], "hundred"]
        n %= 100
        if n and use_and:
            words.append("and")
    if n >= 20:
        tens, ones = divmod(n, 10)
        if ones:
            words.append(f"{TENS[tens]}-{ONES[ones]}" if hyphen else f"{TENS[tens]} {ONES[ones]}")
        else:
            words.append(TENS[tens])
    elif n:
        words.append(ONES[n])
    return " ".join(words)


def in_words(n: int, hyphen: bool = True, use_and: bool = False) -> str:
    if n == 0:
        return "zero"
    words = []
    for size, name in SCALES:
        if n >= size:
            words += [below_thousand(n // size, hyphen, use_and), name]
            n %= size
    if n:
        words.append(below_thousand(n, hyphen, use_and))
    return " ".join(words)


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_number_reads_thousands_separators(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=0, max_value=10**15 - 1), st.booleans(), st.booleans(), st.booleans())
def test_parse_number_reads_english_number_words(n, hyphen, use_and, capital):
    words = in_words(n, hyphen, use_and)
    if capital:
        words = words[0].upper() + words[1:]
    assert parse_number(words) == n


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(["", "about ", "more than ", "at least "]))
def test_numbers_in_a_sentence_are_found_with_their_unit(n, qualifier):
    text = f"Officials said {qualifier}{n:,} people were moved."
    [found] = find_numbers(text, [])
    assert (found.value, found.unit) == (n, "people")
    assert found.text == f"{qualifier}{n:,}"


# ---------------------------------------------------------------------------
# resolve_expression reads back what we write

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
days = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 12, 31))


@given(days)
def test_explicit_days_round_trip(d):
    month = MONTHS[d.month - 1]
    for written in (f"{month} {d.day}, {d.year}", f"{d.day} {month} {d.year}", d.isoformat(),
                    f"{month[:3]}. {d.day}, {d.year}", f"on {WEEKDAYS[d.weekday()]}, {month} {d.day}, {d.year}"):
        assert resolve_expression(written, None) == (d.isoformat(), "day", False), written


@given(days, st.sampled_from(WEEKDAYS))
def test_weekday_is_the_most_recent_on_or_before_the_anchor(anchor, weekday):
    value, precision, relative = resolve_expression(f"on {weekday}", anchor)
    d = dt.date.fromisoformat(value)
    assert (precision, relative) == ("day", True)
    assert WEEKDAYS[d.weekday()] == weekday
    assert 0 <= (anchor - d).days < 7


@given(days.filter(lambda d: d.year > 1808), st.integers(1, 12), st.integers(1, 28))
def test_month_day_takes_its_year_from_the_anchor(anchor, month, day):
    value, _, relative = resolve_expression(f"{MONTHS[month - 1]} {day}", anchor)
    d = dt.date.fromisoformat(value)
    assert relative and (d.month, d.day) == (month, day)
    assert -7 <= (anchor - d).days < 366 - 7


@given(days, st.integers(1, 12))
def test_bare_month_is_the_most_recent_on_or_before_the_anchor(anchor, month):
    value, precision, _ = resolve_expression(f"in {MONTHS[month - 1]}", anchor)
    year, m = (int(x) for x in value.split("-"))
    assert precision == "month" and m == month
    assert (year, m) <= (anchor.year, anchor.month) < (year + 1, m)


@given(days)
def test_relative_years_and_weeks(anchor):
    assert resolve_expression("last year", anchor) == (str(anchor.year - 1), "year", True)
    assert resolve_expression("next year", anchor) == (str(anchor.year + 1), "year", True)
    iso_year, week, _ = anchor.isocalendar()
    assert resolve_expression("this week", anchor) == (f"{iso_year}-W{week:02d}", "week", True)
