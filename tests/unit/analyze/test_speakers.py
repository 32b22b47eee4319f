"""Which person a speech verb belongs to when several are named: the one nearest the verb, and for
"he"/"she" the nearest one the text has not shown to be of the other gender. Each case names two
people so that taking the first instead of the last, or ignoring gender, picks the wrong one."""

import pytest

from storyscope.analyze.analysis import analyze_batch
from storyscope.model import Article

pytestmark = pytest.mark.slow


def speakers(text: str) -> list[tuple[str | None, str]]:
    article = Article(id="0" * 16, source="test", format="text", text=text, published="2021-03-05")
    return [(q.speaker, q.kind) for q in analyze_batch([article])[0].analysis.quotes]


@pytest.mark.parametrize(("text", "speaker"), [
    # the subject is a title with an apposition: the person it names, not the one it belongs to
    ("Joseph Otieno's lawyer, Daniel Mbeki, said the appeal would be filed on Friday.", "Daniel Mbeki"),
    ("The lawyer for Maria Lindqvist, Kwame Asante, said the appeal would be filed on Friday.", "Kwame Asante"),
    # an aside names someone else first
    ("After meeting Joseph Otieno, Kwame Asante said the talks had been useful.", "Kwame Asante"),
    # a label before the speaker is parsed as a second subject: the one nearest the verb speaks
    ("Joseph Otieno's warning: Daniel Mbeki said the talks had stalled.", "Daniel Mbeki"),
])
def test_the_person_named_last_before_the_verb_speaks(text, speaker):
    assert speakers(text) == [(speaker, "indirect")]


def test_a_pronoun_goes_to_the_person_named_last():
    text = "Joseph Otieno met Daniel Mbeki in Nairobi on Monday.\nHe said the talks had been useful."
    assert speakers(text) == [("Daniel Mbeki", "indirect")]


@pytest.mark.parametrize(("text", "speaker"), [
    # the title before the name tells the gender; the other person was named last
    ("Ms Lena Vogt chaired the meeting on Monday.\nMr Paul Brou arrived late.\n"
     "\u201cWe found no agreement,\u201d she said.", "Lena Vogt"),
    ("Mr Paul Brou chaired the meeting on Monday.\nMs Lena Vogt arrived late.\n"
     "\u201cWe found no agreement,\u201d he said.", "Paul Brou"),
    ("Spokeswoman Lena Vogt opened the meeting on Monday.\nMr Paul Brou arrived late.\n"
     "She said no agreement had been found.", "Lena Vogt"),
])
def test_a_pronoun_skips_a_person_of_the_other_gender_by_title(text, speaker):
    assert speakers(text)[-1][0] == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    # "Vogt said she …" tells her gender; Brou spoke last
    ("Lena Vogt said she would not sign the deal.\nPaul Brou said he had asked for more time.\n"
     "\u201cWe found no agreement,\u201d she said.", "Lena Vogt"),
    ("Paul Brou said he would not sign the deal.\nLena Vogt said she had asked for more time.\n"
     "\u201cWe found no agreement,\u201d he said.", "Paul Brou"),
])
def test_a_pronoun_skips_a_speaker_of_the_other_gender_by_paraphrase(text, speaker):
    first, second = ("Lena Vogt", "Paul Brou") if speaker == "Lena Vogt" else ("Paul Brou", "Lena Vogt")
    assert speakers(text) == [(first, "indirect"), (second, "indirect"), (speaker, "direct")]

