"""The CLI as an operator runs it: doctor, evaluate, create-admin."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, input=stdin, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def test_doctor_reports_each_engine() -> None:
    res = run("doctor", "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["embedder"]["ready"] and report["embedder"]["dim"] > 0
    assert report["question_bank"]["questions"] >= 200
    assert report["llm"]["backend"] == "none" and report["llm"]["enabled"] is False
    stt = report["stt"]["providers"]
    assert stt["vosk"]["ready"] and stt["pocketsphinx"]["ready"]
    assert stt["deepgram"]["ready"] is False and "DEEPGRAM_API_KEY" in stt["deepgram"]["detail"]
    assert report["emotion"]["engines"]["fer_tflite"]["ready"]
    assert report["emotion"]["engines"]["deepface"]["ready"] is False
    human = run("doctor")
    assert "embedder" in human.stdout and "vosk" in human.stdout


def test_evaluate_jsonl(tmp_path: Path) -> None:
    lines = [
        {"question": "What is a database index and when would you add one?",
         "answer": "An index is a B-tree on a column so lookups avoid a full table scan; I add one for frequent "
                   "WHERE or JOIN columns, e.g. orders.user_id, and check the query plan with EXPLAIN. It slows "
                   "writes a bit, so I don't index everything.", "position": "backend", "lang": "en"},
        {"question": "What is a database index and when would you add one?", "answer": "I don't know."},
        {"question": "트랜잭션 격리 수준을 설명해 주세요.", "answer": "잘 모르겠습니다."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    res = run("evaluate", str(path))
    assert res.returncode == 0, res.stderr
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(out) == 3
    good, bad, ko = out
    assert good["overall"] > bad["overall"] and bad["technical_score"] == 1
    assert ko["language"] == "ko" and any("가" <= ch <= "힣" for ch in ko["total_feedback"])
    for ev in out:
        assert {"technical_score", "communication_score", "strengths", "weaknesses", "total_feedback",
                "overall"} <= set(ev)
    bad_input = run("evaluate", "-", stdin='{"question": "only a question"}\nnot json\n')
    assert bad_input.returncode == 1
    errors = [json.loads(line) for line in bad_input.stdout.splitlines()]
    assert [e["error_code"] for e in errors] == ["BAD_INPUT", "BAD_INPUT"]


def test_create_admin_on_embedded_database(tmp_path: Path) -> None:
    env = {"DATABASE_URL": "", "REDIS_URL": ""}
    res = run("create-admin", "--username", "boss", "--password", "short", "--data-dir", str(tmp_path), env=env)
    assert res.returncode == 2 and "at least" in res.stderr
    res = run("create-admin", "--username", "boss", "--password", "bosspass1", "--data-dir", str(tmp_path), env=env)
    assert res.returncode == 0, res.stderr
    assert "created" in res.stdout
    again = run("create-admin", "--username", "boss", "--password", "bosspass2", "--data-dir", str(tmp_path), env=env)
    assert again.returncode == 0 and "updated" in again.stdout
