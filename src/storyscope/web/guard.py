"""What every request must pass before the app reads it: the Host it names, and for a POST the
site it comes from, its CSRF header (under /api/) and the size and pace of its body.

- **Host** (DNS rebinding): without an access token the app answers only requests naming a
  loopback host (``127.0.0.1``, ``localhost``, ``[::1]``, any port) or one the user allowed
  (``--allow-host``); a page served by another domain that resolves to 127.0.0.1 gets a 421.
- **Before the body**: a POST from another site (``Origin``/``Sec-Fetch-Site``) and an API POST
  without the ``X-CSRF-Token`` header are refused with a 403 before a byte of the body is
  read; a stated ``Content-Length`` over the path's cap is a 413 at once.
- **While the body streams**: a body that passes its cap (a chunked one states no length) is
  cut with a 413, and one that has not arrived whole within ``body_seconds`` (a client
  trickling bytes to hold the server) is cut with a 408; either way the connection closes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import anyio
from starlette.requests import Request

from .csrf import cross_site, missing_token

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
SMALL_BODY = 64 * 1024  # bytes: a sign-in, a renamed outlet, an address to fetch
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WRONG_HOST = ("this server answers only requests addressed to loopback names (127.0.0.1, localhost, [::1]) "
              "or to those given with --allow-host")


def host_name(host_header: str) -> str:
    """The name in a ``Host`` header, lower-case, without its port (``[::1]:8000`` -> ``::1``)."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


class BodyRefused(Exception):
    """Raised into the app when its request body was cut (already answered with the reason)."""


class RequestGuard:
    """ASGI middleware applying the rules above; ``body_cap(request)`` gives a POST's cap in bytes."""

    def __init__(self, app, *, check_host: bool, allowed_hosts: Iterable[str], body_seconds: float,
                 body_cap: Callable[[Request], int]):
        self.app = app
        self.check_host = check_host
        self.allowed = LOOPBACK_NAMES | {host_name(h) for h in allowed_hosts if h.strip()}
        self.body_seconds = body_seconds
        self.body_cap = body_cap

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        if self.check_host and host_name(request.headers.get("host", "")) not in self.allowed:
            return await _refuse(request, send, 421, WRONG_HOST)
        if scope["method"] not in BODY_METHODS:
            return await self.app(scope, receive, send)
        refused = cross_site(request) or (missing_token(request) if scope["path"].startswith("/api/") else None)
        if refused is not None:
            return await _answer_and_close(refused, scope, send)
        cap = self.body_cap(request)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            return await _refuse(request, send, 413, f"the request is over the {cap}-byte limit for this address")
        await self._pass_body(scope, receive, send, request, cap)

    async def _pass_body(self, scope, receive, send, request: Request, cap: int) -> None:
        """Run the app with a ``receive`` that cuts the body past ``cap`` or past the deadline."""
        answered = False  # a response has started: a refusal can no longer be sent
        cut_short = False  # the body was cut and its refusal sent
        received = 0
        deadline = time.monotonic() + self.body_seconds

        async def cut(status: int, reason: str):
            nonlocal answered, cut_short
            if not answered:
                answered = cut_short = True
                await _refuse(request, send, status, reason)
            raise BodyRefused(reason)

        async def guarded_receive():
            nonlocal received
            message = None
            with anyio.move_on_after(max(0.0, deadline - time.monotonic())):
                message = await receive()
            if message is None:
                await cut(408, f"the request body did not arrive within {self.body_seconds:g} seconds")
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    await cut(413, f"the request is over the {cap}-byte limit for this address")
            return message

        async def guarded_send(message):
            nonlocal answered
            if cut_short:
                return  # what the app says after its body was cut goes nowhere
            answered = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except BodyRefused:
            pass


async def _refuse(request: Request, send, status: int, reason: str) -> None:
    from .errors import error_response  # errors renders pages; imported late to keep this module light

    await _answer_and_close(error_response(request, status, reason), request.scope, send)


async def _answer_and_close(response, scope, send) -> None:
    """Send ``response`` and close the connection (the body, if any, is left unread)."""
    response.headers["connection"] = "close"

    async def nothing():
        return {"type": "http.disconnect"}

    await response(scope, nothing, send)
