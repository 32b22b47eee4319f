"""Amounts and times of day made comparable across units and clocks."""

import pytest

from storyscope.text.measures import amount, clock_times, comparable_clocks, same_amount


@pytest.mark.parametrize(("a", "b", "same"), [
    ((61, "km"), (38, "miles"), True),  # 61 km is 37.9 miles, rounded by the writer
    ((61, "km"), (61, "miles"), False),
    ((61, "kilometres"), (61, "km"), True),
    ((22, "percent"), (22, "per cent"), True),
    ((12, "towers"), (12, "cooling towers"), True),
    ((12, "towers"), (11, "towers"), False),
    ((7, "satellites"), (7, "spacecraft"), False),  # other things counted: not compared as one
    ((100, "km"), (101, "km"), False),  # the same unit: no rounding to forgive
])
def test_amounts_agree_across_units_and_only_across_units(a, b, same):
    assert same_amount(amount(*a), amount(*b)) is same


@pytest.mark.parametrize(("text", "minutes", "zone"), [
    ("left the pad at 11:42 local time", 702, None),
    ("went ahead at 11.42am after a wait", 702, None),
    ("lifted off at 12.42pm", 762, None),
    ("at 6 p.m. on Friday", 1080, None),
    ("by 18:00 GMT", 1080, "GMT"),
    ("at 10:42 UTC", 642, "UTC"),
    ("shortly after noon", 720, None),
])
def test_times_of_day_in_either_clock(text, minutes, zone):
    (found,) = clock_times(text)
    assert (found.minutes, found.zone) == (minutes, zone)


def test_figures_that_are_no_times_of_day():
    assert clock_times("a 3:1 majority, shares at 2.50 euros, the 13.5 per cent rise and 2024 plans") == []


def test_a_time_in_a_named_zone_is_compared_only_with_that_zone():
    utc, local, gmt = clock_times("10:42 UTC"), clock_times("11:42 local time"), clock_times("10:42 GMT")
    assert not comparable_clocks(utc[0], local[0])
    assert not comparable_clocks(utc[0], gmt[0])
    assert comparable_clocks(utc[0], clock_times("at 10:42 UTC")[0])
