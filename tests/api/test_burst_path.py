"""The lean request path of issue 13 keeps its guarantees: revocation through every cache, fresh bank vectors."""
from __future__ import annotations

import httpx
import numpy as np
from sqlalchemy import text

from core.services import selection
from db.engine import db_session
from tests.conftest import register_and_login


async def test_revoked_token_refused_on_every_route_kind_after_it_was_cached(client: httpx.AsyncClient) -> None:
    headers = await register_and_login(client)
    r = await client.post("/sessions", headers=headers, json={"user_name": "R", "position": "Backend",
                                                              "language": "en", "question_count": 3})
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    qs = (await client.get(f"/sessions/{sid}/questions", headers=headers)).json()
    # Every kind of route has now verified (and remembered) this exact token string.
    assert (await client.get("/users/me", headers=headers)).status_code == 200
    assert (await client.get(f"/sessions/{sid}", headers=headers)).status_code == 200
    assert (await client.post("/logout", headers=headers)).status_code == 200
    refused = [
        await client.get("/users/me", headers=headers),
        await client.post("/sessions", headers=headers, json={"user_name": "R", "position": "Backend"}),
        await client.get(f"/sessions/{sid}/questions", headers=headers),
        await client.post("/answers", headers=headers, json={"record_id": qs[0]["record_id"], "answer_text": "x y"}),
        await client.get(f"/sessions/{sid}", headers=headers),
        await client.get(f"/sessions/{sid}/results", headers=headers),
        await client.patch("/users/me", headers=headers, json={"full_name": "Mallory"}),
    ]
    assert [x.status_code for x in refused] == [401] * len(refused)
    assert {x.json()["error_code"] for x in refused} == {"TOKEN_REVOKED"}


async def test_profile_update_through_the_detached_current_user_persists(client: httpx.AsyncClient) -> None:
    headers = await register_and_login(client)
    r = await client.patch("/users/me", headers=headers, json={"full_name": "Kim Coach", "ui_language": "en"})
    assert r.status_code == 200 and r.json()["full_name"] == "Kim Coach"
    me = (await client.get("/users/me", headers=headers)).json()
    assert me["full_name"] == "Kim Coach" and me["ui_language"] == "en" and me["role"] == "candidate"


async def test_selection_sees_a_changed_bank_vector_at_once(client: httpx.AsyncClient) -> None:
    """Vectors are cached per process by (id, updated_at, embedder): an edited row is read again."""
    async with db_session() as db:
        first = await selection.select_questions(db, position="backend", language="en", difficulty=2, count=3,
                                                 seed=1)
        assert first and all(p.row.embedding is not None for p in first)
        row = first[0].row
        before = selection._vectors[row.id][2]
        assert np.allclose(before, row.embedding)
        flipped = [-float(x) for x in before]
        await db.execute(text("UPDATE question_bank SET embedding = CAST(:v AS vector), updated_at = now() "
                              "WHERE id = :id"), {"v": str(flipped), "id": row.id})
        await db.commit()
        try:
            again = await selection._candidates(db, positions=["backend"], language="en", query_vec=None)
            seen = next(cand for _, cand, _ in again if cand.id == row.id)
            assert seen.embedding is not None and np.allclose(seen.embedding, flipped, atol=1e-6)
        finally:
            await db.execute(text("UPDATE question_bank SET embedding = CAST(:v AS vector), updated_at = now() "
                                  "WHERE id = :id"), {"v": str([float(x) for x in before]), "id": row.id})
            await db.commit()
