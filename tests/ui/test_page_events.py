"""The interview and loading pages move on when the worker's events arrive, with the safety poll switched off."""
from __future__ import annotations

import pytest
from nicegui.testing.user import User

from core.config import settings
from tests.ui.conftest import first_of, log_in, make_user, see
from ui.i18n import Translator

EN = Translator("en")
# Thin (no example, key points missed): the backend asks for a retry or a follow-up, which the page must follow.
THIN = "An index makes reads faster."
GOOD = ("I would start from the requirements, then explain the trade-offs. For example in my last project we used "
        "PostgreSQL with an index on the foreign key, cached hot reads in Redis and cut p95 latency by 40%.")


def _has(user: User, marker: str) -> bool:
    return bool(user.find(marker=marker).elements) if user.current_layout else False


async def test_pages_follow_events_without_polling(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.services import interviews
    from db.engine import db_session

    # An hour: within this test only an event can move the pages on.
    monkeypatch.setattr(settings, "ui_safety_poll_seconds", 3600.0)
    account = await make_user(lang="en")
    async with db_session() as db:
        s = await interviews.create_session(db, account, {"user_name": "Me", "position": "Backend", "language": "en",
                                                          "question_count": 2})
    await log_in(user, account.username)
    await see(user, EN("landing.title"))
    await user.open(f"/interview/{s.id}")
    for attempt in range(8):
        await see(user, marker="question-text")
        user.find(marker="answer-input").type(THIN if attempt == 0 else f"{GOOD} ({attempt})")
        user.find(marker="submit-answer").click()
        await see(user, marker="evaluating")
        if await first_of(user, "end-card", "question-text", seconds=60) == "end-card":
            break
    else:
        raise AssertionError("the interview never reached its end")
    user.find(marker="finish").click()
    await see(user, marker="overall-score", seconds=90)  # the loading page reacted to report_ready
    async with db_session() as db:
        done = (await interviews.list_sessions(db, account))[0]
    assert done.report_status == "ready"
