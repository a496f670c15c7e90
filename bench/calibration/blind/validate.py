"""Sanity checks for answers.jsonl and split.json. Run: python validate.py"""
import collections
import csv
import json
import pathlib

HERE = pathlib.Path(__file__).parent
FIELDS = {"id", "question", "question_key", "position", "lang", "answer", "tier", "case"}
POSITIONS = {"backend", "frontend", "mobile", "data_ai", "devops", "behavioral"}
CASES = {"normal", "confidently_wrong", "partially_wrong", "keyword_list", "restated_question",
         "off_topic_fluent", "short_precise", "filler_heavy_correct", "other_language",
         "vague_behavioral", "concrete_star"}
BANK_TSV = pathlib.Path("/work/notes/bank_questions.tsv")  # optional: only on the authoring machine


def main() -> None:
    rows = [json.loads(line) for line in (HERE / "answers.jsonl").open(encoding="utf-8")]
    for r in rows:
        assert set(r) == FIELDS, r.get("id")
        assert r["position"] in POSITIONS and r["lang"] in {"ko", "en"}, r["id"]
        assert r["tier"] in (1, 2, 3, 4) and r["case"] in CASES and r["answer"].strip(), r["id"]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    split = json.loads((HERE / "split.json").read_text(encoding="utf-8"))
    assert set(split) == {"train", "test"}
    assert sorted(split["train"] + split["test"]) == sorted(ids)
    assert not set(split["train"]) & set(split["test"])
    side = {i: "train" for i in split["train"]} | {i: "test" for i in split["test"]}
    sides = collections.defaultdict(set)
    for r in rows:
        sides[(r["question_key"], r["lang"], r["question"])].add(side[r["id"]])
    assert all(len(s) == 1 for s in sides.values()), "a question straddles the split"
    test = [r for r in rows if side[r["id"]] == "test"]
    assert {r["case"] for r in test} == CASES and {r["lang"] for r in test} == {"ko", "en"}
    assert {r["question_key"] is None for r in test} == {True, False}
    if BANK_TSV.exists():
        bank = {(row[0], row[1]): row[5] for row in csv.reader(BANK_TSV.open(encoding="utf-8"), delimiter="\t")}
        for r in rows:
            if r["question_key"]:
                assert bank[(r["question_key"], r["lang"])] == r["question"], r["id"]
            else:
                assert r["question"] not in bank.values(), r["id"]
    c = collections.Counter(r["case"] for r in rows)
    assert all(c[k] >= 10 for k in CASES - {"normal"}), c
    print(f"ok: {len(rows)} answers, {len(sides)} questions, train {len(split['train'])}, test {len(split['test'])}")
    print("cases:", dict(sorted(c.items())))
    print("tiers:", dict(sorted(collections.Counter(r["tier"] for r in rows).items())))
    print("langs:", dict(collections.Counter(r["lang"] for r in rows)))


if __name__ == "__main__":
    main()
