"""Search: full text over articles and quotes, with filters (pages and API).

``GET /api/search`` answers ``{items, offset, limit, next_offset}`` (each item a
``SearchHit``: plain-text snippet plus match offsets); ``GET /search`` is the
form and the results, matches marked with ``<mark>`` around escaped text. A
malformed query is a 400 with the store's one-line message, on both.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from ..errors import SearchError, SearchUnavailable
from ..store import Store
from . import views
from .errors import error_response
from .markup import marked_segments
from .templating import render

router = APIRouter()
QUERY_HELP = ('FTS5 syntax: plain words are all required; "quoted phrases", prefix*, OR, NOT, NEAR(a b), '
              "column filters title:, text:, outlet:, speaker:.")
Text = Annotated[str | None, Query(max_length=1000)]
Outlet = Annotated[str | None, Query(max_length=1000, description="Only this outlet (exactly).")]
Speaker = Annotated[str | None, Query(max_length=1000, description="Only quotes whose speaker contains this.")]
Day = Annotated[str | None, Query(max_length=40, description="A day, YYYY-MM-DD (inclusive).")]


def search_page(store: Store, q: str, outlet: str | None = None, since: str | None = None,
                until: str | None = None, speaker: str | None = None, offset: int = 0,
                limit: int = views.DEFAULT_LIMIT) -> views.Page:
    """One slice of the ranked hits (empty filter values mean no filter)."""
    limit = views.clamp_limit(limit)
    hits = store.search(q, outlet=outlet or None, since=since or None, until=until or None,
                        speaker=speaker or None, limit=limit + 1, offset=offset)
    following = offset + limit if len(hits) > limit else None
    return views.Page([asdict(hit) for hit in hits[:limit]], offset, limit, following)


def _refused(request: Request, exc: SearchError) -> JSONResponse | HTMLResponse:
    # the message is the store's own fixed wording, never the query
    return error_response(request, 501 if isinstance(exc, SearchUnavailable) else 400, str(exc))


@router.get("/api/search", tags=["api"])
def api_search(request: Request, q: Annotated[str, Query(min_length=1, max_length=1000, description=QUERY_HELP)],
               outlet: Outlet = None, since: Day = None, until: Day = None, speaker: Speaker = None,
               offset: views.Offset = 0, limit: views.Limit = views.DEFAULT_LIMIT):
    """Current articles and quotes matching ``q``, best first (bm25); a malformed ``q`` is a 400."""
    try:
        return search_page(request.app.state.store, q, outlet, since, until, speaker, offset, limit).as_dict()
    except SearchError as exc:
        return _refused(request, exc)


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def page(request: Request, q: Text = None, outlet: Text = None, since: Day = None, until: Day = None,
         speaker: Text = None, offset: views.Offset = 0) -> HTMLResponse:
    store = request.app.state.store
    form = {"q": q or "", "outlet": outlet or "", "since": since or "", "until": until or "",
            "speaker": speaker or ""}
    context = {"form": form, "outlets": store.outlets(), "page": None, "error": None}
    status = 200
    if form["q"].strip():
        try:
            found = search_page(store, form["q"], outlet, since, until, speaker, offset, views.DEFAULT_LIMIT)
            for item in found.items:
                item["segments"] = marked_segments(item["snippet"], item["spans"])
            context["page"] = found
        except SearchError as exc:
            context["error"], status = str(exc), 501 if isinstance(exc, SearchUnavailable) else 400
    return HTMLResponse(render("search.html", **context), status_code=status)
