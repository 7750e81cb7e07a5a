"""One JSON error shape for every error the service returns.

``{"error": {"status": 404, "code": "not-found", "message": "…", "detail": …}}``

A 404 for a client that asks for ``text/html`` first is the HTML page of
:mod:`api.not_found` (with suggestions) instead.

Raise :class:`ApiError` in handlers; :func:`install` registers handlers that
turn ``ApiError``, Starlette's ``HTTPException``, ``RequestValidationError``
and any other exception (as 500) into that shape.
"""

from __future__ import annotations

import logging
from typing import Any

import anyio

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

_CODES = {400: "bad-request", 404: "not-found", 405: "method-not-allowed", 406: "not-acceptable",
          413: "body-too-large", 415: "unsupported-media-type", 422: "invalid-parameter", 500: "internal-error",
          429: "too-many-requests", 503: "unavailable"}


class ApiError(Exception):
    """An error with an HTTP status, a stable machine-readable code and a message."""

    def __init__(self, status: int, code: str, message: str, detail: Any = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail
        self.headers = headers


def not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, "not-found", f"no {what} {ident!r}", {"kind": what, "id": ident})


def error_body(status: int, code: str, message: str, detail: Any = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "detail": detail}}


def error_response(status: int, code: str, message: str, detail: Any = None,
                   headers: dict | None = None) -> JSONResponse:
    return JSONResponse(jsonable_encoder(error_body(status, code, message, detail)),
                        status_code=status, headers=headers)


async def _html_404(request: Request, status: int, message: str):
    """The HTML 404 page for a browser (see :mod:`api.not_found`), None for anyone else; made in a
    worker thread (it may read the store and compares names), never on the event loop."""
    if status != 404:
        return None
    from .not_found import html_not_found, prefers_html

    if not prefers_html(request):
        return None
    return await anyio.to_thread.run_sync(html_not_found, request, message)


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    page = await _html_404(request, exc.status, exc.message)
    if page is not None:
        return page
    return error_response(exc.status, exc.code, exc.message, exc.detail, headers=exc.headers)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    message = exc.detail if isinstance(exc.detail, str) else "HTTP error"
    page = await _html_404(request, exc.status_code, f"{message}: {request.url.path}")
    if page is not None:
        return page
    detail = None if isinstance(exc.detail, str) else exc.detail
    return error_response(exc.status_code, _CODES.get(exc.status_code, "http-error"), message,
                          detail, headers=getattr(exc, "headers", None))


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [{"loc": list(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type")}
                for e in exc.errors()]
    first = problems[0] if problems else {"loc": [], "message": "invalid request"}
    where = ".".join(str(p) for p in first["loc"])
    return error_response(422, "invalid-parameter", f"{where}: {first['message']}", problems)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    # the exception's text stays in the server log: it can hold paths and internals
    return error_response(500, "internal-error", "internal error; the server log has the details")


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
