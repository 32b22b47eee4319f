"""Claims told in other words, aligned by the real sentence-embedding model (the optional extra)."""

import pytest

from storyscope.compare.claims import align_claims
from storyscope.compare.embeddings import sentence_vectors

from compare_samples import article

pytestmark = pytest.mark.slow

RECALL = "Halvorsen Motors, the largest carmaker in Korvana, will recall 61,300 Tessera vehicles over faulty brakes."
CALLBACK = "Korvana's biggest car manufacturer is calling back its Tessera cars because their brakes may fail."
UNRELATED = "Korvana's football federation named a new coach for its national team on Tuesday."


def test_a_paraphrase_with_few_shared_words_aligns_only_by_meaning():
    a = article("a", "Wire", [RECALL])
    b = article("b", "Farm", [CALLBACK, UNRELATED])
    without = align_claims([a, b], [], {})
    assert all(len(c.versions) == 1 for c in without)  # the words alone are too far apart
    vectors = sentence_vectors([a, b])
    assert len(vectors) == 3
    with_meaning = align_claims([a, b], [], {}, vectors)
    (joined,) = [c for c in with_meaning if len(c.versions) == 2]
    assert {(v.article, v.sentence) for v in joined.versions} == {("a", 0), ("b", 0)}


def test_vectors_are_unit_length_and_nearer_for_the_same_fact():
    vectors = sentence_vectors([article("a", "Wire", [RECALL, CALLBACK, UNRELATED])])
    same, other = float(vectors[("a", 0)] @ vectors[("a", 1)]), float(vectors[("a", 0)] @ vectors[("a", 2)])
    assert abs(float(vectors[("a", 0)] @ vectors[("a", 0)]) - 1.0) < 1e-4
    assert same > other + 0.2
