"""Request-path overhead: `serve` against the floor app (bench/floor_app.py) on the same database, same row.

    uv run python bench/request_path.py [--seconds 15] [--connections 32] [--rounds 3]

Starts a fresh embedded `serve` and the floor app, creates one user and session, then runs wrk (Debian's
`wrk`) against `GET /sessions/{id}` on both and `GET /health` on serve, one after another in the same run.
Prints requests/s and latency percentiles, and serve's rate as a share of the floor's (the machines are noisy;
the ratio is what to compare).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port  # noqa: E402
from tests.live_serve import serve_env, start_serve  # noqa: E402

PASSWORD = "violet-otter-harbor-42"


def wrk(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-H", f"Authorization: Bearer {token}", url], capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = {p: _ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in ("50", "90", "99")}  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rate, **{f"p{k}": v for k, v in lat.items()}, "non2xx": int(non2xx.group(1)) if non2xx else 0}


def start_floor(data: Path, port: int, session_id: int, token: str) -> subprocess.Popen:
    """The floor app on serve's own embedded database (its socket dir from postmaster.pid) and JWT secret."""
    pm = (data / "pgdata" / "postmaster.pid").read_text().splitlines()
    env = serve_env({"DATABASE_URL": f"postgresql://postgres:@/postgres?host={pm[4].strip()}",
                     "JWT_SECRET": (data / "secret.key").read_text().strip()})
    floor = subprocess.Popen([sys.executable, "-m", "uvicorn", "bench.floor_app:app", "--port", str(port),
                              "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sessions/{session_id}",
                         headers={"Authorization": f"Bearer {token}"}).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return floor


def _ms(text: str) -> float:
    value, unit = float(re.match(r"[\d.]+", text).group(0)), re.sub(r"[\d.]+", "", text)  # type: ignore[union-attr]
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("needs wrk: apt-get install wrk")
    data = Path(tempfile.mkdtemp(prefix="ic-bench-"))
    port, floor_port = free_port(), free_port()
    serve = start_serve(port, data, data / "serve.log", extra_env={"RATE_LIMIT_PER_MINUTE": "100000000"})
    floor = None
    try:
        base = f"http://127.0.0.1:{port}"
        user = f"bench{uuid.uuid4().hex[:6]}"
        httpx.post(f"{base}/register", json={"username": user, "password": PASSWORD}).raise_for_status()
        token = httpx.post(f"{base}/token", data={"username": user, "password": PASSWORD}).json()["access_token"]
        sid = httpx.post(f"{base}/sessions", headers={"Authorization": f"Bearer {token}"}, timeout=30,
                         json={"user_name": "B", "position": "Backend", "language": "en"}).json()["id"]
        floor = start_floor(data, floor_port, sid, token)
        # Rounds alternate floor and serve so a burst of load from elsewhere on the machine hits both alike.
        ratios = []
        for n in range(1, args.rounds + 1):
            results = {
                "floor GET /sessions/{id}": wrk(f"http://127.0.0.1:{floor_port}/sessions/{sid}", token,
                                                args.seconds, args.connections),
                "serve GET /sessions/{id}": wrk(f"{base}/sessions/{sid}", token, args.seconds, args.connections),
                "serve GET /health": wrk(f"{base}/health", token, args.seconds, args.connections),
            }
            print(f"round {n}: wrk -t2 -c{args.connections} -d{args.seconds}s, one after another, same database "
                  "and row\n")
            print("| target | req/s | p50 ms | p90 ms | p99 ms | non-2xx |\n|---|---|---|---|---|---|")
            for name, r in results.items():
                print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p90']:.1f} | {r['p99']:.1f} | "
                      f"{r['non2xx']} |")
            ratios.append(results["serve GET /sessions/{id}"]["rps"] / results["floor GET /sessions/{id}"]["rps"])
            print(f"\nserve / floor for GET /sessions/{{id}}: {ratios[-1]:.2f}\n", flush=True)
        if len(ratios) > 1:
            print(f"median serve / floor over {len(ratios)} rounds: {statistics.median(ratios):.2f} "
                  f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
    finally:
        if floor is not None:
            floor.terminate()
            floor.wait(10)
        serve.terminate()
        serve.wait(60)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
