"""entities.py: one canonical name per person/organisation, without a model."""

import pytest

from storyscope.analyze.entities import Mention, canonical_names, clean_name, roles_after, roles_before, strip_title

P, O = "PERSON", "ORG"


def names(*mentions):
    return [name for name, _ in canonical_names([Mention(t, label) for t, label in mentions])]


def test_surname_resolves_to_full_name():
    assert names(("Marta Okonkwo", P), ("Okonkwo", P), ("Marta", P)) == ["Marta Okonkwo"] * 3


def test_surname_mislabelled_as_org_is_the_person():
    result = canonical_names([Mention("Marta Okonkwo", P), Mention("Okonkwo", O)])
    assert result == [("Marta Okonkwo", P), ("Marta Okonkwo", P)]


def test_fullest_form_wins():
    assert names(("Peter Mwale Kariuki", P), ("Mwale Kariuki", P), ("Kariuki", P)) == ["Peter Mwale Kariuki"] * 3


def test_one_letter_typo_merges_with_the_usual_spelling():
    result = names(("Tobias Lindqvist", P), ("Tobias Lindqvist", P), ("Tobias Lindqvst", P), ("Lindqvist", P))
    assert result == ["Tobias Lindqvist"] * 4


def test_one_letter_extra_typo_merges_too():
    assert names(("Lu Kangm", P), ("Lu Kang", P), ("Lu Kang", P)) == ["Lu Kang"] * 3


def test_different_people_stay_apart():
    assert names(("Ana Ruiz", P), ("Pedro Alvarez", P)) == ["Ana Ruiz", "Pedro Alvarez"]


def test_acronym_resolves_to_the_spelled_out_organisation():
    result = canonical_names([Mention("the Harbour Safety Board", O), Mention("HSB", O), Mention("NATO", O)])
    assert result == [("Harbour Safety Board", O), ("Harbour Safety Board", O), ("NATO", O)]


def test_acronym_skips_function_words():
    assert names(("the Bank of Central Islands", O), ("BCI", O)) == ["Bank of Central Islands"] * 2


def test_possessive_and_leading_the_are_cleaned():
    assert names(("the Foreign Ministry’s", O), ("Foreign Ministry", O), ("Ministry", O)) == ["Foreign Ministry"] * 3
    assert clean_name("the Foreign Ministry’s") == "Foreign Ministry"
    assert clean_name("The Port Authority's") == "Port Authority"
    assert clean_name("islanders’") == "islanders"


def test_titles_swallowed_into_person_spans_are_stripped():
    result = names(("Foreign Minister Ana Ruiz", P), ("Ruiz", P), ("Mr Ruiz", P), ("Dr. Ana Ruiz", P))
    assert result == ["Ana Ruiz"] * 4


def test_titles_are_not_stripped_from_organisations():
    assert names(("Ministry of Transport", O)) == ["Ministry of Transport"]


@pytest.mark.parametrize(
    ("span", "name"),
    [
        ("State Minister for Disaster Management Enamul Kabir Haque", "Enamul Kabir Haque"),
        ("Deputy Harbour Commissioner Lena Vogt", "Lena Vogt"),
        ("Prof. Ines Albarran", "Ines Albarran"),
        ("Lena Vogt", "Lena Vogt"),
        ("Mr.", "Mr."),  # nothing after the title: keep the span rather than lose it
    ],
)
def test_strip_title(span, name):
    assert strip_title(span) == name


def test_roles_before_a_name():
    text = "Harbour Authority spokeswoman Lena Vogt said the ferries would run."
    assert roles_before(text, text.index("Lena")) == ["spokeswoman"]


def test_roles_before_stop_at_sentence_and_quote():
    text = 'The minister spoke. "Lena Vogt said'
    assert roles_before(text, text.index("Lena")) == []
    assert roles_before("Lena Vogt arrived.", 0) == []


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("Lu Kang, a spokesman for the ministry, said", ["spokesman"]),
        ("Lena Vogt, a senior spokeswoman for the authority, said", ["spokeswoman"]),
        ("Lena Vogt, the ferry owner, said", ["owner"]),
        ("Lena Vogt, a friend of the minister, said", []),
        ("Lena Vogt, who owns the ferries, said", []),
        ("Lena Vogt said", []),
    ],
)
def test_roles_after_a_name(text, roles):
    assert roles_after(text, len(text.split(",")[0].split(" said")[0])) == roles


def test_roles_before_reads_a_role_phrase_and_title_abbreviations():
    text = "Uzbekistan's ambassador to the United Nations in Geneva, Dilnoza Karimova"
    assert roles_before(text, text.index("Dilnoza")) == ["ambassador"]
    text = "Gov. Ana Ruiz-Ocampo"
    assert roles_before(text, text.index("Ana")) == ["governor"]
    text = "Minister Ana Ruiz met the envoy, Bo Lindahl"
    assert "minister" not in roles_before(text, text.index("Bo"))


def test_dateline_is_not_part_of_a_name():
    assert clean_name("DUBLIN — Fernhill Payroll Services") == "Fernhill Payroll Services"
