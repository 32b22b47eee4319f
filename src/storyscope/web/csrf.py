"""Guards every POST (adding articles, correcting an outlet) against cross-site requests.

An ``Origin`` (or ``Sec-Fetch-Site``) other than this app's own is refused, and the request
must carry the app's CSRF token (an HMAC of a random per-app secret) in the form field
``csrf_token`` or the ``X-CSRF-Token`` header (``GET /api/csrf`` gives it). Both refusals
are a 403.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .errors import error_response

router = APIRouter()

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


def new_secret() -> bytes:
    """The per-app secret the token is made from (a restart makes a new one)."""
    return secrets.token_bytes(32)


def csrf_token(request: Request) -> str:
    return hmac.new(request.app.state.csrf_secret, b"storyscope csrf", hashlib.sha256).hexdigest()


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
