"""One answered question with its scores and coaching feedback (result page and printable report)."""
from __future__ import annotations

from functools import cache
from typing import Any

from nicegui import ui

from core.scoring.lexicon import feedback_phrases
from db.models import InterviewRecord
from ui.components.highlights import annotated_answer, credited
from ui.i18n import Translator


def as_lines(value: Any) -> list[str]:
    """Feedback fields may be a string or a list (of strings or {point: ...} dicts)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    out = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("point") or item.get("text") or ""
        if str(item).strip():
            out.append(str(item))
    return out


@cache
def _nothing_to_credit() -> frozenset[str]:
    """The engine's "no strength to credit yet" lines, in both languages (core/scoring/feedback_*.yaml)."""
    return frozenset(line for lang in ("ko", "en") for line in feedback_phrases(lang)["strengths"]["none"])


def strength_icon(lines: list[str]) -> tuple[str, str]:
    """A thumbs-up for what the answer did well; a neutral mark when its one line says there is nothing to credit."""
    if lines and all(line in _nothing_to_credit() for line in lines):
        return "remove", "grey"
    return "thumb_up", "positive"


def _bullets(title: str, lines: list[str], icon: str, color: str) -> None:
    if not lines:
        return
    ui.label(title).classes("font-semibold mt-2")
    for line in lines:
        with ui.row().classes("items-start gap-2 no-wrap"):
            ui.icon(icon, color=color, size="xs").classes("mt-1")
            ui.label(line).classes("text-sm")


def speech_summary(t: Translator, metrics: dict[str, Any] | None) -> str:
    """'Pace 142 wpm (ok) · fillers 3 · long pauses 1' in the UI language."""
    if not metrics:
        return ""
    parts = []
    if metrics.get("language") == "ko" and metrics.get("syllables_per_minute"):
        parts.append(t("speech.pace_spm", v=round(metrics["syllables_per_minute"])))
    elif metrics.get("words_per_minute"):
        parts.append(t("speech.pace_wpm", v=round(metrics["words_per_minute"])))
    if metrics.get("pace"):
        parts[-1:] = [f"{parts[-1]} ({t('speech.pace_' + str(metrics['pace']))})"] if parts else []
    if metrics.get("filler_count") is not None:
        parts.append(t("speech.fillers", n=metrics["filler_count"]))
    pauses = metrics.get("long_pauses")
    if isinstance(pauses, dict) and pauses.get("count") is not None:
        parts.append(t("speech.long_pauses", n=pauses["count"]))
    return " · ".join(parts)


def question_detail(t: Translator, rec: InterviewRecord, label: str, *, key: str = "", printable: bool = False
                    ) -> None:
    """The question, the answer (with its highlights) and everything the evaluation says about it.

    `label` is "Question 2" or "Question 2 · Follow-up 1"; `key` makes markers unique ("2" or "2-1").
    """
    ev = rec.evaluation or {}
    container = ui.column().classes("w-full gap-1 ic-avoid-break")
    with container:
        with ui.row().classes("items-center gap-2 w-full"):
            ui.label(label).classes("font-semibold text-indigo-700").props('role="heading" aria-level="3"')
            ui.space()
            if rec.evaluation_status == "done" and ev:
                ui.label(t("result.overall_short", score=ev.get("overall", "–"))).classes("font-semibold") \
                    .mark(f"q-overall-{key}")
        ui.label(rec.question_text).classes("font-medium")
        if rec.answer_text is None:
            ui.label(t("result.not_answered")).classes("text-gray-600 italic")
            return
        ui.label(t("result.your_answer")).classes("text-sm text-gray-700 mt-1")
        if rec.evaluation_status == "done" and ev:
            annotated_answer(t, rec.answer_text, ev, marker=f"answer-{key}")
        else:
            ui.label(rec.answer_text).classes("text-sm whitespace-pre-wrap bg-gray-50 p-2 rounded w-full")
        if rec.evaluation_status == "pending":
            ui.label(t("result.pending")).classes("text-amber-700")
            return
        if rec.evaluation_status == "failed" or not ev:
            ui.label(t("result.failed")).classes("text-negative")
            return
        with ui.row().classes("gap-4 flex-wrap text-sm"):
            ui.label(t("result.technical", score=ev.get("technical_score", "–")))
            ui.label(t("result.communication", score=ev.get("communication_score", "–")))
            if ev.get("grade"):
                ui.label(t("result.grade_short", grade=ev["grade"]))
            if ev.get("percentile") is not None:
                ui.label(t("result.percentile", p=round(float(ev["percentile"]))))
        speech = speech_summary(t, rec.speech_metrics)
        if speech:
            ui.label(t("result.speech") + ": " + speech).classes("text-sm text-gray-700")
        if ev.get("total_feedback"):
            ui.label(str(ev["total_feedback"])).classes("text-sm mt-1")
        strengths = as_lines(ev.get("strengths"))
        _bullets(t("result.strengths"), strengths, *strength_icon(strengths))
        _bullets(t("result.weaknesses"), as_lines(ev.get("weaknesses")), "build", "warning")
        _bullets(t("result.matched" if credited(ev) else "result.touched"), as_lines(ev.get("matched_key_points")),
                 "check_circle", "positive")
        _bullets(t("result.missed"), as_lines(ev.get("missed_key_points")), "radio_button_unchecked", "negative")
        if ev.get("model_answer"):
            if printable:
                ui.label(t("result.model_answer")).classes("font-semibold mt-2")
                ui.label(str(ev["model_answer"])).classes("text-sm whitespace-pre-wrap")
            else:
                with ui.expansion(t("result.model_answer"), icon="lightbulb").classes("w-full") \
                        .mark(f"model-answer-{key}"):
                    ui.label(str(ev["model_answer"])).classes("text-sm whitespace-pre-wrap")
