"""Results of one interview: overall score and grade, radar per criterion, per-question coaching, charts."""
from __future__ import annotations

from fastapi.responses import RedirectResponse
from nicegui import ui

from core.errors import AppError
from ui.auth import PageContext, page
from ui.components.evaluation import question_detail
from ui.components.summary import (
    emotion_chart,
    load_result,
    question_scores_chart,
    radar_chart,
    report_points,
    score_header,
    speech_chart,
)
from ui.data import numbering, question_label
from ui.theme import frame, section


@page("/result/{session_id}")
async def result_page(ctx: PageContext, session_id: int) -> RedirectResponse | None:
    t = ctx.t
    try:
        data = await load_result(ctx, session_id)
    except AppError:
        return RedirectResponse("/history", status_code=303)
    if data.session.status == "in_progress":
        return RedirectResponse(f"/interview/{session_id}", status_code=303)
    with frame(ctx, "result.title", wide=True):
        with ui.card().classes("w-full"):
            score_header(t, data)
            report_points(t, data)
            with ui.row().classes("gap-2 no-print flex-wrap"):
                ui.button(t("result.open_report"), icon="print",
                          on_click=lambda: ui.navigate.to(f"/report/{session_id}", new_tab=True)) \
                    .mark("open-report")
                ui.button(t("result.new_interview"), icon="add", on_click=lambda: ui.navigate.to("/")) \
                    .props("outline")
                ui.button(t("nav.history"), icon="history", on_click=lambda: ui.navigate.to("/history")) \
                    .props("flat")
        with ui.grid().classes("w-full grid-cols-1 md:grid-cols-2 gap-4"):
            with section(t("result.criteria_title")):
                if not radar_chart(t, data):
                    ui.label(t("result.no_scores")).classes("text-gray-600")
            with section(t("result.per_question_title")):
                if not question_scores_chart(t, data):
                    ui.label(t("result.no_scores")).classes("text-gray-600")
        with section(t("result.speech_title")):
            if not speech_chart(t, data):
                ui.label(t("result.no_speech")).classes("text-gray-600 text-sm")
        with section(t("result.emotion_title")):
            if not emotion_chart(t, data):
                ui.label(t("result.no_emotion")).classes("text-gray-600 text-sm")
        with section(t("result.questions_title")):
            numbers = numbering(data.records)
            for rec in data.records:
                main_no, follow = numbers.get(rec.id or 0, (0, 0))
                key = f"{main_no}-{follow}" if follow else f"{main_no}"
                card = ui.card().classes("w-full" + (" ml-4 sm:ml-8 ic-follow-up" if follow else "")) \
                    .props("flat bordered").mark(f"question-{key}")
                with card:
                    question_detail(t, rec, question_label(t, data.records, rec), key=key)
    return None
