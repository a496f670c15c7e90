"""A live `main.py serve` under attack: property-based fuzzing (Schemathesis) of every documented operation,
and the UI and /docs working in headless Chromium under the Content-Security-Policy.

Each operation runs with a candidate's and an admin's token; a case fails on any 5xx or on a status its
OpenAPI entry doesn't document. Examples per operation are bounded (FUZZ_EXAMPLES) to keep CI time reasonable.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import free_port
from tests.live_serve import serve_env, start_serve

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
# The gate is "no 5xx, no undocumented status"; FUZZ_STRICT=1 also checks bodies against the response schemas.
CHECKS = [not_a_server_error, status_code_conformance] + (
    [content_type_conformance, response_schema_conformance] if os.environ.get("FUZZ_STRICT") else [])
PASSWORD = "fuzz-pass-2026"
# Cases on these would end the shared tokens (or the account), so they run with a throwaway account.
DESTRUCTIVE = {("POST", "/logout"), ("DELETE", "/users/me"), ("POST", "/users/me/password")}


class Live:
    def __init__(self, base: str, proc: subprocess.Popen) -> None:
        self.base, self.proc = base, proc
        self.tokens: dict[str, str] = {}
        self.calls = 0

    def register(self, role: str = "candidate") -> str:
        name = f"fz{uuid.uuid4().hex[:10]}"
        r = httpx.post(f"{self.base}/register", json={"username": name, "password": PASSWORD}, timeout=30)
        assert r.status_code == 201, r.text
        return self.login(name)

    def login(self, name: str, password: str = PASSWORD) -> str:
        r = httpx.post(f"{self.base}/token", data={"username": name, "password": password}, timeout=30)
        assert r.status_code == 200, r.text
        return r.json()["access_token"]


def _env(data: Path) -> dict[str, str]:
    env = serve_env()
    # The fuzzer is one client sending hundreds of requests: budgets that would (correctly) answer 429 to it
    # are raised so the operations themselves get exercised. 429s stay documented and allowed.
    env.update({"RATE_LIMIT_PER_MINUTE": "1000000", "LOGIN_FAILURES_PER_ADDRESS": "1000000",
                "LLM_BACKEND": "none", "LOG_LEVEL": "WARNING"})
    return env


@pytest.fixture(name="live", scope="module")
def fix_live() -> Iterator[Live]:
    from core.embedded import stop_process

    # Not under pytest's basetemp: every pytest run resets /tmp/pytest-of-<user> to 0700, which takes away the
    # traverse bit the embedded PostgreSQL's system user needs (as conftest's own data dir does).
    data = Path(tempfile.mkdtemp(prefix="ic-fuzz-"))
    env = _env(data)
    admin = subprocess.run([sys.executable, "main.py", "create-admin", "--username", "fuzzadmin", "--password",
                            PASSWORD, "--data-dir", str(data)], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=300, check=False)
    assert admin.returncode == 0, admin.stderr[-3000:]
    port = free_port()
    proc = start_serve(port, data, data / "serve.log", extra_env=env)
    base = f"http://127.0.0.1:{port}"
    live = Live(base, proc)
    live.tokens = {"candidate": live.register(), "admin": live.login("fuzzadmin")}
    # give the candidate something to point at: a session with questions
    h = {"Authorization": f"Bearer {live.tokens['candidate']}"}
    r = httpx.post(f"{base}/sessions", headers=h, json={"user_name": "Fuzz", "position": "Backend", "language": "en",
                                                        "question_count": 2}, timeout=60)
    assert r.status_code == 201, r.text
    yield live
    stop_process(proc, timeout=30)
    if proc.returncode not in (0, -15):
        print((data / "serve.log").read_text()[-3000:])
    shutil.rmtree(data, ignore_errors=True)


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate],  # no shrinking: report the first failing case
                suppress_health_check=list(HealthCheck))


def _fuzz_operation(live: Live, operation: schemathesis.APIOperation, mode: GenerationMode) -> str | None:
    """Run the bounded examples of one operation in one mode, each with both roles; the failure text or None."""
    @given(case=operation.as_strategy(generation_mode=mode))
    @FUZZ
    def run(case: schemathesis.Case) -> None:
        for role in ("candidate", "admin"):
            destructive = (case.method.upper(), operation.path) in DESTRUCTIVE
            token = live.register() if destructive else live.tokens[role]
            live.calls += 1
            case.call_and_validate(base_url=live.base, headers={"Authorization": f"Bearer {token}"}, timeout=60,
                                   checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        return None  # e.g. no invalid input exists for an operation without parameters
    except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, so one run reports every failing operation
        return f"{operation.label} [{mode.value}]: {type(exc).__name__}: {str(exc)[:1500]}"
    return None


def test_fuzz_every_operation(live: Live) -> None:
    api = schemathesis.openapi.from_url(f"{live.base}/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 20
    failures = [f for op in operations for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
                if (f := _fuzz_operation(live, op, mode))]
    assert live.proc.poll() is None, "serve died while fuzzed"
    assert not failures, "\n\n".join(failures)
    assert live.calls >= 2 * len(operations) * 2  # every operation really ran, in both modes, for both roles


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_ui_and_docs_work_under_the_csp(live: Live) -> None:
    from playwright.sync_api import sync_playwright

    from ui.i18n import Translator

    t = Translator("ko")
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_default_timeout(30_000)
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        response = page.goto(f"{live.base}/signup")
        assert response is not None and "script-src" in response.headers["content-security-policy"]
        name = f"csp{uuid.uuid4().hex[:8]}"
        page.get_by_label(t("auth.username"), exact=True).fill(name)
        page.get_by_label(t("auth.password"), exact=True).fill(PASSWORD)
        page.get_by_label(t("auth.password_confirm"), exact=True).fill(PASSWORD)
        page.get_by_role("button", name=t("auth.signup")).click()  # needs NiceGUI's websocket round trip
        page.wait_for_url(f"{live.base}/")
        page.goto(f"{live.base}/docs")
        page.wait_for_selector(".swagger-ui .info .title")  # Swagger UI rendered from the local bundle
        assert "/logout" in page.content()
        browser.close()
    assert not blocked, blocked
