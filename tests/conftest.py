"""Real services for the whole test session: embedded PostgreSQL+pgvector, Redis, an arq worker process."""
from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
_DATA = Path(tempfile.mkdtemp(prefix="ic-test-"))
# Settings are read at import time, so the test environment is fixed before anything imports core.
os.environ.setdefault("DATA_DIR", str(_DATA))
os.environ.setdefault("LLM_BACKEND", "none")
os.environ.setdefault("JOB_TIMEOUT_SECONDS", "30")
# A loaded machine decodes a recording more slowly than a user's would: the tests check the flow, and the
# latency is measured in bench/ (a draft that came after 6 s failed the browser test under load).
os.environ.setdefault("STT_STOP_TIMEOUT_SECONDS", "60")


@pytest.fixture(name="services", scope="session")
def fix_services() -> Iterator[object]:
    from core.config import settings
    from core.embedded import EmbeddedServices, export_urls

    svc = EmbeddedServices(_DATA / "services").start()
    export_urls(svc)
    settings.data_dir = _DATA
    from db.migrate import upgrade

    upgrade(settings.database_url)
    # The bank's wrong claims are embedded once per data dir; doing it here lets every worker the tests start
    # load them from disk instead of embedding them in its own startup.
    from core.scoring.misconception_cosine import warm_up_bank_pairs

    warm_up_bank_pairs()
    yield svc
    svc.stop()
    shutil.rmtree(_DATA, ignore_errors=True)


def start_worker(extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    env = {**os.environ, **(extra_env or {})}
    log = open(_DATA / f"worker-{uuid.uuid4().hex[:6]}.log", "wb")  # read it when a test fails
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "worker"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    time.sleep(0.5)
    if proc.poll() is not None:
        raise RuntimeError("worker exited at start:\n" + Path(log.name).read_text()[-3000:])
    return proc


def stop_worker(proc: subprocess.Popen) -> None:
    from core.embedded import stop_process

    stop_process(proc, timeout=20)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_warm(proc: subprocess.Popen, timeout: float = 300.0) -> None:
    """Wait for the worker's first heartbeat, as a person waits for /health to say the worker is up: arq writes it only
    once `startup` has loaded the embedder and the bank index. That took 25 s here while other jobs held the cores, and
    a test waiting for its first evaluation spent its own 60 s on it (round 37)."""
    import redis

    from core.config import settings
    from core.services.health import WORKER_HEARTBEAT_KEY

    client = redis.Redis.from_url(settings.redis_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("worker exited while warming up")
            if client.get(WORKER_HEARTBEAT_KEY) is not None:
                return
            time.sleep(0.5)
    finally:
        client.close()
    raise RuntimeError(f"worker sent no heartbeat within {timeout:.0f} s")


@pytest.fixture(name="worker", scope="session")
def fix_worker(services: object) -> Iterator[subprocess.Popen]:
    proc = start_worker()
    wait_until_warm(proc)
    yield proc
    stop_worker(proc)


@pytest.fixture(name="app", scope="session")
async def fix_app(services: object) -> AsyncIterator[object]:
    from core.app import create_app

    app = create_app(with_ui=False)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(name="client", scope="session")
async def fix_client(app: object, worker: subprocess.Popen) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=30) as c:
        yield c


async def register_and_login(client: httpx.AsyncClient, username: str | None = None,
                             password: str = "secret123") -> dict[str, str]:
    username = username or f"u{uuid.uuid4().hex[:10]}"
    r = await client.post("/register", json={"username": username, "password": password, "full_name": "Tester"})
    assert r.status_code == 201, r.text
    r = await client.post("/token", data={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture(name="auth")
async def fix_auth(client: httpx.AsyncClient) -> dict[str, str]:
    return await register_and_login(client)


async def wait_until(predicate, timeout: float = 30.0, interval: float = 0.1):  # type: ignore[no-untyped-def]
    """Poll an async predicate until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = await predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)


async def wait_evaluated(client: httpx.AsyncClient, headers: dict[str, str], session_id: int,
                         timeout: float = 60.0) -> dict:
    async def done() -> dict | None:
        r = await client.get(f"/sessions/{session_id}/results", headers=headers)
        body = r.json()
        answered = [x for x in body["results"] if x["answer"] is not None]
        return body if all(x["evaluation_status"] in ("done", "failed") for x in answered) else None

    return await wait_until(done, timeout)
