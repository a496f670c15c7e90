"""Waiting for the scores: real progress of this session's evaluations and report, polled from the services."""
from __future__ import annotations

import logging

from fastapi.responses import RedirectResponse
from nicegui import ui

from core.errors import AppError
from core.services import interviews
from core.services.health import health
from ui.auth import PageContext, page
from ui.theme import frame

log = logging.getLogger(__name__)
WORKER_CHECK_EVERY = 5  # ticks between worker health checks


def progress_of(status: dict, report_status: str) -> tuple[int, int, bool]:
    """(evaluations finished, answers to evaluate, report ready)."""
    answered = int(status["answered_questions"])
    pending = int(status["pending_evaluations"])
    return answered - pending, answered, report_status == "ready"


@page("/loading/{session_id}")
async def loading_page(ctx: PageContext, session_id: int) -> RedirectResponse | None:
    t = ctx.t
    try:
        async with ctx.db() as (db, user):
            s = await interviews.get_owned_session(db, user, session_id)
    except AppError:
        return RedirectResponse("/", status_code=303)
    if s.status == "in_progress":
        return RedirectResponse(f"/interview/{session_id}", status_code=303)
    with frame(ctx, "loading.title"):
        with ui.card().classes("w-full items-center gap-4 py-8"):
            ui.spinner(size="xl")
            label = ui.label(t("loading.starting")).classes("text-lg").props('role="status" aria-live="polite"') \
                .mark("loading-status")
            bar = ui.linear_progress(value=0, show_value=False).classes("w-full max-w-md").props("rounded size=12px")
            detail = ui.label().classes("text-sm text-gray-600").mark("loading-detail")
            worker_note = ui.label(t("loading.worker_down")).classes("text-sm text-amber-700")
            worker_note.visible = False
            ui.link(t("loading.see_partial"), f"/result/{session_id}").classes("text-sm")
        ticks = {"n": 0}

        async def poll() -> None:
            ticks["n"] += 1
            try:
                async with ctx.db() as (db, user):
                    status = await interviews.session_status(db, user, session_id)
                    sess = await interviews.get_owned_session(db, user, session_id)
            except Exception:
                log.warning("loading poll for %s failed", session_id, exc_info=True)
                return
            done, total, ready = progress_of(status, sess.report_status)
            steps = total + 1  # each evaluation, then the report
            bar.value = (done + (1 if ready else 0)) / steps
            label.text = t("loading.evaluating", done=done, total=total) if done < total else t("loading.report")
            detail.text = t("loading.detail", done=done, total=total)
            if ready:
                timer.cancel()
                ui.navigate.to(f"/result/{session_id}")
            elif ticks["n"] % WORKER_CHECK_EVERY == 1:
                h = await health()
                worker_note.visible = not h["worker"]["ok"]

        timer = ui.timer(1.0, poll, immediate=True)
    return None
