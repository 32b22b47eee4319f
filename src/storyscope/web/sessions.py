"""Signing in with the access token: server-side sessions and a brake on guessing.

The sign-in form trades the token for a random session id (the cookie never holds the token,
so a leaked cookie ends with the server's life and says nothing of the token). Failed guesses
are counted per client address: past ``FREE_GUESSES`` each further failure doubles the wait
before the next try (429 with ``Retry-After``), up to ``LONGEST_WAIT``; a success clears it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict

SESSION_COOKIE = "storyscope_session"
SESSION_SECONDS = 12 * 3600
FREE_GUESSES = 5
LONGEST_WAIT = 15 * 60  # seconds
REMEMBERED_ADDRESSES = 10_000  # the oldest are forgotten first: memory stays bounded


class Sessions:
    """The session ids handed out by the sign-in form, each valid for ``SESSION_SECONDS``."""

    def __init__(self):
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def open(self) -> str:
        session = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._lock:
            self._expiry = {s: t for s, t in self._expiry.items() if t > now}
            self._expiry[session] = now + SESSION_SECONDS
        return session

    def valid(self, session: str | None) -> bool:
        if not session:
            return False
        with self._lock:
            expiry = self._expiry.get(session)
        return expiry is not None and expiry > time.monotonic()


class GuessBrake:
    """Failed sign-ins per client address, and how long each must wait before its next try."""

    def __init__(self):
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # address -> (count, next try)
        self._lock = threading.Lock()

    def wait(self, address: str) -> float:
        """Seconds ``address`` must still wait before it may try again (0: it may try now)."""
        with self._lock:
            _, next_try = self._failures.get(address, (0, 0.0))
        return max(0.0, next_try - time.monotonic())

    def failed(self, address: str) -> None:
        with self._lock:
            count, _ = self._failures.pop(address, (0, 0.0))
            count += 1
            wait = 0.0 if count < FREE_GUESSES else min(LONGEST_WAIT, 2.0 ** (count - FREE_GUESSES))
            self._failures[address] = (count, time.monotonic() + wait)
            while len(self._failures) > REMEMBERED_ADDRESSES:
                self._failures.popitem(last=False)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)
