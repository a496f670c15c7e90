"""Latency of evaluate_answer on the calibration answers (warm models), per answer.

Usage: uv run python bench/scoring_speed.py [--embedder use|e5] [--rounds 3]
Reports p50/p95/max per answer (sequential), throughput with 2 worker threads, cold-start cost, and
the cost of context_for_text for a question not seen before.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", choices=["use", "e5"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--own-only", action="store_true", help="only the 143 answers of the project's own set")
    args = parser.parse_args()
    from core.config import settings

    if args.embedder:
        settings.embedder = args.embedder
    from core.scoring import context_for_text, evaluate_answer, warm_up

    rows = [json.loads(line) for name in ("train", "heldout", "test")
            for line in (ROOT / "bench" / "calibration" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    sys.path.insert(0, str(ROOT / "bench"))
    from calibrate import BLIND, blind_rows

    if (BLIND / "split.json").exists() and not args.own_only:
        rows += blind_rows("train")  # longer, messier answers (the test half stays unread)
    t0 = time.perf_counter()
    warm_up()
    cold = time.perf_counter() - t0

    # First sight of each question (neighbour search + reference embeddings), then warm scoring.
    first_ctx: list[float] = []
    contexts = {}
    for r in rows:
        if r["question"] not in contexts:
            t = time.perf_counter()
            ctx = context_for_text(r["question"], r["lang"], r["position"])
            evaluate_answer(ctx, "warm")  # builds the question's reference vectors
            first_ctx.append(time.perf_counter() - t)
            contexts[r["question"]] = ctx
    per_answer: list[float] = []
    for _ in range(args.rounds):
        for r in rows:
            t = time.perf_counter()
            evaluate_answer(contexts[r["question"]], r["answer"])
            per_answer.append(time.perf_counter() - t)
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda r: evaluate_answer(contexts[r["question"]], r["answer"]), rows))
    threaded = time.perf_counter() - t
    # The longest answer the API accepts (settings.max_answer_chars).
    longest = (rows[4]["answer"] + " ") * (settings.max_answer_chars // (len(rows[4]["answer"]) + 1) + 1)
    longest = longest[: settings.max_answer_chars]
    long_ms = []
    for _ in range(3):
        t = time.perf_counter()
        evaluate_answer(contexts[rows[4]["question"]], longest)
        long_ms.append((time.perf_counter() - t) * 1000)
    ms = [x * 1000 for x in per_answer]
    print(json.dumps({
        "embedder": settings.embedder,
        "cpu_count": os.cpu_count(),
        "answers": len(rows),
        "cold_start_s (model + bank index)": round(cold, 2),
        "new_question_ms_median": round(statistics.median(first_ctx) * 1000, 1),
        "per_answer_ms": {"p50": round(pct(ms, 50), 1), "p95": round(pct(ms, 95), 1), "max": round(max(ms), 1)},
        "throughput_2_threads_answers_per_s": round(len(rows) / threaded, 1),
        f"answer_of_{settings.max_answer_chars}_chars_ms_median": round(statistics.median(long_ms), 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }, indent=2))


if __name__ == "__main__":
    main()
