"""An article's blocking keys, fixed when it is stored: what LSH buckets it by.

The keys are the names it mentions and its most distinctive words: those it repeats most, weighted
by how rare they are in English at large (``wordfreq``), not in the corpus. A key set that depended
on the corpus (words ranked by the corpus's TF-IDF) would change whenever an article is added, so
no signature could be stored; this one is a function of the article alone. Words that English
uses everywhere ("said", "government") rank low whatever the corpus, and a word the corpus itself
repeats everywhere is not blocked on (``blocking.common_key_limit``).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..model import ProcessedArticle
from .blocking import signature
from .features import ArticleFeatures, features_of

KEY_TERMS = 20  # distinctive words per article, beside its names
_LANGUAGE = "en"
_NEVER_SEEN = 9.0  # the rarity of a word wordfreq does not know (a name, a coinage): as rare as any


@cache
def _frequencies() -> dict[str, float]:
    """Every English word wordfreq knows with its frequency, read once (on first use: only
    clustering needs it)."""
    import wordfreq

    return wordfreq.get_frequency_dict(_LANGUAGE)


def rarity(word: str) -> float:
    """How rare a lower-cased word is in English, 0 (the commonest) to 9 (never seen): 9 minus its
    Zipf frequency, the base-10 logarithm of its uses per billion words."""
    frequency = _frequencies().get(word, 0.0)
    return -math.log10(frequency) if frequency > 0 else _NEVER_SEEN


def distinctive_terms(terms: tuple[str, ...], k: int = KEY_TERMS) -> list[str]:
    """The ``k`` words of an article that best tell what it is about: in-article frequency
    (sublinear, as in the TF-IDF that scores pairs) times rarity; ties by the word, so the choice
    is the same on every machine."""
    counts = Counter(terms)
    return sorted(counts, key=lambda t: (-(1 + math.log(counts[t])) * rarity(t), t))[:k]


def key_set(features: ArticleFeatures) -> frozenset[str]:
    """The article's blocking keys: its names, case-folded, and its distinctive words."""
    return frozenset(n.casefold() for n in features.names) | frozenset(distinctive_terms(features.terms))


@dataclass(frozen=True)
class Prepared:
    """What clustering keeps of one article from the moment it is stored."""

    features: ArticleFeatures
    keys: frozenset[str]
    signature: np.ndarray  # the MinHash rows LSH reads (``blocking.signature``)


def prepare(processed: ProcessedArticle) -> Prepared:
    """An analysed article's clustering features, blocking keys and signature: a function of the
    article alone, so they can be computed wherever it was analysed and stored with it."""
    return prepared(features_of(processed))


def prepared(features: ArticleFeatures) -> Prepared:
    keys = key_set(features)
    return Prepared(features, keys, signature(keys))
