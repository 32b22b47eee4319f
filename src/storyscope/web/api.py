"""The JSON API under /api/: stories and articles, paginated, with the ids of ``storyscope export``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from . import views

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/stories")
def stories(request: Request, offset: views.Offset = 0, limit: views.Limit = views.DEFAULT_LIMIT,
            q: Annotated[str | None, Query(description="Only stories whose title contains this.")] = None) -> dict:
    """Stories with their article, outlet and event counts and the first and last day they report."""
    return views.stories_page(request.app.state.store, offset, limit, q).as_dict()


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str) -> dict:
    """One story's dossier: brief, events, claims, numbers, voices, timeline, labels, copies."""
    return request.app.state.dossiers.get(request.app.state.store, story_id)


@router.get("/articles")
def articles(request: Request, offset: views.Offset = 0, limit: views.Limit = views.DEFAULT_LIMIT,
             outlet: Annotated[str | None, Query(description="Only this outlet.")] = None) -> dict:
    """Current articles in publication order, with counts of their quotes, dates and numbers."""
    return views.articles_page(request.app.state.store, offset, limit, outlet).as_dict()


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> dict:
    """One article as ``storyscope export`` writes it."""
    return views.article_view(request.app.state.store, article_id)
