"""Date mentions: resolve_expression for each written form, find_dates on article sentences.

Expected values follow tests/golden/CONVENTIONS.md; the example sentences are copied
from examples/*.txt with the publication dates their gold files state.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from storyscope.dates import reading, resolving
from storyscope.dates import date_spans, find_dates, resolve_expression, sentence_locator
from storyscope.model import Sentence

D = dt.date


def sentences_of(text: str) -> list[Sentence]:
    return [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(re.finditer(r"[^.!?\n]+[.!?]*", text))]


def found(text: str, anchor: dt.date | None) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.value, m.precision) for m in find_dates(text, sentences_of(text), anchor)]


# ---------------------------------------------------------------------------
# resolve_expression: one case per written form

@pytest.mark.parametrize(
    "text, anchor, expected",
    [
        # explicit days
        ("July 13, 2019", None, ("2019-07-13", "day", False)),
        ("13 July 2019", None, ("2019-07-13", "day", False)),
        ("Feb 20, 2022", None, ("2022-02-20", "day", False)),
        ("Feb. 20, 2022", None, ("2022-02-20", "day", False)),
        ("Monday, Jan. 7, 2019", None, ("2019-01-07", "day", False)),
        ("the 13th of July 2018", None, ("2018-07-13", "day", False)),
        ("July 13th, 2019", None, ("2019-07-13", "day", False)),
        ("2022-02-20", None, ("2022-02-20", "day", False)),
        ("2022/02/20", None, ("2022-02-20", "day", False)),
        ("20/02/2022", None, ("2022-02-20", "day", False)),
        ("02/20/2022", None, ("2022-02-20", "day", False)),
        ("20.02.2022", None, ("2022-02-20", "day", False)),
        ("20/02/22", None, ("2022-02-20", "day", False)),
        # month and day, year from the anchor (most recent on or before anchor + 7 days)
        ("Jan. 7", D(2019, 1, 8), ("2019-01-07", "day", True)),
        ("January 8", D(2019, 1, 9), ("2019-01-08", "day", True)),
        ("December 28", D(2019, 1, 9), ("2018-12-28", "day", True)),
        ("Nov. 9", D(2020, 11, 4), ("2020-11-09", "day", True)),
        ("7 January", D(2019, 1, 9), ("2019-01-07", "day", True)),
        ("Feb. 29", D(2019, 3, 1), ("2016-02-29", "day", True)),
        # weekdays: most recent on or before the anchor, the anchor itself included
        ("Monday", D(2019, 1, 7), ("2019-01-07", "day", True)),
        ("on Monday", D(2019, 1, 7), ("2019-01-07", "day", True)),
        ("on Friday", D(2019, 1, 7), ("2019-01-04", "day", True)),
        ("last Monday", D(2019, 1, 7), ("2018-12-31", "day", True)),
        ("next Monday", D(2019, 1, 7), ("2019-01-14", "day", True)),
        ("this Friday", D(2019, 1, 7), ("2019-01-11", "day", True)),
        ("Saturday (February 19)", D(2022, 2, 20), ("2022-02-19", "day", True)),
        ("Saturday (19 February 2022)", None, ("2022-02-19", "day", False)),
        ("yesterday", D(2022, 6, 7), ("2022-06-06", "day", True)),
        ("today", D(2022, 6, 7), ("2022-06-07", "day", True)),
        ("tomorrow", D(2022, 6, 7), ("2022-06-08", "day", True)),
        ("two days ago", D(2022, 6, 7), ("2022-06-05", "day", True)),
        # weeks (ISO)
        ("last week", D(2022, 6, 21), ("2022-W24", "week", True)),
        ("this week", D(2022, 6, 21), ("2022-W25", "week", True)),
        ("next week", D(2022, 3, 13), ("2022-W11", "week", True)),
        ("last week", D(2019, 1, 2), ("2018-W52", "week", True)),
        ("this week", D(2021, 1, 3), ("2020-W53", "week", True)),
        ("a week ago", D(2019, 7, 10), ("2019-W27", "week", True)),
        ("last weekend", D(2019, 7, 10), ("2019-W27", "week", True)),
        # months
        ("last month", D(2019, 1, 8), ("2018-12", "month", True)),
        ("this month", D(2019, 1, 8), ("2019-01", "month", True)),
        ("in December", D(2019, 1, 7), ("2018-12", "month", True)),
        ("In August", D(2019, 1, 7), ("2018-08", "month", True)),
        ("in January", D(2019, 1, 7), ("2019-01", "month", True)),
        ("since March", D(2023, 12, 12), ("2023-03", "month", True)),
        ("December 2018", None, ("2018-12", "month", False)),
        ("Dec. of 2018", None, ("2018-12", "month", False)),
        ("since March 1999", None, ("1999-03", "month", False)),
        ("last days of December", D(2019, 1, 9), ("2018-12", "month", True)),
        ("in the last days of December", D(2019, 1, 9), ("2018-12", "month", True)),
        ("late March", D(2019, 5, 1), ("2019-03", "month", True)),
        ("mid-January", D(2019, 5, 1), ("2019-01", "month", True)),
        ("the end of May 2020", None, ("2020-05", "month", False)),
        ("March last year", D(2020, 11, 4), ("2019-03", "month", True)),
        ("last December", D(2019, 12, 20), ("2018-12", "month", True)),
        ("next March", D(2019, 1, 8), ("2019-03", "month", True)),
        ("three months ago", D(2019, 1, 8), ("2018-10", "month", True)),
        # seasons (TIMEX3 codes)
        ("summer 2019", None, ("2019-SU", "season", False)),
        ("the spring of 2018", None, ("2018-SP", "season", False)),
        ("last summer", D(2019, 10, 1), ("2019-SU", "season", True)),
        ("last summer", D(2019, 7, 10), ("2018-SU", "season", True)),
        # years
        ("last year", D(2019, 1, 7), ("2018", "year", True)),
        ("Last year", D(2019, 1, 7), ("2018", "year", True)),
        ("this year", D(2019, 1, 7), ("2019", "year", True)),
        ("next year", D(2019, 1, 7), ("2020", "year", True)),
        ("next year's", D(2020, 11, 10), ("2021", "year", True)),
        ("earlier this year", D(2019, 5, 1), ("2019", "year", True)),
        ("a year ago", D(2019, 7, 13), ("2018", "year", True)),
        ("in 2019", None, ("2019", "year", False)),
        ("2019", None, ("2019", "year", False)),
        ("early 2020", None, ("2020", "year", False)),
        ("mid-2019", None, ("2019", "year", False)),
        ("the end of 2018", None, ("2018", "year", False)),
        # decades
        ("the 1990s", None, ("1990s", "decade", False)),
        ("the early 2000s", None, ("2000s", "decade", False)),
        ("the '90s", D(2019, 1, 1), ("1990s", "decade", True)),
        # dateparser, the last resort
        ("the day before yesterday", D(2019, 1, 9), ("2019-01-07", "day", True)),
        ("07-Jan-2019", None, ("2019-01-07", "day", False)),
    ],
)
def test_resolve_expression(text, anchor, expected):
    assert resolve_expression(text, anchor) == expected


@pytest.mark.parametrize(
    "text", ["Monday", "last year", "Jan. 7", "in December", "yesterday", "next week", "a year ago"]
)
def test_relative_expressions_without_anchor_do_not_resolve(text):
    assert resolve_expression(text, None) is None


@pytest.mark.parametrize("text", ["", "the", "3,000", "12 countries", "banana", "Feb 30, 2019", "05/06/2022"])
def test_non_dates_and_ambiguous_dates_do_not_resolve(text):
    assert resolve_expression(text, D(2019, 1, 8)) is None


def test_anchor_may_be_a_datetime_or_an_iso_string():
    assert resolve_expression("yesterday", dt.datetime(2022, 6, 7, 23, 59)) == ("2022-06-06", "day", True)
    assert resolve_expression("yesterday", "2022-06-07") == ("2022-06-06", "day", True)


def test_weekday_in_the_future_when_the_clause_says_so():
    anchor = D(2022, 6, 21)  # a Tuesday
    text = "Heavy rain, which is forecast for Thursday, fell on Sunday. Talks will resume on Friday."
    assert found(text, anchor) == [
        ("Thursday", "2022-06-23", "day"), ("Sunday", "2022-06-19", "day"), ("Friday", "2022-06-24", "day"),
    ]
    assert found("Rescuers hope to reach the two missing men by Thursday.", D(2022, 6, 7)) == [
        ("Thursday", "2022-06-09", "day")]
    assert found("The law will take effect on April 1.", D(2021, 3, 17)) == [("April 1", "2021-04-01", "day")]


# ---------------------------------------------------------------------------
# find_dates on the example articles' body sentences

def test_example_000():
    text = ("Beijing announced on Jan. 7, it is willing to invite United Nations (UN) officials to visit its "
            "“vocational re-education centers” in Xinjiang, as long as they follow the proper procedures.\n"
            "The announcement follows arrangements by the Chinese Communist Party (CCP) over the past few weeks "
            "to allow selected diplomats and foreign journalists to visit the mass internment camps.\n"
            "In past weeks, a similar visit was organized for diplomats from 12 countries including India.\n"
            "Thousands of Uyghurs have been secretly transferred from Xinjiang to facilities throughout China.")
    assert found(text, D(2019, 1, 8)) == [("Jan. 7", "2019-01-07", "day")]


def test_example_001():
    text = ("BEIJING: China said on Monday it would welcome UN officials to its far western region of Xinjiang.\n"
            "The top UN human rights official, Michelle Bachelet, in December said her office was seeking access.\n"
            "In August, a UN human rights panel said it had received credible reports that a million or more "
            "Uighurs were being held.\n"
            "In the last two weeks, the Chinese government has arranged for diplomats from 12 non-Western "
            "countries to visit the region.\n"
            "Last year, media reported on harsh extrajudicial detentions and interrogations at the camps.\n"
            "Reports of gross human rights violations have leaked out in the past year.")
    assert found(text, D(2019, 1, 7)) == [
        ("Monday", "2019-01-07", "day"),
        ("December", "2018-12", "month"),
        ("August", "2018-08", "month"),
        ("Last year", "2018", "year"),
    ]


def test_example_002_glued_a_year_ago():
    text = "but not the United States, which quit the foruma year ago."
    assert found(text, D(2019, 7, 13)) == [("a year ago", "2018", "year")]


def test_example_003():
    text = ("UN Human Rights Chief Michelle Bachelet can visit Xinjiang, China's Foreign Minister Wang Yi said on "
            "Saturday (February 19).\n"
            "The issue remained in headlines before and during the 2022 Winter Olympics in Beijing.")
    assert found(text, D(2022, 2, 20)) == [
        ("Saturday (February 19)", "2022-02-19", "day"),
        ("2022", "2022", "year"),
    ]


def test_example_004():
    text = ("URUMQI (TCA) — Diplomatic envoys from 12 countries — Russia, Kazakhstan — visited China’s Xinjiang "
            "Uygur Autonomous Region in the last days of December at the invitation of the regional government, "
            "China’s Xinhua news agency reported on January 8.\n"
            "According to the factory owner, they receive a monthly salary of more than 3,000 yuan (438 US dollars).\n"
            "Sergey Kwan has worked for The Times of Central Asia since its foundation in March 1999. Prior to "
            "this, from 1996-1997, he worked as a translator.")
    assert found(text, D(2019, 1, 9)) == [
        ("the last days of December", "2018-12", "month"),
        ("January 8", "2019-01-08", "day"),
        ("March 1999", "1999-03", "month"),
        ("1996", "1996", "year"),
        ("1997", "1997", "year"),
    ]


# ---------------------------------------------------------------------------
# what is and is not a date

def test_text_offsets_and_sentence_indexes():
    text = "Officials met on Monday.\nThey will meet again in March 2020, since 2019."
    mentions = find_dates(text, sentences_of(text), D(2019, 1, 9))
    assert [m.text for m in mentions] == ["Monday", "March 2020", "2019"]
    for m in mentions:
        assert text[m.start:m.end] == m.text
    assert [m.sentence for m in mentions] == [0, 1, 1]
    assert [m.relative for m in mentions] == [True, False, False]


@pytest.mark.parametrize(
    "text",
    [
        "He stayed for two weeks.",
        "Over the past few weeks, talks stalled.",
        "In past weeks, a visit was organized.",
        "Violations have leaked out in the past year.",
        "Prices rose in the last year.",
        "The strike began shortly after 2am and ended at 12:35 PM.",
        "Nets we banned years ago.",
        "In recent days, several shops closed.",
    ],
)
def test_durations_and_times_of_day_are_not_dates(text):
    assert found(text, D(2019, 1, 9)) == []


@pytest.mark.parametrize(
    "text",
    [
        "They earn more than 3,000 yuan a month.",
        "Diplomats from 12 countries visited.",
        "Some 2000 people marched.",
        "Theresa May spoke to the March organisers.",
        "Shoppers queued on Black Friday, USA Today reported.",
        "She reads the Sunday Times.",
        "Section 2019 of the code applies.",
    ],
)
def test_numbers_and_names_are_not_dates(text):
    assert found(text, D(2019, 1, 9)) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It was launched in 2011.", ["2011"]),
        ("Flooding is the worst since 2004.", ["2004"]),
        ("Talks will resume by 2026.", ["2026"]),
        ("Elections of 2018 and 2019 were close.", ["2018", "2019"]),
        ("He studied there from 1990-1994.", ["1990", "1994"]),
        ("Between 2010 and 2015, prices rose.", ["2010", "2015"]),
        ("Results of the 2019 election were disputed.", ["2019"]),
        ("The 2022 Winter Olympics opened.", ["2022"]),
        ("In 2019-20 the budget grew.", ["2019", "2020"]),
    ],
)
def test_bare_years_need_a_date_context(text, expected):
    assert [value for _, value, _ in found(text, D(2023, 1, 1))] == expected


def test_the_word_may_is_a_month_only_where_a_month_can_stand():
    assert found("Theresa May said in May that talks failed.", D(2019, 7, 10)) == [("May", "2019-05", "month")]
    assert found("Staff said their January wages were late.", D(2024, 2, 9)) == [("January", "2024-01", "month")]


def test_unresolved_relative_expressions_keep_their_precision():
    text = "On Monday, a week after last month's vote and last week's talks, Jan. 7 passed."
    got = [(m.text, m.value, m.precision, m.relative) for m in find_dates(text, [], None)]
    assert got == [
        ("Monday", None, "day", True),
        ("last month", None, "month", True),
        ("last week", None, "week", True),
        ("Jan. 7", None, "day", True),
    ]


def test_ambiguous_numeric_date_is_reported_without_value():
    assert found("The ruling of 05/06/2022 stands.", D(2023, 1, 1)) == [("05/06/2022", None, "day")]


def test_find_dates_reads_every_form_itself_and_never_hands_text_to_dateparser(monkeypatch):
    seen: list[str] = []

    class Spy:
        def get_date_data(self, s):
            seen.append(s)
            return None

    resolving._dateparser_resolve.cache_clear()
    monkeypatch.setattr(resolving, "_date_data_parser", lambda anchor, strict: Spy())
    text = "It was signed on 07-Jan-2019 in a long sentence " + "with many words " * 20 + "on Monday."
    found = find_dates(text, [], D(2019, 1, 9))
    resolving._dateparser_resolve.cache_clear()
    assert seen == []
    assert [(m.text, m.value) for m in found] == [("07-Jan-2019", "2019-01-07"), ("Monday", "2019-01-07")]


@pytest.mark.parametrize("written, value", [
    ("Jan-07-19", "2019-01-07"), ("07-Jan-19", "2019-01-07"), ("JAN-07-2019", "2019-01-07"),
    ("Dec-31-98", "1998-12-31"), ("29-Feb-2020", "2020-02-29")])
def test_a_hyphenated_day_with_its_month_named_gives_its_year_as_written(written, value):
    """"Jan-07-19" was left to dateparser, which could not order it: no value, no stated year."""
    [mention] = find_dates(f"Posted {written} 10:32", [], None)
    assert mention.value == value
    year, month, day = (int(part) for part in value.split("-"))
    assert reading.day_parts(written) == (None, month, day, year)


def test_a_hyphenated_day_that_no_calendar_has_is_no_date():
    assert find_dates("Posted Feb-30-2019 and 31-Apr-19", [], None) == []


def test_date_spans_cover_every_mention():
    text = "On Monday, Jan. 7, 2019, in the 1990s and last year."
    assert date_spans(text) == [(m.start, m.end) for m in find_dates(text, [], D(2019, 1, 9))]


def test_sentence_locator():
    sentences = [Sentence(0, 0, 10, "a" * 10), Sentence(1, 11, 20, "b" * 9)]
    locate = sentence_locator(sentences)
    assert [locate(0), locate(9), locate(10), locate(11), locate(25)] == [0, 0, 0, 1, 1]
    assert sentence_locator([])(5) == 0


def test_dotted_numeric_dates_read_day_first_while_slashes_stay_ambiguous():
    from storyscope.dates import resolve_expression

    assert resolve_expression("12.04.2024", None)[:2] == ("2024-04-12", "day")
    assert resolve_expression("05/06/2022", None) is None or resolve_expression("05/06/2022", None)[0] is None
