"""Registration, tokens and the caller's own account."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status

from core.api.deps import CurrentUser, DbSession, client_address
from core.schemas import Message, PasswordChange, Token, UserPublic, UserRegister, UserUpdate
from core.services import users
from core.services.export import export_user_data

router = APIRouter(tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=UserPublic)
async def register(body: UserRegister, db: DbSession) -> UserPublic:
    assert body.password is not None
    user = await users.register(db, username=body.username, password=body.password, full_name=body.full_name)
    return UserPublic.model_validate(user)


@router.post("/token", response_model=Token)
async def token(request: Request, db: DbSession, username: Annotated[str, Form(min_length=1, max_length=100)],
                password: Annotated[str, Form(min_length=1, max_length=200)]) -> Token:
    """OAuth2 password flow (form fields `username`, `password`). Repeated failures are throttled (429)."""
    user = await users.authenticate(db, username, password, client_address(request))
    access, ttl = users.issue_token(user)
    return Token(access_token=access, expires_in=ttl)


@router.post("/logout", response_model=Message)
async def logout(user: CurrentUser, db: DbSession) -> Message:
    """Revoke every token of the account (all devices); log in again for a new one."""
    assert user.id is not None
    await users.revoke_tokens(db, user.id)
    return Message(status="logged_out", detail="every token of this account is revoked")


@router.get("/users/me", response_model=UserPublic)
async def me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


@router.patch("/users/me", response_model=UserPublic)
async def update_me(body: UserUpdate, user: CurrentUser, db: DbSession) -> UserPublic:
    changes = body.model_dump(exclude_unset=True)
    return UserPublic.model_validate(await users.update_profile(db, user, **changes))


@router.post("/users/me/password", response_model=Message)
async def change_password(body: PasswordChange, user: CurrentUser, db: DbSession) -> Message:
    """Set a new password; every token issued before (this one included) stops working."""
    await users.change_password(db, user, body.current_password, body.new_password)
    return Message(status="password_changed", detail="log in again with the new password")


@router.get("/users/me/export")
async def export_me(user: CurrentUser, db: DbSession) -> Response:
    """Everything stored about the caller, as one JSON document."""
    payload = await export_user_data(db, user)
    return Response(payload, media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="interview-coach-{user.id}.json"'})


@router.delete("/users/me", response_model=Message)
async def delete_me(user: CurrentUser, db: DbSession) -> Message:
    """Erase the account and everything it owns (sessions, answers, media-derived data, reports)."""
    await users.delete_account(db, user)
    return Message(status="deleted", detail="account and all its data erased")
