"""Registration, tokens, roles and the error envelope on auth failures."""
from __future__ import annotations

import time
import uuid

import httpx
from authlib.jose import jwt

from tests.conftest import register_and_login


def assert_envelope(r: httpx.Response, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) >= {"error_code", "error_message", "retry_available"}, body
    assert isinstance(body["error_message"], str) and body["error_message"]
    if code:
        assert body["error_code"] == code, body
    return body


async def test_seed_register_body_hashes_plain_password(client: httpx.AsyncClient) -> None:
    name = f"seed{uuid.uuid4().hex[:8]}"
    r = await client.post("/register", json={"username": name, "hashed_password": "test123", "full_name": "테스트"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["role"] == "candidate" and "password" not in str(body)
    r = await client.post("/token", data={"username": name, "password": "test123"})
    assert r.status_code == 200 and r.json()["token_type"] == "bearer"
    from sqlalchemy import select

    from db.engine import db_session
    from db.models import User

    async with db_session() as db:
        user = (await db.execute(select(User).where(User.username == name))).scalar_one()
    assert user.password_hash.startswith("$argon2") and "test123" not in user.password_hash


async def test_role_is_never_taken_from_client(client: httpx.AsyncClient) -> None:
    name = f"r{uuid.uuid4().hex[:8]}"
    r = await client.post("/register", json={"username": name, "password": "secret123", "role": "admin"})
    assert r.status_code == 201 and r.json()["role"] == "candidate"
    headers = await register_and_login(client)
    assert_envelope(await client.get("/admin/users", headers=headers), 403, "FORBIDDEN")


async def test_duplicate_username_conflicts(client: httpx.AsyncClient) -> None:
    name = f"d{uuid.uuid4().hex[:8]}"
    assert (await client.post("/register", json={"username": name, "password": "secret123"})).status_code == 201
    assert_envelope(await client.post("/register", json={"username": name, "password": "other123"}), 409,
                    "USERNAME_TAKEN")


async def test_bad_registration_input(client: httpx.AsyncClient) -> None:
    assert_envelope(await client.post("/register", json={"username": "ab"}), 422, "VALIDATION_ERROR")
    assert_envelope(await client.post("/register", json={"username": "valid_name", "password": "123"}), 422)
    assert_envelope(await client.post("/register", json={"username": 5, "password": "secret123"}), 422)
    assert_envelope(await client.post("/register", content=b"not json",
                                      headers={"Content-Type": "application/json"}), 422)
    big = "x" * 100_000
    assert_envelope(await client.post("/register", json={"username": "bigone", "password": "secret123",
                                                         "full_name": big}), 422)


async def test_wrong_password_and_unknown_user(client: httpx.AsyncClient) -> None:
    await register_and_login(client, "known_user_x", "secret123")
    assert_envelope(await client.post("/token", data={"username": "known_user_x", "password": "nope"}), 401,
                    "INVALID_CREDENTIALS")
    assert_envelope(await client.post("/token", data={"username": "nobody_here", "password": "nope"}), 401,
                    "INVALID_CREDENTIALS")
    assert_envelope(await client.post("/token", data={"username": "x"}), 422)


async def test_missing_expired_and_forged_tokens(client: httpx.AsyncClient) -> None:
    from core.config import settings
    from core.security import create_access_token

    assert_envelope(await client.get("/users/me"), 401, "UNAUTHORIZED")
    assert_envelope(await client.get("/users/me", headers={"Authorization": "Bearer garbage"}), 401,
                    "INVALID_TOKEN")
    headers = await register_and_login(client)
    me = (await client.get("/users/me", headers=headers)).json()
    expired, _ = create_access_token(me["id"], minutes=-1)
    assert_envelope(await client.get("/users/me", headers={"Authorization": f"Bearer {expired}"}), 401,
                    "TOKEN_EXPIRED")
    forged = jwt.encode({"alg": "HS256"}, {"sub": str(me["id"]), "exp": int(time.time()) + 600, "typ": "access"},
                        "not-the-server-secret-" * 2).decode()
    assert_envelope(await client.get("/users/me", headers={"Authorization": f"Bearer {forged}"}), 401,
                    "INVALID_TOKEN")
    none_alg = jwt.encode({"alg": "HS512"}, {"sub": str(me["id"]), "exp": int(time.time()) + 600,
                                             "typ": "access"}, settings.secret_key).decode()
    assert_envelope(await client.get("/users/me", headers={"Authorization": f"Bearer {none_alg}"}), 401)


async def test_delete_account_erases_everything(client: httpx.AsyncClient) -> None:
    headers = await register_and_login(client)
    s = (await client.post("/sessions", headers=headers, json={"user_name": "A", "position": "Backend",
                                                               "language": "en", "question_count": 2})).json()
    q = (await client.get(f"/sessions/{s['id']}/questions", headers=headers)).json()
    await client.post("/answers", headers=headers, json={"record_id": q[0]["record_id"], "answer_text": "An answer"})
    export = await client.get("/users/me/export", headers=headers)
    assert export.status_code == 200 and export.json()["sessions"][0]["records"][0]["answer_text"] == "An answer"
    assert "password_hash" not in export.text
    assert (await client.delete("/users/me", headers=headers)).status_code == 200
    assert_envelope(await client.get("/users/me", headers=headers), 401)
    from sqlalchemy import func, select

    from db.engine import db_session
    from db.models import InterviewRecord, InterviewSession

    async with db_session() as db:
        n_s = (await db.execute(select(func.count()).select_from(InterviewSession)
                                .where(InterviewSession.id == s["id"]))).scalar_one()
        n_r = (await db.execute(select(func.count()).select_from(InterviewRecord)
                                .where(InterviewRecord.session_id == s["id"]))).scalar_one()
    assert n_s == 0 and n_r == 0
