"""serve's pgvector self-test against the real embedded PostgreSQL: it passes here and reports a dead backend."""
from __future__ import annotations

import asyncpg
import pytest

from core.config import settings
from db import vector_selftest


async def test_self_test_passes_on_the_embedded_build(services: object) -> None:
    result = await vector_selftest.run(settings.database_url)
    assert result == {"ok": True, "ms": result["ms"], "error": None} and result["ms"] >= 0


async def test_a_backend_that_dies_is_reported_not_raised(services: object, monkeypatch: pytest.MonkeyPatch) -> None:
    real_check = vector_selftest._check

    async def die_midway(conn: asyncpg.Connection) -> None:
        # The real failure mode: the server process running the distance function disappears (SIGILL there).
        await conn.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        await real_check(conn)

    monkeypatch.setattr(vector_selftest, "_check", die_midway)
    monkeypatch.setattr(vector_selftest, "_last", vector_selftest._last)  # /health keeps the real result
    result = await vector_selftest.run(settings.database_url)
    assert result["ok"] is False and "died" in result["error"] and "CPU" in result["error"]


async def test_unreachable_database_is_reported(services: object) -> None:
    result = await vector_selftest.run("postgresql://postgres:@/postgres?host=/nonexistent-dir", timeout=3)
    assert result["ok"] is False and "cannot connect" in result["error"]


async def test_health_reports_the_vector_self_test(client, auth) -> None:  # type: ignore[no-untyped-def]
    body = (await client.get("/health")).json()
    assert body["vector"] == {"ok": True, "error": None}
