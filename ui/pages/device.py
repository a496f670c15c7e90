"""Check the camera and microphone before an interview; camera is opt-in and what is analysed is said plainly."""
from __future__ import annotations

import json

from nicegui import app, events, ui

from core.config import settings
from core.errors import AppError
from core.services import interviews
from ui.auth import PageContext, page
from ui.i18n import Translator
from ui.theme import frame, section

DEVICE_TIPS = ("tip_quiet", "tip_headset", "tip_browser", "tip_typing")
CAMERA_KEY = "camera"
TTS_KEY = "tts"
# getUserMedia error names -> i18n key of the explanation
MEDIA_ERRORS = {"NotAllowedError": "denied", "SecurityError": "denied", "PermissionDeniedError": "denied",
                "NotFoundError": "not_found", "DevicesNotFoundError": "not_found", "OverconstrainedError": "not_found",
                "NotReadableError": "busy", "TrackStartError": "busy", "AbortError": "busy",
                "InsecureContextError": "insecure", "NotSupportedError": "unsupported"}


def camera_opt_in() -> bool:
    return bool(app.storage.user.get(CAMERA_KEY, False))


def media_problem_key(name: str) -> str:
    return f"device.problem.{MEDIA_ERRORS.get(name, 'other')}"


def privacy_text(ctx: PageContext) -> str:
    key = "device.privacy_frames_kept" if settings.store_raw_frames else "device.privacy"
    return ctx.t(key, seconds=f"{settings.emotion_frame_interval_seconds:g}")


@page("/device-check")
async def device_page(ctx: PageContext, session_id: int | None = None) -> None:
    t = ctx.t
    interview_language = ctx.lang
    if session_id is not None:
        try:
            async with ctx.db() as (db, user):
                interview_language = (await interviews.get_owned_session(db, user, session_id)).language
        except AppError:
            session_id = None
    with frame(ctx, "device.title"):
        ui.label(t("device.intro")).classes("text-gray-700")
        controls = ui.column().classes("w-full gap-2")  # filled below, once the parts it drives exist
        with section(t("device.camera")):
            ui.label(privacy_text(ctx)).classes("text-sm").mark("privacy")
            camera = ui.switch(t("device.camera_opt_in"), value=camera_opt_in()).mark("camera-opt-in")

            def remember_camera(e: events.ValueChangeEventArguments) -> None:
                app.storage.user[CAMERA_KEY] = bool(e.value)

            camera.on_value_change(remember_camera)
            video = ui.element("video").classes("ic-video").props('autoplay muted playsinline aria-hidden="true"')
            video.bind_visibility_from(camera, "value")
        with section(t("device.microphone")):
            ui.label(t("device.mic_hint")).classes("text-sm")
            with ui.element("div").classes("ic-meter").props(
                    f'role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0" '
                    f'aria-label="{t("device.level")}"') as meter:
                bar = ui.element("div").mark("mic-level")
            # Screen readers read the level too: the bar's width (drawn by media.js) mirrored into aria-valuenow.
            ui.timer(1.0, lambda: ui.run_javascript(
                f"(() => {{const m = document.getElementById('{meter.html_id}'), b = document.getElementById("
                f"'{bar.html_id}'); if (m && b) m.setAttribute('aria-valuenow', "
                f"String(Math.round(parseFloat(b.style.width) || 0)));}})()"))

        with controls:
            buttons = ui.row().classes("gap-2 flex-wrap")
            status = ui.label(t("device.not_started")).props('role="status" aria-live="polite"') \
                .mark("device-status")
            problem = ui.label().classes("text-negative").props('role="alert"').mark("device-problem")
            problem.visible = False

        async def run_check() -> None:
            problem.visible = False
            status.text = t("device.asking")
            opts = {"camera": bool(camera.value), "videoId": video.html_id}
            try:
                ok = await ui.run_javascript(f"IC.open({json.dumps(opts)})", timeout=120)
            except TimeoutError:
                status.text = t("device.no_answer")
                return
            if ok:
                ui.run_javascript(f"IC.meter({json.dumps(bar.html_id)})")

        def on_ready(e: events.GenericEventArguments) -> None:
            parts = [t("device.mic_ok") if e.args.get("audio") else t("device.mic_missing")]
            if camera.value:
                parts.append(t("device.camera_ok") if e.args.get("video") else t("device.camera_missing"))
            status.text = " · ".join(parts)

        def on_error(e: events.GenericEventArguments) -> None:
            name = str(e.args.get("name", ""))
            prefix = t("device.camera_failed") + " " if e.args.get("partial") == "camera" else ""
            problem.text = prefix + t(media_problem_key(name))
            problem.visible = True
            if not e.args.get("partial"):
                status.text = t("device.failed")

        ui.on("ic_media_ready", on_ready)
        ui.on("ic_media_error", on_error)
        with buttons:
            ui.button(t("device.start_check"), icon="mic", on_click=run_check).mark("start-check")
            sample = Translator(interview_language)("device.voice_sample")
            ui.button(t("device.test_voice"), icon="record_voice_over",
                      on_click=lambda: ui.run_javascript(f"IC.speak({json.dumps(sample)}, "
                                                         f"{json.dumps(interview_language)})")) \
                .props("outline").mark("test-voice")
        with section(t("device.tips_title")):
            for key in DEVICE_TIPS:
                ui.label("• " + t(f"device.{key}")).classes("text-sm")
        if session_id is not None:
            ui.button(t("device.continue"), icon="arrow_forward",
                      on_click=lambda: ui.navigate.to(f"/interview/{session_id}")) \
                .props("size=lg").mark("continue")
        else:
            ui.link(t("nav.home"), "/")
