"""Check one position's misconceptions in the bank (both languages) before committing an edit.

1. structure: ko and en hold the same number of misconceptions per question (the scorer pairs them by index);
2. precision on the bank's true statements: every model answer and correction, read as an answer to its own
   question, flags nothing;
3. precision on correct answers: the tier-3/4 answers of the blind development sets to this position's bank
   questions flag nothing;
4. recall: every misconception's own claim, read as an answer, is flagged (a miss in the other language is only
   reported, "soft");
5. paraphrases: every sentence in bench/calibration/paraphrases/<position>.jsonl ({key, lang, index, text}: a
   candidate's own wording of misconception #index, written in round 6 by helpers who never read a graded wrong
   answer) is flagged. The signals were written to catch these, so this guards against a regression; it does not
   measure recall on unseen wording (bench/README.md, sixth round: it barely moved).

Usage: uv run python bench/misconception_check.py <position> [--quiet]
Exit status 1 when a hard problem (1-4) is found.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from calibrate import DATA, read_rows

from core.question_bank.loader import BankQuestion, load_bank
from core.scoring.analysis import analyse
from core.scoring.context import QuestionContext, context_from_bank
from core.scoring.engine import _wrong_claims

DEV_SETS = ("blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("position")
    parser.add_argument("--quiet", action="store_true", help="print only hard problems and the totals")
    args = parser.parse_args()
    bank = [q for q in load_bank(strict=True) if q.position == args.position and q.kind == "technical"]
    by = {(q.key, q.language): q for q in bank}

    def other(q: BankQuestion) -> BankQuestion | None:
        return by.get((q.key, "en" if q.language == "ko" else "ko"))

    def context(q: BankQuestion) -> QuestionContext:
        return context_from_bank(q, other(q))

    def flags(q: BankQuestion, text: str) -> list[str]:
        ctx = context(q)
        return [f.claim for f in _wrong_claims(ctx, analyse(ctx, text))]

    hard = 0
    for q in bank:
        twin = other(q)
        if twin is None or len(twin.misconceptions) != len(q.misconceptions):
            print(f"STRUCT {q.key}: {q.language} has {len(q.misconceptions)} misconceptions, the other language "
                  f"{len(twin.misconceptions) if twin else None}")
            hard += 1
        truths = [q.model_answer, *(m.correction for m in q.misconceptions)]
        if twin:
            truths += [twin.model_answer, *(m.correction for m in twin.misconceptions)]
        for text in truths:
            if found := flags(q, text):
                print(f"FALSE-POSITIVE(true statement) {q.key}/{q.language}: {text[:90]!r} -> {found}")
                hard += 1
        for i, m in enumerate(q.misconceptions):
            if not flags(q, m.claim):
                print(f"MISSED(own claim) {q.key}/{q.language} #{i}: {m.claim[:90]!r}")
                hard += 1
        for i, m in enumerate(twin.misconceptions if twin else ()):
            if not flags(q, m.claim) and not args.quiet:
                print(f"missed(other-language claim, soft) {q.key}/{q.language} #{i}: {m.claim[:80]!r}")

    checked = 0
    for name in DEV_SETS:
        path = DATA / name / "answers.jsonl"
        for row in read_rows(path) if path.exists() else []:
            q = by.get((row.get("question_key"), row["lang"]))
            if row["tier"] < 3 or q is None:
                continue
            checked += 1
            if found := flags(q, row["answer"]):
                print(f"FALSE-POSITIVE(correct answer {name}/{row['id']}, tier {row['tier']}) {q.key}: "
                      f"{row['answer'][:200]!r} -> {found}")
                hard += 1

    paraphrases = DATA / "paraphrases" / f"{args.position}.jsonl"
    total = caught = 0
    for row in read_rows(paraphrases) if paraphrases.exists() else []:
        q = by.get((row["key"], row["lang"]))
        if q is None:
            print(f"PARAPHRASE of an unknown question {row['key']}/{row['lang']}")
            continue
        total += 1
        if flags(q, row["text"]):
            caught += 1
        elif not args.quiet:
            print(f"paraphrase missed {row['key']}/{row['lang']} #{row['index']}: {row['text'][:100]!r}")
    print(f"paraphrases: {caught}/{total} flagged")
    print(f"{args.position}: {len(bank)} question-language entries, {sum(len(q.misconceptions) for q in bank)} "
          f"misconceptions, {checked} correct graded answers checked, {hard} hard problems")
    sys.exit(1 if hard else 0)


if __name__ == "__main__":
    main()
