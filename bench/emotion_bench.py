"""Facial emotion benchmark: frames/s for detect + classify, per frame size and thread count.

Usage: uv run python bench/emotion_bench.py [--seconds 5]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

import cv2
import numpy as np
from skimage import data

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from media.emotion.detector import (
    FerTfliteBackend,
    analyze_frame,
    face_tensor,
)


def frames() -> dict[str, np.ndarray]:
    """The astronaut photo placed on webcam-sized canvases, and a face-less frame."""
    face = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    out = {}
    for name, (w, h) in {"640x480": (640, 480), "1280x720": (1280, 720)}.items():
        canvas = np.full((h, w, 3), 90, np.uint8)
        side = h  # a seated candidate fills the frame height
        canvas[(h - side) // 2 : (h - side) // 2 + side, (w - side) // 2 : (w - side) // 2 + side] = cv2.resize(
            face, (side, side)
        )
        out[name] = canvas
    out["640x480 no face"] = np.random.default_rng(1).integers(0, 256, (480, 640, 3), dtype=np.uint8)
    return out


def fps(image: np.ndarray, seconds: float, threads: int) -> float:
    """Frames per second of analyze_frame over `threads` threads for `seconds`."""
    analyze_frame(image)  # warm-up (loads the interpreter in this thread)
    counts = [0] * threads
    stop = time.perf_counter() + seconds

    def run(k: int) -> None:
        while time.perf_counter() < stop:
            analyze_frame(image)
            counts[k] += 1

    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(counts) / (time.perf_counter() - start)


def classify_ms(image: np.ndarray, repeats: int = 200) -> float:
    """Milliseconds for the TFLite classification alone (no detection)."""
    backend = FerTfliteBackend()
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    tensor = face_tensor(gray, (177, 66, 95, 95))
    backend.classify(tensor)
    start = time.perf_counter()
    for _ in range(repeats):
        backend.classify(tensor)
    return (time.perf_counter() - start) / repeats * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    report: dict[str, object] = {"cpu_count": os.cpu_count(), "load_avg": round(os.getloadavg()[0], 2)}
    for name, image in frames().items():
        result = analyze_frame(image)
        report[name] = {
            "face": bool(result and result.face),
            "fps_1_thread": round(fps(image, args.seconds, 1), 1),
            "fps_2_threads": round(fps(image, args.seconds, 2), 1),
        }
    report["classify_only_ms"] = round(classify_ms(cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)), 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
