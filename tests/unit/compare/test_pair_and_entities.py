"""Two articles compared, and entities across stories, on hand-built analysed articles."""

from dataclasses import replace

import pytest

from storyscope.compare.entity_index import corpus_entities, entity_id, entity_record, list_entities, store_entities
from storyscope.compare.pair import compare_articles, compare_pair
from storyscope.errors import NotFound
from storyscope.model import Entity, Event, Quote, Story
from storyscope.store import Store

from compare_samples import FLOOD, MAYOR, WALL, article, number, story_of

WIRE = [FLOOD, WALL, MAYOR,
        "Volunteers filled sandbags through the night along the eastern embankment of the river.",
        "Schools in the lower town will stay closed until the water recedes, officials said."]
REWRITE = [FLOOD,  # taken word for word
           "The river wall repairs the city postponed last year were never finished before the flood.",  # edited
           "Emergency shelters in three schools will be opened by the city, Mayor Ana Varga said.",  # reordered
           "Volunteers filled sandbags through the night along the eastern embankment of the river.",
           "The regional governor will visit Meridal on Tuesday to see the damage for herself."]
UNRELATED = ["The central bank left its main interest rate unchanged at four percent on Thursday.",
             "Analysts had expected the bank to hold rates steady until inflation falls further.",
             "The currency weakened slightly against the euro after the announcement."]


def test_a_wire_copy_and_its_rewrite_share_passages_and_claims():
    wire = article("a" * 16, "Wire", WIRE, published="2025-09-14",
                   numbers=[number(11, "people", 0, "At least 11", "at least")])
    rewrite = article("b" * 16, "Daily", REWRITE, numbers=[number(14, "people", 0, "14")])
    d = compare_pair(wire, rewrite)
    pairs = {(p["a"], p["b"]) for p in d["passages"]}
    assert {(0, 0), (1, 1), (3, 3)} <= pairs
    assert (4, 4) not in pairs
    assert [p["id"] for p in d["passages"]] == [f"p{n}" for n in range(1, len(pairs) + 1)]
    assert d["reuse"]["source"] == "a" * 16 and d["reuse"]["copy"] == "b" * 16 and d["reuse"]["is_copy"]
    assert d["reuse"]["kind"] in {"verbatim", "edited", "spun"}
    assert d["reuse"]["share_of_a"] == round(len(pairs) / 5, 3)
    shared = {c["a"]["sentence"] for c in d["claims"]["shared"]}
    assert 0 in shared and 1 in shared
    assert all(c["a"] is None for c in d["claims"]["only_b"]) and any("governor" in c["text"] for c in d["claims"]["only_b"])
    (people,) = d["numbers"]
    assert people["unit"] == "people" and people["differ"]
    assert [n["text"] for n in people["a"]] == ["At least 11"] and [n["text"] for n in people["b"]] == ["14"]


def test_two_unrelated_articles_share_nothing():
    d = compare_pair(article("a" * 16, "Wire", WIRE), article("c" * 16, "Markets", UNRELATED))
    assert d["passages"] == [] and d["reuse"] is None
    assert d["claims"]["shared"] == [] and d["numbers"] == []
    assert len(d["claims"]["only_a"]) >= 3 and len(d["claims"]["only_b"]) >= 2
    assert d["a"]["shared_sentences"] == d["b"]["shared_sentences"] == 0


def zakir_articles():
    said = "Shohrat Zakir said the centres would shrink as trainees graduated."
    told = "\u201cThe number of trainees will fall,\u201d Zakir told reporters in Urumqi on Monday."
    first = article("1" * 16, "Courier", [said, WALL], published="2019-01-07",
                    entities=[Entity("Shohrat Zakir", "PERSON", 0, 13, 0, "Shohrat Zakir")],
                    quotes=[Quote("Shohrat Zakir", "person", "Shohrat Zakir", "said",
                                  "the centres would shrink as trainees graduated", 19, 65, "indirect", 0)])
    second = article("2" * 16, "Herald", [told, FLOOD], published="2019-01-08",
                     entities=[Entity("Zakir", "PERSON", 34, 39, 0, "Zakir")],
                     quotes=[Quote("Zakir", "person", "Zakir", "told", "The number of trainees will fall",
                                   1, 33, "direct", 0)])
    return first, second


def test_an_entity_with_two_names_across_articles_is_one_with_both_statements():
    first, second = zakir_articles()
    (zakir,) = corpus_entities([first, second], [story_of(first, second)])
    assert zakir.name == "Shohrat Zakir" and zakir.id == entity_id("Shohrat Zakir")
    assert zakir.id.startswith("n") and len(zakir.id) == 13
    assert "Zakir" in zakir.aliases and list(zakir.outlets) == ["Courier", "Herald"]
    assert {(a, q.cue) for a, q in zakir.quotes} == {("1" * 16, "said"), ("2" * 16, "told")}


def test_entities_of_two_stories_merge_by_name():
    first, second = zakir_articles()
    stories = [Story("s" + "1" * 12, None, (first.article.id,), ()), Story("s" + "2" * 12, None, (second.article.id,), ())]
    second_named = replace(second, analysis=replace(
        second.analysis, entities=(Entity("Shohrat Zakir", "PERSON", 34, 39, 0, "Shohrat Zakir"),)))
    (zakir,) = corpus_entities([first, second_named], stories)
    assert list(zakir.stories) == ["s" + "1" * 12, "s" + "2" * 12]
    assert len(zakir.mentions) == 2


@pytest.fixture
def store(tmp_path):
    first, second = zakir_articles()
    with Store.open(f"sqlite:///{tmp_path / 'hand.db'}") as opened:
        opened.add_many([first, second, article("3" * 16, "Markets", UNRELATED)])
        opened.replace_stories([story_of(first, second)])
        yield opened


def test_the_store_functions_list_and_resolve_entities(store):
    summaries = list_entities(store)
    zakir = next(s for s in summaries if s["name"] == "Shohrat Zakir")
    assert zakir["statements"] == 2 and zakir["mentions"] == 2 and zakir["label"] == "PERSON"
    assert list_entities(store, q="zak") == [zakir] and list_entities(store, q="nobody") == []
    record = entity_record(store, zakir["id"][:6])
    assert [(s["outlet"], s["published"], s["cue"]) for s in record["statements"]] == [
        ("Courier", "2019-01-07", "said"), ("Herald", "2019-01-08", "told")]
    assert [m["article"] for m in record["mentions"]] == ["1" * 16, "2" * 16]
    with pytest.raises(NotFound):
        entity_record(store, "nzzzzzz")
    with pytest.raises(NotFound):
        entity_record(store, "n")  # too short to be a prefix


def test_the_store_function_compares_by_id_prefix(store):
    d = compare_articles(store, "1111", "2222")
    assert (d["a"]["outlet"], d["b"]["outlet"]) == ("Courier", "Herald")
    with pytest.raises(NotFound):
        compare_articles(store, "1111", "ffff")
    with pytest.raises(ValueError):
        compare_articles(store, "1111", "1" * 16)


def test_the_entities_are_worked_out_again_when_the_stories_change(store):
    assert [s["statements"] for s in list_entities(store, q="zakir")] == [2]
    assert store_entities(store) is store_entities(store)  # nothing changed: the same result
    first, second = zakir_articles()
    apart = [Story("s" + str(n) * 12, None, (p.article.id,), (Event("e" + str(n) * 12, None, None, (p.article.id,)),))
             for n, p in enumerate((first, second), 1)]
    store.replace_stories(apart)  # "Zakir" alone is no longer "Shohrat Zakir"
    assert sorted(s["name"] for s in list_entities(store, q="zakir")) == ["Shohrat Zakir", "Zakir"]
