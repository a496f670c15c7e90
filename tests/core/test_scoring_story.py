"""Behavioural stories read by their verbs, and absolutes the key itself uses (issue #10, round 3)."""
from __future__ import annotations

from core.scoring import context_for_text, evaluate_answer

MENTOR = {"en": "Tell me about a time you mentored a junior colleague.",
          "ko": "주니어 동료를 멘토링했던 경험을 말씀해 주세요."}
# A concrete story with no STAR cue word and no listed action verb, and a vague one.
STORY = {
    "en": ("A new hire on our team kept getting long review threads on his pull requests. I sat down with him "
           "and we split his next feature into small pull requests. We also paired twice a week for a month. "
           "After six weeks his reviews passed in one round."),
    "ko": ("새로 온 팀원이 코드 리뷰에서 매번 수정 요청을 많이 받았습니다. 다음 기능을 작은 단위로 나눠서 올리자고 "
           "정했고 한 달 동안 주 2회 같이 페어 프로그래밍을 했습니다. 6주 뒤에는 리뷰가 한 번에 통과됐습니다."),
}
VAGUE = {
    "en": "I think mentoring is important. Good mentors help juniors grow and make the whole team stronger.",
    "ko": "멘토링은 중요하다고 생각합니다. 좋은 멘토는 주니어가 성장하도록 돕고 팀 전체를 강하게 만듭니다.",
}


def _eval(lang: str, answer: str) -> dict:
    ctx = context_for_text(MENTOR[lang], lang)
    assert ctx.kind == "behavioral"
    return evaluate_answer(ctx, answer)


def test_an_english_story_is_read_by_its_own_past_tense_verbs() -> None:
    story, vague = _eval("en", STORY["en"]), _eval("en", VAGUE["en"])
    assert story["evidence"]["specificity"]["first_person_actions"] >= 2  # "I sat down", "we split", "we also paired"
    assert vague["evidence"]["specificity"]["first_person_actions"] == 0
    parts = story["evidence"]["structure"]["parts"]
    assert "action" in parts and "result" in parts  # the result: a number in the closing sentences
    assert "action" not in vague["evidence"]["structure"]["parts"]
    assert story["overall"] > vague["overall"] + 15


def test_a_korean_story_without_a_subject_still_shows_its_actions() -> None:
    story, vague = _eval("ko", STORY["ko"]), _eval("ko", VAGUE["ko"])
    assert "action" in story["evidence"]["structure"]["parts"]  # "정했고", "했습니다" without "제가"
    assert "action" not in vague["evidence"]["structure"]["parts"]  # present tense, general statements
    assert "result" in story["evidence"]["structure"]["parts"]
    assert story["overall"] > vague["overall"] + 15


def test_i_need_is_not_a_past_action() -> None:
    from core.scoring.criteria import _first_person_past
    story = _first_person_past("en")
    assert story is not None
    assert story.search("i need to split it") is None and story.search("we proceed") is None
    assert story.search("then i quickly rewrote the query") and story.search("we moved the job to a queue")
    assert _first_person_past("ko") is None  # Korean keeps its own lists (it drops the subject)


def test_an_absolute_the_key_itself_uses_is_not_an_overclaim() -> None:
    en = context_for_text("How do resource requests and limits work in Kubernetes? Explain QoS classes and what "
                          "happens when a node runs short of CPU or memory.", "en")
    said = ("Requests are what the scheduler reserves, limits are enforced at runtime. When requests equal limits "
            "for every container the Pod is Guaranteed, and Guaranteed Pods are evicted last.")
    assert evaluate_answer(en, said)["evidence"]["correctness"]["overclaims"] == []
    claimed = "Requests are what the scheduler reserves, and setting limits completely prevents any eviction."
    assert evaluate_answer(en, claimed)["evidence"]["correctness"]["overclaims"]
    ko = context_for_text("데이터베이스 인덱스가 어떻게 조회를 빠르게 만드는지, 그리고 복합 인덱스를 만들 때 컬럼 순서를 "
                          "어떻게 정하시는지 설명해 주세요.", "ko")
    assert "항상" in ko.model_answer
    right = "B+tree 인덱스로 정렬된 키를 따라가 찾기 때문에 빠르고, 튜닝할 때는 항상 EXPLAIN으로 실행 계획을 확인합니다."
    assert evaluate_answer(ko, right)["evidence"]["correctness"]["overclaims"] == []
    wrong = "인덱스를 걸면 무조건 빨라지기 때문에 모든 컬럼에 인덱스를 겁니다."
    assert evaluate_answer(ko, wrong)["evidence"]["correctness"]["overclaims"]


def test_an_unhedged_absolute_is_named_but_costs_no_correctness() -> None:
    # Measured on 572 graded dev answers: absolutes are as common in excellent answers as in wrong ones, so
    # they are no correctness penalty (bench/README.md, round 4). The combiner, fitted on 956 graded answers,
    # weighs one at about -0.13 of a tier when all else is equal: a nudge, not a verdict.
    cases = {
        "en": ("How would you choose a message queue for a new notification service at a small startup?",
               "I would pick a managed queue such as SQS because the team is small, and it retries failed "
               "deliveries with a dead-letter queue for messages that keep failing.",
               "I would always pick a managed queue such as SQS because the team is small, and it retries failed "
               "deliveries with a dead-letter queue for messages that keep failing."),
        "ko": ("작은 스타트업에서 새 알림 서비스에 쓸 메시지 큐를 어떻게 고르시겠어요?",
               "팀이 작아서 SQS 같은 관리형 큐를 고르고, 실패한 메시지는 재시도한 뒤 계속 실패하면 데드레터 큐로 보내겠습니다.",
               "팀이 작아서 무조건 SQS 같은 관리형 큐를 고르고, 실패한 메시지는 재시도한 뒤 계속 실패하면 데드레터 큐로 보내겠습니다."),
    }
    for lang, (question, hedged, absolute) in cases.items():
        ctx = context_for_text(question, lang)
        assert ctx.reference == "derived" and not ctx.model_answer
        calm, sure = evaluate_answer(ctx, hedged), evaluate_answer(ctx, absolute)
        assert not calm["evidence"]["correctness"]["overclaims"] and sure["evidence"]["correctness"]["overclaims"]
        assert not sure["evidence"]["correctness"]["verified"]  # facts still unchecked
        assert sure["criteria"]["correctness"] == calm["criteria"]["correctness"]
        assert 0 <= calm["overall"] - sure["overall"] <= 8


def test_a_hyphenated_name_is_not_praised_as_a_number_and_a_word() -> None:
    # "3-way handshake" once came back in the strengths as the concrete details '3' and 'way'.
    for lang, question, answer in (
        ("ko", "TCP와 UDP의 차이를 설명해 주세요.",
         "TCP는 3-way handshake로 연결을 맺고 재전송으로 30초 안에 유실을 복구합니다. UDP는 연결 없이 보냅니다."),
        ("en", "Explain the difference between TCP and UDP.",
         "TCP opens with a 3-way handshake and retransmits lost segments within 200ms; UDP just sends datagrams."),
    ):
        ev = evaluate_answer(context_for_text(question, lang), answer)
        spec = ev["evidence"]["specificity"]
        assert "way" not in spec["technologies"] and not any(n.strip() == "3" for n in spec["numbers"])
        assert any(n.strip() in ("30초", "200ms") for n in spec["numbers"])  # real measurements still count
        assert "'way'" not in ev["strengths"] and "'3'" not in ev["strengths"]
