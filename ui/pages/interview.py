"""The interview: one question at a time, answered by voice (editable transcript) or typing.

What comes next is decided by the backend's `next_action` (next_question / retry / follow_up / end /
show_results); this page only shows it.
"""
from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import time
from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import app, background_tasks, events, ui

from core import events as session_events
from core.config import settings
from core.errors import AppError, Conflict
from core.services import answers, interviews
from db.models import InterviewRecord
from ui.auth import PageContext, SignedOut, page
from ui.components.dialogs import ErrorDialog, confirm
from ui.forms import error_text
from ui.i18n import Translator
from ui.pages.device import TTS_KEY, camera_opt_in, media_problem_key
from ui.theme import frame

log = logging.getLogger(__name__)
# After this long without a verdict on an answer, the candidate may move on without waiting.
SLOW_EVALUATION_SECONDS = 15
# A verdict can arrive within 0.1 s now that it is pushed: the "evaluating" card stays this long so it reads as a
# step, not a flicker.
MIN_EVALUATING_SECONDS = 0.6


def retry_target(records: list[InterviewRecord]) -> InterviewRecord | None:
    """The answer the backend asked to retry: the most recently answered, evaluated one."""
    done = [r for r in records if r.answer_text is not None and r.evaluation_status in ("done", "failed")]
    return max(done, key=lambda r: (r.answered_at or r.created_at, r.id or 0), default=None)


def awaiting_verdict(records: list[InterviewRecord]) -> InterviewRecord | None:
    """The latest answer still being scored, if the latest answer is one (its verdict decides what's next)."""
    answered = [r for r in records if r.answer_text is not None]
    latest = max(answered, key=lambda r: (r.answered_at or r.created_at, r.id or 0), default=None)
    return latest if latest is not None and latest.evaluation_status == "pending" else None


def main_position(records: list[InterviewRecord], rec: InterviewRecord | None) -> int:
    """1-based number of the main question `rec` belongs to (a follow-up counts as its parent's question)."""
    mains = interviews.main_questions(records)
    if rec is None:
        return min(sum(r.answer_text is not None for r in mains), len(mains))
    if rec.source == "follow_up":
        parent = next((m for m in mains if m.id == rec.parent_id), None)
        if parent is None:  # no parent recorded: the nearest main question before it
            parent = max((m for m in mains if m.order < rec.order), key=lambda m: m.order, default=None)
        rec = parent or rec
    ids = [m.id for m in mains]
    return ids.index(rec.id) + 1 if rec.id in ids else len(mains)


def merge_draft(box: str, draft: str) -> str:
    """The server draft may already contain what was typed (it mirrors the box); never show text twice."""
    box, draft = box.strip(), draft.strip()
    if not box or draft.startswith(box):
        return draft
    return box if draft in box else f"{box}\n{draft}"


class InterviewScreen:
    """Everything on the interview page, and the browser media it drives."""

    def __init__(self, ctx: PageContext, session_id: int, language: str, options: dict[str, Any]) -> None:
        self.ctx, self.t, self.sid = ctx, ctx.t, session_id
        self.language = language  # the interview's language (questions, TTS, STT) — may differ from the UI's
        self.timed = bool(options.get("timed"))
        self.prep_seconds = int(options.get("prep_seconds") or 0)
        self.answer_seconds = int(options.get("answer_seconds") or 90)
        self.records: list[InterviewRecord] = []
        self.current: InterviewRecord | None = None
        self.mode = "loading"
        self.mic = False
        self.live_ready = False
        self.recording = False
        self.uploading = False
        self.finals: list[str] = []
        self.interim = ""
        self.voice: dict[str, Any] | None = None
        self.phase: str | None = None  # timed mode: prep | answer
        self.remaining = 0
        self.elapsed = 0
        self.waiting_for: int | None = None
        self.wait_started = 0.0
        self.tts = bool(app.storage.user.get(TTS_KEY, True))
        self.camera = camera_opt_in()
        self.errors = ErrorDialog(self.t)
        self.draft_dirty_at: float | None = None
        self.draft_saved = ""
        self.busy = False  # one submit per click: set before the first await, cleared when it is settled
        self.checking = self.check_again = False
        self.verdicts: set[int] = set()  # records whose verdict event arrived (maybe before we waited for it)

    # ---------------------------------------------------------------- layout
    def build(self) -> None:
        t = self.t
        with ui.row().classes("w-full items-center gap-3"):
            self.progress_label = ui.label().classes("text-lg font-semibold ic-progress").mark("progress")
            self.progress = ui.linear_progress(value=0, show_value=False).classes("grow").props("rounded size=10px")
        with ui.row().classes("w-full gap-4 items-start flex-wrap sm:flex-nowrap"):
            self.body = ui.column().classes("grow gap-3 min-w-0 w-full sm:w-auto")
            with ui.column().classes("w-full sm:w-64 shrink-0 gap-2"):
                self.video = ui.element("video").classes("ic-video").props(
                    'autoplay muted playsinline aria-hidden="true"').mark("camera-preview")
                self.video.visible = self.camera
                ui.label(t("interview.camera_on") if self.camera else t("interview.camera_off")) \
                    .classes("text-xs text-gray-600")
                self.media_status = ui.label(t("interview.mic_connecting")).classes("text-xs text-gray-600") \
                    .props('role="status"').mark("media-status")
                ui.switch(t("interview.tts"), value=self.tts, on_change=self._toggle_tts).mark("tts-toggle")
                ui.button(t("interview.end_early"), icon="stop_circle", on_click=self._end_early) \
                    .props("outline color=negative").mark("end-early")
        # The 1 s timer only counts down locally; verdicts arrive as events (core/events.py), and the slow
        # safety poll catches an event lost while Redis was away.
        ui.timer(1.0, self._tick)
        ui.timer(settings.ui_safety_poll_seconds, self._safety_poll)
        # Event callbacks run in the subscriber's task: reactions run in this page's context (its request,
        # hence the signed-in user's storage), as the timers do.
        self.page_context = contextvars.copy_context()
        remove = session_events.hub.add(self.sid, self._on_event)
        ui.context.client.on_delete(remove)
        ui.on("ic_media_ready", self._on_media_ready)
        ui.on("ic_media_error", self._on_media_error)
        ui.on("ic_live_state", lambda e: setattr(self, "live_ready", bool(e.args.get("ready"))))
        ui.on("ic_recording", self._on_recording)
        ui.on("ic_stt_live", self._on_live)
        ui.on("ic_stt_final", self._on_stt_final)
        ui.on("ic_stt_error", self._on_stt_error)
        ui.on("ic_draft_sync", self._on_draft_sync)

    def _toggle_tts(self, e: events.ValueChangeEventArguments) -> None:
        self.tts = bool(e.value)
        app.storage.user[TTS_KEY] = self.tts
        if not self.tts:
            ui.run_javascript("IC.stopSpeaking()")

    # ---------------------------------------------------------------- state from the backend
    async def refresh(self) -> None:
        """Reload the session and show what its next_action says."""
        try:
            async with self.ctx.db() as (db, user):
                status = await interviews.session_status(db, user, self.sid)
                self.records = await interviews.questions(db, user, self.sid)
                if status["status"] != "in_progress" or status["next_action"] == "show_results":
                    ui.navigate.to(f"/loading/{self.sid}")
                    return
                pending = awaiting_verdict(self.records)
                if pending is not None:
                    self._show_evaluating(pending.id)
                    return
                action = status["next_action"]
                if action == "retry" and (target := retry_target(self.records)) is not None:
                    self._show_question(target, retry=True)
                    return
                if action == "follow_up":
                    try:
                        rec, _ = await interviews.add_follow_up(db, user, self.sid, None, None)
                        self.records = await interviews.questions(db, user, self.sid)
                        self._show_question(next(r for r in self.records if r.id == rec.id))
                        return
                    except Conflict:
                        log.info("no follow-up for session %s; moving on", self.sid)
                nxt = interviews.current_record(self.records)
        except AppError as exc:
            self.errors.show("generic", error_text(self.t, exc))
            return
        except Exception:
            log.exception("loading interview %s failed", self.sid)
            self.errors.show("network", retry=self.refresh)
            return
        if nxt is None:
            self._show_end()
        else:
            self._show_question(nxt)

    def _update_progress(self) -> None:
        mains = interviews.main_questions(self.records)
        total = len(mains)  # fixed when the session was created; follow-ups never change it
        n = max(1, min(main_position(self.records, self.current), total)) if total else 0
        self.progress_label.text = self.t("interview.progress", n=n, total=total)
        answered = sum(r.answer_text is not None for r in mains)
        self.progress.value = answered / total if total else 0
        self.progress.props(f'aria-label="{self.t("interview.progress_label", n=answered, total=total)}"')

    # ---------------------------------------------------------------- views
    def _show_question(self, rec: InterviewRecord, *, retry: bool = False) -> None:
        t = self.t
        self.mode, self.current = ("retry" if retry else "answer"), rec
        self.finals, self.interim, self.voice = [], "", None
        self.phase, self.elapsed = None, 0
        self._update_progress()
        self.body.clear()
        with self.body:
            with ui.card().classes("w-full").mark("question-card"):
                with ui.row().classes("w-full gap-2 items-center"):
                    kind = "behavioral" if rec.question_kind == "behavioral" else "technical"
                    ui.badge(t(f"interview.kind_{kind}"), color="indigo-9")
                    if rec.source == "follow_up":
                        ui.badge(t("interview.follow_up"), color="purple-9").mark("follow-up-badge")
                    ui.space()
                    ui.button(icon="volume_up", on_click=lambda: self._speak(force=True)) \
                        .props(f'flat round dense aria-label="{t("interview.read_aloud")}"') \
                        .tooltip(t("interview.read_aloud")).mark("read-aloud")
                if rec.source == "follow_up" and (parent := self._parent(rec)) is not None:
                    ui.label(t("interview.follow_up_of", q=parent.question_text)).classes(
                        "text-sm text-gray-700").props(f'lang="{self.language}"').mark("follow-up-parent")
                ui.label(rec.question_text).classes("ic-question").props(
                    f'lang="{self.language}" aria-live="polite"').mark("question-text")
            if retry:
                feedback = (rec.evaluation or {}).get("total_feedback") or ""
                with ui.card().classes("w-full bg-amber-50").mark("retry-banner"):
                    ui.label(t("interview.retry_title")).classes("font-semibold")
                    ui.label(t("interview.retry_text"))
                    if feedback:
                        ui.label(feedback).classes("text-sm text-gray-700")
            with ui.card().classes("w-full gap-2"):
                with ui.row().classes("items-center gap-2 flex-wrap"):
                    self.record_button = ui.button(t("interview.start_answer"), icon="mic",
                                                   on_click=self._toggle_recording).mark("record")
                    self.timer_label = ui.label().classes("font-mono text-lg").props(
                        'role="timer" aria-live="off"').mark("timer")
                    self.rec_indicator = ui.label(t("interview.recording")).classes("text-negative font-semibold")
                    self.rec_indicator.visible = False
                    self.uploading_spinner = ui.spinner(size="sm")
                    self.uploading_spinner.visible = False
                self.live_label = ui.label().classes("ic-live").props('aria-live="polite"').mark("live-transcript")
                self.answer_input = ui.textarea(t("interview.answer_label"), placeholder=t("interview.answer_hint")) \
                    .props(f'autogrow maxlength={settings.max_answer_chars} counter lang="{self.language}"') \
                    .classes("w-full ic-answer-box").mark("answer-input")
                # The retry starts from the previous answer so it can be seen and improved; else the saved draft.
                start = rec.draft_answer if rec.draft_answer is not None else (rec.answer_text if retry else None)
                self.answer_input.value = start or ""
                self.draft_saved, self.draft_dirty_at = self.answer_input.value, None
                self.answer_input.on_value_change(self._on_typed)
                ui.label(t("interview.submit_shortcut")).classes("text-xs text-gray-600")
                self.low_conf = ui.label(t("interview.low_confidence")).classes("text-amber-700 text-sm") \
                    .props('role="status"').mark("low-confidence")
                self.low_conf.visible = False
                self.answer_error = ui.label().classes("text-negative text-sm").props('role="alert"')
                self.answer_error.visible = False
                with ui.row().classes("gap-2"):
                    self.submit_button = ui.button(t("interview.submit"), icon="send", on_click=self._submit) \
                        .classes("ic-submit-answer").mark("submit-answer")
                    if retry:
                        ui.button(t("interview.skip_retry"), on_click=self._skip_retry).props("flat") \
                            .mark("skip-retry")
        # Inside the body: the button that led here may just have been deleted with the old view, and
        # run_javascript needs a live slot.
        with self.body:
            if self.timed:
                self._start_prep()
            self._render_timer()
            self._speak()
            self._watch_draft(rec)

    def _parent(self, rec: InterviewRecord) -> InterviewRecord | None:
        return next((r for r in self.records if r.id == rec.parent_id), None)

    # ---------------------------------------------------------------- the typed draft
    def _watch_draft(self, rec: InterviewRecord) -> None:
        """Browser side: keep keystrokes in localStorage and focus the box (draft.js submits on Ctrl/Cmd+Enter); then
        take over a newer local copy (typed while the connection was down, before a reload)."""
        rid, box = rec.id, self.answer_input.id

        async def adopt_local() -> None:
            try:
                local = await ui.run_javascript(f"ICDraft.watch({rid}, {box}) && ICDraft.local({rid})",
                                                timeout=10)
            except TimeoutError:
                return
            if (isinstance(local, str) and local.strip() and self.current is not None and self.current.id == rid
                    and local != (self.answer_input.value or "")):
                self.answer_input.value = local  # marks the draft dirty: it is saved on the server shortly

        ui.timer(0.05, adopt_local, once=True)

    def _on_typed(self, _: events.ValueChangeEventArguments) -> None:
        self.draft_dirty_at = time.monotonic()

    def _on_draft_sync(self, e: events.GenericEventArguments) -> None:
        """After a reconnect the browser resends the box: keystrokes made while offline reach the server."""
        if self.current is None or e.args.get("record_id") != self.current.id or self.mode not in ("answer", "retry"):
            return
        text = str(e.args.get("text") or "")
        if text != (self.answer_input.value or ""):
            self.answer_input.value = text
        self.draft_dirty_at = 0.0  # save now

    async def _save_draft(self) -> None:
        if self.current is None or self.draft_dirty_at is None or self.mode not in ("answer", "retry"):
            return
        if time.monotonic() - self.draft_dirty_at < settings.ui_draft_save_seconds:
            return
        text = self.answer_input.value or ""
        self.draft_dirty_at = None
        if text == self.draft_saved:
            return
        try:
            async with self.ctx.db() as (db, user):
                await answers.save_typed_draft(db, user, self.current.id, text)  # type: ignore[arg-type]
            self.draft_saved = text
        except SignedOut:
            raise
        except Exception:  # the next change tries again; the browser still holds the text
            log.warning("saving the draft of %s failed", self.current.id, exc_info=True)
            self.draft_dirty_at = time.monotonic()

    def _show_evaluating(self, record_id: int | None) -> None:
        self.mode, self.current = "evaluating", None
        self.waiting_for, self.wait_started = record_id, time.monotonic()
        self.phase = None
        self._update_progress()
        self.body.clear()
        with self.body, ui.card().classes("w-full items-center gap-3 py-8").mark("evaluating"):
            ui.spinner(size="lg")
            ui.label(self.t("interview.evaluating")).props('role="status"')
            self.slow_row = ui.row().classes("gap-2")
            with self.slow_row:
                ui.label(self.t("interview.evaluating_slow")).classes("text-sm text-gray-600")
                ui.button(self.t("interview.continue_anyway"), on_click=self._continue_without_verdict) \
                    .props("flat").mark("continue-anyway")
            self.slow_row.visible = False
        if record_id is None or record_id in self.verdicts:
            self.verdicts.discard(record_id)  # type: ignore[arg-type]
            # The verdict came before this view (a fast worker) or there is nothing to wait for: look now.
            self._react_soon()

    def _show_end(self) -> None:
        self.mode, self.current, self.phase = "end", None, None
        self._update_progress()
        self.body.clear()
        with self.body, ui.card().classes("w-full items-center gap-3 py-8").mark("end-card"):
            ui.icon("task_alt", color="positive", size="xl")
            ui.label(self.t("interview.all_done")).classes("text-lg")
            ui.button(self.t("interview.finish"), icon="assessment", on_click=self._finish) \
                .props("size=lg").mark("finish")

    # ---------------------------------------------------------------- timers
    def _start_prep(self) -> None:
        if self.prep_seconds > 0:
            self.phase, self.remaining = "prep", self.prep_seconds
        else:
            self._start_answer_phase()

    def _start_answer_phase(self) -> None:
        self.phase, self.remaining = "answer", self.answer_seconds

    def _on_event(self, event: dict[str, Any]) -> None:
        """Runs in the process's event subscriber: hand the event to this page's own task."""
        if event.get("kind") == session_events.EVALUATED and isinstance(event.get("record_id"), int):
            if self.mode == "evaluating" and event["record_id"] == self.waiting_for:
                self._react_soon()
            else:
                self.verdicts.add(event["record_id"])

    def _react_soon(self) -> None:
        self.page_context.run(background_tasks.create, self._react(), name=f"verdict-{self.sid}")

    async def _react(self) -> None:
        shown = time.monotonic() - self.wait_started
        if shown < MIN_EVALUATING_SECONDS:
            await asyncio.sleep(MIN_EVALUATING_SECONDS - shown)
        with self.body:  # a task of its own: give NiceGUI the page's slot (navigation, notifications)
            await self._safety_poll()

    async def _safety_poll(self) -> None:
        if self.mode != "evaluating":
            return
        if self.checking:  # an event during a read: that read may predate the commit, so read once more
            self.check_again = True
            return
        self.checking = True
        try:
            await self._poll_verdict()
            while self.check_again and self.mode == "evaluating":
                self.check_again = False
                await self._poll_verdict()
        finally:
            self.checking = self.check_again = False

    async def _tick(self) -> None:
        if self.mode == "evaluating":
            if time.monotonic() - self.wait_started > SLOW_EVALUATION_SECONDS:
                self.slow_row.visible = True  # local clock only: the verdict itself comes as an event
            return
        if self.mode not in ("answer", "retry"):
            return
        await self._save_draft()
        if self.recording:
            self.elapsed += 1
        if self.phase is not None:
            self.remaining -= 1
            if self.remaining <= 0:
                if self.phase == "prep":
                    self._start_answer_phase()
                    await self._start_recording(auto=True)
                else:
                    self.phase = None
                    ui.notify(self.t("interview.time_up"), type="warning")
                    if self.recording:
                        self._stop_recording()
        self._render_timer()

    def _render_timer(self) -> None:
        if not hasattr(self, "timer_label"):
            return
        if self.phase == "prep":
            self.timer_label.text = self.t("interview.prep_countdown", s=max(self.remaining, 0))
        elif self.phase == "answer":
            self.timer_label.text = self.t("interview.answer_countdown", s=max(self.remaining, 0))
        elif self.recording or self.elapsed:
            self.timer_label.text = f"{self.elapsed // 60:02d}:{self.elapsed % 60:02d}"
        else:
            self.timer_label.text = ""

    # ---------------------------------------------------------------- voice
    async def start_media(self) -> None:
        """Open camera/microphone and the live transcript once the browser is connected."""
        opts = {"camera": self.camera, "videoId": self.video.html_id}
        try:
            ok = await ui.run_javascript(f"IC.open({json.dumps(opts)})", timeout=120)
            if ok:
                live = {"token": self.ctx.token(), "sessionId": self.sid}
                await ui.run_javascript(f"IC.live({json.dumps(live)})", timeout=30)
        except TimeoutError:  # the permission prompt left unanswered: typing still works
            log.info("media setup for session %s timed out", self.sid)
        if self.current is not None:
            ui.run_javascript(f"IC.setRecord({self.current.id})")

    def _on_media_ready(self, e: events.GenericEventArguments) -> None:
        self.mic = bool(e.args.get("audio"))
        self.media_status.text = self.t("interview.mic_ready") if self.mic else self.t("interview.mic_missing")

    def _on_media_error(self, e: events.GenericEventArguments) -> None:
        key = media_problem_key(str(e.args.get("name", "")))
        if e.args.get("partial") == "camera":
            self.video.visible = False
            self.media_status.text = self.t("interview.camera_unavailable")
            return
        self.mic = False
        self.media_status.text = self.t("interview.mic_missing")
        self.errors.show("media", self.t(key))

    def _speak(self, force: bool = False) -> None:
        if self.current is not None and (self.tts or force):
            ui.run_javascript(f"IC.speak({json.dumps(self.current.question_text)}, {json.dumps(self.language)})")

    async def _toggle_recording(self) -> None:
        if self.recording:
            self._stop_recording()
        else:
            await self._start_recording()

    async def _start_recording(self, auto: bool = False) -> None:
        if self.current is None or self.uploading:
            return
        if not self.mic:
            if not auto:
                ui.notify(self.t("interview.no_mic_type"), type="warning")
            self.answer_input.run_method("focus")
            return
        if self.timed and self.phase == "prep":
            self._start_answer_phase()
        self.finals, self.interim = [], ""
        # A retried question already has an answer, so its recording is submitted as it is transcribed.
        opts = {"submit": self.mode == "retry"}
        ui.run_javascript(f"IC.startAnswer({self.current.id}, {json.dumps(opts)})")

    def _on_recording(self, e: events.GenericEventArguments) -> None:
        if not e.args.get("ok"):
            ui.notify(self.t("interview.no_mic_type"), type="warning")
            return
        self.recording = True
        self.elapsed = 0
        self.record_button.text = self.t("interview.stop_answer")
        self.record_button.props("icon=stop color=negative")
        self.rec_indicator.visible = True
        self._render_timer()

    def _stop_recording(self) -> None:
        if not self.recording:
            return
        self.recording = False
        self.uploading = True
        self.record_button.text = self.t("interview.start_answer")
        self.record_button.props("icon=mic color=primary")
        self.record_button.disable()
        self.rec_indicator.visible = False
        self.uploading_spinner.visible = True
        self.live_label.text = self.t("interview.transcribing")
        ui.run_javascript("IC.stopAnswer()")

    def _on_live(self, e: events.GenericEventArguments) -> None:
        if self.current is None or e.args.get("record_id") not in (None, self.current.id):
            return
        text = str(e.args.get("text") or "").strip()
        if e.args.get("is_final"):
            if text:
                self.finals.append(text)
            self.interim = ""
        else:
            self.interim = text
        if self.recording:
            self.live_label.text = " ".join([*self.finals, self.interim]).strip()

    def _done_uploading(self) -> None:
        self.uploading = False
        self.uploading_spinner.visible = False
        self.record_button.enable()
        self.live_label.text = ""

    def _on_stt_final(self, e: events.GenericEventArguments) -> None:
        if self.current is None or e.args.get("record_id") not in (None, self.current.id):
            return
        self._done_uploading()
        if e.args.get("submitted"):
            ui.run_javascript("IC.stopSpeaking()")
            self._show_evaluating(self.current.id)
            return
        draft = str(e.args.get("draft_answer") or e.args.get("transcript") or "").strip()
        self.voice = dict(e.args)
        if not draft:
            ui.notify(self.t("interview.heard_nothing"), type="warning")
            return
        self.answer_input.value = merge_draft(self.answer_input.value or "", draft)
        self.voice["draft_answer"] = self.answer_input.value
        self.low_conf.visible = bool(e.args.get("low_confidence"))

    def _on_stt_error(self, e: events.GenericEventArguments) -> None:
        self._done_uploading()
        spoken = " ".join(self.finals).strip()
        if spoken and not (self.answer_input.value or "").strip():
            self.answer_input.value = spoken  # the live transcript is better than nothing
        code = str(e.args.get("error_code") or "")
        kind = "network" if code == "NETWORK" else "stt"
        key = f"errors.codes.{code}"
        message = self.t(key) if self.t.has(key) else str(e.args.get("error_message") or "")
        retry = (lambda: self._retry_upload()) if e.args.get("retry_available") else None
        self.errors.show(kind, message, retry=retry)

    def _retry_upload(self) -> None:
        self.uploading = True
        self.uploading_spinner.visible = True
        self.record_button.disable()
        ui.run_javascript("IC.upload()")

    # ---------------------------------------------------------------- submit and what follows
    async def _submit(self) -> None:
        if self.current is None or self.busy:  # one submit per click: a second click while sending is ignored
            return
        if self.recording:
            self._stop_recording()
            ui.notify(self.t("interview.wait_transcript"))
            return
        if self.uploading:
            ui.notify(self.t("interview.wait_transcript"))
            return
        text = (self.answer_input.value or "").strip()
        problem = "interview.empty_answer" if not text else (
            "interview.same_answer" if self.mode == "retry" and text == (self.current.answer_text or "").strip()
            else None)
        self.answer_error.visible = problem is not None
        if problem is not None:  # the same answer again would change nothing: the retry would come back
            self.answer_error.text = self.t(problem)
            self.answer_input.run_method("focus")
            return
        voice = self.voice
        unchecked = bool(voice and voice.get("low_confidence") and text == (voice.get("draft_answer") or "").strip())
        if unchecked and not await confirm(self.t, self.t("interview.confirm_title"),
                                           self.t("interview.confirm_low_confidence"), self.t("interview.submit_anyway")):
            return
        await self._send(self.current.id, text, voice)

    async def _send(self, record_id: int | None, text: str, voice: dict[str, Any] | None) -> None:
        assert record_id is not None
        if self.busy:
            return
        self.busy = True  # set before the first await, so a double-click's second event sees it
        self.submit_button.props("loading")
        self.submit_button.disable()
        try:
            async with self.ctx.db() as (db, user):
                transcript = None
                if voice is not None:  # keep what the recogniser stored; note whether the candidate edited it
                    rec, _ = await answers.owned_record(db, user, record_id)
                    transcript = {**(rec.transcript or {}),
                                  "edited": text != (voice.get("draft_answer") or "").strip()}
                await answers.submit_answer(db, user, record_id, text, transcript=transcript)
        except AppError as exc:
            if exc.error_code in ("SESSION_ENDED", "ANSWER_EXISTS"):
                ui.notify(error_text(self.t, exc), type="warning")
                await self.refresh()
                return
            self.answer_error.text = error_text(self.t, exc)
            self.answer_error.visible = True
            return
        except Exception:
            log.exception("submitting answer %s failed", record_id)
            self.errors.show("network", retry=lambda: self._send(record_id, text, voice))
            return
        finally:
            self.busy = False
            if self.mode in ("answer", "retry"):
                self.submit_button.props(remove="loading")
                self.submit_button.enable()
        ui.run_javascript(f"IC.stopSpeaking(); ICDraft.clear({record_id})")
        self._show_evaluating(record_id)

    async def _poll_verdict(self) -> None:
        if self.waiting_for is None:
            await self.refresh()
            return
        try:
            async with self.ctx.db() as (db, user):
                rec, _ = await answers.owned_record(db, user, self.waiting_for)
        except AppError:
            await self.refresh()
            return
        except Exception:
            log.warning("polling evaluation of %s failed", self.waiting_for, exc_info=True)
            return
        if rec.evaluation_status == "pending":
            if time.monotonic() - self.wait_started > SLOW_EVALUATION_SECONDS:
                self.slow_row.visible = True
            return
        if rec.evaluation_status == "failed":
            record_id, text = rec.id, rec.answer_text or ""
            self.mode = "paused"
            self.errors.show("ai", str((rec.evaluation or {}).get("error_message") or ""),
                             retry=lambda: self._send(record_id, text, None), on_close=self.refresh)
            return
        await self.refresh()

    async def _continue_without_verdict(self) -> None:
        async with self.ctx.db() as (db, user):
            self.records = await interviews.questions(db, user, self.sid)
        nxt = interviews.current_record(self.records)
        if nxt is None:
            self._show_end()
        else:
            self._show_question(nxt)

    async def _skip_retry(self) -> None:
        nxt = interviews.current_record(self.records)
        if nxt is None:
            self._show_end()
        else:
            self._show_question(nxt)

    async def _finish(self) -> None:
        try:
            async with self.ctx.db() as (db, user):
                await interviews.end_session(db, user, self.sid)
        except AppError as exc:
            self.errors.show("generic", error_text(self.t, exc))
            return
        except Exception:
            log.exception("ending session %s failed", self.sid)
            self.errors.show("network", retry=self._finish)
            return
        ui.run_javascript("IC.stopSpeaking(); IC.cancelAnswer(); IC.stopLive(); IC.close()")
        ui.navigate.to(f"/loading/{self.sid}")

    async def _end_early(self) -> None:
        if await confirm(self.t, self.t("interview.end_title"), self.t("interview.end_confirm"),
                         self.t("interview.end_ok"), danger=True):
            await self._finish()


@page("/interview/{session_id}")
async def interview_page(ctx: PageContext, session_id: int) -> RedirectResponse | None:
    try:
        async with ctx.db() as (db, user):
            s = await interviews.get_owned_session(db, user, session_id)
    except AppError:
        return RedirectResponse("/", status_code=303)
    if s.status != "in_progress":
        return RedirectResponse(f"/loading/{session_id}", status_code=303)
    with frame(ctx, "interview.title"):
        ui.label(f"{s.position} · {Translator(ctx.lang)('languages.' + s.language)}").classes("text-gray-600 -mt-3")
        screen = InterviewScreen(ctx, session_id, s.language, s.settings or {})
        screen.build()
    await ui.context.client.connected()
    await screen.refresh()
    await screen.start_media()
    return None
