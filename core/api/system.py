"""Health (no auth, no secrets)."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from core.services.health import health

router = APIRouter(tags=["system"])


@router.get("/health")
async def get_health() -> JSONResponse:
    body = await health()
    return JSONResponse(body, status_code=200 if body["database"]["ok"] else 503)
