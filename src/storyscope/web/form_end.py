"""A multipart upload counts only when its body reaches the closing delimiter.

Starlette's parser keeps the parts it finished when a body stops early (a client that
gave up mid-file, a proxy that passed on what it had): a cut-off last file would be
dropped without a word while the files before it were taken. The body is watched as it
streams by, and the form is refused when its closing ``--boundary--`` never came.
"""

from __future__ import annotations

from python_multipart.multipart import parse_options_header
from starlette.requests import Request
from starlette.types import Message, Receive

CUT_SHORT = "the upload ended before its last part was complete: nothing from it was added"


class ClosingDelimiter:
    """A ``receive`` that passes the body on and notes whether ``--boundary--`` went by."""

    def __init__(self, receive: Receive, boundary: bytes):
        self._receive = receive
        self._mark = b"--" + boundary + b"--"
        self._tail = b""  # the end of what went by, in case the mark spans two messages
        self.seen = False

    async def __call__(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request" and not self.seen:
            window = self._tail + message.get("body", b"")
            self.seen = self._mark in window
            self._tail = window[-(len(self._mark) - 1):]
        return message


def watched(request: Request) -> tuple[Request, ClosingDelimiter | None]:
    """The request to read the form from, and its watcher when the body is multipart with a
    boundary (otherwise None: the parser refuses a multipart body without one)."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary", b"")
    if kind != b"multipart/form-data" or not boundary:
        return request, None
    watcher = ClosingDelimiter(request.receive, boundary)
    return Request(request.scope, watcher), watcher
