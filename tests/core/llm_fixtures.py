"""Real local servers for the LLM tests: llama-cpp-python's OpenAI server, a scripted one, a silent one.

Plain helpers and context managers; tests/core/test_llm.py wraps them in fixtures.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import free_port

_SERVER_MAIN = ("import runpy; from core.llm.llama_cpp import avoid_amx_repack; avoid_amx_repack(); "
                "runpy.run_module('llama_cpp.server', run_name='__main__', alter_sys=True)")


@contextmanager
def llama_server(gguf_path: Path, log_path: Path) -> Iterator[str]:
    """`python -m llama_cpp.server` on a free loopback port; yields its /v1 base URL. It starts through
    core.llm.llama_cpp.avoid_amx_repack, as the in-process backend does (an AMX CPU segfaults otherwise)."""
    port = free_port()
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable, "-c", _SERVER_MAIN,
                "--model", str(gguf_path),
                "--host", "127.0.0.1", "--port", str(port),
                "--n_ctx", "2048", "--n_threads", "1",
                # The packaged model is a base model without a chat template.
                "--chat_format", "gemma",
                "--verbose", "false",
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited {proc.returncode}: {log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{base_url}/models", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.3)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class ScriptedServer:
    """A tiny OpenAI-compatible HTTP server whose next answers the test scripts (to reach bad-output paths)."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.reject_json_schema = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, body: Any) -> None:
                raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                if self.path.endswith("/models"):
                    self._send(200, {"object": "list", "data": [{"id": "scripted"}]})
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(body)
                server.headers.append(dict(self.headers))
                if server.reject_json_schema and body.get("response_format", {}).get("type") == "json_schema":
                    self._send(400, {"error": "response_format json_schema not supported"})
                    return
                status, reply = server.replies.pop(0) if server.replies else (500, {"error": "no reply scripted"})
                self._send(status, reply)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def reply_content(self, content: str, finish_reason: str = "stop") -> None:
        """Queue one chat completion whose message content is `content`."""
        self.replies.append(
            (200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                "finish_reason": finish_reason}]})
        )

    def reply_json(self, value: Any) -> None:
        """Queue one chat completion whose content is `value` as JSON."""
        self.reply_content(json.dumps(value, ensure_ascii=False))

    def reply_raw(self, status: int, body: Any) -> None:
        """Queue one raw HTTP reply."""
        self.replies.append((status, body))

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """A TCP listener that accepts connections and never answers; yields its /v1 base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        listener.close()
