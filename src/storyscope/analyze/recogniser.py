"""The entity recogniser's greedy decoding, run over a whole batch at once with numpy.

spaCy's ``ner`` component scores each token with its model and then walks the tokens one
transition at a time (BILUO: Begin, In, Last, Unit, Out), keeping the best valid move. The
model part is a few large matrix products; the walk took most of the time here. In the
installed spaCy (3.8.18) the walk checks each of the 74 moves for every token through a
state accessor that takes and releases the interpreter lock on every call (seen with perf and
gdb: ``StateC::safe_get`` calling ``PyGILState_Ensure``): about 50 µs a token, 2.9 of the
recogniser's 4.2 s on 150 articles of ``bench/ingest.py``'s varied corpus.

This module runs the same model layers (``tok2vec``, the precomputed lower layer and the upper
layer of spaCy's ``TransitionModel``) and the same greedy choice, but steps every document of
the batch together: step t decides token t of each document still that long. The validity rules
are those of spaCy's ``BiluoPushDown`` for documents without preset entities (ours never have
any); the scores are the same sums and the same BLIS product, so the entities are the same as
``ner.pipe`` gives (``tests/unit/analyze/test_recogniser.py`` compares them on real texts).
Models whose recogniser is not a greedy transition model with these moves use spaCy's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span

_MOVES = ("B", "I", "L", "U", "O")


@dataclass(frozen=True)
class Moves:
    """Each class of the recogniser's output as masks over the classes: its move and label."""

    begin: numpy.ndarray  # bool per class, B with a label
    inside: numpy.ndarray
    last: numpy.ndarray
    unit: numpy.ndarray  # U with a label (U without one only keeps a preset blocked token)
    out: numpy.ndarray
    label: numpy.ndarray  # the class's label id (0 for none)
    names: tuple[str, ...]  # the label names, indexed by label id

    @classmethod
    def of(cls, ner: EntityRecognizer) -> "Moves":
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        moves = numpy.array([n.split("-", 1)[0] for n in names])
        labels = [n.split("-", 1)[1] if "-" in n else "" for n in names]
        distinct = ("",) + tuple(dict.fromkeys(l for l in labels if l))
        label = numpy.array([distinct.index(l) for l in labels])
        has_label = label > 0
        return cls(begin=(moves == "B") & has_label, inside=(moves == "I") & has_label,
                   last=(moves == "L") & has_label, unit=(moves == "U") & has_label, out=moves == "O",
                   label=label, names=distinct)


def can_decode(ner) -> bool:
    """Is this a greedy transition-based recogniser with BILUO moves, as spaCy's ``ner`` is?"""
    if not isinstance(ner, EntityRecognizer) or ner.cfg.get("beam_width", 1) != 1:
        return False
    model = ner.model
    if model.name != "parser_model" or not model.attrs.get("has_upper") or model.attrs.get("unseen_classes"):
        return False
    names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    return all(n.split("-", 1)[0] in _MOVES for n in names) and model.get_ref("lower").get_dim("nF") == 3


def valid_moves(moves: Moves, is_open: numpy.ndarray, open_label: numpy.ndarray, ends_here: numpy.ndarray,
                on_space: numpy.ndarray) -> numpy.ndarray:
    """Which classes each state may take at its current token (states x classes), by spaCy's
    BILUO rules without preset entities: an entity opens only where no other is open, not on
    whitespace and not on a sentence's (or the document's) last token; it continues (I) only
    with its own label and not across that end; it closes (L) with its own label anywhere."""
    same_label = moves.label[None, :] == open_label[:, None]
    can_open = ~is_open & ~on_space
    return ((moves.begin[None, :] & (can_open & ~ends_here)[:, None])
            | (moves.inside[None, :] & (is_open & ~ends_here)[:, None] & same_label)
            | (moves.last[None, :] & is_open[:, None] & same_label)
            | (moves.unit[None, :] & can_open[:, None])
            | (moves.out[None, :] & ~is_open[:, None]))


def recognise(ner: EntityRecognizer, docs: Sequence[Doc]) -> None:
    """Set ``doc.ents`` on each of ``docs`` (sentence starts already set) as ``ner`` would."""
    docs = [d for d in docs if len(d)]
    if not docs:
        return
    tok2vec, lower, upper = ner.model.layers
    # lower layer, precomputed for every token: row 0 is the padding, token k of the batch is row k + 1
    features = lower.predict(tok2vec.predict(docs))  # (tokens + 1, 3 features, hidden, pieces)
    bias = lower.get_param("b")
    weights, upper_bias = upper.get_param("W"), upper.get_param("b")
    moves = Moves.of(ner)

    lengths = numpy.array([len(d) for d in docs])
    offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])
    arrays = [d.to_array([IS_SPACE, SENT_START]) for d in docs]
    space = numpy.concatenate([a[:, 0] for a in arrays]).astype(bool)
    # no entity may run past this token: the next one opens a sentence, or there is none
    ends = numpy.concatenate([numpy.append(a[1:, 1] == 1, True) for a in arrays])

    n = len(docs)
    opened = numpy.zeros(n, dtype=bool)  # an entity is open
    open_label = numpy.zeros(n, dtype=numpy.int64)
    open_start = numpy.zeros(n, dtype=numpy.int64)
    found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
    ops = ner.model.ops
    for step in range(int(lengths.max())):
        active = numpy.flatnonzero(lengths > step)
        token = offsets[active] + step  # the token each active document decides now
        is_open = opened[active]
        # the three features: the token, the open entity's first token, the token before (else padding)
        first = numpy.where(is_open, offsets[active] + open_start[active] + 1, 0)
        before = numpy.where(is_open, token, 0)
        summed = features[token + 1, 0] + features[first, 1] + features[before, 2] + bias
        hidden = summed.max(axis=-1)  # maxout over the pieces
        scores = ops.gemm(hidden, weights, trans2=True) + upper_bias

        valid = valid_moves(moves, is_open, open_label[active], ends_here=ends[token], on_space=space[token])
        chosen = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)  # first best, as spaCy picks

        label = moves.label[chosen]
        begins, closes, units = moves.begin[chosen], moves.last[chosen], moves.unit[chosen]
        opened[active[begins]] = True
        open_label[active[begins]] = label[begins]
        open_start[active[begins]] = step
        for i in numpy.flatnonzero(closes):
            d = active[i]
            found[d].append((int(open_start[d]), step + 1, int(open_label[d])))
        opened[active[closes]] = False
        for i in numpy.flatnonzero(units):
            found[active[i]].append((step, step + 1, int(label[i])))

    for doc, entities in zip(docs, found):
        doc.set_ents([Span(doc, start, end, label=moves.names[label]) for start, end, label in entities],
                     default="outside")
