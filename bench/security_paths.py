"""Cost of the security measures on their own paths: PDF extraction in a killable child process (against the
in-process parse), the password policy check, and the login throttle's Redis round trips (embedded Redis).

Run: uv run python bench/security_paths.py   (prints a Markdown table for bench/README.md)
"""
from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="ic-bench-sec-"))

from tests.api.test_pdf_budget import many_pages_pdf  # noqa: E402 - after the environment is set
from ui.pdf_text import pdf_text, pdf_text_async  # noqa: E402


def ms(samples: list[float]) -> str:
    p90 = sorted(samples)[int(len(samples) * 0.9) - 1]
    return f"{statistics.median(samples) * 1000:.2f} ms (p90 {p90 * 1000:.2f})"


async def pdf_rows(runs: int = 10) -> list[tuple[str, str]]:
    one, big = many_pages_pdf(1), many_pages_pdf(2000)
    rows = []
    for label, data in (("1-page PDF", one), ("2000-page PDF, cap 30 pages", big)):
        child, inproc = [], []
        for _ in range(runs):
            t = time.perf_counter()
            await pdf_text_async(data, 20_000, max_pages=30, timeout=10)
            child.append(time.perf_counter() - t)
            t = time.perf_counter()
            pdf_text(data, 20_000, 30)
            inproc.append(time.perf_counter() - t)
        rows += [(f"{label}: child process (used)", ms(child)), (f"{label}: in-process parse only", ms(inproc))]
    t = time.perf_counter()
    pdf_text(big, 10**9, 10**6)
    rows.append(("2000-page PDF read to the end, in-process (what the cap avoids)", f"{(time.perf_counter() - t) * 1000:.0f} ms"))
    return rows


def policy_rows(runs: int = 2000) -> list[tuple[str, str]]:
    from core.security import password_problem

    password_problem("warm-up-password")
    t = time.perf_counter()
    for i in range(runs):
        password_problem(f"candidate-pass-{i}")
    return [("password policy check", f"{(time.perf_counter() - t) / runs * 1e6:.1f} µs")]


async def throttle_rows(runs: int = 300) -> list[tuple[str, str]]:
    from core.config import settings
    from core.embedded import EmbeddedServices, export_urls
    from core.services import login_throttle

    svc = EmbeddedServices(settings.data_dir / "services").start()
    try:
        export_urls(svc)
        check, fail = [], []
        for i in range(runs):
            t = time.perf_counter()
            await login_throttle.check(f"user{i}", "10.0.0.1")
            check.append(time.perf_counter() - t)
            t = time.perf_counter()
            await login_throttle.record_failure(f"user{i}", f"10.0.{i % 250}.1")
            fail.append(time.perf_counter() - t)
        from core.queue import get_pool

        keys = await (await get_pool()).keys("login:fail:*")
        assert len(keys) >= runs, "the throttle did not reach Redis (failed open?)"
        return [("login throttle: check before a login", ms(check)), ("login throttle: record a failure", ms(fail))]
    finally:
        svc.stop()


async def main() -> None:
    rows = await pdf_rows() + policy_rows() + await throttle_rows()
    print("| path | median |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    asyncio.run(main())
