"""Behavioural stories read by their verbs, and absolutes the key itself uses (issue #10, round 3)."""
from __future__ import annotations

import pytest

from core.question_bank import find_question
from core.scoring import context_for_text, evaluate_answer
from core.scoring.context import context_from_bank
from core.scoring.lexicon import feedback_phrases

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


# The same story with its counts spelled out in words and no digit; its absolutes tell what happened.
SPELLED = {
    "en": ("A new hire on our team kept getting long review threads, and our review rules had never been written "
           "down. I sat down with him and we split his next feature into small pull requests. We paired twice a "
           "week for a month. Within three weeks his reviews passed in one round."),
    "ko": ("새로 온 팀원이 코드 리뷰에서 항상 수정 요청을 많이 받았는데, 리뷰 기준이 정리된 적이 없었습니다. "
           "다음 기능을 작은 단위로 나눠서 올리자고 정했고 한 달 동안 일주일에 두 번 같이 페어 프로그래밍을 했습니다. "
           "그 뒤로 들어온 신규 입사자 세 명은 반나절 안에 리뷰를 통과했습니다."),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_counts_spelled_out_are_concrete(lang: str) -> None:
    from core.scoring.criteria import spelled_counts
    assert spelled_counts("그 뒤로 들어온 신규 입사자 세 명은 반나절 안에", "ko") == ["세 명", "반나절"]
    assert spelled_counts("두 가지 이유로 한 번 해 보겠습니다, 두 번째로", "ko") == []
    assert spelled_counts("within three weeks, two new hires; one thing, three reasons", "en") == ["three weeks", "two new hires"]
    story = _eval(lang, SPELLED[lang])
    spec = story["evidence"]["specificity"]
    assert spec["counted"], spec
    assert "result" in story["evidence"]["structure"]["parts"]  # a count in the closing sentences
    assert feedback_phrases(lang)["weaknesses"]["abstract"] not in story["weaknesses"]
    # "never" / "항상" tells what happened in the story: no unhedged-absolute warning.
    assert spec["absolute"]
    assert feedback_phrases(lang)["weaknesses"]["absolute"].split("{items}")[1][:12] not in story["weaknesses"]
    assert story["overall"] > _eval(lang, VAGUE[lang])["overall"] + 15


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
               ("I would pick a managed queue such as SQS because the team is small, and it retries failed "
                "deliveries with a dead-letter queue for messages that keep failing."),
               ("I would always pick a managed queue such as SQS because the team is small, and it retries failed "
                "deliveries with a dead-letter queue for messages that keep failing.")),
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
        # These questions are outside the bank and judged without a close key. Since round 31 that fit reads absolutes
        # (bench/fit_combiner.FAR_EXCLUDED is empty): with rubric-v29 the English pair read 61 and 53, with rubric-v30
        # (blind40 in the fit; the same line weight, -0.37 of a tier) 60 and 50; the one extra word also moves the
        # cosines by a point or two either way. A nudge, never a verdict. (The Korean pair is read as about dead-letter
        # queues, off-topic: 10 and 11 with rubric-v29, 9 and 15 with rubric-v26, when delivery read 59 and 64 and the
        # fit's steep tail below the first knot made that six points of overall.)
        # rubric-v32 read the English pair 61 and 51, rubric-v33 62 and 50: the fit's weight on an absolute did not move
        # (-0.35 and -0.35), its knots did, and this answer sits on their steepest stretch. Reading only the absolutes
        # beyond the first lost leave-one-set-out (0.794 -> 0.790, outside 0.721 -> 0.715; bench/README.md, round 35), so
        # one word keeps its nudge; what the design promises is that it stays below one grade band (15 points).
        # rubric-v52's refit read the pair 61 and 45 (0.31 of a tier); each absolute is now capped at a quarter of a
        # tier (combiner.ABSOLUTE_NUDGE): 61 and 49.
        assert -7 <= calm["overall"] - sure["overall"] < 15
        # Read against the whole bank's wrong claims, the clause is read without its "always" / "무조건": the word
        # alone tied it to the bank's "a serial queue always runs its tasks on one thread" (0.47 -> 0.51).
        lean = [e["evidence"]["correctness"]["bank_misconception_lean"] for e in (calm, sure)]
        assert lean[1] <= lean[0] + 0.01, lang  # the same words; a clause cut elsewhere moves it a little


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


def test_a_lone_digit_in_code_is_not_praised_as_a_figure() -> None:
    # "setCount(0 + 1)" once came back as the concrete detail '0'.
    question = "Why does a setInterval callback in a useEffect with an empty dependency array keep showing the same count?"
    answer = ("The interval callback closed over count from the first render, so it keeps calling setCount(0 + 1) "
              "every 1000 ms. Use the functional update setCount(c => c + 1), and clear the interval in the cleanup.")
    ev = evaluate_answer(context_for_text(question, "en"), answer)
    assert "0" in ev["evidence"]["specificity"]["numbers"]  # still read as a number for specificity
    assert "'0'" not in ev["strengths"] and "'1'" not in ev["strengths"]


CONFLICT = {"en": "Tell me about a time you strongly disagreed with a colleague. How did you work through the conflict, "
                  "and what was the outcome?",
            "ko": "동료와 의견이 크게 부딪혔던 경험을 말씀해 주세요. 갈등을 어떻게 풀어 가셨고, 결과는 어땠나요?"}
# A concrete story whose situation is marked only by "last year" and whose result only by a percentage.
CONFLICT_STORY = {
    "en": ("Last year I clashed with a senior colleague for two weeks over the payment module: he wanted a full "
           "rewrite, I wanted to improve it step by step. I asked him for a one-on-one and heard that his worry was "
           "the tech debt, so I suggested we prototype both and compare p95 latency. The incremental version was "
           "40% faster, so we agreed on it, and since then we compare with data first when we disagree."),
    "ko": ("작년에 결제 모듈 리팩터링을 두고 시니어 동료와 2주 동안 부딪혔습니다. 동료는 전면 재작성을, 저는 점진적 개선을 "
           "주장했습니다. 저는 1:1로 따로 대화를 청해 동료가 걱정하는 기술 부채 이유를 들었고, 두 방식으로 프로토타입을 만들어 "
           "p95 응답 시간을 비교하자고 제안했습니다. 점진 방식이 p95 응답 시간이 40% 짧아서 그 방향으로 합의했고, 이후로는 "
           "의견이 갈리면 데이터로 먼저 비교하는 습관이 생겼습니다."),
}


def test_a_percentage_and_last_year_tell_a_storys_result_and_situation() -> None:
    # "40%" never matched the cue "%" (a word boundary was required after the digit), and "작년에" / "last year"
    # was no situation: this story was told its situation and result were missing.
    for lang in ("ko", "en"):
        ctx = context_for_text(CONFLICT[lang], lang)
        assert ctx.source == "bank" and ctx.kind == "behavioral"
        ev = evaluate_answer(ctx, CONFLICT_STORY[lang])
        assert {"situation", "action", "result"} <= set(ev["evidence"]["structure"]["parts"])
        points = ev["evidence"]["coverage"]["points"]
        situation = points[0]
        assert situation["score"] >= 0.5, situation
        assert situation["point"] not in ev["weaknesses"]
        numbers = [n.strip() for n in ev["evidence"]["specificity"]["numbers"]]
        assert "40%" in numbers
        assert "1" not in numbers  # "1:1" is a meeting, not a measurement
        if lang == "ko":
            assert "2주" in numbers  # quoted with its unit


def test_a_story_is_not_told_to_insert_cue_words() -> None:
    # A behavioural key point's terms are cue words ("당시", "상황"): advice to put them in teaches vocabulary,
    # not storytelling.
    for lang, answer in (("ko", "동료와 의견이 달랐지만 서로 대화해서 잘 풀었고 결과적으로 프로젝트가 잘 끝났습니다."),
                         ("en", "We disagreed, but we talked it through and the project ended well as a result.")):
        ev = evaluate_answer(context_for_text(CONFLICT[lang], lang), answer)
        assert "핵심어" not in ev["total_feedback"] and "key words like" not in ev["total_feedback"]
        assert "'당시'" not in ev["total_feedback"] and "'at the time'" not in ev["total_feedback"]


def test_a_point_only_close_in_meaning_is_not_praised_as_stated() -> None:
    # This answer denies the first key point ("exactly the same thing"), yet its sentences are close to it in
    # meaning: semantic credit alone once earned "You covered … accurately" and "… was especially good".
    for lang, question, answer in (
        ("en", "Explain how SQL window functions differ from GROUP BY, and how you'd get each user's most recent order.",
         ("Window functions and GROUP BY are exactly the same thing, window functions are just the newer syntax. To "
          "get each user's most recent order you just do SELECT * FROM orders GROUP BY user_id and the database "
          "automatically returns the latest row for each user.")),
        ("ko", "SQL 윈도우 함수는 GROUP BY와 어떻게 다른지, 그리고 사용자별 가장 최근 주문을 어떻게 구하시는지 설명해 주세요.",
         ("윈도우 함수랑 GROUP BY는 사실 완전히 같은 겁니다. 윈도우 함수는 그냥 새로 나온 문법이에요. 사용자별 최근 주문은 "
          "SELECT * FROM orders GROUP BY user_id 하면 데이터베이스가 알아서 사용자마다 마지막 행을 돌려줍니다.")),
    ):
        ev = evaluate_answer(context_for_text(question, lang), answer)
        close = [p for p in ev["evidence"]["coverage"]["points"] if p["score"] >= 0.5]
        assert close and not any(p["terms"] for p in close)  # the case under test: meaning only
        assert "accurately" not in ev["strengths"] and "정확하게" not in ev["strengths"]
        assert "especially good" not in ev["total_feedback"] and "좋았습니다" not in ev["total_feedback"]
        assert "'SELECT'" not in ev["strengths"] and "'FROM'" not in ev["strengths"]


# A story about the candidate's own technical work: its words are the project's (a settlement batch,
# checkpoints), not the question's (pride). The cosine to the question alone once made it "off-topic" (25 F).
PROUDEST_STORY = {
    "ko": ("작년에 제가 맡은 건 주문 서비스의 정산 배치를 다시 만드는 일이었습니다. 기존 배치는 매일 밤 네 시간씩 돌았고 "
           "실패하면 처음부터 다시 돌려야 했습니다. 제가 작업을 가맹점 단위로 쪼개서 체크포인트를 남기도록 바꿨고, "
           "실패한 구간만 다시 돌리는 재시도 로직을 직접 구현했습니다. 배포 후에는 배치 시간이 40분으로 줄었고 "
           "새벽 장애 호출도 한 달에 다섯 번에서 0번이 됐습니다."),
    "en": ("Last year I rebuilt the nightly settlement batch of our order service. The old job ran for four hours and "
           "restarted from scratch whenever it failed. I split the work per merchant, wrote a checkpoint after each "
           "chunk and implemented a retry that reruns only the failed chunks. After the rollout the batch took 40 "
           "minutes, and night-time pages dropped from five a month to zero."),
}


def test_a_concrete_story_about_technical_work_is_not_off_topic_for_a_behavioural_question() -> None:
    for lang in ("ko", "en"):
        other = "en" if lang == "ko" else "ko"
        ctx = context_from_bank(find_question("behavioral-proudest-project", lang),
                                find_question("behavioral-proudest-project", other))
        for answer in (PROUDEST_STORY[lang], PROUDEST_STORY[other]):  # also told in the other language
            ev = evaluate_answer(ctx, answer)
            assert ev["evidence"]["specificity"]["first_person_actions"] >= 2
            assert ev["status"] == "ok" and ev["criteria"]["relevance"] >= 50, (lang, ev["criteria"])
            assert ev["overall"] >= 60, (lang, ev["overall"])
            assert "벗어났습니다" not in ev["total_feedback"] and "drifted away" not in ev["total_feedback"]
        # Telling no story earns no floor: an answer about something else stays off-topic.
        ev = evaluate_answer(ctx, "HTTP/2는 하나의 TCP 연결에서 여러 스트림을 멀티플렉싱합니다." if lang == "ko" else
                             "HTTP/2 multiplexes many streams over one TCP connection.")
        assert ev["criteria"]["relevance"] < 50 and ev["overall"] < 30


def test_a_korean_story_with_one_stated_action_and_a_result_is_a_story() -> None:
    # Korean drops the subject: "제가" once, the other actions without it. One action and a result tell a story
    # (three such stories once scored 4-7 as "off-topic").
    ctx = context_from_bank(find_question("behavioral-proudest-project", "ko"),
                            find_question("behavioral-proudest-project", "en"))
    ev = evaluate_answer(ctx, "모바일 앱의 이미지 업로드를 다시 만든 일입니다. 업로드가 자주 끊겨서 고객 문의가 하루 스무 건씩 "
                              "들어왔습니다. 제가 청크 단위 재개 업로드를 구현하고 실패 시 자동 재시도를 붙였습니다. 그 뒤로 "
                              "업로드 실패율이 8%에서 1% 아래로 떨어졌습니다.")
    assert ev["evidence"]["specificity"]["first_person_actions"] == 1
    assert ev["status"] == "ok" and ev["criteria"]["relevance"] >= 50 and ev["overall"] >= 50, ev["criteria"]


# Feedback given to a junior is a good story for another question: the one asked is about someone senior.
UPWARD = {
    "en": (("One of the juniors on my team kept opening huge pull requests, sometimes two thousand lines. I sat down "
           "with him, showed him two of his PRs and explained how their size made reviewers skim and miss bugs. We split "
           "his next feature into five PRs of under 300 lines each, and his review turnaround dropped from three days "
           "to under one."),
           ("Our tech lead wrote design docs that went straight to implementation, and twice that caused rework for the "
           "mobile team. I told him in a 1:1, with the two examples, and suggested a two-day async review window before "
           "implementation. He was annoyed at first but tried it on the next doc, and the mobile team caught a "
           "pagination issue in that review.")),
    "ko": (("신입 후배가 PR을 2천 줄씩 올려서 리뷰가 제대로 안 됐습니다. 따로 불러 PR 두 개를 예로 들며 크기 때문에 리뷰어가 "
           "대충 보고 버그를 놓친다고 설명했고, 다음 기능은 300줄 이하 PR 다섯 개로 나눠 올렸습니다. 리뷰 시간이 사흘에서 "
           "하루 이내로 줄었습니다."),
           ("팀장님이 설계 문서를 리뷰 없이 바로 구현으로 넘기셔서 모바일 팀이 두 번이나 재작업을 했습니다. 1:1 자리에서 그 두 "
           "사례를 들어 말씀드리고, 구현 전에 이틀간 비동기 리뷰 기간을 두자고 제안했습니다. 처음엔 언짢아하셨지만 다음 "
           "문서부터 해 보셨고, 그 리뷰에서 모바일 팀이 페이지네이션 문제를 잡았습니다.")),
}


def _on_and_off_premise(key: str, lang: str, on_premise: str, off_premise: str) -> tuple[dict, dict]:
    """Both stories read against the bank question's premise: the first is on it and scores 25+ above the second,
    which is capped as off-topic with the premise named."""
    q = find_question(key, lang)
    assert q is not None and q.premise is not None
    ctx = context_for_text(q.text, lang)
    on, off = evaluate_answer(ctx, on_premise), evaluate_answer(ctx, off_premise)
    assert off["status"] == "off_topic" and off["evidence"]["relevance"]["premise"] == q.premise.point
    assert on["status"] == "ok" and "premise" not in on["evidence"]["relevance"], on["criteria"]
    assert on["overall"] >= off["overall"] + 25
    return on, off


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_story_without_the_questions_premise_is_off_topic_and_told_why(lang: str) -> None:
    junior_story, senior_story = UPWARD[lang]
    _, junior = _on_and_off_premise("behavioral-upward-feedback", lang, senior_story, junior_story)
    said = feedback_phrases(lang)["status"]["off_topic"]["premise"].split("{premise}")[0]
    assert said in junior["weaknesses"]


# Outside one's own job (round 48): another team's thing is named by whose it was ("인프라 팀 몫이었는데", "it belonged
# to the platform team"), and a story about one's own module ("제 담당 모듈") is not about that, though it says "담당".
BEYOND_SCOPE = {
    "en": (("Our nightly exports kept failing on the first of the month. The exporter belonged to the platform team, "
            "not us. I traced it to a date filter that skipped the last day of the previous month, opened a pull request "
            "in their repository with a test for it and walked their lead through it. They merged it that week and the "
            "monthly failures stopped."),
           ("I rewrote the billing module I was responsible for. Its payment-provider branches were one huge switch, so "
            "I split them into one adapter per provider behind a common interface, recorded real responses as "
            "regression tests first and moved one provider at a time behind a flag. Adding a provider went from two "
            "weeks to three days.")),
    "ko": (("매달 1일마다 야간 정산 내보내기가 실패했습니다. 그 배치는 인프라 팀 몫이었는데, 제가 로그를 따라가 보니 날짜 "
            "필터가 전달의 마지막 날을 빼먹고 있었습니다. 인프라 팀에 고쳐도 되는지 물어본 뒤 테스트를 붙인 수정 PR을 올렸고, "
            "그 주에 반영돼서 월초 실패가 사라졌습니다."),
           ("제 담당 모듈이던 결제 모듈을 리팩터링했습니다. PG사별 분기가 거대한 switch 문이어서 PG사마다 어댑터를 두고 공통 "
            "인터페이스로 묶었고, 실제 응답을 녹화해 회귀 테스트를 먼저 만든 뒤 플래그로 하나씩 옮겼습니다. 새 PG 연동이 "
            "2주에서 3일로 줄었습니다.")),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_another_teams_problem_is_named_by_whose_it_was_not_by_the_word_for_a_job(lang: str) -> None:
    _on_and_off_premise("behavioral-ownership-beyond-scope", lang, *BEYOND_SCOPE[lang])


# "그 뒤로" (since then) closes most Korean stories; only "뒤로 미루다/밀다/빼다" (push back) shows a priority call.
INCIDENT_NOT_PRIORITIES = (
    "작년 연말 세일 첫날 새벽에 결제 API 응답이 갑자기 느려졌습니다. 당직이던 제가 알림을 받고 보니 커넥션 풀이 가득 차 "
    "있었고, 그날 배포된 할인 조회 쿼리가 인덱스를 타지 않고 있었습니다. 그 기능을 플래그로 끄고 인덱스를 추가한 뒤 다시 "
    "켰고, 30분 만에 복구했습니다. 그 뒤로는 배포 전에 실행 계획을 확인하는 체크리스트를 만들어 같은 장애가 다시 나지 "
    "않았습니다."
)
PRIORITIES = (
    "분기 말에 영업팀 리포트, 고객사 버그 두 건, 마케팅 이벤트 페이지 요청이 한 주에 몰렸습니다. 저는 매출 영향과 마감이 "
    "있는지를 기준으로 고객사 버그를 먼저 고치고, 이벤트 페이지는 마케팅 팀과 협의해서 다음 주로 뒤로 미뤘습니다. "
    "리포트는 기존 쿼리를 재사용해 반나절에 끝냈고, 결과적으로 버그 두 건 모두 계약 갱신 전에 해결됐습니다."
)


def test_then_is_not_a_priority_call() -> None:
    _on_and_off_premise("behavioral-prioritization", "ko", PRIORITIES, INCIDENT_NOT_PRIORITIES)


# Stories to questions outside the bank whose actions use no listed verb ("went through", "짚었고") and whose situation
# opens with "On my last team" / "…했을 때": the generic STAR points are held by the same reading as the structure.
UNLISTED = {
    "en": ("Tell me about a time you convinced your lead to spend a sprint on an internal tool nobody had asked for.",
           ("On my last team, releases took a whole afternoon of manual steps. I went through the last ten releases "
            "and timed every step, then showed our lead that we lost about two days a month. She gave us one sprint, "
            "and releases dropped to twenty minutes.")),
    "ko": ("요청받지 않은 사내 도구에 한 스프린트를 쓰자고 리드를 설득해 본 이야기를 들려주세요.",
           ("배포 담당을 맡았을 때 릴리스마다 수동 작업으로 오후가 다 갔습니다. 저는 지난 릴리스 열 번의 단계별 시간을 재서 "
            "리드에게 짚었고, 한 달에 이틀을 잃는다는 걸 보여 줬습니다. 한 스프린트를 받아 자동화했고 배포는 20분으로 줄었습니다.")),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_storys_unlisted_verbs_and_opening_hold_its_star_points(lang: str) -> None:
    question, answer = UNLISTED[lang]
    ctx = context_for_text(question, lang, "behavioral")
    assert ctx.source == "derived" and ctx.kind == "behavioral"
    ev = evaluate_answer(ctx, answer)
    parts = dict(ctx.story_points)
    held = {parts[p["point"]] for p in ev["evidence"]["coverage"]["points"] if p["point"] in parts and p["score"] >= 0.5}
    assert {"situation", "action", "result"} <= held, held
    assert ev["evidence"]["specificity"]["first_person_actions"] >= 1


# A remote-work story told by the clock ("hours apart", "their morning", "overnight") and not by the words "remote" or
# "time zone"; and a story about a team on another floor, which is not remote work.
APART = ("At my previous job I was in Seoul and the mobile team was in Toronto, thirteen hours apart. Questions I sent "
         "in the afternoon were answered overnight, so I started ending each day with a short note on what I had done "
         "and what I needed from them, which they read in their morning. After a month our blocked tickets halved.")
ANOTHER_FLOOR = ("The payments team sat two floors up and kept changing their API under us. I asked to join their "
                 "planning every other week, we wrote the contract together first, and I built the screens against a "
                 "mock. We launched two weeks early with almost no integration bugs.")


def test_a_remote_story_told_by_the_clock_is_on_its_premise() -> None:
    q = find_question("behavioral-remote-collaboration", "en")
    assert q is not None and q.premise is not None
    ctx = context_for_text(q.text, "en")
    apart, floor = evaluate_answer(ctx, APART), evaluate_answer(ctx, ANOTHER_FLOOR)
    assert "premise" not in apart["evidence"]["relevance"] and apart["status"] == "ok"
    assert floor["evidence"]["relevance"]["premise"] == q.premise.point
    assert apart["overall"] >= floor["overall"] + 25


def test_a_negated_absolute_is_a_hedge_not_an_overclaim() -> None:
    # blind46 (read in round 37): a short, precise answer on WebAssembly ended "… 때문에 무조건 빨라지진 않습니다" (it is
    # not always faster) and was told it used an unhedged '무조건'. Under a contrastive negation the absolute limits the
    # claim; "항상 반영되지 않는다" (always not) and a bare "always" stay absolutes.
    cases = {
        "ko": ("WebAssembly를 쓰면 JavaScript보다 무조건 빨라진다고 봐도 될까요?",
               "계산이 많은 코드는 빨라질 수 있지만, JS와의 경계 호출과 메모리 복사 비용 때문에 무조건 빨라지진 않습니다.",
               "계산이 많은 코드는 빨라질 수 있고, 컴파일된 바이너리라서 무조건 빨라집니다."),
        "en": ("Does moving code to WebAssembly always make it faster than JavaScript?",
               ("Heavy number crunching can get faster, but it's not always faster, because calls across the JS "
                "boundary and copying memory cost time."),
               "Heavy number crunching gets faster, and compiled code is always faster than JavaScript."),
    }
    for lang, (question, hedged, absolute) in cases.items():
        ctx = context_for_text(question, lang)
        calm, sure = evaluate_answer(ctx, hedged), evaluate_answer(ctx, absolute)
        assert calm["evidence"]["correctness"]["overclaims"] == [], lang
        assert sure["evidence"]["correctness"]["overclaims"], lang
        assert calm["evidence"]["specificity"]["absolute"] == [], lang
        line = feedback_phrases(lang)["weaknesses"]["absolute"].split("{items}")[1][:12]
        assert line not in " ".join(calm["weaknesses"]), lang


# (language, question, an answer whose absolute claims nothing, the same answer with an absolute that does, that word).
# blind51 (read in round 40): a right answer on mixed content that moves image links "https 절대 경로로" and names "DB에
# 절대 URL로 저장된 주소" was read as three overclaims, and the far fit put it at 23 (rubric 66). 절대 in a term (an
# absolute path, URL or value) names a thing; 절대 as an adverb ("절대 안전합니다") stays an absolute. blind55 (round
# 41): a right Helm answer said the killed job "never marked it as deployed or failed" and scored 15; "never" before a
# past verb tells what did not happen, "never keeps" still claims.
ABSOLUTES_THAT_CLAIM_NOTHING = [
    ("ko", "HTTPS로 옮긴 뒤 Mixed Content 경고가 나면 어떻게 정리하시겠어요?",
     ("HTTPS 페이지가 HTTP 리소스를 부르면 브라우저가 막습니다. DB에 절대 URL로 저장된 이미지 주소와 하드코딩된 "
      "API 주소를 찾아서 https 절대 경로로 바꾸고, 과도기에는 upgrade-insecure-requests를 겁니다."),
     ("HTTPS 페이지가 HTTP 리소스를 부르면 브라우저가 막습니다. upgrade-insecure-requests 한 줄만 걸면 "
      "절대 문제가 생기지 않고 완전히 안전합니다."), "절대"),
    ("en", ("A helm upgrade run from CI timed out halfway, and every later deploy fails with 'another operation is in "
            "progress'. What happened, and how do you recover?"),
     ("Helm writes the new revision as pending-upgrade and marks it deployed or failed only when the command finishes. "
      "The CI job was killed, so Helm never marked it as failed and the release stays locked; I roll back to the last "
      "deployed revision and rerun the deploy with --atomic and a Helm timeout shorter than the job's."),
     ("Helm writes the new revision as pending-upgrade. Helm never keeps a release locked for long, it cleans up by "
      "itself, so I simply rerun the deploy."), "never"),
    # blind61 (round 47): a short, right answer was told its "always-firing Watchdog alert" was an absolute claim without
    # evidence; "always-" in a hyphenated name names the alert.
    ("en", ("Our Prometheus server ran out of disk and Alertmanager stayed silent for hours. How would you make sure a "
            "failure of the monitoring pipeline itself gets noticed quickly?"),
     ("Add a dead man's switch: an always-firing Watchdog alert routed to an external heartbeat service that pages when "
      "the heartbeat stops, plus a second Prometheus that watches the first one's disk and rule failures."),
     ("Add a dead man's switch: Alertmanager always delivers every alert, so an external heartbeat service that pages "
      "when the heartbeat stops is all it takes."), "always"),
    # Round 49: "whenever" holds "never"; a story that told how the old job "restarted from scratch whenever it failed"
    # was read as claiming an absolute (116 answers of the sixty-three sets held a cue inside a word, nearly all
    # "whenever").
    ("en", "Our nightly settlement batch runs for four hours and sometimes fails. How would you make it faster and safer?",
     ("The old job restarted from scratch whenever it failed, so I split it per merchant, wrote a checkpoint after each "
      "chunk and retried only the failed chunks; whenever a chunk fails now, only that chunk reruns."),
     ("Split it per merchant: a job split like that never fails, so it needs no checkpoints or retries."), "never"),
]


@pytest.mark.parametrize(("lang", "question", "named", "claimed", "word"), ABSOLUTES_THAT_CLAIM_NOTHING)
def test_an_absolute_that_claims_nothing_is_not_an_overclaim(lang: str, question: str, named: str, claimed: str,
                                                             word: str) -> None:
    ctx = context_for_text(question, lang)
    calm, bold = evaluate_answer(ctx, named), evaluate_answer(ctx, claimed)
    assert calm["evidence"]["correctness"]["overclaims"] == []
    assert calm["evidence"]["specificity"]["absolute"] == []
    assert bold["evidence"]["correctness"]["overclaims"]
    assert word in bold["evidence"]["specificity"]["absolute"]


# A customer-focus story whose users are the company's own support agents: it never says "user" or "customer".
SUPPORT_AGENTS = ("In my last job the support team used an internal admin tool for refunds, and the agents kept asking "
                  "engineers to look up order details. I sat with two support agents for an afternoon and saw the refund "
                  "screen didn't show the payment method or earlier partial refunds. I added both and a refund history "
                  "panel; the questions to engineering mostly stopped and each refund took a couple of minutes less.")


# A mentoring story that calls the mentee "a new graduate": none of "junior", "mentor", "new hire" or "taught".
NEW_GRADUATE = ("Last spring a new graduate joined our team and was still only taking tiny tickets after a month. I found "
                "she didn't know how our services talked to each other, so I drew the architecture with her and we paired "
                "on one real feature. Three months later she shipped a feature on her own with one review round.")


@pytest.mark.parametrize(("key", "story"), [("behavioral-customer-focus", SUPPORT_AGENTS),
                                            ("behavioral-mentoring", NEW_GRADUATE)])
def test_a_story_on_its_premise_in_words_the_list_had_missed_is_not_capped(key: str, story: str) -> None:
    # Stories like these were capped as off-topic for want of a premise word: a tier-3 one about support agents
    # (blind46, read in round 37: 15) and a tier-4 one about "a new graduate" (blind54, read in round 40: 24; the
    # premise listed "new grad").
    q = find_question(key, "en")
    assert q is not None and q.premise is not None
    ev = evaluate_answer(context_for_text(q.text, "en"), story)
    assert "premise" not in ev["evidence"]["relevance"] and ev["status"] == "ok"
    assert ev["overall"] >= 50


# Work outside one's own job, told as such: saying so is the premise, not the wrong claim "I reported it and left it".
OUTSIDE_MY_JOB = {
    "en": ("Our shared staging database was owned by the platform team, and it was not my job, but every Monday it ran out "
           "of disk and blocked all teams. I found that old snapshots were never deleted, showed their lead the numbers, "
           "and with his agreement I wrote the cleanup job and an alert. Staging has not filled up since, and I learned to "
           "fix things together with their owners."),
    "ko": ("공용 스테이징 DB는 플랫폼팀 소관이라 제 일은 아니었지만, 매주 월요일마다 디스크가 차서 모든 팀이 막혔습니다. 오래된 "
           "스냅샷이 지워지지 않는 것을 찾아서 그 팀 리드에게 수치를 보여 주고, 동의를 받아 제가 정리 작업과 알림을 만들었습니다. "
           "그 뒤로 스테이징이 다시 차지 않았고, 소유한 팀과 같이 고치는 게 오래 간다는 걸 배웠습니다."),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_saying_the_problem_was_not_ones_job_is_the_premise_not_a_misconception(lang: str) -> None:
    ctx = context_from_bank(find_question("behavioral-ownership-beyond-scope", lang),
                            find_question("behavioral-ownership-beyond-scope", "ko" if lang == "en" else "en"))
    ev = evaluate_answer(ctx, OUTSIDE_MY_JOB[lang])
    assert ev["misconceptions"] == [], ev["misconceptions"]
    assert ev["status"] == "ok" and "premise" not in ev["evidence"]["relevance"], ev["criteria"]
    # Not failed (F is below 40). What the fit makes of a story with no figure in its result moves with each refit: 53
    # in both languages with rubric-v46, 49 (en) and 50 (ko) with rubric-v47, its rubric 55 / 52 (bench/README.md,
    # "Forty-ninth round").
    assert ev["overall"] >= 40, (ev["overall"], ev["criteria"])


def test_a_story_without_actions_is_not_also_praised_for_showing_them() -> None:
    """First-person habits ("I try to stay calm, own it right away") are no action taken: the weakness says it was not
    clear what they did, and the strengths no longer say in the same feedback that it was."""
    answer = ("I've made mistakes that reached production, everyone has. When it happens I try to stay calm, own it right "
              "away and focus on the fix. I usually work with the team to roll back, and I like to run a blameless "
              "retrospective afterwards so the same thing doesn't happen again.")
    q = find_question("behavioral-production-mistake", "en")
    assert q is not None
    ev = evaluate_answer(context_for_text(q.text, "en", "behavioral"), answer)
    phrases = feedback_phrases("en")
    assert phrases["weaknesses"]["no_star_action"] in ev["weaknesses"]
    assert not any(line in ev["strengths"] for line in phrases["strengths"]["first_person"])
