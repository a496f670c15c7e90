"""`main.py serve` as a user runs it: embedded PostgreSQL + Redis + worker, the seed's cURL sequence verbatim."""
from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import free_port
from tests.live_serve import ROOT, alive, descendants, serve_env, start_serve

SEED_CURL = """\
curl -X POST http://localhost:8000/register -H "Content-Type: application/json" \\
  -d '{"username": "test", "hashed_password": "test-coach-42", "full_name": "테스트"}'
curl -X POST http://localhost:8000/token -d "username=test&password=test-coach-42" \\
  -H "Content-Type: application/x-www-form-urlencoded"
curl -X POST http://localhost:8000/sessions -H "Authorization: Bearer <ACCESS_TOKEN>" \\
  -H "Content-Type: application/json" -d '{"user_name": "홍길동", "position": "Backend 개발자"}'
curl http://localhost:8000/sessions/1/questions -H "Authorization: Bearer <ACCESS_TOKEN>"
curl http://localhost:8000/sessions/1/results -H "Authorization: Bearer <ACCESS_TOKEN>"
"""


def _port() -> int:
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", 8000)) != 0:
            return 8000  # the seed's port, so its commands run exactly as written
    return free_port()


@pytest.fixture(name="served", scope="module")
def fix_served(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    port = _port()
    data = tmp_path_factory.mktemp("serve-data")
    proc = start_serve(port, data, data.parent / f"{data.name}-serve.log")
    yield proc, port, data
    if proc.poll() is None:
        proc.kill()


def test_seed_curl_sequence_verbatim(served) -> None:  # type: ignore[no-untyped-def]
    proc, port, _ = served
    commands = SEED_CURL.replace("\\\n", " ").replace("localhost:8000", f"localhost:{port}").strip().split("\n")
    outputs: list[dict | list] = []
    token = ""
    for cmd in commands:
        cmd = cmd.replace("<ACCESS_TOKEN>", token)
        res = subprocess.run(["bash", "-c", cmd + " -s -w '\\n%{http_code}'"], capture_output=True, text=True,
                             timeout=60)
        body, code = res.stdout.rsplit("\n", 1)
        assert code.startswith("2"), f"{cmd}\n-> {code} {body}"
        outputs.append(json.loads(body))
        if "access_token" in body:
            token = json.loads(body)["access_token"]
    user, tok, session, questions, results = outputs
    assert user["username"] == "test" and user["full_name"] == "테스트"
    assert tok["token_type"] == "bearer"
    assert session["id"] == 1 and session["user_name"] == "홍길동" and session["status"] == "in_progress"
    assert session["language"] == "ko" and session["position_slug"] == "backend"
    assert len(questions) == 5 and all(any("가" <= ch <= "힣" for ch in q["question_text"]) for q in questions)
    assert results["results"][0]["answer"] is None and results["state"]["stage"] in ("intro", "question")


def test_unknown_paths_answer_json_to_api_clients_and_html_to_browsers(served) -> None:  # type: ignore[no-untyped-def]
    proc, port, _ = served
    r = httpx.get(f"http://127.0.0.1:{port}/no/such/api", headers={"Accept": "application/json"})
    assert r.status_code == 404 and r.json()["error_code"] == "NOT_FOUND" and r.json()["retry_available"] is False
    page = httpx.get(f"http://127.0.0.1:{port}/no/such/page", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    ui = httpx.get(f"http://127.0.0.1:{port}/login", headers={"Accept": "text/html"})
    assert ui.status_code == 200 and "<html" in ui.text.lower()


def test_sigterm_stops_every_child_and_data_survives(served) -> None:  # type: ignore[no-untyped-def]
    proc, port, data = served
    kids = descendants(proc.pid)
    assert kids, "serve should run PostgreSQL, Redis and a worker as children"
    proc.send_signal(signal.SIGTERM)
    proc.wait(60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(p) for p in kids):
        time.sleep(0.2)
    assert not [p for p in kids if alive(p)], "children left running after SIGTERM"
    pidfile = data / "pgdata" / "postmaster.pid"
    assert not pidfile.exists() or not alive(int(pidfile.read_text().split()[0])), "PostgreSQL left running"
    # A restart on the same data dir still has the user and the session.
    again = subprocess.Popen([sys.executable, "main.py", "serve", "--port", str(port), "--data-dir", str(data)],
                             cwd=ROOT, env=serve_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                r = httpx.post(f"http://127.0.0.1:{port}/token", data={"username": "test", "password": "test-coach-42"},
                               timeout=2)
                if r.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "restart failed"
            time.sleep(0.5)
        h = {"Authorization": f"Bearer {r.json()['access_token']}"}
        assert httpx.get(f"http://127.0.0.1:{port}/sessions/1", headers=h).status_code == 200
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(60)

