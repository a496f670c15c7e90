"""N simulated candidates each run a full text interview against `main.py serve` (httpx, async).

    uv run python bench/load.py --n 10 50 100            # starts a fresh embedded serve on a free port
    uv run python bench/load.py --n 50 --ramp 5 --think 1    # the classroom: arrivals over 5 s, ~1 s think time
    uv run python bench/load.py --url http://host:8000 --n 50
    uv run python bench/load.py --n 20 --loop 180 --think 1  # each candidate loops full interviews for 180 s

Prints requests/s, p50/p95/p99 per endpoint, errors, and the time until every evaluation is visible. With the
embedded serve it started, each run is followed by the floor app (bench/floor_app.py) and serve answering
`GET /sessions/{id}` under wrk on the same database and row: serve's rate as a share of the floor's, because
these machines are noisy and only a ratio measured in the same run compares across runs.

`--loop S` follows each session's next_action exactly as the interview page does (next_question / retry /
follow_up with POST /sessions/{id}/follow-up / end), starting new interviews until S seconds have passed, and
adds the time from each answer to its evaluation being visible and the serve process tree's RSS at the start,
middle and end of the run.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Loop mode mixes answers so the backend asks for follow-ups and retries, as real candidates make it do.
THIN = "An index makes queries faster because the database finds rows without reading the whole table."
POOR = "I don't know."
SERVE_PID: int | None = None  # the `serve` this script started (for the RSS of its process tree)
ANSWER = ("I would start from the requirements, then explain the trade-offs. For example in my last project we "
          "used PostgreSQL with an index on the foreign key, cached hot reads in Redis and cut p95 latency by 40%.")


class Stats:
    def __init__(self, think: float = 0.0) -> None:
        self.lat: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.count = 0
        self.think = think  # mean pause before each step (a person reading, typing); polls don't think

    async def call(self, client: httpx.AsyncClient, name: str, method: str, url: str, *, poll: bool = False,
                   **kw) -> httpx.Response:
        if self.think and not poll:
            await asyncio.sleep(random.uniform(0.5, 1.5) * self.think)
        t = time.perf_counter()
        r = await client.request(method, url, **kw)
        self.lat[name].append((time.perf_counter() - t) * 1000)
        self.count += 1
        if r.status_code >= 400:
            self.errors[name] += 1
        return r


async def sign_up(c: httpx.AsyncClient, stats: Stats, prefix: str) -> dict[str, str]:
    """Register a fresh account and log in (both timed); returns the bearer header."""
    name = f"{prefix}{uuid.uuid4().hex[:10]}"
    await stats.call(c, "POST /register", "POST", "/register", json={"username": name, "password": "secret123"})
    tok = (await stats.call(c, "POST /token", "POST", "/token",
                            data={"username": name, "password": "secret123"})).json()["access_token"]
    return {"Authorization": f"Bearer {tok}"}


async def candidate(base: str, stats: Stats, questions: int, delay: float = 0.0) -> float:
    await asyncio.sleep(delay)
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        h = await sign_up(c, stats, "load")
        s = (await stats.call(c, "POST /sessions", "POST", "/sessions", headers=h,
                              json={"user_name": "Load", "position": "Backend", "language": "en",
                                    "question_count": questions})).json()
        sid = s["id"]
        qs = (await stats.call(c, "GET /sessions/{id}/questions", "GET", f"/sessions/{sid}/questions",
                               headers=h)).json()
        t_last_answer = 0.0
        for q in qs:
            await stats.call(c, "POST /answers", "POST", "/answers", headers=h,
                             json={"record_id": q["record_id"], "answer_text": ANSWER})
            t_last_answer = time.perf_counter()
            await stats.call(c, "GET /sessions/{id}", "GET", f"/sessions/{sid}", headers=h)
        while True:
            res = (await stats.call(c, "GET /sessions/{id}/results", "GET", f"/sessions/{sid}/results",
                                    headers=h, poll=True)).json()
            if all(x["evaluation_status"] in ("done", "failed") for x in res["results"]):
                break
            await asyncio.sleep(0.2)
        visible = time.perf_counter() - t_last_answer
        await stats.call(c, "POST /sessions/{id}/end", "POST", f"/sessions/{sid}/end", headers=h)
        return visible


def tree_memory_mib(pid: int | None) -> tuple[float, float]:
    """(RSS, PSS) summed over a process and its descendants (app, worker, PostgreSQL, Redis). RSS counts
    PostgreSQL's shared buffers once per backend that touched them; PSS splits shared pages fairly."""
    import psutil

    if pid is None:
        return float("nan"), float("nan")
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return float("nan"), float("nan")
    rss = pss = 0
    for proc in procs:
        try:
            info = proc.memory_full_info()
            rss, pss = rss + info.rss, pss + getattr(info, "pss", 0)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return rss / 2**20, pss / 2**20


async def wait_verdict(c: httpx.AsyncClient, stats: Stats, sid: int, h: dict[str, str]) -> dict:
    """Poll GET /sessions/{id} (a script has no events) until no evaluation is pending."""
    while True:
        st = (await stats.call(c, "GET /sessions/{id}", "GET", f"/sessions/{sid}", headers=h, poll=True)).json()
        if st.get("pending_evaluations", 1) == 0 or st.get("status") != "in_progress":
            return st
        await asyncio.sleep(0.1)


async def loop_candidate(base: str, stats: Stats, questions: int, until: float, delay: float,
                         visible: list[float], counts: dict[str, int]) -> None:
    """Full interviews back to back until `until`, each step chosen by the backend's next_action."""
    await asyncio.sleep(delay)
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        h = await sign_up(c, stats, "loop")
        while time.perf_counter() < until:
            sid = (await stats.call(c, "POST /sessions", "POST", "/sessions", headers=h,
                                    json={"user_name": "Loop", "position": "Backend", "language": "en",
                                          "question_count": questions})).json()["id"]
            qs = (await stats.call(c, "GET /sessions/{id}/questions", "GET", f"/sessions/{sid}/questions",
                                   headers=h)).json()
            target = next((q for q in qs if not q["answered"]), None)
            last: dict | None = None
            steps = 0
            while target is not None and steps < 4 * questions + 6:
                steps += 1
                text = random.choices([ANSWER, THIN, POOR], weights=[5, 4, 1])[0]
                if last is not None and last["record_id"] == target["record_id"]:
                    text = f"{ANSWER} ({steps})"  # a retry with a better answer, as the page asks
                r = await stats.call(c, "POST /answers", "POST", "/answers", headers=h,
                                     json={"record_id": target["record_id"], "answer_text": text})
                if r.status_code >= 400:
                    break
                t = time.perf_counter()
                st = await wait_verdict(c, stats, sid, h)
                visible.append(time.perf_counter() - t)
                last, action = target, st["next_action"]
                counts[action] = counts.get(action, 0) + 1
                if action == "retry":
                    continue  # the same question again
                if action == "follow_up":
                    r = await stats.call(c, "POST /sessions/{id}/follow-up", "POST", f"/sessions/{sid}/follow-up",
                                         headers=h)
                    if r.status_code == 201:
                        target = {"record_id": r.json()["record_id"]}
                        continue
                if action == "end":
                    break
                qs = (await stats.call(c, "GET /sessions/{id}/questions", "GET", f"/sessions/{sid}/questions",
                                       headers=h)).json()
                target = next((q for q in qs if not q["answered"]), None)
            await stats.call(c, "POST /sessions/{id}/end", "POST", f"/sessions/{sid}/end", headers=h)
            counts["interviews"] = counts.get("interviews", 0) + 1


async def run_loop(base: str, n: int, questions: int, seconds: float, ramp: float, think: float) -> None:
    stats = Stats(think)
    visible: list[float] = []
    counts: dict[str, int] = {}
    rss: list[tuple[str, tuple[float, float]]] = [("start", tree_memory_mib(SERVE_PID))]
    t0 = time.perf_counter()
    until = t0 + ramp + seconds

    async def sample_middle() -> None:
        # Six samples over the run (the middle one is reported as such): a leak shows as a steady climb.
        step = (ramp + seconds) / 6
        for i in range(1, 6):
            await asyncio.sleep(step)
            rss.append(("middle" if i == 3 else f"{step * i:.0f} s", tree_memory_mib(SERVE_PID)))

    sampler = asyncio.create_task(sample_middle())
    results = await asyncio.gather(*(loop_candidate(base, stats, questions, until, ramp * i / n, visible, counts)
                                     for i in range(n)), return_exceptions=True)
    wall = time.perf_counter() - t0
    await sampler
    rss.append(("end", tree_memory_mib(SERVE_PID)))
    failures = [v for v in results if isinstance(v, BaseException)]
    load = os.getloadavg()
    print(f"\n### loop: N = {n} candidates × {questions}-question interviews for {seconds:.0f} s "
          f"(arrivals over {ramp:.0f} s, ~{think:g} s think time) — {stats.count} requests in {wall:.1f} s = "
          f"{stats.count / wall:.0f} req/s; interviews: {counts.get('interviews', 0)}; candidate failures: "
          f"{len(failures)}; errors: {sum(stats.errors.values())}; load average at the end "
          f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")
    print("next_action after each evaluation: " + ", ".join(
        f"{k} {v}" for k, v in sorted(counts.items()) if k != "interviews"))
    if visible:
        print(f"answer → evaluation visible (n = {len(visible)}): p50 {pct(visible, 50):.2f} s, "
              f"p95 {pct(visible, 95):.2f} s, max {max(visible):.2f} s")
    print("serve process tree RSS / PSS: " + ", ".join(f"{k} {r:.0f} / {p:.0f} MiB" for k, (r, p) in rss))
    print_endpoints(stats, failures)


def print_endpoints(stats: Stats, failures: list[BaseException]) -> None:
    """The per-endpoint latency table and the first few candidate failures."""
    print("\n| endpoint | n | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|")
    for name, lat in stats.lat.items():
        print(f"| {name} | {len(lat)} | {pct(lat, 50):.0f} | {pct(lat, 95):.0f} | {pct(lat, 99):.0f} | "
              f"{stats.errors[name]} |")
    for f in failures[:3]:
        print("failure:", repr(f))


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def run(base: str, n: int, questions: int, ramp: float = 0.0, think: float = 0.0) -> None:
    stats = Stats(think)
    t0 = time.perf_counter()
    # ramp > 0 spreads arrivals evenly over that many seconds instead of one simultaneous burst.
    visible = await asyncio.gather(*(candidate(base, stats, questions, ramp * i / n) for i in range(n)),
                                   return_exceptions=True)
    wall = time.perf_counter() - t0
    failures = [v for v in visible if isinstance(v, BaseException)]
    ok = [v for v in visible if not isinstance(v, BaseException)]
    arrival = f"arriving over {ramp:.0f} s" if ramp else "all at once"
    if think:
        arrival += f", ~{think:g} s think time"
    print(f"\n### N = {n} candidates × {questions} questions, {arrival} — {stats.count} requests in {wall:.1f} s "
          f"= {stats.count / wall:.0f} req/s; candidate failures: {len(failures)}; "
          f"errors: {sum(stats.errors.values())}")
    if ok:
        print(f"last answer → all evaluations visible: median {statistics.median(ok):.2f} s, max {max(ok):.2f} s")
    print_endpoints(stats, failures)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(url: str | None) -> Iterator[tuple[str, Path | None]]:
    """An existing server's URL, or a fresh embedded `main.py serve` on a free port (and its data dir)."""
    if url:
        yield url, None
        return
    port = free_port()
    data = tempfile.mkdtemp(prefix="ic-bench-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(RATE_LIMIT_PER_MINUTE="100000", LOG_LEVEL="WARNING")
    proc = subprocess.Popen([sys.executable, "main.py", "serve", "--port", str(port), "--data-dir", data],
                            cwd=ROOT, env=env)
    global SERVE_PID
    SERVE_PID = proc.pid
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(base + "/health", timeout=2).json()["worker"]["ok"]:
                    break
            except Exception:  # noqa: BLE001 - still starting
                pass
            time.sleep(0.5)
        yield base, Path(data)
    finally:
        proc.terminate()
        proc.wait(60)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--n", type=int, nargs="+", default=[10, 50, 100])
    ap.add_argument("--questions", type=int, default=3)
    ap.add_argument("--ramp", type=float, default=0.0, help="spread arrivals over this many seconds")
    ap.add_argument("--think", type=float, default=0.0, help="mean think time before each step (seconds)")
    ap.add_argument("--loop", type=float, default=0.0,
                    help="seconds each candidate keeps running interviews, following next_action (0: one interview)")
    ap.add_argument("--floor-seconds", type=int, default=8, help="wrk duration of the side-by-side (0: skip)")
    args = ap.parse_args()
    with served(args.url) as (base, data):
        for n in args.n:
            if args.loop:
                asyncio.run(run_loop(base, n, args.questions, args.loop, args.ramp, args.think))
            else:
                asyncio.run(run(base, n, args.questions, args.ramp, args.think))
            if data is not None and args.floor_seconds and shutil.which("wrk"):
                side_by_side(base, data, args.floor_seconds)


def side_by_side(base: str, data: Path, seconds: int) -> None:
    """The floor app and serve on the same database and row, one after the other (bench/request_path.py)."""
    from bench.request_path import start_floor, wrk

    name = f"floor{uuid.uuid4().hex[:8]}"
    httpx.post(f"{base}/register", json={"username": name, "password": "secret123"}).raise_for_status()
    token = httpx.post(f"{base}/token", data={"username": name, "password": "secret123"}).json()["access_token"]
    sid = httpx.post(f"{base}/sessions", headers={"Authorization": f"Bearer {token}"}, timeout=30,
                     json={"user_name": "F", "position": "Backend", "language": "en"}).json()["id"]
    port = free_port()
    floor = start_floor(data, port, sid, token)
    try:
        f = wrk(f"http://127.0.0.1:{port}/sessions/{sid}", token, seconds, 32)
        s = wrk(f"{base}/sessions/{sid}", token, seconds, 32)
    finally:
        floor.terminate()
        floor.wait(10)
    print(f"\nside by side (wrk -t2 -c32 -d{seconds}s, GET /sessions/{{id}}, same database and row): floor "
          f"{f['rps']:.0f} req/s, serve {s['rps']:.0f} req/s (p99 {s['p99']:.0f} ms) → serve / floor "
          f"{s['rps'] / f['rps']:.2f}")


if __name__ == "__main__":
    main()
