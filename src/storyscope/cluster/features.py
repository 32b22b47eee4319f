"""What the clustering stage needs of one analysed article, and nothing more.

Built from a ProcessedArticle (never a spaCy Doc), so features can be computed
on a worker and shipped, and recomputed from the store at any time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from ..model import ProcessedArticle

TOPIC_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW", "PRODUCT"}
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_LEAD_SENTENCES = 3  # the event an article reports is named in its first sentences


@dataclass(frozen=True)
class ArticleFeatures:
    id: str
    outlet: str | None
    published: date | None
    terms: tuple[str, ...]  # content words, lower-cased, in text order
    names: frozenset[str]  # canonical names of the people, organisations and places it mentions
    event_day: date | None  # the day the article reports on: a stated day in its lead, else publication


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


def event_day(processed: ProcessedArticle) -> date | None:
    """The latest day stated in the lead that is not after publication; else the publication day."""
    published = _day(processed.article.published)
    lead = [
        _day(d.value) for d in processed.analysis.dates
        if d.precision == "day" and d.sentence < _LEAD_SENTENCES and _day(d.value)
    ]
    lead = [d for d in lead if d is not None and (published is None or d <= published)]
    return max(lead) if lead else published


def features_of(processed: ProcessedArticle) -> ArticleFeatures:
    article, analysis = processed.article, processed.analysis
    names = frozenset(e.canonical for e in analysis.entities if e.label in TOPIC_LABELS)
    return ArticleFeatures(
        id=article.id,
        outlet=article.outlet,
        published=_day(article.published),
        terms=content_terms(" ".join(filter(None, [article.title, article.text]))),
        names=names,
        event_day=event_day(processed),
    )
