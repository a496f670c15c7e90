"""Bad input gets its documented status (never 500), dependency failures 503, headers, local API docs."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.api.test_admin import _admin
from tests.api.test_auth import assert_envelope
from tests.conftest import free_port, register_and_login

BIG = 2**31  # one past PostgreSQL's integer range


async def _session(client: httpx.AsyncClient, headers: dict[str, str]) -> tuple[int, int]:
    s = (await client.post("/sessions", headers=headers, json={"user_name": "A", "position": "Backend",
                                                               "language": "en", "question_count": 1})).json()
    q = (await client.get(f"/sessions/{s['id']}/questions", headers=headers)).json()
    return s["id"], q[0]["record_id"]


async def test_issue_reproductions_give_documented_statuses(client: httpx.AsyncClient) -> None:
    headers = await register_and_login(client)
    admin = await _admin(client)
    sid, rid = await _session(client, headers)
    for path in (f"/sessions/{BIG}", f"/sessions/{-BIG - 1}", f"/sessions/{10**30}/questions",
                 f"/sessions/{BIG}/results", f"/admin/questions/{BIG}"):
        assert_envelope(await client.get(path, headers=admin if "admin" in path else headers), 404)
    assert_envelope(await client.post("/answers", headers=headers, json={"record_id": BIG, "answer_text": "x"}), 404)
    assert_envelope(await client.post("/answers", headers=headers, json={"record_id": -BIG - 5, "answer_text": "x"}),
                    404)
    for params in ({"limit": -1}, {"offset": -1}, {"limit": 10**12}, {"offset": 10**12}, {"limit": 0}):
        assert_envelope(await client.get("/sessions", headers=headers, params=params), 422)
        assert_envelope(await client.get("/admin/users", headers=admin, params=params), 422)
        assert_envelope(await client.get("/admin/questions", headers=admin, params=params), 422)
    # NUL in a JSON string field is stripped, never stored, never a 500
    r = await client.patch("/users/me", headers=headers, json={"full_name": "Kim\u0000 Min\u0007su"})
    assert r.status_code == 200, r.text
    assert r.json()["full_name"] == "Kim Minsu"
    assert_envelope(await client.patch("/users/me", headers=headers, json={"full_name": None}), 422)
    r = await client.post("/answers", headers=headers, json={"record_id": rid, "answer_text": "I use\u0000 queues."})
    assert r.status_code == 202, r.text
    # NUL in a form field or a query string is refused
    assert_envelope(await client.post("/token", data={"username": "ad\u0000min", "password": "whatever1"}), 422)
    assert_envelope(await client.get("/admin/questions", headers=admin, params={"language": "e\u0000n"}), 422)
    # explicit null for a non-nullable column
    qid = (await client.get("/admin/questions", headers=admin, params={"limit": 1})).json()[0]["id"]
    for body in ({"retired": None}, {"text": None}, {"key_points": None}, {"difficulty": None}):
        assert_envelope(await client.patch(f"/admin/questions/{qid}", headers=admin, json=body), 422)
    r = await client.patch(f"/admin/questions/{qid}", headers=admin, json={"model_answer": None})
    assert r.status_code == 200, r.text
    assert (await client.get(f"/sessions/{sid}", headers=headers)).status_code == 200


async def test_database_rejected_input_is_422_not_500(client: httpx.AsyncClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The safety net behind the validation layer: a value PostgreSQL refuses answers 422."""
    from core.services import users

    headers = await register_and_login(client)
    real = users.update_profile

    async def unchecked(db, user, **changes):  # type: ignore[no-untyped-def]
        user.ui_language = "toolong"  # varchar(2): PostgreSQL raises a data exception (22001)
        return await real(db, user)

    monkeypatch.setattr(users, "update_profile", unchecked)
    body = assert_envelope(await client.patch("/users/me", headers=headers, json={"ui_language": "en"}), 422)
    assert "toolong" not in body["error_message"] and "SELECT" not in body["error_message"]


@pytest.mark.parametrize("failure", ["sqlalchemy", "asyncpg", "redis", "timeout"])
async def test_dependency_failures_answer_503(client: httpx.AsyncClient, monkeypatch, failure: str) -> None:  # type: ignore[no-untyped-def]
    import asyncpg
    import redis.exceptions
    import sqlalchemy.exc

    from core.services import interviews

    headers = await register_and_login(client)
    errors = {
        "sqlalchemy": sqlalchemy.exc.OperationalError("SELECT password_hash FROM users", {}, ConnectionRefusedError()),
        "asyncpg": asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        "redis": redis.exceptions.ConnectionError("Error 111 connecting"),
        "timeout": TimeoutError(),
    }

    async def down(*args: object, **kwargs: object) -> list:
        raise errors[failure]

    monkeypatch.setattr(interviews, "list_sessions", down)
    r = await client.get("/sessions", headers=headers)
    body = assert_envelope(r, 503, "SERVICE_UNAVAILABLE")
    assert body["retry_available"] is True and r.headers["Retry-After"]
    assert "password_hash" not in r.text and "SELECT" not in r.text


SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy",
                    "permissions-policy")


async def test_security_headers_on_api_answers(client: httpx.AsyncClient) -> None:
    for r in (await client.get("/health"), await client.get("/users/me"), await client.get("/no/such/path"),
              await client.get("/openapi.json")):
        for name in SECURITY_HEADERS:
            assert r.headers.get(name), (r.url, name)
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert "microphone=(self)" in r.headers["permissions-policy"]
        assert "camera=(self)" in r.headers["permissions-policy"]


async def test_swagger_ui_is_served_locally(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "cdn." not in page.text and "https://" not in page.text.split("<body>")[0]
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/docs-assets/{asset}" in page.text
        r = await client.get(f"/docs-assets/{asset}")
        assert r.status_code == 200 and len(r.content) > 50_000
        assert "SwaggerUI" in r.text or "swagger-ui" in r.text
    redoc = await client.get("/redoc", headers={"Accept": "text/html"})
    assert redoc.status_code == 200 and "/docs-assets/redoc.standalone.js" in redoc.text
    assert "fonts.googleapis" not in redoc.text


async def test_openapi_documents_error_statuses_with_envelope(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    assert "ErrorEnvelope" in schema["components"]["schemas"]
    count = 0
    for path, item in schema["paths"].items():
        for method, op in item.items():
            count += 1
            codes = set(op["responses"])
            assert {"422", "500", "503"} <= codes, (method, path)
            ref = op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorEnvelope")
            if any("OAuth2PasswordBearer" in s for s in op.get("security", [])):
                assert {"401", "429"} <= codes, (method, path)
    assert count >= 20
    assert "403" in schema["paths"]["/admin/users"]["get"]["responses"]
    assert "429" in schema["paths"]["/token"]["post"]["responses"]
    assert "/logout" in schema["paths"] and "/users/me/password" in schema["paths"]


# --- a real server: Connection: close after a 500, Secure cookies behind https ----------------------------------
@pytest.fixture(name="live_app", scope="module")
def fix_live_app(services: object) -> Iterator[str]:
    import uvicorn

    from core.app import create_app

    app = create_app(with_ui=False)

    @app.get("/__test/boom", include_in_schema=False)
    async def boom() -> None:
        raise RuntimeError("test-only failure with a secret: Bearer eyJhbGciOi.fake")

    @app.get("/__test/cookie", include_in_schema=False)
    async def cookie() -> dict:
        from fastapi.responses import JSONResponse

        r = JSONResponse({"ok": True})
        r.set_cookie("probe", "1", httponly=True)
        return r  # type: ignore[return-value]

    @app.get("/__test/ok", include_in_schema=False)
    async def ok() -> dict:
        return {"ok": True}

    # No lifespan and no database routes here: this server runs on its own event loop in a thread.
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", lifespan="off",
                                           proxy_headers=False))  # as `serve` runs it by default
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=20)


def test_connection_close_after_500_and_keepalive_client_recovers(live_app: str) -> None:
    with httpx.Client(base_url=live_app, timeout=10) as c:
        assert c.get("/__test/ok").status_code == 200
        r = c.get("/__test/boom")
        assert r.status_code == 500 and r.headers["connection"] == "close"
        assert "secret" not in r.text and "Bearer" not in r.text
        assert r.json()["error_code"] == "INTERNAL_ERROR"
        for _ in range(3):  # the pooled connection was closed cleanly: the next requests just work
            assert c.get("/__test/ok").status_code == 200


def test_secure_cookie_only_over_https(live_app: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core.config import settings

    with httpx.Client(base_url=live_app, timeout=10) as c:
        plain = c.get("/__test/cookie", headers={"X-Forwarded-Proto": "https"})
        assert "secure" not in plain.headers["set-cookie"].lower()  # the proxy isn't trusted by default
        monkeypatch.setattr(settings, "trust_proxy_headers", True)
        tls = c.get("/__test/cookie", headers={"X-Forwarded-Proto": "https"})
        assert "; secure" in tls.headers["set-cookie"].lower()
        assert tls.headers["strict-transport-security"]
        assert "secure" not in c.get("/__test/cookie").headers["set-cookie"].lower()


def test_ui_storage_secret_is_separate_and_private() -> None:
    from core.config import settings

    secret = settings.storage_secret
    assert secret and secret != settings.secret_key
    path = settings.data_dir / "ui-storage.key"
    assert path.read_text().strip() == secret
    assert path.stat().st_mode & 0o777 == 0o600
