"""pgvector self-test: distances, bit distances and an index scan, in a throwaway connection.

A pgvector build with instructions this CPU lacks kills the backend (SIGILL) and with it every connection;
`serve` runs this before taking traffic and refuses to start when it fails. `/health` and `doctor` report it.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

import numpy as np

from db.engine import asyncpg_dsn, connect_asyncpg

_DIM = 512
_ROWS = 64
_last: dict[str, Any] | None = None
_lock = asyncio.Lock()


def _literal(v: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in v) + "]"


async def _check(conn: Any) -> None:
    rng = np.random.default_rng(20261130)
    data = rng.standard_normal((_ROWS, _DIM)).astype(np.float32)
    data = np.round(data, 6)
    query = np.round(rng.standard_normal(_DIM).astype(np.float32), 6)
    await conn.execute(f"CREATE TEMP TABLE ic_vector_selftest (id int PRIMARY KEY, v vector({_DIM}))")
    await conn.executemany("INSERT INTO ic_vector_selftest VALUES ($1, $2::vector)",
                           [(i, _literal(v)) for i, v in enumerate(data)])
    rows = await conn.fetch("SELECT id, v <=> $1::vector AS cos, v <-> $1::vector AS l2, "
                            "(v <#> $1::vector) AS ip FROM ic_vector_selftest ORDER BY id", _literal(query))
    got = np.array([[r["cos"], r["l2"], r["ip"]] for r in rows], dtype=np.float64)
    d64, q64 = data.astype(np.float64), query.astype(np.float64)
    cos = 1 - d64 @ q64 / (np.linalg.norm(d64, axis=1) * np.linalg.norm(q64))
    want = np.stack([cos, np.linalg.norm(d64 - q64, axis=1), -(d64 @ q64)], axis=1)
    if not np.allclose(got, want, rtol=1e-3, atol=1e-3):
        raise AssertionError("pgvector distances differ from the reference computation")
    bits = await conn.fetchrow("SELECT B'10110011'::bit(8) <~> B'00110010'::bit(8) AS ham, "
                               "B'10110011'::bit(8) <%> B'00110010'::bit(8) AS jac")
    if int(bits["ham"]) != 2 or abs(float(bits["jac"]) - 0.4) > 1e-6:
        raise AssertionError("pgvector bit distances are wrong")
    await conn.execute("CREATE INDEX ON ic_vector_selftest USING hnsw (v vector_cosine_ops)")
    await conn.execute("SET enable_seqscan = off")
    sql = "SELECT id FROM ic_vector_selftest ORDER BY v <=> $1::vector LIMIT 3"
    plan = await conn.fetchval("EXPLAIN (FORMAT JSON) " + sql, _literal(query))
    if "Index Scan" not in str(plan):
        raise AssertionError("the HNSW index is not used")
    nearest = [r["id"] for r in await conn.fetch(sql, _literal(query))]
    if not nearest or nearest[0] != int(np.argmin(cos)):
        raise AssertionError("the HNSW index scan returned the wrong neighbour")


async def run(url: str, timeout: float = 20.0) -> dict[str, Any]:
    """{"ok", "ms", "error"} — never raises."""
    import asyncpg

    global _last
    start = time.perf_counter()
    result: dict[str, Any]
    try:
        conn = await asyncio.wait_for(connect_asyncpg(asyncpg_dsn(url)), timeout)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "ms": None, "error": f"cannot connect to PostgreSQL: {type(exc).__name__}"}
    try:
        await asyncio.wait_for(_check(conn), timeout)
        result = {"ok": True, "ms": round((time.perf_counter() - start) * 1000), "error": None}
    except (asyncpg.exceptions.ConnectionDoesNotExistError, asyncpg.exceptions.ConnectionFailureError,
            ConnectionError) as exc:
        result = {"ok": False, "ms": None, "error": (
            "the database server process died running pgvector's distance functions "
            f"({type(exc).__name__}); its vector library likely uses CPU instructions this machine lacks "
            "(see docs/portability.md)")}
    except Exception as exc:  # noqa: BLE001
        result = {"ok": False, "ms": None, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        if not conn.is_closed():
            await conn.close(timeout=5)
    _last = result
    return result


def run_sync(url: str) -> dict[str, Any]:
    return asyncio.run(run(url))


async def status(url: str) -> dict[str, Any]:
    """The last result in this process, running the test once if it has not run here yet."""
    async with _lock:
        if _last is None:
            return await run(url)
        return _last
