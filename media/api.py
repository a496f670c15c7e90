"""Live voice/video endpoints: WebRTC offer, the live-event WebSocket, and answer audio upload."""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Query, Request, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from core.api.deps import CurrentUser, DbSession, current_user_from_token
from core.config import settings
from core.errors import AppError, Conflict, Invalid, NotFound, Unauthorized
from core.services import answers, interviews, media_results
from db.engine import db_session
from media.hub import hub
from media.stt.pool import pool
from media.stt.registry import all_statuses
from media.stt.session import Transcript, transcribe_audio_async
from media.webrtc import registry

log = logging.getLogger(__name__)

STT_FAILED_MESSAGE = "음성 인식에 실패했습니다. 다시 시도해주세요."
WS_UNAUTHORIZED, WS_NOT_FOUND = 4401, 4404
UPLOAD_FIELD = "file"


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Merged into the app's lifespan by include_router: close every call before the database goes."""
    yield
    await registry.close_all("shutdown")
    pool.shutdown()


router = APIRouter(tags=["live media"], lifespan=lifespan)


def upload_limit_bytes() -> int:
    """Largest accepted answer recording (settings.max_audio_upload_mb, default 25 MB)."""
    return int(settings.max_audio_upload_mb * 1024 * 1024)


# --- schemas (media-only, kept beside their endpoints) -----------------------------------------
class OfferIn(BaseModel):
    sdp: str = Field(min_length=1, max_length=200_000)
    type: str = Field(default="offer", description="Always 'offer'.")
    session_id: int
    record_id: int | None = Field(default=None, description="Question the speech belongs to; default: the "
                                                            "session's current unanswered question.")


class OfferOut(BaseModel):
    sdp: str
    type: str
    peer_id: str
    record_id: int | None


class HangupOut(BaseModel):
    status: str
    closed_peers: int


class AudioAnswerOut(BaseModel):
    record_id: int
    transcript: str
    draft_answer: str | None
    low_confidence: bool
    confidence: float | None
    speech_metrics: dict[str, Any]
    provider: str
    duration: float
    submitted: bool


# --- WebRTC --------------------------------------------------------------------------------------
@router.post("/offer", response_model=OfferOut)
async def offer(body: OfferIn, user: CurrentUser, db: DbSession) -> OfferOut:
    """Answer the browser's WebRTC offer (audio+video, ICE candidates gathered into the SDP)."""
    s = await interviews.get_owned_session(db, user, body.session_id)
    if s.status != "in_progress":
        raise Conflict("This interview has ended.", code="SESSION_ENDED")
    session_id, language = s.id, s.language
    assert session_id is not None and user.id is not None
    await db.commit()  # ends the read transaction (no expiry: the ICE gathering below takes a while)
    answer, peer = await registry.open(sdp=body.sdp, type_=body.type, session_id=session_id, user_id=user.id,
                                       language=language, record_id=body.record_id)
    return OfferOut(sdp=answer.sdp, type=answer.type, peer_id=peer.id, record_id=peer.live.record_id)


@router.post("/sessions/{session_id}/hangup", response_model=HangupOut)
async def hangup(session_id: int, user: CurrentUser, db: DbSession) -> HangupOut:
    """End the live call of a session (its transcript so far is already in the draft)."""
    await interviews.get_owned_session(db, user, session_id)
    await db.commit()
    return HangupOut(status="closed", closed_peers=await registry.close_session(session_id, "hangup"))


@router.get("/media/status")
async def media_status(user: CurrentUser) -> dict[str, Any]:
    """Live-call load and which speech recogniser each language uses now."""
    return {"peers": len(registry), "max_peers": settings.max_peers, "max_peer_seconds": settings.max_peer_seconds,
            "max_peers_per_user": settings.max_peers_per_user, "recognition_jobs": pool.in_flight,
            "stt": await asyncio.to_thread(all_statuses)}


# --- live events -----------------------------------------------------------------------------------
async def _socket_user_session(session_id: int, token: str | None) -> int:
    """Validate the token and ownership; returns the session id (raises AppError)."""
    user = await current_user_from_token(token)
    async with db_session() as db:
        s = await interviews.get_owned_session(db, user, session_id)
        assert s.id is not None
        return s.id


async def _handle_client_message(session_id: int, raw: str, send: Any) -> None:
    try:
        message = json.loads(raw)
    except ValueError:
        message = None
    kind = message.get("type") if isinstance(message, dict) else None
    if kind == "ping":
        await send({"type": "pong"})
    elif kind == "set_record":
        value = message.get("record_id")
        if value is not None and not isinstance(value, int):
            await send({"type": "error", "error_code": "VALIDATION_ERROR", "retry_available": False,
                        "error_message": "record_id must be an integer or null."})
            return
        registry.remember_record(session_id, value)
        peers = registry.for_session(session_id)
        if peers:
            targets = await asyncio.gather(*(p.live.set_record(value) for p in peers))
            record_id = targets[0]
        else:
            async with db_session() as db:
                record_id = await media_results.target_record(db, session_id, value)
        await send({"type": "record_set", "requested": value, "record_id": record_id, "live": bool(peers)})
    elif kind == "stop":
        # "Stop" pressed: the open speech segment is decoded now and this recording's words come back as a draft.
        value = message.get("record_id")
        peers = registry.for_session(session_id)
        if not peers:
            await send({"type": "error", "error_code": "STT_NO_CALL", "record_id": value, "retry_available": True,
                        "error_message": "No live call is transcribing this answer."})
            return
        await send(await peers[0].live.stop(value if isinstance(value, int) else None))
    elif kind == "hangup":
        await send({"type": "hangup", "closed_peers": await registry.close_session(session_id, "hangup")})
    else:
        await send({"type": "error", "error_code": "UNKNOWN_MESSAGE", "retry_available": False,
                    "error_message": "Expected {type: 'set_record' | 'stop' | 'ping' | 'hangup'}."})


@router.websocket("/ws/{session_id}")
async def live_socket(websocket: WebSocket, session_id: int, token: str | None = Query(default=None)) -> None:
    """Pushes stt_result / emotion / record / peer_closed / error events of one interview session."""
    await websocket.accept()  # accept first: a close code is only delivered on an open socket
    try:
        session_id = await _socket_user_session(session_id, token)
    except Unauthorized as exc:
        await websocket.close(code=WS_UNAUTHORIZED, reason=exc.error_code)
        return
    except NotFound as exc:
        await websocket.close(code=WS_NOT_FOUND, reason=exc.error_code)
        return
    sub = hub.subscribe(session_id)
    lock = asyncio.Lock()

    async def send(message: dict[str, Any]) -> None:
        async with lock:
            await websocket.send_json(message)

    async def pump() -> None:
        while True:
            await send(await sub.get())

    peers = registry.for_session(session_id)
    await send({"type": "ready", "session_id": session_id, "live": bool(peers),
                "record_id": peers[0].live.record_id if peers else None})
    sender = asyncio.create_task(pump())
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            raw = message.get("text") or (message.get("bytes") or b"").decode("utf-8", "replace")
            await _handle_client_message(session_id, raw, send)
    except WebSocketDisconnect:
        pass
    finally:
        sender.cancel()
        hub.unsubscribe(sub)
        await asyncio.gather(sender, return_exceptions=True)


# --- recorded answers --------------------------------------------------------------------------------
async def _read_upload(request: Request) -> tuple[bytes, str]:
    """The multipart `file` part, refusing more than the limit without buffering it (413)."""
    limit = upload_limit_bytes()
    too_large = AppError(f"The recording is larger than {limit // (1024 * 1024)} MB.", code="PAYLOAD_TOO_LARGE",
                         status=413)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise too_large
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise Invalid("file: send the recording as multipart/form-data field 'file'.", code="VALIDATION_ERROR")

    async def limited() -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > limit + 64 * 1024:  # multipart framing adds a little
                raise too_large
            yield chunk

    try:
        form = await MultiPartParser(request.headers, limited(), max_files=1, max_fields=10).parse()
    except MultiPartException as exc:
        raise Invalid(f"file: {exc.message}", code="VALIDATION_ERROR") from exc
    try:
        upload = form.get(UPLOAD_FIELD)
        if not isinstance(upload, UploadFile):
            raise Invalid("file: field required (the recording).", code="VALIDATION_ERROR")
        data = await upload.read()
        if len(data) > limit:
            raise too_large
        return data, upload.content_type or ""
    finally:
        await form.close()


async def _transcribe(data: bytes, language: str) -> Transcript:
    """Decode (any container) and recognise in the recognition pool, never in the app's threads."""
    return await transcribe_audio_async(data, language, max_seconds=float(settings.max_audio_seconds))


async def _recognise(data: bytes, language: str, record_id: int) -> Transcript:
    try:
        return await _transcribe(data, language)
    except ValueError as exc:
        raise Invalid("file: not a decodable audio recording (send WAV or WebM/Opus).",
                      code="INVALID_AUDIO") from exc
    except Exception as exc:
        log.exception("speech recognition failed for record %s", record_id)
        raise AppError(STT_FAILED_MESSAGE, code="STT_FAILED", status=422, retry=True) from exc


_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": [UPLOAD_FIELD],
    "properties": {UPLOAD_FIELD: {"type": "string", "format": "binary",
                                  "description": "WAV or WebM/Opus (also OGG, MP3, M4A) recording"}}}}}}}


@router.post("/answers/{record_id}/audio", response_model=AudioAnswerOut, openapi_extra=_UPLOAD_BODY)
async def answer_audio(record_id: int, request: Request, user: CurrentUser, db: DbSession,
                       submit: bool = Query(default=False, description="Submit at once unless low-confidence")
                       ) -> AudioAnswerOut:
    """Transcribe a recorded answer into the record's draft (with speech metrics); optionally submit it."""
    rec, s = await answers.owned_record(db, user, record_id)
    if s.status != "in_progress":
        raise Conflict("This interview has ended; answers can no longer be changed.", code="SESSION_ENDED")
    answered, language = not await answers.open_for_answer(db, rec), s.language
    await db.commit()  # ends the read transaction (objects stay loaded) before recognising
    if answered:
        raise Conflict("This question already has an answer.", code="ANSWER_EXISTS")
    if any(p.live.record_id == record_id for p in registry.for_session(s.id or 0)):
        # One writer per draft: the live call is transcribing this answer; its words are the draft.
        raise Conflict("A live call is transcribing this answer; stop it to get the draft.",
                       code="LIVE_CALL_ACTIVE", retry=True)
    assert user.id is not None
    async with pool.admit(user.id):
        data, _content_type = await _read_upload(request)
        transcript = await _recognise(data, language, record_id)
    text = transcript.text.strip()
    if not text:
        raise AppError(STT_FAILED_MESSAGE, code="STT_FAILED", status=422, retry=True)
    words = media_results.word_dicts(transcript.words)
    meta = media_results.build_meta(text=text, words=words, provider=transcript.provider, language=language,
                                    duration=transcript.duration, source="upload",
                                    confidence=transcript.confidence)
    metrics = await media_results.metrics_async(words, text, language, transcript.duration)
    submitted = False
    draft: str | None = text
    if submit and not meta["low_confidence"]:
        await answers.submit_answer(db, user, record_id, text, transcript=meta, speech_metrics=metrics)
        submitted, draft = True, None
    elif not await media_results.save_recording(db, record_id, text, meta, metrics):
        raise Conflict("This question already has an answer.", code="ANSWER_EXISTS")
    return AudioAnswerOut(record_id=record_id, transcript=text, draft_answer=draft,
                          low_confidence=meta["low_confidence"], confidence=meta["confidence"],
                          speech_metrics=metrics, provider=transcript.provider, duration=transcript.duration,
                          submitted=submitted)
