"""Two articles side by side, and one person or organisation across outlets (pages and API)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import library
from ..compare.pair import SIDES
from ..model import Story
from ..store import Store
from . import views
from .templating import render

router = APIRouter()
PASSAGE_COLOURS = 6  # the stylesheet's a.passage.c0 … c5
Name = Annotated[str | None, Query(description="Only entities whose name or other names contain this.")]


def comparison(store: Store, a: str, b: str) -> dict:
    try:
        return library.compare_articles(store, a, b)
    except ValueError:  # the same article twice
        raise HTTPException(400) from None


def entities_page(store: Store, offset: int, limit: int, q: str | None) -> views.Page:
    limit = views.clamp_limit(limit)
    found = library.list_entities(store, q)
    following = offset + limit if offset + limit < len(found) else None
    return views.Page(found[offset:offset + limit], offset, limit, following, total=len(found))


def passage_marks(data: dict) -> dict[str, list[dict]]:
    """Per side, the character spans of its shared sentences, each with its passage, the
    anchor it carries and the anchor on the other side it links to (for markup.quoted_segments)."""
    marks: dict[str, list[dict]] = {side: [] for side in SIDES}
    for n, passage in enumerate(data["passages"]):
        for side, other in (SIDES, SIDES[::-1]):
            sentence = data[side]["sentences"][passage[side]]
            marks[side].append({"start": sentence["start"], "end": sentence["end"], "passage": passage,
                                "colour": n % PASSAGE_COLOURS, "anchor": f"{side}-{passage['id']}",
                                "target": f"{other}-{passage['id']}"})
    return marks


def story_peers(store: Store, story: Story | None, article_id: str) -> list[dict]:
    """The other articles of ``story``, which holds ``article_id`` (id, title, outlet, date), to compare with."""
    if story is None:
        return []
    rows = {row.id: row for row in store.list_articles(ids=story.articles)}
    return [{"id": a, "title": rows[a].title, "outlet": rows[a].outlet, "published": rows[a].published}
            for a in story.articles if a != article_id and a in rows]


# JSON

@router.get("/api/compare/{a}/{b}", tags=["api"])
def compare_api(request: Request, a: str, b: str) -> dict:
    """Two articles: shared passages (sentence of a, sentence of b, similarity), the reuse kind and
    each side's share, claims both carry and claims only one carries, counts that differ."""
    return comparison(request.app.state.store, a, b)


@router.get("/api/entities", tags=["api"])
def entities_api(request: Request, offset: views.Offset = 0, limit: views.Limit = views.DEFAULT_LIMIT, q: Name = None) -> dict:
    """People and organisations across stories (most mentioned first), with other names, roles,
    outlets, and counts of mentions and statements."""
    return entities_page(request.app.state.store, offset, limit, q).as_dict()


@router.get("/api/entities/{entity_id}", tags=["api"])
def entity_api(request: Request, entity_id: str) -> dict:
    """One person or organisation: what it said (quotes) and the sentences that name it, with dates."""
    return library.entity_record(request.app.state.store, entity_id)


# pages

@router.get("/compare", include_in_schema=False)
def compare_form(a: Annotated[str, Query()], b: Annotated[str, Query()]) -> RedirectResponse:
    """The article page's "compare with" form lands here."""
    return RedirectResponse(f"/compare/{quote(a, safe='')}/{quote(b, safe='')}", status_code=303)


@router.get("/compare/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
def compare_page(request: Request, a: str, b: str) -> HTMLResponse:
    data = comparison(request.app.state.store, a, b)
    return HTMLResponse(render("compare.html", d=data, marks=passage_marks(data)))


@router.get("/entities", response_class=HTMLResponse, include_in_schema=False)
def entities_list(request: Request, q: Annotated[str | None, Query()] = None,
                  offset: views.Offset = 0) -> HTMLResponse:
    page = entities_page(request.app.state.store, offset, views.MAX_LIMIT, q)
    return HTMLResponse(render("entities.html", page=page, q=q or ""))


@router.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    return HTMLResponse(render("entity.html", e=library.entity_record(request.app.state.store, entity_id)))
