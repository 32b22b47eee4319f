"""What the clustering stage needs of one analysed article, and nothing more.

Built from a ProcessedArticle (never a spaCy Doc), so features can be computed
on a worker and shipped, and recomputed from the store at any time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..dates import day_parts, future_clause
from ..model import ProcessedArticle
from ..words import light_stem
from .dating import DatingFacts, DayExpression

TOPIC_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW", "PRODUCT"}
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_LEAD_SENTENCES = 3  # the event an article reports is named in its first sentences
_RUN_UP_DAYS = 7  # a page announcing a happening this many days ahead reports on it (as events.EVENT_GAP_DAYS)


@dataclass(frozen=True)
class ArticleFeatures:
    id: str
    outlet: str | None
    published: date | None
    terms: tuple[str, ...]  # content words, lower-cased, in text order
    names: frozenset[str]  # canonical names of the people, organisations and places it mentions
    event_day: date | None  # the day the article reports on: a stated day in its lead, else publication
    dating: DatingFacts | None = None  # what placing it in time through its story needs
    lead: tuple[str, ...] = ()  # content words of its headline and first sentences: the happening it reports


@lru_cache(maxsize=65536)
def stemmed_terms(sentence: str) -> frozenset[str]:
    """A sentence's content words, lightly stemmed ("recalled", "recalling" -> "recall"): what
    claims are aligned on. Kept for the sentences seen lately, since a story's comparison asks
    for the same sentences in several passes."""
    return frozenset(light_stem(t) for t in content_terms(sentence))


def content_terms(text: str) -> tuple[str, ...]:
    """Lower-cased words without stop words, possessives or very short tokens."""
    terms = []
    for word in _WORD.findall(text):
        word = word.lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 2 and word not in STOP_WORDS:
            terms.append(word)
    return tuple(terms)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def own_day(processed: ProcessedArticle) -> date | None:
    """The publication day the page itself gives (not one its story gave it at the last clustering)."""
    return None if processed.article.dated_by_story else _day(processed.article.published)


def dating_facts(processed: ProcessedArticle) -> DatingFacts:
    """The page's own day, its fetch day, and the days it names without a year."""
    text = processed.article.text
    expressions = []
    for mention in processed.analysis.dates:
        parts = day_parts(mention.text)
        if parts is None and mention.relative and mention.precision == "day":
            parts = (None, None, None, None)  # "yesterday", "today": read against a day, like the rest
        if parts is None or parts[3] is not None:
            continue
        weekday, month, day, _ = parts
        expressions.append(DayExpression(mention.text, mention.sentence, weekday, month, day,
                                         future_clause(text, mention.start)))
    stated = None
    if processed.article.stated_day and (parts := day_parts(processed.article.stated_day)):
        stated = DayExpression(processed.article.stated_day, -1, parts[0], parts[1], parts[2])
    return DatingFacts(own_day(processed), _day((processed.article.fetched or "")[:10]), tuple(expressions),
                       stated, event_day(processed))


def event_day(processed: ProcessedArticle) -> date | None:
    """The day the article reports on: the latest day stated in its lead that is not after
    publication; else, for a page announcing a happening, the day its lead gives it within
    ``_RUN_UP_DAYS`` after publication ("will hold its first hearing on Wednesday 22 February"; a
    relative "on Wednesday" only in a clause about the future); else the publication day."""
    published = own_day(processed)
    lead = [  # without a day of its own, a relative day was read against its story's: not its own evidence
        (day, d) for d in processed.analysis.dates
        if d.precision == "day" and d.sentence < _LEAD_SENTENCES and (day := _day(d.value))
        and (published is not None or not d.relative)
    ]
    past = [day for day, _ in lead if published is None or day <= published]
    if past:
        return max(past)
    if published is not None:
        text = processed.article.text
        coming = [day for day, d in lead if 0 < (day - published).days <= _RUN_UP_DAYS
                  and (not d.relative or future_clause(text, d.start))]
        if coming:
            return min(coming)
    return published


def features_of(processed: ProcessedArticle) -> ArticleFeatures:
    article, analysis = processed.article, processed.analysis
    names = frozenset(e.canonical for e in analysis.entities if e.label in TOPIC_LABELS)
    return ArticleFeatures(
        id=article.id,
        outlet=article.outlet,
        published=own_day(processed),
        terms=content_terms(" ".join(filter(None, [article.title, article.text]))),
        names=names,
        event_day=event_day(processed),
        dating=dating_facts(processed),
        lead=content_terms(" ".join(filter(None, [article.title] + [s.text for s in analysis.sentences[:_LEAD_SENTENCES]]))),
    )
