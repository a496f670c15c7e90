"""Field rules shared by the forms, taken from the settings the API validates with."""
from __future__ import annotations

import re
from collections.abc import Callable

from nicegui import ui

from core.config import settings
from core.errors import AppError
from ui.i18n import Translator

_USERNAME = re.compile(settings.username_pattern)


def username_ok(value: str | None) -> bool:
    return bool(value) and bool(_USERNAME.match(value.strip()))


def password_ok(value: str | None) -> bool:
    return bool(value) and len(value) >= settings.password_min_length


def username_rules(t: Translator) -> dict[str, Callable[[str], bool]]:
    return {t("auth.username_rule"): username_ok}


def password_rules(t: Translator) -> dict[str, Callable[[str], bool]]:
    return {t("auth.password_rule", n=settings.password_min_length): password_ok}


def required(t: Translator) -> dict[str, Callable[[str], bool]]:
    return {t("forms.required"): lambda v: bool(v and str(v).strip())}


def error_text(t: Translator, exc: AppError) -> str:
    """A service error in the UI language: by its code when we have a text for it, else its message."""
    key = f"errors.codes.{exc.error_code}"
    return t(key) if t.has(key) else exc.message


def password_toggle(field: ui.input, t: Translator) -> ui.input:
    """A show/hide button that is a real, named, keyboard-reachable button (Quasar's own eye icon is not)."""
    with field.add_slot("append"):
        button = ui.button(icon="visibility").props(
            f'flat round dense aria-label="{t("auth.show_password")}" aria-pressed="false"')

    def toggle() -> None:
        shown = field.props.get("type") == "password"
        field.props(f'type={"text" if shown else "password"}')
        button.props(f'icon={"visibility_off" if shown else "visibility"} aria-pressed={str(shown).lower()}')

    button.on_click(toggle)
    return field
