"""The comparison of the five example pages, against what a careful reader finds in them."""

import pytest

from storyscope.library import compare_stories
from storyscope.cluster.stories import cluster
from storyscope.store import Store


@pytest.fixture(scope="module")
def comparison(examples_db):
    with Store.open(examples_db) as store:
        found = cluster(list(store.iter_processed()))
        store.replace_stories(found)
        (result,) = compare_stories(store, found).values()
        outlets = {p.article.id: p.article.outlet for p in store.iter_processed()}
    return result, outlets


def test_the_misspelt_spokesman_is_one_person_across_articles(comparison):
    result, _ = comparison
    assert result.people.get("Lu Kangm") == "Lu Kang"


def test_lu_kangs_warning_is_corroborated_by_two_outlets(comparison):
    result, _ = comparison
    claim = next(c for c in result.claims if "avoid interfering in domestic matters" in c.text)
    assert claim.status == "corroborated" and "The Epoch Times" in claim.outlets
    assert {v.attributed_to for v in claim.versions} == {"Lu Kang"}


def test_twelve_countries_agree_across_three_outlets(comparison):
    result, _ = comparison
    countries = next(n for n in result.numbers if n.unit == "country")
    assert not countries.disagree
    assert {r.outlet for r in countries.reports} >= {"The Epoch Times", "The Times of Central Asia"}


def test_voices_each_outlet_gives_most_room(comparison):
    result, _ = comparison
    top = {v.outlet: v.voices[0].speaker for v in result.voices}
    assert top["The Epoch Times"] == "Zakir"
    assert top["Iphone Fresh"] == "Geng Shuang"
    assert top["WION"] == "Wang Yi"


def test_timeline_runs_from_2018_to_2022_with_sources(comparison):
    result, _ = comparison
    dates = [t.date for t in result.timeline]
    assert dates == sorted(dates) and dates[0].startswith("2018") and dates[-1].startswith("2022")
    assert all(t.citations for t in result.timeline)


def test_camps_are_named_differently_by_outlets(comparison):
    result, _ = comparison
    camps = next(g for g in result.labels if "camp" in g.heads)
    by_outlet = camps.by_outlet()
    assert len(by_outlet) >= 3
    assert any("internment camps" in label for label in by_outlet.get("The Times of Central Asia", []))


def test_speakers_are_tied_to_the_body_they_speak_for(comparison):
    result, _ = comparison
    affiliation = {v.speaker: v.affiliation for outlet in result.voices for v in outlet.voices}
    assert affiliation["Wang Yi"] == "China"
    assert affiliation["China"] == "China"  # an organisation or country speaks for itself
