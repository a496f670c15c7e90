"""Start an interview: who, which position, language, difficulty, length, résumé / job description, timing."""
from __future__ import annotations

import logging
import uuid

from nicegui import events, ui
from pydantic import ValidationError

from core.config import settings
from core.errors import AppError
from core.schemas import SessionCreate
from core.services import interviews
from ui.auth import PageContext, page
from ui.components.sessions import session_rows
from ui.data import POSITION_PRESETS
from ui.forms import error_text, required
from ui.i18n import LANGUAGES, Translator
from ui.pdf_text import MAX_PDF_BYTES, PdfTextError, pdf_text_async
from ui.theme import frame, section

log = logging.getLogger(__name__)
OTHER = "other"
ANSWER_LIMITS = (60, 75, 90, 120)


def position_text(choice: str, free_text: str | None, interview_language: str) -> str:
    """What goes into the session's position: the preset's name in the interview language, or the free text."""
    if choice == OTHER:
        return (free_text or "").strip()
    return Translator(interview_language)(f"positions.{choice}")


def _pdf_upload(ctx: PageContext, target: ui.textarea, marker: str) -> None:
    t = ctx.t

    async def handle(e: events.UploadEventArguments) -> None:
        try:
            text = await pdf_text_async(await e.file.read(), settings.max_text_field_chars)
        except PdfTextError:
            ui.notify(t("landing.pdf_failed"), type="warning")
            return
        finally:
            e.sender.reset()  # type: ignore[attr-defined]
        target.value = text
        ui.notify(t("landing.pdf_loaded", n=len(text)), type="positive")

    uploader = ui.upload(label=t("landing.pdf_upload"), auto_upload=True, max_file_size=MAX_PDF_BYTES,
                         on_upload=handle, on_rejected=lambda: ui.notify(t("landing.pdf_too_big"), type="warning")) \
        .props('accept=".pdf,application/pdf" flat bordered').classes("w-full ic-upload").mark(marker)
    # Quasar's file input has no name; ui/static/a11y.js gives it this one.
    uploader.props(f'data-file-label="{t("landing.pdf_upload_named", what=target.props.get("label", ""))}"')


@page("/")
async def landing_page(ctx: PageContext) -> None:
    t = ctx.t
    async with ctx.db() as (db, user):
        recent = await interviews.list_sessions(db, user, limit=5)
    with frame(ctx, "landing.title"):
        ui.label(t("landing.intro")).classes("text-gray-700")
        with section(t("landing.setup")):
            name = ui.input(t("landing.name"), value=ctx.user.full_name if ctx.user else "",
                            validation=required(t)).props("autocomplete=name maxlength=100") \
                .classes("w-full").mark("name")
            with ui.row().classes("w-full gap-4 flex-wrap"):
                position = ui.select({p: t(f"positions.{p}") for p in POSITION_PRESETS} | {OTHER: t("positions.other")},
                                     value="backend", label=t("landing.position")) \
                    .classes("grow min-w-[14rem]").mark("position")
                language = ui.select({lang: t(f"languages.{lang}") for lang in LANGUAGES}, value=ctx.lang,
                                     label=t("landing.language")).classes("grow min-w-[10rem]").mark("language")
            free_position = ui.input(t("landing.position_other"), validation=required(t)) \
                .props("maxlength=100").classes("w-full").mark("position-other")
            free_position.bind_visibility_from(position, "value", backward=lambda v: v == OTHER)
            with ui.row().classes("w-full gap-6 flex-wrap items-end"):
                with ui.column().classes("gap-1"):
                    ui.label(t("landing.difficulty")).classes("text-sm text-gray-700")
                    difficulty = ui.toggle({1: t("difficulty.1"), 2: t("difficulty.2"), 3: t("difficulty.3")},
                                           value=2).mark("difficulty")
                count = ui.number(t("landing.question_count"), value=settings.default_question_count, min=1,
                                  max=settings.max_question_count, step=1, precision=0,
                                  validation={t("landing.count_rule", n=settings.max_question_count):
                                              lambda v: v is not None and 1 <= v <= settings.max_question_count}) \
                    .classes("w-40").mark("question-count")
        with section(t("landing.context")):
            ui.label(t("landing.context_hint")).classes("text-sm text-gray-600")
            resume = ui.textarea(t("landing.resume")).props(f"maxlength={settings.max_text_field_chars} autogrow") \
                .classes("w-full").mark("resume")
            _pdf_upload(ctx, resume, "resume-pdf")
            job = ui.textarea(t("landing.job_description")) \
                .props(f"maxlength={settings.max_text_field_chars} autogrow").classes("w-full").mark("job")
            _pdf_upload(ctx, job, "job-pdf")
        with section(t("landing.timing")):
            timed = ui.switch(t("landing.timed")).mark("timed")
            ui.label(t("landing.timed_hint")).classes("text-sm text-gray-600")
            with ui.row().classes("gap-4 flex-wrap").bind_visibility_from(timed, "value"):
                prep = ui.number(t("landing.prep_seconds"), value=30, min=0, max=120, step=5, precision=0) \
                    .classes("w-40").mark("prep-seconds")
                answer = ui.select({s: t("landing.seconds", n=s) for s in ANSWER_LIMITS}, value=90,
                                   label=t("landing.answer_seconds")).classes("w-40").mark("answer-seconds")
        error = ui.label().classes("text-negative").props('role="alert"').mark("start-error")
        error.visible = False

        request_key = uuid.uuid4().hex  # one per form: a second click returns the session the first one made
        busy = False

        async def start() -> None:
            nonlocal busy
            if busy:  # a double-click's second event arrives while the first is still working
                return
            busy = True
            button.disable()
            try:
                await start_once()
            finally:
                busy = False
                button.enable()

        def invalid(field: ui.element) -> None:
            """Show the field's error where it is: scroll it into view and focus it."""
            field.run_method("focus")
            ui.run_javascript(f"document.getElementById('c{field.id}')?.scrollIntoView({{block: 'center'}})")

        async def start_once() -> None:
            error.visible = False
            for field in (name, free_position if position.value == OTHER else None, count):
                if field is not None and not field.validate():
                    invalid(field)
                    return
            try:
                data = SessionCreate(
                    user_name=name.value, position=position_text(position.value, free_position.value, language.value),
                    language=language.value, difficulty=int(difficulty.value), question_count=int(count.value),
                    resume_text=(resume.value or "").strip() or None, job_description=(job.value or "").strip() or None,
                    timed=bool(timed.value), prep_seconds=int(prep.value or 0), answer_seconds=int(answer.value),
                ).model_dump()
            except ValidationError:  # the fields' own rules normally catch this first
                error.text = t("landing.invalid")
                error.visible = True
                return
            button.props("loading")
            try:
                async with ctx.db() as (db, user):
                    s = await interviews.create_session(db, user, data, request_key=request_key)
            except AppError as exc:
                error.text = error_text(t, exc)
                error.visible = True
                return
            finally:
                button.props(remove="loading")
            ui.navigate.to(f"/device-check?session_id={s.id}")

        button = ui.button(t("landing.start"), icon="play_arrow", on_click=start) \
            .classes("self-start").props("size=lg").mark("start")
        with section(t("landing.recent")):
            session_rows(ctx, recent)
            ui.link(t("landing.all_history"), "/history")
