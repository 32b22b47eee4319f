"""The story comparison on hand-built analysed articles."""

from dataclasses import replace as dataclass_replace

from storyscope.cluster.reuse import find_reuse
from storyscope.compare.story import compare_story
from storyscope.model import DateMention, Entity, ProcessedArticle, Quote

from compare_samples import FLOOD, FLOOD_OTHER, MAYOR, WALL, article, number, story_of

def test_claim_carried_by_two_independent_outlets_is_corroborated_and_a_copy_adds_nothing():
    a = article("a", "Courier", [FLOOD, WALL])
    b = article("b", "Herald", ["On Sunday the Danne river burst its banks in Meridal and at least 11 people died.",
                                MAYOR, "Volunteers filled sandbags through the night along the eastern embankment.",
                                "Schools in the lower town will stay closed until the water recedes."])
    c = article("c", "Farm", [FLOOD, WALL], published="2025-09-16")  # a copy of a
    story = story_of(a, b, c)
    comparison = compare_story(story, [a, b, c], find_reuse([a, b, c], [story]))
    flood = next(cl for cl in comparison.claims if "river burst" in cl.text)
    assert set(flood.outlets) == {"Courier", "Herald", "Farm"}
    assert set(flood.independent_outlets) == {"Courier", "Herald"}
    wall = next(cl for cl in comparison.claims if "river wall" in cl.text)
    assert wall.status == "single-source"  # the farm copied it from the Courier
    assert wall.independent_outlets == ("Courier",)


def test_different_counts_for_the_same_thing_contradict():
    a = article("a", "Courier", [FLOOD], numbers=[number(11, "people", 0, "At least 11", "at least")])
    b = article("b", "Herald", [FLOOD_OTHER], numbers=[number(14, "people", 0, "Fourteen")])
    comparison = compare_story(story_of(a, b), [a, b])
    (claim,) = [c for c in comparison.claims if len(c.outlets) == 2]
    assert claim.status == "contradicted"
    (people,) = comparison.numbers
    assert people.unit == "people" and people.disagree
    assert {(r.outlet, r.value, r.qualifier) for r in people.reports} == {("Courier", 11, "at least"), ("Herald", 14, None)}


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
