"""The pure parts of the pages: form parsing, chart options, PDF text, which question comes next."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fpdf import FPDF

from core.scoring.lexicon import feedback_phrases
from db.models import InterviewRecord, InterviewSession
from ui.components import charts
from ui.components.bank_form import format_key_points, parse_key_points, parse_list
from ui.components.evaluation import as_lines, speech_summary, strength_icon
from ui.data import criteria_averages, numeric_metrics, records_overall
from ui.i18n import Translator
from ui.pages.history import trend
from ui.pages.interview import awaiting_verdict, retry_target
from ui.pages.loading import progress_of
from ui.pdf_text import PdfTextError, pdf_text

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
T0 = datetime(2025, 1, 1, tzinfo=UTC)


def _record(order: int, *, answered: int | None = None, status: str = "none", evaluation: dict | None = None
            ) -> InterviewRecord:
    return InterviewRecord(id=order, session_id=1, order=order, question_text=f"Q{order}",
                           answer_text=None if answered is None else f"answer {order}",
                           answered_at=None if answered is None else T0 + timedelta(seconds=answered),
                           evaluation_status=status, evaluation=evaluation, created_at=T0)


def test_key_points_round_trip() -> None:
    points = [{"point": "idempotency", "terms": ["idempotent", "retry"]}, {"point": "status codes", "terms": ["201"]}]
    assert parse_key_points(format_key_points(points)) == points
    assert parse_key_points("caching\n\n  TTL | ttl , expiry ") == [
        {"point": "caching", "terms": ["caching"]}, {"point": "TTL", "terms": ["ttl", "expiry"]}]
    assert parse_list("a, b,, c", ",") == ["a", "b", "c"]
    # A question that offers a choice ("iOS or Android"): the third field names the choice a point belongs to.
    choice = [{"point": "scene states", "terms": ["scenePhase"], "variant": "iOS"}, {"point": "saving", "terms": ["draft"]}]
    assert parse_key_points(format_key_points(choice)) == choice
    assert parse_key_points("callbacks | onCreate, onStop | Android")[0]["variant"] == "Android"


def test_radar_and_emotion_options() -> None:
    radar = charts.radar(["A", "B", "C"], [50, 72.456, 90], "avg")
    assert [i["name"] for i in radar["radar"]["indicator"]] == ["A", "B", "C"]
    assert radar["series"][0]["data"][0]["value"] == [50, 72.5, 90]
    frames = [{"t_seconds": 0, "face": True, "scores": {"happy": 0.7, "neutral": 0.3}},
              {"t_seconds": 2, "face": False, "scores": {}},
              {"t_seconds": 4, "face": True, "scores": {"happy": 0.1, "neutral": 0.9}}]
    timeline = charts.emotion_timeline(frames, {"happy": "Happy"}, "score")
    assert timeline["xAxis"]["data"] == ["0s", "2s", "4s"]
    happy = next(s for s in timeline["series"] if s["name"] == "Happy")
    assert happy["data"] == [0.7, None, 0.1]


def test_pdf_text_reads_korean_and_refuses_non_pdf() -> None:
    if not NOTO.exists():
        pytest.skip("fonts-noto-cjk is not installed")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("noto", fname=str(NOTO), collection_font_number=1)
    pdf.set_font("noto", size=12)
    pdf.multi_cell(0, 8, "홍길동 이력서: Kafka 파이프라인을 만들고 Kubernetes로 운영했습니다.")
    text = pdf_text(bytes(pdf.output()), 1000)
    assert "Kafka 파이프라인을 만들고 Kubernetes로" in text and "\x00" not in text
    assert pdf_text(bytes(pdf.output()), 10) == text[:10]
    with pytest.raises(PdfTextError):
        pdf_text(b"hello, not a pdf", 100)
    with pytest.raises(PdfTextError):
        pdf_text(b"%PDF-1.4 broken", 100)


def test_retry_target_is_the_latest_evaluated_answer() -> None:
    records = [_record(1, answered=10, status="done"), _record(2, answered=20, status="done"), _record(3)]
    assert retry_target(records).id == 2  # type: ignore[union-attr]
    assert retry_target([_record(1)]) is None


def test_awaiting_verdict_only_for_the_latest_answer() -> None:
    assert awaiting_verdict([_record(1, answered=10, status="pending"), _record(2)]).id == 1  # type: ignore[union-attr]
    # an older answer still being scored doesn't hold up the next question
    assert awaiting_verdict([_record(1, answered=10, status="pending"), _record(2, answered=20, status="done")]) is None
    assert awaiting_verdict([_record(1)]) is None


def test_loading_progress() -> None:
    assert progress_of({"answered_questions": 4, "pending_evaluations": 1}, "pending") == (3, 4, False)
    assert progress_of({"answered_questions": 4, "pending_evaluations": 0}, "ready") == (4, 4, True)


def test_scores_from_report_or_records() -> None:
    s = InterviewSession(id=1, user_id=1, user_name="A", position="Backend", position_slug="backend", language="en",
                         report={"criteria": [{"criterion": "relevance", "label": "Relevance", "score": 80},
                                              {"criterion": "delivery", "label": "Delivery", "score": 0}]})
    records = [_record(1, answered=1, status="done", evaluation={"overall": 60, "criteria": {"relevance": 50}}),
               _record(2, answered=2, status="done", evaluation={"overall": 80, "criteria": {"relevance": 70}}),
               _record(3, answered=3, status="failed", evaluation={"error_code": "AI_EVALUATION_FAILED"})]
    # the report's radar wins; a criterion no answer measured (delivery of typed answers) is left out
    assert criteria_averages(s, records) == {"relevance": 80.0}
    s.report = None
    assert criteria_averages(s, records) == {"relevance": 60.0}
    assert records_overall(records) == 70.0


def test_history_trend_skips_unscored_sessions() -> None:
    def session(i: int, overall: float | None) -> InterviewSession:
        return InterviewSession(id=i, user_id=1, user_name="A", position="x", position_slug="backend", language="en",
                                created_at=T0 + timedelta(days=i), report={"overall": overall} if overall else None)

    dates, scores = trend([session(3, 70), session(1, 50.04), session(2, None)], "en")
    assert scores == [50.0, 70.0] and len(dates) == 2


def test_feedback_lines_and_speech_summary() -> None:
    assert as_lines("one") == ["one"] and as_lines(["a", {"point": "b"}, ""]) == ["a", "b"] and as_lines(None) == []
    en = Translator("en")
    metrics = {"language": "en", "words_per_minute": 141.6, "pace": "ok", "filler_count": 3,
               "long_pauses": {"count": 1}}
    assert speech_summary(en, metrics) == "Pace 142 words/min (good) · 3 fillers · 1 long pauses"
    ko = {"language": "ko", "syllables_per_minute": 300, "words_per_minute": 90, "pace": "fast", "filler_count": 0}
    assert speech_summary(Translator("ko"), ko) == "속도 300음절/분 (빠름) · 군말 0회"
    assert numeric_metrics({"a": 1, "b": True, "c": "x", "d": 2.5}) == {"a": 1.0, "d": 2.5}


def test_an_answer_with_nothing_to_credit_gets_no_thumbs_up() -> None:
    for lang in ("ko", "en"):
        strengths = feedback_phrases(lang)["strengths"]
        assert strength_icon([strengths["none"][0]]) == ("remove", "grey")
        assert strength_icon([strengths["on_topic"][0]]) == ("thumb_up", "positive")
    assert strength_icon([]) == ("thumb_up", "positive")


def test_highlights_mark_key_points_and_misconceptions_and_escape_the_answer() -> None:
    from ui.components.highlights import marked_html, spans

    answer = "REST uses <b>verbs</b>. GET is never cached."
    ev = {"highlights": [{"start": 0, "end": 4, "kind": "key_point", "label": "resources"},
                         {"start": 2, "end": 8, "kind": "key_point", "label": "overlap"},  # overlaps: dropped
                         {"start": 90, "end": 95, "kind": "key_point", "label": "out of range"}],
          "misconceptions": [{"claim": "GET is never cached", "correction": "GET responses are cacheable",
                              "quote": "GET is never cached"}]}
    found = spans(answer, ev)
    assert [(s.kind, answer[s.start:s.end]) for s in found] == [("key_point", "REST"),
                                                                ("misconception", "GET is never cached")]
    html = marked_html(Translator("en"), answer, found)
    assert html.count("<mark") == 2 and "&lt;b&gt;verbs&lt;/b&gt;" in html and "<b>" not in html
    assert spans(answer, {}) == []  # old evaluations without highlights render the plain answer


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_failing_answers_key_points_are_touched_on_not_covered(lang: str) -> None:
    # An off-topic answer scored 11 had one sentence marked "Key point covered" in green beside its F: below the
    # praise floor the marks and the list say the point was touched on, as the feedback does.
    from core.scoring.lexicon import calibration
    from ui.components.highlights import credited, marked_html, spans

    floor = calibration()["correctness"]["accurate_praise_floor"]
    answer = "PostgreSQL uses row level security."
    ev = {"highlights": [{"start": 0, "end": 10, "kind": "key_point", "label": "MVCC defaults"}]}
    t = Translator(lang)
    assert not credited({**ev, "overall": floor - 1}) and credited({**ev, "overall": floor}) and credited(ev)
    failing = marked_html(t, answer, spans(answer, ev), praised=False)
    passing = marked_html(t, answer, spans(answer, ev), praised=True)
    assert t("result.hl_key_point_touched", label="MVCC defaults") in failing
    assert t("result.hl_key_point", label="MVCC defaults") in passing
    assert t("result.hl_key_point", label="MVCC defaults") not in failing
    assert t("result.touched") != t("result.matched")


def test_follow_ups_are_numbered_under_their_question() -> None:
    from ui.data import numbering, question_label
    from ui.pages.interview import main_position

    records = [_record(1, answered=1), _record(2, answered=2), _record(3), _record(4)]
    records[0].source = records[2].source = records[3].source = "bank"
    records[1].source, records[1].parent_id = "follow_up", 1
    records[1].order, records[2].order, records[3].order = 2, 3, 4
    assert numbering(records) == {1: (1, 0), 2: (1, 1), 3: (2, 0), 4: (3, 0)}
    ko = Translator("ko")
    assert question_label(ko, records, records[1]) == "질문 1 · 꼬리 질문 1"
    assert question_label(ko, records, records[1], short=True) == "Q1-1"
    assert [main_position(records, r) for r in records] == [1, 1, 2, 3]  # "질문 n / 3" never exceeds 3
