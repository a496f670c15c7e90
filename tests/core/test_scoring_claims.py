"""Scoring judges what an answer claims: misconceptions, keyword lists, echoes, other languages, typed answers."""
from __future__ import annotations

import dataclasses

import pytest

from core.embeddings import cached_embedder
from core.question_bank import find_question
from core.question_bank.loader import Misconception
from core.scoring import (
    QuestionContext,
    context_for_text,
    context_from_bank,
    evaluate_answer,
)
from core.scoring.analysis import analyse
from core.scoring.claims import split_claims, without_rejected
from core.scoring.lexicon import feedback_phrases
from core.scoring.misconceptions import find_misconceptions

# Fixed misconceptions (same order in both languages), so the tests do not move with the bank's data.
MIS = {
    "ko": (Misconception(claim="해시 인덱스는 O(1)이라 범위 조회에도 B-Tree보다 빠릅니다.",
                         correction="해시 인덱스는 동등 비교만 지원해서 범위 조건이나 정렬에는 쓸 수 없습니다.",
                         signals=("해시 인덱스로 범위", "범위 조회에도 해시")),),
    "en": (Misconception(claim="Hash indexes are O(1), so they beat B-trees for range queries too.",
                         correction="A hash index only supports equality; it cannot serve range conditions or ordering.",
                         signals=("hash index for range", "hash indexes for range")),),
}
RIGHT = {
    "ko": ("인덱스는 B+Tree로 키가 정렬돼 있어서 풀 스캔 없이 로그 시간에 위치를 찾습니다. 복합 인덱스는 선두 컬럼 기준으로 "
           "정렬되기 때문에 (a, b)에서 b만 조건으로 주면 타지 않으므로, 동등 조건 컬럼을 앞에 두고 카디널리티가 높은 컬럼을 "
           "우선합니다. 인덱스는 쓰기 비용과 저장 공간이 들어서 EXPLAIN으로 실제로 쓰이는지 확인합니다."),
    "en": ("An index keeps keys sorted in a B+tree, so the database finds rows in logarithmic time instead of a full "
           "table scan. A composite index is sorted by its leading column, so a filter on b alone cannot use (a, b); "
           "I put equality columns first and prefer high-cardinality columns. Indexes cost write overhead and "
           "storage, so I check with EXPLAIN that they are actually used."),
}
WRONG_EXTRA = {"ko": " 그리고 범위 조회는 해시 인덱스로 범위를 찾는 게 O(1)이라 훨씬 빠릅니다.",
               "en": " For range queries I use a hash index for range scans because O(1) lookups are faster."}
NEGATED_EXTRA = {"ko": " 다만 해시 인덱스로 범위 조회를 할 수는 없습니다.",
                 "en": " You cannot use a hash index for range queries, because it only supports equality."}
KEYWORDS = {"ko": "B-Tree, 풀 스캔, 복합 인덱스, 선두 컬럼, 카디널리티, 실행 계획",
            "en": "B-tree, full table scan, composite index, leftmost prefix, cardinality, query plan."}


def _ctx(lang: str) -> QuestionContext:
    own, other = find_question("backend-db-index", lang), find_question("backend-db-index", "en" if lang == "ko" else "ko")
    assert own is not None and other is not None
    other_lang = other.language
    return context_from_bank(dataclasses.replace(own, misconceptions=MIS[lang]),
                             dataclasses.replace(other, misconceptions=MIS[other_lang]))


@pytest.fixture(name="ctx", scope="module", params=["ko", "en"])
def fix_ctx(request: pytest.FixtureRequest) -> QuestionContext:
    return _ctx(request.param)


def test_a_stated_misconception_is_found_named_and_corrected(ctx: QuestionContext) -> None:
    lang = ctx.language
    right = evaluate_answer(ctx, RIGHT[lang])
    wrong_text = RIGHT[lang] + WRONG_EXTRA[lang]
    wrong = evaluate_answer(ctx, wrong_text)
    assert right["misconceptions"] == [] and right["criteria"]["correctness"] == 100
    assert [m["claim"] for m in wrong["misconceptions"]] == [MIS[lang][0].claim]
    correction = MIS[lang][0].correction
    assert correction in wrong["weaknesses"] and correction in wrong["total_feedback"]
    # A named misconception replaces "no notable weaknesses" rather than sitting beside it.
    no_weakness = {"ko": "눈에 띄는 약점이 없습니다.", "en": "No notable weaknesses."}[lang]
    assert right["weaknesses"] == no_weakness and no_weakness not in wrong["weaknesses"]
    assert wrong["criteria"]["correctness"] <= 40
    assert wrong["overall"] <= right["overall"] - 15
    assert "correctness" in wrong["evidence"] and wrong["evidence"]["correctness"]["found"]
    # No praise opening for a wrong answer.
    openings = feedback_phrases(lang)["opening"]
    praise = openings["excellent"] + openings["good"]
    assert not any(wrong["total_feedback"].startswith(p) for p in praise)
    # Nor is an answer that covers the key points called shallow: it opens by saying it states something wrong.
    assert len(wrong["matched_key_points"]) >= 3
    assert any(wrong["total_feedback"].startswith(p) for p in openings["flawed"])
    # The highlight covers the clause that states it, in the exact answer text.
    spans = [h for h in wrong["highlights"] if h["kind"] == "misconception"]
    assert len(spans) == 1 and spans[0]["correction"] == correction
    quoted = wrong_text[spans[0]["start"]:spans[0]["end"]]
    assert quoted == wrong["misconceptions"][0]["quote"] and quoted in WRONG_EXTRA[lang]


def test_the_negation_of_a_misconception_is_not_one(ctx: QuestionContext) -> None:
    result = evaluate_answer(ctx, RIGHT[ctx.language] + NEGATED_EXTRA[ctx.language])
    assert result["misconceptions"] == [] and result["criteria"]["correctness"] == 100


def test_a_korean_signal_is_negated_by_its_own_proposition_not_the_next_one() -> None:
    """blind54 (round 40): a right Korean answer said "브라우저는 gRPC를 직접 못 써서 … 볼 수 없어서 …"; read to the
    clause end the two negations cancelled, and the browser misconception was found. A proposition closed by a
    connective ending ("써서", "하고") carries its own polarity."""
    grpc = {"ko": (Misconception(claim="브라우저에서도 REST처럼 gRPC 서비스를 바로 호출할 수 있습니다.",
                                 correction="브라우저는 gRPC-Web과 프록시를 거쳐야 합니다.",
                                 signals=("브라우저에서도 gRPC를 직접",)),)}
    right = "브라우저는 gRPC를 직접 못 써서 gRPC-Web 프록시를 두고, 바이너리라 눈으로 볼 수 없어서 grpcurl로 확인합니다."
    wrong = "브라우저에서도 gRPC를 직접 부를 수 있어서 프록시를 두지 않고, 응답도 바로 확인합니다."
    assert find_misconceptions(split_claims(right), grpc, "ko", frozenset()) == []
    assert len(find_misconceptions(split_claims(wrong), grpc, "ko", frozenset())) == 1


# A right sentence that a bank signal or claim used to be found in, and the wrong claim itself, per bank question.
# data-ai-transformer-attention: blind50 (looked at in round 40), a right answer's "the KV cache memory grows linearly
# with length" hit the signal "grows linearly" of "Attention cost grows linearly with sequence length" and scored 32;
# the signals now name attention. data-ai-p-values: right answers in blind11 and blind37 listed the misreadings they
# warn about ("Common misreadings: treating it as …", "… 확률로 읽으면 틀린 해석입니다") and were told they had said
# them; a clause that names mistakes states none of them (round 40). The rest name the wrong claim's words only to set
# them aside ("instead of", "rather than", "대신"): a tier-4 sharding answer in blind55 was told it
# had said both, and six more right answers over the graded sets (round 41).
RIGHT_BESIDE_WRONG = [
    ("data-ai-transformer-attention", "en",
     "Long contexts also cost memory: the KV cache grows linearly with the context length.",
     "The nice part is that attention cost grows linearly with sequence length, like an RNN."),
    ("data-ai-transformer-attention", "ko",
     "긴 컨텍스트는 메모리도 드는데, KV 캐시 메모리는 컨텍스트 길이에 선형으로 늘어납니다.",
     "좋은 점은 어텐션 비용은 시퀀스 길이에 선형으로 늘어난다는 겁니다."),
    ("data-ai-p-values", "en",
     "Common misreadings: treating it as the probability that the null is true, or as its effect.",
     "So a p-value of 0.03 tells you the probability that the null is true is 3%."),
    ("data-ai-p-values", "ko",
     "귀무가설이 참일 확률로 읽으면 틀린 해석이고, 효과의 크기로 읽는 것도 틀립니다.",
     "그러니까 p-value가 0.03이면 귀무가설이 참일 확률이 3%라는 뜻입니다."),
    ("backend-sharding-partitioning", "en",
     "Global uniqueness and IDs need something like Snowflake-style IDs instead of auto-increment.",
     "Each shard's auto-increment IDs can still be used as global IDs after sharding."),
    ("frontend-prototype-inheritance", "en",
     ("Objects made with new link to the constructor's prototype, so its methods are shared by all instances rather "
      "than copied."),
     "When you call new, the methods are copied into the instance, so each object has its own."),
    ("data-ai-batch-normalization", "ko",
     "추론 때는 배치 통계 대신 학습하면서 모아 둔 이동 평균과 분산을 씁니다.",
     "추론할 때도 BatchNorm은 들어온 배치의 평균과 분산을 새로 계산해서 정규화합니다."),
]


@pytest.mark.parametrize(("key", "lang", "right", "wrong"), RIGHT_BESIDE_WRONG)
def test_a_right_sentence_beside_a_listed_wrong_claim_is_not_that_claim(key: str, lang: str, right: str,
                                                                        wrong: str) -> None:
    q = find_question(key, lang)
    assert q is not None
    ctx = context_from_bank(q)
    assert evaluate_answer(ctx, right)["misconceptions"] == []
    assert evaluate_answer(ctx, wrong)["misconceptions"]


def test_what_a_clause_sets_aside_is_left_out_and_the_rest_is_kept() -> None:
    """The object of "instead of" / "the problem with", and the noun phrase before 대신, are not asserted; the clause's own
    claim around them is."""
    assert without_rejected("Rebalancing moves logical shards, which is the problem with plain hash mod N.", "en") == (
        "Rebalancing moves logical shards, which is .")
    assert without_rejected("The problem with sharding by date is that new writes hit one shard.", "en") == (
        "is that new writes hit one shard.")
    assert without_rejected("클라우드 권한은 장기 키 대신 OIDC로 받습니다.", "ko") == "클라우드 권한은 OIDC로 받습니다."
    # 대신 as a verb ("does it for you") sets nothing aside.
    assert without_rejected("DOM 조작을 가상 DOM이 대신해 주니까 빠릅니다.", "ko") == "DOM 조작을 가상 DOM이 대신해 주니까 빠릅니다."


@pytest.mark.parametrize(("waving", "plain"), [
    ("정렬 기준은 created_at 하나면 충분하고 다른 컬럼을 섞을 필요는 없습니다.", "정렬 기준에는 id를 타이브레이커로 섞어야 합니다."),
    ("Uploading the dSYM files isn't necessary; the crash tool reads the symbols itself.",
     "Upload the dSYM files so the crash tool can read the symbols."),
])
def test_a_requirement_waved_away_in_the_contrastive_form_is_a_dismissal(waving: str, plain: str) -> None:
    """Round 51: "필요는 없" and "isn't necessary" wave a requirement away as plainly as "필요 없" and "no need"."""
    assert [c.dismissal for c in split_claims(waving)][:1] == [True]
    assert not any(c.dismissal for c in split_claims(plain))


def test_sentence_cosine_cannot_separate_a_claim_from_its_negation() -> None:
    """Why matching is polarity-aware: the embedder puts a claim and its negation side by side."""
    claim = "HTTP/2 removes head-of-line blocking completely."
    negated = "HTTP/2 does not remove head-of-line blocking completely."
    vecs = cached_embedder().embed([claim, negated], kind="passage")
    assert float(vecs[0] @ vecs[1]) > 0.8
    mis = {"en": (Misconception(claim=claim, correction="HTTP/2 still runs over TCP, so a lost packet stalls every stream.",
                                signals=("removes head-of-line blocking",)),)}
    hits = [find_misconceptions(split_claims(t), mis, "en", frozenset()) for t in (claim, negated)]
    assert len(hits[0]) == 1 and hits[1] == []


# A wrong claim whose point is a negation ("even without a partition"), and a right clause that shares all its words
# in one proposition while a negation sits in another ("…, 분할은 피할 수 없으니 …", "…, not both").
PARTITION = {
    "ko": (Misconception(claim="네트워크 분할이 없을 때도 CAP 때문에 일관성이나 가용성 중 하나를 포기해야 합니다.",
                         correction="CAP의 선택은 분할이 일어났을 때만 적용되고, 분할이 없으면 일관성과 가용성을 함께 가질 수 있습니다.", signals=()),),
    "en": (Misconception(claim="Even without a network partition, CAP forces you to give up consistency or availability.",
                         correction="CAP's choice only applies during a partition; without one a system can be both consistent "
                                    "and available.", signals=()),),
}
PARTITION_SAID = {
    "ko": (("CAP은 네트워크 분할이 생겼을 때 모든 노드가 최신 값을 보장하는 일관성과 모든 요청에 응답하는 가용성 중 하나를 포기해야 "
            "한다는 뜻이고, 분할은 피할 수 없으니 실제 선택은 CP냐 AP냐입니다."),
           "네트워크 분할이 없을 때에도 CAP 때문에 일관성이나 가용성 중 하나는 포기해야 합니다."),
    "en": (("CAP is about replicated systems during a network partition: you either keep every node answering "
            "(availability) or guarantee that reads see the latest write (consistency), not both."),
           "Even without any network partition, CAP forces you to give up consistency or availability."),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_negation_in_another_proposition_does_not_make_a_right_clause_state_a_negated_wrong_claim(lang: str) -> None:
    right, wrong = PARTITION_SAID[lang]
    # The whole clause counts one negation, as the wrong claim does, but its proposition that holds the claim's words
    # has none: that proposition is what the clause says about them.
    assert find_misconceptions(split_claims(right), PARTITION, lang, frozenset()) == []
    assert len(find_misconceptions(split_claims(wrong), PARTITION, lang, frozenset())) == 1


def test_an_english_signal_is_found_with_a_few_words_between_its_words() -> None:
    """English signal words may sit up to three words apart ("hash index *is my pick* for range"); Korean ones
    one eojeol apart, and never across a comma or with the opposite polarity."""
    found = [find_misconceptions(split_claims(t), MIS, "en", frozenset()) for t in (
        "For reports, a hash index is my pick for range scans, since O(1) beats a tree.",
        "A hash index is never my pick for range scans, since it only supports equality.",
        "A hash index is my pick for lookups, and for range scans I keep the B-tree.")]
    assert [len(f) for f in found] == [1, 0, 0]
    assert found[0][0].claim == MIS["en"][0].claim
    # A two-word signal keeps its words next to each other: "with … credentials" is no phrase.
    cors = {"en": (Misconception(claim="Access-Control-Allow-Origin: * also works for requests with cookies.",
                                 correction="For credentialed requests the server must echo the specific origin.",
                                 signals=("* with credentials",)),)}
    correct = "And with cookies you need credentials include, and you can't use a star for the origin."
    assert find_misconceptions(split_claims(correct), cors, "en", frozenset()) == []
    assert len(find_misconceptions(split_claims("Allow-Origin * with credentials also works for requests with cookies."), cors, "en", frozenset())) == 1


def test_a_signal_word_is_found_as_the_last_part_of_a_dotted_name_with_words_between() -> None:
    """"target" is in "event.target" for a term search already (the dot is a word boundary); the word-order search
    that allows words between a signal's words reads whole tokens, and missed it there."""
    target = {"ko": (Misconception(claim="event.target은 항상 리스너를 등록한 요소입니다.",
                                   correction="event.target은 이벤트가 시작된 요소이고, 리스너가 달린 요소는 currentTarget입니다.",
                                   signals=("target과 currentTarget은 같",)),)}
    freeze = {"en": (Misconception(claim="Object.freeze makes the whole object, nested objects included, immutable.",
                                   correction="Object.freeze is shallow: nested objects can still be changed.",
                                   signals=("freeze is deep",)),)}
    for said, mis, lang in (("참고로 event.target과 currentTarget은 항상 같은 요소를 가리킵니다.", target, "ko"),
                            ("I think Object.freeze is basically deep, so the nested config can't change.", freeze, "en")):
        assert len(find_misconceptions(split_claims(said), mis, lang, frozenset())) == 1, said
    for said, mis, lang in (("event.target은 클릭된 요소이고 currentTarget은 리스너를 단 요소라서 둘은 다릅니다.", target, "ko"),
                            ("Object.freeze is shallow, so nested objects can still change.", freeze, "en")):
        assert find_misconceptions(split_claims(said), mis, lang, frozenset()) == [], said


def test_a_misconception_stated_in_the_other_language_is_corrected_in_the_session_language() -> None:
    ctx = _ctx("ko")
    result = evaluate_answer(ctx, RIGHT["en"] + WRONG_EXTRA["en"])
    assert [m["claim"] for m in result["misconceptions"]] == [MIS["ko"][0].claim]
    assert MIS["ko"][0].correction in result["total_feedback"]


def test_a_keyword_list_is_not_an_answer(ctx: QuestionContext) -> None:
    lang = ctx.language
    listed = evaluate_answer(ctx, KEYWORDS[lang])
    right = evaluate_answer(ctx, RIGHT[lang])
    assert listed["status"] == "keyword_list"
    assert listed["criteria"]["coverage"] == 0 and listed["matched_key_points"] == []
    assert listed["overall"] < 25 < right["overall"]
    assert listed["weaknesses"].startswith(feedback_phrases(lang)["keyword_list"]["weaknesses"])


# A long run of terms that a phrase only points at: closed by the pointer with a generic verb after it, or behind a
# lead-in with a verb and pointed at by the pointer or by a sentence of its own.
POINTED = {"ko": "인덱스는, B-Tree, 해시 인덱스, 풀 스캔, 복합 인덱스, 선두 컬럼, 카디널리티, 커버링 인덱스, 실행 계획, EXPLAIN "
                 "이런 것들이 있고요, 상황에 맞게 적절히 조합하면 될 것 같습니다.",
           "en": "Indexes, B-tree, hash index, full table scan, composite index, leftmost prefix, cardinality, covering "
                 "index, query plan, EXPLAIN and so on, you combine them as the situation needs."}
LED_IN = {"ko": "인덱스라면 B-Tree, 해시 인덱스, 풀 스캔, 복합 인덱스, 선두 컬럼, 카디널리티, 커버링 인덱스, 실행 계획, "
                "EXPLAIN 정도가 핵심 키워드인 것 같습니다.",
          "en": "For indexes you'd look at B-tree, hash index, full table scan, composite index, leftmost prefix, "
                "cardinality, covering index, query plan, and EXPLAIN. Those are the main things."}

# Upper-case names or numbers side by side, without commas, are listed terms too (a REST keyword list once scored 77).
BARE = {"ko": "인덱스라면 B-Tree, 풀 스캔, 복합 인덱스, 선두 컬럼, SELECT INSERT UPDATE DELETE, 카디널리티, 커버링 인덱스, "
              "EXPLAIN ANALYZE, 10 100 1000 10000 100000. 이런 것들을 기준으로 봅니다.",
        "en": "For indexes you would look at B-tree, full table scan, composite index, leftmost prefix, SELECT INSERT "
              "UPDATE DELETE, cardinality, covering index, EXPLAIN ANALYZE, 10 100 1000 10000 100000. Those are the "
              "main things."}


# Spoken without commas: a long run of words that carry no grammar, behind a lead-in (blind34 had one at 81) …
SPOKEN = {"ko": "인덱스라면 B-Tree 풀 스캔 복합 인덱스 선두 컬럼 카디널리티 선택도 커버링 인덱스 실행 계획 EXPLAIN 이런 키워드로 "
                "설명하면 될 것 같습니다.",
          "en": "For indexes I'd basically use B-tree sorted keys full table scan composite index leftmost prefix cardinality "
                "covering index query plan EXPLAIN, all of that."}
# … also where a joining word sits inside a term ("order by", "index on a column": "block the event loop" kept a
# spoken list at 57) …
JOINED = {"ko": "인덱스라면 B-Tree 풀 스캔 복합 인덱스 선두 컬럼 카디널리티 선택도 covering index 실행 계획 EXPLAIN order by "
                "정렬 이런 키워드로 설명하면 될 것 같습니다.",
          "en": "For indexes I'd basically use B-tree sorted keys full table scan composite index by leftmost prefix "
                "cardinality of columns covering index query plan EXPLAIN, that pretty much covers it."}
# … or a whole sentence of such words with nothing pointing at it (blind36 had one at 80: "DDP FSDP ZeRO NCCL …") …
UNPOINTED = {"ko": "B-Tree 풀 스캔 복합 인덱스 선두 컬럼 카디널리티 선택도 커버링 인덱스 실행 계획 EXPLAIN.",
             "en": "B-tree sorted keys full table scan composite index leftmost prefix cardinality covering index "
                   "query plan EXPLAIN."}
# … and a list closed by a sentence that only points at it, which says nothing about the terms either.
POINTER_SENTENCE = {"ko": "B-Tree, 풀 스캔, 복합 인덱스, 선두 컬럼, 카디널리티, 실행 계획. 이 정도로 설명하면 될 것 같습니다.",
                    "en": "B-tree, full table scan, composite index, leftmost prefix, cardinality, query plan. Those are "
                          "the main things I'd think about."}

# A handful of comma items whose verb comes after a pointer: the verb is said of the list (blind37 had one at 75).
CLOSED_BY_POINTER = {"ko": "B-Tree, 풀 스캔, 복합 인덱스, 선두 컬럼, 카디널리티, 실행 계획 이런 걸로 대응하면 됩니다.",
                     "en": "B-tree, full table scan, composite index, leftmost prefix, cardinality, query plan and "
                           "things like that would solve it."}
# A pointer sentence may run longer when it opens with the pointer (blind37: "Those are the key things to know for this").
OPENING_POINTER = {"ko": "B-Tree, 풀 스캔, 복합 인덱스, 선두 컬럼, 카디널리티, 실행 계획. 이런 것들이 이 질문에서 꼭 알아야 할 "
                         "핵심이라고 생각합니다.",
                   "en": "B-tree, full table scan, composite index, leftmost prefix, cardinality, query plan. Those are "
                         "the key things to know for this one."}


@pytest.mark.parametrize("wording", [POINTED, LED_IN, BARE, SPOKEN, JOINED, UNPOINTED, POINTER_SENTENCE,
                                     CLOSED_BY_POINTER, OPENING_POINTER],
                         ids=["pointed-back", "led-in", "bare-terms", "spoken", "joined", "unpointed", "pointer-sentence",
                              "closed-by-pointer", "opening-pointer"])
def test_a_run_of_terms_pointed_at_is_a_keyword_list(ctx: QuestionContext, wording: dict[str, str]) -> None:
    lang = ctx.language
    listed = evaluate_answer(ctx, wording[lang])
    assert listed["status"] == "keyword_list" and listed["matched_key_points"] == []
    assert listed["overall"] < 25 < evaluate_answer(ctx, RIGHT[lang])["overall"]


def test_a_pointer_inside_a_statement_or_a_list_without_one_is_not_a_keyword_list(ctx: QuestionContext) -> None:
    lang = ctx.language
    # "and so on" after a couple of examples inside a statement is still a statement.
    stated = evaluate_answer(ctx, RIGHT[lang] + (" 쓰기 비용, 저장 공간 등등을 같이 봅니다." if lang == "ko"
                                                  else " I also weigh write cost, storage and so on."))
    assert stated["status"] == "ok" and stated["criteria"]["coverage"] >= evaluate_answer(ctx, RIGHT[lang])["criteria"]["coverage"]
    # Without the pointer the English clause is a statement that enumerates, as a tier-4 answer may.
    assert not split_claims(LED_IN["en"].removesuffix(" Those are the main things."))[0].listing
    # A short pointing sentence after statements is not a list, nor is a Korean sentence of plain eojeol.
    closing = " 이 정도면 충분합니다." if lang == "ko" else " Those are the main things."
    assert not any(c.listing for c in split_claims(RIGHT[lang] + closing))
    assert not split_claims("인덱스는 정렬된 키로 위치를 찾기 때문에 풀 스캔보다 빠르고 쓰기 비용이 듭니다 이런 점을 봅니다")[0].listing
    # Short sentences of plain words, and code, are not runs of terms (tier-4 answers on the dev sets).
    for sentence in ("A deep copy recursively copies everything", "TLS 1.2 needed two round trips",
                     "UPDATE stock SET qty = qty - 1 WHERE id = ? AND version = ?"):
        assert not split_claims(sentence)[0].listing
    # A few examples named before a pointer, with a verb after it, stay a statement ("구독, 웹소켓 연결, 타이머 같은
    # 것들이요" in tier-4 answers on the dev sets).
    assert not split_claims("useEffect는 구독, 웹소켓 연결, 타이머 같은 걸 동기화할 때 씁니다")[0].listing
    # Joining words between plain words do not make a sentence a run of terms (a tier-2 answer on the dev sets).
    assert not split_claims("That's basically the pipeline, and then you can tune the prompt until the answers "
                            "look good")[0].listing


def test_upper_case_names_and_numbers_side_by_side_are_listed_terms_not_words_around_the_list() -> None:
    # "GET POST PUT PATCH DELETE" and "200 201 204 400 404" strung into one comma item made a keyword list read as a
    # statement with eleven words around three terms: it earned 71 (a Korean REST answer of blind60, round 46).
    for listed in (("RESTful, 리소스, 명사, 복수형, 계층 구조, GET POST PUT PATCH DELETE, 멱등성, 안전한 메서드, "
                    "200 201 204 400 401 403 404 409 500, HATEOAS, 버저닝, OpenAPI"),
                   ("REST, resources, plural nouns, GET POST PUT PATCH DELETE, idempotency, 200 201 204 400 404 409, "
                    "HATEOAS, versioning, OpenAPI")):
        (claim,) = split_claims(listed)
        assert claim.listing and not claim.creditable, listed
    # A lower-case run may hide a verb the cue lists do not know: a sentence, not a list.
    (claim,) = split_claims("Bigger batches raise throughput and cut cost per token, so I tune max batch size")
    assert not claim.listing


def test_a_long_run_of_terms_with_a_few_longer_names_among_it_is_a_keyword_list() -> None:
    # Two names of five and six words among nine short terms were words around the list: the clause read as a statement
    # and a bank keyword list earned 81 (blind66, round 52).
    (claim,) = split_claims("Consumer groups, partitions, offsets, schema registry for Avro messages, ISR, acks, idempotent "
                            "producer, log compaction, dead letter queue for poison messages, retention, rebalancing.")
    assert claim.listing and not claim.creditable
    # A longer part that says something (a verb and its object) keeps the clause a statement.
    (claim,) = split_claims("I'd start with rate limiting, audit logs, least privilege, OAuth scopes, sandboxing, "
                            "guardrails, red teaming, DLP, and then we review every tool call the model makes before it runs.")
    assert not claim.listing


def test_a_spoken_pause_between_commas_is_not_a_listed_term() -> None:
    # Fillers between commas made these spoken sentences runs of three short "items" (10 % of the clauses of English
    # filler-heavy correct answers had been read as lists that way; round 42).
    for sentence in ("Read committed, uh, prevents dirty reads", "음, 나머지 기능은, 그, 다음 배포로 넘겨요",
                     "어, 인덱스는, 음, 정렬된 키로 위치를 찾아요"):
        (claim,) = split_claims(sentence)
        assert not claim.listing and claim.creditable, sentence
    # A run of terms with fillers between them is still a keyword list.
    for listed in ("Um, B-tree, uh, hash index, you know, covering index", "음, B-트리, 어, 해시 인덱스, 그, 커버링 인덱스"):
        (claim,) = split_claims(listed)
        assert claim.listing and not claim.creditable, listed


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_restating_the_question_earns_nothing(lang: str) -> None:
    ctx = _ctx(lang)
    restated = {"ko": "데이터베이스 인덱스는 조회를 빠르게 만듭니다. 복합 인덱스를 만들 때는 컬럼 순서를 정해야 합니다.",
                "en": "A database index makes queries faster. You decide the column order of a composite index."}[lang]
    result = evaluate_answer(ctx, restated)
    assert result["status"] == "copied_question"
    assert result["overall"] <= 5 and result["matched_key_points"] == []


@pytest.mark.parametrize(("question_lang", "answer_lang"), [("ko", "en"), ("en", "ko")])
def test_an_answer_in_the_other_language_is_graded_by_content(question_lang: str, answer_lang: str) -> None:
    ctx = _ctx(question_lang)
    same = evaluate_answer(ctx, RIGHT[question_lang])
    other = evaluate_answer(ctx, RIGHT[answer_lang])
    wrong = evaluate_answer(ctx, KEYWORDS[answer_lang])
    assert len(other["matched_key_points"]) >= 3
    assert other["overall"] >= 0.8 * same["overall"]
    assert other["overall"] > wrong["overall"] + 30
    note = feedback_phrases(question_lang)["correctness"]["other_language"]
    assert note in other["total_feedback"] and note not in same["total_feedback"]


def test_typed_answers_get_no_delivery_praise(ctx: QuestionContext) -> None:
    lang = ctx.language
    fluent = feedback_phrases(lang)["strengths"]["fluent"]
    typed = evaluate_answer(ctx, RIGHT[lang])
    assert not any(f in typed["strengths"] for f in fluent)
    assert not any(w in typed["weaknesses"] for w in ("분당", "per minute"))
    spoken = evaluate_answer(ctx, RIGHT[lang], speech_metrics={"words_per_minute": 130, "syllables_per_minute": 300,
                                                                "long_pauses": 0, "total_time_s": 60})
    assert typed["overall"] > 40 and spoken["overall"] > 40


def test_short_precise_answer_has_no_length_cliff() -> None:
    ctx = _ctx("en")
    facts = ("A B+tree keeps keys sorted, so lookups are logarithmic instead of a full scan; "
             "a composite index only helps when the leftmost column is filtered.")
    padded = ("Indexes are a really important topic and every team I have worked with cared about them a lot. " + facts
              + " In general it depends on the situation, and it is always good to think about these things "
                "carefully and discuss them with the team before making a decision about the database.")
    short, long = evaluate_answer(ctx, facts), evaluate_answer(ctx, padded)
    assert len(short["matched_key_points"]) >= 2 and short["grade"] != "F" and short["overall"] >= 35
    assert short["overall"] >= long["overall"] - 3  # words around the same facts earn nothing
    # Specificity reads concrete details per word: words that name nothing (and are not vague either) dilute them.
    neutral = ("Let me explain this the way I would put it to someone new to the topic. " + facts
               + " That is how I would say it, and I think it is the heart of the matter here.")
    said = evaluate_answer(ctx, neutral)
    assert not said["evidence"]["specificity"]["vague"] and not short["evidence"]["specificity"]["vague"]
    assert short["criteria"]["specificity"] > said["criteria"]["specificity"]


def test_highlights_point_into_the_exact_answer_text(ctx: QuestionContext) -> None:
    text = "  " + RIGHT[ctx.language] + "\n"
    result = evaluate_answer(ctx, text)
    points = [h for h in result["highlights"] if h["kind"] == "key_point"]
    assert {h["label"] for h in points} == set(result["matched_key_points"]) and points
    for h in result["highlights"]:
        assert set(h) == {"start", "end", "kind", "label", "correction"}
        assert 0 <= h["start"] < h["end"] <= len(text) and text[h["start"]:h["end"]].strip()


def test_reference_and_confidence_say_what_was_checked() -> None:
    bank_result = evaluate_answer(_ctx("en"), RIGHT["en"])
    assert bank_result["reference"] == "bank" and 0 < bank_result["confidence"] <= 1
    ctx = context_for_text("How would you design the billing cutover for a mid-size SaaS migrating from Zuora?", "en")
    assert ctx.reference == "derived"
    result = evaluate_answer(ctx, "I would run both billing systems in parallel for one cycle and compare invoices "
                                  "line by line, because a silent mismatch costs customers money.")
    assert result["reference"] == "derived" and result["confidence"] < bank_result["confidence"]
    assert feedback_phrases("en")["correctness"]["unverified"] in result["total_feedback"]
    assert feedback_phrases("en")["correctness"]["unverified"] not in bank_result["total_feedback"]


def test_regardless_of_is_not_waving_a_point_away() -> None:
    # "순서와 상관없이" is "regardless of the order": the clause states the point. "순서는 상관없습니다" waves it away.
    ctx = _ctx("ko")
    stated = analyse(ctx, "복합 인덱스는 선두 컬럼부터 정렬돼 있어서, 조건을 쓴 순서와 상관없이 선두 컬럼 조건이 없으면 "
                          "인덱스를 타지 못합니다.")
    waved = analyse(ctx, "복합 인덱스는 컬럼 순서가 상관없습니다.")
    assert stated.credit == list(range(len(stated.claims))) and waved.credit == []
    ev = evaluate_answer(ctx, stated.raw)
    assert not any(p.get("dismissed") for p in ev["evidence"]["coverage"]["points"])
    assert "'상관없다'" not in ev["weaknesses"]


def test_a_korean_signal_that_is_only_the_goal_of_a_purpose_clause_is_not_stated() -> None:
    """"체크 예외에도 롤백하려면 rollbackFor를 지정해야 합니다" says what it takes to roll back on checked exceptions, not
    that they roll back: the signal "체크 예외도 롤백" ends on "롤백하려면" there. Said as a fact, it is still found."""
    rollback = {"ko": (Misconception(claim="@Transactional에서는 체크 예외든 언체크 예외든 전부 롤백됩니다.",
                                     correction="기본으로는 RuntimeException과 Error에서만 롤백되고, 체크 예외는 커밋됩니다.",
                                     signals=("체크 예외도 롤백",)),)}
    purpose = "기본은 언체크 예외에서만 롤백되고, 체크 예외에도 롤백하려면 rollbackFor를 지정해야 합니다."
    stated = "저는 체크 예외도 롤백된다고 알고 있어서 따로 설정하지 않습니다."
    assert find_misconceptions(split_claims(purpose), rollback, "ko", frozenset()) == []
    assert len(find_misconceptions(split_claims(stated), rollback, "ko", frozenset())) == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_naming_main_thread_decoding_as_the_cause_of_jank_is_not_the_wrong_claim(lang: str) -> None:
    """The image-loading question's wrong claim is that decoding on the main thread is fine. Its signals had included
    the bare topic ("decode on the main thread", "메인에서 디코딩"), which a right answer says when it names the cause of
    the jank; two tier-4 answers were told they held the error (round 45). Said as the claim, it is still found."""
    cause = {
        "en": "Decoding those photos on the main thread is exactly what causes the scroll jank, so I decode them in the "
              "background at the size of the view and keep a bounded memory cache plus a disk cache of encoded bytes.",
        "ko": "큰 이미지를 메인 스레드에서 디코딩하느라 프레임이 밀려서 스크롤이 버벅이는 거라, 백그라운드에서 뷰 크기로 디코딩하고 "
              "크기 제한이 있는 메모리 캐시와 인코딩된 바이트를 담는 디스크 캐시를 둡니다.",
    }[lang]
    wrong = {
        "en": "Decoding is quick, so decoding on the main thread is fine; I just load the full image into the view.",
        "ko": "디코딩은 빠르니까 메인 스레드에서 디코딩해도 괜찮고, 원본 이미지를 그대로 뷰에 넣으면 됩니다.",
    }[lang]
    _right_topic_is_not_the_claim("mobile-image-loading", lang, "mobile", right=cause, wrong=wrong)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_bringing_a_process_problem_to_the_retro_is_not_calling_out_a_teammate(lang: str) -> None:
    """The underperforming-teammate question's wrong claim is raising one person's performance in front of the team.
    Its signals had included the bare setting ("in the retro", "회고 때 꺼내"), which a right story about fixing a
    recurring process problem says; a tier-4 retrospective story was told it had shamed a colleague (round 46). Said
    as the claim, it is still found."""
    process = {
        "en": "Slow reviews had come up in seven retros, so I raised it in the retro with the data, volunteered to own "
              "it, and we added a daily review slot; the median wait fell from 26 hours to 5.",
        "ko": "리뷰 지연이 일곱 번의 회고에 반복돼서 회고 때 꺼내 데이터를 보여 주고 제가 담당을 맡아 매일 리뷰 시간을 "
              "정했고, 첫 리뷰까지 대기 시간 중앙값이 26시간에서 5시간으로 줄었습니다.",
    }[lang]
    wrong = {
        "en": "He kept missing deadlines, so I raised it with the whole team in the retro so everyone knew.",
        "ko": "그 동료가 계속 마감을 놓쳐서 회고 때 팀 전체 앞에서 그 문제를 꺼내 모두가 알게 했습니다.",
    }[lang]
    _right_topic_is_not_the_claim("behavioral-underperforming-teammate", lang, "behavioral", right=process, wrong=wrong)


def _right_topic_is_not_the_claim(key: str, lang: str, position: str, *, right: str, wrong: str) -> None:
    """A right answer that names a bank question's topic states none of its wrong claims; the claim said is found."""
    q = find_question(key, lang)
    assert q is not None
    ctx = context_for_text(q.text, lang, position)
    assert evaluate_answer(ctx, right)["misconceptions"] == []
    assert len(evaluate_answer(ctx, wrong)["misconceptions"]) == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_story_without_a_reference_is_not_told_its_facts_went_unchecked(lang: str) -> None:
    # "Other factual errors may have gone unnoticed" was told a sound story about a disagreement with a manager: a
    # story has no facts to verify; the note says what it was judged on instead.
    question = {"en": "Tell me about a time you disagreed with your manager.",
                "ko": "상사와 의견이 달랐던 경험을 말씀해 주세요."}[lang]
    story = {"en": "Last year my manager wanted to ship a payment change on Friday. I thought the rollback plan wasn't "
                   "tested, so I asked for a one-hour review with data from our last two incidents. We agreed to ship "
                   "Monday behind a flag; the rollout found a rounding bug at 1% traffic, and we fixed it before it "
                   "reached most users. I learned to bring evidence, not opinions.",
             "ko": "작년에 팀장님이 결제 변경을 금요일에 배포하자고 하셨는데, 저는 롤백 계획이 검증되지 않았다고 봤습니다. 그래서 "
                   "지난 두 번의 장애 데이터를 들고 한 시간 리뷰를 요청했고, 월요일에 플래그 뒤로 배포하기로 합의했습니다. 1% "
                   "트래픽에서 반올림 버그를 찾아 대부분의 사용자에게 가기 전에 고쳤고, 의견보다 근거를 가져가는 법을 배웠습니다."}[lang]
    ctx = context_for_text(question, lang)
    assert ctx.kind == "behavioral" and ctx.reference != "bank"
    result = evaluate_answer(ctx, story)
    phrases = feedback_phrases(lang)["correctness"]
    assert phrases["unverified_story"] in result["total_feedback"], result["total_feedback"]
    assert phrases["related_only"] not in result["total_feedback"] and phrases["unverified"] not in result["total_feedback"]
