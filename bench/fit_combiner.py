"""Fit the overall score's last step (core/scoring/combiner.py) on the blind-graded development sets.

Scores bench/calibration/blind{,2,3,4,5,6} (answers written by sessions that never read the scorer), reports
leave-one-set-out — fit on all sets but one, score that one — the Spearman of the rubric's own overall and of the
combined one against the graded tier (all answers, bank questions, questions outside the bank) and the share
of questions where every tier-1 answer is below every tier-3/4 answer; then fits on all the sets and writes
the weights for the active embedder to core/scoring/combiner.yaml (other embedders' blocks are kept).

Ridge regression of the tier on the features, intercept not penalised. The features are exactly those the
engine records in `evidence.combined.features`, so the fit reads what the engine will read.

Usage: uv run python bench/fit_combiner.py [--embedder use|e5] [--dry-run]
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from calibrate import DATA, read_rows, spearman, tier1_below_tier34, use_embedder

DEV_SETS = ("blind", "blind2", "blind3", "blind4", "blind5", "blind6")
RIDGE = 1.0
# Where each tier's answers should land on 0-100 on average (grades: F below 40, D from 40 ... A from 85; the
# rubric's own tier means were about 24 / 51 / 66 / 86). The map's knots sit at the mean *predicted* tier of each
# graded tier: a ridge fit pulls predictions towards the middle, so mapping tier 3.0 to 68 would put the average
# good answer near 62.
OVERALL_FOR_TIER = {1: 18.0, 2: 48.0, 3: 68.0, 4: 88.0}
OUT = ROOT / "core" / "scoring" / "combiner.yaml"


def scored_rows() -> list[dict]:
    """Every dev answer with its tier, the rubric's overall and the combiner's features (None for non-answers)."""
    from core.scoring.batch import evaluate_item

    rows = []
    for name in DEV_SETS:
        for row in read_rows(DATA / name / "answers.jsonl"):
            ev = evaluate_item(row)["evaluation"]
            combined = ev["evidence"].get("combined")
            rows.append({"set": name, "tier": row["tier"], "case": row.get("case", ""), "question": row["question"],
                         "bank": bool(row.get("question_key")), "status": ev["status"],
                         "rubric": combined["rubric"] if combined else ev["overall"],
                         "features": combined["features"] if combined else None})
    return rows


def fit(rows: list[dict], names: list[str]) -> dict:
    """Ridge weights, and the knots that map a predicted tier to 0-100 (from the same rows)."""
    means = {n: float(np.mean([v for r in rows if (v := r["features"][n]) is not None])) for n in names}
    x = np.array([[means[n] if r["features"][n] is None else r["features"][n] for n in names] + [1.0] for r in rows])
    y = np.array([r["tier"] for r in rows], dtype=float)
    penalty = RIDGE * np.eye(len(names) + 1)
    penalty[-1, -1] = 0.0  # the intercept is not shrunk
    w = np.linalg.solve(x.T @ x + penalty, x.T @ y)
    predicted = x @ w
    knots = [[round(float(predicted[y == t].mean()), 4), OVERALL_FOR_TIER[t]] for t in sorted(OVERALL_FOR_TIER)]
    (x3, y3), (x4, y4) = knots[-2], knots[-1]
    knots.append([round(x4 + (100.0 - y4) * (x4 - x3) / (y4 - y3), 4), 100.0])  # same slope up to 100
    return {"intercept": float(w[-1]), "weights": {n: float(v) for n, v in zip(names, w[:-1])}, "means": means,
            "overall_at_tier": knots}


def combined_overall(row: dict, fitted: dict) -> float:
    from core.scoring import combiner

    if row["features"] is None:  # a non-answer keeps its floor
        return float(row["rubric"])
    return combiner.combined_overall(row["features"], row["rubric"], row["status"], fitted)[0]


def figures(rows: list[dict], key: str) -> dict[str, float]:
    def rho(sub: list[dict]) -> float:
        return round(spearman([r[key] for r in sub], [r["tier"] for r in sub]), 3)
    return {"all": rho(rows), "bank": rho([r for r in rows if r["bank"]]),
            "outside": rho([r for r in rows if not r["bank"]]), "tier1_below_tier34": round(tier1_below_tier34(rows, key), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", choices=["use", "e5"], help="override settings.embedder")
    parser.add_argument("--dry-run", action="store_true", help="report leave-one-set-out, write nothing")
    args = parser.parse_args()
    use_embedder(args.embedder)
    from core.embeddings import canonical_name
    rows = scored_rows()
    usable = [r for r in rows if r["features"] is not None]
    names = list(usable[0]["features"])
    report: dict[str, dict] = {}
    for held in DEV_SETS:
        fitted = fit([r for r in usable if r["set"] != held], names)
        test = [r for r in rows if r["set"] == held]
        for r in test:
            r["combined"] = combined_overall(r, fitted)
        report[held] = {"rubric": figures(test, "rubric"), "combined": figures(test, "combined")}
        print(f"{held:7s} rubric {report[held]['rubric']}  combined {report[held]['combined']}")
    by_case: dict[tuple[int, str], list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        by_case[(r["tier"], r["case"])].append((r["rubric"], r["combined"]))
    print("mean overall per tier and case, held out (rubric -> combined):")
    for (tier, case), v in sorted(by_case.items()):
        rubric, combined = np.mean([a for a, _ in v]), np.mean([b for _, b in v])
        print(f"  t{tier} {case:22s} n={len(v):3d} {rubric:5.1f} -> {combined:5.1f}")
    for key in ("rubric", "combined"):
        mean = {k: round(float(np.mean([report[s][key][k] for s in DEV_SETS])), 3) for k in report["blind"][key]}
        print(f"mean of held-out sets, {key}: {mean}")
    fitted = fit(usable, names)
    embedder = canonical_name()
    print(f"fitted on {len(usable)} answers for embedder {embedder!r}; knots {fitted['overall_at_tier']}")
    for n, w in sorted(fitted["weights"].items(), key=lambda t: -abs(t[1])):
        print(f"  {n:18s} {w:+.3f}")
    if args.dry_run:
        return
    current = yaml.safe_load(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    current[embedder] = {"fitted": date.today().isoformat(), "answers": len(usable), "sets": list(DEV_SETS),
                         "ridge": RIDGE, "intercept": round(fitted["intercept"], 4),
                         "weights": {n: round(w, 4) for n, w in fitted["weights"].items()},
                         "means": {n: round(m, 4) for n, m in fitted["means"].items()},
                         "overall_at_tier": fitted["overall_at_tier"]}
    header = ("# Written by bench/fit_combiner.py — do not edit by hand; re-run it after changing the rubric.\n"
              "# Per embedder: ridge weights of the graded tier on core/scoring/combiner.py's features.\n")
    OUT.write_text(header + yaml.safe_dump(current, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
