"""Admin-only question bank editing and overview."""
from __future__ import annotations

import uuid

import httpx

from tests.api.test_auth import assert_envelope
from tests.conftest import register_and_login


async def _admin(client: httpx.AsyncClient) -> dict[str, str]:
    from core.services.users import ensure_admin
    from db.engine import db_session

    name = f"adm{uuid.uuid4().hex[:8]}"
    async with db_session() as db:
        await ensure_admin(db, name, "adminpass1")
    r = await client.post("/token", data={"username": name, "password": "adminpass1"})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def test_admin_edits_question_bank(client: httpx.AsyncClient) -> None:
    admin = await _admin(client)
    rows = (await client.get("/admin/questions", headers=admin, params={"language": "en",
                                                                         "position": "backend"})).json()
    assert len(rows) >= 12 and all(r["language"] == "en" and r["position"] == "backend" for r in rows)
    target = rows[0]
    r = await client.patch(f"/admin/questions/{target['id']}", headers=admin,
                           json={"text": target["text"] + " Please give an example.", "difficulty": 3})
    assert r.status_code == 200, r.text
    assert r.json()["origin"] == "admin" and r.json()["version"] == target["version"] + 1
    new = {"language": "en", "position": "backend", "category": "Queues", "difficulty": 2,
           "text": "How would you make a Kafka consumer idempotent?",
           "key_points": [{"point": "Deduplicate by message key", "terms": ["idempotent", "dedup", "key"]}],
           "tags": ["kafka"]}
    r = await client.post("/admin/questions", headers=admin, json=new)
    assert r.status_code == 201, r.text
    qid = r.json()["id"]
    assert_envelope(await client.post("/admin/questions", headers=admin, json={**new, "key": r.json()["key"]}),
                    409, "QUESTION_EXISTS")
    assert_envelope(await client.post("/admin/questions", headers=admin, json={**new, "difficulty": 7}), 422)
    r = await client.delete(f"/admin/questions/{qid}", headers=admin)
    assert r.status_code == 200 and r.json()["retired"] is True
    listed = (await client.get("/admin/questions", headers=admin, params={"language": "en"})).json()
    assert qid not in [q["id"] for q in listed]
    assert_envelope(await client.get("/admin/questions/999999", headers=admin), 404)


async def test_candidates_cannot_use_admin_api(client: httpx.AsyncClient) -> None:
    user = await register_and_login(client)
    for method, path in [("get", "/admin/questions"), ("post", "/admin/questions"), ("get", "/admin/users"),
                         ("get", "/admin/overview"), ("patch", "/admin/questions/1")]:
        assert_envelope(await client.request(method, path, headers=user, json={}), 403, "FORBIDDEN")


async def test_overview(client: httpx.AsyncClient) -> None:
    admin = await _admin(client)
    body = (await client.get("/admin/overview", headers=admin)).json()
    assert body["users"] >= 1 and "score_histogram" in body
    users = (await client.get("/admin/users", headers=admin)).json()
    assert any(u["role"] == "admin" for u in users)
