"""How alike two articles are: TF-IDF cosine of their words and overlap of the names they cite."""

from __future__ import annotations

from collections.abc import Sequence

import numpy
from sklearn.feature_extraction.text import TfidfVectorizer

from .features import ArticleFeatures

TEXT_WEIGHT = 0.6
NAME_WEIGHT = 0.4
PAIR_CHUNK = 10_000  # pairs scored at once: bounds the memory of the row products


class Similarity:
    """TF-IDF over one set of articles; scores only the pairs it is asked about."""

    def __init__(self, features: Sequence[ArticleFeatures]):
        self.features = features
        vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, min_df=1)
        self.matrix = vectorizer.fit_transform([f.terms for f in features]).tocsr() if features else None
        self.vocabulary = vectorizer.get_feature_names_out() if features else numpy.array([])

    def top_terms(self, i: int, k: int = 12) -> list[str]:
        row = self.matrix.getrow(i)
        order = numpy.argsort(-row.data)[:k]
        return [str(self.vocabulary[row.indices[j]]) for j in order]

    def text_block(self, indices: Sequence[int]) -> numpy.ndarray:
        """Cosine similarities among a few articles (a story), as a dense square matrix."""
        rows = self.matrix[list(indices)]
        return (rows @ rows.T).toarray()

    def names(self, i: int, j: int) -> float:
        a, b = self.features[i].names, self.features[j].names
        return len(a & b) / len(a | b) if a and b else 0.0

    def scores(self, pairs: Sequence[tuple[int, int]]) -> numpy.ndarray:
        """Similarity of each (i, j) pair, computed for all pairs at once (rows are L2-normalised)."""
        if not pairs:
            return numpy.zeros(0)
        text = numpy.concatenate([self._cosines(pairs[k : k + PAIR_CHUNK]) for k in range(0, len(pairs), PAIR_CHUNK)])
        names = numpy.array([self.names(i, j) for i, j in pairs])
        return TEXT_WEIGHT * text + NAME_WEIGHT * names

    def _cosines(self, pairs: Sequence[tuple[int, int]]) -> numpy.ndarray:
        left = self.matrix[[i for i, _ in pairs]]
        right = self.matrix[[j for _, j in pairs]]
        return numpy.asarray(left.multiply(right).sum(axis=1)).ravel()
