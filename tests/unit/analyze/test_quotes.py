"""Quote extraction on hand-written paragraphs, through the real spaCy pipeline."""

import pytest

from storyscope.analyze.analysis import analyze_batch
from storyscope.model import Article

pytestmark = pytest.mark.slow


def quotes_of(text: str):
    article = Article(id="0" * 16, source="test", format="text", text=text, published="2021-03-05")
    return analyze_batch([article])[0].analysis.quotes


def speakers(text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.kind) for q in quotes_of(text)]


def test_direct_quote_with_trailing_attribution():
    found = quotes_of('"We will not accept this offer," union leader Kwame Asante told reporters on Tuesday.')
    assert len(found) == 1
    q = found[0]
    assert (q.speaker, q.kind, q.cue) == ("Kwame Asante", "direct", "told")
    assert q.text == "We will not accept this offer,"


def test_indirect_quote_with_that_clause():
    found = quotes_of("Finance Minister Ana Ruiz said on Monday that the budget would be cut by a tenth.")
    assert [(q.speaker, q.kind) for q in found] == [("Ana Ruiz", "indirect")]
    assert found[0].text.startswith("the budget would be cut")


def test_pronoun_resolves_to_the_last_person_who_spoke():
    text = ("Health Minister Joseph Otieno said the clinics would reopen.\n"
            "The decision follows a week of protests in Kisumu.\n"
            "\u201cWe have listened to the nurses,\u201d he added.")
    assert speakers(text) == [("Joseph Otieno", "indirect"), ("Joseph Otieno", "direct")]


def test_title_resolves_to_the_named_holder():
    text = ("A spokesman for the ministry, Daniel Mbeki, said the talks had stalled.\n"
            "The spokesman said the ministry would publish its offer on Friday.")
    assert [s for s, _ in speakers(text)] == ["Daniel Mbeki", "Daniel Mbeki"]


def test_surname_resolves_to_full_name():
    text = ("Maria Lindqvist, the company's chief executive, said sales had fallen.\n"
            "\u201cIt was a hard year,\u201d Lindqvist said.")
    assert [s for s, _ in speakers(text)] == ["Maria Lindqvist", "Maria Lindqvist"]


def test_according_to_names_the_source():
    found = quotes_of("At least 40 people were injured, according to the Red Crescent.")
    assert len(found) == 1
    assert found[0].cue == "according to"
    assert found[0].speaker == "the Red Crescent" or found[0].speaker == "Red Crescent"
    assert found[0].text.startswith("At least 40 people")


def test_colon_introduced_quote():
    found = quotes_of('The mayor, Lucia Ferreira, said: "The water is safe to drink again."')
    assert [(q.speaker, q.kind) for q in found] == [("Lucia Ferreira", "direct")]
    assert found[0].text.startswith("The water is safe")


def test_quote_over_two_paragraphs_is_one_quote():
    text = ("\u201cWe waited three days for the boats,\u201d said Rokeya Sultana, a farmer. \u201cNobody came.\n"
            "\u201cNow the water is going down and we are counting what is left.\u201d")
    found = quotes_of(text)
    long_quote = [q for q in found if "counting what is left" in q.text]
    assert len(long_quote) == 1 and long_quote[0].speaker == "Rokeya Sultana"
    assert "Nobody came" in long_quote[0].text


def test_unbalanced_mark_does_not_lose_the_other_quotes():
    text = ('"The first offer was an insult, said Peter Haugen, the union chairman.\n'
            '"We will strike on Monday," Haugen told reporters.\n'
            '"The port will be closed," he said.')
    found = quotes_of(text)
    texts = [q.text for q in found]
    assert any(t.startswith("We will strike on Monday") for t in texts)
    assert any(t.startswith("The port will be closed") for t in texts)
    assert all(q.speaker == "Peter Haugen" for q in found if q.kind == "direct")


def test_scare_quotes_are_not_quotes():
    found = quotes_of("Officials call the camps \u201cvocational centres\u201d and deny any abuse took place there.")
    assert all("vocational centres" != q.text for q in found)


def test_quote_inside_a_quote_is_part_of_the_outer_one():
    text = "\u201cThe minister told us \u2018the money is coming\u2019, and it never came,\u201d said Amina Yusuf."
    found = quotes_of(text)
    assert len(found) == 1
    assert found[0].speaker == "Amina Yusuf"
    assert "the money is coming" in found[0].text


def test_described_group_as_speaker():
    found = quotes_of("Residents said the river had risen two metres overnight.")
    assert [(q.speaker, q.speaker_kind) for q in found] == [("Residents", "group")]


def test_dash_attribution():
    text = "\u201cThis ruling gives us our homes back.\u201d \u2014 Grace Wanjiru, a petitioner"
    found = quotes_of(text)
    assert [(q.speaker, q.kind) for q in found] == [("Grace Wanjiru", "direct")]


def test_offsets_point_at_the_text():
    text = "\u201cWe are ready,\u201d said coach Tomas Berg. Berg added that the squad was fit."
    for q in quotes_of(text):
        assert text[q.start:q.end].strip() == q.text


def test_whether_an_offset_is_quoted_is_answered_from_merged_spans_as_from_every_quotation():
    """A fuzzed page of 14,000 quotation marks and 110,000 tokens asked every token of every
    quotation: 30 s and more. The merged spans answer the same by bisection."""
    import random

    from storyscope.analyze.quotations import find_quotations
    from storyscope.analyze.quotes import _Context, _inside_quotation

    rng = random.Random(7)
    pieces = ['"text": ', "“Nested ‘inner’ words,” she said. ", "'a' ", "plain words ", "« guillemets » ", '"']
    for _ in range(30):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        ctx = _Context(text=text, entities=[], roles={}, quotations=find_quotations(text))
        for offset in range(len(text) + 1):
            expected = any(q.content_start <= offset < q.content_end for q in ctx.quotations)
            assert _inside_quotation(ctx, offset) == expected, (text, offset)
