"""Confirmation and error dialogs (never the browser's alert())."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from ui.i18n import Translator

DIALOG_KINDS = ("stt", "ai", "network", "media", "generic")


async def confirm(t: Translator, title: str, message: str, ok_label: str, *, danger: bool = False) -> bool:
    """Ask, and wait for the answer; closing the dialog means no."""
    with ui.dialog() as dialog, ui.card().classes("max-w-md").props('role="alertdialog"') as card:
        heading = ui.label(title).classes("text-lg font-semibold")
        text = ui.label(message)
        card.props(f'aria-labelledby="{heading.html_id}" aria-describedby="{text.html_id}"')  # a named dialog
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(t("common.cancel"), on_click=lambda: dialog.submit(False)).props("flat").mark("confirm-cancel")
            ui.button(ok_label, on_click=lambda: dialog.submit(True)) \
                .props(f"color={'negative' if danger else 'primary'}").mark("confirm-ok")
    result = await dialog
    dialog.clear()
    return bool(result)


class ErrorDialog:
    """One dialog per page for STT / AI / network failures, with Retry (when possible) and Close."""

    def __init__(self, t: Translator) -> None:
        self.t = t
        self._retry: Callable[[], Awaitable[Any] | Any] | None = None
        self._on_close: Callable[[], Awaitable[Any] | Any] | None = None
        with ui.dialog().props("persistent") as self.dialog, \
                ui.card().classes("max-w-md").props('role="alertdialog"').mark("error-dialog") as card:
            with ui.row().classes("items-center gap-2"):
                ui.icon("error_outline", color="negative", size="md")
                self.title = ui.label().classes("text-lg font-semibold").mark("error-title")
            self.message = ui.label().mark("error-message")
            card.props(f'aria-labelledby="{self.title.html_id}" aria-describedby="{self.message.html_id}"')
            self.hint = ui.label().classes("text-sm text-gray-600")
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(t("common.close"), on_click=self._close_clicked).props("flat").mark("error-close")
                self.retry_button = ui.button(t("common.retry"), icon="refresh", on_click=self._on_retry) \
                    .mark("error-retry")

    def show(self, kind: str, message: str = "", *, retry: Callable[[], Awaitable[Any] | Any] | None = None,
             on_close: Callable[[], Awaitable[Any] | Any] | None = None) -> None:
        """kind: stt | ai | network | media | generic (the title and hint come from errors.dialog.<kind>).

        `retry` runs on Retry (the button is hidden without it); `on_close` runs on Close only.
        """
        self.title.text = self.t(f"errors.dialog.{kind}.title")
        self.hint.text = self.t(f"errors.dialog.{kind}.hint")
        self.message.text = message
        self.message.visible = bool(message)
        self._retry, self._on_close = retry, on_close
        self.retry_button.visible = retry is not None
        self.dialog.open()

    def close(self) -> None:
        self.dialog.close()

    async def _close_clicked(self) -> None:
        self.dialog.close()
        await _call(self._on_close)

    async def _on_retry(self) -> None:
        self.dialog.close()
        await _call(self._retry)


async def _call(fn: Callable[[], Awaitable[Any] | Any] | None) -> None:
    if fn is not None:
        result = fn()
        if isinstance(result, Awaitable):
            await result
