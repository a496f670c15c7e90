"""Classes of error the rubric must not make on unseen answers (issue #10, second round)."""
from __future__ import annotations

import pytest

from core.question_bank import find_question
from core.question_bank.loader import Misconception
from core.scoring import context_for_text, context_from_bank, evaluate_answer
from core.scoring.claims import split_claims
from core.scoring.concepts import asking_part
from core.scoring.context import topic_terms
from core.scoring.feedback import Phrases, point_phrase
from core.scoring.lexicon import calibration, feedback_phrases
from core.scoring.misconceptions import find_misconceptions
from core.scoring.text import sentences
from tests.core.test_scoring_claims import RIGHT, _ctx

REDIS = {
    "ko": (Misconception(claim="Redis는 모든 쓰기를 디스크에 동기적으로 저장합니다.",
                         correction="기본 설정의 Redis는 주기적으로 스냅숏을 떠서 장애 시 최근 쓰기를 잃을 수 있습니다.",
                         signals=()),),
    "en": (Misconception(claim="Redis writes every change to disk synchronously.",
                         correction="By default Redis snapshots periodically, so a crash can lose the latest writes.",
                         signals=()),),
}


def test_a_korean_sentence_does_not_end_at_a_noun_ending_like_a_verb() -> None:
    # "필요", "보다" end in 요/다 like a final ending, but the sentence goes on.
    text = "인덱스는 필요 없습니다 Redis보다 빠릅니다"
    assert sentences(text) == ["인덱스는 필요 없습니다", "Redis보다 빠릅니다"]
    assert [c.text for c in split_claims(text)] == ["인덱스는 필요 없습니다", "Redis보다 빠릅니다"]
    mis = {"ko": (Misconception(claim="인덱스는 필요 없습니다.", correction="인덱스가 필요합니다.",
                                signals=("인덱스는 필요 없",)),)}
    assert len(find_misconceptions(split_claims("작은 테이블이라면 인덱스는 필요 없습니다"), mis, "ko", frozenset())) == 1


def test_a_misconception_made_of_the_questions_own_words_is_found() -> None:
    question = frozenset({"let", "const", "var", "hoist", "differ"})
    mis = {"en": (Misconception(claim="let and const are not hoisted; only var is.",
                                correction="let and const are hoisted too, but stay in the temporal dead zone.",
                                signals=("let and const are not hoisted",)),)}
    stated = split_claims("let and const are not hoisted, only var is.", question)
    assert stated[0].echo  # the clause is the question's words: still checked for a wrong claim
    assert len(find_misconceptions(stated, mis, "en", question)) == 1
    right = split_claims("let and const are hoisted as well, but reading them early throws.", question)
    assert find_misconceptions(right, mis, "en", question) == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_aside_with_its_own_negation_does_not_hide_a_misconception(lang: str) -> None:
    stated = {"ko": "Redis는 모든 쓰기를 디스크에 동기적으로 저장해서 장애가 나도 데이터가 유실되지 않습니다.",
              "en": "Redis writes every change to disk synchronously, so a crash does not lose any data."}[lang]
    negated = {"ko": "Redis는 모든 쓰기를 디스크에 동기적으로 저장하지 않습니다.",
               "en": "Redis does not write every change to disk synchronously."}[lang]
    assert len(find_misconceptions(split_claims(stated), REDIS, lang, frozenset())) == 1
    assert find_misconceptions(split_claims(negated), REDIS, lang, frozenset()) == []


RESTATE = {
    "ko": ("블룸 필터가 무엇이고 언제 사용하나요?",
           "블룸 필터가 무엇이고 언제 사용하는지에 대한 질문인데요, 블룸 필터는 블룸 방식의 필터이고 블룸 필터가 필요할 때 사용합니다.",
           ("블룸 필터는 비트 배열과 k개의 해시 함수로 집합 소속을 확인하는 자료구조입니다. 원소를 넣으면 k개 비트를 켜고 조회할 때 그 비트가 "
           "모두 켜졌는지 보기 때문에 거짓 양성은 있지만 거짓 음성은 없습니다. 저는 키-값 저장소 앞에 두어 없는 키에 대한 디스크 읽기를 건너뛰게 "
           "했고 읽기 지연이 40% 줄었습니다.")),
    "en": ("What is a Bloom filter, and when would you use one?",
           ("So the question is what a Bloom filter is and when you would use one. A Bloom filter is basically a "
           "filter, the Bloom kind of filter, and you use one when you would want to use a Bloom filter."),
           ("A Bloom filter is a bit array with k hash functions: adding an item sets k bits and a lookup checks "
           "them, so it can give false positives but never false negatives. I put one in front of a key-value "
           "store to skip disk reads for keys that don't exist, which cut read latency by 40%.")),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_restating_the_question_in_other_words_is_not_an_answer(lang: str) -> None:
    question, restated, real = RESTATE[lang]
    ctx = context_for_text(question, lang, "backend")
    said = evaluate_answer(ctx, restated)
    right = evaluate_answer(ctx, real)
    assert said["evidence"]["relevance"]["novel_share"] < 0.5 <= right["evidence"]["relevance"]["novel_share"]
    assert said["overall"] <= right["overall"] - 25
    assert feedback_phrases(lang)["weaknesses"]["restated"] in said["weaknesses"]
    assert feedback_phrases(lang)["weaknesses"]["restated"] not in right["weaknesses"]


def test_a_short_right_answer_near_the_restatement_line_is_not_told_it_restated() -> None:
    # A precise two-sentence answer shares most of its words with a long question: its novel share sits under the
    # restatement line, yet the verdict passes it, and the feedback must not say it only repeated the question.
    ctx = context_from_bank(find_question("data-ai-sql-where-having", "en"))
    result = evaluate_answer(ctx, (
        "WHERE filters rows before GROUP BY, HAVING filters the groups afterwards on aggregates; the logical order is "
        "FROM, WHERE, GROUP BY, HAVING, SELECT, ORDER BY, LIMIT. COUNT(*) counts all rows, COUNT(column) the non-NULL "
        "values, COUNT(DISTINCT column) the distinct non-NULL values."))
    assert result["evidence"]["relevance"]["novel_share"] < calibration()["restatement"]["hi"]
    assert result["overall"] >= calibration()["correctness"]["accurate_praise_floor"]
    assert feedback_phrases("en")["weaknesses"]["restated"] not in result["weaknesses"]


# Outside the bank, about locks and threads; answered right in the other language.
CONTENTION = {
    "en": (("Our Java batch job got slower after we moved it from 8 to 32 worker threads: throughput dropped and CPU "
           "sits at 40%. Where would you look for lock contention, and how would you remove the bottleneck?"),
           ("스레드 덤프를 여러 번 떠서 BLOCKED 상태인 스레드가 같은 모니터를 기다리는지 보고, JFR이나 async-profiler의 lock 프로파일로 "
           "어떤 synchronized 블록이 경합하는지 찾겠습니다. 보통 공유 카운터나 synchronized 맵, 커넥션 풀 크기가 원인이라서, 공유 상태를 "
           "스레드별로 나누거나 ConcurrentHashMap, LongAdder로 바꾸고, 풀 크기를 스레드 수에 맞춥니다. 그래도 CPU가 낮으면 스레드 수를 "
           "코어 수 근처로 다시 줄여 비교합니다.")),
    "ko": (("주문 배치 작업의 워커 스레드를 8개에서 32개로 늘렸더니 처리량이 오히려 떨어지고 CPU 사용률은 40%에 머뭅니다. 락 경합은 "
           "어디서 확인하고, 병목은 어떻게 없애시겠어요?"),
           ("I'd take several thread dumps and check whether the BLOCKED threads wait on the same monitor, then use JFR or "
           "async-profiler's lock profile to find which synchronized block is contended. Usually it is a shared counter, "
           "a synchronized map or a connection pool that is too small, so I'd split shared state per thread or move to "
           "ConcurrentHashMap and LongAdder, and size the pool to the thread count. If CPU stays low I'd compare again "
           "with the thread count closer to the core count.")),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_answer_in_the_other_language_is_not_told_it_missed_the_questions_own_words(lang: str) -> None:
    # The derived topic point is held to the question's words, which an answer in the other language does not say:
    # the evaluation lists it as missed, the feedback does not call it a gap.
    question, answer = CONTENTION[lang]
    ctx = context_for_text(question, lang, "backend")
    result = evaluate_answer(ctx, answer)
    assert ctx.topic_label is not None and result["reference"] == "derived"
    assert ctx.topic_label[0] in result["missed_key_points"]
    told = f"{result['weaknesses']} {result['total_feedback']}"
    assert point_phrase(ctx.topic_label[0], lang) not in told
    assert feedback_phrases(lang)["correctness"]["other_language"] in result["total_feedback"]


# Outside the bank, with a scene ("introducing", "checkout"); the answer never names the tools the question does.
SELECTORS = {
    "en": (("We're introducing end-to-end tests for the checkout flow and are choosing between Playwright and Cypress. "
           "How would you keep the selectors stable as the UI changes?"),
           ("I'd add dedicated test ids to the elements the tests touch and query by role and accessible name first, so a "
           "redesign that keeps the meaning doesn't break the test. Text that marketing edits often is a bad anchor, and "
           "so are CSS classes from the design system, because they change for visual reasons.")),
    "ko": (("결제 화면에 E2E 테스트를 새로 도입하면서 Playwright와 Cypress 중 하나를 고르려고 합니다. UI가 자주 바뀌어도 셀렉터가 "
           "깨지지 않게 하려면 어떻게 하시겠어요?"),
           ("테스트가 건드리는 요소에는 전용 test id를 붙이고, 먼저 역할과 접근성 이름으로 찾도록 해서 의미가 그대로인 디자인 변경에는 "
           "테스트가 깨지지 않게 합니다. 마케팅이 자주 고치는 문구나 디자인 시스템의 CSS 클래스는 시각적인 이유로 바뀌기 때문에 기준으로 "
           "삼지 않습니다.")),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_missed_derived_topic_is_asked_for_by_its_label_not_by_the_scenes_words(lang: str) -> None:
    # The derived point's first terms are the scene's rarest words ("introducing", "결제"): the next step names the
    # point by its label and recommends no vocabulary.
    question, answer = SELECTORS[lang]
    ctx = context_for_text(question, lang, "frontend")
    result = evaluate_answer(ctx, answer)
    label, named = ctx.topic_label
    assert result["missed_key_points"][0] == label
    ph = Phrases.for_answer(lang, answer)
    assert ph.get("next_steps.missed_generic", point=point_phrase(label, lang)) in result["total_feedback"]
    topic = next(kp for kp in ctx.key_points if kp.point == label)
    scene = [t for t in topic.terms if t not in named]
    assert scene and not any(f"'{t}'" in result["total_feedback"] for t in scene)


def test_an_answer_in_the_other_language_is_measured_by_its_own_languages_length_bands() -> None:
    # Three precise Korean sentences to an English question: about 30 eojeol, "short" by the English bands (40 words)
    # and told "The answer is too short to show your understanding".
    question, korean = SELECTORS["en"][0], SELECTORS["ko"][1]
    result = evaluate_answer(context_for_text(question, "en", "frontend"), korean)
    low, ideal_from = calibration()["delivery"]["ko"]["words"][:2]
    words = result["evidence"]["delivery"]["words"]
    assert ideal_from <= words < calibration()["delivery"]["en"]["words"][1] and low < words
    assert result["evidence"]["delivery"]["length"] == "ok"
    assert feedback_phrases("en")["weaknesses"]["too_short"] not in result["weaknesses"]


@pytest.mark.parametrize(("question_lang", "answer_lang"), [("ko", "en"), ("en", "ko")])
def test_the_other_languages_structure_cues_are_read(question_lang: str, answer_lang: str) -> None:
    ctx = _ctx(question_lang)
    result = evaluate_answer(ctx, RIGHT[answer_lang])
    assert result["criteria"]["structure"] > 0
    assert result["evidence"]["structure"].get("read_as") == answer_lang


STORY = {
    "ko": ("새로운 기술을 짧은 시간 안에 배워야 했던 경험을 말씀해 주세요.",
           "새로운 기술을 배워야 할 때는 열심히 공부하고 팀원들과 잘 소통하면서 최선을 다했습니다. 결과적으로 잘 마무리되었고 많이 배웠습니다.",
           ("작년에 결제 서버를 Kafka로 옮기는 일을 2주 안에 맡았는데 저는 Kafka를 써 본 적이 없었습니다. 첫 3일은 공식 문서와 사내 예제로 "
           "파티션과 컨슈머 그룹을 익히고, 스테이징에 작은 컨슈머를 직접 띄워 재처리 시나리오를 테스트했습니다. 막히는 부분은 데이터팀 선배에게 "
           "하루 30분씩 리뷰를 받았습니다. 결국 일정 안에 전환했고 주문 이벤트 유실이 월 20건에서 0건이 됐습니다. 이후 처음 쓰는 기술은 작은 "
           "실험부터 만들어 보는 습관이 생겼습니다.")),
    "en": ("Tell me about a time you had to learn a new technology quickly.",
           ("Whenever I need to learn something new I work hard, study a lot and communicate well with the team. "
           "In the end it went well and I learned a lot from it."),
           ("Last year I had two weeks to move our payment service onto Kafka, which I had never used. I spent the "
           "first three days on the docs and our internal examples, then ran a small consumer in staging and "
           "tested replay scenarios myself. A senior engineer on the data team reviewed my work for 30 minutes a "
           "day. We switched over on schedule, and lost order events went from about 20 a month to zero. Since "
           "then I start every new technology with a small experiment.")),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_concrete_story_beats_a_vague_one(lang: str) -> None:
    question, vague, concrete = STORY[lang]
    ctx = context_for_text(question, lang, "backend")
    assert ctx.kind == "behavioral"
    low, high = evaluate_answer(ctx, vague), evaluate_answer(ctx, concrete)
    assert high["overall"] >= low["overall"] + 20
    assert high["criteria"]["specificity"] > low["criteria"]["specificity"]


def test_a_correct_statement_sharing_the_misconceptions_words_is_not_flagged() -> None:
    from core.question_bank.loader import bank
    from core.scoring import context_from_bank, evaluate_answer

    q = next(x for x in bank() if x.language == "ko" and x.key == "backend-transaction-isolation")
    ctx = context_from_bank(q)
    right = evaluate_answer(ctx, "기본값은 MySQL InnoDB가 REPEATABLE READ, PostgreSQL이 READ COMMITTED로 다릅니다.")
    wrong = evaluate_answer(ctx, "MySQL과 PostgreSQL 모두 기본 격리 수준이 REPEATABLE READ입니다.")
    assert right["misconceptions"] == []
    assert [m["claim"] for m in wrong["misconceptions"]] == [
        next(m.claim for m in q.misconceptions if "모두 기본 격리 수준" in m.claim)]


def test_an_answer_in_the_other_language_to_a_question_outside_the_bank_is_graded_by_content() -> None:
    # Round 4: a close bank neighbour lent only its own language's key-point terms, so a Korean answer to an
    # English question outside the bank covered nothing (coverage 0, a tier-4 answer scored 21).
    ctx = context_for_text("How would you explain the bias-variance trade-off to a junior data scientist, and how "
                           "do you spot which one hurts your model?", "en")
    assert ctx.source == "neighbour" and not ctx.model_answer
    said = {
        "en": "Bias is systematic error from a model that is too simple, so it underfits; variance is sensitivity to "
              "the training sample from a model that is too complex, so it overfits. I compare training and "
              "validation error: both high means high bias, a large gap means high variance.",
        "ko": "편향은 모델이 너무 단순해서 생기는 체계적인 오차라 과소적합이 되고, 분산은 모델이 너무 복잡해서 학습 데이터에 "
              "민감하게 반응하는 것이라 과적합이 됩니다. 학습 오차와 검증 오차를 비교해서 둘 다 높으면 편향, 차이가 크면 "
              "분산이 문제입니다.",
    }
    for lang in ("en", "ko"):
        borrowed = evaluate_answer(ctx, said[lang])["evidence"]["coverage"]["points"][0]
        assert borrowed["point"] == ctx.key_points[0].point and borrowed["score"] >= 0.7, (lang, borrowed)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_short_answer_outside_the_bank_earns_its_trade_off_in_plain_words(lang: str) -> None:
    # Round 4: short, precise answers say when to use what ("good for", "적합") rather than "for example" or
    # "트레이드오프"; the generic example/trade-off point of a derived question missed them.
    question, answer = {
        "en": ("When would you choose a read replica over a cache in front of your database?",
               ("A cache keeps hot keys in memory, so reads skip the database entirely; it is good for repeated "
                "lookups that tolerate staleness. A read replica serves real queries with slight lag, so it is "
                "useful for reporting or complex reads a cache can't answer.")),
        "ko": ("데이터베이스 앞에 캐시를 둘지 읽기 전용 복제본을 둘지 어떻게 고르시나요?",
               ("캐시는 자주 읽는 키를 메모리에 둬서 DB를 거치지 않으니까 약간 오래된 값이 괜찮은 반복 조회에 적합합니다. "
                "복제본은 지연이 조금 있어도 실제 쿼리를 처리해서 리포트나 복잡한 조회에 유리합니다.")),
    }[lang]
    ctx = context_for_text(question, lang)
    assert ctx.source == "derived"
    points = evaluate_answer(ctx, answer)["evidence"]["coverage"]["points"]
    assert [p["score"] >= 0.6 for p in points] == [True] * len(points), points


def test_korean_signals_with_one_syllable_stems_match_their_inflections() -> None:
    # Round 4: "필요" was cut to "필" and "없" matched only a bare "없", so such signals never fired.
    mis = {"ko": (Misconception(claim="캐시는 무효화가 필요 없습니다.", correction="캐시는 무효화 전략이 필요합니다.",
                                signals=("무효화 필요 없", "무효화는 신경 쓰지 않")),)}
    for said in ("캐시 무효화는 사실 필요가 없습니다.", "캐시 무효화는 신경을 쓰지 않아도 됩니다."):
        assert len(find_misconceptions(split_claims(said), mis, "ko", frozenset())) == 1, said
    assert find_misconceptions(split_claims("캐시 무효화가 필요합니다."), mis, "ko", frozenset()) == []
    # "만" is "only": it is part of what the signal says, never stripped like a particle.
    r8 = {"ko": (Misconception(claim="R8은 이름만 난독화할 뿐 앱 크기는 줄이지 않습니다.",
                               correction="R8은 안 쓰는 클래스와 멤버를 제거해 크기를 줄입니다.", signals=("R8 난독화만",)),)}
    assert find_misconceptions(split_claims("R8 축소·난독화로 안 쓰는 클래스를 제거합니다."), r8, "ko", frozenset()) == []
    assert len(find_misconceptions(split_claims("R8은 난독화만 해 줍니다."), r8, "ko", frozenset())) == 1


def test_clauses_are_cut_where_the_sentence_ends_not_at_the_adverb_da_or_nikka() -> None:
    said = "Redis는 디스크에 다 저장되니까 원본 저장소로 써도 됩니다 그래서 편합니다"
    expected = ["Redis는 디스크에 다 저장되니까 원본 저장소로 써도 됩니다", "그래서 편합니다"]
    assert sentences(said) == expected
    assert [c.text for c in split_claims(said)] == expected  # the claims the matcher reads split the same way


def test_contracted_and_plain_verbs_make_a_claim_that_is_checked() -> None:
    for said in ("I'd make one service per table", "Device tokens never change", "GitOps replaces CI"):
        assert split_claims(said)[0].predicate, said
    # A Korean clause read as English for its Latin terms keeps its Korean negation.
    claim = split_claims("PodDisruptionBudget은 필요 없습니다")[0]
    assert claim.negated


def test_a_question_outside_the_bank_is_checked_against_its_close_bank_questions_misconceptions() -> None:
    # Round 4: a wrong fact stays wrong whatever the wording of the question. Finding none verifies nothing.
    # (Round 8: "How do Kubernetes requests and limits work?" alone is now read as the bank's own question reworded.)
    ctx = context_for_text("How do Kubernetes requests and limits work for a latency-sensitive payment gateway written "
                           "in Go?", "en")
    assert ctx.source != "bank" and not ctx.misconceptions and ctx.close_misconceptions
    wrong = {"en": "Requests are what the scheduler reserves on a node. Going over the CPU limit gets the container "
                   "killed, so I set it high.",
             "ko": "requests는 스케줄러가 노드에 예약하는 양입니다. CPU limit을 넘으면 컨테이너가 죽기 때문에 넉넉하게 잡습니다."}
    right = ("Requests are what the scheduler reserves on a node. A container over its CPU limit is throttled, but one "
             "over its memory limit is OOM-killed and restarted.")
    for lang, said in wrong.items():
        result = evaluate_answer(ctx, said)
        found = result["evidence"]["correctness"]["found"]
        assert found and "CPU" in found[0]["claim"] and result["criteria"]["correctness"] < 50, lang
    calm = evaluate_answer(ctx, right)
    checked = calm["evidence"]["correctness"]
    assert {k: checked[k] for k in ("verified", "found", "overclaims")} == {"verified": False, "found": [], "overclaims": []}
    assert calm["overall"] > evaluate_answer(ctx, wrong["en"])["overall"]


@pytest.mark.parametrize(("question", "lang", "key"), [
    # USE cosines 0.66 and 0.61 to the bank's wording, below `same` (0.74): only the topic words tell.
    (("Why does a resolved promise's callback run before a zero-delay setTimeout? Explain microtasks versus "
      "macrotasks in the event loop."), "en", "frontend-event-loop"),
    ("안드로이드 앱에서 화면을 회전하면 Activity는 어떻게 되고, 입력 중이던 상태는 어떻게 지키시나요?", "ko",
     "mobile-app-lifecycle"),
    # Round 11's bank questions, worded as earlier blind sets asked them (they were outside the bank then).
    ("What's the difference between optimistic and pessimistic locking?", "en", "backend-optimistic-pessimistic-locking"),
    ("낙관적 락과 비관적 락은 어떻게 다르고 언제 각각을 쓰시나요?", "ko", "backend-optimistic-pessimistic-locking"),
    ("How does HTTP/2 differ from HTTP/1.1?", "en", "backend-http-versions"),
    ("WHERE와 HAVING의 차이는 무엇이고, SELECT 문의 논리적 실행 순서는 어떻게 되나요?", "ko", "data-ai-sql-where-having"),
    ("How does a retain cycle form in Swift, and how do weak and unowned references break it?", "en",
     "mobile-swift-weak-unowned"),
    # Round 12's: k-means was read with a Kubernetes key while the bank had no clustering question.
    ("How does k-means clustering work, and how do you choose k?", "en", "data-ai-kmeans-clustering"),
    # Round 13: once one new key used "yet" (or "안드로이드"), that word weighed as the rarest topic word, held by that
    # key alone, and these lost their own key. Connectives are no topic; a Korean spelling is the English name.
    (("On an 8-core Linux server the load average is around 30, yet top shows CPU usage of only about 15%. How do you "
     "explain that, and what would you look at next?"), "en", "devops-linux-load-average"),  # blind14's wording
    ("안드로이드에서 화면을 돌리면 Activity가 다시 만들어지는데, 사용자가 입력하던 내용은 어떻게 지키시나요?", "ko",
     "mobile-app-lifecycle"),
])
def test_a_bank_question_reworded_is_graded_with_its_whole_key(question: str, lang: str, key: str) -> None:
    ctx = context_for_text(question, lang)
    own = find_question(key, lang)
    assert ctx.bank_key == key and ctx.source == "neighbour" and ctx.model_answer == own.model_answer
    assert ctx.misconceptions[lang] == own.misconceptions and len(ctx.key_points) == len(own.key_points)


@pytest.mark.parametrize(("question", "lang", "key"), [
    ("How does a retain cycle form in Swift, and how do weak and unowned references break it?", "en",
     "mobile-swift-weak-unowned"),
    ("낙관적 락과 비관적 락은 어떻게 다르고 언제 각각을 쓰시나요?", "ko", "backend-optimistic-pessimistic-locking"),
])
def test_the_feedback_names_the_bank_question_whose_key_judged_a_reworded_one(question: str, lang: str, key: str
                                                                                ) -> None:
    """A borrowed key can fit another question (docs/scoring.md, "Reference and confidence"): the candidate is told
    whose key it was; an answer to the bank question itself is not, nor one to a question that only rewords it closely
    ("How does HTTP/2 differ from HTTP/1.1?")."""
    own = find_question(key, lang)
    note = feedback_phrases(lang)["correctness"]["borrowed"].split("{question}")[0]
    answer = own.model_answer.split("\n")[0]
    reworded = evaluate_answer(context_for_text(question, lang), answer)["total_feedback"]
    assert note in reworded and own.text[:30] in reworded
    assert note not in evaluate_answer(context_for_text(own.text, lang), answer)["total_feedback"]
    close = context_for_text("How does HTTP/2 differ from HTTP/1.1?", "en")
    assert close.bank_key == "backend-http-versions" and close.borrowed_from is None


@pytest.mark.parametrize(("question", "lang"), [
    ("What's the difference between CMD and ENTRYPOINT in a Dockerfile?", "en"),  # next to Docker image size
    ("git merge와 git rebase는 어떻게 다른가요?", "ko"),
    ("How does DBSCAN clustering work, and how do you pick its parameters?", "en"),  # not the k-means question
    # Its own name is in no bank key; "nodes", "Pods" and "cluster" are in the scheduling key (blind36: an answer about
    # Pending Pods scored 93 here, a right one 46).
    (("A worker node in our Kubernetes cluster shows NotReady. What happens to the Pods on it, and how do you find out "
      "why?"), "en"),
])
def test_a_question_the_bank_does_not_hold_is_not_read_as_a_bank_question(question: str, lang: str) -> None:
    ctx = context_for_text(question, lang)
    assert ctx.bank_key is None and not ctx.misconceptions


def test_a_long_question_is_matched_on_every_topic_word_not_its_first_eight() -> None:
    """The subject of a long question often comes last. Its first eight topic words ("product", "team", "app", "ask",
    "users", "Store", "Google", "Play") are mostly in the in-app purchase question's key, so the question was read as a
    rewording of that one and graded on its entitlement and receipt points (blind48: a right answer scored 19). Read on
    every topic word ("rating", "prompt", "appear" …), the share falls below a rewording's."""
    question = ("Our product team would like the app to ask users for an App Store or Google Play rating. How would you "
                "implement the in-app rating prompt on iOS and Android, and when should it appear?")
    assert len(topic_terms(question, "en", with_verb_forms=True, every=True)) > 8
    ctx = context_for_text(question, "en")
    assert ctx.bank_key is None and not any(ctx.misconceptions.values())
    assert not any("entitlement" in kp.point for kp in ctx.key_points)


def test_a_loose_signal_does_not_reach_across_a_comma() -> None:
    ctx = context_for_text(find_question("mobile-app-lifecycle", "ko").text, "ko")
    right = ("회전하면 Activity가 파괴되고 다시 만들어집니다. 화면 데이터는 ViewModel에, 프로세스 종료까지 견뎌야 하는 "
             "입력값은 SavedStateHandle에 둡니다.")
    wrong = "회전하면 Activity가 다시 만들어집니다. ViewModel은 프로세스 종료에도 살아 있어서 상태를 ViewModel에만 두면 됩니다."
    assert evaluate_answer(ctx, right)["evidence"]["correctness"]["found"] == []
    found = evaluate_answer(ctx, wrong)["evidence"]["correctness"]["found"]
    assert found and "ViewModel" in found[0]["claim"]


def test_a_claim_named_as_the_mistake_to_avoid_is_not_asserted() -> None:
    ctx = context_for_text(find_question("devops-kubernetes-probes", "ko").text, "ko")
    start = "readiness는 트래픽을 받을 준비가 됐는지, liveness는 프로세스가 멈췄는지 봅니다. "
    avoided = start + "제일 위험한 건 liveness에서 DB 같은 외부 의존성까지 검사하는 겁니다. DB가 느려지면 모든 Pod가 재시작되니까요."
    asserted = start + "liveness에서 DB와 외부 의존성까지 확인해야 앱이 진짜 살아 있는지 알 수 있습니다."
    assert evaluate_answer(ctx, avoided)["evidence"]["correctness"]["found"] == []
    found = evaluate_answer(ctx, asserted)["evidence"]["correctness"]["found"]
    assert found and "liveness" in found[0]["claim"]


def test_a_side_named_after_a_preposition_is_not_what_the_clause_is_about() -> None:
    # "After each macrotask (…), the loop empties the microtask queue" is about the loop: the promise callbacks in
    # the next part are not bound to "macrotask" (a correct blind answer was flagged as swapping the two).
    ctx = context_for_text(find_question("frontend-event-loop", "en").text, "en")
    right = ("After each macrotask (a timer, an I/O callback, a click), the loop empties the microtask queue (promise "
             "callbacks, queueMicrotask) before it renders, so a resolved promise's then runs before a zero setTimeout.")
    swapped = ("Promise callbacks are macrotasks and setTimeout callbacks are microtasks, so a setTimeout of zero runs "
               "before a resolved promise's then callback.")
    assert evaluate_answer(ctx, right)["evidence"]["correctness"]["found"] == []
    assert evaluate_answer(ctx, swapped)["evidence"]["correctness"]["found"]


def test_a_polite_request_alone_does_not_make_a_question_behavioural() -> None:
    technical = context_for_text("Redis를 캐시로 쓸 때 캐시 무효화는 어떻게 하시는지 말씀해 주세요.", "ko", "backend")
    behavioural = context_for_text("팀원과 의견이 갈렸던 경험을 말씀해 주세요.", "ko", "backend")
    assert technical.kind == "technical" and behavioural.kind == "behavioral"


@pytest.mark.parametrize(("lang", "wrong", "right"), [
    ("en", ("When the engine meets an async function it hands the whole function to another thread, which runs it in "
            "parallel with the main code and passes the result back."),
     ("There is one call stack; the browser runs timers and network requests outside the engine, and when they finish "
      "their callbacks wait in the task queue until the stack is empty.")),
    ("ko", "async 함수를 호출하면 엔진이 그 함수를 다른 워커 스레드에 넘겨서 메인 코드와 동시에 돌리고, 끝나면 결과만 돌려받습니다.",
     "콜 스택은 하나이고, 타이머나 네트워크 요청은 브라우저가 엔진 밖에서 처리한 뒤 끝나면 콜백이 태스크 큐에서 스택이 빌 때까지 기다립니다."),
])
def test_a_clause_leaning_towards_a_listed_wrong_claim_is_measured_by_meaning(lang: str, wrong: str, right: str) -> None:
    # The combiner's misconception_cosine: the wrong claim's meaning, not its signal phrases (which a paraphrase
    # can miss); a question without listed wrong claims has nothing to lean towards.
    ctx = context_for_text(find_question("frontend-event-loop", lang).text, lang)
    leaning = {a: evaluate_answer(ctx, a)["evidence"]["correctness"].get("misconception_cosine") for a in (wrong, right)}
    assert leaning[wrong] is not None and leaning[right] is not None
    assert leaning[wrong] >= 0.5 and leaning[wrong] > leaning[right] + 0.3
    outside = context_for_text("What is a Bloom filter, and when would you use one?", "en")
    assert "misconception_cosine" not in evaluate_answer(outside, wrong)["evidence"]["correctness"]


@pytest.mark.parametrize(("question", "lang"), [
    # USE finds WHERE vs HAVING (0.67) and window functions nearest; their keys hold under 30 % of the topic.
    ("What's the difference between UNION and UNION ALL in SQL?", "en"),
    ("SQL에서 UNION과 UNION ALL은 어떻게 다른가요?", "ko"),
])
def test_a_question_that_only_sounds_like_a_bank_question_does_not_borrow_its_points(question: str, lang: str) -> None:
    ctx = context_for_text(question, lang)
    assert ctx.source == "derived" and ctx.reference_answers  # the neighbours still serve as yardsticks
    assert all(kp.point in ctx.term_only or kp.point == ctx.key_points[0].point for kp in ctx.key_points)


def test_a_scenario_sharing_only_common_words_with_a_bank_key_is_no_rewording_of_it() -> None:
    # Its topic words within the first eight are "주문" and "결과", which the window-function key's example holds (share
    # 1.0 at cosine 0.63): two common words are not a rewording, nor enough to lend key points (blind37).
    question = ("회원별 지난달 주문 수를 구하려고 아래처럼 썼더니, 지난달 주문이 없는 회원이 0으로 나오지 않고 결과에서 아예 "
                "빠졌습니다. 왜 그렇고 어떻게 고치시겠어요? SELECT u.id, COUNT(o.id) FROM users u LEFT JOIN orders o ON "
                "o.user_id = u.id WHERE o.created_at >= '2025-05-01' GROUP BY u.id")
    ctx = context_for_text(question, "ko")
    assert ctx.source == "derived" and ctx.reference_answers
    assert not any("윈도우" in kp.point for kp in ctx.key_points)


_REWORDED_EVENT_LOOP = ("Why does a resolved promise callback run before a zero-delay setTimeout? Explain microtasks versus "
                        "macrotasks in the event loop.")


@pytest.mark.parametrize(("lang", "answer", "accurate"), [
    ("en", ("setTimeout with 0 fires the callback at once, because there is zero wait. Promises are handled "
            "on a separate thread by the browser, so they never block anything, and the browser (Web APIs) handles the "
            "async work in the background."), "accurately"),
    ("ko", ("setTimeout에 0을 넣으면 콜백이 기다림 없이 곧장 실행되고, 프로미스는 브라우저가 따로 스레드를 돌려서 처리하니까 "
            "아무것도 막지 않습니다. 비동기 작업은 브라우저(Web API)가 백그라운드에서 대신 처리합니다."), "정확하게"),
])
def test_a_failing_answer_is_not_told_it_covered_a_point_accurately(lang: str, answer: str, accurate: str) -> None:
    # Its wrong claims are worded so that no signal names them ("setTimeout with 0 runs the callback immediately" is
    # found since round 20, when English signal words may be three words apart); the point it touches is "addressed",
    # not "accurate" — and in a failing grade (F) not named at all (round 36).
    question = _REWORDED_EVENT_LOOP if lang == "en" else find_question("frontend-event-loop", lang).text
    ev = evaluate_answer(context_for_text(question, lang), answer)
    assert ev["overall"] < 50 and not ev["evidence"]["correctness"]["found"]
    assert accurate not in ev["strengths"]
    assert ("Web API" in ev["strengths"]) == (ev["grade"] != "F"), (ev["grade"], ev["strengths"])


@pytest.mark.parametrize(("lang", "question", "wrong", "right"), [
    ("en", "How would you speed up a slow report query on a large orders table?",
     ("Adding an index on every column always makes queries faster with no downside, and the database uses a composite "
      "index for any column in it, whatever the order."),
     ("I read the plan with EXPLAIN ANALYZE, add a composite index that starts with the equality filter and ends with "
      "the sort column, and check that the planner uses it; if the report reads most rows, I precompute it instead.")),
    ("ko", "모바일 앱에서 네트워크로 이미지를 불러오는 목록 화면을 부드럽게 유지하려면 어떻게 하시나요?",
     ("네트워크 호출은 어차피 비동기라서 신경 쓸 게 없고, 원본 이미지를 메인 스레드에서 디코딩해도 괜찮습니다. "
      "GC가 있으니 메모리 누수도 생기지 않습니다."),
     ("이미지는 뷰 크기에 맞춰 백그라운드 스레드에서 디코딩하고 메모리·디스크 캐시에 두며, 재사용되는 셀의 이전 요청은 "
      "취소하고 다음 페이지는 미리 불러옵니다.")),
])
def test_an_answer_echoing_wrong_claims_the_bank_lists_elsewhere_leans_towards_them(
        lang: str, question: str, wrong: str, right: str) -> None:
    # The combiner's bank_misconception_lean reads every wrong claim in the bank, so it has something to say about a
    # question the bank does not hold (no key of its own: correctness stays unverified).
    ctx = context_for_text(question, lang)
    assert ctx.bank_key is None
    lean = {a: evaluate_answer(ctx, a)["evidence"]["correctness"]["bank_misconception_lean"] for a in (wrong, right)}
    assert lean[wrong] > lean[right] + 0.1 and lean[right] > 0


@pytest.mark.parametrize(("question", "verb_forms"), [
    ("Redis 캐시를 붙였는데 적중률이 기대보다 낮습니다. 어디부터 원인을 찾아보시겠어요?", ("붙였는데", "낮습니다", "찾아보")),
    ("gRPC와 REST는 어떻게 다르고, 서비스 간 통신에 어떤 걸 쓰시겠어요?", ("다르", "쓰시겠어")),
])
def test_a_derived_key_point_names_the_questions_topics_not_its_verbs(question: str, verb_forms: tuple[str, ...]) -> None:
    label = context_for_text(question, "ko").key_points[0].point
    assert ("Redis" in label or "gRPC" in label) and not any(v in label for v in verb_forms)
    assert not any(v in t for t in topic_terms(question, "ko") for v in verb_forms)


UNNAMED = {
    "en": ("How does a Bloom filter work, and where would you use one? What are its limits?",
           ("It's a bit array with k hash functions: adding an item sets k bits and a lookup checks them, so a no is "
            "certain and a yes only probable, which gives false positives but no false negatives. I'd put it in front "
            "of a disk lookup; you can't delete items from it."),
           ("A B-tree index keeps keys in sorted order in balanced pages, so range scans and ordered reads are cheap "
            "and every lookup takes a few page reads.")),
    "ko": ("블룸 필터는 어떻게 동작하고 어디에 쓰나요? 한계는 무엇인가요?",
           ("비트 배열과 여러 개의 해시 함수를 씁니다. 넣을 때 k개 비트를 켜고 조회할 때 그 비트가 모두 켜졌는지 보기 때문에 거짓 양성은 "
            "있어도 거짓 음성은 없습니다. 디스크 조회 앞에 두면 없는 키를 미리 걸러 주고, 한 번 넣은 원소는 삭제할 수 없다는 한계가 있습니다."),
           ("B-트리 인덱스는 키를 정렬된 순서로 균형 잡힌 페이지에 저장해서, 범위 조회와 정렬된 읽기가 싸고 조회마다 페이지 몇 개만 "
            "읽으면 됩니다.")),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_explaining_a_concept_without_naming_it_is_on_topic_outside_the_bank(lang: str) -> None:
    # The answer never says "Bloom filter": the concept glossary knows the words that explain one.
    question, explains, elsewhere = UNNAMED[lang]
    ctx = context_for_text(question, lang, "backend")
    assert ctx.source != "bank"
    right = evaluate_answer(ctx, explains)
    other = evaluate_answer(ctx, elsewhere)
    assert right["status"] == "ok" and len(right["evidence"]["relevance"]["explained"]) >= 3
    assert other["evidence"]["relevance"]["explained"] == []
    assert right["overall"] >= other["overall"] + 20


ELSEWHERE = {
    "en": ("How would you choose a shard key for a large table, and what goes wrong with a bad one?",
           ("Replication copies data from a primary to replicas. With synchronous replication the primary waits for the "
            "replica to acknowledge, while asynchronous replication has replication lag, so reads from a replica can be "
            "stale. Failover promotes a replica."),
           ("Pick a key with high cardinality and an even spread, like the user ID most queries filter on. A monotonically "
            "increasing key such as a timestamp sends every new write to one shard, a hotspot, and queries without the "
            "key scatter to every shard.")),
    "ko": ("대용량 테이블을 샤딩할 때 샤드 키는 어떻게 고르고, 잘못 고르면 어떤 문제가 생기나요?",
           ("복제는 프라이머리의 데이터를 레플리카로 복사하는 것입니다. 동기 복제는 레플리카의 확인을 기다리고, 비동기 복제는 복제 "
            "지연이 있어서 레플리카에서 읽으면 오래된 데이터가 보일 수 있습니다. 장애가 나면 레플리카를 승격합니다."),
           ("사용자 ID처럼 카디널리티가 높고 값이 고르게 퍼진 키를 고릅니다. 생성 시각처럼 단조 증가하는 키를 쓰면 새 쓰기가 한 샤드에 "
            "몰리는 핫스팟이 생기고, 자주 쓰는 조회가 샤드 키를 포함하지 않으면 모든 샤드에 질의가 흩어집니다.")),
}


# A concept named only where the question sets its scene is not what it asks about (blind36: four correct answers to
# scenario questions were read as about something else, 7–37).
SCENE = {
    "en": (("Our trading app shows live prices over a WebSocket. Users say prices freeze after the phone switches from "
            "Wi-Fi to LTE. How would you manage the real-time connection?"),
           ("Tie the connection to the app lifecycle: connect in the foreground and close it in the background. Detect "
            "dead connections with an app-level heartbeat and network-change callbacks, reconnect with exponential "
            "backoff, then resubscribe and fetch a snapshot, because missed ticks are not replayed.")),
    "ko": (("주식 앱이 웹소켓으로 실시간 시세를 보여 줍니다. 사용자들이 와이파이에서 LTE로 바뀐 뒤 화면이 멈춘다고 합니다. "
            "실시간 연결을 어떻게 관리하시겠어요?"),
           ("연결을 앱 생명주기에 맞춰 포그라운드에서 연결하고 백그라운드로 가면 끊습니다. 앱 레벨 하트비트와 네트워크 변경 콜백으로 "
            "죽은 연결을 감지하고, 지수 백오프로 재연결한 뒤 다시 구독하고 스냅샷을 받아 놓친 데이터를 채웁니다.")),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_concept_that_only_sets_the_scene_is_not_the_topic(lang: str) -> None:
    question, answer = SCENE[lang]
    ctx = context_for_text(question, lang, "mobile")
    assert ctx.source != "bank"
    result = evaluate_answer(ctx, answer)
    assert result["status"] == "ok" and "elsewhere" not in result["evidence"]["relevance"]
    assert result["criteria"]["relevance"] >= 50


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_answer_explaining_a_neighbouring_concept_is_off_topic_outside_the_bank(lang: str) -> None:
    # The cosine reads replication as close to sharding; the glossary knows the answer explains another concept.
    question, elsewhere, right = ELSEWHERE[lang]
    ctx = context_for_text(question, lang, "backend")
    assert ctx.source != "bank"
    other = evaluate_answer(ctx, elsewhere)
    assert other["status"] == "off_topic" and other["evidence"]["relevance"]["elsewhere"]
    said = feedback_phrases(lang)["status"]["off_topic"]["elsewhere"].split("{other}")[-1].split("{asked}")[0]
    assert said in other["weaknesses"] and other["evidence"]["relevance"]["elsewhere"] in other["weaknesses"]
    on_topic = evaluate_answer(ctx, right)
    assert on_topic["status"] == "ok" and "elsewhere" not in on_topic["evidence"]["relevance"]
    assert on_topic["overall"] > other["overall"]


def test_the_concept_glossary_is_well_formed() -> None:
    from core.scoring.concepts import _read

    rows = _read("concepts.yaml")["concepts"]
    assert len(rows) >= 300
    names = [n.lower() for r in rows for lang in ("en", "ko") for n in r["names"][lang]]
    assert len(names) == len(set(names)), "a name belongs to one concept"
    for r in rows:
        for lang in ("en", "ko"):
            assert r["names"][lang] and 6 <= len(r["words"][lang]) <= 12, r["names"]


def test_a_korean_signal_ending_in_a_bare_negation_is_read_negated() -> None:
    # "…하지 못" reads as the negation it is: it was read as affirmative, so such a signal never matched the clause
    # it was written for ("…하지 못해요" is negated), whatever the candidate said.
    mis = {"ko": (Misconception(claim="HTTPS 응답은 캐시하지 못합니다.",
                                correction="Cache-Control이 허용하면 HTTPS 응답도 브라우저와 CDN이 캐시합니다.",
                                signals=("HTTPS 응답은 캐시하지 못",)),)}
    said = split_claims("HTTPS 응답은 브라우저가 캐시하지 못해요")
    assert len(find_misconceptions(said, mis, "ko", frozenset())) == 1
    assert find_misconceptions(split_claims("HTTPS 응답도 브라우저가 캐시할 수 있어요"), mis, "ko", frozenset()) == []


def test_a_passing_answer_outside_the_bank_is_neither_praised_as_right_nor_doubted() -> None:
    # No key checks its facts, so no "especially good"; but it passed, so no "doesn't show you understand it" either.
    question = "블룸 필터는 어떻게 동작하고, 백엔드에서 어디에 쓰나요? 한계도 말씀해 주세요."
    answer = ("비트 배열 하나와 해시 함수 여러 개로 동작합니다. 원소를 넣을 때 k개 비트를 켜고, 조회할 때 그 비트가 모두 켜져 있는지 "
              "봅니다. 그래서 없다는 답은 확실하고 있다는 답은 거짓 양성일 수 있습니다. 캐시 앞에 두면 없는 키 조회가 DB까지 가는 걸 "
              "막을 수 있고, 원소를 삭제할 수 없다는 한계가 있습니다.")
    ctx = context_for_text(question, "ko", "backend")
    ev = evaluate_answer(ctx, answer)
    assert ctx.source == "derived" and ev["overall"] >= 50
    mention = feedback_phrases("ko")["mention"]
    said = ev["total_feedback"]
    assert mention["covered"].split("}")[-1] in said
    assert mention["addressed"].split("}")[-1] not in said and mention["matched"].split("}")[-1] not in said


@pytest.mark.parametrize(("question", "lang", "kind"), [
    # A debugging scenario names a failure; it asks for causes, not for a story.
    (("셸 스크립트를 직접 실행하면 잘 되는데, cron에 등록하면 실패하거나 아무 일도 일어나지 않습니다. 어떤 원인들이 있고 "
     "어떻게 확인하시겠어요?"), "ko", "technical"),
    (("Our nightly export works when I run it by hand but fails under cron with 'command not found'. Why, and how "
     "would you fix it?"), "en", "technical"),
    # A scene to act in now is a technical question though a teammate or a failure is in it.
    (("팀원들이 새 프롬프트에 질문 몇 개를 넣어 보고 '좋아진 것 같다'며 바로 배포하자고 합니다. 변경이 정말 개선인지 "
      "어떻게 평가하시겠어요?"), "ko", "technical"),
    (("Redis 한 대에 캐시와 세션을 함께 두었더니 maxmemory에 닿은 날부터 쓰기가 실패하기 시작했습니다. 무슨 일이 일어난 "
      "건지, 어떻게 구성하시겠어요?"), "ko", "technical"),
    ("A colleague pushed a config file with an AWS access key to a public repository. What would you do, in what order?",
     "en", "technical"),
    # A teammate or a failure in a question that asks why, or how a tool would change things (round 41: blind55 read two
    # such questions as story questions, and every answer to them was graded for situation, actions and result).
    ("Jest로 비동기 컴포넌트를 테스트하면 가끔 실패합니다. 왜 그런지, 어떻게 테스트하시나요?", "ko", "technical"),
    (("A teammate suggests Redis Pub/Sub for our order events. What delivery guarantees does it give, and how would a "
      "Kafka topic change that?"), "en", "technical"),
    # A request for a past episode is a story question even next to a technical word ("difference", "원인").
    ("Tell me about a time you removed a feature or a service instead of adding one. What difference did it make?",
     "en", "behavioral"),
    (("지금까지 추적해 본 버그 중 가장 까다로웠던 것 하나를 말씀해 주세요. 어떻게 원인을 좁혀 가셨고, 그 과정에서 무엇을 "
     "배우셨나요?"), "ko", "behavioral"),
])
def test_a_question_outside_the_bank_is_read_as_the_kind_it_asks_for(question: str, lang: str, kind: str) -> None:
    ctx = context_for_text(question, lang, "devops")
    assert ctx.source != "bank" and ctx.kind == kind


# A caching answer to the bank's isolation-level question: it talks about what the question never asks.
STRAYED = {
    "ko": ("캐시는 자주 읽는 데이터를 Redis에 넣어 두고 TTL로 만료시키는 방식으로 씁니다. 캐시 미스가 나면 DB에서 읽어 다시 "
           "채우고, 쓰기가 있으면 캐시를 지웁니다. 이렇게 하면 DB 부하가 크게 줄어듭니다."),
    "en": ("For caching I put hot data in Redis with a TTL. On a cache miss we read from the database and fill the cache, "
           "and on a write we delete the key. This cut our database load a lot."),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_answer_about_something_else_is_neither_praised_nor_called_related(lang: str) -> None:
    other_lang = "en" if lang == "ko" else "ko"
    ctx = context_from_bank(find_question("backend-transaction-isolation", lang),
                            find_question("backend-transaction-isolation", other_lang))
    result = evaluate_answer(ctx, STRAYED[lang])
    phrases = feedback_phrases(lang)
    assert result["overall"] < 25 and "Redis" in result["weaknesses"]  # the "about … instead" line names it
    assert phrases["weaknesses"]["elsewhere"].split("{items}")[1][:10] in result["weaknesses"]
    # The point it is told to start with is named once, not again as a missed point right after.
    first = point_phrase(result["missed_key_points"][0], lang)
    assert result["weaknesses"].count(first) == 1, result["weaknesses"]
    # Not "stayed on the question", not "convincing with concrete technologies like 'Redis'".
    assert all(p not in result["strengths"] for p in phrases["strengths"]["on_topic"])
    assert "Redis" not in result["strengths"] and "Redis" not in result["total_feedback"]
    assert any(result["total_feedback"].startswith(p) for p in phrases["opening"]["unrelated"])
    assert not any(result["total_feedback"].startswith(p) for p in phrases["opening"]["weak"])


# More of the same caching story, so that spoken it is an answer of some length.
STRAYED_ON = {
    "ko": (" 캐시 키에는 버전을 붙여서 배포할 때 한 번에 무효화할 수 있게 했고, 히트율은 대시보드로 매일 봤습니다. 메모리가 "
           "부족해지면 LRU로 오래된 키부터 밀려나도록 maxmemory 정책도 정해 두었습니다."),
    "en": (" We also versioned the cache keys so that a deploy could invalidate them all at once, watched the hit rate on "
           "a dashboard every day, and set a maxmemory policy so that the least recently used keys are evicted first "
           "when memory runs short."),
}
SPOKEN = {"words_per_minute": 130, "syllables_per_minute": 300, "long_pauses": 0, "total_time_s": 40}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_answer_about_something_else_is_praised_for_going_on_only_when_it_was_spoken_at_length(lang: str) -> None:
    ctx = context_from_bank(find_question("backend-transaction-isolation", lang))
    off_topic = feedback_phrases(lang)["status"]["off_topic"]
    # "You kept talking and didn't freeze" is praise of delivery: a typed answer gets none, nor does a short one.
    for result in (evaluate_answer(ctx, STRAYED[lang]), evaluate_answer(ctx, STRAYED[lang] + STRAYED_ON[lang]),
                   evaluate_answer(ctx, STRAYED[lang].split(".")[0] + ".", speech_metrics=SPOKEN)):
        assert result["overall"] < 25
        assert result["strengths"] in feedback_phrases(lang)["strengths"]["none"]
    spoken = evaluate_answer(ctx, STRAYED[lang] + STRAYED_ON[lang], speech_metrics=SPOKEN)
    assert spoken["overall"] < 25 and spoken["evidence"]["delivery"]["length"] != "short"
    # Spoken at length, it is told what holds of its delivery (that it went on, or that it went on without fillers).
    assert spoken["strengths"] in [off_topic["strengths"], *feedback_phrases(lang)["strengths"]["fluent"]]


VAGUE = {"ko": "음, 그때그때 다르고요, 데이터를 잘 보는 게 중요하다고 생각합니다.",
         "en": "Um, it depends, really. Looking at the data carefully is what matters most, I think."}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_failing_answer_that_stays_on_the_question_is_not_praised_for_it(lang: str) -> None:
    ctx = context_from_bank(find_question("data-ai-hyperparameter-tuning", lang))
    result = evaluate_answer(ctx, VAGUE[lang])
    strengths = feedback_phrases(lang)["strengths"]
    assert result["status"] == "ok" and result["grade"] == "F"
    # "You stayed on the question throughout" was its one strength; nothing in it answers the question.
    assert result["strengths"] in strengths["none"]
    assert all(p not in result["strengths"] for p in strengths["on_topic"])


# A scene (Redis, cache, sessions) and an ask (eviction policy, maxmemory): one answer takes up the ask, the other
# talks about the scene's neighbouring topic (a cache stampede) in the same words.
ASKED = {
    "ko": (
        ("Redis 한 대에 API 응답 캐시와 로그인 세션을 함께 두고 있습니다. 트래픽이 몰린 날 쓰기가 OOM 에러로 실패했습니다. "
         "maxmemory와 eviction 정책은 어떻게 설정하시겠어요?"),
        ("maxmemory를 넘으면 noeviction 정책에서는 쓰기가 거절됩니다. 세션은 TTL이 없으니 volatile-lru로 바꾸면 TTL 있는 "
         "캐시 키만 eviction 대상이 되고, 세션은 별도 인스턴스로 분리하겠습니다."),
        ("Redis 캐시가 만료되는 순간 요청이 DB로 몰리는 캐시 스탬피드가 문제입니다. 인기 키가 만료되면 캐시 미스가 한꺼번에 "
         "나니까 SET NX 락으로 한 요청만 DB를 읽게 하고, TTL에 지터를 더해 API 응답 캐시가 동시에 만료되지 않게 합니다."),
    ),
    "en": (
        ("Our single Redis instance holds cached API responses and user login sessions. During a traffic spike, "
         "writes failed with an OOM error. How would you set maxmemory and the eviction policy?"),
        ("Past maxmemory the default noeviction policy rejects writes. Sessions have no TTL, so with volatile-lru "
         "only the cache keys with a TTL are eviction candidates; I'd also move sessions to their own instance."),
        ("The real risk with a Redis cache in front of an API is a stampede: when a hot key expires, every request "
         "misses and hits the database. I'd let one request rebuild it under a SET NX lock and add jitter to the "
         "TTLs so cached API responses don't all expire at once."),
    ),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_answer_taking_up_the_ask_leans_from_the_scene_unlike_one_about_its_neighbour(lang: str) -> None:
    question, asked, neighbour = ASKED[lang]
    ctx = context_for_text(question, lang, "backend")
    on = evaluate_answer(ctx, asked)["evidence"]
    off = evaluate_answer(ctx, neighbour)["evidence"]
    assert on["relevance"]["ask_share"] > off["relevance"]["ask_share"]
    assert on["relevance"]["ask_lean"] > 0 > off["relevance"]["ask_lean"]
    # The fit reads both.
    assert on["combined"]["features"]["ask_share"] == on["relevance"]["ask_share"]
    # An answer in the other language holds the names both languages write alike (maxmemory, volatile-lru).
    other = evaluate_answer(ctx, ASKED["en" if lang == "ko" else "ko"][1])["evidence"]
    assert other["relevance"]["ask_share"] > off["relevance"]["ask_share"]


def test_a_korean_pro_verb_in_the_ask_names_no_topic() -> None:
    # "왜 그렇고, 어떻게 고치시겠어요?" asks about the scene: "그렇" (so, like that) points back at it. Read as the ask's one
    # topic word it gave a right answer none of the ask (ask_share 0); with no topic word in the ask the fit's mean
    # stands in (round 57).
    question = ("배포 후 주문 API의 p99 응답 시간이 두 배로 늘었고, 프로파일링해 보니 대부분의 시간을 JSON 직렬화에 씁니다. "
                "왜 그렇고, 어떻게 고치시겠어요?")
    assert topic_terms(asking_part(question), "ko") == ()
    right = ("응답마다 큰 객체 그래프를 리플렉션 기반 직렬화기로 매번 변환하기 때문입니다. 필요한 필드만 담은 DTO로 줄이고, "
             "코드 생성 방식 직렬화기로 바꾸거나 자주 읽는 응답은 직렬화된 바이트를 캐시하겠습니다.")
    relevance = evaluate_answer(context_for_text(question, "ko", "backend"), right)["evidence"]["relevance"]
    assert "ask_share" not in relevance and relevance["rare_share"] > 0


SCENE_FIRST = {
    "ko": (("지난주부터 고객 지원 화면을 열 때마다 몇 초씩 멈춘다는 제보가 들어옵니다. 확인해 보니 화면이 열릴 때 localStorage에서 "
            "5MB짜리 JSON을 JSON.parse로 읽고 있었습니다. 왜 멈추고, 어떻게 고치시겠어요?"),
           ("localStorage는 동기 API라서 읽는 동안 메인 스레드를 막고, 큰 문자열을 JSON.parse 하는 것도 메인 스레드에서 오래 "
            "걸립니다. 비동기인 IndexedDB로 옮기고 필요한 부분만 읽거나, 파싱을 Web Worker로 넘기겠습니다."), "지난주"),
    "en": (("Since last week, people on the night shift report that our warehouse picking app freezes for a few seconds "
            "whenever they open the order screen. It turns out the screen reads a 5 MB JSON blob from localStorage and "
            "runs JSON.parse on it. Why does it freeze, and how would you fix it?"),
           ("localStorage is synchronous, so reading it blocks the main thread, and JSON.parse on a big string also runs "
            "on the main thread. I'd move the data to IndexedDB, which is asynchronous, read only what the screen needs, "
            "or parse in a Web Worker."), "Since"),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_question_that_opens_with_its_scene_is_held_to_its_rarest_words(lang: str) -> None:
    # Its first words were the derived point ("the key concepts (Since, last, week, people)"): a right answer about
    # localStorage and JSON.parse held none of them and was told it had not explained them (round 52).
    question, answer, scene = SCENE_FIRST[lang]
    ctx = context_for_text(question, lang)
    point = ctx.key_points[0]
    assert ctx.source == "derived" and "localStorage" in point.point and "JSON.parse" in point.point
    assert scene not in point.point  # a rare scene word may still be among its terms ("지난주"): the label names none
    ev = evaluate_answer(ctx, answer)
    covered = ev["evidence"]["coverage"]["points"][0]
    assert covered["point"] == point.point and covered["score"] >= 0.5
    assert point.point not in ev["weaknesses"]


CACHE_LEAK = {
    "en": (("Our Python service keeps a module-level dict as a cache, and under load some workers use more and more "
            "memory until the OOM killer restarts them. tracemalloc points at the cache. Why does this happen, and "
            "would you switch to functools.lru_cache or a WeakValueDictionary?"),
           ("The dict never evicts anything, so every key stays referenced for the life of the worker and its memory "
            "only grows until the OOM killer steps in. I'd bound the cache with lru_cache and a maxsize that fits the "
            "memory budget.")),
    "ko": (("파이썬 서비스가 모듈 전역 dict를 캐시로 쓰는데, 부하가 걸리면 일부 워커의 메모리가 계속 늘다가 OOM killer에 "
            "재시작됩니다. tracemalloc을 보면 캐시가 원인입니다. 왜 이런 일이 생기고, functools.lru_cache와 WeakValueDictionary "
            "중 무엇으로 바꾸시겠어요?"),
           ("dict는 아무것도 내보내지 않아서 한 번 들어간 키는 워커가 살아 있는 동안 계속 참조되고, 메모리는 OOM killer가 "
            "나설 때까지 늘기만 합니다. 저는 lru_cache에 메모리 예산에 맞는 maxsize를 줘서 캐시 크기를 묶겠습니다.")),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_credited_topic_point_names_only_the_concepts_the_answer_said(lang: str) -> None:
    # Credited for the question's words it used, an answer was told it covered every concept the label lists,
    # "recover" and "sync.RWMutex" among them, though it never named them (blind69, round 55).
    question, answer = CACHE_LEAK[lang]
    ctx = context_for_text(question, lang, "backend")
    assert ctx.source == "derived" and ctx.topic_label is not None
    asked, named = ctx.topic_label
    assert {"OOM", "tracemalloc", "WeakValueDictionary"} <= set(named)
    ev = evaluate_answer(ctx, answer)
    topic = ev["evidence"]["coverage"]["points"][0]
    assert topic["point"] == asked and topic["score"] >= 0.5  # the evidence keeps what was asked
    shown = [m for m in ev["matched_key_points"] if m.startswith(asked.split("(")[0])]
    assert shown == [asked.replace(", ".join(named), "OOM")]
    feedback = " ".join([ev["strengths"], ev["weaknesses"], ev["total_feedback"], *ev["matched_key_points"]])
    assert "OOM" in feedback and "tracemalloc" not in feedback and "WeakValueDictionary" not in feedback
    # An answer that names them all is told of them all.
    full = answer + (" The OOM killer restarts the worker; tracemalloc shows it, and a WeakValueDictionary would not "
                     "help: its values vanish when unused.")
    assert asked in evaluate_answer(ctx, full)["matched_key_points"]


RENDER_PIPELINE = {
    "ko": ("브라우저는 HTML을 파싱해 DOM을, CSS를 파싱해 CSSOM을 만들고 둘을 합쳐 렌더 트리를 만든 뒤 레이아웃과 페인트, 합성을 "
           "거칩니다. 그래서 레이아웃을 다시 일으키는 속성 대신 transform과 opacity로 애니메이션하면 합성 단계만 다시 돌아 "
           "부드럽습니다."),
    "en": ("When a page breaks, it is usually a rendering problem. The browser parses HTML into the DOM and CSS into the "
           "CSSOM, combines them into a render tree, then runs layout, paint and compositing. Because layout is the "
           "expensive step, animating transform and opacity instead of top or width keeps the page smooth, for example a "
           "sliding drawer only recomposites."),
}
BOUNDARIES = {
    "ko": ("위젯마다 에러 바운더리를 감싸 둡니다. 왜냐하면 한 위젯의 렌더링 에러가 페이지 전체를 언마운트하지 않고 그 위젯만 "
           "fallback과 다시 시도 버튼으로 바뀌어야 하기 때문입니다. 바운더리는 이벤트 핸들러나 비동기 코드의 에러는 잡지 못하므로 "
           "요청 실패는 상태로 다룹니다. 예를 들어 React Query의 에러 상태로 인라인 메시지를 보여 주고, 전역 핸들러로 Sentry에 "
           "리포팅합니다."),
    "en": ("I wrap each widget in its own error boundary, because a render error in one widget should only replace that "
           "widget with a fallback and a retry button, not unmount the whole page. Boundaries don't catch errors in event "
           "handlers or async code, so failed requests are kept as state, for example React Query's error state shows an "
           "inline message, and a global handler reports everything to Sentry."),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_structure_of_a_failing_or_off_topic_answer_is_no_strength(lang: str) -> None:
    # The rendering pipeline told to a question on error boundaries (3 / F) had one strength on the result page:
    # "concept, reason, example — a clear structure". A right answer with the same shape keeps it.
    ctx = context_from_bank(find_question("frontend-error-handling", lang))
    praise = feedback_phrases(lang)["strengths"]["technical_structure"][0]
    stray = evaluate_answer(ctx, RENDER_PIPELINE[lang])
    assert stray["grade"] == "F" and {"reason"} <= set(stray["evidence"]["structure"]["parts"])
    assert praise not in stray["strengths"], stray["strengths"]
    assert stray["strengths"] == feedback_phrases(lang)["strengths"]["none"][0]
    right = evaluate_answer(ctx, BOUNDARIES[lang])
    assert right["grade"] != "F" and praise in right["strengths"], right["strengths"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_long_answer_that_covers_the_key_points_is_not_told_its_point_got_buried(lang: str) -> None:
    # 165 tier-4 development answers were told "The answer ran long and the key point got buried" for their length
    # alone. A long answer that covers the points is told its length and to lead with the conclusion.
    ctx = context_from_bank(find_question("frontend-error-handling", lang))
    phrases = feedback_phrases(lang)["weaknesses"]
    long_right = evaluate_answer(ctx, " ".join([ctx.model_answer] * 3))
    assert long_right["evidence"]["delivery"]["length"] == "long" and long_right["criteria"]["coverage"] >= 60
    assert phrases["too_long"] not in long_right["weaknesses"]
    told = Phrases.for_answer(lang, ctx.model_answer).render(phrases["too_long_covered"],
                                                             count=long_right["evidence"]["delivery"]["words"])
    assert told in long_right["weaknesses"], long_right["weaknesses"]
    if lang == "en":  # a long answer about something else still hears that its point got buried
        rambling = evaluate_answer(ctx, " ".join([RENDER_PIPELINE[lang]] * 5))
        assert rambling["evidence"]["delivery"]["length"] == "long" and rambling["criteria"]["coverage"] < 60
        assert phrases["too_long"] in rambling["weaknesses"]


NOT_VAGUE = {
    "en": ("Why does a systemd service ignore the open-files limit you set?",
           ("Editing /etc/security/limits.conf doesn't affect systemd services, because PAM limits only apply to login "
            "sessions; set LimitNOFILE in the unit. Whether you restart it depends on whether the unit is socket-activated."),
           ("For the systemd service's open-files limit, it depends. You raise the limit appropriately and handle it "
            "properly, case by case, and so on.")),
    "ko": ("캐시 스탬피드를 어떻게 막나요?",
           "TTL에 지터를 줘서 한 번에 만료되지 않게 하고요, 미스 났을 때 락을 잡은 요청 하나만 DB에서 채우게 해요. 뭐 대충 그렇게 합니다.",
           "캐시 스탬피드는 상황에 따라 다른데, 캐시 TTL을 적절히 대충 조정해서 처리합니다."),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_path_a_said_dependency_and_a_closing_tic_are_not_vague(lang: str) -> None:
    # "Vague phrases such as 'etc' stood in for a concrete explanation" was said of "/etc/security/limits.conf";
    # "it depends on the data: per-user responses get private, …" goes on to say on what; "…, 대충 그렇게 합니다"
    # closes a concrete answer. A run of vague phrases is still named.
    question, concrete, vague = NOT_VAGUE[lang]
    ctx = context_for_text(question, lang, "backend")
    said = evaluate_answer(ctx, concrete)
    assert said["evidence"]["specificity"]["vague"] == [], said["evidence"]["specificity"]
    line = "Vague phrases" if lang == "en" else "모호한 표현"
    assert line not in said["weaknesses"]
    waved = evaluate_answer(ctx, vague)
    assert len(waved["evidence"]["specificity"]["vague"]) >= 2, waved["evidence"]["specificity"]
    assert line in waved["weaknesses"], waved["weaknesses"]
