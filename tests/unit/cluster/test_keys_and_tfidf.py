"""Blocking keys fixed per article, and TF-IDF rows from document frequencies, on hand-built inputs."""

from __future__ import annotations

from datetime import date

import numpy
from sklearn.feature_extraction.text import TfidfVectorizer

from storyscope.cluster.features import ArticleFeatures, content_terms
from storyscope.cluster.keys import distinctive_terms, key_set, rarity
from storyscope.cluster.similarity import Similarity
from storyscope.cluster.tfidf import DocumentFrequencies

STRIKE = content_terms("Dockworkers in Saltmouth said the strike over the pension reform would go on; "
                       "the government said talks with the dockworkers union would resume, the dockworkers said.")
FLOOD = content_terms("The Danne burst its embankment and flooded Meridal; rescue boats reached the villages.")
BUDGET = content_terms("The council passed the budget; the mayor said pools would shut and buses would be cut.")


def feature(i: int, terms: tuple[str, ...], names=()) -> ArticleFeatures:
    return ArticleFeatures(id=f"a{i}", outlet=None, published=date(2024, 3, 11), terms=terms,
                           names=frozenset(names), event_day=None)


def test_rare_words_outrank_common_ones_and_unknown_words_are_rarest():
    assert rarity("said") < rarity("government") < rarity("dockworkers") < rarity("saltmouth") == 9.0
    ranked = distinctive_terms(STRIKE, len(STRIKE))
    assert ranked[:2] == ["dockworkers", "saltmouth"]  # said three times, "dockworkers" outranks "said"
    assert ranked.index("pension") < ranked.index("government")  # both once: the rarer first


def test_an_articles_keys_are_its_own_whatever_else_is_stored():
    strike = feature(0, STRIKE, {"Saltmouth Port Authority"})
    keys = key_set(strike)
    assert "saltmouth port authority" in keys and len(keys) == 1 + min(20, len(set(STRIKE)))
    assert key_set(feature(0, STRIKE, {"Saltmouth Port Authority"})) == keys  # nothing but the article counts


def test_rows_are_scikit_learns_and_a_part_of_the_corpus_gets_its_rows_from_the_corpus_counts():
    corpus = [feature(i, t) for i, t in enumerate([STRIKE, FLOOD, BUDGET, STRIKE[:12] + FLOOD[:5]])]
    expected = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True).fit_transform([f.terms for f in corpus])
    expected = (expected @ expected.T).toarray()
    whole = Similarity(corpus)
    assert numpy.allclose(whole.text_block(range(4)), expected)
    part = Similarity(corpus[2:], DocumentFrequencies.of(corpus))  # as an incremental run weighs them
    assert numpy.allclose(part.text_block([0, 1]), expected[2:, 2:])
    alone = Similarity(corpus[2:])  # counted over the part only: other weights
    assert not numpy.allclose(alone.text_block([0, 1]), expected[2:, 2:])
