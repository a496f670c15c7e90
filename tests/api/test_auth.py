"""Registration, tokens, roles and the error envelope on auth failures."""
from __future__ import annotations

import asyncio
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
    r = await client.post("/register", json={"username": name, "hashed_password": "test-coach-42", "full_name": "테스트"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["role"] == "candidate" and "password" not in str(body)
    r = await client.post("/token", data={"username": name, "password": "test-coach-42"})
    assert r.status_code == 200 and r.json()["token_type"] == "bearer"
    from sqlalchemy import select

    from db.engine import db_session
    from db.models import User

    async with db_session() as db:
        user = (await db.execute(select(User).where(User.username == name))).scalar_one()
    assert user.password_hash.startswith("$argon2") and "test-coach-42" not in user.password_hash


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


async def test_password_policy(client: httpx.AsyncClient) -> None:
    for weak in ("test123", "      ", "         ", "password123", "qwerty123", "12345678", "Iloveyou1", "abcd1234"):
        body = assert_envelope(await client.post("/register", json={"username": f"w{uuid.uuid4().hex[:8]}",
                                                                    "password": weak}), 422)
        assert "password" in body["error_message"].lower()
        assert "value error" not in body["error_message"].lower()  # our own message, not Pydantic's wrapper
    name = f"p{uuid.uuid4().hex[:8]}"
    assert_envelope(await client.post("/register", json={"username": name, "password": name}), 422)
    assert (await client.post("/register", json={"username": name, "password": "violet-harbour-7"})).status_code == 201


async def test_usernames_are_case_insensitive(client: httpx.AsyncClient) -> None:
    base = f"Alice{uuid.uuid4().hex[:6]}"
    assert (await client.post("/register", json={"username": base.lower(), "password": "secret123"})).status_code == 201
    assert_envelope(await client.post("/register", json={"username": base, "password": "secret123"}), 409,
                    "USERNAME_TAKEN")
    assert_envelope(await client.post("/register", json={"username": base.upper(), "password": "secret123"}), 409)
    r = await client.post("/token", data={"username": base.upper(), "password": "secret123"})
    assert r.status_code == 200, r.text
    me = (await client.get("/users/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"})).json()
    assert me["username"] == base.lower()


async def _login(client: httpx.AsyncClient, name: str, password: str) -> dict[str, str]:
    r = await client.post("/token", data={"username": name, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def test_password_change_revokes_old_tokens(client: httpx.AsyncClient) -> None:
    name = f"c{uuid.uuid4().hex[:8]}"
    old = await register_and_login(client, name, "secret123")
    other_device = await _login(client, name, "secret123")
    assert_envelope(await client.post("/users/me/password", headers=old,
                                      json={"current_password": "wrong-one-1", "new_password": "violet-harbour-7"}),
                    401, "INVALID_CREDENTIALS")
    assert_envelope(await client.post("/users/me/password", headers=old,
                                      json={"current_password": "secret123", "new_password": "password1"}), 422)
    r = await client.post("/users/me/password", headers=old,
                          json={"current_password": "secret123", "new_password": "violet-harbour-7"})
    assert r.status_code == 200, r.text
    for headers in (old, other_device):
        assert_envelope(await client.get("/users/me", headers=headers), 401, "TOKEN_REVOKED")
    assert_envelope(await client.post("/token", data={"username": name, "password": "secret123"}), 401)
    fresh = await _login(client, name, "violet-harbour-7")
    assert (await client.get("/users/me", headers=fresh)).status_code == 200


async def test_logout_revokes_every_token(client: httpx.AsyncClient) -> None:
    name = f"o{uuid.uuid4().hex[:8]}"
    first = await register_and_login(client, name, "secret123")
    second = await _login(client, name, "secret123")
    assert (await client.get("/sessions", headers=second)).status_code == 200
    r = await client.post("/logout", headers=first)
    assert r.status_code == 200 and r.json()["status"] == "logged_out"
    for headers in (first, second):
        body = assert_envelope(await client.get("/sessions", headers=headers), 401, "TOKEN_REVOKED")
        assert headers["Authorization"].split()[1] not in str(body)  # no token in an error answer
    assert_envelope(await client.post("/logout", headers=first), 401)
    again = await _login(client, name, "secret123")
    assert (await client.get("/users/me", headers=again)).status_code == 200


async def test_revoke_tokens_service(client: httpx.AsyncClient) -> None:
    from core.services.users import revoke_tokens
    from db.engine import db_session

    headers = await register_and_login(client)
    uid = (await client.get("/users/me", headers=headers)).json()["id"]
    async with db_session() as db:
        await revoke_tokens(db, uid)
    assert_envelope(await client.get("/users/me", headers=headers), 401, "TOKEN_REVOKED")


async def test_token_is_throttled_per_username(client: httpx.AsyncClient) -> None:
    from core.config import settings

    name = f"t{uuid.uuid4().hex[:8]}"
    await register_and_login(client, name, "secret123")
    for _ in range(settings.login_failures_per_user - 1):
        assert_envelope(await client.post("/token", data={"username": name, "password": "wrong-guess"}), 401)
    # the last allowed failure starts the block; then even the right password is refused until it ends
    assert_envelope(await client.post("/token", data={"username": name, "password": "wrong-guess"}), 401)
    blocked = await client.post("/token", data={"username": name.upper(), "password": "secret123"})
    body = assert_envelope(blocked, 429, "LOGIN_THROTTLED")
    assert body["retry_available"] is True
    first_wait = int(blocked.headers["Retry-After"])
    assert 1 <= first_wait <= settings.login_base_delay_seconds
    await asyncio.sleep(first_wait + 0.1)
    assert_envelope(await client.post("/token", data={"username": name, "password": "wrong-guess"}), 401)
    again = await client.post("/token", data={"username": name, "password": "secret123"})
    assert_envelope(again, 429)
    assert int(again.headers["Retry-After"]) > first_wait  # the delay grows with each failure
    # other accounts are unaffected
    await register_and_login(client)


async def test_token_is_throttled_per_address(client: httpx.AsyncClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core.config import settings

    monkeypatch.setattr(settings, "trust_proxy_headers", True)
    monkeypatch.setattr(settings, "login_failures_per_address", 4)
    address = {"X-Forwarded-For": f"203.0.113.{uuid.uuid4().int % 250 + 1}"}
    victim = f"v{uuid.uuid4().hex[:8]}"
    await register_and_login(client, victim, "secret123")
    for i in range(4):  # four different names from one address: the per-username limit never trips
        assert_envelope(await client.post("/token", headers=address,
                                          data={"username": f"guess{i}{victim}", "password": "x1"}), 401)
    r = await client.post("/token", headers=address, data={"username": victim, "password": "secret123"})
    assert_envelope(r, 429)
    assert int(r.headers["Retry-After"]) >= 1
    # the same account from another address still logs in
    other = {"X-Forwarded-For": "198.51.100.7"}
    assert (await client.post("/token", headers=other, data={"username": victim, "password": "secret123"})
            ).status_code == 200


async def test_throttle_fails_open_when_redis_hangs(client: httpx.AsyncClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import core.api.deps
    import core.services.login_throttle
    from core.config import settings

    async def frozen() -> None:
        await asyncio.sleep(30)

    name = f"f{uuid.uuid4().hex[:8]}"
    await register_and_login(client, name, "secret123")
    monkeypatch.setattr(core.services.login_throttle, "get_pool", frozen)
    monkeypatch.setattr(core.api.deps, "get_pool", frozen)
    started = time.monotonic()
    r = await client.post("/token", data={"username": name, "password": "secret123"})
    assert r.status_code == 200, r.text
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert (await client.get("/users/me", headers=headers)).status_code == 200
    assert_envelope(await client.post("/token", data={"username": name, "password": "bad-guess"}), 401)
    # four guarded throttle calls of at most LOGIN_GUARD_TIMEOUT_SECONDS (0.5 s) each, not a 30 s hang
    assert time.monotonic() - started < 4 * settings.login_guard_timeout_seconds + 2
