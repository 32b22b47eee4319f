"""Versions of one figure across pages (compare/figures.py): told differently (a dispute) or
in other words (one claim), on articles analysed by the real pipeline, and the look-alikes."""

import pytest

from storyscope.analyze.analysis import analyze_batch
from storyscope.compare.story import compare_story
from storyscope.model import Article, Event, Story

pytestmark = pytest.mark.slow


def page(aid: str, outlet: str, text: str) -> Article:
    return Article(id=aid, source=aid, format="text", text=text, outlet=outlet, published="2026-03-04")


def contradicted(*texts: str, events: tuple[tuple[int, ...], ...] | None = None):
    """The contradicted claims of a story of one page per text (one event unless given)."""
    articles = [page(f"p{i}", f"Outlet {i}", text) for i, text in enumerate(texts)]
    processed = analyze_batch(articles)
    ids = tuple(a.id for a in articles)
    groups = events or (tuple(range(len(texts))),)
    story = Story("s" + "1" * 12, None, ids, tuple(
        Event("e" + str(n) * 12, None, "2026-03-03", tuple(ids[i] for i in members)) for n, members in enumerate(groups)))
    claims = compare_story(story, processed).claims
    assert len({c.id for c in claims}) == len(claims), "claim ids must be unique"
    return [c for c in claims if c.status == "contradicted"]


SEVEN = ("A Varden-3 rocket failed shortly after launch on Tuesday. "
         "The rocket was carrying seven small satellites for a weather company.")
EIGHT = ("Spectators gasped as the launch went wrong. "
         "The Varden-3, carrying eight satellites, broke apart over the sea.")


def test_one_count_told_in_other_words_is_contradicted():
    (claim,) = contradicted(SEVEN, EIGHT)
    assert {v.article for v in claim.versions} == {"p0", "p1"}
    assert any("seven" in c and "eight" in c for c in claim.conflicts)


def test_the_same_count_on_different_events_is_no_dispute():
    assert contradicted(SEVEN, EIGHT, events=((0,), (1,))) == []


def test_a_part_of_the_whole_is_no_dispute():
    part = ("Spectators gasped as the launch went wrong. "
            "Four of the satellites carried by the Varden-3 belonged to a mapping firm.")
    assert contradicted(SEVEN, part) == []


def test_a_figure_within_the_others_bound_is_no_dispute():
    bound = ("Spectators gasped as the launch went wrong. "
             "The Varden-3 was carrying more than five satellites, none of which survived.")
    assert contradicted(SEVEN, bound) == []


def test_a_span_of_time_does_not_dispute_a_moment_inside_it():
    moment = "Police officers reached the gallery at 03:50, after the thieves had left."
    span = ("Thieves broke into the gallery overnight. Anyone who saw vehicles near the gallery "
            "between 03:00 and 04:30 is asked to call police.")
    assert contradicted(moment, span) == []


def test_a_time_told_in_another_clock_agrees_and_a_different_one_disputes():
    first = "The thieves entered the gallery through a skylight at 03:40, police said."
    same = "Burglars lowered themselves through the gallery skylight at 3.40am on Sunday."
    other = "Burglars lowered themselves through the gallery skylight at 2.10am on Sunday."
    assert contradicted(first, same) == []
    (claim,) = contradicted(first, other)
    assert {v.article for v in claim.versions} == {"p0", "p1"}


def claims_of(*texts: str):
    articles = [page(f"p{i}", f"Outlet {i}", text) for i, text in enumerate(texts)]
    ids = tuple(a.id for a in articles)
    story = Story("s" + "1" * 12, None, ids, (Event("e" + "0" * 12, None, "2026-03-03", ids),))
    return compare_story(story, analyze_batch(articles)).claims


def test_one_figure_told_in_other_words_and_units_is_one_corroborated_claim():
    # few words in common (the aligner alone keeps them apart), the same figure among the same words
    km = "Telemetry showed the Varden-3 lost thrust at an altitude of about 61 km over the Minch strait."
    miles = ("Company figures released late on Wednesday by the operator put the final break-up "
             "38 miles over the Minch strait.")
    joined = [c for c in claims_of(km, miles) if len(c.versions) == 2]
    assert [c.status for c in joined] == ["corroborated"]


def test_the_same_figure_among_other_words_stays_apart():
    km = "Telemetry showed the Varden-3 lost thrust at an altitude of about 61 km over the Minch strait."
    road = "Rescue crews drove 38 miles from the depot to reach the harbour before dawn."
    assert all(len(c.versions) == 1 for c in claims_of(km, road))


@pytest.mark.parametrize("a, b, agree", [
    ((2600, "driver", "nearly"), (2000, "driver", "less than"), False),  # "nearly" is close to, not "up to"
    ((2600, "driver", "nearly"), (700, "driver", "less than"), None),  # found apart: 3.7 times is two quantities
    ((31000, "people", "about"), (31400, "people", None), True),
    ((58000, "suv", "about"), (61300, "suv", None), False),  # beyond rounding
    ((11, "people", "at least"), (14, "people", None), True),
    ((11, "people", "at least"), (7, "people", None), False),
    ((11, "people", "at least"), (14, "people", "at least"), None),  # two bounds
    ((19.5, "euro", None), (2.3e9, "euro", None), None),  # two quantities, not two versions
    ((61, "km", "about"), (38, "mile", None), True),  # across units
])
def test_when_two_amounts_agree(a, b, agree):
    from storyscope.compare.figures import amounts_agree
    from storyscope.text.measures import amount

    (x, unit_x, qx), (y, unit_y, qy) = a, b
    assert amounts_agree(amount(x, unit_x), qx, amount(y, unit_y), qy) is agree


def test_aligned_versions_disagree_across_a_wider_gap():
    # the aligner says the sentences tell one fact: "about 3,200" against "fewer than 900" is a disagreement
    from storyscope.compare.figures import amounts_agree
    from storyscope.text.measures import amount

    assert amounts_agree(amount(3200, "dockworker"), "about", amount(900, "dockworker"), "less than",
                         far_apart=100.0) is False
