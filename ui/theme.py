"""The shared page frame: header with navigation and language switch, a centred content column."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from core.services import users
from ui.auth import (
    LANG_KEY,
    USER_KEY,
    PageContext,
    SignedOut,
    end_all_sessions,
    sign_out,
    storage,
)
from ui.i18n import LANGUAGES

BRAND = "bg-indigo-700"
PRIMARY = "#4338ca"  # indigo-700: the header and the buttons share one colour


def _nav_items(ctx: PageContext) -> list[tuple[str, str]]:
    if ctx.user is None:
        return [("/login", "nav.login"), ("/signup", "nav.signup")]
    items = [("/", "nav.home"), ("/history", "nav.history"), ("/device-check", "nav.device"),
             ("/account", "nav.account")]
    if ctx.is_admin:
        items.append(("/admin", "nav.admin"))
    return items


async def switch_language(ctx: PageContext, lang: str) -> None:
    """Remember the choice in the browser session and, when logged in, in the profile."""
    storage()[LANG_KEY] = lang
    if ctx.user is not None:
        try:
            async with ctx.db() as (db, user):
                await users.update_profile(db, user, ui_language=lang)
        except SignedOut:
            sign_out()
    ui.navigate.reload()


async def _logout(ctx: PageContext) -> None:
    """Log out everywhere: this browser's tabs and the account's other browsers and tokens."""
    try:
        async with ctx.db() as (db, user):
            await end_all_sessions(db, user)
    except SignedOut:
        pass  # already signed out elsewhere
    sign_out()
    ui.navigate.to("/login")


def _watch_sign_out(ctx: PageContext) -> None:
    """Another tab of this browser logged out: leave this page too (a memory read, no database poll)."""
    if ctx.user is None:
        return
    store, uid = storage(), ctx.user_id

    def check() -> None:
        if store.get(USER_KEY) != uid:
            ui.navigate.to("/login")

    ui.timer(2.0, check)


def _on_page_error(exc: Exception) -> None:
    """An action after this account was signed out (here, in another tab or by a password change)."""
    if isinstance(exc, SignedOut):
        sign_out()
        ui.navigate.to("/login")


def localize_shell(ctx: PageContext) -> None:
    """<html lang> and NiceGUI's own reconnect banner in the UI language."""
    # data-loading-label names Quasar's loading bar (ui/static/a11y.js)
    ui.query("html").props(f'lang="{ctx.lang}" data-loading-label="{ctx.t("app.loading")}"')
    lost, retrying = ctx.t("app.connection_lost"), ctx.t("app.reconnecting")
    ui.add_body_html(
        "<script>document.addEventListener('DOMContentLoaded',()=>{const s=document.querySelectorAll("
        f"'#popup span');if(s.length>1){{s[0].textContent={_js(lost)};s[1].textContent={_js(retrying)};}}"
        "const p=document.getElementById('popup');if(p){p.setAttribute('role','status');}});</script>")


def _js(text: str) -> str:
    import json

    return json.dumps(text).replace("</", "<\\/")


def _language_toggle(ctx: PageContext) -> None:
    other = next(lang for lang in LANGUAGES if lang != ctx.lang)
    ui.button(ctx.t(f"lang.switch_to_{other}"), on_click=lambda: switch_language(ctx, other)) \
        .props(f'flat dense no-caps color=white lang="{other}" title="{ctx.t("lang.switch_label")}"') \
        .classes("text-weight-regular").mark("lang-switch")


def header(ctx: PageContext) -> None:
    with ui.header().classes(f"{BRAND} items-center gap-2 px-3 py-2 no-print"):
        ui.link(ctx.t("app.name"), "/").classes("text-white text-lg font-bold no-underline mr-auto") \
            .props(f'aria-label="{ctx.t("app.name")}"')
        here = ui.context.client.request.url.path
        with ui.row().classes("gt-xs items-center gap-1"):
            for href, key in _nav_items(ctx):
                link = ui.link(ctx.t(key), href).classes("text-white no-underline px-2 py-1 rounded hover:bg-indigo-600")
                if href == here:
                    link.classes("bg-indigo-900").props('aria-current="page"')
            if ctx.user is not None:
                ui.button(ctx.t("nav.logout"), on_click=lambda: _logout(ctx)).props("flat dense no-caps color=white") \
                    .classes("text-weight-regular").mark("logout")
        _language_toggle(ctx)
        menu_button = ui.button(icon="menu").props(
            f'flat round dense color=white aria-label="{ctx.t("nav.menu")}"').classes("lt-sm")
        with menu_button, ui.menu():
            for href, key in _nav_items(ctx):
                ui.menu_item(ctx.t(key), lambda h=href: ui.navigate.to(h))
            if ctx.user is not None:
                ui.menu_item(ctx.t("nav.logout"), lambda: _logout(ctx))


@contextmanager
def frame(ctx: PageContext, title_key: str, *, wide: bool = False) -> Iterator[ui.column]:
    """Header, page title and a content column; use as `with frame(ctx, "landing.title"):`."""
    ui.page_title(f'{ctx.t(title_key)} · {ctx.t("app.name")}')
    ui.colors(primary=PRIMARY)
    localize_shell(ctx)
    ui.on_exception(_on_page_error)
    _watch_sign_out(ctx)
    header(ctx)
    width = "max-w-6xl" if wide else "max-w-4xl"
    with ui.column().classes(f"w-full {width} mx-auto p-3 sm:p-6 gap-4") as column:
        ui.label(ctx.t(title_key)).classes("text-2xl font-bold").props('role="heading" aria-level="1"')
        yield column


def forbidden(ctx: PageContext) -> None:
    with frame(ctx, "errors.forbidden_title"):
        ui.label(ctx.t("errors.forbidden")).mark("forbidden")
        ui.link(ctx.t("nav.home"), "/")


def section(title: str) -> ui.card:
    """A titled card; use as `with section("..."):`."""
    card = ui.card().classes("w-full")
    with card:
        ui.label(title).classes("text-lg font-semibold").props('role="heading" aria-level="2"')
    return card
