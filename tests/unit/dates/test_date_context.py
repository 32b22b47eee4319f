"""Dates in context: which matches are dates, what numeric and abbreviated forms say, and how
seasons and decades resolve against the publication date (or without one).

The sentences are invented news text; anchors are publication dates.
"""

from __future__ import annotations

import datetime as dt

import pytest

from storyscope.dates import day_parts, find_dates, resolve_expression

D = dt.date


def found(text: str, anchor: dt.date | None) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.value, m.precision) for m in find_dates(text, [], anchor)]


# ---------------------------------------------------------------------------
# accepting or refusing a weekday

def test_a_weekday_followed_by_a_capitalised_name_is_a_date():
    assert found("Police said on Monday Mr Okafor had been released on bail.", D(2023, 3, 8)) == [
        ("Monday", "2023-03-06", "day")]


def test_a_weekday_after_the_is_a_date_when_no_name_follows():
    assert found("Voters queued on the Saturday before the election.", D(2023, 3, 8)) == [
        ("Saturday", "2023-03-04", "day")]


# ---------------------------------------------------------------------------
# names that look like dates

def test_a_month_name_inside_a_person_s_name_is_not_a_date():
    assert found("Commissioner Lisa June said the budget was tight.", D(2023, 3, 8)) == []


# ---------------------------------------------------------------------------
# years

@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_year_after_a_possessive_names_an_event(apostrophe):
    text = f"Observers praised Brazil{apostrophe}s 2022 election as orderly."
    assert found(text, D(2023, 1, 10)) == [("2022", "2022", "year")]


# ---------------------------------------------------------------------------
# numeric dates

def test_a_slashed_date_with_twelve_first_is_reported_as_ambiguous():
    assert found("The contract signed on 12/05/2022 was declared void.", D(2023, 1, 10)) == [
        ("12/05/2022", None, "day")]


def test_an_impossible_numeric_date_is_not_a_date():
    assert found("A permit dated 31/04/2021 was rejected by the court.", D(2023, 1, 10)) == []


def test_a_two_digit_year_from_69_on_is_in_the_1900s():
    assert found("The firm was registered on 25/12/98 in Nairobi.", D(2023, 1, 10)) == [
        ("25/12/98", "1998-12-25", "day")]


# ---------------------------------------------------------------------------
# seasons

@pytest.mark.parametrize(
    "text, anchor, expected",
    [
        ("Water levels fell at the end of summer, officials said.", D(2023, 10, 8), ("summer", "2023-SU")),
        ("Crops failed in summer after weeks without rain.", D(2023, 10, 8), ("summer", "2023-SU")),
        # before the season has started this year: last year's
        ("Ferries stopped running in spring, the operator said.", D(2019, 1, 15), ("spring", "2018-SP")),
    ],
)
def test_a_bare_season_after_a_preposition_is_the_most_recent_one(text, anchor, expected):
    assert found(text, anchor) == [(*expected, "season")]


def test_a_bare_season_used_as_an_adjective_is_not_a_date():
    assert found("The summer camp reopened with new staff.", D(2023, 10, 8)) == []


@pytest.mark.parametrize(
    "text, anchor, expected",
    [
        # published in March: last summer is the previous year's
        ("Tourists stayed away last summer, hoteliers said.", D(2019, 3, 1), ("last summer", "2018-SU")),
        # a few days into winter, "the past winter" is the one before, like "last winter"
        ("Heating bills doubled over the past winter, a survey found.", D(2022, 12, 5),
         ("past winter", "2021-WI")),
        ("Heating bills doubled last winter, a survey found.", D(2022, 12, 5), ("last winter", "2021-WI")),
        ("Tourists will return next summer, the minister said.", D(2019, 10, 1), ("next summer", "2020-SU")),
        ("The new line opens next spring.", D(2023, 4, 20), ("next spring", "2024-SP")),
    ],
)
def test_a_season_with_last_past_or_next_resolves_against_the_publication_date(text, anchor, expected):
    assert found(text, anchor) == [(*expected, "season")]


# ---------------------------------------------------------------------------
# decades without a publication date

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fashion from the '90s is back in shops.", ("the '90s", "1990s")),
        ("Music of the '10s dominated the charts.", ("the '10s", "2010s")),
    ],
)
def test_a_two_digit_decade_resolves_without_a_publication_date(text, expected):
    assert found(text, None) == [(*expected, "decade")]
    assert resolve_expression(expected[0], None) == (expected[1], "decade", False)


# ---------------------------------------------------------------------------
# the parts of a day expression (for dating an article by the days it names)

@pytest.mark.parametrize(
    "text, parts",
    [
        ("Monday 15 April", (0, 4, 15, None)),
        ("July 13, 2019", (None, 7, 13, 2019)),
        ("Monday, Jan. 7, 2019", (0, 1, 7, 2019)),
        ("Saturday (February 19)", (5, 2, 19, None)),
        ("on Friday", (4, None, None, None)),
        ("2019-01-07", (None, 1, 7, 2019)),
        ("last Monday", None),
        ("March 2019", None),
        ("in 2019", None),
    ],
)
def test_day_parts_gives_weekday_month_day_and_year_written(text, parts):
    assert day_parts(text) == parts
