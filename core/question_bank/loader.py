"""Load and strictly validate the YAML question bank (core/question_bank/data/<lang>/<position>.yaml)."""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
POSITIONS_FILE = PACKAGE_DIR / "positions.yaml"

LANGUAGES: tuple[str, ...] = ("ko", "en")
KINDS: tuple[str, ...] = ("technical", "behavioral")
SCHEMA_VERSION = 1

_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FILE_FIELDS = {"schema_version", "version", "position", "language", "questions"}
_QUESTION_FIELDS = {
    "key", "category", "kind", "difficulty", "text", "key_points", "model_answer", "follow_ups", "tags",
}
_OPTIONAL_FIELDS = {"misconceptions", "premise"}
_MISCONCEPTION_FIELDS = {"claim", "correction", "signals", "match"}


class BankError(ValueError):
    """Bad question-bank data; the message names the file and the question key."""


@dataclass(frozen=True)
class KeyPoint:
    """One thing a strong answer covers, with the words whose presence shows it."""

    point: str
    terms: tuple[str, ...]
    # Where the question lets the candidate choose ("on iOS or Android"): the choice this point belongs to. An
    # answer is held to the points of the variant it took, plus every point without a variant.
    variant: str = ""


@dataclass(frozen=True)
class Misconception:
    """A wrong claim half-prepared candidates make, what is true instead, and phrases that give it away."""

    claim: str
    correction: str
    signals: tuple[str, ...]
    # `match: signals`: found by its signal phrases only. Its claim is worded so close to the truth ("struct copies
    # also copy the class instances they hold") that reading the claim's words, or its embedding, also finds the
    # right answers that state the truth; so it feeds no similarity and no key statement either (SCHEMA.md).
    signals_only: bool = False


def read_by_meaning(items: Iterable[Misconception]) -> tuple[Misconception, ...]:
    """The misconceptions whose wording the engine reads (similarity features, key statements, the claim-word
    match): all but the `match: signals` ones, which are found by their signal phrases only."""
    return tuple(m for m in items if not m.signals_only)


@dataclass(frozen=True)
class Premise:
    """The situation a behavioural story must be about to answer this question and not a neighbouring one
    (feedback to someone *senior*, a task *nobody wanted*), with words an on-theme story almost surely uses."""

    point: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class BankQuestion:
    """One question of the bank in one language."""

    key: str
    language: str
    position: str
    category: str
    kind: str
    difficulty: int
    text: str
    key_points: tuple[KeyPoint, ...]
    model_answer: str
    follow_ups: tuple[str, ...]
    tags: tuple[str, ...]
    version: int
    content_hash: str
    misconceptions: tuple[Misconception, ...] = ()
    premise: Premise | None = None


# --- positions ------------------------------------------------------------------------------


def _load_positions() -> tuple[dict[str, dict[str, str]], dict[str, tuple[str, ...]], tuple[str, ...], str]:
    raw = yaml.safe_load(POSITIONS_FILE.read_text(encoding="utf-8"))
    names: dict[str, dict[str, str]] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    jobs: list[str] = []
    for slug, spec in raw["positions"].items():
        names[slug] = {"ko": str(spec["ko"]), "en": str(spec["en"])}
        aliases[slug] = tuple(str(a) for a in spec.get("aliases") or ())
        if spec.get("job", True):
            jobs.append(slug)
    default = str(raw.get("default", jobs[0]))
    return names, aliases, tuple(jobs), default


POSITIONS, POSITION_ALIASES, JOB_POSITIONS, DEFAULT_POSITION = _load_positions()


def position_name(slug: str, language: str) -> str:
    """Display name of a position slug in `language` (the slug itself when unknown)."""
    names = POSITIONS.get(slug)
    return names.get(language, names["en"]) if names else slug


# --- validation -----------------------------------------------------------------------------


def _fail(path: Path, key: str | None, message: str) -> BankError:
    where = f"{_rel(path)}: question {key!r}" if key else _rel(path)
    return BankError(f"{where}: {message}")


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PACKAGE_DIR.parent.parent))
    except ValueError:
        return str(path)


def _text(value: Any, path: Path, key: str | None, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, key, f"{field} must be a non-empty string")
    return value.strip()


def _str_list(value: Any, path: Path, key: str | None, field: str, lo: int, hi: int) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(path, key, f"{field} must be a list")
    items = tuple(_text(v if not isinstance(v, (int, float)) else str(v), path, key, f"{field}[{i}]")
                  for i, v in enumerate(value))
    if not lo <= len(items) <= hi:
        raise _fail(path, key, f"{field} must have {lo}..{hi} entries, has {len(items)}")
    return items


def _content_hash(q: dict[str, Any]) -> str:
    payload = json.dumps({f: q.get(f) for f in sorted(_QUESTION_FIELDS | _OPTIONAL_FIELDS) if f in q},
                         ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def signals_among_own_terms(key_points: Iterable[KeyPoint], premise: Premise | None,
                            misconceptions: Iterable[Misconception]) -> list[str]:
    """Misconception signals that are the question's own key-point or premise terms. A right answer uses those ("not my
    job" in a story about work outside one's job), so such a signal reads the premise or a key point as the wrong claim."""
    own = {t.casefold() for kp in key_points for t in kp.terms} | {t.casefold() for t in (premise.terms if premise else ())}
    return [s for mc in misconceptions for s in mc.signals if s.casefold() in own]


def _parse_question(raw: Any, path: Path, index: int, position: str, language: str, version: int) -> BankQuestion:
    if not isinstance(raw, dict):
        raise _fail(path, None, f"questions[{index}] must be a mapping")
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY_RE.match(key):
        raise _fail(path, None, f"questions[{index}].key must be kebab-case, got {key!r}")
    missing = _QUESTION_FIELDS - raw.keys()
    if missing:
        raise _fail(path, key, f"missing field(s): {', '.join(sorted(missing))}")
    unknown = raw.keys() - _QUESTION_FIELDS - _OPTIONAL_FIELDS
    if unknown:
        raise _fail(path, key, f"unknown field(s): {', '.join(sorted(unknown))}")
    kind = raw["kind"]
    if kind not in KINDS:
        raise _fail(path, key, f"kind must be one of {KINDS}, got {kind!r}")
    difficulty = raw["difficulty"]
    if not isinstance(difficulty, int) or isinstance(difficulty, bool) or not 1 <= difficulty <= 3:
        raise _fail(path, key, f"difficulty must be 1, 2 or 3, got {difficulty!r}")
    kps_raw = raw["key_points"]
    if not isinstance(kps_raw, list) or not 3 <= len(kps_raw) <= 6:
        raise _fail(path, key, "key_points must be a list of 3..6 entries")
    key_points = []
    for i, kp in enumerate(kps_raw):
        if not isinstance(kp, dict) or not {"point", "terms"} <= set(kp) <= {"point", "terms", "variant"}:
            raise _fail(path, key, f"key_points[{i}] must have 'point' and 'terms' (and optionally 'variant')")
        key_points.append(KeyPoint(
            point=_text(kp["point"], path, key, f"key_points[{i}].point"),
            terms=_str_list(kp["terms"], path, key, f"key_points[{i}].terms", 3, 20),
            variant=_text(kp["variant"], path, key, f"key_points[{i}].variant") if "variant" in kp else "",
        ))
    if len({kp.variant for kp in key_points if kp.variant}) == 1:
        raise _fail(path, key, "key_points: a variant is a choice between at least two (e.g. iOS and Android)")
    misconceptions = []
    mis_raw = raw.get("misconceptions") or []
    if not isinstance(mis_raw, list) or len(mis_raw) > 12:
        raise _fail(path, key, "misconceptions must be a list of at most 12 entries")
    for i, mc in enumerate(mis_raw):
        if not isinstance(mc, dict) or not {"claim", "correction"} <= set(mc) <= _MISCONCEPTION_FIELDS:
            raise _fail(path, key, f"misconceptions[{i}] must have 'claim', 'correction' and optionally 'signals', 'match'")
        if mc.get("match", "claim") not in ("claim", "signals"):
            raise _fail(path, key, f"misconceptions[{i}].match must be 'claim' or 'signals'")
        signals = _str_list(mc.get("signals") or [], path, key, f"misconceptions[{i}].signals", 0, 12)
        if mc.get("match") == "signals" and not signals:
            raise _fail(path, key, f"misconceptions[{i}]: match 'signals' needs signals")
        misconceptions.append(Misconception(
            claim=_text(mc["claim"], path, key, f"misconceptions[{i}].claim"),
            correction=_text(mc["correction"], path, key, f"misconceptions[{i}].correction"),
            signals=signals, signals_only=mc.get("match") == "signals",
        ))
    premise = None
    if raw.get("premise") is not None:
        pr = raw["premise"]
        if not isinstance(pr, dict) or set(pr) != {"point", "terms"}:
            raise _fail(path, key, "premise must have 'point' and 'terms'")
        premise = Premise(point=_text(pr["point"], path, key, "premise.point"),
                          terms=_str_list(pr["terms"], path, key, "premise.terms", 3, 40))
    clash = signals_among_own_terms(key_points, premise, misconceptions)
    if clash:
        raise _fail(path, key, f"misconception signals {clash} are key-point or premise terms of this question")
    tags = _str_list(raw["tags"], path, key, "tags", 1, 10)
    bad_tags = [t for t in tags if t != t.lower()]
    if bad_tags:
        raise _fail(path, key, f"tags must be lowercase: {bad_tags}")
    return BankQuestion(
        key=key,
        language=language,
        position=position,
        category=_text(raw["category"], path, key, "category"),
        kind=kind,
        difficulty=difficulty,
        text=_text(raw["text"], path, key, "text"),
        key_points=tuple(key_points),
        model_answer=_text(raw["model_answer"], path, key, "model_answer"),
        follow_ups=_str_list(raw["follow_ups"], path, key, "follow_ups", 1, 6),
        tags=tags,
        version=version,
        content_hash=_content_hash(raw),
        misconceptions=tuple(misconceptions),
        premise=premise,
    )


def load_file(path: Path) -> list[BankQuestion]:
    """Parse and validate one bank file; raises BankError naming the file (and key) on bad data."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise _fail(path, None, f"invalid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise _fail(path, None, "top level must be a mapping")
    unknown = raw.keys() - _FILE_FIELDS
    if unknown:
        raise _fail(path, None, f"unknown top-level field(s): {', '.join(sorted(unknown))}")
    if raw.get("schema_version") != SCHEMA_VERSION:
        raise _fail(path, None, f"schema_version must be {SCHEMA_VERSION}")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _fail(path, None, "version must be a positive integer")
    language, position = path.parent.name, path.stem
    if raw.get("language") != language:
        raise _fail(path, None, f"language {raw.get('language')!r} does not match folder {language!r}")
    if raw.get("position") != position:
        raise _fail(path, None, f"position {raw.get('position')!r} does not match file name {position!r}")
    if language not in LANGUAGES:
        raise _fail(path, None, f"language must be one of {LANGUAGES}")
    if position not in POSITIONS:
        raise _fail(path, None, f"unknown position {position!r}; known: {', '.join(POSITIONS)}")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        raise _fail(path, None, "questions must be a non-empty list")
    parsed = [_parse_question(q, path, i, position, language, version) for i, q in enumerate(questions)]
    if position == "behavioral":
        wrong = [q.key for q in parsed if q.kind != "behavioral"]
        if wrong:
            raise _fail(path, wrong[0], "questions in behavioral.yaml must have kind: behavioral")
    return parsed


def bank_files(root: Path | None = None) -> list[Path]:
    """All bank files under root (default: the packaged data folder), sorted."""
    base = Path(root) if root is not None else DATA_DIR
    return sorted(p for lang in LANGUAGES for p in (base / lang).glob("*.yaml"))


def check_consistency(questions: list[BankQuestion]) -> list[str]:
    """Cross-file problems: duplicate keys per language, ko/en key sets or kinds that differ."""
    problems: list[str] = []
    seen: dict[tuple[str, str], BankQuestion] = {}
    for q in questions:
        other = seen.get((q.language, q.key))
        if other is not None:
            problems.append(f"duplicate key {q.key!r} in {q.language}/{other.position}.yaml and {q.language}/{q.position}.yaml")
        seen[(q.language, q.key)] = q
    by_lang = {lang: {k: q for (l, k), q in seen.items() if l == lang} for lang in LANGUAGES}
    positions_per_lang = {lang: {q.position for q in by_lang[lang].values()} for lang in LANGUAGES}
    both = positions_per_lang["ko"] & positions_per_lang["en"]
    for position in sorted(both):
        ko = {k for k, q in by_lang["ko"].items() if q.position == position}
        en = {k for k, q in by_lang["en"].items() if q.position == position}
        if ko != en:
            problems.append(
                f"{position}: ko/en key sets differ (only ko: {sorted(ko - en)}, only en: {sorted(en - ko)})"
            )
        for k in ko & en:
            a, b = by_lang["ko"][k], by_lang["en"][k]
            if (a.kind, a.difficulty, len(a.key_points)) != (b.kind, b.difficulty, len(b.key_points)):
                problems.append(f"{k!r}: ko and en differ in kind/difficulty/number of key points")
            elif [kp.variant for kp in a.key_points] != [kp.variant for kp in b.key_points]:
                problems.append(f"{k!r}: ko and en key points differ in their variants")
            elif (a.premise is None) != (b.premise is None):
                problems.append(f"{k!r}: a premise in one language only")
    return problems


def load_bank(root: Path | None = None, *, strict: bool = True) -> list[BankQuestion]:
    """Load every bank file under root, validating each; raises BankError on the first bad file.

    strict=False (the running app) logs ko/en differences instead of refusing the whole bank: a
    question written in one language so far is still worth asking. Duplicate keys always fail.
    """
    questions: list[BankQuestion] = []
    for path in bank_files(root):
        questions.extend(load_file(path))
    problems = check_consistency(questions)
    # A position written in only one language so far is allowed (logged by callers that care);
    # anything else inconsistent is an error.
    if problems and (strict or any(p.startswith("duplicate key") for p in problems)):
        raise BankError("; ".join(problems))
    for problem in problems:
        log.warning("question bank: %s", problem)
    return questions


_bank_lock = threading.Lock()


@lru_cache(maxsize=4)
def _bank_cached(root: str | None) -> tuple[BankQuestion, ...]:
    return tuple(load_bank(Path(root) if root else None, strict=False))


def bank(root: Path | None = None) -> tuple[BankQuestion, ...]:
    """The loaded bank, cached per process (call bank.cache_clear() via clear_bank_cache after edits)."""
    with _bank_lock:
        return _bank_cached(str(root) if root else None)


def clear_bank_cache() -> None:
    """Forget the cached bank (tests, or after editing data files)."""
    _bank_cached.cache_clear()


def find_question(key: str, language: str) -> BankQuestion | None:
    """The bank question with this key in this language, if any."""
    for q in bank():
        if q.key == key and q.language == language:
            return q
    return None


def questions_for(position: str, language: str, *, include_behavioral: bool = False) -> list[BankQuestion]:
    """Bank questions of one position (and optionally the behavioral set) in one language."""
    wanted = {position, "behavioral"} if include_behavioral else {position}
    return [q for q in bank() if q.language == language and q.position in wanted]
