"""The FastAPI application: REST API at root paths, NiceGUI pages on the same app."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.lowlevel
from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.api import admin, auth, docs, interviews, system
from core.api.headers import SecurityHeaders
from core.api.openapi import document_errors
from core.api.validation import SanitizeBodies, check_request
from core.config import settings
from core.errors import envelope, install_error_handlers
from core.queue import close_pool, get_pool
from core.services import fast_reads
from media import api as media_api

log = logging.getLogger(__name__)

DESCRIPTION = """Self-hostable AI interview coach.

Every error answers `{"error_code", "error_message", "retry_available"}` with the matching HTTP status.
Authenticate with `POST /token` (OAuth2 password form) and send `Authorization: Bearer <token>`."""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    from core.services.bank import sync_bank
    from db.engine import db_session, dispose_engine, warm_pool

    async with db_session(maintenance=True) as db:
        stats = await sync_bank(db)
    log.info("question bank: %s", stats)
    # anyio loads its asyncio backend on first use (FastAPI's first dependency): ~0.2 s with the loop blocked,
    # which the first burst of requests after a start would otherwise queue behind.
    await anyio.lowlevel.checkpoint()
    try:  # the queue's Redis pool too: the first logins' throttle checks (0.1 s budget) shouldn't build it
        await asyncio.wait_for(get_pool(), settings.redis_timeout_seconds * 3)
    except Exception as exc:  # noqa: BLE001 - Redis down at start: built on first use, as before
        log.warning("Redis pool not opened at start: %s", exc)
    warm = settings.db_warm_connections
    log.info("database connections opened ahead: %s ORM, %s fast-read", await warm_pool(warm),
             await fast_reads.warm(min(warm, settings.db_read_pool_size)))
    from core.events import hub

    hub.start()  # one Redis subscriber per process for session events (core/events.py)
    yield
    await hub.stop()
    await close_pool()
    await fast_reads.close_pool()
    await dispose_engine()


class JsonNotFoundForApiClients:
    """With the UI mounted at /, unknown paths get NiceGUI's HTML 404; API clients get the JSON envelope."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or b"text/html" in dict(scope["headers"]).get(b"accept", b""):
            await self.app(scope, receive, send)
            return
        replaced = False

        async def send_wrapper(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start" and message["status"] == 404:
                ctype = dict(message.get("headers", [])).get(b"content-type", b"")
                if ctype.startswith(b"text/html"):
                    replaced = True
                    body = JSONResponse(envelope("NOT_FOUND", "Not Found", False), status_code=404)
                    await body(scope, receive, send)
                    return
            if replaced:
                return  # swallow the HTML body
            await send(message)

        await self.app(scope, receive, send_wrapper)


def create_app(*, with_ui: bool = True) -> FastAPI:
    # Swagger UI and ReDoc are served from local files (core/api/docs.py): /docs works offline.
    app = FastAPI(title="AI Interview Coach", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, dependencies=[Depends(check_request)])
    install_error_handlers(app)
    for router in (auth.router, interviews.router, admin.router, system.router, media_api.router):
        app.include_router(router)
    docs.install(app)
    document_errors(app)
    if with_ui:
        from ui import init as init_ui

        init_ui(app)
    app.add_middleware(JsonNotFoundForApiClients)
    app.add_middleware(SanitizeBodies)
    app.add_middleware(SecurityHeaders)  # outermost: every answer, UI and API, gets the headers
    return app
