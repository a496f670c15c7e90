"""Live calls end to end: a real aiortc client peer, POST /offer, the live WebSocket, DB results."""
from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
import websockets
from sqlalchemy import select

from core.config import settings
from db.engine import db_session
from db.models import EmotionFrame, InterviewRecord, InterviewSession
from media import live
from media.stt.wer import word_error_rate
from media.webrtc import registry
from tests.conftest import register_and_login, wait_until
from tests.media.conftest import (
    SENTENCES_EN,
    SPEECH_EN,
    CallClient,
    event_socket,
    flite_wav,
    new_session,
    token_of,
    unreachable_candidates,
)

# The bar for clean synthetic speech through a live call (faster-whisper; bench/README.md has the figures).
MAX_LIVE_WER = 0.15


async def _record(record_id: int) -> InterviewRecord:
    async with db_session() as db:
        rec = await db.get(InterviewRecord, record_id)
        assert rec is not None
        return rec


async def _frames(record_id: int) -> list[EmotionFrame]:
    async with db_session() as db:
        q = select(EmotionFrame).where(EmotionFrame.record_id == record_id).order_by(EmotionFrame.id)
        return list((await db.execute(q)).scalars())


def _finals(events: list[dict]) -> list[dict]:
    return [e for e in events if e.get("type") == "stt_result" and e["is_final"]]


async def test_live_call_transcribes_into_the_draft(client: httpx.AsyncClient, live_server: str,
                                                    speech_wav: Path, call: list[CallClient]) -> None:
    headers = await register_and_login(client)
    sid, questions = await new_session(client, headers)
    first = questions[0]["record_id"]
    async with event_socket(live_server, sid, token_of(headers)) as ws:
        await ws.wait_for(lambda e: e["type"] == "ready")
        peer = CallClient(speech_wav)
        call.append(peer)
        r = await peer.connect(client, headers, sid)
        assert r.status_code == 200, r.text
        answer = r.json()
        assert answer["type"] == "answer" and "m=audio" in answer["sdp"] and "m=video" in answer["sdp"]
        assert answer["record_id"] == first  # the current unanswered question by default

        # The whole WAV plays (speech + 2 s silence), then the last final arrives while the call is up.
        await ws.wait_for(lambda e: e["type"] == "stt_result" and e["is_final"] and e["end"] > 6.0, timeout=60)
        stt = ws.of_type("stt_result")
        # No partial words (each segment is decoded once, at its pause); the VAD's state and level instead.
        assert all(e["is_final"] for e in stt)
        voice = ws.of_type("voice")
        assert any(v["speaking"] for v in voice) and any(not v["speaking"] for v in voice)
        assert all(e["record_id"] == first for e in stt)
        for e in stt:
            assert {"text", "is_final", "record_id", "timestamp", "low_confidence"} <= set(e)
        finals = _finals(ws.events)
        heard = " ".join(e["text"] for e in finals)
        assert word_error_rate(SPEECH_EN, heard) < MAX_LIVE_WER, heard
        assert finals[-1]["draft"] == heard  # finals accumulate into the draft as they arrive

        # Saved while the call is still up: draft, transcript metadata, speech metrics.
        rec = await _record(first)
        assert rec.draft_answer == heard and rec.answer_text is None
        assert rec.transcript["provider"] == "faster_whisper"  # DEEPGRAM_API_KEY unset: the offline provider
        assert rec.transcript["source"] == "live" and rec.transcript["low_confidence"] is False
        assert len(rec.transcript["words"]) >= 15
        assert rec.speech_metrics["word_count"] == len(rec.transcript["words"])
        assert 80 < rec.speech_metrics["words_per_minute"] < 300

        # The candidate moves on: speech now belongs to the second question, the first gets its emotion summary.
        await ws.send({"type": "set_record", "record_id": questions[1]["record_id"]})
        ack = await ws.wait_for(lambda e: e["type"] == "record_set")
        assert ack == {"type": "record_set", "requested": questions[1]["record_id"],
                       "record_id": questions[1]["record_id"], "live": True}
        frames = await _frames(first)
        assert len(frames) >= 2 and all(f.session_id == sid for f in frames)
        assert sum(f.face for f in frames) >= 1 and any(f.dominant_emotion for f in frames)
        assert [f.t_seconds for f in frames] == sorted(f.t_seconds for f in frames)
        rec = await _record(first)
        assert rec.emotion and rec.emotion["frames"] == len(frames) and rec.emotion["dominant_emotion"]
        assert any(e["type"] == "emotion" and e["record_id"] == first for e in ws.events)

        r = await client.post(f"/sessions/{sid}/hangup", headers=headers)
        assert r.status_code == 200 and r.json() == {"status": "closed", "closed_peers": 1}
        await ws.wait_for(lambda e: e["type"] == "peer_closed")
    assert not registry.for_session(sid)
    async with db_session() as db:
        s = await db.get(InterviewSession, sid)
        assert s is not None and s.emotion_summary and s.emotion_summary["frames"] >= len(frames)

    # The candidate submits the (possibly edited) draft; the worker scores it with the speech metrics.
    r = await client.post("/answers", headers=headers, json={"record_id": first, "answer_text": heard})
    assert r.status_code == 202, r.text

    async def evaluated() -> dict | None:
        body = (await client.get(f"/sessions/{sid}/results", headers=headers)).json()
        item = next(x for x in body["results"] if x["record_id"] == first)
        return item if item["evaluation_status"] in ("done", "failed") else None

    item = await wait_until(evaluated, 90)
    assert item["evaluation_status"] == "done"
    assert item["speech_metrics"]["word_count"] >= 15 and item["emotion"]["dominant_emotion"]
    evaluation = item["evaluation"]
    # The communication side used the live speech metrics: pace entered the delivery criterion.
    delivery = evaluation["evidence"]["delivery"]
    assert delivery["rate_unit"] == "wpm" and delivery["rate"] == round(item["speech_metrics"]["words_per_minute"])
    assert 1 <= evaluation["communication_score"] <= 5 and "delivery" in evaluation["criteria"]


async def test_disconnect_mid_answer_keeps_what_was_said(client: httpx.AsyncClient, live_server: str,
                                                         speech_wav: Path, call: list[CallClient]) -> None:
    headers = await register_and_login(client)
    sid, questions = await new_session(client, headers)
    second = questions[1]["record_id"]
    async with event_socket(live_server, sid, token_of(headers)) as ws:
        peer = CallClient(speech_wav, video=False)
        call.append(peer)
        r = await peer.connect(client, headers, sid, record_id=second)
        assert r.status_code == 200 and r.json()["record_id"] == second
        # First sentence finalised at its pause, then wait until the second sentence is being heard ...
        first_final = await ws.wait_for(lambda e: e["type"] == "stt_result" and e["is_final"], timeout=60)
        await ws.wait_for(lambda e: e["type"] == "voice" and e["speaking"] and e["t"] > first_final["end"] + 3.0,
                          timeout=30)
        # ... and hang up in the middle of it, as a closed tab would.
        await peer.close()
        closed = await ws.wait_for(lambda e: e["type"] == "peer_closed", timeout=30)
        assert closed["reason"] == "hangup" and closed["record_id"] == second
    rec = await _record(second)
    finals = _finals(ws.events)
    assert rec.draft_answer and rec.draft_answer.startswith(first_final["text"])
    # The interrupted utterance was flushed from the recogniser into the draft too.
    assert len(finals) >= 2 and rec.draft_answer == " ".join(e["text"] for e in finals)
    assert len(rec.draft_answer.split()) < len(SPEECH_EN.split())
    assert rec.transcript["duration"] > 0 and rec.speech_metrics["word_count"] == len(rec.transcript["words"])
    assert (await _record(questions[0]["record_id"])).draft_answer is None
    assert not registry.for_session(sid)


async def test_call_follows_the_interview_to_the_next_question(client: httpx.AsyncClient, live_server: str,
                                                               call: list[CallClient],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # No safety re-check within the test: only the answered / ended events can move the call on.
    monkeypatch.setattr(live, "RECORD_SAFETY_POLL_S", 3600.0)
    headers = await register_and_login(client)
    sid, questions = await new_session(client, headers)
    first, second = questions[0]["record_id"], questions[1]["record_id"]
    async with event_socket(live_server, sid, token_of(headers)) as ws:
        peer = CallClient(None)  # camera only
        call.append(peer)
        assert (await peer.connect(client, headers, sid)).json()["record_id"] == first
        await ws.wait_for(lambda e: e["type"] == "emotion" and e["record_id"] == first, timeout=30)
        r = await client.post("/answers", headers=headers, json={"record_id": first, "answer_text": "Typed answer."})
        assert r.status_code == 202
        moved = await ws.wait_for(lambda e: e["type"] == "record" and e["record_id"] == second, timeout=30)
        assert moved["previous_record_id"] == first
        await ws.wait_for(lambda e: e["type"] == "emotion" and e["record_id"] == second, timeout=30)
        rec = await _record(first)
        assert rec.emotion and rec.emotion["frames"] >= 1  # summarised when its question was left
        # An explicit choice wins over the default; an unknown record falls back to the current question.
        await ws.send({"type": "set_record", "record_id": 10**9})
        ack = await ws.wait_for(lambda e: e["type"] == "record_set")
        assert ack["record_id"] == second and ack["live"] is True
        # Ending the interview ends the call.
        r = await client.post(f"/sessions/{sid}/end", headers=headers)
        assert r.status_code == 200
        closed = await ws.wait_for(lambda e: e["type"] == "peer_closed", timeout=30)
        assert closed["reason"] == "session_ended"
    assert not registry.for_session(sid)
    async with db_session() as db:
        s = await db.get(InterviewSession, sid)
        assert s is not None and s.emotion_summary and s.emotion_summary["answers"] >= 1


async def test_socket_messages_and_record_chosen_before_the_call(client: httpx.AsyncClient, live_server: str,
                                                                  call: list[CallClient]) -> None:
    headers = await register_and_login(client)
    sid, questions = await new_session(client, headers)
    second = questions[1]["record_id"]
    async with event_socket(live_server, sid, token_of(headers)) as ws:
        ready = await ws.wait_for(lambda e: e["type"] == "ready")
        assert ready == {"type": "ready", "session_id": sid, "live": False, "record_id": None}
        await ws.send({"type": "ping"})
        await ws.wait_for(lambda e: e["type"] == "pong")
        await ws.ws.send("not json")
        error = await ws.wait_for(lambda e: e["type"] == "error")
        assert error["error_code"] == "UNKNOWN_MESSAGE" and error["retry_available"] is False
        await ws.send({"type": "set_record", "record_id": second})
        ack = await ws.wait_for(lambda e: e["type"] == "record_set")
        assert ack == {"type": "record_set", "requested": second, "record_id": second, "live": False}
        peer = CallClient(None)
        call.append(peer)
        r = await peer.connect(client, headers, sid)  # no record_id: the one chosen over the socket
        assert r.status_code == 200 and r.json()["record_id"] == second
        await ws.send({"type": "hangup"})
        assert (await ws.wait_for(lambda e: e["type"] == "hangup"))["closed_peers"] == 1
        assert (await ws.wait_for(lambda e: e["type"] == "peer_closed"))["reason"] == "hangup"


async def test_socket_rejects_bad_token_and_foreign_session(client: httpx.AsyncClient, live_server: str) -> None:
    owner = await register_and_login(client)
    other = await register_and_login(client)
    sid, _ = await new_session(client, owner, count=1)
    for token, code in (("not-a-jwt", 4401), (token_of(other), 4404)):
        async with websockets.connect(f"{live_server}/ws/{sid}?token={token}") as ws:
            with pytest.raises(websockets.ConnectionClosed) as info:
                await ws.recv()
        assert info.value.rcvd is not None and info.value.rcvd.code == code
    r = await client.post("/offer", headers=other, json={"sdp": "v=0", "type": "offer", "session_id": sid})
    assert r.status_code == 404 and r.json()["error_code"] == "SESSION_NOT_FOUND"
    r = await client.post("/offer", json={"sdp": "v=0", "type": "offer", "session_id": sid})
    assert r.status_code == 401


async def test_one_call_per_user(client: httpx.AsyncClient, live_server: str, call: list[CallClient]) -> None:
    headers = await register_and_login(client)
    sid1, _ = await new_session(client, headers, count=1)
    sid2, _ = await new_session(client, headers, count=1)
    async with event_socket(live_server, sid1, token_of(headers)) as ws:
        first, second = CallClient(None), CallClient(None)
        call += [first, second]
        assert (await first.connect(client, headers, sid1)).status_code == 200
        # The same account calling again (another tab, another interview) replaces its call: it never holds two slots.
        assert (await second.connect(client, headers, sid2)).status_code == 200
        closed = await ws.wait_for(lambda e: e["type"] == "peer_closed", timeout=30)
        assert closed["reason"] == "replaced"
    assert not registry.for_session(sid1) and len(registry.for_session(sid2)) == 1
    await registry.close_session(sid2)


async def test_peer_limits(client: httpx.AsyncClient, live_server: str, call: list[CallClient],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    headers = await register_and_login(client)
    other = await register_and_login(client)
    sid1, _ = await new_session(client, headers, count=1)
    sid2, _ = await new_session(client, other, count=1)
    monkeypatch.setattr(settings, "max_peers", len(registry) + 1)
    monkeypatch.setattr(settings, "max_peer_seconds", 2)
    async with event_socket(live_server, sid1, token_of(headers)) as ws:
        first, second = CallClient(None), CallClient(None)
        call += [first, second]
        assert (await first.connect(client, headers, sid1)).status_code == 200
        r = await second.connect(client, other, sid2)
        assert r.status_code == 503, r.text
        body = r.json()
        assert body["error_code"] == "TOO_MANY_PEERS" and body["retry_available"] is True
        # The call is cut at max_peer_seconds, with a reason the UI can show.
        error = await ws.wait_for(lambda e: e["type"] == "error", timeout=30)
        assert error["error_code"] == "CALL_TOO_LONG"
        closed = await ws.wait_for(lambda e: e["type"] == "peer_closed", timeout=30)
        assert closed["reason"] == "max_duration"
    assert not registry.for_session(sid1)
    for sdp in ("garbage", "v=0\r\nm=video x y\r\n", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"):
        r = await client.post("/offer", headers=other, json={"sdp": sdp, "type": "offer", "session_id": sid2})
        assert r.status_code == 422 and r.json()["error_code"] == "INVALID_SDP", r.text
    assert not registry.for_session(sid2)


async def test_peer_that_never_connects_is_closed(client: httpx.AsyncClient, live_server: str,
                                                   call: list[CallClient], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "peer_connect_timeout_seconds", 2.0)
    headers = await register_and_login(client)
    sid, _ = await new_session(client, headers, count=1)
    async with event_socket(live_server, sid, token_of(headers)) as ws:
        peer = CallClient(None)
        call.append(peer)
        # A browser that posts its offer and vanishes: nobody answers the server's ICE checks.
        r = await peer.connect(client, headers, sid, munge=unreachable_candidates, apply_answer=False)
        assert r.status_code == 200
        closed = await ws.wait_for(lambda e: e["type"] == "peer_closed", timeout=30)
        assert closed["reason"] == "ice_failed"
    assert not registry.for_session(sid)


async def test_ended_session_refuses_calls_and_shutdown_closes_peers(
        client: httpx.AsyncClient, speech_wav: Path, call: list[CallClient]) -> None:
    headers = await register_and_login(client)
    sid, _ = await new_session(client, headers, count=1)
    peer = CallClient(speech_wav)
    call.append(peer)
    assert (await peer.connect(client, headers, sid)).status_code == 200
    await registry.close_all("shutdown")  # what the app lifespan does on shutdown
    assert len(registry) == 0
    assert (await client.post(f"/sessions/{sid}/end", headers=headers)).status_code == 200
    again = CallClient(None)
    call.append(again)
    r = await again.connect(client, headers, sid)
    assert r.status_code == 409 and r.json()["error_code"] == "SESSION_ENDED"


async def test_stop_flushes_the_last_segment_into_a_draft(client: httpx.AsyncClient, live_server: str,
                                                         tmp_path: Path, call: list[CallClient]) -> None:
    """No trailing silence: the last words are decoded because of "stop", not because of a pause."""
    wav = flite_wav(SENTENCES_EN, tmp_path / "no_tail.wav", tail=0.0)
    headers = await register_and_login(client)
    sid, questions = await new_session(client, headers)
    first = questions[0]["record_id"]
    async with event_socket(live_server, sid, token_of(headers)) as ws:
        peer = CallClient(wav, video=False)
        call.append(peer)
        assert (await peer.connect(client, headers, sid)).status_code == 200
        await ws.wait_for(lambda e: e["type"] == "stt_result" and e["is_final"], timeout=60)  # first sentence
        await ws.wait_for(lambda e: e["type"] == "voice" and e["speaking"] and e["t"] > 5.0, timeout=30)
        # The player stops at the end of the file; "stop" arrives with the last sentence still in the VAD.
        await asyncio.sleep(max(0.0, _duration(wav) - 5.0) + 0.3)
        await ws.send({"type": "stop", "record_id": first})
        draft = await ws.wait_for(lambda e: e["type"] in ("draft", "error"), timeout=30)
        assert draft["type"] == "draft", draft
        # This recording's words only (both sentences), as the page appends them to the answer box.
        assert word_error_rate(SPEECH_EN, draft["draft_answer"]) <= MAX_LIVE_WER, draft
        assert draft["record_id"] == first and draft["submitted"] is False
        rec = await _record(first)
        assert rec.draft_answer == draft["draft_answer"] and rec.transcript["source"] == "live"
        # A second "stop" with nothing said since: told so, not given the old words again.
        await ws.send({"type": "stop", "record_id": first})
        nothing = await ws.wait_for(lambda e: e["type"] == "error" and e["error_code"] == "STT_NO_SPEECH", timeout=30)
        assert nothing["retry_available"] is False
        # One writer per draft: while the call transcribes this answer, an upload is refused.
        r = await client.post(f"/answers/{first}/audio", headers=headers,
                              files={"file": ("a.wav", wav.read_bytes(), "audio/wav")})
        assert r.status_code == 409 and r.json()["error_code"] == "LIVE_CALL_ACTIVE", r.text
    await registry.close_session(sid)


def _duration(wav: Path) -> float:
    import wave

    with wave.open(str(wav)) as w:
        return w.getnframes() / w.getframerate()
