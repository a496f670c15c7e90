"""Who is logged in: the user id lives in app.storage.user; the role is always read from the database."""
from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi.responses import RedirectResponse
from nicegui import app, ui
from sqlalchemy.ext.asyncio import AsyncSession

from core.security import create_access_token
from db.engine import db_session
from db.models import User
from ui.i18n import DEFAULT_LANGUAGE, Translator, normalize

log = logging.getLogger(__name__)
USER_KEY = "user_id"
LANG_KEY = "lang"
# The account's token_version when this browser signed in: logout or a password change bumps it, which ends
# every tab and every other browser of the account on its next action.
VERSION_KEY = "token_version"


class SignedOut(Exception):
    """The account behind this browser session is gone, signed out elsewhere, or its tokens were revoked."""


def storage() -> dict:
    return app.storage.user


def logged_in_id() -> int | None:
    uid = storage().get(USER_KEY)
    return int(uid) if isinstance(uid, int) or (isinstance(uid, str) and uid.isdigit()) else None


def sign_in(user: User) -> None:
    storage()[USER_KEY] = user.id
    storage()[VERSION_KEY] = int(user.token_version or 0)
    storage()[LANG_KEY] = normalize(user.ui_language)


def sign_out() -> None:
    storage().pop(USER_KEY, None)
    storage().pop(VERSION_KEY, None)


def signed_in_as(user: User) -> bool:
    """This browser's sign-in still stands for `user`: same account, tokens not revoked since."""
    return logged_in_id() == user.id and int(storage().get(VERSION_KEY, 0) or 0) == int(user.token_version or 0)


async def end_all_sessions(db: AsyncSession, user: User) -> None:
    """Log out everywhere: old tokens and every signed-in tab of the account stop working."""
    from core.services import users

    await users.revoke_tokens(db, user.id)  # type: ignore[arg-type]
    await db.refresh(user)


def ui_language() -> str:
    return normalize(storage().get(LANG_KEY, DEFAULT_LANGUAGE))


@asynccontextmanager
async def user_db(user_id: int) -> AsyncIterator[tuple[AsyncSession, User]]:
    """A database session with the user freshly loaded (role and all); SignedOut if the account is gone."""
    async with db_session() as db:
        user = await db.get(User, user_id)
        if user is None:
            raise SignedOut()
        yield db, user


@dataclass
class PageContext:
    """What every page build knows: the user (a snapshot from this request), the language and its texts."""

    user: User | None
    lang: str
    t: Translator

    @property
    def user_id(self) -> int:
        assert self.user is not None and self.user.id is not None
        return self.user.id

    @property
    def is_admin(self) -> bool:
        return self.user is not None and self.user.role == "admin"

    def db(self) -> Any:
        """`async with ctx.db() as (db, user)` — fresh rows for event handlers; SignedOut once signed out."""
        return self._checked_db()

    @asynccontextmanager
    async def _checked_db(self) -> AsyncIterator[tuple[AsyncSession, User]]:
        async with user_db(self.user_id) as (db, user):
            if not signed_in_as(user):
                raise SignedOut()
            yield db, user

    def token(self) -> str:
        """A bearer token for this user's browser-side calls (/offer, /ws, audio upload)."""
        # carries the account's token_version: a token minted with an older one is refused (TOKEN_REVOKED)
        return create_access_token(self.user_id, int(self.user.token_version or 0) if self.user else 0)[0]


async def load_context() -> PageContext:
    user: User | None = None
    uid = logged_in_id()
    if uid is not None:
        async with db_session() as db:
            user = await db.get(User, uid)
        if user is None or not signed_in_as(user):
            sign_out()
            user = None
    lang = ui_language()
    return PageContext(user=user, lang=lang, t=Translator(lang))


PageBuilder = Callable[..., Awaitable[Any]]


def page(path: str, *, public: bool = False, admin: bool = False) -> Callable[[PageBuilder], PageBuilder]:
    """`@page("/x")` = `@ui.page` + login check (+ admin role check from the database) + a PageContext."""

    def decorate(build: PageBuilder) -> PageBuilder:
        sig = inspect.signature(build)
        params = [p for p in sig.parameters.values() if p.name != "ctx"]

        @functools.wraps(build)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            ctx = await load_context()
            if ctx.user is None and not public:
                target = ui.context.client.request.url
                nxt = target.path + (f"?{target.query}" if target.query else "")
                return RedirectResponse(f"/login?next={quote(nxt, safe='')}", status_code=303)
            if admin and not ctx.is_admin:
                from ui.theme import forbidden

                forbidden(ctx)
                return None
            return await build(ctx, *args, **kwargs)

        wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
        ui.page(path)(wrapper)
        return build

    return decorate


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@asynccontextmanager
async def admin_db(user_id: int) -> AsyncIterator[tuple[AsyncSession, User]]:
    """Like user_db, but only for a user whose role in the database is admin (checked on every action)."""
    from core.errors import Forbidden

    async with user_db(user_id) as (db, user):
        if user.role != "admin":
            raise Forbidden("Administrators only.")
        yield db, user
