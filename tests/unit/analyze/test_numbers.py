"""Number mentions: parse_number for each written form, find_numbers on article sentences.

Expected values, units and qualifiers follow tests/golden/CONVENTIONS.md; the example
sentences are copied from examples/*.txt.
"""

from __future__ import annotations

import re

import pytest

from storyscope.analyze.numbers import find_numbers, parse_number
from storyscope.model import Sentence


def sentences_of(text: str) -> list[Sentence]:
    return [Sentence(i, m.start(), m.end(), m.group()) for i, m in enumerate(re.finditer(r"[^.!?\n]+[.!?]*", text))]


def found(text: str) -> list[tuple[float, str | None, str | None]]:
    return [(n.value, n.unit, n.qualifier) for n in find_numbers(text, sentences_of(text))]


def texts(text: str) -> list[str]:
    return [n.text for n in find_numbers(text, sentences_of(text))]


# ---------------------------------------------------------------------------
# parse_number

@pytest.mark.parametrize(
    "text, value",
    [
        ("12", 12), ("3,000", 3000), ("1,234,567", 1234567), ("3.5", 3.5), ("0.5", 0.5),
        ("1.5 million", 1_500_000), ("18 million", 18_000_000), ("2 billion", 2e9), ("3 thousand", 3000),
        ("1m", 1e6), ("5k", 5000), ("$2bn", 2e9), ("£1.5m", 1.5e6), ("US$438", 438), ("Rs1,500", 1500),
        ("Sh1.4 billion", 1.4e9), ("A$42 million", 42e6), ("40%", 40),
        ("one", 1), ("twelve", 12), ("twenty-two", 22), ("Twenty two", 22), ("one hundred and five", 105),
        ("fifteen hundred", 1500), ("one million", 1e6), ("a million", 1e6), ("a hundred", 100),
        ("a dozen", 12), ("two dozen", 24), ("half a dozen", 6), ("half a million", 500_000),
        ("two million three hundred thousand", 2_300_000),
        ("hundreds of thousands", 100_000), ("tens of thousands", 10_000), ("thousands", 1000),
        ("hundreds", 100), ("dozens", 12), ("millions", 1e6),
        ("more than 3,000", 3000), ("as many as one million", 1e6), ("a million or more", 1e6),
        ("about 1.2 million", 1.2e6), ("minus 5", -5), ("-5", -5),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2", "3 yuan", "one two", "million", "the", "12th", "COVID-19"])
def test_parse_number_rejects_what_is_not_one_number(text):
    assert parse_number(text) is None


# ---------------------------------------------------------------------------
# find_numbers: the example articles' body sentences

def test_example_000():
    text = ("As many as one million majority Uyghurs and other Muslim minorities are believed to be detained in "
            "the facilities, according to UN estimates.\n"
            "In past weeks, a similar visit was organized for diplomats from 12 countries including India, Russia, "
            "Thailand, Kazakhstan, and Indonesia, according to Xinjiang officials.\n"
            "It is not the first time China has taken extreme measures.\n"
            "Thousands of Uyghurs have been secretly transferred from Xinjiang to facilities throughout China.")
    assert found(text) == [(1e6, "Uyghurs", "up to"), (12, "countries", None), (1000, "Uyghurs", None)]
    assert texts(text) == ["As many as one million", "12", "Thousands"]


def test_example_001():
    text = ("In August, a UN human rights panel said it had received credible reports that a million or more "
            "Uighurs and other minorities in Xinjiang were being held.\n"
            "In a rare move, a group of 15 Western ambassadors in Beijing have sought a meeting.\n"
            "In the last two weeks, the Chinese government has arranged for diplomats from 12 non-Western "
            "countries to visit the region, as well as organising a trip for a small group of reporters to three "
            "facilities, which it called vocational education training centres.")
    assert found(text) == [
        (1e6, "Uighurs", "at least"), (15, "ambassadors", None), (2, "weeks", None), (12, "countries", None),
        (3, "facilities", None),
    ]
    assert texts(text)[0] == "a million or more"


def test_example_002():
    text = ("The Human Rights Watch welcomed the letter and the efforts of the 22 ambassadors of different "
            "countries.\n"
            "In a letter to Bachelet, the ambassadors of these 22 countries asked China to maintain the dignity "
            "of its own laws.\n"
            "United Nations experts say around one million Uighur Muslims are being held in detention centres.")
    assert found(text) == [(22, "ambassadors", None), (22, "countries", None), (1e6, "Muslims", "about")]


def test_example_004():
    text = ("URUMQI (TCA) — Diplomatic envoys from 12 countries — Russia, Kazakhstan — visited Xinjiang in the "
            "last days of December, China’s Xinhua news agency reported on January 8.\n"
            "According to the factory owner, they receive a monthly salary of more than 3,000 yuan "
            "(438 US dollars).\n"
            "This comes amid reports that Chinese authorities have launched a campaign, sending hundreds of "
            "thousands and possibly more than 1 million people into internment camps.\n"
            "The detention has been a sensitive subject in neighboring Kazakhstan, a mostly Muslim country of "
            "18 million people.")
    assert found(text) == [
        (12, "countries", None),
        (3000, "yuan", "more than"),
        (438, "US dollars", None),
        (100_000, "people", None),
        (1e6, "people", "more than"),
        (18e6, "people", None),
    ]
    assert texts(text) == ["12", "more than 3,000", "438", "hundreds of thousands", "more than 1 million",
                           "18 million"]


# ---------------------------------------------------------------------------
# qualifiers, units, ranges

@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("As many as 300 people came.", "up to"), ("Up to 300 people came.", "up to"),
        ("A million or more people came.", "at least"), ("At least 300 people came.", "at least"),
        ("No fewer than 300 people came.", "at least"), ("More than 300 people came.", "more than"),
        ("Over 300 people came.", "more than"), ("Above 300 people came.", "more than"),
        ("About 300 people came.", "about"), ("Around 300 people came.", "about"),
        ("Some 300 people came.", "about"), ("Roughly 300 people came.", "about"),
        ("Approximately 300 people came.", "about"), ("An estimated 300 people came.", "about"),
        ("Nearly 300 people came.", "nearly"), ("Almost 300 people came.", "nearly"),
        ("Less than 300 people came.", "less than"), ("Fewer than 300 people came.", "less than"),
        ("Under 300 people came.", "less than"), ("At most 300 people came.", "at most"),
        ("No more than 300 people came.", "at most"), ("300 people came.", None),
    ],
)
def test_qualifiers_are_normalized(text, qualifier):
    [(value, unit, q)] = found(text)
    assert (value, unit, q) == (300 if "million" not in text else 1e6, "people", qualifier)


def test_text_covers_qualifier_and_number_as_written():
    text = "Well over 100 km were paved, nearly 40% of roads, about $2bn in all."
    assert texts(text) == ["Well over 100", "nearly 40%", "about $2bn"]
    for n in find_numbers(text, []):
        assert text[n.start:n.end] == n.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The court ordered the State to pay Sh1.4 billion.", (1.4e9, "shillings", None)),
        ("It cost up to $60 million.", (60e6, "dollars", "up to")),
        ("It owes more than A$180 million.", (180e6, "Australian dollars", "more than")),
        ("A bag costs above Rs1,500.", (1500, "rupees", "more than")),
        ("It buys power at up to Rs 20 a unit.", (20, "rupees", "up to")),
        ("Sales were 3.1 billion Danish kroner.", (3.1e9, "Danish kroner", None)),
        ("The fund is worth 500 billion yuan.", (500e9, "yuan", None)),
        ("They got €300 million.", (300e6, "euros", None)),
        ("Turnout was 51.8 percent.", (51.8, "percent", None)),
        ("Turnout was 51.8 per cent.", (51.8, "per cent", None)),
        ("Turnout was 52%.", (52, "percent", None)),
        ("Temperatures crossed 45 degrees Celsius.", (45, "degrees Celsius", None)),
        ("Recounts at 112 polling stations were sought.", (112, "polling stations", None)),
        ("The army sent 30 more boats.", (30, "boats", None)),
        ("Coal at three of the state's thermal plants ran low.", (3, "plants", None)),
        ("It grounded all 23 of its aircraft.", (23, "aircraft", None)),
        ("They spoke to two potential buyers.", (2, "buyers", None)),
        ("It pumps from its two remaining wells.", (2, "wells", None)),
        ("Hundreds of demonstrators gathered.", (100, "demonstrators", None)),
        ("Dozens of people fled.", (12, "people", None)),
        ("Scores of homes burned.", (20, "homes", None)),
        ("They finish this in one round.", (1, "round", None)),
        ("The court gave the State six months to pay.", (6, "months", None)),
        ("The group of 15 Western ambassadors met.", (15, "ambassadors", None)),
        ("It was a 10-day visit.", (10, "day", None)),
        ("Temperatures fell to minus 5 degrees.", (-5, "degrees", None)),
    ],
)
def test_units(text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Between 200 and 300 people came.", [(200, "people", "at least"), (300, "people", "at most")]),
        ("It will cost between $35 million and $50 million.",
         [(35e6, "dollars", "at least"), (50e6, "dollars", "at most")]),
        ("It could last between five and seven days.", [(5, "days", "at least"), (7, "days", "at most")]),
        ("Some 200-300 people came.", [(200, "people", "about"), (300, "people", None)]),
        ("It takes 5 to 10 days.", [(5, "days", "at least"), (10, "days", "at most")]),
        ("It rose from 12 to 15 percent.", [(12, "percent", None), (15, "percent", None)]),
        ("Stay one or two days.", [(1, "days", None), (2, "days", None)]),
        ("It covers two of the city's four wells.", [(2, "wells", None), (4, "wells", None)]),
        ("Only 212 ballots out of more than 64,000 had been contested.",
         [(212, "ballots", None), (64000, "ballots", "more than")]),
        ("Nine miners were killed and two are still missing.", [(9, "miners", None), (2, "miners", None)]),
    ],
)
def test_ranges_coordination_and_bare_numbers_share_a_unit(text, expected):
    assert found(text) == expected


# ---------------------------------------------------------------------------
# what is not a number

@pytest.mark.parametrize(
    "text",
    [
        "Section 230 and COVID-19 rules cover G20 states and 5G networks.",
        "The F-16 jets and the Boeing 737 landed at Route 9.",
        "He came 1st and she was 2nd in the 21st century.",
        "It happened at 2am, or 3 p.m., or 12:35 PM, or 6.02am.",
        "He said one of the officials was no one special; one another; one-on-one.",
        "On one hand the one-child policy ended; two-thirds agree.",
        "It opened on Jan. 7, 2019, in 2019, in the 1990s, two years ago.",
        "The 2022 Winter Olympics were held.",
        "Call 555-0143 now; it runs 24/7; remember 9/11.",
        "The No. 1 priority is the Top 10 list on the iPhone 11.",
    ],
)
def test_dates_times_ordinals_codes_and_pronouns_are_not_numbers(text):
    assert found(text) == []


def test_years_are_dates_but_counts_are_numbers():
    assert found("In 2019, 2000 people and 3,000 troops marched.") == [(2000, "people", None), (3000, "troops", None)]


def test_sentence_indexes():
    text = "Two agents spoke. At least three vessels left."
    mentions = find_numbers(text, sentences_of(text))
    assert [(n.text, n.sentence) for n in mentions] == [("Two", 0), ("At least three", 1)]


def test_no_sentences_given():
    assert [(n.value, n.sentence) for n in find_numbers("It had 12 rooms.")] == [(12, 0)]
