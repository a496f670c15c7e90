"""Error pages in the user's language: no raw JSON, exception names or English in the Korean UI.

Browsers (Accept: text/html) get these pages; API clients keep the JSON envelope from core.errors.
"""
from __future__ import annotations

import logging

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from nicegui import Client, ui
from nicegui import app as nicegui_app
from nicegui.page import page as nicegui_page
from nicegui.storage import request_contextvar
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import envelope
from ui.auth import PageContext, load_context
from ui.i18n import DEFAULT_LANGUAGE, Translator
from ui.theme import frame

log = logging.getLogger(__name__)


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


async def _context(request: Request) -> PageContext:
    request_contextvar.set(request)  # the 500 handler runs outside NiceGUI's request middleware
    try:
        return await load_context()
    except Exception:  # no session or storage: still answer, in the default language
        log.warning("error page without a user context", exc_info=True)
        return PageContext(user=None, lang=DEFAULT_LANGUAGE, t=Translator(DEFAULT_LANGUAGE))


async def error_response(request: Request, status: int) -> Response:
    """A full page with the shared header, a localized title and message, and a way back."""
    ctx = await _context(request)
    kind = "not_found" if status < 500 else "server"
    with Client(nicegui_page(""), request=request) as client, frame(ctx, f"errors.{kind}_title"):
        ui.label(ctx.t(f"errors.{kind}")).mark(f"error-{status}")
        ui.link(ctx.t("errors.back_home"), "/").classes("text-indigo-800 underline")
    return client.build_response(request, status)


def install() -> None:
    """Replace NiceGUI's English error pages (which show exception names) with ours."""

    @nicegui_app.exception_handler(404)
    async def _not_found(request: Request, exc: Exception) -> Response:
        if not wants_html(request):
            return JSONResponse(envelope("NOT_FOUND", "Not Found", False), status_code=404)
        return await error_response(request, 404)

    @nicegui_app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # A page address with a malformed part (/result/abc) names no page: "not found", not raw 422 JSON.
        if not wants_html(request):
            return JSONResponse(envelope("VALIDATION_ERROR", "invalid request", False), status_code=422)
        return await error_response(request, 404)

    @nicegui_app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not wants_html(request):
            return JSONResponse(envelope(f"HTTP_{exc.status_code}", str(exc.detail), exc.status_code in (429, 503)),
                                status_code=exc.status_code)
        return await error_response(request, 404 if exc.status_code < 500 else exc.status_code)

    @nicegui_app.exception_handler(Exception)
    async def _server_error(request: Request, exc: Exception) -> Response:
        log.exception("page %s failed", request.url.path)
        if not wants_html(request):
            return JSONResponse(envelope("INTERNAL_ERROR", "Internal server error. Please try again.", True),
                                status_code=500)
        return await error_response(request, 500)
