"""Check the rubric scorer against hand-graded answers (bench/calibration/*.jsonl).

Prints Spearman correlation between `overall` and the tier (1 off-topic/empty .. 4 excellent),
overall and per language, for each split (train / heldout / test), and the share of questions whose
worst-tier answer gets the lowest score among that question's answers.

Usage: uv run python bench/calibrate.py [--embedder use|e5] [--show]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(__file__).with_name("calibration")


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman rank correlation with average ranks for ties."""
    def ranks(v: list[float]) -> list[float]:
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return r
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def evaluate_file(path: Path, show: bool) -> list[dict]:
    from core.scoring.batch import evaluate_item

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for row in rows:
        result = evaluate_item(row)
        ev = result["evaluation"]
        out.append({**row, "overall": ev["overall"], "tech": ev["technical_score"], "comm": ev["communication_score"],
                    "criteria": ev["criteria"], "status": ev.get("status")})
        if show:
            c = ev["criteria"]
            print(f"  t{row['tier']} overall={ev['overall']:3d} T{ev['technical_score']} C{ev['communication_score']} "
                  f"rel={c['relevance']:3d} cov={c['coverage']:3d} spec={c['specificity']:3d} str={c['structure']:3d} "
                  f"del={c['delivery']:3d} fil={c['filler_words']:3d} {ev.get('status', '')[:8]:8s} "
                  f"{row['lang']} {row['note'][:28]:28s} | {row['question'][:30]}")
    return out


def report(name: str, rows: list[dict]) -> dict:
    res = {"n": len(rows), "spearman": round(spearman([r["overall"] for r in rows], [r["tier"] for r in rows]), 3)}
    for lang in ("ko", "en"):
        sub = [r for r in rows if r["lang"] == lang]
        if sub:
            res[f"spearman_{lang}"] = round(spearman([r["overall"] for r in sub], [r["tier"] for r in sub]), 3)
    by_q: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_q[r["question"]].append(r)
    ok = 0
    for answers in by_q.values():
        worst_tier = min(a["tier"] for a in answers)
        worst = [a for a in answers if a["tier"] == worst_tier]
        others = [a for a in answers if a["tier"] != worst_tier]
        ok += all(w["overall"] < min(o["overall"] for o in others) for w in worst) if others else 1
    res["lowest_share"] = round(ok / len(by_q), 3)
    res["questions"] = len(by_q)
    means = {t: round(sum(r["overall"] for r in rows if r["tier"] == t) / max(1, sum(r["tier"] == t for r in rows)), 1)
             for t in (1, 2, 3, 4)}
    res["mean_overall_by_tier"] = means
    print(f"{name}: {json.dumps(res, ensure_ascii=False)}")
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", choices=["use", "e5"], help="override settings.embedder")
    parser.add_argument("--show", action="store_true", help="print every answer's scores")
    args = parser.parse_args()
    if args.embedder:
        os.environ["EMBEDDER"] = args.embedder
    from core.config import settings
    if args.embedder:
        settings.embedder = args.embedder
    print(f"embedder: {settings.embedder}")
    started = time.perf_counter()
    all_rows = []
    # train: tuned on. heldout: held out at first, then consulted while fixing general bugs (a dev
    # set). test: written after tuning was frozen and scored once — the honest figure.
    for split in ("train", "heldout", "test"):
        path = DATA / f"{split}.jsonl"
        if not path.exists():
            continue
        if args.show:
            print(f"[{split}]")
        rows = evaluate_file(path, args.show)
        report(split, rows)
        all_rows += rows
    report("all", all_rows)
    print(f"scored {len(all_rows)} answers in {time.perf_counter() - started:.1f}s (incl. model + bank index load)")


if __name__ == "__main__":
    main()
