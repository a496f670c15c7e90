"""Every UI text is in both languages, every key the code uses exists, and no UI text hides in the code."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from core.question_bank.positions import resolve_position
from ui.components.dialogs import DIALOG_KINDS
from ui.components.summary import EMOTIONS
from ui.data import CRITERIA, POSITION_PRESETS
from ui.i18n import LANGUAGES, Translator, catalog
from ui.pages.admin import SESSION_COLUMNS, USER_COLUMNS, BankEditor
from ui.pages.device import DEVICE_TIPS, MEDIA_ERRORS
from ui.pages.landing import position_text

UI_DIR = Path(__file__).resolve().parents[2] / "ui"
KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


def _literal_keys() -> set[str]:
    """String constants in ui/*.py that look like keys of a catalog section."""
    sections = {k.split(".")[0] for k in catalog("ko")}
    keys = set()
    for path in UI_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_fstrings = {id(c) for j in ast.walk(tree) if isinstance(j, ast.JoinedStr) for c in ast.walk(j)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and id(node) not in in_fstrings and isinstance(node.value, str) and KEY.match(node.value) \
                    and node.value.split(".")[0] in sections:
                keys.add(node.value)
    return keys


def _dynamic_keys() -> set[str]:
    """Keys the code builds from a value (f-strings), for every value it can take."""
    keys = {f"positions.{p}" for p in POSITION_PRESETS} | {f"languages.{x}" for x in LANGUAGES}
    keys |= {f"difficulty.{d}" for d in (1, 2, 3)} | {f"lang.switch_to_{x}" for x in LANGUAGES}
    keys |= {f"errors.dialog.{k}.{part}" for k in DIALOG_KINDS for part in ("title", "hint")}
    keys |= {f"device.problem.{v}" for v in [*MEDIA_ERRORS.values(), "other"]} | {f"device.{t}" for t in DEVICE_TIPS}
    keys |= {f"criteria.{c}" for c in CRITERIA} | {f"emotions.{e}" for e in EMOTIONS}
    keys |= {f"interview.kind_{k}" for k in ("technical", "behavioral")}
    keys |= {f"speech.pace_{p}" for p in ("slow", "ok", "fast")}
    keys |= {f"admin.col_{c}" for c in BankEditor.COLUMNS} | {f"admin.ucol_{c}" for c in USER_COLUMNS}
    keys |= {f"admin.scol_{c}" for c in SESSION_COLUMNS}
    keys |= {f"admin.component_{c}" for c in ("database", "redis", "worker")}
    keys |= {f"admin.kinds.{k}" for k in ("technical", "behavioral")} | {f"admin.origins.{o}" for o in ("file", "admin")}
    keys |= {f"admin.roles.{r}" for r in ("candidate", "admin")}
    keys |= {f"admin.statuses.{s}" for s in ("in_progress", "completed")}
    keys |= {"admin.rules.other", "admin.rules.string_too_short", "admin.rules.missing"}
    return keys


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    ko, en = catalog("ko"), catalog("en")
    assert set(ko) == set(en)
    fields = string.Formatter()
    for key in ko:
        names = [{f for _, f, _, _ in fields.parse(c[key]) if f} for c in (ko, en)]
        assert names[0] == names[1], key


def test_every_key_the_code_uses_exists() -> None:
    used = _literal_keys() | _dynamic_keys()
    assert len(used) > 300
    for lang in LANGUAGES:
        groups = {k.rsplit(".", 1)[0] for k in catalog(lang)}  # enum_word(t, "admin.kinds", v) names a group
        missing = sorted(k for k in used if k not in catalog(lang) and k not in groups)
        assert not missing, f"{lang}: {missing}"


def test_no_korean_ui_text_in_code() -> None:
    hangul = re.compile(r"[\uac00-\ud7a3]")
    offenders = [str(p) for p in [*UI_DIR.rglob("*.py"), *UI_DIR.rglob("*.js")] if hangul.search(p.read_text())]
    assert not offenders


def test_translator_falls_back_and_formats() -> None:
    assert Translator("fr").language == "ko"
    assert Translator("en")("interview.progress", n=2, total=5) == "Question 2 / 5"
    assert Translator("ko")("interview.progress", n=2, total=5) == "질문 2 / 5"
    assert Translator("en")("no.such.key") == "no.such.key"
    # any placeholder name works, including ones that shadow the translator's own parameters
    assert Translator("en")("report.meta", name="A", position="B", language="Korean", date="D") == \
        "A · B · Korean · D"


def test_criteria_match_the_scoring_engine() -> None:
    from core.scoring.engine import CRITERIA as ENGINE_CRITERIA

    assert set(CRITERIA) == set(ENGINE_CRITERIA)


def test_preset_positions_reach_their_question_bank_section() -> None:
    for slug in POSITION_PRESETS:
        if slug == "behavioral":
            continue  # not a job: resolve_position has no behavioral target (see docs/ui.md)
        for lang in LANGUAGES:
            assert resolve_position(position_text(slug, None, lang)) == slug, (slug, lang)
    assert position_text("other", "  Site Reliability Engineer ", "en") == "Site Reliability Engineer"
