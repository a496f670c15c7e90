"""The session summary shared by the result page and the printable report: score, radar, charts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from nicegui import ui

from core.services import interviews
from db.models import InterviewRecord, InterviewSession
from ui.auth import PageContext
from ui.components import charts
from ui.components.evaluation import as_lines, speech_summary
from ui.data import (
    CRITERIA,
    criteria_averages,
    emotion_frames,
    numeric_metrics,
    pace_band,
    question_label,
    records_overall,
    session_overall,
)
from ui.i18n import Translator

EMOTIONS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")


@dataclass
class ResultData:
    session: InterviewSession
    records: list[InterviewRecord]
    frames: list[dict[str, Any]] = field(default_factory=list)

    @property
    def answered(self) -> list[InterviewRecord]:
        return [r for r in self.records if r.answer_text is not None]

    @property
    def overall(self) -> float | None:
        value = session_overall(self.session)
        return value if value is not None else records_overall(self.records)

    @property
    def grade(self) -> str | None:
        grade = (self.session.report or {}).get("grade")
        return str(grade) if grade else None


async def load_result(ctx: PageContext, session_id: int) -> ResultData:
    async with ctx.db() as (db, user):
        s, records = await interviews.results(db, user, session_id)
        frames = await emotion_frames(db, user, session_id)
    return ResultData(session=s, records=records, frames=frames)


def criterion_label(t: Translator, name: str) -> str:
    key = f"criteria.{name}"
    return t(key) if t.has(key) else name


def score_header(t: Translator, data: ResultData) -> None:
    with ui.row().classes("w-full items-center gap-6 flex-wrap"):
        with ui.column().classes("items-center gap-0"):
            ui.label(t("result.overall")).classes("text-sm text-gray-600")
            overall = data.overall
            ui.label("–" if overall is None else f"{round(overall)}").classes("ic-score text-indigo-700") \
                .mark("overall-score")
            ui.label("/ 100").classes("text-xs text-gray-600")
        if data.grade:
            with ui.column().classes("items-center gap-0"):
                ui.label(t("result.grade")).classes("text-sm text-gray-600")
                ui.label(data.grade).classes("ic-score").mark("grade")
        with ui.column().classes("gap-0 grow min-w-[12rem]"):
            s = data.session
            ui.label(s.position).classes("text-lg font-semibold")
            mains = [r for r in data.records if r.source != "follow_up"]  # the same count as history shows
            ui.label(t("result.answered_of", n=sum(r.answer_text is not None for r in mains), total=len(mains))) \
                .classes("text-sm").mark("answered-of")
            if s.report_status != "ready":
                ui.label(t("result.report_pending")).classes("text-sm text-amber-700").mark("report-pending")


def report_points(t: Translator, data: ResultData) -> None:
    """The report's overall strengths and improvements, when it has them."""
    report = data.session.report or {}
    for key, title, icon, color in (("strengths", "result.top_strengths", "thumb_up", "positive"),
                                    ("improvements", "result.top_improvements", "trending_up", "warning")):
        lines = as_lines(report.get(key))
        if lines:
            ui.label(t(title)).classes("font-semibold")
            for line in lines:
                with ui.row().classes("items-start gap-2 no-wrap"):
                    ui.icon(icon, color=color, size="xs").classes("mt-1")
                    ui.label(line).classes("text-sm")


Renderer = Literal["canvas", "svg"]


def radar_chart(t: Translator, data: ResultData, renderer: Renderer = "canvas") -> bool:
    averages = criteria_averages(data.session, data.records)
    names = [c for c in CRITERIA if c in averages] + [c for c in averages if c not in CRITERIA]
    if len(names) < 3:  # a radar needs at least three axes
        return False
    option = charts.radar([criterion_label(t, n) for n in names], [averages[n] for n in names],
                          t("result.criteria_series"))
    described = ", ".join(f"{criterion_label(t, n)} {round(averages[n])}" for n in names)
    ui.echart(charts.described(option, f'{t("result.criteria_title")}: {described}'), renderer=renderer) \
        .classes("w-full h-80").mark("radar-chart")
    return True


def question_scores_chart(t: Translator, data: ResultData, renderer: Renderer = "canvas") -> bool:
    scored = [(question_label(t, data.records, r, short=True), r) for r in data.records
              if r.evaluation_status == "done" and r.evaluation]
    if not scored:
        return False
    values = [r.evaluation.get("overall") for _, r in scored]
    option = charts.bars([q for q, _ in scored], values, t("result.overall"))
    described = ", ".join(f"{q} {v}" for (q, _), v in zip(scored, values))
    ui.echart(charts.described(option, f'{t("result.per_question_title")}: {described}'), renderer=renderer) \
        .classes("w-full h-64").mark("question-chart")
    return True


def speech_chart(t: Translator, data: ResultData, renderer: Renderer = "canvas") -> bool:
    """Speaking pace per spoken answer, and the report's summary of pace, fillers and pauses."""
    spoken = [(question_label(t, data.records, r, short=True), numeric_metrics(r.speech_metrics))
              for r in data.records if r.speech_metrics]
    if not spoken:
        return False
    korean = data.session.language == "ko"
    pace_key = "syllables_per_minute" if korean else "words_per_minute"
    name = t("speech.pace_axis_spm" if korean else "speech.pace_axis_wpm")
    paces = [m.get(pace_key) for _, m in spoken]
    option = charts.bars([q for q, _ in spoken], paces, name, maximum=None)
    described = ", ".join(f"{q} {round(v)}" for (q, _), v in zip(spoken, paces) if v is not None)
    ui.echart(charts.described(option, f"{name}: {described}"), renderer=renderer) \
        .classes("w-full h-56").mark("speech-chart")
    for r in data.records:
        line = speech_summary(t, r.speech_metrics)
        if line:
            ui.label(f'{question_label(t, data.records, r, short=True)}: {line}').classes("text-sm")
    top = ((data.session.report or {}).get("speech") or {}).get("top_fillers") or []
    words = ", ".join(f'{f["word"]} ({f["count"]})' for f in top if isinstance(f, dict) and f.get("word"))
    if words:
        ui.label(t("speech.top_fillers", words=words)).classes("text-sm")
    low, high = pace_band(data.session.language)
    ui.label(t("speech.pace_hint_ko" if korean else "speech.pace_hint_en", low=f"{low:g}", high=f"{high:g}")) \
        .classes("text-xs text-gray-600")
    return True


def emotion_chart(t: Translator, data: ResultData, renderer: Renderer = "canvas") -> bool:
    if not any(f.get("face") for f in data.frames):
        return False
    labels = {name: t(f"emotions.{name}") for name in EMOTIONS}
    ui.echart(charts.described(charts.emotion_timeline(data.frames, labels, t("result.emotion_axis")),
                               t("result.emotion_title")), renderer=renderer) \
        .classes("w-full h-64").mark("emotion-chart")
    summary = data.session.emotion_summary or {}
    dominant = summary.get("dominant_emotion")
    if dominant:
        name = t(f"emotions.{dominant}") if t.has(f"emotions.{dominant}") else dominant
        ui.label(t("result.emotion_dominant", emotion=name)).classes("text-sm")
    if isinstance(summary.get("attention_ratio"), int | float):
        ui.label(t("result.attention", p=round(100 * summary["attention_ratio"]))).classes("text-sm")
    return True
