"""An outlet's pages, and readers' corrections of its name (pages and API).

``/outlet?name=`` lists an outlet's pages and carries the form "Correct this outlet's name";
the article page carries the same form. Both POST to ``/outlet/rename``, which stores the
correction (``library.rename_outlet``: every page of the outlet, and pages stored later under
the old name) and goes back to the page the reader came from. ``POST /api/outlets/rename``
does the same for programs. A name the library refuses (empty, over-long, unchanged) is a 400
with a one-line reason; every POST is guarded as ``csrf.py`` says.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from .. import library
from ..errors import BadEdit, NotFound
from .csrf import CSRF_FIELD, cross_site, csrf_token, missing_token
from .errors import error_response
from .templating import render

router = APIRouter()
Name = Annotated[str, Query(min_length=1, max_length=1000, description="The outlet's name as stored.")]
MAX_FORM_BYTES = 20_000  # the form holds two names, a token and a path
GONE = "no outlet has this name (it may have been corrected meanwhile)"


def outlet_href(name: str) -> str:
    return "/outlet?" + urlencode({"name": name})


def form_context(request: Request) -> dict:
    """What the correction form (templates/outlet_macros.html) needs besides the name."""
    return {"csrf": csrf_token(request), "field": CSRF_FIELD, "max_name": library.MAX_OUTLET_NAME}


def local_path(back: object, fallback: str) -> str:
    """``back`` when it is a path of this site (so a form cannot send the reader elsewhere), else ``fallback``."""
    if isinstance(back, str) and back.startswith("/") and not back.startswith(("//", "/\\")):
        return back
    return fallback


def _outlet_page(request: Request, name: str, error: str | None = None, typed: str = "",
                 status: int = 200) -> HTMLResponse:
    store = request.app.state.store
    if name not in store.outlets():
        return error_response(request, 404, GONE)
    rows = store.list_articles(outlet=name)
    return HTMLResponse(render("outlet.html", outlet=name, articles=rows, error=error, typed=typed,
                               form=form_context(request)), status_code=status)


@router.get("/outlet", response_class=HTMLResponse, include_in_schema=False)
def outlet_page(request: Request, name: Name) -> HTMLResponse:
    return _outlet_page(request, name)


@router.post("/outlet/rename", include_in_schema=False)
async def rename_form(request: Request) -> Response:
    refused = cross_site(request)
    if refused:
        return refused
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
        return error_response(request, 413, f"the form must state its length, at most {MAX_FORM_BYTES} bytes")
    form = await request.form(max_files=0, max_fields=5, max_part_size=10_000)
    refused = missing_token(request, form.get(CSRF_FIELD))
    if refused:
        return refused
    old, new = form.get("old"), form.get("new")
    if not isinstance(old, str) or not isinstance(new, str):
        return error_response(request, 400, "the form needs the outlet's name and the new name")
    try:
        name = library.outlet_name(old, new)
        library.rename_outlet(request.app.state.db, old, name)
    except BadEdit as exc:  # shown above the form, which keeps what the reader typed
        return _outlet_page(request, old, str(exc), new, 400)
    except NotFound:
        return error_response(request, 404, GONE)
    return RedirectResponse(local_path(form.get("back"), outlet_href(name)), status_code=303)


@router.post("/api/outlets/rename", tags=["api"],
             responses={400: {"description": "the new name is empty, too long or unchanged"},
                        403: {"description": "cross-site request or missing CSRF token"},
                        404: {"description": "no outlet has the old name"}})
def rename_api(request: Request,
               old: Annotated[str, Body(description="The outlet's name as stored.")],
               new: Annotated[str, Body(description="The name to call it by.")]) -> JSONResponse:
    """Correct an outlet's name on all its pages, now and for pages stored later (as
    ``storyscope rename-outlet``); answers how many stored pages were renamed. Needs the
    ``X-CSRF-Token`` header."""
    refused = cross_site(request) or missing_token(request)
    if refused:
        return refused
    try:
        name = library.outlet_name(old, new)
        renamed = library.rename_outlet(request.app.state.db, old, name)
    except BadEdit as exc:
        return error_response(request, 400, str(exc))
    except NotFound:
        return error_response(request, 404, GONE)
    return JSONResponse({"old": old, "new": name, "renamed": renamed})
