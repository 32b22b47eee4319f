"""uvicorn's HTTP/1.1 protocol with a deadline on request headers.

uvicorn waits for a request's headers without limit (its keep-alive timeout stops at the first
byte), so a client that sends a header line now and then holds a connection for ever. Here the
headers must be whole within ``seconds`` of the connection opening or of the previous answer,
else the connection is closed. (Their size is bounded by h11's 16 KiB; the body's pace by
``guard.py``.)
"""

from __future__ import annotations

import asyncio
import logging

from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)


class HeaderDeadline(H11Protocol):
    seconds: float = 60.0
    _headers_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # the headers came whole: a request is being answered

    def on_response_complete(self) -> None:
        self._arm()  # first: the next request's headers may already be here and disarm it
        super().on_response_complete()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._headers_timer = self.loop.call_later(self.seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._headers_timer is not None:
            self._headers_timer.cancel()
            self._headers_timer = None

    def _too_slow(self) -> None:
        self._headers_timer = None
        if not self.transport.is_closing():
            log.warning("closed a connection whose request headers took over %g seconds", self.seconds)
            self.transport.close()


def with_header_deadline(seconds: float) -> type[HeaderDeadline]:
    """The protocol class for ``uvicorn.run(http=...)`` closing connections after ``seconds``."""
    return type("HeaderDeadline", (HeaderDeadline,), {"seconds": seconds})
