"""Follow-ups come from the actual answer, in the session language, and never repeat."""
from __future__ import annotations

import re

import pytest

from core.followup import make_follow_up
from core.question_bank import find_question
from core.scoring import (
    QuestionContext,
    context_for_text,
    context_from_bank,
    evaluate_answer,
    follow_up_context,
)
from core.scoring.lexicon import feedback_phrases

HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def jwt_ctx() -> QuestionContext:
    return context_from_bank(find_question("backend-session-vs-jwt", "ko"))


@pytest.fixture(scope="module")
def kafka_ctx() -> QuestionContext:
    return context_from_bank(find_question("backend-kafka-messaging", "en"))


def test_probes_a_missed_key_point(jwt_ctx: QuestionContext) -> None:
    answer = ("세션 방식은 서버가 세션 저장소에 상태를 두고 세션 ID를 쿠키로 주고, JWT는 서명된 토큰에 클레임을 담아 "
              "서버가 저장하지 않고 검증합니다. 서버가 여러 대면 세션은 Redis 같은 공용 저장소가 필요합니다.")
    ev = evaluate_answer(jwt_ctx, answer)
    assert ev["missed_key_points"]
    follow = make_follow_up(jwt_ctx, answer, ev)
    assert HANGUL.search(follow)
    missed = [kp for kp in jwt_ctx.key_points if kp.point in ev["missed_key_points"]]
    # Either probes a missed point by one of its terms, or (an answer without examples) asks for the
    # skipped example about something the candidate said.
    mentions = any(any(t.lower() in follow.lower() for t in kp.terms) for kp in missed)
    example = ev["criteria"]["specificity"] < 40 and "Redis" in follow and "사례" in follow
    assert mentions or example, follow


def test_never_repeats_a_question(jwt_ctx: QuestionContext) -> None:
    answer = "세션은 서버에 저장하고 JWT는 토큰입니다."
    ev = evaluate_answer(jwt_ctx, answer)
    asked: list[str] = []
    for _ in range(8):
        follow = make_follow_up(jwt_ctx, answer, ev, asked=asked)
        assert follow not in asked and follow != jwt_ctx.text
        asked.append(follow)


def test_stuck_candidate_gets_a_simpler_question(kafka_ctx: QuestionContext) -> None:
    ev = evaluate_answer(kafka_ctx, "I don't know.")
    follow = make_follow_up(kafka_ctx, "I don't know.", ev)
    # Named by one of its words, as an interviewer would; never by quoting the rubric's label.
    assert any(t in follow for t in kafka_ctx.key_points[0].terms)
    assert kafka_ctx.key_points[0].point not in follow
    assert not HANGUL.search(follow)


OFF_THE_STORY = {
    "en": ("Polling asks the server on a timer, long polling holds the request open until there is news, and "
           "WebSockets keep one connection open both ways; I'd use WebSockets for chat."),
    "ko": "폴링은 주기적으로 서버에 묻고, 롱 폴링은 새 소식이 올 때까지 요청을 붙잡고, 웹소켓은 연결 하나를 양방향으로 유지합니다.",
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_stuck_candidate_on_a_story_question_is_asked_for_one_real_situation(lang: str) -> None:
    # A story question's points are named by cue words ("at the time", "당시"): "what do you know about at the time?"
    # asks nothing. The restart asks for one concrete situation, in the session's language.
    ctx = context_from_bank(find_question("behavioral-data-changed-mind", lang))
    phrases = feedback_phrases(lang)["follow_up"]
    for answer, kind in ((OFF_THE_STORY[lang], "redirect_behavioral"),
                         ("잘 모르겠습니다." if lang == "ko" else "I don't know.", "restart_behavioral")):
        ev = evaluate_answer(ctx, answer)
        assert ev["status"] in {"off_topic", "non_answer", "empty"}
        follow = make_follow_up(ctx, answer, ev)
        assert follow in phrases[kind], (kind, follow)
        assert not any(t in follow for kp in ctx.key_points for t in kp.terms if len(t) > 2), follow


STUCK_ON_RATE_LIMITS = {
    "en": ("backend-api-rate-limiting", "I don't know.", "Token bucket, leaky bucket, sliding window, Redis, 429."),
    "ko": ("backend-concurrency-stock", "잘 모르겠습니다.", "비관적 락, 낙관적 락, 분산 락, Redis, 트랜잭션 격리 수준."),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_restart_answers_what_the_candidate_did(lang: str) -> None:
    # "That's fine, let's start simpler" answers "I don't know"; after an answer about something else it read as
    # approval, and after a run of terms it asked about a term instead of one they had listed.
    key, dont_know, listing = STUCK_ON_RATE_LIMITS[lang]
    ctx = context_from_bank(find_question(key, lang))
    phrases = feedback_phrases(lang)["follow_up"]
    seen = {}
    for answer, status in ((dont_know, "non_answer"), (OFF_THE_STORY[lang], "off_topic"), (listing, "keyword_list")):
        ev = evaluate_answer(ctx, answer)
        assert ev["status"] == status, (answer, ev["status"])
        seen[status] = make_follow_up(ctx, answer, ev)
    fine = phrases["restart"][0].split(".")[0]  # "That's fine" / "괜찮습니다"
    assert seen["non_answer"].startswith(fine), seen
    assert not seen["off_topic"].startswith(fine) and not seen["keyword_list"].startswith(fine), seen
    assert seen["off_topic"].startswith(phrases["redirect"][0][:12]), seen
    # The term asked about is one the candidate listed.
    head = phrases["listing"][0].partition("{term}")[0]
    assert seen["keyword_list"].startswith(head), seen
    term = seen["keyword_list"][len(head):].split(":")[0].split("은")[0].split("는")[0].strip()
    assert term and term.lower() in listing.lower(), (term, seen)


def test_abstract_answer_is_asked_for_an_example() -> None:
    ctx = context_for_text("How does a skip list work, and why would you pick one over a balanced tree?", "en",
                           "backend")
    answer = ("A skip list keeps sorted nodes with extra levels, so a search can jump ahead and stays fast; it is "
              "simpler than a balanced tree because it does not need rotations.")
    ev = evaluate_answer(ctx, answer)
    assert ev["criteria"]["specificity"] < 40
    follow = make_follow_up(ctx, answer, ev)
    assert re.search(r"example|practice|real project", follow, re.IGNORECASE), follow


def test_digs_into_a_technology_the_candidate_named(kafka_ctx: QuestionContext) -> None:
    answer = ("We publish through a transactional outbox table in PostgreSQL with Debezium, use acks=all and "
              "idempotent producers, commit offsets after processing, dedupe on event IDs, key by order ID, and "
              "send poison messages to a dead-letter topic after three retries with backoff. This cut duplicate "
              "payments to zero over six months.")
    ev = evaluate_answer(kafka_ctx, answer)
    follow = make_follow_up(kafka_ctx, answer, ev)
    bank_follow_ups = set(kafka_ctx.follow_ups)
    assert follow in bank_follow_ups or "PostgreSQL" in follow or "Debezium" in follow or ev["missed_key_points"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_probes_a_stated_misconception_in_the_candidates_words(lang: str) -> None:
    from tests.core.test_scoring_claims import RIGHT, WRONG_EXTRA, _ctx

    ctx = _ctx(lang)
    answer = RIGHT[lang] + WRONG_EXTRA[lang]
    ev = evaluate_answer(ctx, answer)
    assert ev["misconceptions"]
    follow = make_follow_up(ctx, answer, ev)
    said = ev["misconceptions"][0]["quote"]
    assert said[:20] in follow, follow
    assert bool(HANGUL.search(follow)) == (lang == "ko")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_follow_ups_never_quote_key_point_labels(lang: str) -> None:
    ctx = context_from_bank(find_question("backend-session-vs-jwt", lang))
    labels = [kp.point for kp in ctx.key_points]
    for answer in ("JWT", "세션은 서버에 저장합니다." if lang == "ko" else "Sessions are stored on the server.", ""):
        ev = evaluate_answer(ctx, answer)
        asked: list[str] = []
        for _ in range(4):
            follow = make_follow_up(ctx, answer, ev, asked=asked)
            assert not any(label in follow for label in labels), follow
            asked.append(follow)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_follow_up_is_graded_on_the_parent_points_it_asks_about(lang: str) -> None:
    # Read as free text, "Thanks. You didn't mention multi-stage — …" was graded on "the key concepts (Thanks,
    # mention, multi-stage, come)" (seen on the result page).
    parent = find_question("backend-kubernetes-deployment", lang)
    thin = {"en": "I would put the service in a container and deploy it.", "ko": "서비스를 컨테이너에 넣어서 배포합니다."}[lang]
    parent_ctx = context_from_bank(parent)
    asked = make_follow_up(parent_ctx, thin, evaluate_answer(parent_ctx, thin), asked=[])
    ctx = follow_up_context(asked, lang, parent.key)
    assert ctx is not None and ctx.source == "neighbour" and ctx.model_answer is None
    own = {kp.point for kp in parent.key_points}
    assert {kp.point for kp in ctx.key_points} & own, asked
    assert all(kp.point in own or kp.point in ctx.term_only for kp in ctx.key_points), asked
    template = {"en": "Thanks. You didn't mention multi-stage — how does that come into play here, in practice?",
                "ko": "감사합니다. multi-stage 빌드는 말씀하지 않으셨는데, 실제로는 어떻게 쓰이나요?"}[lang]
    named = follow_up_context(template, lang, parent.key)
    assert named is not None and named.key_points[0].point == parent.key_points[0].point  # the container-image point
    assert follow_up_context(template, lang, "no-such-key") is None
    # The parent's listed mistakes are checked for a follow-up: the feedback says so, not that nothing was.
    reply = {"en": "A multi-stage build compiles the app in a builder stage and copies only the binary into a slim "
                   "runtime image, so the image we deploy is smaller and carries no compilers.",
             "ko": "멀티 스테이지 빌드는 빌더 단계에서 컴파일하고 결과물만 작은 런타임 이미지로 복사해서, 배포하는 이미지가 "
                   "작아지고 컴파일러가 남지 않습니다."}[lang]
    result = evaluate_answer(named, reply)
    phrases = feedback_phrases(lang)["correctness"]
    assert not result["evidence"]["correctness"]["verified"]
    assert phrases["related_only"] in result["total_feedback"]
    assert phrases["unverified"] not in result["total_feedback"]


def _follow_ups(ctx: QuestionContext, answer: str, rounds: int = 4) -> list[str]:
    """The follow-ups an interview would ask one after another about the same answer."""
    ev = evaluate_answer(ctx, answer)
    asked: list[str] = []
    for _ in range(rounds):
        asked.append(make_follow_up(ctx, answer, ev, asked))
    return asked


OFFLINE_NOTES = {
    "en": ("How do you keep a notes app usable offline and sync edits when the network comes back?",
           ("On iOS I keep notes in Core Data and on Android in Room, so the app reads and writes locally first. Every "
           "edit also goes into an outbox table with a client-generated ID and a version number. When the network comes "
           "back, WorkManager on Android or a BGTaskScheduler task on iOS drains the outbox in order; the server applies "
           "each edit idempotently by its ID and answers 409 when the version is stale, and then the app merges field by "
           "field and shows a conflict banner. In our app this cut lost edits reported by users from about thirty a "
           "month to none.")),
    "ko": ("메모 앱을 오프라인에서도 쓸 수 있게 하고, 네트워크가 돌아오면 수정 내용을 동기화하려면 어떻게 하시겠어요?",
           ("iOS에서는 Core Data, 안드로이드에서는 Room에 메모를 저장해서 읽기와 쓰기를 먼저 로컬에서 처리합니다. 수정할 때마다 "
           "클라이언트가 만든 ID와 버전 번호를 붙여 outbox 테이블에 쌓고, 네트워크가 돌아오면 안드로이드는 WorkManager, iOS는 "
           "BGTaskScheduler 작업으로 순서대로 보냅니다. 서버는 ID로 멱등하게 적용하고 버전이 낡았으면 409를 돌려주고, 앱은 필드 "
           "단위로 병합한 뒤 충돌 배너를 보여 줍니다. 저희 앱에서는 이렇게 해서 사용자가 신고한 수정 유실이 한 달 30건 정도에서 "
           "0건이 됐습니다.")),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_digging_deeper_asks_about_a_choice_not_the_platform(lang: str) -> None:
    """"You mentioned iOS. Why did you choose it …?" asks about the setting, not a decision: the follow-ups dig into what
    the candidate chose there (Core Data), never the platform or language names (tech_terms.yaml `setting`)."""
    question, answer = OFFLINE_NOTES[lang]
    ctx = context_for_text(question, lang, "mobile")
    asked = _follow_ups(ctx, answer)
    assert any("Core Data" in f for f in asked)
    assert not any(re.search(r"\biOS|Android|안드로이드", f) for f in asked)


MERGE_RACE = ("Two pull requests each passed CI and were merged into main about ten minutes apart. They didn't touch "
              "the same files, yet main is now broken. How could that happen, and what would you change?")


def test_digging_deeper_names_something_chosen_not_a_verb_or_the_questions_own_acronym() -> None:
    """"You mentioned branched. Why did you choose it …?" asked about a verb form of a listed term, and "You mentioned
    PR" about the question's own pull requests written as an acronym (blind60, round 46)."""
    answer = ("Each PR was tested against the main it branched from, not the main it was merged into, so one PR renamed "
              "a function the other newly called. After rebasing, either would have failed. I'd turn on a merge queue "
              "in GitHub so every PR is tested on top of the current main plus the PRs ahead of it.")
    ctx = context_for_text(MERGE_RACE, "en", "devops")
    asked = _follow_ups(ctx, answer)
    assert not any(re.search(r"mentioned (?:branched|rebasing|PR)\b", f) for f in asked), asked


def test_digging_deeper_skips_one_segment_of_a_slash_joined_name() -> None:
    """"Asia를 언급하셨는데, 그것을 선택한 이유 …" asked why the candidate chose one half of the time-zone name Asia/Seoul."""
    question = ("이벤트와 주문 데이터는 UTC 타임스탬프로 적재되고 일별 매출 마트는 UTC 날짜 기준으로 파티션을 나눠 왔습니다. 재무팀의 "
                "한국 시간 기준 일 매출과 숫자가 안 맞는다는데, 원인과 해결책은 무엇인가요?")
    answer = ("UTC 날짜로 자르면 한국 시간 0시부터 9시까지의 주문이 전날로 들어갑니다. 타임스탬프는 UTC로 두고 Asia/Seoul로 변환한 "
              "영업일 컬럼을 만들어 그 기준으로 집계하고, 과거 파티션은 백필로 다시 계산한 뒤 재무팀과 대사하겠습니다.")
    ctx = context_for_text(question, "ko", "data_ai")
    asked = _follow_ups(ctx, answer)
    assert not any(re.search(r"(?:Asia|Seoul)를 언급", f) for f in asked), asked


def test_a_borrowed_key_is_not_probed_for_what_the_question_never_asks() -> None:
    """A share-sheet question graded with a close bank question's points (background uploads) was followed up with
    "You didn't mention foreground service": only the borrowed points the question itself names are probed."""
    question = ("Users want to share links and photos from other apps, like the browser or the gallery, straight into our "
                "app through the system share sheet. How would you implement receiving shared content on iOS and "
                "Android, and what would you watch out for?")
    answer = ("On iOS I'd add a Share Extension whose NSExtensionActivationRule accepts URLs and up to ten images, load "
              "them with NSItemProvider, and hand them to the main app through an App Group container. On Android an "
              "activity with intent filters for ACTION_SEND and ACTION_SEND_MULTIPLE reads EXTRA_TEXT or EXTRA_STREAM, "
              "copies the content URIs right away because the grant is temporary, and hands big uploads to WorkManager.")
    ctx = context_for_text(question, "en", "mobile")
    asked = _follow_ups(ctx, answer)
    borrowed = [kp for kp in ctx.key_points if ctx.source == "neighbour"
                and not any(t.lower() in question.lower() for t in kp.terms)]
    assert borrowed  # graded with a close question's key, some of whose points this question never names
    for kp in borrowed:
        assert not any(t.lower() in f.lower() for f in asked for t in kp.terms[:3] if len(t) > 3), (kp.point, asked)


# (language, position, a question the bank lacks, a stuck answer, the question's first topic word, which names nothing).
SCENE_FIRST_QUESTIONS = [
    ("en", "devops", ("Last week our nightly backfill job silently skipped two partitions, and finance only noticed on "
                      "Monday. How would you make sure a gap like that gets caught the same night?"),
     "Monitoring, alerting, data quality checks, SLAs, dashboards.", "Last"),
    ("en", "backend", ("To cut costs, we plan to move our nightly report generation onto spot instances that can be "
                       "reclaimed with two minutes' notice. How would you make the job survive interruptions?"),
     "Spot instances, checkpoints, retries, queues.", "cut"),
    ("ko", "mobile", ("특정 제조사 기기나 오래된 저사양 기기에서만 앱 화면이 깨진다는 리뷰가 반복됩니다. 가진 테스트 기기는 다섯 대뿐이라면 "
                      "어떤 기기에서 어떻게 테스트하시겠어요?"),
     "에뮬레이터, 디바이스 팜, 크래시 리포트, 테스트.", "특정"),
]


@pytest.mark.parametrize(("lang", "position", "question", "answer", "first"), SCENE_FIRST_QUESTIONS,
                         ids=["en-last-week", "en-cut-costs", "ko-specific-devices"])
def test_a_question_the_bank_lacks_is_probed_by_its_rarest_word_not_its_first(lang: str, position: str, question: str,
                                                                              answer: str, first: str) -> None:
    """"Let's start simpler — what do you know about Last?" and "You didn't mention cut" named the first topic word of a
    question that opens with its scene (blind61, round 47): the point built from the question's own words is named by
    its rarest word the answer did not say."""
    ctx = context_for_text(question, lang, position)
    assert ctx.source == "derived"
    follow = make_follow_up(ctx, answer, evaluate_answer(ctx, answer))
    named = next(t for t in ctx.key_points[0].terms if t in follow)
    assert named != first and named in question, follow
