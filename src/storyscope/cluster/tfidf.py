"""TF-IDF weights of documents given as lists of terms, as scikit-learn computes them.

The same matrix as ``TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True)``: term
frequency 1 + log(count), smoothed inverse document frequency log((1 + n) / (1 + df)) + 1, rows
scaled to unit length; columns in the terms' sorted order. Written here because importing
scikit-learn took 1.2-1.5 s of every ingest's grouping step, more than grouping 300 articles
itself (0.7 s). Each step runs in scikit-learn's order (the entries of a row in the order the
terms were first seen in the corpus, the squares summed one by one), so the weights are equal
to the last bit (``tests/unit/cluster/test_tfidf.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy
from scipy import sparse


def tfidf(documents: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix | None, numpy.ndarray]:
    """The documents x terms weight matrix and the terms (sorted); ``(None, [])`` when no document
    has a term."""
    first_seen: dict[str, int] = {}  # term -> its index in the order terms first occur
    rows, columns, counts = [0], [], []
    for terms in documents:
        counted: dict[int, int] = {}
        for term in terms:
            index = first_seen.setdefault(term, len(first_seen))
            counted[index] = counted.get(index, 0) + 1
        for index in sorted(counted):
            columns.append(index)
            counts.append(counted[index])
        rows.append(len(columns))
    if not first_seen:
        return None, numpy.array([])

    names = sorted(first_seen)
    sorted_index = numpy.empty(len(names), dtype=numpy.int32)
    sorted_index[[first_seen[name] for name in names]] = numpy.arange(len(names), dtype=numpy.int32)
    indices = sorted_index[numpy.asarray(columns, dtype=numpy.int32)]
    indptr = numpy.asarray(rows, dtype=numpy.int32)

    weights = numpy.log(numpy.asarray(counts, dtype=numpy.float64))
    weights += 1.0
    document_frequency = numpy.bincount(indices, minlength=len(names)).astype(numpy.float64) + 1.0
    idf = numpy.full_like(document_frequency, len(documents) + 1)
    idf /= document_frequency
    numpy.log(idf, out=idf)
    idf += 1.0
    weights *= idf[indices]

    # row lengths: a sparse product with ones adds each row's squares one by one, in entry order
    squares = sparse.csr_matrix((weights * weights, indices, indptr), shape=(len(documents), len(names)))
    lengths = numpy.sqrt(squares @ numpy.ones(len(names)))
    lengths[lengths == 0.0] = 1.0  # an empty row stays empty
    weights /= numpy.repeat(lengths, numpy.diff(indptr))
    return sparse.csr_matrix((weights, indices, indptr), shape=(len(documents), len(names))), \
        numpy.array(names, dtype=object)
