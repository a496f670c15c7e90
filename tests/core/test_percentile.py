"""An answer's percentile among this installation's scored answers to the same question."""
from __future__ import annotations

import uuid

from core.config import settings
from core.services.evaluation import percentile_of
from db.engine import db_session
from db.models import InterviewRecord, InterviewSession, User


async def test_percentile_needs_enough_answers(services: object) -> None:
    key = f"pct-{uuid.uuid4().hex[:8]}"
    async with db_session() as db:
        user = User(username=f"p{uuid.uuid4().hex[:8]}", password_hash="x")
        db.add(user)
        await db.flush()
        s = InterviewSession(user_id=user.id, user_name="P", position="Backend", position_slug="backend",
                             language="en")
        db.add(s)
        await db.flush()
        target = InterviewRecord(session_id=s.id, order=0, question_text="Q", bank_key=key)
        db.add(target)
        others = []
        for i in range(settings.percentile_min_answers):
            rec = InterviewRecord(session_id=s.id, order=i + 1, question_text="Q", bank_key=key,
                                  evaluation_status="done" if i else "pending", evaluation={"overall": i * 10})
            db.add(rec)
            others.append(rec)
        await db.flush()
        # 9 scored answers (10..90) plus one pending: not enough yet.
        assert await percentile_of(db, target, 55) is None
        others[0].evaluation_status = "done"  # the 10th scored answer, overall 0
        await db.flush()
        # below 55: 0, 10, 20, 30, 40, 50 -> 6 of 10
        assert await percentile_of(db, target, 55) == 60.0
        assert await percentile_of(db, target, 0) == 0.0
        await db.rollback()
