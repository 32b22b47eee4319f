"""A per-article time budget, so one pathological document cannot stall a run.

SIGALRM interrupts Python code between bytecodes; it is set per batch and, when a
batch runs out, per article, so only the slow article is reported. Off the main
thread (a Dask worker runs tasks in threads) a timer thread raises the same
exception asynchronously in the working thread, also between bytecodes.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ProcessingTimeout


@contextmanager
def time_limit(seconds: float, what: str = "article") -> Iterator[None]:
    """Raise ProcessingTimeout if the block runs longer than ``seconds`` (0 = no limit).

    In the main thread by SIGALRM; in any other thread by an asynchronous exception.
    """
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_limit(seconds, what):
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


class _Expired(BaseException):
    """Raised into a working thread when its budget is spent (BaseException: no ``except Exception`` swallows it)."""


@contextmanager
def _thread_limit(seconds: float, what: str) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_Expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except _Expired:
        raise ProcessingTimeout(f"took longer than the {seconds:g} s budget", what) from None
    finally:
        timer.cancel()
        with lock:
            state["active"] = False
            if state["fired"]:  # fired as the block ended: drop it if not delivered yet
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
