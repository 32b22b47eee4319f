"""TF-IDF rows of a few articles, weighted by document frequencies over the whole corpus.

The frequencies are counted over the articles given (a full regrouping holds them all) or come
from the store, which keeps them exact as articles are added, replaced and deleted: then the
rows of a handful of articles are the rows a fit over the whole corpus would give them, without
reading the corpus. The weighting is scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``:
tf = 1 + ln(count), idf = ln((1 + articles) / (1 + frequency)) + 1, rows scaled to unit length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy

from .features import ArticleFeatures

# What is weighted, per article: its words, the words of its headline and lead, the names it cites.
FIELDS = ("text", "lead", "name")


def field_terms(features: ArticleFeatures, field: str) -> Sequence[str]:
    if field == "text":
        return features.terms
    if field == "lead":
        return features.lead
    return sorted({n.casefold() for n in features.names})


@dataclass(frozen=True)
class DocumentFrequencies:
    """How many of ``articles`` articles hold each term, per field (at least every term of the
    articles they weigh)."""

    articles: int
    counts: Mapping[str, Mapping[str, int]]  # field -> term -> articles holding it

    @classmethod
    def of(cls, features: Sequence[ArticleFeatures]) -> DocumentFrequencies:
        """Counted over these articles alone."""
        counts = {field: Counter(chain.from_iterable(set(field_terms(f, field)) for f in features)) for field in FIELDS}
        return cls(len(features), counts)


def weighted(documents: Sequence[Sequence[str]], frequencies: Mapping[str, int],
             articles: int):
    """One unit-length TF-IDF row per document, over the terms they use, as a scipy CSR matrix
    (None when no document has a term)."""
    from scipy import sparse  # on first use: only clustering needs it

    vocabulary = dict.fromkeys(chain.from_iterable(documents))  # every term, numbered in order of appearance
    if not vocabulary:
        return None
    vocabulary.update(zip(vocabulary, range(len(vocabulary))))
    columns = numpy.fromiter(map(vocabulary.__getitem__, chain.from_iterable(documents)), dtype=numpy.int64)
    rows = numpy.repeat(numpy.arange(len(documents)), [len(d) for d in documents])
    counts = sparse.csr_matrix((numpy.ones(len(columns)), (rows, columns)), shape=(len(documents), len(vocabulary)))
    counts.sum_duplicates()
    known = numpy.array([frequencies[t] for t in vocabulary], dtype=numpy.float64)
    idf = numpy.log((1 + articles) / (1 + known)) + 1
    counts.data = (1 + numpy.log(counts.data)) * idf[counts.indices]
    lengths = numpy.sqrt(numpy.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / lengths) @ counts)
