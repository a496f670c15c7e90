"""NiceGUI pages, mounted on the API's FastAPI app."""
from __future__ import annotations

from fastapi import FastAPI
from nicegui import ui

from core.config import settings


def init(app: FastAPI) -> None:
    from ui import pages  # noqa: F401  (registers the @ui.page routes)

    ui.run_with(app, title="AI Interview Coach", mount_path="/", storage_secret=settings.secret_key,
                show_welcome_message=False, favicon="🎤")
