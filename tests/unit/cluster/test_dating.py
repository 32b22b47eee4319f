"""Days a story gives its pages (cluster/dating.py), on hand-built facts."""

from __future__ import annotations

from datetime import date

import numpy

from storyscope.cluster.dating import DatingFacts, DayExpression, date_story

MONDAY, WEDNESDAY, SATURDAY = 0, 2, 5


def alike(n: int, links: dict[tuple[int, int], float]) -> numpy.ndarray:
    m = numpy.eye(n)
    for (i, j), v in links.items():
        m[i, j] = m[j, i] = v
    return m


def expr(text, weekday=None, month=None, day=None, sentence=0, future=False):
    return DayExpression(text, sentence, weekday, month, day, future)


def test_weekday_agreement_fixes_the_year_of_a_happening_told_two_ways():
    facts = [DatingFacts(None, None, (expr("Jan. 7", month=1, day=7),)),
             DatingFacts(None, None, (expr("Monday", weekday=MONDAY),)),
             DatingFacts(date(2019, 7, 13), None, ())]
    found = date_story(["a", "b", "c"], facts, alike(3, {(0, 1): 0.5, (0, 2): 0.1, (1, 2): 0.1}))
    assert found[0].day == found[1].day == date(2019, 1, 7)  # a Monday; 2013 and 2030 are too far
    assert "weekday agreement" in found[0].basis and found[0].sources == ("b",)
    assert 2 not in found  # a page with a day of its own keeps it


def test_a_year_less_date_line_takes_the_year_its_weekday_allows_near_the_story():
    facts = [DatingFacts(None, None, (), stated=expr("Saturday 14 August", SATURDAY, 8, 14, sentence=-1)),
             DatingFacts(date(2021, 8, 16), None, ())]
    found = date_story(["a", "b"], facts, alike(2, {(0, 1): 0.6}))
    assert found[0].day == date(2021, 8, 14)
    assert "date line" in found[0].basis


def test_a_rewrite_saying_yesterday_came_out_the_day_after_the_happening():
    facts = [DatingFacts(date(2022, 2, 15), None, (), happening=date(2022, 2, 15)),
             DatingFacts(None, None, (expr("yesterday"),))]
    found = date_story(["a", "b"], facts, alike(2, {(0, 1): 0.4}))
    assert found[1].day == date(2022, 2, 16) and found[1].sources == ("a",)


def test_an_undated_page_follows_the_alike_page_whose_day_fits_its_weekday():
    facts = [DatingFacts(date(2023, 2, 24), None, (), happening=date(2023, 2, 22)),  # a Wednesday
             DatingFacts(date(2024, 6, 17), None, (), happening=date(2024, 6, 17)),  # a Monday
             DatingFacts(None, None, (expr("Monday", weekday=MONDAY),))]
    found = date_story(["a", "b", "c"], facts, alike(3, {(0, 2): 0.6, (1, 2): 0.4}))
    assert found[2].day == date(2024, 6, 17) and found[2].sources == ("b",)


def test_nothing_alike_enough_leaves_a_page_without_a_day():
    facts = [DatingFacts(date(2022, 2, 15), None, ()), DatingFacts(None, None, (expr("Wednesday", WEDNESDAY),))]
    assert date_story(["a", "b"], facts, alike(2, {(0, 1): 0.05})) == {}


def test_a_story_whose_pages_all_have_days_gives_none():
    facts = [DatingFacts(date(2022, 2, 15), None, ()), DatingFacts(date(2022, 2, 16), None, ())]
    assert date_story(["a", "b"], facts, alike(2, {(0, 1): 0.9})) == {}
