"""How alike two articles are: TF-IDF cosine of their words and overlap of the names they cite."""

from __future__ import annotations

from collections.abc import Sequence

import numpy
from sklearn.feature_extraction.text import TfidfVectorizer

from .features import ArticleFeatures

TEXT_WEIGHT = 0.6
NAME_WEIGHT = 0.4


class Similarity:
    """TF-IDF over one set of articles; scores only the pairs it is asked about."""

    def __init__(self, features: Sequence[ArticleFeatures]):
        self.features = features
        vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, min_df=1)
        self.matrix = vectorizer.fit_transform([f.terms for f in features]) if features else None
        self.vocabulary = vectorizer.get_feature_names_out() if features else numpy.array([])

    def top_terms(self, i: int, k: int = 12) -> list[str]:
        row = self.matrix.getrow(i)
        order = numpy.argsort(-row.data)[:k]
        return [str(self.vocabulary[row.indices[j]]) for j in order]

    def text(self, i: int, j: int) -> float:
        return float(self.matrix.getrow(i).multiply(self.matrix.getrow(j)).sum())

    def names(self, i: int, j: int) -> float:
        a, b = self.features[i].names, self.features[j].names
        return len(a & b) / len(a | b) if a and b else 0.0

    def score(self, i: int, j: int) -> float:
        return TEXT_WEIGHT * self.text(i, j) + NAME_WEIGHT * self.names(i, j)
