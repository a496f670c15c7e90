"""A user's own data, as one JSON document (right of access)."""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import EmotionFrame, InterviewRecord, InterviewSession, StateHistory, User

_SECRET_FIELDS = {"password_hash"}


def _row(obj: object) -> dict:
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_") and k not in _SECRET_FIELDS}


async def export_user_data(db: AsyncSession, user: User) -> bytes:
    sessions = list((await db.execute(select(InterviewSession).where(InterviewSession.user_id == user.id)
                                      .order_by(InterviewSession.id))).scalars())
    out = {"user": _row(user), "sessions": []}
    for s in sessions:
        recs = (await db.execute(select(InterviewRecord).where(InterviewRecord.session_id == s.id)
                                 .order_by(InterviewRecord.order))).scalars()
        hist = (await db.execute(select(StateHistory).where(StateHistory.session_id == s.id)
                                 .order_by(StateHistory.id))).scalars()
        frames = (await db.execute(select(EmotionFrame).where(EmotionFrame.session_id == s.id)
                                   .order_by(EmotionFrame.id))).scalars()
        out["sessions"].append({**_row(s), "records": [_row(r) for r in recs], "history": [_row(h) for h in hist],
                                "emotion_frames": [_row(f) for f in frames]})
    return json.dumps(out, ensure_ascii=False, default=str, indent=1).encode()
