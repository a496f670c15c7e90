"""The FastAPI application: REST API at root paths, NiceGUI pages on the same app."""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from core.api import admin, auth, interviews, system
from core.errors import install_error_handlers
from core.queue import close_pool

log = logging.getLogger(__name__)

DESCRIPTION = """Self-hostable AI interview coach.

Every error answers `{"error_code", "error_message", "retry_available"}` with the matching HTTP status.
Authenticate with `POST /token` (OAuth2 password form) and send `Authorization: Bearer <token>`."""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    from core.services.bank import sync_bank
    from db.engine import db_session, dispose_engine

    async with db_session() as db:
        stats = await sync_bank(db)
    log.info("question bank: %s", stats)
    yield
    await close_pool()
    await dispose_engine()


def create_app(*, with_ui: bool = True) -> FastAPI:
    app = FastAPI(title="AI Interview Coach", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    install_error_handlers(app)
    for module in (auth, interviews, admin, system):
        app.include_router(module.router)
    try:
        from media.api import router as media_router
    except ImportError:
        media_router = None
    if media_router is not None:
        app.include_router(media_router)
    if with_ui:
        from ui import init as init_ui

        init_ui(app)
    return app
