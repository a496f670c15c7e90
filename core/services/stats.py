"""Numbers for the admin dashboard."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import InterviewRecord, InterviewSession, User


async def admin_overview(db: AsyncSession) -> dict:
    n_users = (await db.execute(select(func.count()).select_from(User))).scalar_one()
    by_status = dict((await db.execute(select(InterviewSession.status, func.count())
                                       .group_by(InterviewSession.status))).all())
    overall = InterviewRecord.evaluation["overall"].as_integer()
    bucket = func.least(func.floor(overall / 10), 9)
    hist = dict((await db.execute(select(bucket, func.count()).where(InterviewRecord.evaluation_status == "done")
                                  .group_by(bucket))).all())
    evals = dict((await db.execute(select(InterviewRecord.evaluation_status, func.count())
                                   .group_by(InterviewRecord.evaluation_status))).all())
    by_position = dict((await db.execute(select(InterviewSession.position_slug, func.count())
                                         .group_by(InterviewSession.position_slug))).all())
    return {"users": n_users, "sessions_by_status": by_status, "sessions_by_position": by_position,
            "evaluations_by_status": evals,
            "score_histogram": [{"range": f"{int(b) * 10}-{int(b) * 10 + 9 if b < 9 else 100}", "count": c}
                                for b, c in sorted(hist.items())]}
