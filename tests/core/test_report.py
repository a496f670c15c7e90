"""Interview report built from real evaluations."""
from __future__ import annotations

import json
import re

import pytest

from core.question_bank import find_question
from core.report import build_report
from core.scoring import CRITERIA, context_from_bank, evaluate_answer
from core.scoring.feedback import Phrases

HANGUL = re.compile(r"[가-힣]")


@pytest.fixture(scope="module")
def items() -> list[dict]:
    index = context_from_bank(find_question("backend-db-index", "ko"))
    jwt = context_from_bank(find_question("backend-session-vs-jwt", "ko"))
    good = ("B+Tree 인덱스는 정렬돼 있어 풀 스캔 없이 찾습니다. 복합 인덱스는 선두 컬럼 규칙 때문에 동등 조건을 앞에 두고, "
            "카디널리티와 EXPLAIN 실행 계획을 봅니다. 쓰기 비용이 있어 필요한 것만 만들었고 조회를 2초에서 30ms로 줄였습니다.")
    filler = "음 세션은 어 서버에 저장하고 음 JWT는 이제 토큰에 서명해서 어 서버가 저장을 안 합니다"
    return [
        {"record_id": 1, "question": index.text, "kind": "technical", "evaluation": evaluate_answer(index, good),
         "speech_metrics": {"words_per_minute": 120, "long_pauses": {"count": 1}, "filler_count": 0},
         "emotion": {"dominant": "neutral"}},
        {"record_id": 2, "question": jwt.text, "kind": "technical",
         "evaluation": evaluate_answer(jwt, filler, speech_metrics={"words_per_minute": 160, "long_pauses": 3}),
         "speech_metrics": {"words_per_minute": 160, "long_pauses": 3}, "emotion": None},
        {"record_id": 3, "question": "마지막 질문", "kind": "behavioral", "evaluation": None,
         "speech_metrics": None, "emotion": None},
    ]


def test_report_shape_and_counts(items: list[dict]) -> None:
    report = build_report(items, language="ko", emotion_summary={"dominant": "happy", "share": 0.4})
    json.dumps(report, ensure_ascii=False)
    assert report["counts"] == {"total": 3, "answered": 2, "unanswered": 1}
    assert [c["criterion"] for c in report["criteria"]] == list(CRITERIA)
    assert all(HANGUL.search(c["label"]) and 0 <= c["score"] <= 100 for c in report["criteria"])
    assert [q["record_id"] for q in report["questions"]] == [1, 2, 3]
    assert report["emotion"] == {"dominant": "happy", "share": 0.4}
    assert report["questions"][0]["emotion"] == {"dominant": "neutral"}


def test_overall_counts_unanswered_as_zero(items: list[dict]) -> None:
    report = build_report(items, language="ko")
    scores = [i["evaluation"]["overall"] if i["evaluation"] else 0 for i in items]
    assert report["overall"] == round(sum(scores) / len(scores))
    assert report["grade"] in "ABCDF"


def test_coach_summary_in_language(items: list[dict]) -> None:
    report = build_report(items, language="ko")
    assert report["strengths"] and report["improvements"]
    assert all(HANGUL.search(s) for s in report["strengths"] + report["improvements"])
    assert len(set(report["improvements"])) == len(report["improvements"])
    assert any("1개" in s for s in report["improvements"])  # the unanswered question
    en = build_report(items, language="en")
    assert all(not HANGUL.search(c["label"]) for c in en["criteria"])


def test_speech_summary(items: list[dict]) -> None:
    speech = build_report(items, language="en")["speech"]
    assert speech["average_wpm"] == 140
    assert speech["long_pauses"] == 4
    assert speech["filler_count"] >= 4
    assert speech["top_fillers"][0]["word"] in ("음", "어", "이제")


def test_empty_interview() -> None:
    report = build_report([], language="en")
    assert report["overall"] == 0 and report["counts"]["total"] == 0 and report["speech"] is None


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_typed_interview_is_not_judged_or_praised_for_delivery(lang: str) -> None:
    ctx = context_from_bank(find_question("backend-db-index", lang))
    typed = ctx.model_answer  # a strong typed answer: good content, no speech
    report = build_report([{"record_id": 1, "question": ctx.text, "kind": "technical",
                            "evaluation": evaluate_answer(ctx, typed), "speech_metrics": None, "emotion": None}],
                          language=lang)
    judged = {c["criterion"] for c in report["criteria"]}
    assert "delivery" not in judged and "filler_words" not in judged
    assert {"relevance", "coverage", "correctness"} <= judged
    assert report["strengths"], "a strong typed answer still earns content praise"
    praise = " ".join(report["strengths"] + report["improvements"]).lower()
    for word in ("pace", "filler", "속도", "군말", "간투사", "추임새"):
        assert word not in praise, (word, praise)
    assert report["speech"] is None


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_answers_that_say_nothing_asked_are_not_praised_for_accuracy_or_detail(lang: str) -> None:
    ctx = context_from_bank(find_question("backend-transaction-isolation", lang))
    stray = {"ko": "캐시는 자주 읽는 데이터를 Redis 7에 넣어 두고 TTL 300초로 만료시킵니다. 캐시 미스가 나면 PostgreSQL에서 읽어 "
                   "다시 채우고, maxmemory 2GB에 LRU 정책을 씁니다.",
             "en": "For caching I put hot data in Redis 7 with a 300 second TTL. On a cache miss we read from PostgreSQL and "
                   "fill it, with maxmemory at 2 GB and an LRU policy."}[lang]
    report = build_report([{"record_id": 1, "question": ctx.text, "kind": "technical",
                            "evaluation": evaluate_answer(ctx, stray), "speech_metrics": None, "emotion": None}],
                          language=lang)
    radar = {c["criterion"]: c["score"] for c in report["criteria"]}
    # Nothing wrong in it because nothing asked in it; full of names and numbers, about something else.
    assert radar["correctness"] >= 70 and radar["coverage"] < 60
    assert radar["specificity"] >= 70 and radar["relevance"] < 60
    praise = Phrases.for_answer(lang, stray).data["report"]["strength"]
    assert praise["correctness"] not in report["strengths"] and praise["specificity"] not in report["strengths"]
    # A strong answer to the same question keeps the praise.
    good = build_report([{"record_id": 1, "question": ctx.text, "kind": "technical",
                          "evaluation": evaluate_answer(ctx, ctx.model_answer), "speech_metrics": None,
                          "emotion": None}], language=lang)
    assert praise["correctness"] in good["strengths"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_i_do_not_know_is_coached_as_unanswered_not_as_badly_structured(lang: str) -> None:
    # One strong answer and one "I don't know": the summary said "your answers' structure was scattered" (the
    # non-answer's structure 0 pulled the average down) and nothing about the question left unanswered.
    ctx = context_from_bank(find_question("backend-db-index", lang))
    other = context_from_bank(find_question("backend-session-vs-jwt", lang))
    dont_know = "음 그러니까 잘 모르겠습니다" if lang == "ko" else "Um, honestly, I don't know."
    stuck = evaluate_answer(other, dont_know)
    assert stuck["status"] == "non_answer" and stuck["criteria"]["structure"] == 0
    items = [{"record_id": 1, "question": ctx.text, "kind": "technical",
              "evaluation": evaluate_answer(ctx, ctx.model_answer), "speech_metrics": None, "emotion": None},
             {"record_id": 2, "question": other.text, "kind": "technical", "evaluation": stuck,
              "speech_metrics": None, "emotion": None}]
    report = build_report(items, language=lang)
    rep = Phrases.for_answer(lang, dont_know).data["report"]
    good = items[0]["evaluation"]["criteria"]["structure"]
    assert (rep["improvement"]["structure"] in report["improvements"]) == (good < 60), report["improvements"]
    # Nor is it a key point the answers "left out": the unanswered line is its advice.
    assert not any(other.key_points[0].point.split(":")[0] in line for line in report["improvements"]), report
    assert Phrases(language=lang, seed=0).render(rep["unanswered"], count=1) in report["improvements"]
    # Nor told that something it said was wrong: it said nothing (its correctness 0 had read as false claims).
    assert rep["improvement"]["correctness"] not in report["improvements"], report["improvements"]
    radar = {c["criterion"]: c["score"] for c in report["criteria"]}
    for criterion in ("structure", "correctness", "specificity"):  # the non-answer left out
        assert radar[criterion] == items[0]["evaluation"]["criteria"][criterion], criterion
    assert radar["coverage"] < items[0]["evaluation"]["criteria"]["coverage"]  # its content (0) still counts
    assert report["overall"] == round((items[0]["evaluation"]["overall"] + stuck["overall"]) / 2)
