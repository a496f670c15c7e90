"""Wrong facts the bank does not list: swapped confusable terms against the key (issue #10, round 3)."""
from __future__ import annotations

import pytest

from core.scoring import context_for_text, evaluate_answer
from core.scoring.claims import negation_parity, split_claims
from core.scoring.contradictions import find_contradictions, pairs, statements
from core.scoring.text import sentences

TCP_UDP = {"ko": "TCP와 UDP의 차이를 설명해 주시고, 각각 어떤 상황에서 선택하시는지 예를 들어 주세요.",
           "en": "Explain the differences between TCP and UDP, and give examples of when you'd choose each."}
# Each: a clause that gives UDP what the key gives TCP, the same clause about TCP, and the swap negated.
SWAP = {
    "ko": ("UDP는 파일 전송이나 DB 연결처럼 모든 바이트가 중요한 곳에 씁니다.",
           "TCP는 파일 전송이나 DB 연결처럼 모든 바이트가 중요한 곳에 씁니다.",
           "UDP는 파일 전송이나 DB 연결처럼 모든 바이트가 중요한 곳에는 쓰지 않습니다."),
    "en": ("UDP fits every case where each byte matters.",
           "TCP fits every case where each byte matters.",
           "UDP does not fit cases where each byte matters."),
}
# A good answer around the clause, so the swap is what tells the two answers apart.
CONTEXT = {
    "ko": ("TCP는 3-way handshake로 연결을 맺고 재전송과 순서 보장으로 신뢰성 있는 바이트 스트림을 제공합니다. "
           "UDP는 연결 없이 데이터그램을 보내서 지연이 적고, DNS 조회나 화상 통화, 게임처럼 늦은 데이터가 쓸모없는 곳에 맞습니다. "),
    "en": ("TCP sets up a connection with a three-way handshake and retransmits lost segments, so it delivers an ordered "
           "byte stream. UDP sends connectionless datagrams with no retransmission, which suits DNS lookups, video calls "
           "and game updates where late data is useless. "),
}


def _key(lang: str):
    ctx = context_for_text(TCP_UDP[lang], lang)
    assert ctx.reference == "bank" and ctx.model_answer
    from core.scoring.engine import _key_statements
    return ctx, _key_statements(ctx)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_clause_that_swaps_tcp_and_udp_against_the_key_is_found(lang: str) -> None:
    _, key = _key(lang)
    wrong, right, negated = SWAP[lang]
    hits = find_contradictions(split_claims(wrong), key)
    assert len(hits) == 1
    swap, _ = hits[0]
    assert swap.said == "UDP" and swap.right == "TCP"
    assert "TCP" in swap.correction and len(swap.shared) >= 2
    assert find_contradictions(split_claims(right), key) == []
    # A negated clause agrees with the key ("UDP is not for file transfer").
    assert find_contradictions(split_claims(negated), key) == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_swap_costs_correctness_and_is_named_and_corrected_in_the_feedback(lang: str) -> None:
    ctx, _ = _key(lang)
    wrong, right, _ = SWAP[lang]
    bad = evaluate_answer(ctx, CONTEXT[lang] + wrong)
    good = evaluate_answer(ctx, CONTEXT[lang] + right)
    assert good["misconceptions"] == [] and good["criteria"]["correctness"] == 100
    assert [m["quote"] for m in bad["misconceptions"]] == [wrong.rstrip(".")]
    assert bad["evidence"]["correctness"]["found"][0]["method"] == "contradiction"
    assert bad["criteria"]["correctness"] < 50
    # The fitted combiner reads the found swap with everything else: it costs 8 points here since round 19's refit
    # on twenty-one sets (9 in rounds 14-18, 13 in round 13; 9-10 with rubric-v23). Capping an answer with a found
    # wrong claim was measured and is worse leave-one-set-out (0.862 → 0.858 at a cap of 62): 56 of the dev sets' 324
    # answers with a found claim are tier 3/4 (bench/README.md). Only "no better letter" is asserted: the wrong
    # answer sits on the B/C line (69.6 with rubric-v22, just above 70 with rubric-v23), and a refit moves it across.
    assert bad["overall"] <= good["overall"] - 8 and bad["grade"] >= good["grade"]
    # Named with both terms and corrected with the key's own sentence, in the answer's language.
    label = bad["misconceptions"][0]["claim"]
    assert "UDP" in label and "TCP" in label
    assert ("혼동" in label) if lang == "ko" else ("swapped" in label)
    assert bad["misconceptions"][0]["correction"] in bad["weaknesses"]
    assert ("뒤바꿔" in bad["weaknesses"]) if lang == "ko" else ("belong to 'TCP'" in bad["weaknesses"])
    assert any(h["kind"] == "misconception" for h in bad["highlights"])


def test_requests_and_limits_swapped_in_english() -> None:
    ctx = context_for_text("How do resource requests and limits work in Kubernetes? Explain QoS classes and what "
                           "happens when a node runs short of CPU or memory.", "en")
    from core.scoring.engine import _key_statements
    key = _key_statements(ctx)
    assert len(find_contradictions(split_claims("Limits are what the scheduler reserves when it places a Pod on a node."), key)) == 1
    assert find_contradictions(split_claims("Requests are what the scheduler reserves when it places a Pod on a node."), key) == []


def test_a_side_named_in_passing_binds_nothing() -> None:
    # The key binds file transfer to TCP; a clause about something else that mentions UDP late is not a swap.
    _, key = _key("en")
    text = "For file transfer and database connections where every byte matters I would never pick UDP."
    assert find_contradictions(split_claims(text), key) == []


def test_no_key_means_no_contradiction() -> None:
    assert find_contradictions(split_claims(SWAP["en"][0]), ()) == []
    assert statements(()) == ()


def test_the_pair_lexicon_has_both_languages_and_no_side_shared_by_its_pair() -> None:
    hangul = latin = 0
    for a, b in pairs():
        assert a and b and not set(a) & set(b)
        hangul += any(not t.isascii() for t in (*a, *b))
        latin += any(t.isascii() for t in (*a, *b))
    assert hangul >= 20 and latin >= 30


def test_korean_splitting_and_negation_fixes() -> None:
    # "마다" ends in 다 but is a particle: no sentence end there.
    assert sentences("UDP는 데이터그램마다 체크섬이 있습니다") == ["UDP는 데이터그램마다 체크섬이 있습니다"]
    # "없을" and the short negation "안 되다/하다" negate; "안에" (inside) does not.
    assert negation_parity("재전송 대기가 없을 뿐입니다", "ko")
    assert negation_parity("순서도 보장 안 됩니다", "ko")
    assert not negation_parity("버퍼 안에 쌓아 둡니다", "ko")


def test_a_close_bank_questions_model_answer_is_the_key_for_a_question_outside_the_bank() -> None:
    from dataclasses import replace

    from core.scoring.engine import _key_statements
    bank = context_for_text(TCP_UDP["en"], "en")
    outside = context_for_text("Which transport protocol would you pick for a multiplayer game server?", "en")
    assert outside.reference == "derived"
    wrong = CONTEXT["en"] + SWAP["en"][0]
    close = replace(outside, reference_answers=(bank.model_answer,), reference_weights=(1.0,))
    far = replace(outside, reference_answers=(bank.model_answer,), reference_weights=(0.3,))
    assert _key_statements(far) == ()
    assert len(find_contradictions(split_claims(SWAP["en"][0]), _key_statements(close))) == 1
    result = evaluate_answer(close, wrong)
    # Without a key of its own the answer is still unverified, unless a swap against the close key was found.
    assert result["evidence"]["correctness"]["verified"] and result["criteria"]["correctness"] < 100
    assert not evaluate_answer(far, wrong)["evidence"]["correctness"]["verified"]


def test_a_signal_the_correction_itself_states_does_not_flag_a_correct_answer() -> None:
    from core.question_bank.loader import Misconception
    from core.scoring.misconceptions import find_misconceptions
    mis = {
        "en": (Misconception(claim="I commit the offset as soon as the message arrives, before processing it.",
                             correction="Committing before processing gives at-most-once delivery: a crash loses the message.",
                             signals=("commit before processing", "commit as soon as it arrives")),),
        "ko": (Misconception(claim="컨테이너마다 가벼운 자체 커널이 있습니다.",
                             correction="컨테이너는 호스트 커널을 공유하고, 컨테이너마다 커널이 따로 있지 않습니다.",
                             signals=("컨테이너마다 커널", "자체 커널이 있")),),
    }
    right = {"en": "Committing before processing gives at-most-once delivery, so I commit after the handler succeeds.",
             "ko": "컨테이너는 호스트 커널을 공유해서 VM보다 가볍습니다."}
    wrong = {"en": "I commit as soon as it arrives so nothing is read twice.",
             "ko": "컨테이너는 자체 커널이 있어서 VM처럼 격리됩니다."}
    for lang in ("en", "ko"):
        assert find_misconceptions(split_claims(right[lang]), mis, lang, frozenset()) == []
        assert len(find_misconceptions(split_claims(wrong[lang]), mis, lang, frozenset())) == 1


def test_no_true_statement_of_the_bank_is_flagged() -> None:
    # Every model answer and every correction, read as an answer to its own question: all true. Every position since
    # round 53: of its new corrections, ten outside the backend questions were read as wrong claims.
    from core.question_bank.loader import load_bank
    flagged = []
    for q in load_bank(strict=False):
        if q.kind != "technical":
            continue
        ctx = context_for_text(q.text, q.language)
        for text in (q.model_answer, *(m.correction for m in q.misconceptions)):
            if evaluate_answer(ctx, text)["misconceptions"]:
                flagged.append((q.key, q.language, text[:60]))
    assert flagged == []
