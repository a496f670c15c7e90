"""Fixtures for the page tests: NiceGUI's simulated user on our pages, against the real database and worker."""
from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from nicegui.testing.user import User
from nicegui.testing.user_simulation import user_simulation

MAIN = Path(__file__).with_name("nicegui_main.py")
PASSWORD = "secret123"


@pytest.fixture(name="bank_ready", scope="session")
async def fix_bank_ready(app: object) -> None:
    """The `app` fixture's lifespan has imported the question bank; that is all the pages need from it."""


@pytest.fixture(name="user")
async def fix_user(bank_ready: None, worker: subprocess.Popen, caplog: pytest.LogCaptureFixture
                   ) -> AsyncIterator[User]:
    async with user_simulation(main_file=MAIN) as user:
        # No browser here: the media calls a page awaits answer "no device", as a browser without one would.
        user.javascript_rules[re.compile(r"IC\.(open|live)\(")] = lambda _: False
        yield user
    errors = [r for r in caplog.get_records("call") if r.levelname == "ERROR"]
    assert not errors, f"unexpected ERROR logs: {[r.getMessage() for r in errors]}"


def new_username() -> str:
    return f"u{uuid.uuid4().hex[:10]}"


async def make_user(username: str | None = None, *, role: str = "candidate", lang: str = "ko"):  # type: ignore[no-untyped-def]
    from core.services import users
    from db.engine import db_session

    async with db_session() as db:
        user = await users.register(db, username=username or new_username(), password=PASSWORD,
                                    full_name="Tester", role=role)
        return await users.update_profile(db, user, ui_language=lang)


async def log_in(user: User, username: str, password: str = PASSWORD) -> None:
    await user.open("/login")
    user.find(marker="username").type(username)
    user.find(marker="password").type(password)
    user.find(marker="login-submit").click()


async def see(user: User, target: str | None = None, *, marker: str | None = None, seconds: float = 15) -> None:
    """should_see, waiting up to `seconds` for database work and page changes to land."""
    await user.should_see(target, marker=marker, retries=int(seconds * 10))


async def first_of(user: User, *markers: str, seconds: float = 60) -> str:
    """Wait until an element with one of `markers` is on the page; return that marker."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for marker in markers:
            try:
                await user.should_see(marker=marker, retries=1)
                return marker
            except AssertionError:
                pass
    raise AssertionError(f"none of {markers} appeared")
