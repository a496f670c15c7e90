"""Pages (the interface issue fills these in)."""
from nicegui import ui


@ui.page("/")
def index() -> None:
    ui.label("AI Interview Coach").classes("text-2xl")
