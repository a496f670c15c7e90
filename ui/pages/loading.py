"""Waiting for the scores: real progress of this session's evaluations and report.

The page re-reads the session when the worker publishes an event (core/events.py); a slow safety poll
catches events lost while Redis was away.
"""
from __future__ import annotations

import contextvars
import logging

from fastapi.responses import RedirectResponse
from nicegui import background_tasks, ui

from core import events
from core.config import settings
from core.errors import AppError
from core.services import interviews
from core.services.health import health
from ui.auth import PageContext, page
from ui.theme import frame

log = logging.getLogger(__name__)


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
        with ui.card().classes("w-full items-center gap-4 py-8") as card:
            ui.spinner(size="xl")
            label = ui.label(t("loading.starting")).classes("text-lg").props('role="status" aria-live="polite"') \
                .mark("loading-status")
            bar = ui.linear_progress(value=0, show_value=False).classes("w-full max-w-md").props("rounded size=12px")
            detail = ui.label().classes("text-sm text-gray-600").mark("loading-detail")
            worker_note = ui.label(t("loading.worker_down")).classes("text-sm text-amber-700")
            worker_note.visible = False
            ui.link(t("loading.see_partial"), f"/result/{session_id}").classes("text-sm")
        state = {"busy": False, "again": False}

        async def poll() -> None:
            if state["busy"]:  # an event during a read: read once more afterwards
                state["again"] = True
                return
            state["busy"] = True
            try:
                await read()
                while state["again"]:
                    state["again"] = False
                    await read()
            finally:
                state["busy"] = False

        async def safety_poll() -> None:
            await poll()
            h = await health()  # only here, every few seconds: a stopped worker is worth a note
            worker_note.visible = not h["worker"]["ok"]

        async def read() -> None:
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
                remove()
                ui.navigate.to(f"/result/{session_id}")

        async def react() -> None:
            with card:  # its own task: give NiceGUI the page's slot for navigation
                await poll()

        def on_event(event: dict) -> None:
            if event.get("kind") in (events.EVALUATED, events.REPORT_READY):
                # In the page's context (its request, hence the user's storage), not the subscriber's.
                page_context.run(background_tasks.create, react(), name=f"loading-{session_id}")

        page_context = contextvars.copy_context()
        remove = events.hub.add(session_id, on_event)
        ui.context.client.on_delete(remove)
        timer = ui.timer(settings.ui_safety_poll_seconds, safety_poll, immediate=True)
    return None
