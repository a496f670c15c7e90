"""Facial emotion on a real photo (skimage's astronaut) and on images without faces."""
from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest
from skimage import data

from media.emotion.detector import (
    LABELS,
    DeepFaceBackend,
    FrameEmotion,
    analyze_frame,
    analyze_frame_async,
    analyze_image_bytes,
    face_tensor,
    get_backend,
)
from media.emotion.summary import summarize_frames, summarize_session


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


def test_face_found_and_scores_are_a_distribution(astronaut: np.ndarray) -> None:
    result = analyze_frame(astronaut)
    assert result is not None and result.face
    assert set(result.scores) == set(LABELS)
    assert sum(result.scores.values()) == pytest.approx(1.0, abs=0.01)
    assert result.dominant_emotion == max(result.scores, key=result.scores.__getitem__)
    assert result.dominant_emotion == "happy"  # she is smiling broadly
    x, y, w, h = result.box or (0, 0, 0, 0)
    assert 120 < x + w / 2 < 320 and 40 < y + h / 2 < 200  # her face, upper left of centre
    assert result.attention is True and result.backend == "fer_tflite"


def test_blank_and_noise_images_have_no_face() -> None:
    blank = np.full((480, 640, 3), 255, np.uint8)
    noise = np.random.default_rng(3).integers(0, 256, (480, 640, 3), dtype=np.uint8)
    for image in (blank, noise):
        result = analyze_frame(image)
        assert result is not None and not result.face and result.scores == {} and result.box is None


def test_unusable_input_returns_none() -> None:
    assert analyze_frame(np.zeros((0, 0, 3), np.uint8)) is None
    assert analyze_image_bytes(b"not an image") is None


def test_encoded_snapshot_and_gray_input(astronaut: np.ndarray) -> None:
    ok, jpeg = cv2.imencode(".jpg", astronaut)
    assert ok
    from_jpeg = analyze_image_bytes(jpeg.tobytes())
    from_gray = analyze_frame(cv2.cvtColor(astronaut, cv2.COLOR_BGR2GRAY))
    assert from_jpeg is not None and from_jpeg.dominant_emotion == "happy"
    assert from_gray is not None and from_gray.face


def test_face_tensor_matches_fer_preprocessing(astronaut: np.ndarray) -> None:
    gray = cv2.cvtColor(astronaut, cv2.COLOR_BGR2GRAY)
    tensor = face_tensor(gray, (177, 66, 95, 95))
    assert tensor.shape == (1, 64, 64, 1) and tensor.dtype == np.float32
    assert -1.0 <= tensor.min() < 0 < tensor.max() <= 1.0


def test_threads_get_identical_results(astronaut: np.ndarray) -> None:
    expected = analyze_frame(astronaut)
    results: list[FrameEmotion | None] = []

    def work() -> None:
        for _ in range(3):
            results.append(analyze_frame(astronaut))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 9 and all(r == expected for r in results)


async def test_async_wrapper(astronaut: np.ndarray) -> None:
    result = await analyze_frame_async(astronaut)
    assert result is not None and result.face


def test_deepface_is_not_used_without_weights() -> None:
    status = DeepFaceBackend().status()
    assert not status.ready and status.detail.startswith("not ready")
    assert get_backend().name == "fer_tflite"


def _frame(face: bool, happy: float = 0.0, attention: bool = True) -> dict:
    if not face:
        return FrameEmotion(face=False).to_dict()
    scores = dict.fromkeys(LABELS, 0.0)
    scores["happy"], scores["neutral"] = happy, 1.0 - happy
    dominant = "happy" if happy > 0.5 else "neutral"
    return FrameEmotion(True, dominant, scores, (1, 2, 3, 4), attention).to_dict()


def test_summarize_frames() -> None:
    summary = summarize_frames([_frame(True, 0.9), _frame(True, 0.3), _frame(False), None, _frame(True, 0.3, False)])
    assert summary["frames"] == 4 and summary["face_frames"] == 3
    assert summary["face_ratio"] == 0.75 and summary["attention_ratio"] == 0.5
    assert summary["distribution"]["happy"] == pytest.approx(0.5) and summary["distribution"]["neutral"] == pytest.approx(0.5)
    assert summary["dominant_emotion"] in ("happy", "neutral") and summary["score"] == pytest.approx(0.5)
    assert summary["frame_dominants"] == {"happy": 1, "neutral": 2}
    empty = summarize_frames([_frame(False)])
    assert empty["dominant_emotion"] is None and empty["score"] is None and empty["face_ratio"] == 0.0


def test_summarize_session_weights_by_face_frames() -> None:
    a = summarize_frames([_frame(True, 1.0)] * 3)
    b = summarize_frames([_frame(True, 0.0), _frame(False)])
    session = summarize_session([a, b])
    assert session["frames"] == 5 and session["face_frames"] == 4 and session["face_ratio"] == 0.8
    assert session["distribution"]["happy"] == pytest.approx(0.75)
    assert session["dominant_emotion"] == "happy" and session["score"] == pytest.approx(0.75)
    assert session["per_answer_dominant"] == ["happy", "neutral"]
    assert summarize_session([])["dominant_emotion"] is None
