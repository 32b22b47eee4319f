"""How each outlet carries a claim, what disagrees inside a claim, and what kind of voice a speaker is."""

import pytest

from storyscope.compare.affiliation import UNNAMED, voice_kind
from storyscope.compare.stance import stance
from storyscope.compare.story import compare_story
from storyscope.model import DateMention, Entity, Quote

from compare_samples import FLOOD, article, number, story_of


def said(speaker, cue, sentence=0, kind="person"):
    return Quote(speaker, kind, speaker, cue, "the river wall held", 0, 10, "indirect", sentence)


@pytest.mark.parametrize(("sentence", "quotes", "expected"), [
    ("The river wall held through the night.", [], ("asserted", None)),
    ("The river wall held through the night, the mayor said.", [said("Ana Varga", "said")], ("attributed", "said")),
    ("The mayor claimed the river wall held.", [said("Ana Varga", "claimed")], ("attributed", "claimed")),
    ("The river wall reportedly held through the night.", [], ("hedged", None)),
    ("The so-called river wall held, the mayor said.", [said("Ana Varga", "said")], ("hedged", "said")),
    ("The ministry denied that the river wall failed.", [], ("disputed", "denied")),
    ("The union rejected the ministry's figures, saying the wall failed.", [said("union", "saying", kind="group")],
     ("disputed", "saying")),
    ("The United States announced new flood aid for Meridal.", [], ("attributed", "announced")),
    # the main clause is the outlet's own; the participle only adds what someone said
    ("The coastguard boarded two trawlers on Monday, saying they fished illegally.",
     [said("coastguard", "saying", kind="group")], ("asserted", "saying")),
    ("These are fishermen working waters that are at best disputed.", [], ("asserted", None)),
])
def test_stance_and_reporting_verb_of_a_version(sentence, quotes, expected):
    assert stance(article("a", "Courier", [sentence], quotes=quotes), 0) == expected


def test_a_sentence_inside_a_quotation_attributed_in_the_next_is_attributed():
    first, second = "\u201cOur members lift heavy boxes in the rain for thirty years.", "They deserve better,\u201d Brenner said."
    quote = Quote("Tomas Brenner", "person", "Brenner", "said", first + " They deserve better,", 0,
                  len(first) + 22, "direct", 1)
    assert stance(article("a", "Courier", [first, second], quotes=[quote]), 0) == ("attributed", "said")


def test_each_version_of_a_claim_keeps_its_stance_and_verb():
    a = article("a", "Courier", ["At least 11 people died when the Danne river burst its banks in Meridal, "
                                 "the mayor said."], quotes=[said("Ana Varga", "said")])
    b = article("b", "Herald", ["At least 11 people reportedly died when the Danne river burst its banks in Meridal."])
    (claim,) = compare_story(story_of(a, b), [a, b]).claims
    assert {(v.outlet, v.stance, v.verb) for v in claim.versions} == {
        ("Courier", "attributed", "said"), ("Herald", "hedged", None)}


def test_two_values_in_one_sentence_are_not_a_contradiction():
    fares = "Monthly travel passes in Meridal would rise from 38 to 44 crowns next year, the council said."
    a = article("a", "Courier", [fares], numbers=[number(38, "crowns", 0, "38"), number(44, "crowns", 0, "44")])
    b = article("b", "Herald", [fares], numbers=[number(38, "crowns", 0, "38"), number(44, "crowns", 0, "44")])
    c = article("c", "Gazette", ["Monthly travel passes in Meridal will rise to 44 crowns next year, the council said."],
                numbers=[number(44, "crowns", 0, "44")])
    (claim,) = compare_story(story_of(a, b, c), [a, b, c]).claims
    assert claim.status == "corroborated" and claim.conflicts == ()


def test_a_count_with_no_value_in_common_is_named_in_the_conflict():
    a = article("a", "Courier", [FLOOD], numbers=[number(11, "people", 0, "At least 11", "at least")])
    b = article("b", "Herald", ["Nine people died when the Danne river burst its banks in Meridal on Sunday."],
                numbers=[number(9, "people", 0, "Nine")])
    (claim,) = compare_story(story_of(a, b), [a, b]).claims
    assert claim.status == "contradicted"
    assert claim.conflicts == ("people: At least 11 vs Nine",)


def test_two_bounds_do_not_contradict():
    # "at least 11" and "at least 14" can both be true
    a = article("a", "Courier", [FLOOD], numbers=[number(11, "people", 0, "At least 11", "at least")])
    b = article("b", "Herald", ["At least 14 people died when the Danne river burst its banks in Meridal on Sunday."],
                numbers=[number(14, "people", 0, "At least 14", "at least")])
    (claim,) = compare_story(story_of(a, b), [a, b]).claims
    assert claim.status == "corroborated" and claim.conflicts == ()


def day(text, value, relative=False):
    return DateMention(text, value, "day", 0, len(text), 0, relative=relative)


def test_a_happening_put_on_two_written_out_days_is_contradicted_and_flagged_in_the_timeline():
    a = article("a", "Courier", ["The Danne river burst its banks in Meridal on 14 September, flooding the lower town."],
                dates=[day("14 September", "2025-09-14")])
    b = article("b", "Herald", ["The Danne river burst its banks in Meridal on 13 September, flooding the lower town."],
                dates=[day("13 September", "2025-09-13")])
    comparison = compare_story(story_of(a, b), [a, b])
    (claim,) = comparison.claims
    assert claim.status == "contradicted" and claim.conflicts == ("date: 2025-09-14 vs 2025-09-13",)  # in publication order
    flagged = {t.date: t.conflicting for t in comparison.timeline}
    assert flagged == {"2025-09-13": ("2025-09-14",), "2025-09-14": ("2025-09-13",)}


def test_weekdays_read_against_different_publication_days_are_not_a_date_conflict():
    a = article("a", "Courier", ["The Danne river burst its banks in Meridal on Sunday, flooding the lower town."],
                dates=[day("Sunday", "2025-09-14", relative=True)])
    b = article("b", "Herald", ["The Danne river burst its banks in Meridal on Sunday, flooding the lower town."],
                dates=[day("Sunday", "2025-09-21", relative=True)], published="2025-09-22")
    comparison = compare_story(story_of(a, b), [a, b])
    assert [c.conflicts for c in comparison.claims] == [()]
    assert all(t.conflicting == () for t in comparison.timeline)


@pytest.mark.parametrize(("speaker", "kind", "affiliation", "descriptors", "expected"), [
    ("Lu Kang", "person", "China's Foreign Ministry", {"Foreign Ministry spokesman"}, "officials and governments"),
    ("Michelle Bachelet", "person", "United Nations", {"The top UN human rights official, Michelle Bachelet"},
     "UN and international bodies"),
    ("UN human rights panel", "group", None, {"a UN human rights panel"}, "UN and international bodies"),
    ("Human Rights Watch", "group", None, {"The Human Rights Watch"}, "NGOs and rights groups"),
    ("Former Uyghur detainees", "group", None, {"Former Uyghur detainees"}, "witnesses and people affected"),
    ("diplomat", "group", None, {"a diplomat who asked not to be named"}, UNNAMED),
    (None, "unknown", None, set(), UNNAMED),
    ("Xinhua", "organization", "Xinhua", {"Xinhua"}, "media"),
    ("Herald", "organization", None, {"the Herald"}, "media"),  # one of the story's outlets
    ("Dana Koval", "person", "United Metalworkers", {"the union's chief steward at the plant"}, "unions and workers"),
    ("Henrike Aal", "person", "Meridal University", {"Dr", "a lecturer in migration law"}, "experts and academics"),
    ("Greta Moll", "person", None, {"chief executive"}, "companies and business"),
    ("Lina Castell", "person", None, {"Opposition transport spokesperson"}, "opposition and parties"),
    ("Estrova", "place", "Estrova", {"Estrova"}, "officials and governments"),
    ("Zakir", "person", None, {"Zakir", "he"}, "other"),
    # "who" is not the World Health Organization
    ("Katrin Dorn", "person", None, {"Minister Katrin Dorn, who took responsibility"}, "officials and governments"),
])
def test_kind_of_voice(speaker, kind, affiliation, descriptors, expected):
    assert voice_kind(speaker, kind, affiliation, descriptors, {"Herald", "Courier"}) == expected


def test_each_outlet_voices_summed_by_kind_with_their_share_of_quoted_words():
    text = "Foreign Ministry spokesman Lu Kang said the visit was welcome, and a diplomat said it was staged."
    quotes = [Quote("Lu Kang", "person", "Lu Kang", "said", "the visit was welcome", 0, 10, "indirect", 0),
              Quote("diplomat", "group", "a diplomat", "said", "it was staged", 0, 10, "indirect", 0)]
    a = article("a", "Courier", [text], quotes=quotes, entities=[Entity("Lu Kang", "PERSON", 27, 34, 0, "Lu Kang")])
    (outlet,) = compare_story(story_of(a), [a]).voices
    assert {v.speaker: v.group for v in outlet.voices} == {"Lu Kang": "officials and governments",
                                                          "diplomat": UNNAMED}
    assert [(g.kind, g.speakers, g.quotes, g.words, g.share) for g in outlet.groups] == [
        ("officials and governments", ("Lu Kang",), 1, 4, 0.571), (UNNAMED, ("diplomat",), 1, 3, 0.429)]
