"""Our pages on NiceGUI's own app, for the `user` page tests (run by nicegui.testing's user_simulation)."""
import importlib
import sys

from nicegui import ui

from core.config import settings

# Page routes register on import; other tests may have imported the modules already, so import them afresh.
for name in [m for m in sys.modules if m == "ui" or m.startswith("ui.")]:
    del sys.modules[name]
site = importlib.import_module("ui")  # this project's ui package (not nicegui.ui)
site.use_storage_dir()
site.register_assets()
site.register_pages()
ui.run(storage_secret=settings.secret_key, show_welcome_message=False)
