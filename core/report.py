"""Interview report: per-question scores, radar-ready criterion averages, coach summary, speech stats."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from core.scoring.engine import CRITERIA, grade
from core.scoring.feedback import Phrases, point_phrase, quote

_STRONG = 70  # criterion average from which it is called a strength
_WEAK = 60  # below this it is an improvement area


def _answered(ev: dict | None) -> bool:
    return bool(ev) and ev.get("status") != "empty"


# Judged only from speech: a typed answer says nothing about pace or fillers, so it must not be praised for them.
_SPOKEN_ONLY = ("delivery", "filler_words")


# What a non-answer ("I don't know") says nothing about: it has no claims, structure or names to judge, and "your
# answers' structure was scattered" or "some of what you said was wrong" beside one was advice for the wrong problem.
# Its relevance and coverage (0) still count.
_NOT_IN_A_NON_ANSWER = ("correctness", "structure", "specificity")
_NON_ANSWERS = ("empty", "non_answer")


def _spoken(item: dict[str, Any], ev: dict) -> bool:
    judged = ((ev.get("evidence") or {}).get("delivery") or {}).get("judged")
    return bool(judged) if judged is not None else bool(item.get("speech_metrics"))


def _num(d: dict | None, *keys: str) -> float | None:
    for k in keys:
        v = (d or {}).get(k)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
    return None


def build_report(
    items: Sequence[dict[str, Any]], *, language: str, emotion_summary: dict | None = None
) -> dict[str, Any]:
    """Summarise an interview. Unanswered questions count as 0 in `overall` (as in a real interview);
    facial emotion is passed through for display only and never touches a score."""
    lang = language if language in ("ko", "en") else "en"
    ph = Phrases(language=lang, seed=len(items))
    labels = ph.data["criteria_labels"]
    per_question = []
    crit_sums: dict[str, list[float]] = {c: [] for c in CRITERIA}
    overall_scores: list[float] = []
    missed_counter: Counter[str] = Counter()
    filler_counter: Counter[str] = Counter()
    # The coach's "questions you could not answer" counts "I don't know" too: that is the advice it needs.
    not_answered = 0
    for item in items:
        ev = item.get("evaluation") or None
        answered = _answered(ev)
        not_answered += ev is None or ev.get("status") in _NON_ANSWERS
        entry = {
            "record_id": item.get("record_id"),
            "question": item.get("question"),
            "kind": item.get("kind"),
            "answered": answered,
            "overall": int(ev["overall"]) if ev else 0,
            "grade": ev.get("grade", grade(ev["overall"])) if ev else "F",
            "technical_score": ev.get("technical_score") if ev else None,
            "communication_score": ev.get("communication_score") if ev else None,
            "criteria": dict(ev.get("criteria", {})) if ev else {},
            "speech_metrics": item.get("speech_metrics"),
            "emotion": item.get("emotion"),
        }
        per_question.append(entry)
        overall_scores.append(float(ev["overall"]) if ev else 0.0)
        if ev and answered:
            spoken = _spoken(item, ev)
            stuck = ev.get("status") == "non_answer"
            for c in CRITERIA:
                if stuck and c in _NOT_IN_A_NON_ANSWER:
                    continue
                if c in ev.get("criteria", {}) and (spoken or c not in _SPOKEN_ONLY):
                    crit_sums[c].append(float(ev["criteria"][c]))
            if not stuck:  # "I don't know" left out every point; the unanswered line says so
                missed_counter.update(ev.get("missed_key_points", [])[:2])
            if spoken:
                filler_counter.update((ev.get("insights") or {}).get("filler_words") or {})

    # A criterion nothing judged (delivery in a typed interview) is left out, not shown as 0 or praised.
    radar = [
        {"criterion": c, "label": labels[c], "score": round(sum(v) / len(v)) if v else 0}
        for c, v in crit_sums.items() if v or c not in _SPOKEN_ONLY
    ]
    overall = sum(overall_scores) / len(overall_scores) if overall_scores else 0.0
    answered_count = sum(e["answered"] for e in per_question)
    strengths, improvements = _coach(ph, radar, per_question, missed_counter, filler_counter, not_answered, lang)
    return {
        "language": lang,
        "overall": round(overall),
        "grade": grade(overall),
        "questions": per_question,
        "criteria": radar,
        "strengths": strengths,
        "improvements": improvements,
        "speech": _speech_summary(items, filler_counter),
        "emotion": emotion_summary,
        "counts": {"total": len(per_question), "answered": answered_count,
                   "unanswered": len(per_question) - answered_count},
    }


def _coach(
    ph: Phrases, radar: list[dict], per_question: list[dict], missed: Counter[str], fillers: Counter[str],
    unanswered: int, lang: str,
) -> tuple[list[str], list[str]]:
    rep = ph.data["report"]
    scored = [r for r in radar if r["score"] > 0 or any(q["answered"] for q in per_question)]
    average = {r["criterion"]: r["score"] for r in radar}
    # "Few false claims" is praise only where the answers said something the question asked: an interview of
    # off-topic answers or keyword lists has nothing wrong in it because it has nothing in it. Nor are names, numbers
    # and structure a strength in answers about something else (the engine gates them by relevance too): a keyword
    # list is full of names.
    answered, on_topic = average.get("coverage", 0) >= _WEAK, average.get("relevance", 0) >= _WEAK
    earned = {"correctness": answered, "specificity": on_topic, "structure": on_topic}
    praised = [r for r in scored if earned.get(r["criterion"], True)]
    strengths = [ph.render(rep["strength"][r["criterion"]]) for r in sorted(praised, key=lambda r: -r["score"])
                 if r["score"] >= _STRONG][:3]
    best = max((q for q in per_question if q["answered"]), key=lambda q: q["overall"], default=None)
    if best is not None and best["overall"] >= 60:
        strengths.append(ph.render(rep["best_answer"], question=quote(best["question"] or "", 40), score=best["overall"]))

    improvements: list[str] = []
    repeated = [p for p, n in missed.most_common(3) if n >= 2]
    once = [p for p, _ in missed.most_common(2)]
    if (repeated or once) and any(q["answered"] for q in per_question):
        key = "missed_points" if repeated else "missed_points_once"
        points = ph.join([f"'{point_phrase(p, lang)}'" for p in (repeated or once)[:3]])
        improvements.append(ph.render(rep[key], points=points))
    for r in sorted(scored, key=lambda r: r["score"]):
        if r["score"] >= _WEAK or not any(q["answered"] for q in per_question):
            break
        top_fillers = ", ".join(w for w, _ in fillers.most_common(3)) or ("음" if lang == "ko" else "um")
        improvements.append(ph.render(rep["improvement"][r["criterion"]], fillers=top_fillers))
        if len(improvements) >= 4:
            break
    if unanswered:
        improvements.append(ph.render(rep["unanswered"], count=unanswered))
    # Deduplicate while keeping order.
    return list(dict.fromkeys(strengths)), list(dict.fromkeys(improvements))


def _pauses(m: dict) -> float | None:
    """Long-pause count from core.speech_metrics ({count: n}) or a plain number."""
    value = m.get("long_pauses")
    return _num(value, "count") if isinstance(value, dict) else _num(m, "long_pauses", "pauses")


def _speech_summary(items: Sequence[dict[str, Any]], fillers: Counter[str]) -> dict[str, Any] | None:
    metrics = [i.get("speech_metrics") for i in items if i.get("speech_metrics")]
    if not metrics and not fillers:
        return None
    wpms = [w for m in metrics if (w := _num(m, "words_per_minute", "wpm"))]
    spms = [s for m in metrics if (s := _num(m, "syllables_per_minute"))]
    pauses = [p for m in metrics if (p := _pauses(m)) is not None]
    spoken_fillers = sum(int(_num(m, "filler_count") or 0) for m in metrics)
    return {
        "average_wpm": round(sum(wpms) / len(wpms)) if wpms else None,
        "average_spm": round(sum(spms) / len(spms)) if spms else None,
        "long_pauses": int(sum(pauses)) if pauses else 0,
        "filler_count": max(sum(fillers.values()), spoken_fillers),
        "top_fillers": [{"word": w, "count": c} for w, c in fillers.most_common(5)],
        "spoken_answers": len(metrics),
    }
