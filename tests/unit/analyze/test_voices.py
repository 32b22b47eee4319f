"""Speakers on pages whose attributions are hard to read: titles with abbreviations, datelines,
media and platforms, nominal references and pronouns. Names are invented."""

import pytest

from storyscope.analyze.analysis import analyze_batch
from storyscope.model import Article

pytestmark = pytest.mark.slow


def quotes_of(text: str):
    article = Article(id="0" * 16, source="test", format="text", text=text, published="2021-03-05")
    return analyze_batch([article])[0].analysis.quotes


def speakers(text: str) -> list[str | None]:
    return [q.speaker for q in quotes_of(text)]


def test_title_abbreviation_does_not_end_the_sentence():
    text = '"Nobody will be left behind," said Lt. Gen. Oskar Varennes-Pike, the regional commander.'
    assert speakers(text) == ["Oskar Varennes-Pike"]


def test_nominal_reference_and_it_resolve_to_the_organisation():
    text = ("HALDEN — Norvik Airways cancelled 40 flights on Monday after its pilots walked out, the airline said.\n"
            "The airline said it had rebooked most passengers onto partner carriers.\n"
            '"We sincerely regret the disruption to our customers," it said.')
    assert speakers(text) == ["Norvik Airways"] * 3


def test_platform_is_not_the_speaker():
    text = ("Delta response: The region's envoy to the talks, Maren Solheim-Vik, said on X, formerly Twitter, "
            "that the deal was fragile.")
    assert speakers(text) == ["Maren Solheim-Vik"]


def test_the_ambassador_is_the_person_given_that_role():
    text = ("Norway's ambassador to the United Nations in Geneva, Elin Fjeldstad, attended the signing.\n"
            "The ambassador said Oslo hoped the model could be used elsewhere.")
    assert speakers(text) == ["Elin Fjeldstad"]


def test_she_is_the_person_the_paragraph_introduced():
    text = ("Supt. Rolf Haugen told reporters that more arrests were likely.\n"
            "Our neighbourhood officer, Sgt. Ada Brekke-Lund, is holding a drop-in on Thursday. "
            "She said anyone with worries could also email the team.")
    assert speakers(text) == ["Rolf Haugen", "Ada Brekke-Lund"]


def test_told_a_broadcaster_after_the_content():
    text = ("Police are investigating the theft of diesel from the depot's tanks, "
            "Supt. Rolf Haugen-Lie told Coastline Radio on Wednesday.")
    found = quotes_of(text)
    assert [q.speaker for q in found] == ["Rolf Haugen-Lie"]
    assert found[0].text.startswith("Police are investigating")


def test_surname_the_recogniser_missed_resolves_to_the_full_name():
    text = ("Rep. Sunniva Aas-Kroken questioned the general for an hour.\n"
            '"Somebody looked at it and did not see it, or did not look," Aas-Kroken said after the hearing.')
    assert speakers(text)[-1] == "Sunniva Aas-Kroken"
