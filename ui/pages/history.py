"""Past interviews and the score trend across them."""
from __future__ import annotations

from nicegui import ui

from core.errors import AppError
from core.services import interviews
from db.models import InterviewSession
from ui.auth import PageContext, page
from ui.components import charts
from ui.components.dialogs import confirm
from ui.components.sessions import session_rows
from ui.data import session_overall, when
from ui.forms import error_text
from ui.theme import frame, section


def trend(sessions: list[InterviewSession], lang: str) -> tuple[list[str], list[float]]:
    """(dates, overall scores) of scored sessions, oldest first."""
    scored = [(s, session_overall(s)) for s in sorted(sessions, key=lambda s: (s.created_at, s.id or 0))]
    points = [(when(s.created_at, lang), v) for s, v in scored if v is not None]
    return [d for d, _ in points], [round(v, 1) for _, v in points]


@page("/history")
async def history_page(ctx: PageContext) -> None:
    t = ctx.t
    with frame(ctx, "history.title"):
        chart_box = section(t("history.trend"))
        list_box = section(t("history.sessions"))

        async def render() -> None:
            async with ctx.db() as (db, user):
                sessions = await interviews.list_sessions(db, user, limit=200)
            dates, scores = trend(sessions, ctx.lang)
            chart_box.clear()
            with chart_box:
                ui.label(t("history.trend")).classes("text-lg font-semibold")
                if len(scores) >= 1:
                    described = ", ".join(f"{d} {v:g}" for d, v in zip(dates, scores))
                    ui.echart(charts.described(charts.lines(dates, {t("result.overall"): scores}, maximum=100),
                                               f'{t("history.trend")}: {described}')) \
                        .classes("w-full h-64").mark("trend-chart")
                else:
                    ui.label(t("history.no_scores")).classes("text-gray-600")
            list_box.clear()
            with list_box:
                ui.label(t("history.sessions")).classes("text-lg font-semibold")
                session_rows(ctx, sessions, on_delete=delete)

        async def delete(s: InterviewSession) -> None:
            if not await confirm(t, t("history.delete_title"),
                                 t("history.delete_confirm", position=s.position, date=when(s.created_at, ctx.lang)),
                                 t("common.delete"), danger=True):
                return
            try:
                async with ctx.db() as (db, user):
                    await interviews.delete_session(db, user, s.id)
            except AppError as exc:
                ui.notify(error_text(t, exc), type="negative")
                return
            ui.notify(t("history.deleted"), type="positive")
            await render()

        await render()
