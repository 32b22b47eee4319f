"""Response headers every response carries, and the access token when one is configured.

Both are plain ASGI middleware: the headers are added to every response, including
the 401 of a missing token and the 500 of an unexpected failure (which this
middleware answers itself, with a fixed message, so no error echoes the request).
"""

from __future__ import annotations

import hmac
import json
import logging

from starlette.requests import ClientDisconnect, HTTPConnection

from ..errors import ConfigError
from .sessions import SESSION_COOKIE, Sessions

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; object-src 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the app's own
    # form posts, which the cross-site check must then refuse
    "referrer-policy": "same-origin",
}
OPEN_PATHS = frozenset({"/login", "/static/style.css"})  # the sign-in form and what it needs
log = logging.getLogger(__name__)


def bearer_token(connection: HTTPConnection) -> str | None:
    """The token of an ``Authorization: Bearer …`` header."""
    scheme, _, value = connection.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def token_matches(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


async def _send_json(send, status: int, body: dict, extra: dict[str, str] | None = None) -> None:
    payload = json.dumps(body).encode()
    headers = {"content-type": "application/json", "content-length": str(len(payload)), **(extra or {})}
    await send({"type": "http.response.start", "status": status,
                "headers": [(k.encode(), v.encode()) for k, v in headers.items()]})
    await send({"type": "http.response.body", "body": payload})


class AnswerRefused(Exception):
    """The server's ``send`` refused a response message (the connection is closed or answered)."""


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every HTTP response; answers an unhandled error with a bare 500."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            try:
                await send(message)
            except Exception as exc:
                raise AnswerRefused(f"{type(exc).__name__}: {exc}") from exc

        try:
            await self.app(scope, receive, send_with_headers)
        except (ClientDisconnect, AnswerRefused) as exc:
            # The client left before its request was read whole (a cut upload), or the server would
            # not take the answer (uvicorn answers a malformed chunked body with its own 400 and
            # closes while the app answers too): no one to answer, no app error to trace.
            log.warning("no answer to %s: %s", scope.get("path"), exc if str(exc) else type(exc).__name__)
        except Exception:
            log.exception("unhandled error answering %s", scope.get("path"))
            if started:
                raise
            await _send_json(send_with_headers, 500, {"detail": "internal error"})


class RequireToken:
    """Every HTTP request but the sign-in form must carry ``token`` (bearer header) or the cookie of
    a session the sign-in form opened; else 401."""

    def __init__(self, app, token: str, sessions: Sessions):
        self.app = app
        self.token = token
        self.sessions = sessions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            return await self.app(scope, receive, send)
        connection = HTTPConnection(scope)
        if token_matches(bearer_token(connection), self.token) or self.sessions.valid(connection.cookies.get(SESSION_COOKIE)):
            return await self.app(scope, receive, send)
        await _send_json(send, 401, {"detail": "an access token is required (sign in at /login)"},
                         {"www-authenticate": "Bearer"})


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def read_token_file(path: str) -> str:
    """The access token in the first line of ``path`` (kept out of ``ps``, unlike ``--token``)."""
    try:
        with open(path, encoding="utf-8") as handle:
            token = handle.readline().strip()
    except OSError as exc:
        raise ConfigError(f"cannot read the token file {path}: {exc.strerror}") from None
    if not token:
        raise ConfigError(f"the token file {path} is empty")
    return token


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without an access token."""
    if host.strip().lower() not in LOOPBACK_HOSTS and not token:
        raise ConfigError(f"refusing to listen on {host!r} without an access token: "
                          "give STORYSCOPE_TOKEN or --token-file (or --token), or use 127.0.0.1")
