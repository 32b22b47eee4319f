"""Word choice learned from a story, through the real tagger and parser."""

import pytest

from storyscope.analyze.analysis import analyze_batch
from storyscope.compare.claims import align_claims
from storyscope.compare.labels import label_groups
from storyscope.model import Article

pytestmark = pytest.mark.slow


def analysed(aid, outlet, text):
    return analyze_batch([Article(id=aid, source=aid, format="text", text=text, outlet=outlet,
                                  published="2025-10-05")])[0]


def test_outlets_naming_the_same_people_differently_are_grouped_with_scare_quotes_marked():
    a = analysed("a" * 16, "Herald", "Police arrested dozens of peaceful protesters outside the ministry on Saturday.\n"
                                     "The protesters carried banners against the fuel price rise.")
    b = analysed("b" * 16, "State TV", "Police arrested dozens of violent rioters outside the ministry on Saturday.\n"
                                       "Police said the \u201crioters\u201d had thrown stones at officers.")
    groups = label_groups([a, b], align_claims([a, b], [], {}))
    group = next(g for g in groups if {"protester", "rioter"} <= set(g.heads))
    by_outlet = group.by_outlet()
    assert "peaceful protesters" in by_outlet["Herald"]
    assert "violent rioters" in by_outlet["State TV"]
    assert "\u201crioters\u201d" in by_outlet["State TV"]  # the scare-quoted use is marked


def test_unrelated_heads_swapped_in_different_places_stay_apart():
    # aligned versions of one claim that differ by one head each, but not in the same place:
    # "grave concerns" (what officials raised) and "travel rules" (what they defended) are two things
    a = analysed("c" * 16, "Herald", "Health officials in Varna raised grave concerns about the quarantine on Monday, "
                                     "the ministry said.")
    b = analysed("d" * 16, "Courier", "Health officials in Varna defended the travel rules of the quarantine on Monday, "
                                      "the ministry said.")
    claims = align_claims([a, b], [], {})
    assert any(len({v.article for v in c.versions}) == 2 for c in claims)  # the two sentences are one claim
    groups = label_groups([a, b], claims)
    assert not any({"concern", "rule"} <= set(g.heads) for g in groups)


def test_a_head_swapped_in_the_same_place_is_one_target():
    a = analysed("e" * 16, "Herald", "Police detained 40 peaceful demonstrators near the border post on Tuesday.")
    b = analysed("f" * 16, "Courier", "Police detained 40 violent rioters near the border post on Tuesday.")
    groups = label_groups([a, b], align_claims([a, b], [], {}))
    assert any({"demonstrator", "rioter"} <= set(g.heads) for g in groups)
