"""The floor: the least an app can do for `GET /sessions/{id}` — verify the same bearer token, read the same row.

    DATABASE_URL=… JWT_SECRET=… uv run uvicorn bench.floor_app:app --port 8001

bench/request_path.py runs it beside `serve`, on the same database, and reports serve's rate as a share of it.
"""
from __future__ import annotations

import os

import asyncpg
from authlib.jose import JsonWebToken
from fastapi import FastAPI, Header, HTTPException

_jwt = JsonWebToken(["HS256"])
_secret = os.environ["JWT_SECRET"]
app = FastAPI()
pool: asyncpg.Pool | None = None


@app.on_event("startup")
async def _open() -> None:
    global pool
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=4, max_size=10)


@app.get("/sessions/{session_id}")
async def get_session(session_id: int, authorization: str = Header()) -> dict:
    claims = _jwt.decode(authorization.removeprefix("Bearer "), _secret)
    claims.validate()
    assert pool is not None
    row = await pool.fetchrow("SELECT id, status, stage, next_action FROM interview_sessions "
                              "WHERE id = $1 AND user_id = $2", session_id, int(claims["sub"]))
    if row is None:
        raise HTTPException(404)
    return dict(row)
