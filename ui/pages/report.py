"""A print-ready report of one interview (the browser's Print → Save as PDF makes the file)."""
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
from ui.data import numbering, question_label, when
from ui.theme import PRIMARY, localize_shell


@page("/report/{session_id}")
async def report_page(ctx: PageContext, session_id: int) -> RedirectResponse | None:
    t = ctx.t
    try:
        data = await load_result(ctx, session_id)
    except AppError:
        return RedirectResponse("/history", status_code=303)
    s = data.session
    ui.page_title(f'{t("report.title")} · {s.position}')
    localize_shell(ctx)
    ui.colors(primary=PRIMARY)  # the shared button colour (the default one is too light for white text)
    with ui.row().classes("w-full justify-end gap-2 p-2 no-print"):
        ui.button(t("report.print"), icon="print", on_click=lambda: ui.run_javascript("window.print()")) \
            .mark("print")
        ui.button(t("report.back"), on_click=lambda: ui.navigate.to(f"/result/{session_id}")).props("flat")
    with ui.column().classes("ic-report w-full gap-3"):
        _heading(t("report.title"), 1)
        ui.label(t("report.meta", name=s.user_name, position=s.position, language=t(f"languages.{s.language}"),
                   date=when(s.ended_at or s.created_at, ctx.lang))).classes("text-sm text-gray-700")
        score_header(t, data)
        report_points(t, data)
        _heading(t("result.criteria_title"), 2)
        radar_chart(t, data, renderer="svg")
        _heading(t("result.per_question_title"), 2)
        question_scores_chart(t, data, renderer="svg")
        if any(r.speech_metrics for r in data.records):
            _heading(t("result.speech_title"), 2)
            speech_chart(t, data, renderer="svg")
        if any(f.get("face") for f in data.frames):
            _heading(t("result.emotion_title"), 2)
            emotion_chart(t, data, renderer="svg")
        _heading(t("result.questions_title"), 2)
        numbers = numbering(data.records)
        for rec in data.records:
            main_no, follow = numbers.get(rec.id or 0, (0, 0))
            question_detail(t, rec, question_label(t, data.records, rec),
                            key=f"{main_no}-{follow}" if follow else f"{main_no}", printable=True)
            ui.separator()
        ui.label(t("report.footer")).classes("text-xs text-gray-600")
    return None


def _heading(text: str, level: int) -> None:
    size = "text-2xl font-bold" if level == 1 else "text-lg font-semibold mt-3"
    ui.label(text).classes(size).props(f'role="heading" aria-level="{level}"')
