"""Server-rendered pages: the stories, one story, one article; and the sign-in form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..compare.entity_index import entity_id
from ..report.dossier import charts
from . import views
from .comparison import story_peers
from .outlets import form_context
from .security import token_matches
from .sessions import SESSION_COOKIE
from .templating import render

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


@router.get("/")
def index(request: Request, q: Annotated[str | None, Query()] = None,
          offset: views.Offset = 0) -> HTMLResponse:
    page = views.stories_page(request.app.state.store, offset, views.MAX_LIMIT, q)
    return HTMLResponse(render("index.html", page=page, q=q or ""))


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str) -> HTMLResponse:
    data = request.app.state.dossiers.get(request.app.state.store, story_id)
    return HTMLResponse(render("story.html", d=data, charts=charts(data, link=True), entity_id=entity_id))


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> HTMLResponse:
    store = request.app.state.store
    record, story = views.article_and_story(store, article_id)
    claims = views.claims_of(request.app.state.dossiers.of(store, story), record["id"]) if story else []
    return HTMLResponse(render("article.html", a=record, peers=story_peers(store, story, record["id"]), claims=claims,
                               story=story, outlet_form=form_context(request)))


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return HTMLResponse(render("login.html", failed=False, needed=request.app.state.token is not None))


@router.post("/login")
def login(request: Request, token: Annotated[str, Form()]) -> Response:
    """Trade the token for a session: an HttpOnly, same-site cookie holding a random id (never the
    token) that later requests carry. Guesses are braked per client address (``sessions.py``)."""
    expected = request.app.state.token
    if expected is None:
        return RedirectResponse("/", status_code=303)
    brake = request.app.state.guess_brake
    address = request.client.host if request.client else ""
    wait = brake.wait(address)
    if wait > 0:
        seconds = str(int(wait) + 1)
        return HTMLResponse(render("login.html", failed=True, needed=True, wait=seconds), status_code=429,
                            headers={"Retry-After": seconds})
    if not token_matches(token, expected):
        brake.failed(address)
        return HTMLResponse(render("login.html", failed=True, needed=True), status_code=401)
    brake.succeeded(address)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, request.app.state.sessions.open(), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response
