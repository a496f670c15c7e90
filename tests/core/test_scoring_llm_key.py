"""A question without a reference gets its grading key written once by the LLM, validated, stored, and used."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.config import settings
from core.llm import reset_llm, write_grading_key
from core.scoring import context_for_text, evaluate_answer
from core.services.bank import llm_key
from core.services.evaluation import grading_key_lines, with_llm_key
from db.engine import db_session
from db.models import BankQuestionRow
from tests.core.llm_fixtures import ScriptedServer

QUESTION = "How would you roll out a schema change to a table that a zero-downtime service writes to constantly?"
KEY = {
    "key_points": [
        {"point": "Expand and contract migration", "terms": ["expand", "contract", "backward compatible"]},
        {"point": "Backfill in small batches", "terms": ["backfill", "batches", "throttle"]},
        {"point": "Dual writes during the transition", "terms": ["dual write", "write to both"]},
    ],
    "misconceptions": [
        {"claim": "You can just rename the column in one migration because the ORM updates instantly.",
         "correction": "Old application instances still use the old name during the deploy, so a rename breaks them; "
                       "add the new column, write to both, then drop the old one.",
         "signals": ["just rename the column", "rename it in one migration"]},
    ],
    "model_answer": ("I use expand and contract: add the new column as nullable, deploy code that writes to both "
                     "columns, backfill old rows in small throttled batches, switch reads, and only then drop the old "
                     "column in a later release."),
}


@pytest.fixture(name="scripted")
def fix_scripted(services: object) -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    saved = (settings.llm_backend, settings.llm_base_url, settings.llm_model, settings.llm_api_key)
    settings.llm_backend, settings.llm_base_url, settings.llm_model, settings.llm_api_key = (
        "openai", server.base_url, "scripted", "k-1")
    reset_llm()
    try:
        yield server
    finally:
        settings.llm_backend, settings.llm_base_url, settings.llm_model, settings.llm_api_key = saved
        reset_llm()
        server.close()


async def test_grading_key_is_validated(scripted: ScriptedServer) -> None:
    scripted.reply_json({**KEY, "key_points": KEY["key_points"][:1]})  # too few points
    assert await write_grading_key(QUESTION, "en") is None
    scripted.reply_json({**KEY, "model_answer": "키 포인트를 잘 설명하는 모범 답안이지만 한국어로 쓰여 있어서 거절되어야 합니다."})
    assert await write_grading_key(QUESTION, "en") is None
    scripted.reply_json(KEY)
    key = await write_grading_key(QUESTION, "en")
    assert key is not None and [kp["point"] for kp in key["key_points"]] == [kp["point"] for kp in KEY["key_points"]]


async def test_question_without_reference_is_graded_by_a_stored_llm_key(scripted: ScriptedServer) -> None:
    ctx = context_for_text(QUESTION, "en", "backend")
    assert ctx.reference == "derived"
    scripted.reply_json(KEY)
    async with db_session() as db:
        keyed = await with_llm_key(db, ctx, "backend")
    assert keyed.reference == "llm" and [kp.point for kp in keyed.key_points] == [p["point"] for p in
                                                                                   KEY["key_points"]]
    # Stored once, visible to admins (retired until reviewed), and reused without asking again.
    async with db_session() as db:
        row = await db.get(BankQuestionRow, (await _row_id(db)))
        assert row.key_source == "llm" and row.origin == "llm" and row.retired and row.misconceptions
        again = await with_llm_key(db, ctx, "backend")
    assert again.reference == "llm" and len(scripted.requests) == 1

    wrong = evaluate_answer(keyed, "You can just rename the column in one migration, the ORM picks it up.")
    assert wrong["reference"] == "llm" and wrong["misconceptions"]
    assert KEY["misconceptions"][0]["correction"] in wrong["total_feedback"]
    # The judge is given the grading key, not asked to grade from memory.
    lines = grading_key_lines(keyed, "en")
    assert KEY["key_points"][0]["point"] in lines and any("rename" in line for line in lines)
    assert any(KEY["model_answer"][:40] in line for line in lines)


async def test_grading_keys_can_be_turned_off(scripted: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small model's key grades worse than none: LLM_GRADING_KEYS=false keeps the LLM but writes no key."""
    monkeypatch.setattr(settings, "llm_grading_keys", False)
    ctx = context_for_text(QUESTION, "en", "backend")
    scripted.reply_json(KEY)
    async with db_session() as db:
        kept = await with_llm_key(db, ctx, "backend")
    assert kept is ctx and kept.reference == "derived" and scripted.requests == []


async def _row_id(db) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    return (await db.execute(select(BankQuestionRow.id).where(
        BankQuestionRow.key == llm_key(QUESTION, "en")))).scalar_one()
