"""Read-side helpers the pages share (ownership is always checked by the core services)."""
from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.services import interviews
from core.speech_metrics import DATA_FILE as SPEECH_DATA
from db.models import EmotionFrame, InterviewRecord, InterviewSession, User

# The six preset positions of the landing form: i18n key suffix -> bank slug it should resolve to.
POSITION_PRESETS: tuple[str, ...] = ("backend", "frontend", "data_ai", "devops", "mobile", "behavioral")
# The scoring engine's criteria (core.scoring.engine.CRITERIA), in radar order.
CRITERIA: tuple[str, ...] = ("relevance", "coverage", "correctness", "specificity", "structure", "delivery",
                             "filler_words")


def session_overall(s: InterviewSession) -> float | None:
    """The session's overall score (0-100) from its report, when the report is ready."""
    report = s.report or {}
    value = report.get("overall")
    return float(value) if isinstance(value, int | float) else None


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def evaluated(records: list[InterviewRecord]) -> list[InterviewRecord]:
    return [r for r in records if r.evaluation_status == "done" and r.evaluation]


def records_overall(records: list[InterviewRecord]) -> float | None:
    """Average per-answer overall, for sessions whose report isn't built yet."""
    return mean([float(r.evaluation["overall"]) for r in evaluated(records)
                 if isinstance(r.evaluation.get("overall"), int | float)])


def criteria_averages(s: InterviewSession, records: list[InterviewRecord]) -> dict[str, float]:
    """Per-criterion averages: the report's radar when present, else computed from the evaluations.

    Criteria no evaluation measured (e.g. delivery when every answer was typed) are left out rather than
    drawn as zero.
    """
    measured: dict[str, list[float]] = {}
    for r in evaluated(records):
        for name, value in (r.evaluation.get("criteria") or {}).items():
            if isinstance(value, int | float):
                measured.setdefault(name, []).append(float(value))
    report = s.report or {}
    radar = report.get("criteria") if isinstance(report.get("criteria"), list) else report.get("radar")
    from_report = {str(item.get("criterion")): float(item["score"]) for item in radar or []
                   if isinstance(item, dict) and isinstance(item.get("score"), int | float)}
    if from_report:
        return {k: v for k, v in from_report.items() if not measured or k in measured}
    return {name: sum(v) / len(v) for name, v in measured.items()}


def when(ts: datetime | None, lang: str) -> str:
    if ts is None:
        return ""
    local = ts.astimezone()
    return local.strftime("%Y.%m.%d %H:%M") if lang == "ko" else local.strftime("%Y-%m-%d %H:%M")


async def emotion_frames(db: AsyncSession, user: User, session_id: int) -> list[dict[str, Any]]:
    """The session's analysed video frames in time order (owner or admin only)."""
    s = await interviews.get_owned_session(db, user, session_id)
    rows = (await db.execute(select(EmotionFrame).where(EmotionFrame.session_id == s.id)
                             .order_by(EmotionFrame.t_seconds, EmotionFrame.id))).scalars()
    return [{"record_id": f.record_id, "t_seconds": f.t_seconds, "face": f.face,
             "dominant_emotion": f.dominant_emotion, "scores": f.scores or {}} for f in rows]


@cache
def pace_band(language: str) -> tuple[float, float]:
    """The comfortable speaking pace (low, high) the speech metrics use for `language`."""
    band = yaml.safe_load(SPEECH_DATA.read_text(encoding="utf-8"))["pace"]["ko" if language == "ko" else "en"]
    return float(band["slow_below"]), float(band["fast_above"])


def numeric_metrics(metrics: dict[str, Any] | None) -> dict[str, float]:
    """The plottable numbers of a speech-metrics dict (flat numeric fields only)."""
    return {k: float(v) for k, v in (metrics or {}).items()
            if isinstance(v, int | float) and not isinstance(v, bool)}


def numbering(records: list[InterviewRecord]) -> dict[int, tuple[int, int]]:
    """record id -> (main question number, follow-up number under it; 0 for the main question itself).

    Follow-ups belong to their parent, so "question 2 / 5" never moves when follow-ups are added.
    """
    out: dict[int, tuple[int, int]] = {}
    main_no, follow = 0, 0
    numbers: dict[int, int] = {}
    for r in sorted(records, key=lambda r: (r.order, r.id or 0)):
        if r.source != "follow_up":
            main_no, follow = main_no + 1, 0
            numbers[r.id or 0] = main_no
            out[r.id or 0] = (main_no, 0)
        else:
            parent_no = numbers.get(r.parent_id or -1, max(main_no, 1))
            follow = sum(1 for n, f in out.values() if n == parent_no and f) + 1
            out[r.id or 0] = (parent_no, follow)
    return out


def question_label(t: Any, records: list[InterviewRecord], rec: InterviewRecord, *, short: bool = False) -> str:
    """'Question 2' / 'Question 2 · Follow-up 1' (or 'Q2' / 'Q2-1' when short), in the UI language."""
    main_no, follow = numbering(records).get(rec.id or 0, (0, 0))
    if short:
        return t("result.q_short", n=main_no) + (f"-{follow}" if follow else "")
    base = t("result.question_n", n=main_no)
    return f'{base} · {t("interview.follow_up")} {follow}' if follow else base
