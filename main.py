"""One way to start things: serve (default), worker, create-admin, evaluate, doctor."""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import signal
import sys
from pathlib import Path

from core.config import settings

log = logging.getLogger("interview_coach")


class _RedactTokens(logging.Filter):
    """Tokens travel in query strings (the WebSocket) and headers: keep them out of every log line."""

    _pattern = re.compile(r"((?:token|access_token)=|Bearer\s+)[^&\s'\"]+", re.IGNORECASE)

    def _clean(self, value: object) -> object:
        return self._pattern.sub(r"\1***", value) if isinstance(value, str) else value

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self._pattern.sub(r"\1***", record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self._clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: self._clean(v) for k, v in record.args.items()}
        return True


def _setup_logging() -> None:
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # On the handlers, so records of every logger (uvicorn.error's "WebSocket /ws?token=…" too) pass it.
    for handler in logging.getLogger().handlers:
        handler.addFilter(_RedactTokens())


def _apply_data_dir(data_dir: str | None) -> None:
    from core.embedded import secure_dir

    if data_dir:
        settings.data_dir = Path(data_dir).expanduser().resolve()
        os.environ["DATA_DIR"] = str(settings.data_dir)
    secure_dir(settings.data_dir)


def _start_embedded():  # type: ignore[no-untyped-def]
    """Start the embedded PostgreSQL/Redis for whichever URL is not configured."""
    from core.embedded import EmbeddedServices, export_urls

    if settings.database_url and settings.redis_url:
        return None
    services = EmbeddedServices(settings.data_dir, database_url=settings.database_url, redis_url=settings.redis_url)
    services.start(postgres=not settings.database_url, redis=not settings.redis_url)
    export_urls(services)
    log.info("embedded services ready under %s", settings.data_dir)
    return services


def _start_worker():  # type: ignore[no-untyped-def]
    from core.embedded import SupervisedProcess, spawn_worker_child

    return SupervisedProcess("worker", lambda: spawn_worker_child(Path(__file__).resolve())).start()


def _terminate_as_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from db.migrate import upgrade

    # uvicorn re-raises the SIGTERM it handled after shutting down; as an interrupt, our cleanup still runs.
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    _apply_data_dir(args.data_dir)
    services = _start_embedded()
    worker = None
    try:
        upgrade(settings.database_url)
        if not _vector_self_test():
            return 3
        if settings.embedded_worker:
            worker = _start_worker()
        from core.app import create_app

        config = uvicorn.Config(create_app(), host=args.host or settings.host, port=args.port or settings.port,
                                log_level=settings.log_level.lower(), ws="websockets-sansio",
                                access_log=settings.access_log,
                                # X-Forwarded-* only from a proxy the settings trust (client address, https)
                                proxy_headers=settings.trust_proxy_headers,
                                log_config=None)  # our logging config (with token redaction) applies
        uvicorn.Server(config).run()
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.stop()
        if services is not None:
            services.stop()
    return 0


def _vector_self_test() -> bool:
    """Refuse to serve on a pgvector build that crashes this CPU (it would take every connection down)."""
    from db.vector_selftest import run_sync

    result = run_sync(settings.database_url)
    if not result["ok"]:
        log.critical("pgvector self-test failed: %s", result["error"])
        print(f"cannot start: pgvector self-test failed: {result['error']}", file=sys.stderr)
        return False
    log.info("pgvector self-test passed (%s ms)", result["ms"])
    return True


def cmd_worker(args: argparse.Namespace) -> int:
    from jobs.worker import run

    _apply_data_dir(getattr(args, "data_dir", None))
    if not settings.database_url or not settings.redis_url:
        print("worker needs DATABASE_URL and REDIS_URL (serve starts one for the embedded setup)", file=sys.stderr)
        return 2
    run(burst=args.burst)
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    from core.security import password_problem
    from core.services.users import ensure_admin
    from db.engine import db_session, dispose_engine
    from db.migrate import upgrade

    if problem := password_problem(args.password, args.username):
        print(problem, file=sys.stderr)
        return 2
    _apply_data_dir(args.data_dir)
    services = _start_embedded()
    try:
        upgrade(settings.database_url)

        async def _go() -> tuple[int, bool]:
            from core.services import fast_reads

            async with db_session() as db:
                user, created = await ensure_admin(db, args.username, args.password, args.full_name)
            await fast_reads.close_pool()
            await dispose_engine()
            return user.id or 0, created

        uid, created = asyncio.run(_go())
        print(f"admin '{args.username}' {'created' if created else 'updated'} (id {uid})")
    finally:
        if services is not None:
            services.stop()
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from core.scoring.batch import evaluate_item

    stream = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")
    status = 0
    with stream:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or "question" not in item or "answer" not in item:
                    raise ValueError("each line needs 'question' and 'answer'")
                result = evaluate_item(item)
                out = result.get("evaluation", result)  # one evaluation per line, `overall` at the top
            except (ValueError, TypeError) as exc:
                out = {"error_code": "BAD_INPUT", "error_message": f"line {n}: {exc}", "retry_available": False}
                status = 1
            print(json.dumps(out, ensure_ascii=False), flush=True)
    return status


def cmd_doctor(args: argparse.Namespace) -> int:
    from core.doctor import collect, render

    _apply_data_dir(None)
    services = _start_embedded()  # shares a running serve's database and Redis if there is one
    try:
        report = asyncio.run(collect())
    finally:
        if services is not None:
            services.stop()
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py", description=__doc__)
    sub = p.add_subparsers(dest="command")
    s = sub.add_parser("serve", help="API + UI on one port (embedded PostgreSQL/Redis unless URLs are set)")
    s.add_argument("--host", default=None, help=f"bind address (default {settings.host})")
    s.add_argument("--port", type=int, default=None, help=f"port (default {settings.port})")
    s.add_argument("--data-dir", default=None, help="data folder (default $DATA_DIR or ~/.interview-coach)")
    s.set_defaults(func=cmd_serve)
    w = sub.add_parser("worker", help="an arq worker against REDIS_URL/DATABASE_URL")
    w.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    w.add_argument("--data-dir", default=None)
    w.set_defaults(func=cmd_worker)
    a = sub.add_parser("create-admin", help="create (or promote) an administrator")
    a.add_argument("--username", required=True)
    a.add_argument("--password", required=True)
    a.add_argument("--full-name", default="")
    a.add_argument("--data-dir", default=None)
    a.set_defaults(func=cmd_create_admin)
    e = sub.add_parser("evaluate", help="score answers from a JSONL file ({question, answer, position?, lang?})")
    e.add_argument("file", help="path, or - for standard input")
    e.set_defaults(func=cmd_evaluate)
    d = sub.add_parser("doctor", help="which LLM, embedder, STT and emotion engines are available")
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_doctor)
    return p


def main(argv: list[str] | None = None) -> int:
    _setup_logging()
    args = build_parser().parse_args(argv)
    if args.command is None:
        args = build_parser().parse_args(["serve", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
