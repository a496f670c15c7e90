"""NiceGUI pages, mounted on the API's FastAPI app."""
from __future__ import annotations

import importlib
from pathlib import Path

from fastapi import FastAPI
from nicegui import app as nicegui_app
from nicegui import ui

from core.config import settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_URL = "/ui-assets"  # API routes own the root paths; this one is free


def use_storage_dir() -> None:
    """Keep NiceGUI's per-user storage under the data dir, not in the current directory."""
    from nicegui.storage import Storage

    path = (settings.data_dir / "ui-storage").resolve()
    if Storage.path != path:
        Storage.path = path
        nicegui_app.storage = Storage()


def register_assets() -> None:
    """Static JS/CSS for every page (browser media code, print styles)."""
    nicegui_app.add_static_files(STATIC_URL, STATIC_DIR)
    for element in (ui.button, ui.toggle, ui.tabs):  # Korean has no case; English reads better as written
        element.default_props("no-caps")
    ui.add_head_html(f'<link rel="stylesheet" href="{STATIC_URL}/app.css">'
                     f'<script src="{STATIC_URL}/media.js"></script>'
                     f'<script src="{STATIC_URL}/draft.js"></script>'
                     f'<script src="{STATIC_URL}/a11y.js"></script>', shared=True)


def register_pages() -> None:
    importlib.import_module("ui.pages")  # each page module registers its routes on import
    importlib.import_module("ui.pages.errors").install()


def init(app: FastAPI) -> None:
    use_storage_dir()
    register_assets()
    register_pages()
    ui.run_with(app, title="AI Interview Coach", mount_path="/", storage_secret=settings.storage_secret,
                show_welcome_message=False, favicon="🎤",
                reconnect_timeout=settings.ui_reconnect_timeout_seconds)
