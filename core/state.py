"""The interview state machine (docs/state-machine.md draws it)."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import InterviewSession, StateHistory

MAX_RETRIES_PER_QUESTION = 1
MAX_FOLLOW_UPS_PER_SESSION = 3  # the state machine suggests at most this many
MAX_FOLLOW_UPS_ON_REQUEST = 6  # a client may ask for more, up to this cap
# An answer this weak (overall 0-100) is offered a retry instead of moving on.
RETRY_BELOW_OVERALL = 15


def state_of(s: InterviewSession) -> dict:
    return {"scenario": s.scenario, "stage": s.stage, "next_action": s.next_action, "retry_count": s.retry_count}


def transition(db: AsyncSession, s: InterviewSession, *, stage: str, next_action: str, intent: str,
               record_id: int | None = None, evaluation: dict | None = None,
               retry_count: int | None = None) -> None:
    """Move the session and write one StateHistory row (same transaction as the change itself)."""
    s.stage = stage
    s.next_action = next_action
    if retry_count is not None:
        s.retry_count = retry_count
    db.add(s)
    db.add(StateHistory(session_id=s.id, record_id=record_id, scenario=s.scenario, stage=stage, intent=intent,
                        evaluation=evaluation, next_action=next_action, retry_count=s.retry_count))


def next_after_evaluation(*, evaluation: dict, retries_on_record: int, is_follow_up: bool,
                          follow_ups_in_session: int, unanswered_left: int) -> tuple[str, bool]:
    """Decide what comes after an evaluated answer: (next_action, counts_as_retry)."""
    overall = evaluation.get("overall", 100) if evaluation else 100
    if overall < RETRY_BELOW_OVERALL and retries_on_record < MAX_RETRIES_PER_QUESTION:
        return "retry", True
    technical = evaluation.get("technical_score", 5) if evaluation else 5
    if (not is_follow_up and evaluation and evaluation.get("missed_key_points") and technical <= 3
            and follow_ups_in_session < MAX_FOLLOW_UPS_PER_SESSION):
        return "follow_up", False
    return ("next_question" if unanswered_left > 0 else "end"), False
