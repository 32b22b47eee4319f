"""Disputed figures: one figure told differently by pages on one event, on articles analysed by
the real pipeline (spaCy and the number reader), and the look-alikes that are no dispute."""

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
