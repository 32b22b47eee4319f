"""The story comparison on hand-built analysed articles."""

from dataclasses import replace as dataclass_replace

from storyscope.cluster.reuse import Reuse, find_reuse
from storyscope.compare.story import compare_story
from storyscope.model import DateMention, Entity, Event, ProcessedArticle, Quote, Story

from compare_samples import FLOOD, FLOOD_OTHER, FLOOD_SEVEN, MAYOR, WALL, article, number, story_of

def test_claim_carried_by_two_independent_outlets_is_corroborated_and_a_copy_adds_nothing():
    a = article("a", "Courier", [FLOOD, WALL])
    b = article("b", "Herald", ["On Sunday the Danne river burst its banks in Meridal and at least 11 people died.",
                                MAYOR, "Volunteers filled sandbags through the night along the eastern embankment.",
                                "Schools in the lower town will stay closed until the water recedes."])
    c = article("c", "Farm", [FLOOD, WALL], published="2025-09-16")  # a copy of a
    story = story_of(a, b, c)
    comparison = compare_story(story, [a, b, c], find_reuse([a, b, c], [story]))
    flood = next(cl for cl in comparison.claims if "river burst" in cl.text)
    assert flood.status == "corroborated"
    assert set(flood.outlets) == {"Courier", "Herald", "Farm"}
    assert set(flood.independent_outlets) == {"Courier", "Herald"}
    reasons = {s.name: s.reason for s in flood.sources}
    assert reasons == {"Courier": "outlet Courier; counted once with Farm (same copy family)", "Herald": "outlet Herald"}
    wall = next(cl for cl in comparison.claims if "river wall" in cl.text)
    assert wall.status == "single-source"  # the farm copied it from the Courier
    assert wall.independent_outlets == ("Courier",)


HERALD_FLOOD = ["On Sunday the Danne river burst its banks in Meridal and at least 11 people died.",
                "Volunteers filled sandbags through the night along the eastern embankment."]


def test_two_articles_of_one_outlet_are_one_source():
    a = article("a", "Courier", [FLOOD, MAYOR])
    b = article("b", "Courier", HERALD_FLOOD, published="2025-09-16")
    flood = next(cl for cl in compare_story(story_of(a, b), [a, b]).claims if "river burst" in cl.text)
    assert len(flood.versions) == 2 and flood.status == "single-source"
    (source,) = flood.sources
    assert (source.name, source.articles) == ("Courier", ("a", "b"))
    assert source.reason == "outlet Courier; counted once with another page of Courier"


def test_two_pages_with_no_outlet_that_are_copies_are_one_source():
    # the copies are found by compare_story itself: no reuse records handed in
    a = article("a1b2c3d4", None, [FLOOD, WALL, MAYOR])
    b = article("e5f6a7b8", None, [FLOOD, WALL, MAYOR], published="2025-09-16")
    comparison = compare_story(story_of(a, b), [a, b])
    assert comparison.claims and all(c.status == "single-source" for c in comparison.claims)
    flood = next(cl for cl in comparison.claims if "river burst" in cl.text)
    assert flood.outlets == ("unknown outlet (a1b2c3)", "unknown outlet (e5f6a7)")
    (source,) = flood.sources
    assert source.name == "unknown outlet (a1b2c3)" and source.articles == ("a1b2c3d4", "e5f6a7b8")
    assert source.reason == "unattributed page; counted once with unknown outlet (e5f6a7) (same copy family)"


def test_two_pages_with_no_outlet_that_are_not_copies_are_two_sources():
    """The rule: a page with no outlet whose text is no copy of another carrier was written apart."""
    a = article("a1b2c3d4", None, [FLOOD, WALL])
    b = article("e5f6a7b8", None, HERALD_FLOOD)
    comparison = compare_story(story_of(a, b), [a, b])
    assert not comparison.copies
    flood = next(cl for cl in comparison.claims if "river burst" in cl.text)
    assert flood.status == "corroborated"
    assert [(s.name, s.reason) for s in flood.sources] == [
        ("unknown outlet (a1b2c3)", "unattributed page, not a copy of any other carrier"),
        ("unknown outlet (e5f6a7)", "unattributed page, not a copy of any other carrier")]


def test_a_copy_and_its_source_are_one_source_in_either_order():
    a = article("a", "Courier", [FLOOD, WALL, MAYOR], published="2025-09-16")
    c = article("c", "Farm", [FLOOD, WALL, MAYOR])  # published first: the Courier copied the Farm
    story = story_of(a, c)
    comparison = compare_story(story, [a, c])
    (copy,) = comparison.copies
    assert (copy.source, copy.copy) == ("c", "a")
    assert all(cl.status == "single-source" and len(cl.sources) == 1 for cl in comparison.claims)
    flood = next(cl for cl in comparison.claims if "river burst" in cl.text)
    assert set(flood.outlets) == {"Courier", "Farm"} and len(flood.independent_outlets) == 1


def test_two_copies_of_one_text_count_once_even_when_their_original_lacks_the_claim():
    original = article("w", "Wire", [MAYOR])
    x = article("x", "Courier", [FLOOD], published="2025-09-16")
    y = article("y", "Herald", HERALD_FLOOD[:1], published="2025-09-16")
    # both sites copied the wire, which said no more than the mayor's words: one copy family
    reuses = [Reuse("w", "x", "edited", 0.5, 1.0, ()), Reuse("w", "y", "edited", 0.5, 1.0, ())]
    flood = next(cl for cl in compare_story(story_of(original, x, y), [original, x, y], reuses).claims
                 if "river burst" in cl.text)
    assert flood.status == "single-source" and flood.independent_outlets == ("Courier",)
    assert flood.sources[0].reason == "outlet Courier; counted once with Herald (same copy family)"


def test_claims_come_in_dossier_order():
    """Contradicted first, then corroborated by the most independent sources, then each outlet's exclusives."""
    from storyscope.model import NumberMention

    shelters = "Mayor Ana Varga opened emergency shelters in three lower town schools on Monday."
    sandbags = "Volunteers filled sandbags through the night along the eastern embankment of the river."
    toll = "The regional office said the flood damaged roughly 400 homes along the Danne valley."
    toll_other = "The regional office said the flood damaged roughly 900 homes along the Danne valley."
    zoo = "The Meridal zoo moved its animals to the upper park before the water rose."
    ferry = "The ferry across the Danne will not run again until the landing is repaired."

    def homes(value, at):
        return NumberMention(f"roughly {value}", value, "homes", "roughly", 0, 9, at)

    # short lines of their own (too short to be claims) keep the shared sentences from making copies
    a = article("a", "Zeta Post", [toll, sandbags, shelters, ferry] + [f"Update {n} followed." for n in range(6)],
                numbers=[homes(400, 0)])
    b = article("b", "Courier", [toll_other, sandbags, shelters] + [f"Note {n} was added." for n in range(6)],
                numbers=[homes(900, 0)])
    c = article("c", "Herald", [shelters, zoo])
    claims = compare_story(story_of(a, b, c), [a, b, c]).claims
    order = [(c.status, len(c.sources), c.exclusive_to, c.text[:20]) for c in claims]
    assert order == [("contradicted", 2, None, toll[:20]), ("corroborated", 3, None, shelters[:20]),
                     ("corroborated", 2, None, sandbags[:20]), ("single-source", 1, "Herald", zoo[:20]),
                     ("single-source", 1, "Zeta Post", ferry[:20])]


def test_an_outlet_omits_only_claims_of_events_it_covers():
    a = article("a", "Courier", [FLOOD, WALL])
    b = article("b", "Herald", [FLOOD_OTHER, WALL])
    c = article("c", "State TV", [MAYOR], published="2025-09-20")  # only the later event, the shelters
    d = article("d", "Radio", ["The Danne river burst its banks in Meridal on Sunday, and 11 people died."])
    story = Story("s" + "1" * 12, None, ("a", "b", "c", "d"),
                  (Event("e" + "1" * 12, None, "2025-09-14", ("a", "b", "d")),
                   Event("e" + "2" * 12, None, "2025-09-20", ("c",))))
    comparison = compare_story(story, [a, b, c, d])
    wall = next(cl for cl in comparison.claims if "river wall" in cl.text)
    assert comparison.omissions == {"Radio": (wall.id,)}  # State TV reported another event: nothing omitted


def test_different_counts_for_the_same_thing_contradict():
    a = article("a", "Courier", [FLOOD], numbers=[number(11, "people", 0, "At least 11", "at least")])
    b = article("b", "Herald", [FLOOD_SEVEN], numbers=[number(7, "people", 0, "Seven")])
    comparison = compare_story(story_of(a, b), [a, b])
    (claim,) = [c for c in comparison.claims if len(c.outlets) == 2]
    assert claim.status == "contradicted"
    (people,) = comparison.numbers
    assert people.unit == "people" and people.disagree
    assert {(r.outlet, r.value, r.qualifier) for r in people.reports} == {("Courier", 11, "at least"), ("Herald", 7, None)}


def test_a_count_within_the_others_bound_agrees():
    # "at least 11" and "fourteen" can both be true: no contradiction, in the claim or the numbers
    a = article("a", "Courier", [FLOOD], numbers=[number(11, "people", 0, "At least 11", "at least")])
    b = article("b", "Herald", [FLOOD_OTHER], numbers=[number(14, "people", 0, "Fourteen")])
    comparison = compare_story(story_of(a, b), [a, b])
    (claim,) = [c for c in comparison.claims if len(c.outlets) == 2]
    assert claim.status == "corroborated" and not claim.conflicts
    (people,) = comparison.numbers
    assert not people.disagree


def test_widely_carried_claim_missing_from_an_outlet_is_its_omission():
    a = article("a", "Courier", [FLOOD, WALL])
    b = article("b", "Herald", [FLOOD_OTHER, WALL])
    c = article("c", "State TV", [FLOOD, MAYOR])
    comparison = compare_story(story_of(a, b, c), [a, b, c])
    wall = next(cl for cl in comparison.claims if "river wall" in cl.text)
    assert comparison.omissions == {"State TV": (wall.id,)}


def test_voices_and_names_across_articles():
    q1 = Quote("Ana Varga", "person", "Mayor Ana Varga", "said", "the city would open shelters", 0, 10, "indirect", 0)
    q2 = Quote("Varga", "person", "Varga", "said", "we will rebuild", 0, 10, "direct", 0)
    a = article("a", "Courier", [MAYOR], quotes=[q1], entities=[Entity("Ana Varga", "PERSON", 6, 15, 0, "Ana Varga")])
    b = article("b", "Herald", ["\u201cWe will rebuild,\u201d Varga said on Monday."], quotes=[q2],
                entities=[Entity("Varga", "PERSON", 20, 25, 0, "Varga")])
    comparison = compare_story(story_of(a, b), [a, b])
    assert comparison.people == {"Varga": "Ana Varga"}
    assert {(v.outlet, v.voices[0].speaker, v.voices[0].words) for v in comparison.voices} == {
        ("Courier", "Ana Varga", 5), ("Herald", "Ana Varga", 3)}


def test_timeline_merges_reported_days_with_their_sources():
    d = DateMention("Sunday", "2025-09-14", "day", 0, 6, 0, relative=True)
    a = article("a", "Courier", [FLOOD], dates=[d])
    b = article("b", "Herald", [FLOOD_OTHER], dates=[d])
    (item,) = compare_story(story_of(a, b), [a, b]).timeline
    assert (item.date, item.outlets, item.citations) == ("2025-09-14", ("Courier", "Herald"), (("a", 0), ("b", 0)))


def test_attribution_chain_runs_from_outlet_through_the_copied_agency_to_the_speakers():
    from storyscope.model import ResidueLine

    said = "The envoys visited a clothing factory in Hotan, the counselor said, Xinhua reported on Tuesday."
    q_inner = Quote("Manarbek Kabaziyev", "person", "the counselor", "said", "The envoys visited", 0, 20, "indirect", 0)
    q_outer = Quote("Xinhua", "organization", "Xinhua", "reported", "The envoys visited", 0, 20, "indirect", 0)
    wire = article("w", "Wire", [said, "Diplomats from twelve countries toured the region for a week in December.",
                                 "They met students and factory owners in three cities of the region."],
                   quotes=[q_inner, q_outer], published="2019-01-08")
    client = article("c", "Client", [said, "Diplomats from twelve countries toured the region for a week in December.",
                                     "They met students and factory owners in three cities of the region."],
                     quotes=[q_inner, q_outer], published="2019-01-09")
    story = story_of(wire, client)
    comparison = compare_story(story, [wire, client], find_reuse([wire, client], [story]))
    claim = next(c for c in comparison.claims if "clothing factory" in c.text)
    chains = {v.outlet: v.chain for v in claim.versions}
    assert chains["Wire"] == ("Wire", "Xinhua", "Manarbek Kabaziyev")
    assert chains["Client"] == ("Client", "Wire", "Xinhua", "Manarbek Kabaziyev")
    credited = ProcessedArticle(
        dataclass_replace(wire.article, boilerplate=(ResidueLine("(With inputs from agencies)", "credit", 9),)),
        wire.analysis)
    from storyscope.compare.attribution import chain
    assert chain(credited, 1, {}, {}) == ("Wire", "agencies")


def test_singular_forms():
    from storyscope.words import singular

    assert [singular(w) for w in ["countries", "heroes", "camps", "Ships", "news", "crisis", "boxes", "people"]] == [
        "country", "hero", "camp", "ship", "news", "crisis", "box", "people"]


def test_the_comparison_lists_who_copied_whom():
    a = article("a", "Courier", [FLOOD, WALL, MAYOR])
    c = article("c", "Farm", [FLOOD, WALL, MAYOR], published="2025-09-16")
    story = story_of(a, c)
    (copy,) = compare_story(story, [a, c], find_reuse([a, c], [story])).copies
    assert (copy.source, copy.copy, copy.kind) == ("a", "c", "verbatim")


def test_one_person_across_articles_with_every_mention_their_other_names_and_roles():
    a = article("a", "Courier", ["Shohrat Zakir, chairman of the regional government, met the envoys on Monday."],
                entities=[Entity("Shohrat Zakir", "PERSON", 0, 13, 0, "Shohrat Zakir")])
    b = article("b", "Herald", ["The envoys were welcome, Zakir told reporters.", "Zakir spoke for an hour."],
                entities=[Entity("Zakir", "PERSON", 25, 30, 0, "Zakir"), Entity("Zakir", "PERSON", 47, 52, 1, "Zakir")],
                quotes=[Quote("Zakir", "person", "Zakir", "told", "The envoys were welcome", 0, 23, "indirect", 0)])
    comparison = compare_story(story_of(a, b), [a, b])
    (zakir,) = [e for e in comparison.entities if e.name == "Shohrat Zakir"]
    assert zakir.aliases == ("Zakir",) and zakir.label == "PERSON"
    assert zakir.roles == ("chairman of the regional government",)
    assert zakir.mentions == (("a", 0), ("b", 0), ("b", 1)) and zakir.outlets == ("Courier", "Herald")
    assert zakir.quotes == 1
