"""429 and 500 answer with the envelope too, and a failed request leaves nothing behind."""
from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from core.config import settings
from db.engine import db_session
from db.models import InterviewSession
from tests.api.test_auth import assert_envelope
from tests.conftest import register_and_login


async def test_rate_limit_answers_429(client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = await register_and_login(client)
    monkeypatch.setattr(settings, "rate_limit_per_minute", 3)
    codes = [(await client.get("/users/me", headers=headers)).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    r = await client.get("/users/me", headers=headers)
    body = assert_envelope(r, 429, "RATE_LIMITED")
    assert body["retry_available"] is True and r.headers["Retry-After"]


async def test_unexpected_failure_is_500_envelope_and_rolls_back(client: httpx.AsyncClient, auth: dict[str, str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import core.services.interviews as interviews

    async def broken(*args: object, **kwargs: object) -> list:
        raise RuntimeError("selection backend exploded")

    async with db_session() as db:
        before = (await db.execute(select(func.count()).select_from(InterviewSession))).scalar_one()
    monkeypatch.setattr(interviews, "select_questions", broken)
    r = await client.post("/sessions", headers=auth, json={"user_name": "A", "position": "Backend", "language": "en"})
    body = assert_envelope(r, 500, "INTERNAL_ERROR")
    assert body["retry_available"] is True and "exploded" not in body["error_message"]
    async with db_session() as db:
        after = (await db.execute(select(func.count()).select_from(InterviewSession))).scalar_one()
    assert after == before  # the session row flushed before the failure was rolled back
