"""Guards every POST (adding articles, correcting an outlet) against cross-site requests.

An ``Origin`` (or ``Sec-Fetch-Site``) other than this app's own is refused, and the request
must carry its CSRF token in the form field ``csrf_token`` or the ``X-CSRF-Token`` header
(``GET /api/csrf`` gives it). Both refusals are a 403. The token is bound to one browser: an
HMAC, under a random per-app secret, of the signed-in session's id when there is one, else of a
random id the app gives each browser in an HttpOnly cookie (``BrowserCookie``); a token read by
one browser is worth nothing to another. (The ``Host`` the Origin is compared with has passed
``guard.py``'s check.)
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection

from .errors import error_response
from .sessions import SESSION_COOKIE

router = APIRouter()

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
BROWSER_COOKIE = "storyscope_browser"
BROWSER_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


def new_secret() -> bytes:
    """The per-app secret the token is made from (a restart makes a new one)."""
    return secrets.token_bytes(32)


def csrf_token(request: Request) -> str:
    """The token of this request's session (when signed in) or browser."""
    session = request.cookies.get(SESSION_COOKIE)
    holder = f"session {session}" if request.app.state.sessions.valid(session) else f"browser {request.state.browser}"
    return hmac.new(request.app.state.csrf_secret, holder.encode(), hashlib.sha256).hexdigest()


class BrowserCookie:
    """Gives each browser (each cookie jar) a random id in an HttpOnly, same-site cookie, and
    puts the id in the request's state (``request.state.browser``)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        known = HTTPConnection(scope).cookies.get(BROWSER_COOKIE, "")
        browser = known if BROWSER_ID.match(known) else secrets.token_urlsafe(32)
        scope.setdefault("state", {})["browser"] = browser
        if browser == known:
            return await self.app(scope, receive, send)
        secure = "; Secure" if scope.get("scheme") == "https" else ""

        async def send_with_cookie(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", []))
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", f"{BROWSER_COOKIE}={browser}; Path=/; HttpOnly; SameSite=Strict{secure}")
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def cross_site(request: Request) -> Response | None:
    """A 403 when the browser says the request comes from another site; None otherwise."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
    if origin is not None and origin.strip().lower().rstrip("/") != own:
        return error_response(request, 403, "cross-site request refused: the Origin is not this site")
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return error_response(request, 403, "cross-site request refused: the browser says it comes from another site")
    return None


def missing_token(request: Request, form_token: object = None) -> Response | None:
    """A 403 unless the request carries this app's CSRF token (header, else form field)."""
    given = request.headers.get(CSRF_HEADER) or (form_token if isinstance(form_token, str) else "")
    if not hmac.compare_digest(given.encode(), csrf_token(request).encode()):
        return error_response(request, 403, f"missing or wrong CSRF token (send the one GET /api/csrf gives as {CSRF_HEADER})")
    return None


@router.get("/api/csrf", tags=["api"])
def csrf(request: Request) -> dict:
    """The token every POST must carry in the ``X-CSRF-Token`` header."""
    return {"token": csrf_token(request), "header": CSRF_HEADER}
