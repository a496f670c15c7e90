"""The real bank files validate; bad files fail loudly with file and key; positions resolve."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from core.question_bank import (
    JOB_POSITIONS,
    LANGUAGES,
    POSITIONS,
    BankError,
    BankQuestion,
    bank,
    bank_files,
    check_consistency,
    find_question,
    load_bank,
    load_file,
    position_name,
    questions_for,
    resolve_position,
)


@pytest.fixture(scope="module")
def questions() -> list[BankQuestion]:
    return load_bank()


def test_real_bank_loads_and_is_consistent(questions: list[BankQuestion]) -> None:
    assert questions, "no bank files found"
    assert check_consistency(questions) == []
    for q in questions:
        assert q.language in LANGUAGES and q.position in POSITIONS
        assert 3 <= len(q.key_points) <= 6
        assert all(len(kp.terms) >= 3 for kp in q.key_points)
        assert 1 <= q.difficulty <= 3 and q.kind in ("technical", "behavioral")
        assert q.text and q.model_answer and q.follow_ups and q.tags
        assert len(q.content_hash) == 16


def test_every_position_file_exists_in_both_languages(questions: list[BankQuestion]) -> None:
    files = bank_files()
    by_lang = {lang: {p.stem for p in files if p.parent.name == lang} for lang in LANGUAGES}
    assert by_lang["ko"] == by_lang["en"]
    for position in by_lang["ko"]:
        ko = {q.key for q in questions if q.language == "ko" and q.position == position}
        en = {q.key for q in questions if q.language == "en" and q.position == position}
        assert ko == en, position


def test_keys_unique_per_language(questions: list[BankQuestion]) -> None:
    for lang in LANGUAGES:
        keys = [q.key for q in questions if q.language == lang]
        assert len(keys) == len(set(keys))


def test_cached_bank_and_lookups(questions: list[BankQuestion]) -> None:
    assert bank() is bank()
    q = questions[0]
    assert find_question(q.key, q.language) == q
    assert q in questions_for(q.position, q.language, include_behavioral=True)


def _write(root: Path, lang: str, position: str, data: dict) -> Path:
    path = root / lang / f"{position}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _question(**overrides) -> dict:
    q = {
        "key": "backend-sample",
        "category": "API",
        "kind": "technical",
        "difficulty": 2,
        "text": "What is REST?",
        "key_points": [
            {"point": f"Point {i}", "terms": ["alpha", "beta", "gamma"]} for i in range(3)
        ],
        "model_answer": "REST is an architectural style.",
        "follow_ups": ["And HATEOAS?"],
        "tags": ["rest"],
    }
    q.update(overrides)
    return q


def _file(lang: str = "en", position: str = "backend", **q) -> dict:
    return {"schema_version": 1, "version": 1, "position": position, "language": lang, "questions": [_question(**q)]}


def test_a_valid_temporary_bank_loads(tmp_path: Path) -> None:
    _write(tmp_path, "en", "backend", _file())
    _write(tmp_path, "ko", "backend", _file("ko"))
    loaded = load_bank(tmp_path)
    assert {q.language for q in loaded} == {"ko", "en"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"difficulty": 4}, "difficulty"),
        ({"kind": "trivia"}, "kind"),
        ({"key_points": [{"point": "Only", "terms": ["a", "b", "c"]}]}, "key_points"),
        ({"key_points": [{"point": f"P{i}", "terms": ["a", "b"]} for i in range(3)]}, "terms"),
        ({"model_answer": ""}, "model_answer"),
        ({"tags": ["REST"]}, "lowercase"),
        ({"keypoints": []}, "unknown field"),
        ({"key_points": [{"point": f"P{i}", "terms": ["a", "b", "c"], "variant": "iOS"} for i in range(3)]},
         "at least two"),
        ({"key_points": [{"point": f"P{i}", "terms": ["a", "b", "c"], "platform": "iOS"} for i in range(3)]},
         "key_points[0]"),
        ({"premise": {"point": "Feedback to someone senior"}}, "premise"),
        ({"premise": {"point": "Feedback to someone senior", "terms": ["manager"]}}, "premise.terms"),
        # A signal that is the question's own term reads a right answer as the wrong claim.
        ({"misconceptions": [{"claim": "Alpha is all it takes.", "correction": "Beta matters too.",
                              "signals": ["Alpha", "alpha is all"]}]}, "key-point or premise terms"),
        ({"misconceptions": [{"claim": "Alpha is all.", "correction": "No.", "signals": ["x y"], "match": "words"}]},
         "match must be"),
        ({"misconceptions": [{"claim": "Alpha is all.", "correction": "No.", "match": "signals"}]}, "needs signals"),
    ],
)
def test_bad_question_names_file_and_key(tmp_path: Path, overrides: dict, message: str) -> None:
    path = _write(tmp_path, "en", "backend", _file(**overrides))
    with pytest.raises(BankError) as err:
        load_file(path)
    assert "backend.yaml" in str(err.value)
    assert "backend-sample" in str(err.value)
    assert message in str(err.value)


def test_file_level_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, "en", "backend", {**_file(), "language": "ko"})
    with pytest.raises(BankError, match="language"):
        load_file(path)
    path = _write(tmp_path, "en", "frontend", _file(position="backend"))
    with pytest.raises(BankError, match="position"):
        load_file(path)
    bad = tmp_path / "en" / "devops.yaml"
    bad.write_text("questions: [unclosed", encoding="utf-8")
    with pytest.raises(BankError, match="devops.yaml"):
        load_file(bad)


def test_variants_load_and_must_agree_across_languages(tmp_path: Path) -> None:
    points = [{"point": "iOS states", "terms": ["a", "b", "c"], "variant": "iOS"},
              {"point": "Android callbacks", "terms": ["d", "e", "f"], "variant": "Android"},
              {"point": "Saving state", "terms": ["g", "h", "i"]}]
    _write(tmp_path, "en", "backend", _file(key_points=points))
    _write(tmp_path, "ko", "backend", _file("ko", key_points=points))
    [en, _] = sorted(load_bank(tmp_path), key=lambda q: q.language)
    assert [kp.variant for kp in en.key_points] == ["iOS", "Android", ""]
    _write(tmp_path, "ko", "backend", _file("ko", key_points=[{k: v for k, v in p.items() if k != "variant"}
                                                                for p in points]))
    with pytest.raises(BankError, match="variants"):
        load_bank(tmp_path)


def test_a_premise_loads_and_must_exist_in_both_languages(tmp_path: Path) -> None:
    premise = {"point": "The feedback went to someone senior", "terms": ["manager", "team lead", "senior"]}
    _write(tmp_path, "en", "backend", _file(premise=premise))
    _write(tmp_path, "ko", "backend", _file("ko", premise={"point": "상사에게 피드백", "terms": ["팀장", "상사", "시니어"]}))
    [en, ko] = sorted(load_bank(tmp_path), key=lambda q: q.language)
    assert en.premise is not None and en.premise.terms == ("manager", "team lead", "senior")
    # The scoring context reads both languages' words: a story told in the other language shows the premise too.
    from core.scoring.context import context_from_bank

    assert set(context_from_bank(en, ko).premise.terms) == {"manager", "team lead", "senior", "팀장", "상사", "시니어"}
    _write(tmp_path, "ko", "backend", _file("ko"))
    with pytest.raises(BankError, match="premise in one language"):
        load_bank(tmp_path)


def test_the_bank_editor_round_trips_a_premise() -> None:
    from ui.components.bank_form import format_premise, parse_premise

    premise = {"point": "상사나 선배에게 피드백을 전함", "terms": ["팀장", "상사", "리드"]}
    assert parse_premise(format_premise(premise)) == premise
    assert parse_premise("") is None and format_premise(None) == ""
    assert parse_premise("Someone senior") == {"point": "Someone senior", "terms": ["Someone senior"]}


def test_mismatched_language_key_sets_are_reported(tmp_path: Path) -> None:
    _write(tmp_path, "en", "backend", _file())
    _write(tmp_path, "ko", "backend", _file("ko", key="backend-other"))
    with pytest.raises(BankError, match="key sets differ"):
        load_bank(tmp_path)


def test_content_hash_tracks_content(tmp_path: Path) -> None:
    a = load_file(_write(tmp_path, "en", "backend", _file()))[0]
    b = load_file(_write(tmp_path, "en", "backend", _file(text="What is REST, really?")))[0]
    c = load_file(_write(tmp_path, "en", "backend", _file()))[0]
    assert a.content_hash != b.content_hash
    assert a.content_hash == c.content_hash


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Backend 개발자", "backend"),
        ("서버 개발", "backend"),
        ("Java 백엔드", "backend"),
        ("frontend engineer", "frontend"),
        ("React 개발자", "frontend"),
        ("HTML 퍼블리셔", "frontend"),
        ("ML 엔지니어", "data_ai"),
        ("데이터 사이언티스트", "data_ai"),
        ("SRE", "devops"),
        ("Site Reliability Engineer", "devops"),
        ("iOS 개발자", "mobile"),
        ("안드로이드", "mobile"),
        ("React Native 개발자", "mobile"),
        ("data_ai", "data_ai"),
        ("", "backend"),
    ],
)
def test_resolve_position(text: str, slug: str) -> None:
    assert resolve_position(text) == slug


def test_resolve_position_only_returns_job_positions() -> None:
    assert resolve_position("뭔가 알 수 없는 직무") in JOB_POSITIONS
    assert "behavioral" not in JOB_POSITIONS


def test_position_names() -> None:
    assert position_name("backend", "ko") == POSITIONS["backend"]["ko"]
    assert position_name("mobile", "en") == "Mobile Engineer"


def test_bank_editor_round_trips_misconceptions() -> None:
    from ui.components.bank_form import format_misconceptions, parse_misconceptions

    items = [{"claim": "HTTP/2는 UDP를 씁니다.", "correction": "HTTP/2는 TCP 위에서 동작합니다.",
              "signals": ["HTTP/2는 UDP", "UDP 기반"]},
             {"claim": "JWTs are encrypted.", "correction": "A signed JWT is only encoded.", "signals": []},
             {"claim": "Copying a struct copies the objects it holds.", "correction": "Only their references.",
              "signals": ["copies the objects it holds"], "match": "signals"}]
    assert parse_misconceptions(format_misconceptions(items)) == items
    assert parse_misconceptions("") == []


def test_misconceptions_reach_the_scoring_context() -> None:
    from core.scoring import context_for_text

    with_mis = [q for q in load_bank(strict=False) if q.misconceptions and q.kind == "technical"]
    if not with_mis:
        pytest.skip("no misconceptions written yet")
    q = with_mis[0]
    ctx = context_for_text(q.text, q.language, q.position)
    assert ctx.misconceptions[q.language] == q.misconceptions


def test_a_signals_only_misconception_is_found_by_its_signals_alone() -> None:
    """`match: signals`: its claim is worded so close to the truth that its words also fit a right answer; only its
    signal phrases find it, and it feeds no similarity (SCHEMA.md)."""
    from core.question_bank.loader import Misconception
    from core.scoring import context_for_text
    from core.scoring.analysis import analyse
    from core.scoring.engine import question_words
    from core.scoring.misconceptions import find_misconceptions

    q = next(q for q in load_bank(strict=False) if q.key == "mobile-value-reference-types" and q.language == "en")
    ctx = context_for_text(q.text, "en", q.position)
    claim = "Copying a struct also copies the class instances it holds, so the copy is completely independent."
    mine = {"en": (Misconception(claim=claim, correction="Only the reference is copied.",
                                 signals=("copy is completely independent",), signals_only=True),)}
    right = analyse(ctx, "Copying a struct copies the reference to the class instances it holds, so the copy is not "
                         "independent: both point to the same object.")
    wrong = analyse(ctx, "When you copy a struct the copy is completely independent, even for the objects inside it.")
    words = frozenset(question_words(ctx))
    assert find_misconceptions(wrong.claims, mine, "en", words)
    assert not find_misconceptions(right.claims, mine, "en", words)
    # Stated in the claim's own words, without a signal phrase: found only where the claim's words may find it.
    reworded = analyse(ctx, "When you copy a struct, it copies the class instances it holds as well, so the copy is "
                            "independent.")
    assert not find_misconceptions(reworded.claims, mine, "en", words)
    loose = {"en": (Misconception(claim=claim, correction="Only the reference is copied.", signals=()),)}
    assert find_misconceptions(reworded.claims, loose, "en", words)
