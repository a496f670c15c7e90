"""Freeze the train/test split of answers.jsonl by QUESTION (all answers of a question stay together).

Strata: (bank / out-of-bank) x (question language) x (behavioural / technical).
From each stratum, round(0.4 * n) questions are drawn with random.Random(seed).sample over the
sorted question ids. Starting at SEED, the first seed whose test side contains every `case`
value, both languages and both bank and out-of-bank questions is kept (it is printed and
noted in README.md). Run: python make_split.py
"""
import collections
import json
import pathlib
import random

SEED = 20261130
HERE = pathlib.Path(__file__).parent


def qid(row: dict) -> str:
    # Bank questions exist in both languages with the same key, so the language is part of the id.
    if row["question_key"]:
        return f"{row['question_key']}:{row['lang']}"
    return f"outside:{row['lang']}:{row['question']}"


def main() -> None:
    rows = [json.loads(line) for line in (HERE / "answers.jsonl").open(encoding="utf-8")]
    by_q: dict[str, list[dict]] = collections.defaultdict(list)
    for r in rows:
        by_q[qid(r)].append(r)
    strata: dict[tuple, list[str]] = collections.defaultdict(list)
    for q, rs in by_q.items():
        r = rs[0]
        strata[(r["question_key"] is not None, r["lang"], r["position"] == "behavioral")].append(q)
    all_cases = {r["case"] for r in rows}
    seed = SEED
    while True:
        rng = random.Random(seed)
        test_q: set[str] = set()
        for key in sorted(strata):
            qs = sorted(strata[key])
            test_q.update(rng.sample(qs, round(0.4 * len(qs))))
        test_rows = [r for q in test_q for r in by_q[q]]
        ok = ({r["case"] for r in test_rows} == all_cases
              and {r["lang"] for r in test_rows} == {"ko", "en"}
              and {r["question_key"] is None for r in test_rows} == {True, False})
        if ok:
            break
        seed += 1
    split = {
        "train": [r["id"] for r in rows if qid(r) not in test_q],
        "test": [r["id"] for r in rows if qid(r) in test_q],
    }
    (HERE / "split.json").write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")
    print(f"seed={seed} test_questions={len(test_q)}/{len(by_q)} "
          f"train={len(split['train'])} test={len(split['test'])}")


if __name__ == "__main__":
    main()
