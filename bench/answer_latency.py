"""Answer submitted → evaluation visible through the API, one candidate at a time (target p95 < 1 s).

    uv run python bench/answer_latency.py [--answers 40] [--url http://host:8000]
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import ANSWER, pct, served  # noqa: E402

POLL_S = 0.02


async def measure(base: str, answers: int) -> list[float]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        name = f"lat{uuid.uuid4().hex[:8]}"
        await c.post("/register", json={"username": name, "password": "secret123"})
        tok = (await c.post("/token", data={"username": name, "password": "secret123"})).json()["access_token"]
        h = {"Authorization": f"Bearer {tok}"}
        out: list[float] = []
        while len(out) < answers:
            s = (await c.post("/sessions", headers=h, json={"user_name": "L", "position": "Backend", "language": "en",
                                                            "question_count": 5})).json()
            for q in (await c.get(f"/sessions/{s['id']}/questions", headers=h)).json():
                t0 = time.perf_counter()
                await c.post("/answers", headers=h, json={"record_id": q["record_id"], "answer_text": ANSWER})
                while True:
                    res = (await c.get(f"/sessions/{s['id']}/results", headers=h)).json()
                    item = next(x for x in res["results"] if x["record_id"] == q["record_id"])
                    if item["evaluation_status"] in ("done", "failed"):
                        break
                    await asyncio.sleep(POLL_S)
                out.append(time.perf_counter() - t0)
        return out[:answers]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--answers", type=int, default=40)
    args = ap.parse_args()
    with served(args.url) as (base, _data):
        lat = asyncio.run(measure(base, args.answers))
    ms = [x * 1000 for x in lat]
    print(f"answer submitted → evaluation visible, {len(ms)} answers (poll every {POLL_S * 1000:.0f} ms): "
          f"p50 {pct(ms, 50):.0f} ms, p95 {pct(ms, 95):.0f} ms, max {max(ms):.0f} ms")


if __name__ == "__main__":
    main()
