"""Start `main.py serve` as a user runs it (embedded PostgreSQL, Redis and worker) and find its children."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def serve_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a fresh install: no service URLs, no data dir from the test session."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DATA_DIR")}
    return {**env, **(extra or {})}


def start_serve(port: int, data_dir: Path, log_path: Path | None = None, *, timeout: float = 180.0,
                extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    """`main.py serve` on `port`, returned once /health reports a live worker; output goes to `log_path`."""
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - the child owns it
    proc = subprocess.Popen([sys.executable, "main.py", "serve", "--port", str(port), "--data-dir", str(data_dir)],
                            cwd=ROOT, env=serve_env(extra_env), stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()["worker"]["ok"]:
                return proc
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            tail = log_path.read_text(errors="replace")[-4000:] if log_path else ""
            raise AssertionError(f"serve did not come up:\n{tail}")
        time.sleep(0.5)


def descendants(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout.split("\n")
    children: dict[int, list[int]] = {}
    for line in out:
        if line.strip():
            p, pp = map(int, line.split())
            children.setdefault(pp, []).append(p)
    seen, stack = set(), [pid]
    while stack:
        for c in children.get(stack.pop(), []):
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return seen


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/status") as f:
            return "zombie" not in f.read()
    except FileNotFoundError:
        return False


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "pgdata" / "postmaster.pid").read_text().split()[0])


def child_pid(serve: subprocess.Popen, marker: str) -> int:
    """The pid of serve's descendant whose command line contains `marker` (e.g. "redis-server")."""
    for pid in sorted(descendants(serve.pid)):
        if marker in cmdline(pid):
            return pid
    raise AssertionError(f"no child of serve runs {marker!r}")
