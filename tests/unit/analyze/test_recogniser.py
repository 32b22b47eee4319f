"""recogniser.recognise against spaCy's own ``ner.pipe``: the same entities, token for token."""

import random
from pathlib import Path

import numpy
import pytest
from spacy.attrs import ENT_IOB, ENT_TYPE

from storyscope.analyze import nlp as spacy_passes
from storyscope.analyze.recogniser import Moves, can_decode, recognise, valid_moves

pytestmark = pytest.mark.slow

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
# Entities next to line breaks and sentence ends, a name as the last token, whitespace runs,
# a one-token text, numbers, money, dates and titles: where the moves' validity rules decide.
EDGE_TEXTS = [
    "Reuters",
    "Prime Minister Ana Ruiz met Bo Li in Nairobi on 3 March 2021.\nWHO officials said $4.5 million was lost.",
    "He paid 12 percent.  \n\n  The United Nations\nGeneral Assembly voted. Acme Corp. fell 3%. Kenya",
    "Lt. Gen. Ramon Ortega said: “We will rebuild the Skerra Point bridge by June.”",
    "The 2019 Rugby World Cup in Japan drew 1.7 million fans, the Japan Rugby Football Union said",
]


def golden_texts(limit: int = 60) -> list[str]:
    pages = sorted(p for p in GOLDEN.rglob("*.txt") if "gold" not in p.name)
    return [p.read_text(encoding="utf-8") for p in pages[:limit]]


def split_docs(pipes, texts):
    sentencizer = pipes.nlp.get_pipe("sentencizer")
    return [spacy_passes._split_sentences(sentencizer, pipes.nlp.make_doc(t)) for t in texts]


def test_the_model_s_recogniser_is_decoded_here():
    pipes = spacy_passes.load()
    assert can_decode(pipes.nlp.get_pipe("ner"))
    assert not can_decode(pipes.nlp.get_pipe("parser"))  # another transition system: spaCy's own walk


@pytest.mark.parametrize("batch", [1, 7, 32])
def test_recognise_sets_the_entities_spacy_sets(batch):
    pipes = spacy_passes.load()
    ner = pipes.nlp.get_pipe("ner")
    texts = EDGE_TEXTS + golden_texts()
    expected = list(ner.pipe(split_docs(pipes, texts), batch_size=32))
    ours = split_docs(pipes, texts)
    for start in range(0, len(ours), batch):
        recognise(ner, ours[start : start + batch])
    assert sum(len(d.ents) for d in expected) > 1000
    for spacy_doc, our_doc in zip(expected, ours):
        assert [(e.start, e.end, e.label_) for e in our_doc.ents] == \
               [(e.start, e.end, e.label_) for e in spacy_doc.ents], our_doc.text[:80]
        assert numpy.array_equal(our_doc.to_array([ENT_IOB, ENT_TYPE]), spacy_doc.to_array([ENT_IOB, ENT_TYPE]))


def test_an_empty_document_in_the_batch_changes_nothing():
    pipes = spacy_passes.load()
    ner = pipes.nlp.get_pipe("ner")
    texts = ["", "Prime Minister Ana Ruiz spoke in Nairobi.", ""]
    expected = list(ner.pipe(split_docs(pipes, texts)))
    ours = split_docs(pipes, texts)
    recognise(ner, ours)
    assert [[(e.text, e.label_) for e in d.ents] for d in ours] == \
           [[(e.text, e.label_) for e in d.ents] for d in expected]
    assert list(ours[0].ents) == [] and len(ours[1].ents) >= 2


@pytest.mark.parametrize("seed", range(3))
def test_the_moves_allowed_are_those_spacy_allows(seed):
    """Random walks through spaCy's own state: at every token, the classes ``valid_moves`` allows
    are exactly those spaCy's transition system says are valid (whatever the model would pick)."""
    from spacy.pipeline._parser_internals.stateclass import StateClass

    pipes = spacy_passes.load()
    ner = pipes.nlp.get_pipe("ner")
    moves = Moves.of(ner)
    names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    rng = random.Random(seed)
    checked = 0
    for doc in split_docs(pipes, EDGE_TEXTS + golden_texts(10)):
        state = StateClass(doc)
        spaces = [t.is_space for t in doc]
        ends = [i + 1 == len(doc) or doc[i + 1].is_sent_start for i in range(len(doc))]
        is_open, label = False, 0
        while not state.is_final():
            i = state.B(0)
            ours = valid_moves(moves, numpy.array([is_open]), numpy.array([label]), numpy.array([ends[i]]),
                               numpy.array([spaces[i]]))[0]
            theirs = numpy.array([bool(ner.moves.is_valid(state, name)) for name in names])
            assert numpy.array_equal(ours, theirs), (doc.text[:60], i)
            chosen = rng.choice(numpy.flatnonzero(theirs).tolist())
            ner.moves.apply_transition(state, names[chosen])
            if moves.begin[chosen]:
                is_open, label = True, int(moves.label[chosen])
            elif moves.last[chosen]:
                is_open = False
            checked += 1
    assert checked > 3000
