"""Errors as responses: JSON under /api/, a page elsewhere; never echoing what the request sent."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException

from ..errors import NotFound, StoryscopeError
from .templating import render

NOT_FOUND = "nothing has this id (or the id prefix is ambiguous)"
STATUS_TEXT = {400: "bad request", 401: "not signed in", 404: "not found", 405: "method not allowed",
               422: "invalid request parameters", 500: "internal error"}


def error_response(request: Request, status: int, detail: str) -> JSONResponse | HTMLResponse:
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return JSONResponse({"detail": detail}, status_code=status)
    return HTMLResponse(render("error.html", status=status, detail=detail), status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, _exc: NotFound):
        return error_response(request, 404, NOT_FOUND)

    @app.exception_handler(StoryscopeError)
    async def library_error(request: Request, _exc: StoryscopeError):
        return error_response(request, 500, "the store could not answer this request")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        # name the parameters (our own names), never the values sent
        names = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        return error_response(request, 422, "invalid value for: " + ", ".join(names) if names else STATUS_TEXT[422])

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return error_response(request, exc.status_code, STATUS_TEXT.get(exc.status_code, "error"))
