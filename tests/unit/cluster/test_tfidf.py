"""tfidf against scikit-learn's TfidfVectorizer: the same matrix, to the last bit."""

import random
from pathlib import Path

import numpy
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from storyscope.cluster.tfidf import tfidf

GOLDEN = Path(__file__).resolve().parents[2] / "golden"


def scikit_learn(documents):
    vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, min_df=1)
    return vectorizer.fit_transform(documents).tocsr(), vectorizer.get_feature_names_out()


def assert_same(documents):
    expected, expected_terms = scikit_learn(documents)
    matrix, terms = tfidf(documents)
    assert type(matrix) is type(expected) and matrix.shape == expected.shape
    assert numpy.array_equal(matrix.indptr, expected.indptr)
    assert numpy.array_equal(matrix.indices, expected.indices)
    assert numpy.array_equal(matrix.data, expected.data)  # equal, not close
    assert list(terms) == list(expected_terms)


def golden_documents() -> list[list[str]]:
    """Lowercased words of the invented pages: long rows, terms shared by many, counts above one."""
    pages = sorted(p for p in GOLDEN.rglob("*.txt") if "gold" not in p.name)
    return [p.read_text(encoding="utf-8").lower().split() for p in pages]


@pytest.mark.parametrize("seed", range(5))
def test_weights_equal_scikit_learn_s_on_pages(seed):
    documents = golden_documents()
    rng = random.Random(seed)
    assert_same(rng.sample(documents, rng.randint(2, len(documents))))


def test_weights_equal_scikit_learn_s_on_small_and_odd_documents():
    assert_same([["port", "strike", "port"], [], ["strike", "dockers", "Dockers", "élan", "port"], ["x"]])
    assert_same([["only"]])
    assert_same([[], ["b", "a", "b", "c", "a", "b"]])


def test_no_terms_at_all_gives_no_matrix():
    matrix, terms = tfidf([[], []])
    assert matrix is None and list(terms) == []
    with pytest.raises(ValueError):  # what the previous code caught for the same case
        scikit_learn([[], []])
