"""``create_app(db, token)``: the FastAPI application over one store."""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ..store import Store
from . import api, comparison, csrf, errors, intake, outlets, pages, search, views
from .security import RequireToken, SecurityHeaders


def create_app(db: str, token: str | None = None) -> FastAPI:
    """The web app over the store at ``db``; when ``token`` is set every request must carry it
    (``Authorization: Bearer <token>``, or the cookie the sign-in form sets)."""
    store = Store.open(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()

    app = FastAPI(title="storyscope", summary="How many news outlets tell the same events.", lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # their pages load scripts from a CDN
    app.state.db, app.state.store, app.state.token = db, store, token or None
    app.state.dossiers = views.DossierCache()
    app.state.csrf_secret = csrf.new_secret()
    static = resources.files(__package__).joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for feature in (api, pages, search, comparison, intake, outlets, csrf):
        app.include_router(feature.router)
    errors.install(app)
    if token:
        app.add_middleware(RequireToken, token=token)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so even a 401 carries the headers
    return app
