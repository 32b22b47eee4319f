"""A per-article time budget, so one pathological document cannot stall a run.

SIGALRM interrupts Python code between bytecodes; it is set per batch and, when a
batch runs out, per article, so only the slow article is reported.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ProcessingTimeout


@contextmanager
def time_limit(seconds: float, what: str = "article") -> Iterator[None]:
    """Raise ProcessingTimeout if the block runs longer than ``seconds`` (0 = no limit).

    Only the main thread of a process can take signals; elsewhere the block runs unbounded.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expired(_signum, _frame):
        raise ProcessingTimeout(f"took longer than the {seconds:g} s budget", what)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
