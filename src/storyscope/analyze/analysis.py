"""Article -> ArticleAnalysis, for a batch of articles at once (spaCy batches well).

spaCy objects stay inside this package: what leaves is plain records.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc, Span

from ..model import Article, ArticleAnalysis, Entity, Phrase, ProcessedArticle, Sentence
from . import nlp as spacy_passes
from ..dates import FUTURE_CUE, find_dates
from .entities import NAME_LABELS, TITLES, Mention, canonical_names, roles_after, roles_before
from .numbers import find_numbers
from .quotes import extract_quotes


def analyze_batch(articles: Sequence[Article], model: str = spacy_passes.DEFAULT_MODEL) -> list[ProcessedArticle]:
    """Analyse articles together; results are in input order and independent of batch size."""
    pipes = spacy_passes.load(model)
    docs = spacy_passes.run_entity_pass(pipes, [a.text for a in articles])
    # one parse serves both: speech sentences for quotes; these and label-bearing ones for word choice
    candidates: list[Span] = [s for doc in docs for s in spacy_passes.sentences_worth_parsing(doc)]
    parsed_docs = spacy_passes.parse_sentences(pipes, candidates)
    parsed_by_doc: dict[int, dict[int, Doc]] = {}
    phrases_by_doc: dict[int, list[Phrase]] = {}
    for span, parsed in zip(candidates, parsed_docs):
        if spacy_passes.needs_parse(span):
            parsed_by_doc.setdefault(id(span.doc), {})[span.start_char] = parsed
        if pipes.can_parse:
            phrases_by_doc.setdefault(id(span.doc), []).extend(spacy_passes.phrases_in(parsed, span.start_char))
    return [
        _analyze_one(article, doc, parsed_by_doc.get(id(doc), {}),
                     tuple(phrases_by_doc.get(id(doc), ())) if pipes.can_parse else None, pipes.name)
        for article, doc in zip(articles, docs)
    ]


def _analyze_one(article: Article, doc: Doc, parsed_at: dict[int, Doc], phrases: tuple[Phrase, ...] | None,
                 model: str) -> ProcessedArticle:
    text = article.text
    sentences = tuple(
        Sentence(index=i, start=s.start_char, end=s.end_char, text=s.text)
        for i, s in enumerate(span for span in doc.sents if span.text.strip())
    )
    index_of = {s.start: s.index for s in sentences}
    entities = _entities(doc, sentences)
    roles = _roles(text, entities)
    parsed = {index_of[start]: d for start, d in parsed_at.items() if start in index_of}
    quotes = extract_quotes(text, sentences, parsed, entities, roles)

    anchor = date.fromisoformat(article.published) if article.published else None
    if anchor is None:
        inferred = _latest_stated_day(find_dates(text, sentences, None), sentences)
        if inferred:
            article = dataclasses.replace(article, published=inferred, published_inferred=True, published_basis="text")
            anchor = date.fromisoformat(inferred)
    dates = find_dates(text, sentences, anchor)
    numbers = find_numbers(text, sentences)
    analysis = ArticleAnalysis(
        sentences=sentences, entities=tuple(entities), quotes=tuple(quotes),
        dates=tuple(dates), numbers=tuple(numbers), model=model, phrases=phrases,
    )
    return ProcessedArticle(article=article, analysis=analysis)


def _entities(doc: Doc, sentences: Sequence[Sentence]) -> list[Entity]:
    spans = [_whole_name(e) for e in _join_split_names([e for e in doc.ents if e.label_ in NAME_LABELS and e.text.strip()])]
    names = canonical_names([Mention(e.text, e.label_) for e in spans])
    starts = [s.start for s in sentences]
    result = []
    for span, (canonical, label) in zip(spans, names):
        sentence = max(0, bisect_right(starts, span.start_char) - 1)
        result.append(Entity(text=span.text, label=label, start=span.start_char, end=span.end_char,
                             sentence=sentence, canonical=canonical))
    return result


def _join_split_names(spans: list[Span]) -> list[Span]:
    """The small model cuts long names: 'Lawyer Peter' + 'Mwangi Kariuki', 'Dorcas' Chebet 'Langat'.

    Two name spans, one of them a PERSON, separated by nothing or by one
    capitalised word, are one person.
    """
    joined: list[Span] = []
    for span in spans:
        if joined:
            previous = joined[-1]
            gap = span.doc[previous.end : span.start]
            if {previous.label_, span.label_} & {"PERSON"} and {previous.label_, span.label_} <= {"PERSON", "ORG"} \
                    and previous.sent.start == span.sent.start and (
                    len(gap) == 0 or len(gap) == 1 and gap[0].is_title and gap[0].is_alpha):
                joined[-1] = Span(span.doc, previous.start, span.end, label="PERSON")
                continue
        joined.append(span)
    return joined


def _whole_name(span: Span) -> Span:
    """The small model cuts a person's name at a hyphen ('Terrance Pemberton' of 'Pemberton-Mills')
    and drops a first name after a title ('Capt. Moses' before 'Kiprono Rotich'): take them back."""
    if span.label_ != "PERSON":
        return span
    doc, start, end = span.doc, span.start, span.end
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_title:
        end += 2
    if start >= 2 and doc[start - 1].is_title and doc[start - 1].is_alpha and doc[start - 2].lower_ in TITLES:
        start -= 1
    return span if (start, end) == (span.start, span.end) else Span(doc, start, end, label="PERSON")


def _roles(text: str, entities: Sequence[Entity]) -> dict[str, set[str]]:
    """Role nouns written next to each named person ('spokesman Geng Shuang')."""
    roles: dict[str, set[str]] = {}
    for entity in entities:
        if entity.label == "PERSON":
            found = roles_before(text, entity.start) + roles_after(text, entity.end)
            roles.setdefault(entity.canonical, set()).update(found)
    return roles


def _latest_stated_day(dates, sentences: Sequence[Sentence]) -> str | None:
    """Estimate of a missing publication date: the latest fully stated day in the text
    that is not in a sentence about the future ('the rules take effect on 1 January 2024')."""
    days = [d.value for d in dates if d.precision == "day" and d.value and not d.relative
            and not FUTURE_CUE.search(sentences[d.sentence].text if d.sentence < len(sentences) else "")]
    return max(days) if days else None
