"""Compare the bundled embedders on bank-question retrieval, speed, load time and memory.

Usage: uv run python bench/embedder_compare.py            # both embedders, each in a fresh process
       uv run python bench/embedder_compare.py --one use  # one embedder, JSON result on stdout
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = Path(__file__).with_name("retrieval_cases.jsonl")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(name: str) -> dict:
    """Measure one embedder in this process."""
    import numpy as np

    from core.question_bank import load_bank

    bank = load_bank()
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    base_rss = _rss_mb()
    started = time.perf_counter()
    from core.embeddings import get_embedder

    emb = get_embedder(name)
    load_s = time.perf_counter() - started
    loaded_rss = _rss_mb()

    results: dict = {"embedder": name, "dim": emb.dim, "load_s": round(load_s, 2)}
    for mode, bank_kind in (("query-query", "query"), ("query-passage", "passage")):
        if name == "use" and mode == "query-passage":
            continue  # USE is symmetric; both modes are identical
        hits1 = hits5 = 0
        top_sims, other_sims, by_type = [], [], {}
        for lang in ("ko", "en"):
            qs = [q for q in bank if q.language == lang]
            matrix = emb.embed([q.text for q in qs], kind=bank_kind)
            keys = [q.key for q in qs]
            for case in (c for c in cases if c["bank_language"] == lang):
                vec = emb.embed([case["query"]], kind="query")[0]
                sims = matrix @ vec
                order = np.argsort(-sims)
                ranked = [keys[i] for i in order]
                rank = ranked.index(case["expect"]) if case["expect"] in ranked else 999
                hits1 += rank == 0
                hits5 += rank < 5
                t = by_type.setdefault(case["type"], [0, 0])
                t[0] += rank == 0
                t[1] += 1
                top_sims.append(float(sims[keys.index(case["expect"])]))
                other_sims.append(float(max(s for k, s in zip(keys, sims) if k != case["expect"])))
        n = len(cases)
        results[mode] = {
            "recall@1": round(hits1 / n, 3),
            "recall@5": round(hits5 / n, 3),
            "recall@1_by_type": {k: f"{v[0]}/{v[1]}" for k, v in by_type.items()},
            "sim_expected_median": round(statistics.median(top_sims), 3),
            "sim_expected_p10": round(sorted(top_sims)[n // 10], 3),
            "sim_best_other_median": round(statistics.median(other_sims), 3),
            "sim_best_other_p90": round(sorted(other_sims)[int(n * 0.9)], 3),
        }
    # Latency: one short text at a time (interactive use) and a batch of 16 answer sentences.
    sentence = "저는 이전 회사에서 결제 서비스를 담당하면서 Redis 캐시를 도입해 응답 시간을 40% 줄였습니다."
    single = []
    for i in range(30):
        t0 = time.perf_counter()
        emb.embed([f"{sentence} {i}"])
        single.append(time.perf_counter() - t0)
    batch = [f"{sentence} ({i})" for i in range(16)]
    t0 = time.perf_counter()
    for _ in range(5):
        emb.embed(batch)
    batch_s = (time.perf_counter() - t0) / 5
    results["latency_ms_single_median"] = round(statistics.median(single) * 1000, 1)
    results["latency_ms_per_text_batch16"] = round(batch_s / 16 * 1000, 1)
    results["rss_mb_model"] = round(loaded_rss - base_rss, 1)
    results["rss_mb_peak"] = round(_rss_mb(), 1)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", help="measure only this embedder, in this process")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one), ensure_ascii=False))
        return
    for name in ("use", "e5"):
        out = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True)
        print(json.dumps(json.loads(out.stdout.strip().splitlines()[-1]), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
