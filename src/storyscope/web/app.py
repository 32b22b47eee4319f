"""``create_app(db, token)``: the FastAPI application over one store."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from fastapi import Request

from ..config import Settings
from ..store import Store
from . import api, comparison, csrf, errors, intake, outlets, pages, search, views
from .guard import SMALL_BODY, RequestGuard
from .security import RequireToken, SecurityHeaders
from .sessions import GuessBrake, Sessions

UPLOAD_PATHS = frozenset({"/add", "/api/articles"})  # the POSTs that carry files


# Collect young objects less often: a dossier's first view makes ~10^5 short-lived objects, and
# the default (a collection every 700 allocations) let full collections over the server's
# long-lived objects land inside requests (bench/web_load.py: docs/speed.md).
YOUNG_COLLECTION_EVERY = 50_000


def _steady_collector() -> None:
    """Freeze what the server holds once started (modules, the app, the store) out of the
    collector's reach, and collect young objects less often, so that a request does not pay for
    a full collection over everything the process has ever loaded."""
    gc.collect()
    gc.freeze()
    _, *older = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *older)


def body_cap(request: Request) -> int:
    """The most bytes a POST to this path may carry: uploads up to the intake's total, the rest small."""
    if request.url.path in UPLOAD_PATHS:
        return intake.intake_of(request).max_total_bytes
    return SMALL_BODY


def create_app(db: str, token: str | None = None, *, allowed_hosts: Iterable[str] = (),
               body_seconds: float = Settings.body_seconds) -> FastAPI:
    """The web app over the store at ``db``; when ``token`` is set every request must carry it
    (``Authorization: Bearer <token>``, or the cookie the sign-in form sets). Without a token
    only requests naming a loopback host or one of ``allowed_hosts`` are answered; a request
    body must arrive within ``body_seconds`` (``guard.py``)."""
    store = Store.open(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        jobs = intake.intake_of_app(app)
        jobs.start()  # resumes the upload jobs a previous run left unfinished
        _steady_collector()
        yield
        jobs.stop()  # removes what no waiting job owns from the upload spool
        store.close()

    app = FastAPI(title="storyscope", summary="How many news outlets tell the same events.", lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # their pages load scripts from a CDN
    app.state.db, app.state.store, app.state.token = db, store, token or None
    app.state.dossiers = views.DossierCache()
    app.state.csrf_secret = csrf.new_secret()
    app.state.sessions, app.state.guess_brake = Sessions(), GuessBrake()
    static = resources.files(__package__).joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for feature in (api, pages, search, comparison, intake, outlets, csrf):
        app.include_router(feature.router)
    errors.install(app)
    app.add_middleware(RequestGuard, check_host=not token, allowed_hosts=allowed_hosts,
                       body_seconds=body_seconds, body_cap=body_cap)
    app.add_middleware(csrf.BrowserCookie)  # outside the guard, whose CSRF check needs the browser's id
    if token:  # outside the guard: without the token nothing of the request is read
        app.add_middleware(RequireToken, token=token, sessions=app.state.sessions)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so even a 401 carries the headers
    return app
