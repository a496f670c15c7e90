"""The candidate's answer with the coaching where it happened: key-point phrases highlighted, misconceptions
marked with their correction beside them (like Interview Warmup's highlighted insights)."""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from nicegui import ui

from core.scoring import passing
from ui.i18n import Translator


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # key_point | misconception
    label: str
    correction: str


def spans(answer: str, evaluation: dict[str, Any]) -> list[Span]:
    """Valid, non-overlapping highlight spans in answer order.

    Older evaluations have no `highlights`; a misconception's `quote` is then found in the text instead.
    """
    found: list[Span] = []
    for h in evaluation.get("highlights") or []:
        if not isinstance(h, dict):
            continue
        try:
            start, end = int(h.get("start")), int(h.get("end"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        kind = "misconception" if h.get("kind") == "misconception" else "key_point"
        if 0 <= start < end <= len(answer):
            found.append(Span(start, end, kind, str(h.get("label") or ""), str(h.get("correction") or "")))
    marked = {s.label for s in found if s.kind == "misconception"}
    for m in evaluation.get("misconceptions") or []:
        if not isinstance(m, dict) or str(m.get("claim") or "") in marked:
            continue
        quote = str(m.get("quote") or "").strip()
        at = answer.find(quote) if quote else -1
        if at >= 0:
            found.append(Span(at, at + len(quote), "misconception", str(m.get("claim") or ""),
                              str(m.get("correction") or "")))
    out: list[Span] = []
    for s in sorted(found, key=lambda s: (s.start, -(s.end - s.start))):
        if not out or s.start >= out[-1].end:  # overlaps: the earlier (longer) phrase wins
            out.append(s)
    return out


def marked_html(t: Translator, answer: str, items: list[Span], *, praised: bool = True) -> str:
    """Escaped answer text with <mark>s; each mark says what it is to screen readers too."""
    parts: list[str] = []
    pos = 0
    for n, s in enumerate(items, 1):
        parts.append(html.escape(answer[pos:s.start]))
        what = t(_key_point_keys(praised)[0], label=s.label) if s.kind == "key_point" else t(
            "result.hl_misconception", label=s.label)
        css = "ic-hl-key" if s.kind == "key_point" else "ic-hl-mis"
        parts.append(f'<mark class="{css}">{html.escape(answer[s.start:s.end])}'
                     f'<sup aria-hidden="true">{n}</sup><span class="ic-sr">({html.escape(what)})</span></mark>')
        pos = s.end
    parts.append(html.escape(answer[pos:]))
    return "".join(parts)


def _key_point_keys(praised: bool) -> tuple[str, str]:
    """A key-point mark's text for screen readers and its note's title: covered, or only touched on."""
    if praised:
        return "result.hl_key_point", "result.hl_key_point_title"
    return "result.hl_key_point_touched", "result.hl_key_point_touched_title"


def credited(evaluation: dict[str, Any]) -> bool:
    """Whether the answer's key points are shown as covered: a failing verdict only touched on them (its feedback
    says "you brought up …, but not in a way that shows you understand it yet"), and a green "Key point covered" beside
    an F told the candidate the opposite."""
    overall = evaluation.get("overall")
    return not isinstance(overall, (int, float)) or passing(overall)


def annotated_answer(t: Translator, answer: str, evaluation: dict[str, Any] | None, *, marker: str = "") -> int:
    """The answer text with its highlights and, beside it, what each one means. Returns the mark count."""
    items = spans(answer, evaluation or {})
    praised = credited(evaluation or {})
    with ui.element("div").classes("ic-annotated w-full") as box:
        if marker:
            box.mark(marker)
        ui.html(marked_html(t, answer, items, praised=praised), sanitize=False).classes(
            "ic-answer text-sm whitespace-pre-wrap bg-gray-50 p-2 rounded")
        if items:
            with ui.element("ol").classes("ic-notes text-sm").props(f'aria-label="{t("result.hl_notes")}"'):
                for n, s in enumerate(items, 1):
                    with ui.element("li").classes(f"ic-note-{s.kind}").mark(f"{marker}-note-{s.kind}"):
                        ui.label(f"{n}").classes("ic-note-n").props('aria-hidden="true"')
                        with ui.column().classes("gap-0"):
                            if s.kind == "key_point":
                                ui.label(t(_key_point_keys(praised)[1])).classes("font-semibold ic-key-text")
                                ui.label(s.label)
                            else:
                                ui.label(t("result.hl_misconception_title")).classes("font-semibold ic-mis-text")
                                if s.label:
                                    ui.label(s.label).classes("line-through decoration-1")
                                if s.correction:
                                    ui.label(t("result.hl_correction", text=s.correction)).classes(
                                        "ic-correction")
    return len(items)
