"""Why misconception matching is polarity-aware: a sentence cosine cannot tell a claim from its negation.

For each pair in bench/calibration/misconception_pairs.jsonl (a misconception, a sentence stating it,
and the same sentence negated/corrected) prints the embedder's cosine between the misconception and
each sentence, and whether core.scoring.misconceptions flags each one.

Usage: uv run python bench/misconception_pairs.py [--embedder use|e5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", choices=["use", "e5"])
    args = parser.parse_args()
    from core.config import settings

    if args.embedder:
        settings.embedder = args.embedder
    from core.embeddings import cached_embedder
    from core.question_bank.loader import Misconception
    from core.scoring.claims import split_claims
    from core.scoring.misconceptions import find_misconceptions

    rows = [json.loads(line) for line in (ROOT / "bench" / "calibration" / "misconception_pairs.jsonl")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
    enc = cached_embedder()
    cos_a, cos_n, hit_a, hit_n = [], [], 0, 0
    for r in rows:
        mc = Misconception(claim=r["claim"], correction=r["correction"], signals=tuple(r["signals"]))
        v = enc.embed([r["claim"], r["affirm"], r["negate"]], kind="passage")
        a, n = float(v[0] @ v[1]), float(v[0] @ v[2])
        cos_a.append(a)
        cos_n.append(n)
        fa = bool(find_misconceptions(split_claims(r["affirm"]), {r["lang"]: (mc,)}, r["lang"], frozenset()))
        fn = bool(find_misconceptions(split_claims(r["negate"]), {r["lang"]: (mc,)}, r["lang"], frozenset()))
        hit_a += fa
        hit_n += fn
        print(f"{r['lang']} cos(states)={a:.3f} cos(negated)={n:.3f} flagged: states={fa} negated={fn} | {r['claim'][:50]}")
    gaps = [a - n for a, n in zip(cos_a, cos_n, strict=True)]
    print(json.dumps({
        "embedder": settings.embedder, "pairs": len(rows),
        "cosine_states_mean": round(statistics.mean(cos_a), 3), "cosine_negated_mean": round(statistics.mean(cos_n), 3),
        "cosine_gap_mean": round(statistics.mean(gaps), 3), "cosine_gap_min": round(min(gaps), 3),
        "pairs_where_negation_is_closer": sum(g <= 0 for g in gaps),
        "detector_flags_statement": f"{hit_a}/{len(rows)}", "detector_flags_negation": f"{hit_n}/{len(rows)}",
    }, indent=2))


if __name__ == "__main__":
    main()
