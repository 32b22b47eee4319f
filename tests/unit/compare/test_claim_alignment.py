"""How sentences are grouped into claims: what joins two sentences and what keeps them apart.

Written to kill the mutants of compare/claims.py that no test noticed (docs/quality.md, mutation
testing): the likeness ratio, the choice of the most alike claim, the figure bonus, and whose
words a claim version carries."""

from storyscope.compare.story import compare_story
from storyscope.model import Quote

from compare_samples import FLOOD, MAYOR, article, number, story_of

FLOOD_HERALD = "On Sunday the Danne river burst its banks in Meridal and at least 11 people died."
# Each shares three content words with the flood sentence (Danne, Meridal, Sunday / people), far
# under the share that makes one fact: other facts of the same story.
RESCUE = "Rescue crews on the Danne carried people from flooded homes in Meridal to the shelters."
VIGIL = "Hundreds of Meridal residents held a candlelit vigil for the victims beside the Danne on Monday."
FERRY = "The ferry company said 40 passengers were stranded at the Meridal pier overnight."


def claims_by_text(*articles):
    return {c.text: c for c in compare_story(story_of(*articles), list(articles)).claims}


def test_a_sentence_joins_the_claim_it_states_not_those_it_only_shares_words_with():
    courier = article("a", "Courier", [RESCUE, VIGIL, FLOOD])
    herald = article("b", "Herald", [FLOOD_HERALD], published="2025-09-16")
    claims = claims_by_text(courier, herald)
    assert claims[FLOOD].status == "corroborated"
    assert {v.outlet for v in claims[FLOOD].versions} == {"Courier", "Herald"}
    for other in (RESCUE, VIGIL):  # words in common do not make the Herald a second source of these
        assert claims[other].status == "single-source" and claims[other].outlets == ("Courier",)
    assert len(claims) == 3


def test_the_same_count_of_things_named_otherwise_joins_two_sentences_and_a_different_count_does_not():
    courier = article("a", "Courier", [FERRY], numbers=[number(40, "passengers", 0, "40 passengers")])

    def herald(count: int):
        said = f"Officials in Meridal said {count} travellers spent the night waiting for a delayed ferry crossing."
        return article("b", "Herald", [said], published="2025-09-16",
                       numbers=[number(count, "travellers", 0, f"{count} travellers")])

    same = claims_by_text(courier, herald(40))
    assert len(same) == 1 and same[FERRY].status == "corroborated"
    other = claims_by_text(courier, herald(65))  # 40 and 65 are both large, but not one figure
    assert len(other) == 2 and other[FERRY].status == "single-source"


def test_a_version_is_attributed_only_to_a_speaker_quoted_in_that_sentence():
    varga = Quote("Ana Varga", "person", "Mayor Ana Varga", "said", "the city would open emergency shelters",
                  0, 20, "indirect", 1)
    courier = article("a", "Courier", [FLOOD, MAYOR], quotes=[varga])
    herald = article("b", "Herald", [FLOOD_HERALD], published="2025-09-16")
    claims = claims_by_text(courier, herald)
    assert [v.attributed_to for v in claims[FLOOD].versions] == [None, None]  # nobody said it: it is told
    assert [v.attributed_to for v in claims[MAYOR].versions] == ["Ana Varga"]


def test_a_carrier_that_ties_two_sources_merges_them_and_later_carriers_follow():
    from storyscope.compare.claims import independent_sources
    from storyscope.compare.records import ClaimVersion

    def carrier(article_id, outlet):
        return ClaimVersion(article_id, outlet, 0, FLOOD, None)

    # The Courier's first page, then the Farm's copy of the Courier's second page: two sources until
    # that second page comes, which is the Courier's and of the Farm's copy family at once.
    versions = [carrier("a1", "Courier"), carrier("f1", "Farm"), carrier("a2", "Courier"), carrier("f2", "Farm")]
    assert len(independent_sources(versions[:2], {("f1", "a2")})) == 2
    (source,) = independent_sources(versions, {("f1", "a2")})
    assert source.name == "Courier" and source.articles == ("a1", "f1", "a2", "f2")
