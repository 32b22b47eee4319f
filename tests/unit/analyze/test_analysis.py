"""analyze_batch: the records it returns, through the real spaCy pipeline."""

import pytest

from storyscope.analyze.analysis import analyze_batch
from storyscope.model import Article

pytestmark = pytest.mark.slow


def article(text: str, published: str | None = None) -> Article:
    return Article(id="1" * 16, source="test", format="text", text=text, published=published)


def test_missing_publication_date_is_estimated_from_past_dates_only():
    text = ("The talks ended on 3 March 2021 without a deal.\n"
            "The new quota rules will take effect on 1 January 2024, the ministry said.")
    result = analyze_batch([article(text)])[0]
    assert result.article.published == "2021-03-03"
    assert result.article.published_inferred is True


def test_given_publication_date_is_kept_and_anchors_relative_dates():
    result = analyze_batch([article("The minister resigned on Monday.", published="2019-01-09")])[0]
    assert result.article.published_inferred is False
    assert [(d.text, d.value) for d in result.analysis.dates] == [("Monday", "2019-01-07")]


def test_sentences_cover_paragraphs_and_offsets_match():
    text = "First paragraph ends here.\nSecond one has two sentences. This is the second."
    sentences = analyze_batch([article(text)])[0].analysis.sentences
    assert [s.text for s in sentences] == ["First paragraph ends here.", "Second one has two sentences.",
                                           "This is the second."]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_entities_carry_one_canonical_name_per_person():
    text = ("Foreign Ministry spokesman Lu Kang said the visit was welcome.\n"
            "Lu also urged officials to respect procedures.")
    entities = analyze_batch([article(text)])[0].analysis.entities
    canonical = {e.text: e.canonical for e in entities if e.label == "PERSON"}
    assert canonical.get("Lu") == "Lu Kang"


def test_results_do_not_depend_on_batch_composition():
    a = article("Residents said the river rose two metres on Tuesday.", "2020-05-08")
    b = article("\u201cWe are ready,\u201d coach Tomas Berg told reporters.", "2020-05-08")
    alone = analyze_batch([a])[0]
    together = analyze_batch([b, a])[1]
    assert alone == together


def test_a_page_without_full_stops_is_cut_into_sentences_of_bounded_length():
    """One phrase repeated 300 times with no full stop (a fuzzed page) was one sentence of 2,700
    tokens whose speech clauses nested 300 deep: minutes to analyse. Pieces of at most
    MAX_SENTENCE_TOKENS keep it linear; ordinary sentences are not cut."""
    from storyscope.analyze.nlp import MAX_SENTENCE_TOKENS, load

    phrase = "the minister said the talks would go on and "
    result = analyze_batch([article(phrase * 300 + "\nShe said it was over.")])[0]
    sentences = result.analysis.sentences
    tokenizer = load().nlp.tokenizer
    assert all(len(tokenizer(s.text)) <= MAX_SENTENCE_TOKENS for s in sentences)
    assert MAX_SENTENCE_TOKENS <= 250
    assert len(sentences) == -(-2700 // MAX_SENTENCE_TOKENS) + 1
    assert sentences[-1].text == "She said it was over."
    long_one = "The minister, " + "who said the talks would go on, " * 20 + "left."  # 170 tokens
    assert [s.text for s in analyze_batch([article(long_one)])[0].analysis.sentences] == [long_one]


def test_a_long_text_meets_the_recogniser_in_pieces_with_the_same_entities(monkeypatch):
    """The recogniser holds about 15 kB per token of one call's text (1.7 GB for a 110,000-token
    page): a text over MAX_PASS_TOKENS goes to it in pieces of whole sentences, one at a time,
    and the entities, sentences and text come out as from one call."""
    from storyscope.analyze import nlp

    pipes = nlp.load()
    text = "\n".join([
        "Mayor Alma Ruiz of Port Helen said on Tuesday that the harbour would reopen in May.",
        "The Ministry of Transport in Lisbon gave 40 million euros to the Port Helen Authority.",
        "Captain Joseph Okafor told Reuters the ferries had been idle since 3 February 2021.",
    ] * 12)
    whole = nlp.run_entity_pass(pipes, [text])[0]
    seen: list[int] = []  # the length of each text the recogniser is given
    real_get_pipe = pipes.nlp.get_pipe

    class Counted:  # the real component, its inputs counted
        def __init__(self, component):
            self.component = component

        def pipe(self, docs, **kwargs):
            for doc in docs:
                seen.append(len(doc))
                yield from self.component.pipe([doc], **kwargs)

    monkeypatch.setattr(nlp, "MAX_PASS_TOKENS", 120)
    monkeypatch.setattr(pipes.nlp, "get_pipe", lambda name: Counted(real_get_pipe(name)) if name == "ner"
                        else real_get_pipe(name))
    pieced = nlp.run_entity_pass(pipes, [text])[0]
    assert len(whole) > 120 and len(seen) > 3 and max(seen) <= 120
    assert pieced.text == whole.text
    assert [(s.start, s.end) for s in pieced.sents] == [(s.start, s.end) for s in whole.sents]
    assert [(e.start_char, e.end_char, e.label_) for e in pieced.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in whole.ents]
    assert {e.label_ for e in whole.ents} >= {"PERSON", "GPE", "DATE", "ORG"}


def test_the_sentences_worth_parsing_are_those_with_speech_or_an_entity():
    """Chosen from one walk of the doc's entities: asking each sentence for its own entities walked
    all of them again (sentences × entities, 80 s on a fuzzed 160 kB page)."""
    from storyscope.analyze import nlp

    pipes = nlp.load()
    text = ("The river rose overnight. Anna Berg left Oslo on Monday. Water covered the fields.\n"
            "Nobody was hurt, the police said. It rained again. The council met 40 farmers.")
    doc = nlp.run_entity_pass(pipes, [text])[0]
    chosen = [s.text for s in nlp.sentences_worth_parsing(doc)]
    assert chosen == [s.text for s in doc.sents if nlp.needs_parse(s) or s.ents]
    assert chosen == ["Anna Berg left Oslo on Monday.", "Nobody was hurt, the police said.",
                      "The council met 40 farmers."]
