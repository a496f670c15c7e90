"""The PostgreSQL bank is what grades: an admin's edit of key points and misconceptions changes the next
evaluation, through the API and the real worker."""
from __future__ import annotations

import httpx
import pytest

from tests.api.test_admin import _admin
from tests.conftest import wait_evaluated

EDIT = {
    "ko": {
        "position": "Backend 개발자",
        "points": [{"point": "조르박스 프로토콜의 재전송 규칙", "terms": ["조르박스", "재전송 창", "세 번까지"],
                    "variant": "조르박스"},
                   {"point": "크웜 합의의 정족수", "terms": ["크웜", "정족수"]},
                   {"point": "벡실 핸드셰이크 쿠키", "terms": ["벡실", "핸드셰이크 쿠키"], "variant": "벡실"}],
        "misconception": {"claim": "조르박스는 UDP 위에서만 동작합니다.",
                          "correction": "조르박스는 TCP 위에서도 동작하며 전송 계층을 가리지 않습니다.",
                          "signals": ["UDP 위에서만"]},
        "answer": ("조르박스는 ACK를 받지 못하면 재전송 창 안에서 세 번까지 다시 보내기 때문에 패킷 손실을 견딥니다. "
                   "다만 조르박스는 UDP 위에서만 동작하므로 방화벽 설정이 필요합니다."),
    },
    "en": {
        "position": "Backend developer",
        "points": [{"point": "Zorblax retransmission rule", "terms": ["zorblax", "retransmission window", "three times"],
                    "variant": "Zorblax"},
                   {"point": "Kworm quorum size", "terms": ["kworm", "quorum"]},
                   {"point": "Vexil handshake cookie", "terms": ["vexil", "handshake cookie"], "variant": "Vexil"}],
        "misconception": {"claim": "Zorblax only runs over UDP.",
                          "correction": "Zorblax runs over TCP as well; it does not depend on the transport.",
                          "signals": ["only runs over UDP"]},
        "answer": ("Zorblax resends a frame up to three times inside its retransmission window when no ACK arrives, "
                   "so it survives packet loss. Zorblax only runs over UDP, so the firewall must allow it."),
    },
}


@pytest.mark.parametrize("lang", ["ko", "en"])
async def test_an_admin_edit_changes_the_next_evaluation(client: httpx.AsyncClient, auth: dict[str, str],
                                                         lang: str) -> None:
    spec = EDIT[lang]
    admin = await _admin(client)
    s = (await client.post("/sessions", headers=auth, json={"user_name": "Bank", "position": spec["position"],
                                                            "language": lang, "question_count": 3})).json()
    questions = (await client.get(f"/sessions/{s['id']}/questions", headers=auth)).json()
    rows = (await client.get("/admin/questions", headers=admin, params={"language": lang,
                                                                         "position": "backend"})).json()
    by_text = {r["text"]: r for r in rows}
    record, row = next((q, by_text[q["question_text"]]) for q in questions if q["question_text"] in by_text)
    original = {"key_points": row["key_points"], "misconceptions": row["misconceptions"]}
    r = await client.patch(f"/admin/questions/{row['id']}", headers=admin,
                           json={"key_points": spec["points"], "misconceptions": [spec["misconception"]]})
    assert r.status_code == 200, r.text
    assert r.json()["misconceptions"][0]["claim"] == spec["misconception"]["claim"]
    assert [kp.get("variant") for kp in r.json()["key_points"]] == [kp.get("variant") for kp in spec["points"]]
    try:
        r = await client.post("/answers", headers=auth, json={"record_id": record["record_id"],
                                                              "answer_text": spec["answer"]})
        assert r.status_code == 202, r.text
        results = await wait_evaluated(client, auth, s["id"])
        ev = next(x for x in results["results"] if x["record_id"] == record["record_id"])["evaluation"]
        # Graded by the edited rows, not by the data files the bank was imported from. The edit offers a choice
        # (Zorblax or Vexil): the answer took Zorblax, so the Vexil point is neither credited nor missed.
        assert ev["matched_key_points"] == [spec["points"][0]["point"]], (ev["status"], ev["criteria"], ev["evidence"]["coverage"], record["question_text"])
        assert ev["missed_key_points"] == [spec["points"][1]["point"]]
        assert ev["evidence"]["coverage"]["variant"] == spec["points"][0]["variant"]
        assert [m["claim"] for m in ev["misconceptions"]] == [spec["misconception"]["claim"]]
        assert spec["misconception"]["correction"] in ev["total_feedback"]
        assert ev["reference"] == "bank" and ev["criteria"]["correctness"] < 50
        kinds = {h["kind"]: spec["answer"][h["start"]:h["end"]] for h in ev["highlights"]}
        assert "UDP" in kinds["misconception"] and "UDP" not in kinds["key_point"]
    finally:
        await client.patch(f"/admin/questions/{row['id']}", headers=admin, json=original)


STORY = {"ko": ("작년에 배포가 한 번에 40분씩 걸렸습니다. 제가 파이프라인을 프로파일링해서 의존성 레이어를 캐시하고 테스트를 네 개의 "
                "병렬 작업으로 나눴습니다. 배포 시간이 9분으로 줄었고 팀은 두 배 자주 배포하게 됐습니다."),
         "en": ("Last year our deploys took forty minutes. I profiled the pipeline, cached the dependency layer and split "
                "the tests into four parallel jobs. Deploys dropped to nine minutes and the team shipped twice as often.")}


@pytest.mark.parametrize("lang", ["ko", "en"])
async def test_an_admin_premise_edit_changes_the_next_evaluation(client: httpx.AsyncClient, auth: dict[str, str],
                                                                 lang: str) -> None:
    # The same concrete story to two behavioural questions: the one whose premise the admin set to something the
    # story never shows is graded off-topic and told the premise; the one whose premise the admin cleared is not.
    admin = await _admin(client)
    s = (await client.post("/sessions", headers=auth, json={"user_name": "Premise", "position": "Behavioral",
                                                            "language": lang, "question_count": 2})).json()
    questions = (await client.get(f"/sessions/{s['id']}/questions", headers=auth)).json()
    rows = (await client.get("/admin/questions", headers=admin, params={"language": lang,
                                                                         "position": "behavioral"})).json()
    by_text = {r["text"]: r for r in rows}
    pairs = [(q, by_text[q["question_text"]]) for q in questions if q["question_text"] in by_text]
    assert len(pairs) == 2, [q["question_text"] for q in questions]
    (gated, gated_row), (free, free_row) = pairs
    premise = {"point": "Zorblax migration on call", "terms": ["zorblax", "pager rota"]}
    originals = {row["id"]: row.get("premise") for _, row in pairs}
    try:
        r = await client.patch(f"/admin/questions/{gated_row['id']}", headers=admin, json={"premise": premise})
        assert r.status_code == 200 and r.json()["premise"] == premise, r.text
        r = await client.patch(f"/admin/questions/{free_row['id']}", headers=admin, json={"premise": None})
        assert r.status_code == 200 and r.json()["premise"] is None, r.text
        for record in (gated, free):
            r = await client.post("/answers", headers=auth, json={"record_id": record["record_id"],
                                                                  "answer_text": STORY[lang]})
            assert r.status_code == 202, r.text
        results = {x["record_id"]: x["evaluation"] for x in (await wait_evaluated(client, auth, s["id"]))["results"]}
        off, ok = results[gated["record_id"]], results[free["record_id"]]
        assert off["status"] == "off_topic" and off["evidence"]["relevance"]["premise"] == premise["point"]
        assert "zorblax migration on call" in off["weaknesses"].lower()
        assert "premise" not in ok["evidence"]["relevance"] and ok["status"] == "ok", ok["criteria"]
        assert ok["overall"] > off["overall"]
    finally:
        for qid, value in originals.items():
            await client.patch(f"/admin/questions/{qid}", headers=admin, json={"premise": value})


async def test_an_admin_cannot_make_a_misconception_signal_of_the_questions_own_terms(
        client: httpx.AsyncClient) -> None:
    # "not my job" is how a right answer to "a problem outside your job" begins: as a signal it would flag that answer.
    admin = await _admin(client)
    rows = (await client.get("/admin/questions", headers=admin, params={"language": "en",
                                                                         "position": "behavioral"})).json()
    row = next(r for r in rows if r.get("premise") and r["misconceptions"])
    term = row["premise"]["terms"][0]
    bad = [{**row["misconceptions"][0], "signals": [*row["misconceptions"][0]["signals"][:2], term.upper()]}]
    r = await client.patch(f"/admin/questions/{row['id']}", headers=admin, json={"misconceptions": bad})
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error_code"] == "SIGNAL_IS_OWN_TERM" and body["retry_available"] is False
    assert repr(term.upper()) in body["error_message"]
    after = next(x for x in (await client.get("/admin/questions", headers=admin, params={
        "language": "en", "position": "behavioral"})).json() if x["id"] == row["id"])
    assert after["misconceptions"] == row["misconceptions"] and after["version"] == row["version"]
