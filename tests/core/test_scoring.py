"""The rubric scorer on real bank questions and the real embedder."""
from __future__ import annotations

import asyncio
import inspect
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.question_bank import find_question
from core.scoring import (
    CRITERIA,
    QuestionContext,
    context_for_text,
    context_from_bank,
    evaluate_answer,
    evaluate_answer_async,
)
from core.scoring.batch import evaluate_item
from core.scoring.engine import grade
from core.scoring.feedback import Phrases, has_batchim, point_phrase, quote, surface
from core.scoring.fillers import count_fillers
from core.scoring.lexicon import feedback_phrases

HANGUL = re.compile(r"[가-힣]")

INDEX_EXCELLENT = (
    "대부분의 RDBMS는 B+Tree 인덱스를 쓰는데, 키가 정렬돼 있어서 풀 스캔 없이 로그 시간에 위치를 찾습니다. "
    "복합 인덱스는 선두 컬럼 기준으로 정렬되기 때문에 (a, b)에서 b만 조건으로 주면 제대로 타지 않습니다. "
    "그래서 동등 조건 컬럼을 앞에, 범위 조건 컬럼을 뒤에 두고, 카디널리티가 높은 컬럼을 우선합니다. "
    "이전 회사에서 주문 조회가 2초 걸렸는데 EXPLAIN으로 풀 스캔을 확인하고 복합 인덱스를 만들어 30ms로 줄였습니다. "
    "대신 인덱스는 쓰기 비용과 저장 공간이 들어서 안 쓰는 인덱스는 정리합니다."
)
INDEX_SHORT_EXCELLENT = (
    "B+Tree로 정렬돼 있어 풀 스캔 대신 로그 시간에 찾습니다. 복합 인덱스는 선두 컬럼 규칙 때문에 동등 조건을 앞에, "
    "범위 조건을 뒤에 두고 선택도와 EXPLAIN 실행 계획으로 검증합니다. 쓰기 비용이 있어 필요한 것만 만듭니다."
)
INDEX_DECENT = (
    "인덱스는 데이터를 정렬된 구조로 따로 저장해 두기 때문에 전체 테이블을 다 읽지 않고 원하는 행을 빨리 찾을 수 있습니다. "
    "보통 B-Tree 구조를 씁니다. 복합 인덱스는 앞에 있는 컬럼부터 정렬되기 때문에 자주 쓰는 컬럼을 앞에 둡니다."
)
INDEX_WRONG = (
    "인덱스는 테이블 데이터를 전부 메모리에 올려서 캐싱해 두는 기능이라 조회가 빨라집니다. 복합 인덱스는 컬럼 순서와 "
    "상관없이 똑같이 동작하기 때문에 순서는 신경 쓸 필요가 없습니다. 인덱스는 많을수록 무조건 좋아서 모든 컬럼에 겁니다."
)
LONG_OFF_TOPIC = (
    "저는 팀워크를 굉장히 중요하게 생각하는 사람입니다. 이전 회사에서도 동료들과 점심을 자주 먹으면서 친해졌고, "
    "회의 시간에는 항상 다른 사람의 의견을 먼저 들으려고 노력했습니다. 주말에는 등산을 다니면서 체력을 관리하고 있고, "
    "새로운 사람들과 대화하는 것을 좋아합니다. 앞으로도 회사에 잘 적응해서 오래 다니고 싶습니다."
)
KAFKA_RIGHT = (
    "To avoid loss I set acks=all on the producer and commit consumer offsets only after processing. That gives "
    "at-least-once delivery, so consumers must be idempotent: we store processed event IDs. Ordering is only "
    "guaranteed within a partition, so I use the order ID as the message key."
)
KAFKA_FILLERS = (
    "Um, so basically for loss you, like, set acks equals all on the producer and, uh, only commit the offset after "
    "you actually process it. And, you know, that means duplicates, so the consumer has to be, um, idempotent, like "
    "we stored processed event IDs. And ordering is, uh, only per partition, so you key by, like, the order ID."
)


@pytest.fixture(scope="module")
def index_ctx() -> QuestionContext:
    q = find_question("backend-db-index", "ko")
    assert q is not None
    return context_from_bank(q)


@pytest.fixture(scope="module")
def kafka_ctx() -> QuestionContext:
    q = find_question("backend-kafka-messaging", "en")
    assert q is not None
    return context_from_bank(q)


def test_output_schema_is_complete_and_json_serialisable(index_ctx: QuestionContext) -> None:
    ev = evaluate_answer(index_ctx, INDEX_DECENT)
    json.dumps(ev, ensure_ascii=False)
    assert 1 <= ev["technical_score"] <= 5 and 1 <= ev["communication_score"] <= 5
    assert 0 <= ev["overall"] <= 100 and ev["grade"] in "ABCDF"
    assert set(ev["criteria"]) == set(CRITERIA)
    assert all(0 <= v <= 100 for v in ev["criteria"].values())
    assert ev["engine"] == "rubric-v59" and ev["language"] == "ko"
    assert ev["model_answer"] == index_ctx.model_answer
    assert set(ev["insights"]) == {"job_terms", "repeated_words", "talking_points", "filler_words"}
    assert set(ev["insights"]["talking_points"]) == {"experience", "skills", "result", "lesson"}
    for field in ("strengths", "weaknesses", "total_feedback"):
        assert isinstance(ev[field], str) and ev[field]
    labels = {kp.point for kp in index_ctx.key_points}
    assert set(ev["matched_key_points"]) | set(ev["missed_key_points"]) == labels


def test_quality_ordering(index_ctx: QuestionContext) -> None:
    scores = {name: evaluate_answer(index_ctx, text)["overall"] for name, text in {
        "excellent": INDEX_EXCELLENT, "decent": INDEX_DECENT, "wrong": INDEX_WRONG, "off": LONG_OFF_TOPIC,
    }.items()}
    # Wrong and off-topic are both failing answers; which of the two fails harder is no human grader's call.
    assert scores["excellent"] > scores["decent"] > max(scores["wrong"], scores["off"])
    assert max(scores["wrong"], scores["off"]) <= 15


@pytest.mark.parametrize(
    "answer",
    ["", "   ", "음... 잘 모르겠습니다.", "패스하겠습니다.", "죄송합니다, 모르겠어요.",
     "데이터베이스 인덱스가 어떻게 조회를 빠르게 만드는지, 그리고 복합 인덱스 컬럼 순서를 어떻게 정하는지요.",
     "오늘 점심은 김치찌개를 먹었는데 정말 맛있었습니다. 날씨가 좋아서 산책도 했습니다.", LONG_OFF_TOPIC],
)
def test_non_answers_score_lowest(index_ctx: QuestionContext, answer: str) -> None:
    ev = evaluate_answer(index_ctx, answer)
    assert ev["technical_score"] == 1
    assert ev["overall"] <= 10
    assert ev["grade"] == "F"
    assert not ev["matched_key_points"]


@pytest.mark.parametrize("answer", ["I don't know.", "Pass", "No idea, sorry.", "asdf qwer zxcv"])
def test_english_non_answers(kafka_ctx: QuestionContext, answer: str) -> None:
    ev = evaluate_answer(kafka_ctx, answer)
    assert ev["technical_score"] == 1 and ev["overall"] <= 10


@pytest.mark.parametrize(("answer", "status"), [("I don't know.", "non_answer"), ("Not sure.", "non_answer"),
                                                ("um, uh...", "empty"), ("   ", "empty")])
def test_saying_you_dont_know_is_not_an_empty_answer(kafka_ctx: QuestionContext, answer: str, status: str) -> None:
    # "I don't know." is all stopwords: it was told "The answer is empty", which it is not.
    ev = evaluate_answer(kafka_ctx, answer)
    assert ev["status"] == status
    assert ev["weaknesses"] == feedback_phrases("en")["status"][status]["weaknesses"]


def test_length_is_not_what_is_measured(index_ctx: QuestionContext) -> None:
    short = evaluate_answer(index_ctx, INDEX_SHORT_EXCELLENT)
    long_off = evaluate_answer(index_ctx, LONG_OFF_TOPIC)
    long_wrong = evaluate_answer(index_ctx, INDEX_WRONG)
    assert short["overall"] > max(long_wrong["overall"], long_off["overall"]) + 30
    assert short["technical_score"] >= 4


def test_fillers_cost_only_communication(kafka_ctx: QuestionContext) -> None:
    clean = evaluate_answer(kafka_ctx, KAFKA_RIGHT)
    filler = evaluate_answer(kafka_ctx, KAFKA_FILLERS)
    assert filler["criteria"]["filler_words"] < clean["criteria"]["filler_words"] - 30
    assert filler["communication_score"] < clean["communication_score"]
    assert filler["technical_score"] >= clean["technical_score"] - 1
    assert filler["technical_score"] >= 3
    assert filler["insights"]["filler_words"].get("um", 0) >= 2


def test_weaknesses_name_missed_points_seed_style(index_ctx: QuestionContext, kafka_ctx: QuestionContext) -> None:
    ko = evaluate_answer(index_ctx, INDEX_DECENT)
    assert ko["missed_key_points"]
    assert f"{ko['missed_key_points'][0]}에 대한 설명 부족" in ko["weaknesses"]
    en = evaluate_answer(kafka_ctx, "Kafka is reliable, so messages are not lost and ordering is fine.")
    assert "Did not explain" in en["weaknesses"]


def test_feedback_is_in_session_language_and_quotes_the_answer(index_ctx: QuestionContext, kafka_ctx: QuestionContext) -> None:
    ko = evaluate_answer(index_ctx, INDEX_EXCELLENT)
    assert HANGUL.search(ko["total_feedback"]) and HANGUL.search(ko["strengths"])
    # Coach references what was said: a named technology or number from the answer.
    assert any(s in ko["strengths"] for s in ("B+Tree", "EXPLAIN", "30ms", "2초"))
    en = evaluate_answer(kafka_ctx, KAFKA_RIGHT)
    for field in ("strengths", "weaknesses", "total_feedback"):
        assert not HANGUL.search(en[field])


def _timed_words(text: str, seconds_per_word: float, pause_every: int = 0) -> list[dict]:
    words, t = [], 0.0
    for i, w in enumerate(text.split()):
        words.append({"word": w, "start": t, "end": t + seconds_per_word * 0.8})
        t += seconds_per_word + (2.0 if pause_every and i % pause_every == pause_every - 1 else 0.0)
    return words


def test_speech_metrics_affect_delivery_not_content(kafka_ctx: QuestionContext) -> None:
    from core.speech_metrics import compute_speech_metrics

    calm_metrics = compute_speech_metrics(_timed_words(KAFKA_RIGHT, 0.42), KAFKA_RIGHT, "en")
    rushed_metrics = compute_speech_metrics(_timed_words(KAFKA_RIGHT, 0.2), KAFKA_RIGHT, "en")
    halting_metrics = compute_speech_metrics(_timed_words(KAFKA_RIGHT, 0.3, pause_every=6), KAFKA_RIGHT, "en")
    calm = evaluate_answer(kafka_ctx, KAFKA_RIGHT, speech_metrics=calm_metrics)
    rushed = evaluate_answer(kafka_ctx, KAFKA_RIGHT, speech_metrics=rushed_metrics)
    assert rushed["criteria"]["delivery"] < calm["criteria"]["delivery"]
    assert rushed["criteria"]["coverage"] == calm["criteria"]["coverage"]
    assert rushed["technical_score"] == calm["technical_score"]
    assert "fast" in rushed["weaknesses"] and "words per minute" in rushed["weaknesses"]
    halting = evaluate_answer(kafka_ctx, KAFKA_RIGHT, speech_metrics=halting_metrics)
    assert halting["criteria"]["delivery"] < calm["criteria"]["delivery"]
    assert "long pauses" in halting["weaknesses"]


def test_korean_pace_uses_syllables(index_ctx: QuestionContext) -> None:
    from core.speech_metrics import compute_speech_metrics

    fast = compute_speech_metrics(_timed_words(INDEX_DECENT, 0.15), INDEX_DECENT, "ko")
    ev = evaluate_answer(index_ctx, INDEX_DECENT, speech_metrics=fast)
    assert ev["evidence"]["delivery"]["rate_unit"] == "spm"
    assert "음절" in ev["weaknesses"]


def test_emotion_is_not_an_input() -> None:
    params = inspect.signature(evaluate_answer).parameters
    assert not any("emotion" in p for p in params)


def test_deterministic_and_thread_safe(kafka_ctx: QuestionContext) -> None:
    answers = [KAFKA_RIGHT, KAFKA_FILLERS, "I don't know", "Kafka keeps messages in partitions."]
    sequential = [evaluate_answer(kafka_ctx, a) for a in answers]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda a: evaluate_answer(kafka_ctx, a), answers))
    assert [e["overall"] for e in sequential] == [e["overall"] for e in parallel]
    assert sequential[0]["total_feedback"] == parallel[0]["total_feedback"]


async def test_async_wrapper(kafka_ctx: QuestionContext) -> None:
    ev, other = await asyncio.gather(evaluate_answer_async(kafka_ctx, KAFKA_RIGHT), asyncio.sleep(0, "done"))
    assert ev["overall"] == evaluate_answer(kafka_ctx, KAFKA_RIGHT)["overall"] and other == "done"


def test_context_for_bank_text_is_the_bank_question() -> None:
    q = find_question("backend-db-index", "ko")
    ctx = context_for_text(q.text, "ko", "backend")
    assert ctx.bank_key == q.key and ctx.model_answer == q.model_answer and ctx.source == "bank"
    # The same question asked in English gets the English key points.
    en = context_for_text(find_question("backend-db-index", "en").text, "en", None)
    own = find_question("backend-db-index", "en").key_points
    assert en.language == "en" and [kp.point for kp in en.key_points] == [kp.point for kp in own]
    # ... with the Korean version's terms added, so an answer in Korean is graded by its content.
    assert all(set(kp.terms) <= set(got.terms) for kp, got in zip(own, en.key_points, strict=True))
    assert any("정렬" in got.terms for got in en.key_points)


def test_context_for_bank_follow_up_borrows_only_relevant_points() -> None:
    q = find_question("backend-rest-api-design", "ko")
    follow = next(f for f in q.follow_ups if "PATCH" in f)
    ctx = context_for_text(follow, "ko", "backend")
    assert ctx.model_answer is None and ctx.source == "neighbour"
    labels = [kp.point for kp in ctx.key_points]
    assert any("멱등" in label for label in labels)
    assert len([kp for kp in ctx.key_points if kp in q.key_points]) < len(q.key_points)


@pytest.mark.parametrize("question", ["프로세스와 스레드의 차이를 설명해 주세요.", "프로세스와 스레드의 차이는 무엇인가요?"])
def test_a_short_rewording_of_a_bank_question_is_graded_by_its_key(question: str) -> None:
    # Its two topic words are common across the bank's keys (together they weigh less than a rewording needs), but the
    # bank question itself, close by cosine, asks about both: a right answer was graded on derived points, 35 / F,
    # level with a wrong one (32).
    ctx = context_for_text(question, "ko", "backend")
    bank = find_question("backend-process-vs-thread", "ko")
    assert ctx.source == "neighbour" and ctx.borrowed_from == bank.text, ctx.source
    right = evaluate_answer(ctx, "프로세스는 독립된 메모리 공간을 가지고, 스레드는 같은 프로세스의 메모리를 공유합니다. 그래서 스레드는 생성과 "
                                 "전환 비용이 작지만, 한 스레드의 버그가 다른 스레드에 영향을 줄 수 있고 공유 자원에는 락이 필요합니다.")
    wrong = evaluate_answer(ctx, "스레드는 각자 독립된 메모리 공간을 가지기 때문에 서로 영향을 주지 않고, 그래서 락 같은 동기화가 전혀 "
                                 "필요 없습니다. 프로세스는 메모리를 공유해서 가볍습니다.")
    assert right["reference"] == "neighbour" and right["overall"] >= wrong["overall"] + 15, (right["overall"], wrong["overall"])


def test_context_for_unrelated_question_is_derived_from_its_words() -> None:
    ctx = context_for_text("Git에서 merge와 rebase의 차이는 무엇인가요?", "ko", "backend")
    assert ctx.source == "derived" and ctx.model_answer is None
    terms = {t.lower() for kp in ctx.key_points for t in kp.terms}
    assert {"merge", "rebase"} <= terms
    behavioral = context_for_text("Tell me about a time you failed and what you learned from it.", "en", None)
    assert behavioral.kind == "behavioral"


def test_scoring_a_free_text_question() -> None:
    # A question outside the bank (the bank grows: pick a topic it does not hold).
    ctx = context_for_text("How does a skip list work, and why would you pick one over a balanced tree?", "en",
                           "backend")
    assert ctx.source != "bank"
    good = evaluate_answer(ctx, "A skip list is a sorted linked list with extra express lanes: each node is promoted "
                                "to the next level with probability one half, so a search skips ahead and takes "
                                "O(log n) expected time. I would pick it over a balanced tree because inserts only "
                                "touch local pointers, which makes lock-free concurrent versions much simpler.")
    off = evaluate_answer(ctx, "I enjoy hiking on weekends and reading novels about history.")
    # Nothing outside the bank can confirm the good answer's facts, so it is not scored as high as on a bank question
    # (53 with the round-8 fit, 56 with round 9's). The unrelated answer is not read as off-topic: its cosine to the
    # question still stands out among the bank's questions (z 1.8), so it keeps relevance 34 and the fit reads it at
    # 25 (round 8) / 31 (round 9, docs/scoring.md Limits). The good one passes, the unrelated one fails, 20+ apart.
    assert good["overall"] >= 50 and off["overall"] < 40 and good["overall"] > off["overall"] + 20
    assert good["model_answer"] is None


def test_batch_item_detects_language_and_reports_errors() -> None:
    out = evaluate_item({"question": "프로세스와 스레드의 차이를 설명해 주세요.", "answer": "프로세스는 독립된 메모리를, 스레드는 힙을 공유합니다."})
    assert out["lang"] == "ko" and out["evaluation"]["language"] == "ko"
    out = evaluate_item({"question": "What is a mutex?", "answer": "A lock that lets one thread in at a time.", "lang": "en"})
    assert out["evaluation"]["language"] == "en"
    assert "error" in evaluate_item({"answer": "no question"})


def test_filler_counting_respects_ordinary_usage() -> None:
    assert count_fillers("그 프로젝트에서 Redis를 썼습니다", "ko").counts == {}
    assert count_fillers("음, 그, 그러니까 이제 약간 느렸어요", "ko").weighted >= 3
    en = count_fillers("I like Kafka and tools like Redis. It was, like, really slow, um.", "en")
    assert en.counts == {"like": 1, "um": 1}


def test_korean_particles_follow_the_last_syllable() -> None:
    assert has_batchim("인덱스 선정") and not has_batchim("인덱스 설계") and not has_batchim("캐시")
    assert has_batchim("Spring") and not has_batchim("Redis")


def test_a_korean_particle_after_an_english_word_follows_its_korean_reading() -> None:
    closed = ["Git", "Slack", "heap", "SQL", "HTML", "webhook", "socket", "commit", "layout", "stub", "setup", "module",
              "pipeline", "eviction", "Kotlin", "'stack'"]
    open_ = ["Redis", "Docker", "log", "API", "JWT", "test", "React", "boot", "task", "Spark", "check", "GitHub", "loop",
             "cache", "queue", "Kafka", "broker", "iOS", "Linux", "batch", "Swift", "Flutter"]
    assert [w for w in closed if not has_batchim(w)] == [] and [w for w in open_ if has_batchim(w)] == []
    assert Phrases("ko", 0).render("{x}{josa:을/를} 언급", x="Git") == "Git을 언급"


def test_a_key_point_reads_mid_sentence_with_its_names_spelled_as_written() -> None:
    """"Answer what it asks, starting with cache-Control directives": a capital inside the first word marks a name."""
    assert point_phrase("Cache-Control directives: max-age, no-cache vs no-store", "en").startswith("Cache-Control ")
    assert point_phrase("OpenTelemetry traces across services", "en").startswith("OpenTelemetry ")
    assert point_phrase("StatefulSet for stable identity", "en").startswith("StatefulSet ")
    assert point_phrase("Revalidation with ETag", "en") == "revalidation with ETag"
    assert point_phrase("Cache 키 설계", "ko") == "Cache 키 설계"


# A short, precise answer outside the bank (blind46 had one like it, read in round 37).
STORAGE = {"question": "What is the difference between block, file and object storage, for example EBS, EFS and S3?",
           "answer": ("Block storage like EBS is a disk attached to one instance, so it suits databases. File storage "
                      "like EFS is a shared NFS filesystem many servers mount. Object storage like S3 is an HTTP API for "
                      "whole objects, cheap and durable, good for user uploads."),
           "lang": "en"}


def test_feedback_quotes_a_technology_as_the_candidate_wrote_it() -> None:
    # "… S3 is an HTTP API …" was praised for the concrete detail 'https', a word it never used (the tech list's
    # "https" matches "HTTP" by its stem).
    ev = evaluate_item(STORAGE)["evaluation"]
    named = ev["evidence"]["specificity"]["technologies"]
    assert "HTTP" in named and "https" not in named
    assert "https" not in " ".join(ev["strengths"])
    assert surface("https", STORAGE["answer"]) == "HTTP" and surface("redis", "we used Redis") == "Redis"


def test_the_grade_is_that_of_the_score_shown() -> None:
    # Round 37, found using the CLI: a Korean answer shown as 70 was graded C (its overall was 69.6).
    assert [grade(x) for x in (69.4, 69.6, 84.6, 39.4, 39.6)] == ["C", "B", "A", "F", "D"]


def test_a_failing_answer_is_never_told_it_has_no_notable_weakness() -> None:
    # Round 37, found using the CLI: the fit read this answer as an F while no rule found a gap, and the feedback said
    # "No notable weaknesses." beside the F.
    ev = evaluate_item(STORAGE)["evaluation"]
    assert ev["grade"] in ("D", "F"), ev["overall"]  # the case this test is about; a refit may move it (then pick another)
    assert ev["weaknesses"] != "No notable weaknesses."
    assert ev["weaknesses"].startswith(feedback_phrases("en")["weaknesses"]["unexplained_low_unverified"][:30])


def test_a_korean_particle_after_a_filled_in_word_is_chosen_by_that_word() -> None:
    """"{items}를 언급한" read "'재시도', 'eviction'를": a particle right after a placeholder must be a josa marker."""
    from core.scoring.lexicon import feedback_phrases

    def strings(node):
        if isinstance(node, dict):
            return [s for v in node.values() for s in strings(v)]
        return [s for v in node for s in strings(v)] if isinstance(node, list) else [str(node)]

    fixed = re.compile(r"\}(?:을|를|이|가|은|는|와|과|으로|로)(?=[\s,.)]|$)")
    assert [s for s in strings(feedback_phrases("ko")) if fixed.search(s)] == []
    said = Phrases("ko", 0).render(feedback_phrases("ko")["mention"]["specifics"], items="'재시도', 'eviction'")
    assert "'eviction'을 언급한" in said


def test_feedback_files_have_the_same_phrases_in_both_languages() -> None:
    from core.scoring.lexicon import feedback_phrases

    def shape(node):
        if isinstance(node, dict):
            return {k: shape(v) for k, v in node.items()}
        return type(node).__name__

    assert shape(feedback_phrases("ko")) == shape(feedback_phrases("en"))


LIFECYCLE_ANDROID = {
    "ko": "Android에서는 onCreate, onStart, onResume 순서로 화면이 올라오고, 홈으로 나가면 onPause와 onStop이 호출됩니다. "
          "돌아오면 onRestart, onStart, onResume이 불립니다. 회전 같은 구성 변경에는 Activity가 다시 만들어지므로 "
          "ViewModel과 SavedStateHandle로 입력 상태를 지키고, onStop에서 카메라를 해제하고 작성 중인 글을 저장합니다.",
    "en": "On Android the screen comes up through onCreate, onStart and onResume; going home calls onPause and onStop, "
          "and coming back calls onRestart, onStart and onResume. A configuration change such as rotation recreates "
          "the Activity, so I keep input in a ViewModel and SavedStateHandle, and in onStop I release the camera and "
          "save the draft.",
}
LIFECYCLE_IOS = {
    "ko": "iOS에서는 앱이 active 상태였다가 홈으로 나가면 inactive를 거쳐 background로, 잠시 뒤 suspended로 갑니다. "
          "SwiftUI에서는 scenePhase 변화를 보고 background로 갈 때 작성 중인 글을 저장하고 위치 업데이트를 멈춥니다. "
          "시스템이 앱을 종료할 수 있으니 상태 복원용 값은 SceneStorage에 둡니다.",
    "en": "On iOS the app is active, then goes inactive and background when the user goes home, and is suspended soon "
          "after. In SwiftUI I watch scenePhase: on background I save the draft and stop location updates. The system "
          "may kill a suspended app, so I keep what the screen needs to restore in SceneStorage.",
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_question_that_offers_a_choice_holds_the_answer_to_the_choice_it_took(language: str) -> None:
    # "On the platform you work with most, iOS or Android": a full Android answer is not told it missed iOS.
    q = find_question("mobile-app-lifecycle", language)
    ctx = context_from_bank(q)
    by_variant = {kp.variant: kp.point for kp in q.key_points if kp.variant}
    for took, answer in (("Android", LIFECYCLE_ANDROID[language]), ("iOS", LIFECYCLE_IOS[language])):
        ev = evaluate_answer(ctx, answer)
        other = by_variant["iOS" if took == "Android" else "Android"]
        assert ev["evidence"]["coverage"]["variant"] == took
        assert by_variant[took] in ev["matched_key_points"]
        assert other not in ev["matched_key_points"] + ev["missed_key_points"]
        assert other not in ev["weaknesses"] + ev["total_feedback"]
        assert ev["overall"] >= 62, (took, ev["overall"], ev["criteria"])


@pytest.mark.parametrize(("language", "answer", "praise"), [
    ("ko", "홈으로 나가면 onDestroy가 바로 호출되고 앱이 완전히 종료되니까 돌아오면 onCreate부터 다시 시작합니다.", "좋았습니다"),
    ("en", ("When the user goes home, onDestroy is called right away and the app is killed, so coming back always "
            "starts again from onCreate."), "especially good"),
])
def test_a_failing_answer_is_not_praised_for_the_point_it_touched(language: str, answer: str, praise: str) -> None:
    # Wrong (going home stops the Activity, it is not destroyed), in words no listed signal names.
    ev = evaluate_answer(context_from_bank(find_question("mobile-app-lifecycle", language)), answer)
    assert ev["overall"] < 50 and ev["misconceptions"] == []
    assert "Android" in ev["total_feedback"]  # the point it touched is named ...
    assert praise not in ev["total_feedback"]  # ... without praise


# Confidently wrong about what a certificate is for; it still touches the question's certificate point.
TLS_AS_COMPRESSION = ("HTTPS is basically HTTP with compression. The browser and server agree on a zip format, and "
                      "because the data is compressed it can't be read in transit, so no certificates are needed; "
                      "certificates are only for making the site load faster through the CDN. The handshake just "
                      "exchanges the compression dictionary.")


def test_a_failing_answer_is_not_told_it_pointed_the_right_way() -> None:
    q = find_question("backend-tls-handshake", "en")
    assert q is not None
    ev = evaluate_answer(context_for_text(q.text, "en", "backend"), TLS_AS_COMPRESSION)
    assert ev["grade"] == "F" and ev["overall"] < 40
    points = [point_phrase(p.point, "en") for p in q.key_points]
    assert "right direction" not in ev["strengths"] and not any(p in ev["strengths"] for p in points), ev["strengths"]
    assert ev["strengths"].strip()  # something true is still said


def test_a_name_found_in_two_spellings_is_quoted_once_as_the_candidate_wrote_it() -> None:
    # "로드 밸런서" and "로드밸런서" are both listed spellings of one name: the strength quoted "'로드 밸런서', '로드밸런서'처럼
    # 구체적인 기술" for an answer that wrote it once, without the space (round 52).
    answer = ("롤링 업데이트 중에 파드가 종료되면 엔드포인트에서 빠지는 것과 SIGTERM이 동시에 일어나서, 로드밸런서가 아직 종료 중인 "
              "파드로 요청을 보냅니다. preStop 훅으로 몇 초 기다리고 readinessProbe를 두고, SIGTERM을 받으면 진행 중인 요청을 "
              "마무리하는 graceful shutdown을 구현합니다.")
    question = "쿠버네티스 롤링 업데이트를 할 때마다 몇 초 동안 502 에러가 납니다. 원인이 뭐고 어떻게 없애시겠어요?"
    ev = evaluate_answer(context_for_text(question, "ko"), answer)
    assert "'로드밸런서'" in ev["strengths"] and "'로드 밸런서'" not in ev["strengths"]
    assert "'readiness probe'" not in ev["strengths"]


@pytest.mark.parametrize(("language", "answer"), [
    ("en", ("I use POST for every endpoint, reads included, because browsers cache GET responses and that breaks APIs. "
           "Status codes don't really matter: I return 200 with an error field in the JSON body, the way Stripe and "
           "GitHub do, so clients only check one thing.")),
    ("ko", ("REST API는 전부 POST로 만듭니다. GET은 브라우저가 캐시해서 API가 깨지기 때문입니다. 상태 코드는 크게 중요하지 않아서 "
           "실패해도 200을 주고 JSON 본문에 error 필드를 넣습니다. Stripe나 GitHub도 그렇게 해서 클라이언트는 한 가지만 보면 됩니다.")),
])
def test_a_failing_answer_is_not_told_its_names_made_it_convincing(language: str, answer: str) -> None:
    # 44 of blind66's 288 answers graded F were told "Concrete details such as 'cache', 'POST' and '200' made the
    # answer convincing", most of them confidently wrong: the names of a wrong answer are no evidence for it.
    q = find_question("backend-rest-api-design", language)
    assert q is not None
    ev = evaluate_answer(context_for_text(q.text, language, "backend"), answer)
    assert grade(ev["overall"]) == "F"
    praise = [line.split("{items}")[-1].strip() for line in feedback_phrases(language)["strengths"]["specifics"]]
    assert ev["strengths"] and not any(tail in ev["strengths"] for tail in praise)


def test_an_answer_that_names_specifics_is_not_told_it_had_none() -> None:
    """Vague phrases pull specificity down, but an answer that names 'HTTP' and '65535' is not told it "stayed general,
    without an example or numbers": the vague-phrases line says what was wrong. (Graded F, it is not praised for them
    either.)"""
    q = find_question("devops-too-many-open-files", "en")
    assert q is not None
    answer = ("It means the process ran out of file descriptors, and sockets count as descriptors too, so a busy HTTP "
              "service hits the limit through its connections, etc. I'd raise the limit properly, say to 65535, and "
              "make sure connections get closed properly and so on.")
    ev = evaluate_answer(context_for_text(q.text, "en", "devops"), answer)
    phrases = feedback_phrases("en")
    assert ev["criteria"]["specificity"] < 35
    assert "'65535'" in ev["strengths"] if grade(ev["overall"]) != "F" else "'65535'" not in ev["strengths"]
    assert phrases["weaknesses"]["abstract"] not in ev["weaknesses"]
    assert "'etc'" in ev["weaknesses"]


def test_a_unit_of_size_is_no_technology_name() -> None:
    # "Much of the answer is about 'EBS' and 'GB'" named a unit as what the answer strayed to (round 53).
    from core.scoring.context import names_technology
    from core.scoring.criteria import named_technologies

    text = "I'd attach a bigger 500 GB EBS volume and give the JVM 8 GB; the logs take 200 MB a day."
    names = named_technologies(text, text)
    assert "EBS" in names and "jvm" in names
    assert not {"GB", "MB"} & set(names)
    assert not names_technology("GB") and names_technology("GPU")
    ko = "EBS 볼륨을 500 GB로 늘리고 JVM 힙을 8 GB로 줍니다."
    assert "GB" not in named_technologies(ko, ko) and "EBS" in named_technologies(ko, ko)


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Tell me about a time you had to push back on or say no to a request", 50,
     "Tell me about a time you had to push back on or…"),
    ("프로세스와 스레드의 차이를 설명해 주시고, 그 차이가 백엔드 서버를", 30, "프로세스와 스레드의 차이를 설명해 주시고, 그 차이가…"),
    ("a_single_identifier_without_any_spaces_in_it", 20, "a_single_identifier…"),
    ("Short enough.", 40, "Short enough"),
])
def test_a_quotation_is_cut_between_words(text: str, limit: int, expected: str) -> None:
    # "which was about 'Tell me about a time you had to push back on or s…'" cut a word in half.
    assert quote(text, limit) == expected
