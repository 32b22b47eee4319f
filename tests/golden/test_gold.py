"""Extraction quality against hand-written gold, held at the floors in floors.json.

The floors may only go up: when a change improves a score, raise its floor.
"""

import json
from pathlib import Path

import pytest

from score import CORPORA, gold_files, run_pipeline_on, score_corpus

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=CORPORA)
def corpus_scores(request):
    return request.param, score_corpus(request.param, run_pipeline_on(request.param))


def test_every_corpus_has_gold():
    for corpus in CORPORA:
        assert gold_files(corpus), f"no gold files in tests/golden/{corpus}"


def test_scores_hold_their_floors(corpus_scores):
    corpus, totals = corpus_scores
    failures = []
    for kind, floors in FLOORS[corpus].items():
        for measure, floor in floors.items():
            value = getattr(totals[kind], measure)
            if value < floor:
                failures.append(f"{corpus} {kind} {measure} {value:.3f} < floor {floor}")
    assert not failures, "; ".join(failures)
