"""Latency and tokens/s of core.llm.tasks.judge_answer with a GGUF through llama.cpp (default: packaged Gemma 270M).

    uv run python bench/llm_judge.py                    # packaged model, 1 thread (the backend default on 2 cores)
    uv run python bench/llm_judge.py --threads 2 --runs 5
    uv run python bench/llm_judge.py --model /models/qwen2.5-1.5b-instruct-q4_k_m.gguf

Prints model load time, then per language: latency p50/max, completion tokens/s, prompt tokens and how many
judgements passed validation (the packaged base model is expected to fail many).
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.llm.llama_cpp import LlamaCppBackend
from core.llm.registry import GuardedLLM, TokenBucket
from core.llm.tasks import judge_answer

CASES = {
    "en": (
        "What is a database index and when would you avoid adding one?",
        (
            "An index is usually a B-tree over one or more columns. It lets the database find rows without a full "
            "scan, so reads get faster. Each insert or update must also update the index, so on write-heavy tables "
            "or columns that are rarely filtered on I would not add one."
        ),
        ["B-tree or hash structure", "faster reads, slower writes", "when not to index"],
    ),
    "ko": (
        "데이터베이스 인덱스란 무엇이며 언제 인덱스를 추가하지 않아야 하나요?",
        (
            "인덱스는 보통 B-트리 구조로 만들어져 전체 테이블을 읽지 않고도 원하는 행을 빠르게 찾게 해 줍니다. "
            "하지만 삽입이나 수정 때마다 인덱스도 갱신해야 하므로 쓰기가 많은 테이블이나 거의 조회하지 않는 컬럼에는 "
            "추가하지 않습니다."
        ),
        ["B-트리 또는 해시 구조", "읽기는 빨라지고 쓰기는 느려짐", "인덱스를 피해야 하는 경우"],
    ),
}


async def run(model: str, threads: int | None, runs: int) -> None:
    backend = LlamaCppBackend(model, n_threads=threads)
    started = time.perf_counter()
    await asyncio.to_thread(backend._model)
    print(f"model {model}: loaded in {time.perf_counter() - started:.2f}s, threads={threads or 'default'}")
    llm = GuardedLLM(backend, timeout_seconds=600, bucket=TokenBucket(0))
    await judge_answer(*CASES["en"][:2], "en", CASES["en"][2], llm=llm)  # warm-up
    for language, (question, answer, key_points) in CASES.items():
        latencies: list[float] = []
        rates: list[float] = []
        prompt_tokens: list[int] = []
        completion_tokens: list[int] = []
        accepted = 0
        for _ in range(runs):
            backend.last_stats = {}
            t = time.perf_counter()
            result = await judge_answer(question, answer, language, key_points, llm=llm)
            latencies.append(time.perf_counter() - t)
            stats = backend.last_stats
            if stats:
                prompt_tokens.append(int(stats["prompt_tokens"]))
                completion_tokens.append(int(stats["completion_tokens"]))
                rates.append(stats["completion_tokens"] / stats["seconds"])
            accepted += result is not None
        print(
            f"{language}: judge_answer p50 {statistics.median(latencies):.1f}s max {max(latencies):.1f}s | "
            f"{statistics.median(rates):.1f} completion tok/s (incl. prompt eval) | "
            f"prompt {statistics.median(prompt_tokens):.0f} tok, completion {statistics.median(completion_tokens):.0f} tok | "
            f"valid judgements {accepted}/{runs}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="packaged", help="GGUF path or 'packaged'")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(run(args.model, args.threads, args.runs))


if __name__ == "__main__":
    main()
