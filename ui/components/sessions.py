"""A list of interview sessions with the action that fits each one."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from db.models import InterviewSession
from ui.auth import PageContext
from ui.data import session_overall, when


def session_link(s: InterviewSession) -> str:
    if s.status == "in_progress":
        return f"/interview/{s.id}"
    return f"/result/{s.id}" if s.report_status == "ready" else f"/loading/{s.id}"


def session_rows(ctx: PageContext, sessions: list[InterviewSession],
                 on_delete: Callable[[InterviewSession], Awaitable[None]] | None = None) -> None:
    t = ctx.t
    if not sessions:
        ui.label(t("sessions.none")).classes("text-gray-600").mark("no-sessions")
        return
    with ui.column().classes("w-full gap-2").mark("session-list"):
        for s in sessions:
            overall = session_overall(s)
            with ui.row().classes("w-full items-center gap-3 p-2 rounded border border-gray-200 flex-wrap"):
                with ui.column().classes("gap-0 grow min-w-[12rem]"):
                    ui.label(s.position).classes("font-medium")
                    ui.label(f"{when(s.created_at, ctx.lang)} · {t('languages.' + s.language)} · "
                             f"{t('sessions.questions', n=s.question_count)}").classes("text-xs text-gray-600")
                status = t("sessions.status_in_progress") if s.status == "in_progress" else t(
                    "sessions.status_completed")
                ui.badge(status, color="deep-orange-10" if s.status == "in_progress" else "green-9")
                if overall is not None:
                    ui.label(t("sessions.score", score=round(overall))).classes("font-semibold")
                action = t("sessions.continue") if s.status == "in_progress" else t("sessions.view")
                ui.button(action, on_click=lambda s=s: ui.navigate.to(session_link(s))) \
                    .props("flat dense no-caps").mark(f"open-session-{s.id}")
                if on_delete is not None:
                    ui.button(icon="delete", on_click=lambda s=s: on_delete(s)) \
                        .props(f'flat round dense color=negative aria-label="{t("sessions.delete")}"') \
                        .tooltip(t("sessions.delete")).mark(f"delete-session-{s.id}")
