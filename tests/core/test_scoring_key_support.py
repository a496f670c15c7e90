"""How much of an answer the grading key accounts for (core/scoring/key_support.py, issue #10 round 7)."""
from __future__ import annotations

from core.question_bank import find_question
from core.scoring import context_for_text, evaluate_answer
from core.scoring.context import context_from_bank
from core.scoring.feedback import point_phrase

# The same question answered on its key, and fluently about something else (caching, not indexing).
ON_KEY = {
    "en": ("An index is a B+tree kept sorted by the indexed columns, so the database walks a few pages instead of "
           "scanning the whole table. In a composite index the order matters: put the equality columns first and "
           "the range or sort column last, because the tree is only usable from its leftmost column."),
    "ko": ("인덱스는 컬럼 값을 정렬해 둔 B+트리라서 테이블 전체를 스캔하지 않고 몇 페이지만 따라가면 됩니다. 복합 인덱스는 "
           "맨 왼쪽 컬럼부터만 쓸 수 있어서, 등호 조건 컬럼을 앞에 두고 범위나 정렬 컬럼을 뒤에 둡니다."),
}
ELSEWHERE = {
    "en": ("I would put a Redis cache in front of the service with a short TTL, publish invalidation events over "
           "Kafka when a product changes, and serve static pages from a CDN. Memcached would also work, but Redis "
           "gives us pub/sub and persistence."),
    "ko": ("서비스 앞에 Redis 캐시를 두고 TTL을 짧게 잡은 다음, 상품이 바뀌면 Kafka로 무효화 이벤트를 보내고 정적 페이지는 "
           "CDN에서 내려주겠습니다. Memcached도 되지만 Redis는 pub/sub과 영속성을 지원해서 더 낫습니다."),
}


def _support(lang: str, answer: str) -> tuple[dict, dict]:
    other = find_question("backend-db-index", "ko" if lang == "en" else "en")
    ev = evaluate_answer(context_from_bank(find_question("backend-db-index", lang), other), answer)
    return ev["evidence"]["key_support"], ev


def test_an_answer_about_something_else_names_what_the_key_never_does() -> None:
    for lang in ("en", "ko"):
        on_key, on_ev = _support(lang, ON_KEY[lang])
        elsewhere, else_ev = _support(lang, ELSEWHERE[lang])
        assert on_key["checked"] and elsewhere["checked"]
        assert {"redis", "kafka", "cdn", "memcached"} <= {n.lower() for n in elsewhere["unsupported_names"]}, lang
        assert elsewhere["name_share"] >= 0.5 > on_key["name_share"], lang
        assert elsewhere["word_share"] > on_key["word_share"] + 0.2, lang
        assert elsewhere["claim_support"] < on_key["claim_support"], lang
        features = else_ev["evidence"]["combined"]["features"]
        assert features["unsupported_names"] == elsewhere["name_share"]
        assert else_ev["overall"] < on_ev["overall"] - 30, lang


def test_an_answer_in_the_other_language_is_read_against_that_language_of_the_key() -> None:
    # The key holds both languages: an English answer to the Korean question restates it, it adds nothing new.
    crossed, _ = _support("ko", ON_KEY["en"])
    same, _ = _support("en", ON_KEY["en"])
    assert crossed["name_share"] == same["name_share"] == 0.0
    assert crossed["word_share"] < 0.35


def test_nothing_is_read_without_a_key() -> None:
    story = ("Last year I mentored a new hire: we paired twice a week and his reviews passed in one round after "
             "six weeks.")
    ev = evaluate_answer(context_for_text("Tell me about a time you mentored a junior colleague.", "en"), story)
    assert ev["evidence"]["key_support"]["checked"] is False
    assert ev["evidence"]["combined"]["features"]["unsupported_words"] == 0.0


# About database speed, but not about indexes: it stays on the topic's ground, so it is no "off-topic" non-answer.
NEIGHBOURING = {
    "en": ("To make queries faster I would first add connection pooling with PgBouncer so the database is not "
           "flooded with connections, then cache hot results in Redis with a short TTL, and fix N+1 queries in "
           "the ORM by turning on batch fetching in Hibernate. Read replicas can take the reporting load."),
    "ko": ("조회를 빠르게 하려면 먼저 PgBouncer로 커넥션 풀링을 해서 데이터베이스에 연결이 몰리지 않게 하고, 자주 읽는 결과는 "
           "Redis에 짧은 TTL로 캐싱하겠습니다. ORM에서 생기는 N+1 쿼리는 Hibernate의 배치 페치로 줄이고, 리포트 조회는 "
           "읽기 전용 레플리카로 분리합니다."),
}


def test_feedback_names_what_an_answer_to_another_question_dwells_on() -> None:
    for lang, says in (("en", "which this question does not ask about"), ("ko", "이 질문이 묻지 않은")):
        _, ev = _support(lang, NEIGHBOURING[lang])
        assert ev["status"] == "ok"
        assert says in ev["weaknesses"] and "Redis" in ev["weaknesses"], ev["weaknesses"]
        assert point_phrase(ev["missed_key_points"][0], lang) in ev["weaknesses"]  # and where to start instead
        assert ev["overall"] < 30
        _, on_ev = _support(lang, ON_KEY[lang])
        assert says not in on_ev["weaknesses"]
