"""Per-answer and per-session summaries of frame emotions."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from media.emotion.detector import LABELS, FrameEmotion


def _as_dict(frame: Mapping[str, Any] | FrameEmotion) -> Mapping[str, Any]:
    return frame.to_dict() if isinstance(frame, FrameEmotion) else frame


def _dominant(distribution: Mapping[str, float]) -> tuple[str | None, float | None]:
    if not distribution or not any(distribution.values()):
        return None, None
    label = max(distribution, key=distribution.__getitem__)
    return label, round(float(distribution[label]), 4)


def summarize_frames(frames: Sequence[Mapping[str, Any] | FrameEmotion | None]) -> dict[str, Any]:
    """Summary of one answer's frames (dicts from FrameEmotion.to_dict(); None entries are skipped).

    distribution = mean of the score vectors of frames with a face; dominant_emotion is its
    argmax and score its value (the seed's {"dominant_emotion", "score"} keys).
    """
    items = [_as_dict(f) for f in frames if f is not None]
    with_face = [f for f in items if f.get("face") and f.get("scores")]
    totals = dict.fromkeys(LABELS, 0.0)
    for frame in with_face:
        for label in LABELS:
            totals[label] += float(frame["scores"].get(label, 0.0))
    distribution = {label: round(v / len(with_face), 4) for label, v in totals.items()} if with_face else {}
    dominant, score = _dominant(distribution)
    attentive = sum(1 for f in items if f.get("attention"))
    return {
        "dominant_emotion": dominant,
        "score": score,
        "distribution": distribution,
        "frames": len(items),
        "face_frames": len(with_face),
        "face_ratio": round(len(with_face) / len(items), 4) if items else 0.0,
        "attention_ratio": round(attentive / len(items), 4) if items else 0.0,
        "frame_dominants": dict(Counter(f.get("dominant_emotion") for f in with_face)),
    }


def summarize_session(per_answer: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Combine per-answer summaries, weighting each answer by its frames with a face."""
    face_frames = sum(int(a.get("face_frames", 0)) for a in per_answer)
    frames = sum(int(a.get("frames", 0)) for a in per_answer)
    totals = dict.fromkeys(LABELS, 0.0)
    for answer in per_answer:
        weight = int(answer.get("face_frames", 0))
        for label, value in (answer.get("distribution") or {}).items():
            if label in totals:
                totals[label] += float(value) * weight
    distribution = {label: round(v / face_frames, 4) for label, v in totals.items()} if face_frames else {}
    dominant, score = _dominant(distribution)
    attentive = sum(float(a.get("attention_ratio", 0.0)) * int(a.get("frames", 0)) for a in per_answer)
    return {
        "dominant_emotion": dominant,
        "score": score,
        "distribution": distribution,
        "answers": len(per_answer),
        "frames": frames,
        "face_frames": face_frames,
        "face_ratio": round(face_frames / frames, 4) if frames else 0.0,
        "attention_ratio": round(attentive / frames, 4) if frames else 0.0,
        "per_answer_dominant": [a.get("dominant_emotion") for a in per_answer],
    }
