"""Log in and sign up."""
from __future__ import annotations

from fastapi.responses import RedirectResponse
from nicegui import ui

from core.errors import AppError
from core.services import users
from db.engine import db_session
from ui.auth import PageContext, page, safe_next, sign_in
from ui.forms import (
    error_text,
    password_rules,
    password_toggle,
    required,
    username_rules,
)
from ui.theme import frame


@page("/login", public=True)
async def login_page(ctx: PageContext, next: str | None = None) -> RedirectResponse | None:
    t = ctx.t
    if ctx.user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    with frame(ctx, "auth.login_title"), ui.card().classes("w-full max-w-md self-center"):
        username = ui.input(t("auth.username"), validation=required(t)).props(
            'autocomplete=username autofocus').classes("w-full").mark("username")
        password = ui.input(t("auth.password"), password=True,
                            validation=required(t)).props("autocomplete=current-password") \
            .classes("w-full").mark("password")
        password_toggle(password, t)
        error = ui.label().classes("text-negative").props('role="alert"').mark("auth-error")
        error.visible = False

        async def submit() -> None:
            error.visible = False
            if not (username.validate() and password.validate()):
                return
            try:
                async with db_session() as db:
                    user = await users.authenticate(db, username.value, password.value)
            except AppError as exc:
                error.text = error_text(t, exc)
                error.visible = True
                return
            sign_in(user)
            ui.navigate.to(safe_next(next))

        password.on("keydown.enter", submit)
        username.on("keydown.enter", submit)
        ui.button(t("auth.login"), on_click=submit).classes("w-full").mark("login-submit")
        with ui.row().classes("gap-1 text-sm"):
            ui.label(t("auth.no_account"))
            ui.link(t("auth.signup_link"), "/signup")


@page("/signup", public=True)
async def signup_page(ctx: PageContext) -> None:
    t = ctx.t
    with frame(ctx, "auth.signup_title"), ui.card().classes("w-full max-w-md self-center"):
        username = ui.input(t("auth.username"), validation=username_rules(t)) \
            .props("autocomplete=username autofocus").classes("w-full").mark("username")
        ui.label(t("auth.username_hint")).classes("text-xs text-gray-600 -mt-2")
        full_name = ui.input(t("auth.full_name")).props("autocomplete=name").classes("w-full").mark("full-name")
        password = ui.input(t("auth.password"), password=True,
                            validation=password_rules(t)).props("autocomplete=new-password") \
            .classes("w-full").mark("password")
        password_toggle(password, t)
        confirm = ui.input(t("auth.password_confirm"), password=True,
                           validation={t("auth.password_mismatch"): lambda v: v == password.value}) \
            .props("autocomplete=new-password").classes("w-full").mark("password-confirm")
        error = ui.label().classes("text-negative").props('role="alert"').mark("auth-error")
        error.visible = False

        async def submit() -> None:
            error.visible = False
            if not all([username.validate(), password.validate(), confirm.validate()]):
                return
            try:
                async with db_session() as db:
                    user = await users.register(db, username=username.value.strip(), password=password.value,
                                                full_name=(full_name.value or "").strip())
                    user = await users.update_profile(db, user, ui_language=ctx.lang)
            except AppError as exc:
                error.text = error_text(t, exc)
                error.visible = True
                return
            sign_in(user)
            ui.notify(t("auth.welcome", name=user.full_name or user.username), type="positive")
            ui.navigate.to("/")

        confirm.on("keydown.enter", submit)
        ui.button(t("auth.signup"), on_click=submit).classes("w-full").mark("signup-submit")
        with ui.row().classes("gap-1 text-sm"):
            ui.label(t("auth.have_account"))
            ui.link(t("auth.login_link"), "/login")
