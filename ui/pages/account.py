"""The candidate's own account: name, language, password, a copy of their data, erasure."""
from __future__ import annotations

import logging

from nicegui import ui

from core.config import settings
from core.errors import AppError
from core.services import interviews, users
from core.services.export import export_user_data
from ui.auth import PageContext, page, sign_in, sign_out
from ui.components.dialogs import confirm
from ui.forms import error_text, password_rules, required
from ui.i18n import LANGUAGES
from ui.theme import frame, section, switch_language

log = logging.getLogger(__name__)


@page("/account")
async def account_page(ctx: PageContext) -> None:
    t = ctx.t
    assert ctx.user is not None
    with frame(ctx, "account.title"):
        with section(t("account.profile")):
            ui.label(t("account.username", name=ctx.user.username)).classes("text-sm text-gray-700")
            full_name = ui.input(t("auth.full_name"), value=ctx.user.full_name).props("maxlength=200") \
                .classes("w-full").mark("full-name")

            async def save_name() -> None:
                async with ctx.db() as (db, user):
                    await users.update_profile(db, user, full_name=(full_name.value or "").strip())
                ui.notify(t("account.saved"), type="positive")

            ui.button(t("common.save"), on_click=save_name).mark("save-name")
        with section(t("account.language")):
            ui.select({lang: t(f"languages.{lang}") for lang in LANGUAGES}, value=ctx.lang,
                      label=t("account.ui_language"),
                      on_change=lambda e: switch_language(ctx, e.value) if e.value != ctx.lang else None) \
                .classes("w-60").mark("ui-language")
        with section(t("account.password")):
            old = ui.input(t("account.old_password"), password=True, validation=required(t)) \
                .props("autocomplete=current-password").classes("w-full").mark("old-password")
            new = ui.input(t("account.new_password"), password=True, validation=password_rules(t)) \
                .props("autocomplete=new-password").classes("w-full").mark("new-password")

            async def change() -> None:
                if not (old.validate() and new.validate()):
                    return
                try:
                    async with ctx.db() as (db, user):
                        # change_password revokes every token: other tabs and browsers are signed out...
                        await users.change_password(db, user, old.value, new.value, settings.password_min_length)
                        await db.refresh(user)
                        sign_in(user)  # ...and this one carries on under the new token version
                except AppError as exc:
                    ui.notify(error_text(t, exc), type="negative")
                    return
                old.value = new.value = ""
                ui.notify(t("account.password_changed"), type="positive")

            ui.button(t("account.change_password"), on_click=change).mark("change-password")
        with section(t("account.data")):
            ui.label(t("account.data_hint")).classes("text-sm")

            async def download() -> None:
                async with ctx.db() as (db, user):
                    data = await export_user_data(db, user)
                    name = user.username
                ui.download.content(data, f"interview-coach-{name}.json", "application/json")

            ui.button(t("account.download"), icon="download", on_click=download).mark("download-data")
        with section(t("account.danger")):
            async def delete_sessions() -> None:
                if not await confirm(t, t("account.delete_sessions"), t("account.delete_sessions_confirm"),
                                     t("common.delete"), danger=True):
                    return
                async with ctx.db() as (db, user):
                    sessions = await interviews.list_sessions(db, user, limit=10_000)
                    for s in sessions:
                        await interviews.delete_session(db, user, s.id)
                ui.notify(t("account.sessions_deleted", n=len(sessions)), type="positive")

            ui.button(t("account.delete_sessions"), icon="delete_sweep", on_click=delete_sessions) \
                .props("outline color=negative").mark("delete-sessions")
            ui.label(t("account.delete_account_hint")).classes("text-sm")
            confirm_name = ui.input(t("account.type_username")).classes("w-full").mark("confirm-username")

            async def delete_account() -> None:
                if (confirm_name.value or "").strip() != ctx.user.username:  # type: ignore[union-attr]
                    ui.notify(t("account.username_mismatch"), type="warning")
                    return
                if not await confirm(t, t("account.delete_account"), t("account.delete_account_confirm"),
                                     t("common.delete"), danger=True):
                    return
                try:
                    async with ctx.db() as (db, user):
                        await users.delete_account(db, user)
                except AppError as exc:
                    ui.notify(error_text(t, exc), type="negative")
                    return
                sign_out()
                ui.navigate.to("/login")

            ui.button(t("account.delete_account"), icon="person_remove", on_click=delete_account) \
                .props("color=negative").mark("delete-account")
