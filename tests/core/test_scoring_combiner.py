"""The overall score's fitted last step (core/scoring/combiner.py, issue #10 round 5)."""
from __future__ import annotations

from itertools import pairwise

import pytest

from core.embeddings import canonical_name
from core.question_bank import find_question
from core.scoring import context_for_text, evaluate_answer
from core.scoring.combiner import (
    ABSOLUTE_NUDGE,
    combined_overall,
    far_from_key,
    fit_for,
    predicted_tier,
    tier_to_overall,
)
from core.scoring.context import context_from_bank
from core.scoring.lexicon import combiner_fits
from tests.core.test_scoring_generalise import RESTATE

SKIP_LIST = "How does a skip list work, and why would you pick one over a balanced tree?"


def test_every_fitted_embedder_reads_the_features_the_engine_records() -> None:
    # A fit over other features than the engine records is ignored at run time (the rubric's overall is used),
    # so a stale combiner.json would silently switch the combiner off: re-run bench/fit_combiner.py.
    ctx = context_from_bank(find_question("backend-db-index", "en"))
    ev = evaluate_answer(ctx, "A B+tree keeps keys sorted, so a lookup walks a few pages instead of scanning the "
                              "table; put the equality column first in a composite index.")
    recorded = set(ev["evidence"]["combined"]["features"])
    fits = combiner_fits()
    assert set(fits[canonical_name()]["weights"]) == recorded  # the default embedder's fit is current
    for name, fit in fits.items():
        # Another embedder's fit may predate a newer input (e5's, fitted in round 50, does not read round 51's
        # `sufficiency`), but it must read nothing the engine no longer records.
        assert set(fit["weights"]) <= recorded, name
        assert set(fit["means"]) >= set(fit["weights"]), name
        assert fit["trees"]["features"] == list(fit["weights"]), name  # the trees read the same row
        # The fits for answers judged without a close key, and without any reference answer, read subsets of the same
        # inputs; the latter none of the model cosines, which such answers lack.
        for block in ("far", "bare"):
            if block in fit:
                sub = fit[block]
                assert set(sub["weights"]) <= recorded and set(sub["means"]) >= set(sub["weights"]), (name, block)
                assert sub["trees"]["features"] == list(sub["weights"]), (name, block)
        if "bare" in fit:
            assert not {"model_cosine", "model_trust", "model_cosine_trusted"} & set(fit["bare"]["weights"]), name
            assert 0 < fit["bare"]["bound"] <= 25, name


def test_the_overall_is_the_fitted_read_of_the_rubric() -> None:
    ctx = context_from_bank(find_question("backend-db-index", "en"))
    ev = evaluate_answer(ctx, "A B+tree keeps keys sorted, so a lookup walks a few pages instead of scanning the "
                              "table; put the equality column first in a composite index, and check with EXPLAIN.")
    combined = ev["evidence"]["combined"]
    fit = combiner_fits()[canonical_name()]
    assert combined["tier"] == round(predicted_tier(combined["features"], fit), 2)
    assert ev["overall"] == round(tier_to_overall(predicted_tier(combined["features"], fit), fit["overall_at_tier"]))


def test_a_worse_reading_never_raises_the_fitted_tier() -> None:
    # Round 8: unconstrained trees scored a good answer plus one stated misconception above the same answer without
    # it (bench/fit_combiner.py MONOTONE). Each change below makes the answer worse; no fit may read it higher.
    ctx = context_from_bank(find_question("backend-db-index", "en"))
    base = evaluate_answer(ctx, "A B+tree keeps keys sorted, so a lookup walks a few pages instead of scanning the "
                                "table; put the equality column first in a composite index, and check with "
                                "EXPLAIN.")["evidence"]["combined"]["features"]
    worse = [{"wrong_claims": 1.0, "correctness": 0.3}, {"wrong_claims": 2.0, "correctness": 0.1},
             {"rubric": base["rubric"] - 0.3}, {"rubric": base["rubric"] - 0.3, "wrong_claims": 1.0, "correctness": 0.3},
             {"points_full": 0.0}, {"misconception_cosine": 0.9},
             {"misconception_cosine": 0.9, "wrong_claims": 1.0, "correctness": 0.3},
             {"bank_misconception_lean": base["bank_misconception_lean"] + 0.2}]
    fits = [(name, fit) for name, fit in combiner_fits().items()]
    fits += [(f"{name} {block}", fit[block]) for name, fit in combiner_fits().items() for block in ("far", "bare")
             if block in fit]
    for name, fit in fits:
        for change in worse:
            assert predicted_tier(base | change, fit) <= predicted_tier(base, fit), (name, change)


def test_the_boosted_trees_are_walked_and_blended_with_the_ridge_read() -> None:
    # One stump on feature "b" (left at b <= 0.3: -1, else +1) on a baseline of 2, blended half and half with
    # the line 1 + 2a. A missing input takes the fit's mean on both sides.
    fit = {"intercept": 1.0, "weights": {"a": 2.0, "b": 0.0}, "means": {"a": 0.5, "b": 0.5},
           "trees": {"blend": 0.5, "features": ["a", "b"], "baseline": 2.0,
                     "trees": [[[1, 0.3, 1, 2, 0.0], [-1, 0.0, 0, 0, -1.0], [-1, 0.0, 0, 0, 1.0]]]}}
    assert predicted_tier({"a": 1.0, "b": 0.2}, fit) == 0.5 * 3.0 + 0.5 * 1.0
    assert predicted_tier({"a": 1.0, "b": 0.3}, fit) == 0.5 * 3.0 + 0.5 * 1.0
    assert predicted_tier({"a": 1.0, "b": 0.9}, fit) == 0.5 * 3.0 + 0.5 * 3.0
    assert predicted_tier({"a": None, "b": None}, fit) == 0.5 * 2.0 + 0.5 * 3.0
    assert predicted_tier({"a": 1.0, "b": 0.2}, {k: v for k, v in fit.items() if k != "trees"}) == 3.0


def test_the_tier_map_keeps_every_order_and_its_range() -> None:
    fit = combiner_fits()[canonical_name()]
    for knots in (fit["overall_at_tier"], fit["far"]["overall_at_tier"]):
        grid = [t / 20 for t in range(-40, 120)]
        values = [tier_to_overall(t, knots) for t in grid]
        assert all(a < b for a, b in pairwise(values) if b < 100)  # strictly rising below the top clamp
        assert 0 < values[0] and values[-1] == 100


def test_an_answer_about_something_else_is_never_lifted() -> None:
    # No model answer for this question: the model cosine is imputed for on-topic answers, and must not lift
    # an off-topic one (a story about cycling scored 30 before the rule).
    for lang, answer in (("ko", "저는 주말마다 자전거를 타고 한강에 갑니다. 바람이 시원해서 기분이 좋아집니다."),
                         ("en", "I enjoy cycling along the river on weekends; the breeze always lifts my mood.")):
        ev = evaluate_answer(context_for_text(SKIP_LIST, lang, "backend"), answer)
        assert ev["status"] == "off_topic"
        assert ev["overall"] <= ev["evidence"]["combined"]["rubric"] and ev["overall"] <= 10


def test_a_question_without_a_model_answer_is_not_failed_for_it() -> None:
    # Such an answer is read by the bare fit, which may lower it by its bound and no more (round 32): refitted on
    # forty-two sets it reads this correct answer 8 below the rubric (59 -> 51). A bound of 5 or 10 downwards would
    # spare it and costs on unseen answers (bench/README.md, thirty-fourth round), so the guarantee is the bound, a
    # passing grade, and a clear margin over a wrong answer to the same question.
    ctx = context_for_text(SKIP_LIST, "en", "backend")
    assert ctx.model_answer is None
    good = evaluate_answer(ctx, "A skip list is a sorted linked list with extra express lanes: each node is promoted "
                                "to the next level with probability one half, so a search skips ahead and takes "
                                "O(log n) expected time. I would pick it over a balanced tree because inserts only "
                                "touch local pointers, which makes lock-free concurrent versions much simpler.")
    wrong = evaluate_answer(ctx, "A skip list is basically a hash table that skips over empty buckets: every key is "
                                 "hashed to a level, so lookups are always O(1) and it never needs rebalancing. It is "
                                 "unordered, so range queries are not possible, and that is why databases prefer B-trees.")
    assert good["evidence"]["combined"]["features"]["model_cosine"] is None
    lowered = good["evidence"]["combined"]["rubric"] - good["overall"]
    assert lowered <= combiner_fits()[canonical_name()]["bare"]["bound"] + 0.5 and good["grade"] != "F"
    assert good["overall"] >= wrong["overall"] + 10 and wrong["grade"] == "F"



def test_without_a_model_answer_or_yardstick_the_bare_fit_moves_the_rubric_within_its_bound() -> None:
    # Round 32: such answers are read by a fit of their own (`bare`), learnt from a few hundred answers; unbounded it
    # read single answers erratically (round 31: a correct, concise Korean Bloom-filter answer at 24, rubric 70;
    # "I enjoy hiking" to the skip-list question at 42), so its read moves the rubric's overall by at most its bound.
    fit = combiner_fits()[canonical_name()]
    bound = fit["bare"]["bound"]
    ctx = context_for_text(SKIP_LIST, "en", "backend")
    assert not ctx.model_answer and not ctx.reference_answers
    cases = [(ctx, "I enjoy hiking on weekends and reading novels about history.", "off")]
    for lang in ("ko", "en"):
        question, _, right = RESTATE[lang]
        cases.append((context_for_text(question, lang, "backend"), right, "right"))
    for case_ctx, answer, kind in cases:
        ev = evaluate_answer(case_ctx, answer)
        combined = ev["evidence"]["combined"]
        assert combined["features"]["model_cosine"] is None and combined["fit"] == "bare", answer
        assert "not_read" not in combined
        assert fit_for(fit, combined["features"], ev["reference"]) is fit["bare"]
        assert abs(ev["overall"] - combined["rubric"]) <= bound + 0.5, (answer, ev["overall"], combined)
        # The bound is the whole guarantee: the fit does lower correct answers (the English one 69 -> 54, as it does a
        # quarter of the tier-3 answers it reads, bench/README.md, thirty-second round), but never fails one.
        assert ev["overall"] < 40 if kind == "off" else ev["overall"] >= 50, (answer, ev["overall"])
        # A fit without a `bare` block leaves the rubric's overall alone.
        old = {k: v for k, v in fit.items() if k != "bare"}
        assert combined_overall(combined["features"], combined["rubric"], ev["status"], fit_for(old, combined["features"],
                                ev["reference"]))[0] == combined["rubric"]
    # A question with yardsticks is read by the near or far fit as before.
    near = evaluate_answer(context_for_text("How would you choose a message queue for a new notification service?",
                                            "en"), "I would pick a managed queue such as SQS because the team is small.")
    assert near["evidence"]["combined"]["features"]["model_cosine"] is not None
    assert near["evidence"]["combined"]["fit"] in ("near", "far")


def test_the_bound_holds_however_far_the_bare_fit_reads() -> None:
    # A fit whose read is far below, or far above, the rubric's overall moves it by the bound and no further; an
    # off-topic answer is still never lifted.
    knots = [[1.0, 18.0], [2.0, 48.0], [3.0, 68.0], [4.0, 88.0], [5.0, 100.0]]
    bare = {"intercept": 1.0, "weights": {"rubric": 0.0}, "means": {"rubric": 0.5}, "overall_at_tier": knots, "bound": 15.0}
    values = {"rubric": 0.7, "model_cosine": None}
    assert combined_overall(values, 70.0, "ok", bare)[0] == 55.0
    assert combined_overall(values, 10.0, "ok", bare | {"intercept": 4.0})[0] == 25.0
    assert combined_overall(values, 10.0, "off_topic", bare | {"intercept": 4.0})[0] == 10.0
    assert combined_overall(values, 50.0, "ok", bare | {"intercept": 2.0})[0] == 48.0


def test_an_answer_judged_without_a_close_key_is_read_by_its_own_fit() -> None:
    # Round 18: outside the bank, the closest reference answer may belong to a distant question; such answers, and
    # those held only to generic points, are read by the `far` fit. A bank answer keeps the near one.
    fit = combiner_fits()[canonical_name()]
    assert "far" in fit
    for lang, question, answer in (
        ("en", "How would you choose a message queue for a new notification service?",
         ("For the notification service I would pick a managed message queue such as SQS, because the team is small, "
          "and it gives retries and a dead-letter queue.")),
        ("ko", "메시지 큐를 새 알림 서비스에 도입한다면 어떤 기준으로 고르시겠어요?",
         "팀이 작아서 알림 서비스에는 SQS 같은 관리형 메시지 큐를 고르겠습니다. 재시도와 DLQ를 기본으로 제공하기 때문입니다."),
    ):
        ev = evaluate_answer(context_for_text(question, lang, "backend"), answer)
        combined = ev["evidence"]["combined"]
        # An answer read as on topic: for a non-answer status the rubric's overall caps the fit's read
        # (combiner.NEVER_LIFTED), and the overall below would not be the far fit's alone.
        assert ev["status"] == "ok", (lang, ev["status"])
        # Judged by generic points, with a related question's answer as a distant yardstick (trust below 1).
        assert ev["reference"] == "derived" and 0 < combined["features"]["model_trust"] < 1, (lang, combined)
        assert far_from_key(combined["features"], ev["reference"])
        assert combined["fit"] == "far" and fit_for(fit, combined["features"], ev["reference"]) is fit["far"]
        far_tier = predicted_tier(combined["features"], fit["far"])
        assert combined["tier"] == round(far_tier, 2)
        assert ev["overall"] == round(tier_to_overall(far_tier, fit["far"]["overall_at_tier"]))
    bank = evaluate_answer(context_from_bank(find_question("backend-db-index", "en")),
                           "A B+tree keeps keys sorted, so a lookup walks a few pages instead of scanning the table.")
    assert bank["evidence"]["combined"]["fit"] == "near"
    assert not far_from_key(bank["evidence"]["combined"]["features"], "bank")


def test_the_far_fit_reads_unhedged_absolutes() -> None:
    # Round 31: outside the bank, two or three absolutes ("always", "무조건") mark a confidently wrong answer far more often
    # than a right one (121 tier-1 answers against 55 tier-3/4 over forty graded sets); until then the far fit did not
    # read them (bench/fit_combiner.FAR_EXCLUDED). The same answer read with more of them reads lower, never higher.
    fit = combiner_fits()[canonical_name()]
    assert fit["far"]["weights"]["overclaims"] < 0
    ev = evaluate_answer(context_for_text("How would you choose a message queue for a new notification service at a "
                                          "small startup?", "en"),
                         "I would pick a managed queue such as SQS because the team is small, and it retries failed "
                         "deliveries with a dead-letter queue for messages that keep failing.")
    combined = ev["evidence"]["combined"]
    assert combined["fit"] == "far" and combined["features"]["overclaims"] == 0
    tiers = [predicted_tier(combined["features"] | {"overclaims": float(n)}, fit["far"]) for n in range(4)]
    assert all(b <= a for a, b in pairwise(tiers)) and tiers[2] < tiers[0] - 0.2


# Round 47: an absolute that waves a requirement away ("you don't need …", "…가 알아서") marks a confidently wrong answer
# 5-25 times as often as a right one on the development sets, "never" or "반드시" hardly more often: the combiner reads
# the two kinds as inputs of their own.
DISMISSING_ANSWERS = [
    ("en", "backend-db-index",
     ("You don't need to think about indexes. The database automatically builds one for every column you filter on. "
      "This works no matter how big the table gets.")),
    ("ko", "backend-db-index",
     "인덱스는 따로 만들 필요가 없습니다. 조건에 쓰는 컬럼이면 DB가 알아서 인덱스를 만듭니다. 테이블이 커져도 무조건 빨라집니다."),
]


@pytest.mark.parametrize(("lang", "key", "answer"), DISMISSING_ANSWERS, ids=["en", "ko"])
def test_absolutes_that_wave_a_requirement_away_are_read_apart_from_the_rest(lang: str, key: str, answer: str) -> None:
    ev = evaluate_answer(context_from_bank(find_question(key, lang)), answer)
    correctness = ev["evidence"]["correctness"]
    assert len(correctness["overclaims"]) == 3 and correctness["dismissals"] == 2
    features = ev["evidence"]["combined"]["features"]
    assert features["dismissals"] == 2 and features["overclaims"] == 1
    fit = combiner_fits()[canonical_name()]
    assert "dismissals" in fit["weights"] and "dismissals" in fit["trees"]["features"]


# Round 51: an answer that settles the question with one step ("…만 하면 됩니다", "that's all you need") is far more often
# wrong or partly wrong than right; the combiner reads how often it says so.
SETTLING_ANSWERS = [
    ("en", "backend-db-index", "An index on every column you filter on is enough. All you need is to add them once."),
    ("ko", "backend-db-index", "조건에 쓰는 컬럼마다 인덱스만 하나씩 만들면 됩니다. 인덱스만 있으면 충분합니다."),
]


@pytest.mark.parametrize(("lang", "key", "answer"), SETTLING_ANSWERS, ids=["en", "ko"])
def test_phrases_that_settle_the_question_with_one_step_are_counted_for_the_fit(lang: str, key: str, answer: str) -> None:
    ev = evaluate_answer(context_from_bank(find_question(key, lang)), answer)
    assert ev["evidence"]["correctness"]["sufficiency"] == 2
    assert ev["evidence"]["combined"]["features"]["sufficiency"] == 2
    fit = combiner_fits()[canonical_name()]
    assert "sufficiency" in fit["weights"] and "sufficiency" in fit["trees"]["features"]
    plain = evaluate_answer(context_from_bank(find_question(key, lang)), "B-tree indexes keep keys sorted.")
    assert plain["evidence"]["correctness"]["sufficiency"] == 0


def test_far_from_key_reads_the_reference_and_its_trust() -> None:
    assert not far_from_key({"model_trust": 1.0}, "bank")
    assert not far_from_key({"model_trust": 0.9}, "neighbour")
    assert far_from_key({"model_trust": 0.2}, "neighbour")
    assert far_from_key({"model_trust": 1.0}, "derived")  # generic points only, however close a yardstick
    assert far_from_key({"model_trust": None}, "neighbour")


def test_each_absolute_costs_at_most_a_nudge_of_a_tier() -> None:
    """Whatever a refit learns, one unhedged absolute moves the predicted tier by at most ABSOLUTE_NUDGE (round 54's
    refit read one "always" in a right answer at 0.31 of a tier, 16 points); two or three may still cost more."""
    ctx = context_for_text("How would you choose a message queue for a new notification service at a small startup?", "en")
    ev = evaluate_answer(ctx, "I would always pick a managed queue such as SQS because the team is small, and it "
                              "retries failed deliveries with a dead-letter queue for messages that keep failing.")
    combined = ev["evidence"]["combined"]
    values, fit = combined["features"], fit_for(combiner_fits()[canonical_name()], combined["features"], ev["reference"])
    assert values["overclaims"] >= 1
    for n in (1.0, 2.0, 3.0):
        calm = predicted_tier({**values, "overclaims": 0.0}, fit)
        _, tier = combined_overall({**values, "overclaims": n}, 70.0, "ok", fit)
        assert calm - ABSOLUTE_NUDGE * n - 1e-9 <= tier <= calm + 1e-9
    # The cap binds here: uncapped, the fit reads this one word as more than the nudge.
    assert predicted_tier({**values, "overclaims": 1.0}, fit) < calm - ABSOLUTE_NUDGE


GO_MAP = ("We run a Go API that counts requests per user in a global map[string]int. Under heavy traffic the process "
          "sometimes dies with 'fatal error: concurrent map writes', and the recover() in our middleware doesn't catch "
          "it. Why, and how would you fix it? How do you choose between sync.Mutex, sync.RWMutex and sync.Map?")
GO_MAP_RIGHT = ("Go's runtime detects unsynchronised writes to a map and aborts with a fatal error, which is not a panic, "
                "so recover() never sees it. I'd guard the map with a sync.Mutex, or shard the counters; sync.RWMutex "
                "only pays off when reads dominate, and sync.Map suits keys written once and read many times, not a "
                "per-request counter.")


def test_taking_up_more_of_what_the_question_asks_never_lowers_the_fitted_tier() -> None:
    # Round 55: free, the trees read the shares of the question's ask down where restated questions sit, and this right
    # answer, which must name the ask's sync.Mutex, sync.RWMutex and sync.Map, scored 32 against 70 for a fluent one
    # about rate limiting (bench/fit_combiner.py MONOTONE). Restating is read by novel_share and question_cosine.
    ev = evaluate_answer(context_for_text(GO_MAP, "en", "backend"), GO_MAP_RIGHT)
    features = ev["evidence"]["combined"]["features"]
    assert features["ask_share"] > 0.5 and features["rare_ask_share"] > 0.5, features
    fit = combiner_fits()["use"]  # the e5 block and the bare one were fitted before this direction (docs/scoring.md)
    for block in (fit, fit["far"]):
        for share in ("ask_share", "rare_ask_share"):
            for less in (0.0, features[share] / 2):
                assert predicted_tier(features | {share: less}, block) <= predicted_tier(features, block), (share, less)


def test_an_answer_on_the_fields_usual_topic_sits_near_other_questions_and_reads_below_a_right_one() -> None:
    # Round 56: the fluent rate-limiting answer scored 71 against 41 for the right one. It comes no closer to the question
    # than the bank's answers do, is nearer other bank questions, and close to one of their answers; the fit reads these.
    ctx = context_for_text(GO_MAP, "en", "backend")
    right = evaluate_answer(ctx, GO_MAP_RIGHT)
    other = evaluate_answer(ctx, "If the counts per user are there for rate limiting, I'd rethink the algorithm: a token "
                                 "bucket per user in Redis with a Lua script, 429 with Retry-After when the bucket is "
                                 "empty, and limits per plan, so heavy endpoints get smaller budgets and clients back off "
                                 "with jitter.")
    near, far = right["evidence"]["relevance"], other["evidence"]["relevance"]
    assert near["z_qa"] > far["z_qa"] + 1 and near["rank_q"] <= far["rank_q"] and near["s_bank"] < far["s_bank"]
    fit = combiner_fits()[canonical_name()]
    for name in ("question_z_answers", "closer_questions", "nearest_bank_answer"):
        assert name in fit["weights"] and name in fit["trees"]["features"], name
    assert right["overall"] > other["overall"], (right["overall"], other["overall"])  # rubric-v53: 41 and 71
