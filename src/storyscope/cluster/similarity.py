"""How alike two articles are: TF-IDF cosine of their words, and of the names they cite.

Names are weighted by how rare they are in the corpus, like words: two reports that both name a
port company and its chief executive are more alike than two that both name the country.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy

from .features import ArticleFeatures
from .tfidf import tfidf

# Chosen on tests/golden/stories/, tests/golden/running/ and the example pages (bench/story_thresholds.py):
# with lone pages joined to their story (stories.LONE_PAGE_PROFILE), words alone do best; names are
# kept as a signal the bench weighs.
TEXT_WEIGHT = 1.0
NAME_WEIGHT = 0.0
LEAD_WEIGHT = 0.5  # in happening_block; chosen on tests/golden/stories/ and tests/golden/running/
PAIR_CHUNK = 10_000  # pairs scored at once: bounds the memory of the row products


class Similarity:
    """TF-IDF over one set of articles; scores only the pairs it is asked about."""

    def __init__(self, features: Sequence[ArticleFeatures]):
        self.features = features
        self.matrix, self.vocabulary = tfidf([f.terms for f in features]) if features else (None, numpy.array([]))
        self.lead_matrix, _ = tfidf([f.lead for f in features]) if features else (None, None)
        self.name_matrix, _ = tfidf([sorted(n.casefold() for n in f.names) for f in features]) if (
            features and NAME_WEIGHT) else (None, None)

    def top_terms(self, i: int, k: int = 12) -> list[str]:
        row = self.matrix.getrow(i)
        order = numpy.argsort(-row.data)[:k]
        return [str(self.vocabulary[row.indices[j]]) for j in order]

    def text_block(self, indices: Sequence[int]) -> numpy.ndarray:
        """Cosine similarities of the words of a few articles (a story), as a dense square matrix."""
        rows = self.matrix[list(indices)]
        return (rows @ rows.T).toarray()

    def happening_block(self, indices: Sequence[int], text: numpy.ndarray) -> numpy.ndarray:
        """How alike a few articles are in what they report: the cosine of their headlines and
        first sentences (``ArticleFeatures.lead``) and of their whole words (``text``, their
        ``text_block``), weighed equally. The whole text alone mixes in the background paragraphs a
        running story's pages all repeat."""
        if self.lead_matrix is None:  # no article has a word in its lead
            return text
        rows = self.lead_matrix[list(indices)]
        return LEAD_WEIGHT * (rows @ rows.T).toarray() + (1 - LEAD_WEIGHT) * text

    def block(self, indices: Sequence[int], text: numpy.ndarray) -> numpy.ndarray:
        """The combined similarity (``scores``) of a few articles, as a dense square matrix, from
        their ``text_block``."""
        combined = TEXT_WEIGHT * text
        if self.name_matrix is not None:
            rows = self.name_matrix[list(indices)]
            combined += NAME_WEIGHT * (rows @ rows.T).toarray()
        return combined

    def scores(self, pairs: Sequence[tuple[int, int]]) -> numpy.ndarray:
        """Similarity of each (i, j) pair, computed for all pairs at once (rows are L2-normalised)."""
        if not pairs:
            return numpy.zeros(0)
        chunks = [pairs[k : k + PAIR_CHUNK] for k in range(0, len(pairs), PAIR_CHUNK)]
        text = numpy.concatenate([_cosines(self.matrix, chunk) for chunk in chunks])
        if self.name_matrix is None:
            return TEXT_WEIGHT * text
        names = numpy.concatenate([_cosines(self.name_matrix, chunk) for chunk in chunks])
        return TEXT_WEIGHT * text + NAME_WEIGHT * names


def _cosines(matrix, pairs: Sequence[tuple[int, int]]) -> numpy.ndarray:
    left = matrix[[i for i, _ in pairs]]
    right = matrix[[j for _, j in pairs]]
    return numpy.asarray(left.multiply(right).sum(axis=1)).ravel()
