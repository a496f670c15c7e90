"""Accounts: registration, login, profile, erasure."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from core.errors import Conflict, Invalid, NotFound, Unauthorized
from core.security import (
    create_access_token,
    hash_password,
    hash_password_async,
    password_problem,
    verify_password_async,
)
from core.services import fast_reads, login_throttle
from db.models import InterviewSession, User


def check_new_password(password: str, username: str | None = None) -> None:
    """The password policy (length, not blank, not common), as a 422."""
    if problem := password_problem(password, username):
        raise Invalid(problem, code="WEAK_PASSWORD")


def detached_user(row: Mapping[str, Any]) -> User:
    """A User from a plain users row, detached with its identity: `db.add(user)` after a change updates that
    row, as with an instance loaded by `db.get` (the hot paths read users without an ORM session)."""
    user = User(**dict(row))
    make_transient_to_detached(user)
    return user


async def register(db: AsyncSession, *, username: str, password: str, full_name: str = "",
                   role: str = "candidate") -> User:
    if role not in ("candidate", "admin"):
        raise Invalid("unknown role")
    check_new_password(password, username)
    # A plain read (no ORM transaction): a taken name is refused before any hashing is spent on it.
    if await fast_reads.user_row_by_name(username) is not None:
        raise Conflict("This username is already taken.", code="USERNAME_TAKEN")
    # argon2 is deliberately slow (~16 ms of CPU): hashing runs in its own threads, never on the event loop.
    password_hash = await hash_password_async(password)
    # One INSERT … ON CONFLICT DO NOTHING (a classroom registers at once): nothing back = taken meanwhile.
    row = await fast_reads.insert_user(username, password_hash, full_name, role)
    if row is None:
        raise Conflict("This username is already taken.", code="USERNAME_TAKEN")
    return detached_user(row)


async def authenticate(db: AsyncSession, username: str, password: str, address: str | None = None) -> User:
    """Check a login; throttled per username and per client address (RateLimited with Retry-After)."""
    had_failures = await login_throttle.check(username, address)
    row = await fast_reads.user_row_by_name(username)
    user = detached_user(row) if row is not None else None
    # Verify against a dummy hash when the user is unknown, so timing doesn't reveal which usernames exist.
    ok = await verify_password_async(password, user.password_hash if user else _DUMMY_HASH)
    if not user or not ok:
        await login_throttle.record_failure(username, address)
        raise Unauthorized("Incorrect username or password.", code="INVALID_CREDENTIALS")
    if had_failures:
        await login_throttle.record_success(username)
    return user


def issue_token(user: User) -> tuple[str, int]:
    assert user.id is not None
    return create_access_token(user.id, user.token_version or 0)


async def revoke_tokens(db: AsyncSession, user_id: int) -> None:
    """Every token issued so far stops working (logout everywhere, password change): bump token_version."""
    await db.execute(update(User).where(User.id == user_id).values(token_version=User.token_version + 1))
    await db.commit()


async def get_user(db: AsyncSession, user_id: int) -> User:
    user = await db.get(User, user_id)
    if user is None:
        raise NotFound("User not found.")
    return user


async def update_profile(db: AsyncSession, user: User, *, full_name: str | None = None,
                         ui_language: str | None = None) -> User:
    if full_name is not None:
        user.full_name = full_name
    if ui_language is not None:
        user.ui_language = ui_language
    db.add(user)
    await db.commit()
    await db.refresh(user)
    return user


async def change_password(db: AsyncSession, user: User, old: str, new: str, min_length: int | None = None) -> None:
    """Set a new password (policy-checked) and revoke every token issued before. `min_length` is legacy."""
    if not await verify_password_async(old, user.password_hash):
        raise Unauthorized("Current password is incorrect.", code="INVALID_CREDENTIALS")
    if min_length is not None and len(new) < min_length:
        raise Invalid(f"Password must be at least {min_length} characters.", code="WEAK_PASSWORD")
    check_new_password(new, user.username)
    user.password_hash = await hash_password_async(new)
    user.token_version = (user.token_version or 0) + 1
    db.add(user)
    await db.commit()
    await db.refresh(user)


async def delete_account(db: AsyncSession, user: User) -> None:
    """Erase the account and everything it owns (foreign keys cascade to records, frames, history)."""
    await db.execute(delete(InterviewSession).where(InterviewSession.user_id == user.id))
    await db.execute(delete(User).where(User.id == user.id))
    await db.commit()


async def list_users(db: AsyncSession, limit: int = 200, offset: int = 0) -> list[User]:
    rows = await db.execute(select(User).order_by(User.id).limit(limit).offset(offset))
    return list(rows.scalars())


async def ensure_admin(db: AsyncSession, username: str, password: str, full_name: str = "") -> tuple[User, bool]:
    """Create the admin, or promote and reset an existing user of that name. Returns (user, created)."""
    row = await fast_reads.user_row_by_name(username)  # case-insensitive, like the unique index
    if row is None:
        return await register(db, username=username, password=password, full_name=full_name, role="admin"), True
    user = detached_user(row)
    check_new_password(password, username)
    user.role = "admin"
    user.token_version = (user.token_version or 0) + 1  # a reset password ends the old sessions
    user.password_hash = await hash_password_async(password)
    db.add(user)
    await db.commit()
    return user, False


_DUMMY_HASH = hash_password("not-a-real-password")
