"""Quote extraction case by case: "according to", speech acts with a plain object, a name found
near the verb, a second quotation continuing the first, pronouns and generic nouns, subjects that
are quantifiers, places or documents, and words that only look like reporting verbs. Each case is
a short invented news sentence run through the real spaCy pipeline, with the quote, speaker,
speaker kind, quote kind, cue and offsets a reader should get."""

import pytest

from storyscope.analyze.analysis import analyze_batch
from storyscope.model import Article

pytestmark = pytest.mark.slow


def quotes_of(text: str):
    article = Article(id="0" * 16, source="test", format="text", text=text, published="2021-03-05")
    return analyze_batch([article])[0].analysis.quotes


def summary(text: str) -> list[tuple]:
    """(speaker, speaker kind, cue, quote kind, text) of each quote."""
    return [(q.speaker, q.speaker_kind, q.cue, q.kind, q.text) for q in quotes_of(text)]


# --- "according to" -------------------------------------------------------------------------------

def test_according_to_paraphrase_stops_before_the_comma():
    text = "At least 40 people were injured, according to the Red Crescent."
    found = quotes_of(text)
    assert [(q.speaker, q.cue, q.kind, q.text) for q in found] == [
        ("Red Crescent", "according to", "indirect", "At least 40 people were injured")]
    assert (found[0].start, found[0].end) == (0, 31)


def test_according_to_with_a_quotation_is_direct():
    text = '"The bridge will reopen in May," according to the transport ministry.'
    assert [(q.speaker, q.speaker_kind, q.kind) for q in quotes_of(text)] == [
        ("transport ministry", "organization", "direct")]


# --- speech acts whose content is an object ----------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Kenya Airways denied the allegations.",
     ("Kenya Airways", "organization", "denied", "indirect", "the allegations")),
    ("The opposition condemned the attack on the convoy.",
     ("opposition", "group", "condemned", "indirect", "the attack on the convoy")),
    ("Over the weekend, the ministry expressed concern about the outbreak.",
     ("ministry", "group", "expressed", "indirect", "concern about the outbreak")),
    ("The Red Cross has accused the army of blocking aid convoys.",
     ("Red Cross", "organization", "accused", "indirect", "the army of blocking aid convoys")),
])
def test_a_speech_act_with_an_object_reports_the_object(text, expected):
    assert summary(text) == [expected]


def test_calling_for_something_reports_the_demand_and_calling_off_reports_nothing():
    # "called" has no object here: the demand is its "for" phrase (it used to give no quote at all)
    assert summary("The union called for a general strike on Monday.") == [
        ("union", "group", "called", "indirect", "for a general strike")]
    assert summary("The council called off the vote.") == []


def test_what_something_is_called_is_no_speech():
    assert summary("The camp is officially called a training centre.") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("EU ministers agreed to cut the catch limit by 22 percent.", []),  # a decision
    ("The two ministers agreed that the talks had failed.",
     [("ministers", "group", "agreed", "indirect", "the talks had failed")]),
])
def test_agreeing_is_speech_only_with_what_was_agreed_as_a_clause(text, expected):
    assert summary(text) == expected


def test_telling_an_audience_without_a_clause_reports_nothing():
    assert list(quotes_of("Joseph Otieno tells reporters at the port about the delays.")) == []


def test_a_passive_subject_of_told_is_the_audience_not_the_speaker():
    assert list(quotes_of("Residents were told that the water was safe to drink.")) == []


# --- a name near the verb when the parse gives it no subject ------------------------------------------

@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("Prime Minister Joseph Otieno, asked about the strike on a visit to Kisumu, said he had full "
     "confidence in the teachers.", "Joseph Otieno", "he had full confidence in the teachers"),
    ("Interior Minister Kwame Asante, asked about the protest during a visit to Mombasa, said the police "
     "had acted within the law.", "Kwame Asante", "the police had acted within the law"),
])
def test_the_person_named_before_a_subjectless_verb_speaks(text, speaker, content):
    assert summary(text) == [(speaker, "person", "said", "indirect", content)]


# --- a second quotation continuing the first ---------------------------------------------------------

def test_a_second_quotation_with_its_own_verb_is_a_quote_of_its_own():
    text = '"We will rebuild every house," said Grace Wanjiru. "Nothing will stop us now," she added.'
    assert summary(text) == [
        ("Grace Wanjiru", "person", "said", "direct", "We will rebuild every house,"),
        ("Grace Wanjiru", "person", "added", "direct", "Nothing will stop us now,"),
    ]


def test_a_quotation_without_a_verb_in_the_same_paragraph_extends_the_quote_before_it():
    text = ('Grace Wanjiru, the mayor, spoke on Monday. "We will rebuild every house," she said. '
            '"Nothing will stop us now."\nOfficials said the repairs would cost 4 million dollars.')
    found = quotes_of(text)
    assert [(q.speaker, q.cue, q.kind) for q in found] == [
        ("Grace Wanjiru", "said", "direct"), ("Officials", "said", "indirect")]
    first = found[0]
    assert first.text.startswith("We will rebuild every house") and first.text.endswith("Nothing will stop us now.")
    assert first.end == text.index("Nothing will stop us now.") + len("Nothing will stop us now.")


@pytest.mark.parametrize("first", [
    'Mayor Grace Wanjiru said: "We will rebuild every house."',
    '"We will rebuild every house," said Mayor Grace Wanjiru.',
])
def test_a_quotation_opening_the_next_paragraph_is_a_new_quote_of_the_same_speaker(first):
    text = first + '\n"Nothing will stop us now, not even the river."'
    found = quotes_of(text)
    assert [(q.speaker, q.speaker_kind, q.cue, q.kind) for q in found] == [
        ("Grace Wanjiru", "person", "said", "direct")] * 2
    assert found[0].text.startswith("We will rebuild every house")
    assert found[1].text == "Nothing will stop us now, not even the river."
    assert (found[1].start, found[1].end) == (text.index("Nothing"), text.index("Nothing") + len(found[1].text))


def test_a_quotation_described_by_the_speaker_is_a_direct_quote():
    text = ('Grace Wanjiru visited the valley on Sunday. She described the floods as '
            '"the worst in living memory for the whole valley".')
    assert summary(text) == [
        ("Grace Wanjiru", "person", "described", "direct", "the worst in living memory for the whole valley")]


def test_a_paraphrase_embedding_a_quotation_is_one_indirect_quote():
    text = ('Grace Wanjiru said the plan was "a betrayal of every nurse in the country" '
            'and vowed to fight it in court.')
    said = [q for q in quotes_of(text) if q.cue == "said"]
    assert [(q.speaker, q.kind) for q in said] == [("Grace Wanjiru", "indirect")]
    assert said[0].text.startswith('the plan was "a betrayal of every nurse in the country"')


# --- pronouns and generic nouns ----------------------------------------------------------------------

def test_it_is_the_organisation_named_before_when_nobody_has_spoken():
    text = "Kenya Airways cancelled 30 flights on Monday. It said the strike had grounded its crews."
    assert summary(text) == [
        ("Kenya Airways", "organization", "said", "indirect", "the strike had grounded its crews")]


def test_it_in_a_later_paragraph_is_the_organisation_that_spoke_last():
    text = ("Kenya Airways said the strike had grounded its crews.\n"
            "The strike entered its third day on Tuesday.\n"
            "It said talks with the union would resume on Friday.")
    assert [(q.speaker, q.speaker_kind, q.speaker_text) for q in quotes_of(text)] == [
        ("Kenya Airways", "organization", "Kenya Airways"), ("Kenya Airways", "organization", "It")]


def test_the_ministry_is_the_ministry_named_before_it_not_one_named_later():
    text = ("The Ministry of Health said the clinics would reopen.\n"
            "The ministry said nurses would be paid in full.\n"
            "A spokesman for the Ministry of Finance declined to comment.")
    assert [(q.speaker, q.speaker_kind) for q in quotes_of(text)] == [
        ("Ministry of Health", "organization"), ("Ministry of Health", "organization")]


# --- subjects: quantifiers, places, shared and absolute subjects --------------------------------------

def test_some_of_a_group_speaks_for_the_group():
    assert summary("Many of the residents said the water came at night.") == [
        ("residents", "group", "said", "indirect", "the water came at night")]


def test_a_country_speaks_as_a_place():
    assert summary("Kenya said it would send troops to the border.") == [
        ("Kenya", "place", "said", "indirect", "it would send troops to the border")]


def test_and_added_shares_the_subject_of_said():
    text = "The health ministry said the clinics would reopen and added that nurses would be paid in full."
    added = [q for q in quotes_of(text) if q.cue == "added"]
    assert [(q.speaker, q.speaker_kind, q.text) for q in added] == [
        ("health ministry", "group", "nurses would be paid in full")]


def test_the_person_after_with_speaks_in_a_with_saying_phrase():
    text = ("The talks ended without a deal, with the union's negotiator, Grace Wanjiru, "
            "saying that the strike would go on.")
    assert summary(text) == [("Grace Wanjiru", "person", "saying", "indirect", "the strike would go on")]


# --- documents: whoever issued them speaks -----------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker", "kind"), [
    ("UN estimates suggest that 2,000 people have fled the fighting.", "UN", "organization"),
    ("Figures from local hospitals suggest that 200 people were injured.", "local hospitals", "group"),
    ("Kenyan government figures suggest that 400 people have fled.", "Kenyan government", "group"),
    ("The court's ruling said the contract was void.", "court", "group"),
])
def test_a_document_speaks_for_whoever_issued_it(text, speaker, kind):
    assert [(q.speaker, q.speaker_kind, q.kind) for q in quotes_of(text)] == [(speaker, kind, "indirect")]


def test_a_document_nobody_is_named_for_has_an_unknown_speaker():
    found = quotes_of("The report said the river had been polluted for years.")
    assert [(q.speaker, q.speaker_kind, q.speaker_text, q.text) for q in found] == [
        (None, "unknown", "The report", "the river had been polluted for years")]


# --- words that look like reporting verbs ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Residents fear the so-called peace plan.",
    "Since the flood, the ferry carries an estimated 3,000 people a day.",
    "Hundreds marched on Sunday, the opposition's so-called day of anger against the new tax law.",
    "Hundreds marched on Sunday, the opposition's so-called day of national anger and mourning.",
    "Hundreds marched on Sunday, the opposition's so-called day of anger.",  # a short tail too
])
def test_so_called_and_an_estimated_are_no_attribution(text):
    assert list(quotes_of(text)) == []


# --- a relative clause's speaker --------------------------------------------------------------------

def test_who_in_a_relative_clause_stands_for_the_name_it_follows():
    text = ("Dock workers walked out on Monday, led by union organiser Kwame Asante, who said they "
            "would not return until wages rose.")
    assert [(q.speaker, q.speaker_kind, q.cue, q.text) for q in quotes_of(text)] == [
        ("Kwame Asante", "person", "said", "they would not return until wages rose")]


def test_which_in_a_relative_clause_stands_for_the_body_it_follows():
    text = "The ministry, which said the figures were wrong, asked for a recount."
    assert [(q.speaker, q.text) for q in quotes_of(text)] == [("ministry", "the figures were wrong")]


def test_a_second_speech_act_hung_on_the_first_ones_clause_is_a_quote_of_its_own():
    text = "The minister said the talks had failed and added that new elections were possible."
    assert [(q.speaker, q.cue, q.text) for q in quotes_of(text)] == [
        ("minister", "said", "the talks had failed"), ("minister", "added", "new elections were possible")]
