"""Admin dashboard: overview, users, sessions, question-bank editor, system health (admin role only)."""
from __future__ import annotations

import json
import logging
from typing import Any

from nicegui import events, ui
from pydantic import ValidationError

from core.api.admin import QuestionIn, QuestionUpdate
from core.doctor import collect
from core.errors import AppError
from core.services import bank, interviews, users
from core.services.health import health
from core.services.stats import admin_overview
from db.models import BankQuestionRow
from ui.auth import PageContext, admin_db, page
from ui.components import charts
from ui.components.bank_form import (
    format_key_points,
    format_misconceptions,
    format_premise,
    parse_key_points,
    parse_list,
    parse_misconceptions,
    parse_premise,
)
from ui.data import POSITION_PRESETS, session_overall, when
from ui.forms import error_text
from ui.i18n import LANGUAGES, Translator
from ui.theme import frame, section

log = logging.getLogger(__name__)
ALL = "all"
USER_COLUMNS = ("id", "username", "full_name", "role", "ui_language", "created")
SESSION_COLUMNS = ("id", "user_name", "position", "language", "status", "overall", "created")


# The editor's fields by the model's field name, for validation messages in the UI language.
FIELD_LABELS = {"key": "admin.key_optional", "text": "admin.text", "category": "admin.category",
                "key_points": "admin.key_points", "misconceptions": "admin.misconceptions", "premise": "admin.premise",
                "model_answer": "admin.model_answer",
                "follow_ups": "admin.follow_ups", "tags": "admin.tags", "difficulty": "landing.difficulty"}


def validation_messages(t: Translator, exc: ValidationError) -> dict[str, str]:
    """{field: message in the UI language}; pydantic's own English text never reaches the page."""
    out: dict[str, str] = {}
    for e in exc.errors():
        field = str(e["loc"][0]) if e["loc"] else ""
        ctx = e.get("ctx") or {}
        key = f"admin.rules.{e.get('type', '')}"
        values = {k: ctx[k] for k in ("min_length", "max_length", "ge", "le") if k in ctx}
        out.setdefault(field, t(key, **values) if t.has(key) else t("admin.rules.other"))
    return out


def enum_word(t: Translator, group: str, value: Any) -> str:
    """An enum value as a word ("completed" -> "Completed"); unknown values are shown as they are."""
    key = f"{group}.{value}"
    return t(key) if t.has(key) else str(value)


def table_texts(t: Translator) -> str:
    """Quasar's table chrome ("Records per page", "1-15 of 80", "No data") in the UI language."""
    of = t("admin.table_of")
    return (f'rows-per-page-label="{t("admin.rows_per_page")}" no-data-label="{t("admin.no_data")}" '
            f'no-results-label="{t("admin.no_results")}" '
            ':pagination-label="(first, last, total) => first + \'-\' + last + \' ' + of + ' \' + total"')


def _overview(t: Translator, data: dict[str, Any]) -> None:
    with ui.row().classes("w-full gap-4 flex-wrap"):
        for label, value in ((t("admin.users_count"), data["users"]),
                             (t("admin.sessions_in_progress"), data["sessions_by_status"].get("in_progress", 0)),
                             (t("admin.sessions_completed"), data["sessions_by_status"].get("completed", 0)),
                             (t("admin.evaluations_done"), data["evaluations_by_status"].get("done", 0)),
                             (t("admin.evaluations_failed"), data["evaluations_by_status"].get("failed", 0))):
            with ui.card().classes("min-w-[9rem] items-center"):
                ui.label(str(value)).classes("text-2xl font-bold")
                ui.label(label).classes("text-xs text-gray-600 text-center")
    hist = data["score_histogram"]
    if hist:
        ui.label(t("admin.score_distribution")).classes("font-semibold mt-2")
        ui.echart(charts.bars([h["range"] for h in hist], [h["count"] for h in hist], t("admin.answers"),
                              maximum=None)).classes("w-full h-64").mark("score-histogram")
    positions = data["sessions_by_position"]
    if positions:
        ui.label(t("admin.by_position")).classes("font-semibold mt-2")
        ui.echart(charts.bars([t(f"positions.{p}") if t.has(f"positions.{p}") else p for p in positions],
                              list(positions.values()), t("admin.sessions"), maximum=None)) \
            .classes("w-full h-56")


class BankEditor:
    """List / filter / edit / retire / add questions of the bank."""

    COLUMNS = ("key", "language", "position", "difficulty", "kind", "text", "origin", "retired")

    def __init__(self, ctx: PageContext) -> None:
        self.ctx, self.t = ctx, ctx.t

    def build(self) -> None:
        t = self.t
        with ui.row().classes("w-full gap-3 items-end flex-wrap"):
            self.language = ui.select({ALL: t("admin.all"), **{x: t(f"languages.{x}") for x in LANGUAGES}},
                                      value=ALL, label=t("admin.language"), on_change=self.load) \
                .classes("w-36").mark("bank-language")
            self.position = ui.select({ALL: t("admin.all"), **{p: t(f"positions.{p}") for p in POSITION_PRESETS}},
                                      value=ALL, label=t("admin.position"), on_change=self.load) \
                .classes("w-44").mark("bank-position")
            self.retired = ui.checkbox(t("admin.include_retired"), on_change=self.load).mark("bank-retired")
            self.search = ui.input(t("admin.search")).props("clearable").classes("w-56").mark("bank-search")
            ui.button(t("admin.add_question"), icon="add", on_click=lambda: self.open_editor(None)) \
                .mark("bank-add")
        columns = [{"name": c, "label": t(f"admin.col_{c}"), "field": c, "align": "left",
                    "sortable": c != "text"} for c in self.COLUMNS] + \
                  [{"name": "actions", "label": t("admin.col_actions"), "field": "id", "align": "right"}]
        # At phone width the table becomes a list of cards (Quasar's grid mode), one question per card.
        self.table = ui.table(columns=columns, rows=[], row_key="id", pagination=15) \
            .classes("w-full").props(f'dense wrap-cells flat bordered {table_texts(t)} '
                                     ':grid="window.innerWidth < 700"').mark("bank-table")
        self.table.bind_filter_from(self.search, "value")
        edit_label = t("admin.edit")
        self.table.add_slot("body-cell-actions", f'''
            <q-td :props="props">
              <q-btn flat dense round icon="edit" aria-label="{edit_label}" title="{edit_label}"
                     @click="() => $parent.$emit('edit', props.row.id)" />
            </q-td>''')
        self.table.add_slot("body-cell-text", '''
            <q-td :props="props"><div style="max-width: 28rem; white-space: normal">{{ props.value }}</div></q-td>''')
        self.table.add_slot("item", '''
            <div class="q-pa-xs col-12">
              <q-card flat bordered>
                <q-card-section class="q-pb-none">
                  <div class="text-caption text-grey-9">{{ props.row.key }} · {{ props.row.language }}
                    · {{ props.row.position }} · {{ props.row.difficulty }} · {{ props.row.kind }}
                    <span v-if="props.row.retired"> · {{ props.row.retired }}</span></div>
                  <div class="q-mt-xs">{{ props.row.text }}</div>
                </q-card-section>
                <q-card-actions align="right">
                  <q-btn flat dense no-caps icon="edit" label="''' + edit_label + '''"
                         @click="() => $parent.$emit('edit', props.row.id)" />
                </q-card-actions>
              </q-card>
            </div>''')
        self.table.on("edit", lambda e: self.open_editor(int(e.args)))

    async def load(self) -> None:
        async with admin_db(self.ctx.user_id) as (db, _):
            rows = await bank.list_questions(
                db, language=None if self.language.value == ALL else self.language.value,
                position=None if self.position.value == ALL else self.position.value,
                include_retired=bool(self.retired.value), limit=2000)
        t = self.t
        self.table.rows = [{"id": r.id, "key": r.key, "language": enum_word(t, "languages", r.language),
                            "position": enum_word(t, "positions", r.position),
                            "difficulty": enum_word(t, "difficulty", r.difficulty),
                            "kind": enum_word(t, "admin.kinds", r.kind), "text": r.text,
                            "origin": enum_word(t, "admin.origins", r.origin),
                            "retired": t("admin.col_retired") if r.retired else ""} for r in rows]
        self.table.update()

    async def open_editor(self, question_id: int | None) -> None:
        t = self.t
        row: BankQuestionRow | None = None
        if question_id is not None:  # always edit the current version, not the table's copy
            async with admin_db(self.ctx.user_id) as (db, _):
                row = await bank.get_question(db, question_id)
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-2xl").mark("bank-dialog") as card:
            heading = ui.label(t("admin.edit_question") if row else t("admin.add_question")) \
                .classes("text-lg font-semibold")
            card.props(f'role="dialog" aria-labelledby="{heading.html_id}"')
            if row is None:
                with ui.row().classes("w-full gap-3 flex-wrap"):
                    language = ui.select({x: t(f"languages.{x}") for x in LANGUAGES}, value="ko",
                                         label=t("admin.language")).classes("w-36")
                    position = ui.select({p: t(f"positions.{p}") for p in POSITION_PRESETS}, value="backend",
                                         label=t("admin.position")).classes("w-44")
                    kind = ui.select({"technical": t("interview.kind_technical"),
                                      "behavioral": t("interview.kind_behavioral")}, value="technical",
                                     label=t("admin.col_kind")).classes("w-36")
                    key = ui.input(t("admin.key_optional")).classes("w-56").mark("q-key")
            else:
                ui.label(f'{row.key} · {enum_word(t, "languages", row.language)} · '
                         f'{enum_word(t, "positions", row.position)} · v{row.version}').classes("text-sm")
            text = ui.textarea(t("admin.text"), value=row.text if row else "").props("autogrow") \
                .classes("w-full").mark("q-text")
            category = ui.input(t("admin.category"), value=row.category if row else "").classes("w-full") \
                .mark("q-category")
            with ui.row().classes("items-center gap-2"):
                ui.label(t("landing.difficulty")).classes("text-sm")
                difficulty = ui.toggle({1: t("difficulty.1"), 2: t("difficulty.2"), 3: t("difficulty.3")},
                                       value=row.difficulty if row else 2).mark("q-difficulty")
            key_points = ui.textarea(t("admin.key_points"), value=format_key_points(row.key_points) if row else "") \
                .props("autogrow").classes("w-full").mark("q-key-points")
            ui.label(t("admin.key_points_hint")).classes("text-xs text-gray-600 -mt-2")
            misconceptions = ui.textarea(
                t("admin.misconceptions"), value=format_misconceptions(row.misconceptions) if row else "") \
                .props("autogrow").classes("w-full").mark("q-misconceptions")
            ui.label(t("admin.misconceptions_hint")).classes("text-xs text-gray-600 -mt-2")
            premise = ui.textarea(t("admin.premise"), value=format_premise(row.premise) if row else "") \
                .props("autogrow").classes("w-full").mark("q-premise")
            ui.label(t("admin.premise_hint")).classes("text-xs text-gray-600 -mt-2")
            model_answer = ui.textarea(t("admin.model_answer"), value=(row.model_answer or "") if row else "") \
                .props("autogrow").classes("w-full").mark("q-model-answer")
            follow_ups = ui.textarea(t("admin.follow_ups"), value="\n".join(row.follow_ups) if row else "") \
                .props("autogrow").classes("w-full")
            tags = ui.input(t("admin.tags"), value=", ".join(row.tags) if row else "").classes("w-full")
            error = ui.label().classes("text-negative text-sm").props('role="alert"')
            error.visible = False

            async def save() -> None:
                fields = {"text": (text.value or "").strip(), "category": (category.value or "").strip(),
                          "difficulty": int(difficulty.value), "key_points": parse_key_points(key_points.value),
                          "misconceptions": parse_misconceptions(misconceptions.value),
                          "premise": parse_premise(premise.value),
                          "model_answer": (model_answer.value or "").strip() or None,
                          "follow_ups": parse_list(follow_ups.value), "tags": parse_list(tags.value, ",")}
                try:
                    if row is None:
                        data = QuestionIn(key=(key.value or "").strip() or None, language=language.value,
                                          position=position.value, kind=kind.value, **fields) \
                            .model_dump(exclude_none=True)
                    else:
                        data = QuestionUpdate(**fields).model_dump(exclude_none=True)
                        if fields["premise"] is None and row.premise:
                            data["premise"] = None  # the admin emptied the field: the question takes any story
                except ValidationError as exc:
                    fields_by_name = {"text": text, "category": category, "key_points": key_points,
                                      "misconceptions": misconceptions, "premise": premise,
                                      "model_answer": model_answer, "follow_ups": follow_ups, "tags": tags}
                    if row is None:
                        fields_by_name["key"] = key
                    messages = validation_messages(t, exc)
                    first = None
                    for name, message in messages.items():  # the message goes next to its field
                        if (field := fields_by_name.get(name)) is not None:
                            field.props(f'error error-message="{message}"')
                            first = first or field
                    error.text = t("admin.invalid", detail="; ".join(
                        f'{t(FIELD_LABELS[n]) if n in FIELD_LABELS else n}: {m}' for n, m in messages.items()))
                    error.visible = True
                    if first is not None:
                        first.run_method("focus")
                    return
                try:
                    async with admin_db(self.ctx.user_id) as (db, _):
                        if row is None:
                            await bank.create_question(db, data)
                        else:
                            await bank.update_question(db, row.id, data)
                except AppError as exc:
                    error.text = error_text(t, exc)
                    error.visible = True
                    return
                dialog.close()
                ui.notify(t("admin.saved"), type="positive")
                await self.load()

            async def toggle_retired() -> None:
                assert row is not None
                async with admin_db(self.ctx.user_id) as (db, _):
                    if row.retired:
                        await bank.update_question(db, row.id, {"retired": False})
                    else:
                        await bank.retire_question(db, row.id)
                dialog.close()
                ui.notify(t("admin.restored") if row.retired else t("admin.retired"), type="positive")
                await self.load()

            with ui.row().classes("w-full justify-end gap-2"):
                if row is not None:
                    ui.button(t("admin.restore") if row.retired else t("admin.retire"), on_click=toggle_retired) \
                        .props("flat color=negative").mark("q-retire")
                ui.button(t("common.cancel"), on_click=dialog.close).props("flat")
                ui.button(t("common.save"), on_click=save).mark("q-save")
        dialog.open()


def _users_table(t: Translator, rows: list[dict[str, Any]]) -> None:
    columns = [{"name": c, "label": t(f"admin.ucol_{c}"), "field": c, "align": "left", "sortable": True}
               for c in USER_COLUMNS]
    ui.table(columns=columns, rows=rows, row_key="id", pagination=20).classes("w-full") \
        .props(f"dense flat bordered {table_texts(t)}").mark("users-table")


def _sessions_table(t: Translator, rows: list[dict[str, Any]]) -> None:
    columns = [{"name": c, "label": t(f"admin.scol_{c}"), "field": c, "align": "left", "sortable": True}
               for c in SESSION_COLUMNS]
    table = ui.table(columns=columns, rows=rows, row_key="id", pagination=20).classes("w-full") \
        .props(f"dense flat bordered {table_texts(t)}").mark("sessions-table")
    table.add_slot("body-cell-id", '<q-td :props="props"><a :href="\'/result/\' + props.value" '
                                   'class="text-indigo-800 underline">{{ props.value }}</a></q-td>')


@page("/admin", admin=True)
async def admin_page(ctx: PageContext) -> None:
    t = ctx.t
    async with admin_db(ctx.user_id) as (db, user):
        overview = await admin_overview(db)
        people = await users.list_users(db, limit=500)
        sessions = await interviews.list_sessions(db, user, limit=500, all_users=True)
    user_rows = [{"id": u.id, "username": u.username, "full_name": u.full_name,
                  "role": enum_word(t, "admin.roles", u.role), "ui_language": enum_word(t, "languages", u.ui_language),
                  "created": when(u.created_at, ctx.lang)} for u in people]
    session_rows = [{"id": s.id, "user_name": s.user_name, "position": s.position,
                     "language": enum_word(t, "languages", s.language),
                     "status": enum_word(t, "admin.statuses", s.status), "overall": None if session_overall(s) is None else round(session_overall(s)),
                     "created": when(s.created_at, ctx.lang)} for s in sessions]
    with frame(ctx, "admin.title", wide=True):
        with ui.tabs().classes("w-full").props("inline-label mobile-arrows outside-arrows") as tabs:
            tab_overview = ui.tab(t("admin.tab_overview"), icon="insights")
            tab_users = ui.tab(t("admin.tab_users"), icon="group")
            tab_sessions = ui.tab(t("admin.tab_sessions"), icon="list")
            tab_bank = ui.tab(t("admin.tab_bank"), icon="quiz").mark("tab-bank")
            tab_system = ui.tab(t("admin.tab_system"), icon="monitor_heart").mark("tab-system")
        with ui.tab_panels(tabs, value=tab_overview).classes("w-full"):
            with ui.tab_panel(tab_overview):
                _overview(t, overview)
            with ui.tab_panel(tab_users):
                _users_table(t, user_rows)
            with ui.tab_panel(tab_sessions):
                _sessions_table(t, session_rows)
            with ui.tab_panel(tab_bank):
                editor = BankEditor(ctx)
                editor.build()
            with ui.tab_panel(tab_system):
                with section(t("admin.health")):
                    health_box = ui.column().classes("gap-1").mark("health")
                with section(t("admin.doctor")):
                    ui.label(t("admin.doctor_hint")).classes("text-sm")
                    doctor_box = ui.code("", language="json").classes("w-full").mark("doctor")
                    doctor_box.visible = False

                    async def run_doctor(e: events.ClickEventArguments) -> None:
                        e.sender.props("loading")
                        async with admin_db(ctx.user_id):  # role re-checked before every admin action
                            pass
                        report = await collect()
                        doctor_box.content = json.dumps(report, ensure_ascii=False, indent=2, default=str)
                        doctor_box.visible = True
                        e.sender.props(remove="loading")

                    ui.button(t("admin.run_doctor"), icon="medical_services", on_click=run_doctor) \
                        .mark("run-doctor")
    await editor.load()
    with health_box:
        _health(t, await health())


def _health(t: Translator, report: dict[str, Any]) -> None:
    """One line per component: ok or not, and the detail the health check gives."""
    overall = report.get("status") == "ok"
    ui.label(t("admin.health_ok") if overall else t("admin.health_degraded")) \
        .classes("font-semibold " + ("text-green-800" if overall else "text-negative"))
    for name in ("database", "redis", "worker"):
        part = report.get(name) or {}
        with ui.row().classes("items-center gap-2"):
            ui.icon("check_circle" if part.get("ok") else "cancel", color="positive" if part.get("ok") else "negative")
            detail = part.get("error") or part.get("heartbeat") or ""
            ui.label(f'{t(f"admin.component_{name}")}{": " + str(detail) if detail else ""}').classes("text-sm")
    depth = (report.get("queue") or {}).get("depth")
    ui.label(t("admin.queue_depth", n="–" if depth is None else depth)).classes("text-sm")
