"""The scorer's data files (cue words, fillers, synonyms, technologies, calibration), loaded once."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent
LANGS = ("ko", "en")


def _read(name: str) -> Any:
    # libyaml's loader where installed: the combiner's trees are ~3000 lines (0.35 s in pure Python, 0.06 s).
    return yaml.load((DATA_DIR / name).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass(frozen=True)
class Filler:
    """A filler word/phrase and the context rules that make it count."""

    word: str
    weight: float
    marked: bool = False
    not_after: frozenset[str] = frozenset()
    only_after: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """All cue lists of one language."""

    language: str
    fillers: tuple[Filler, ...]
    non_answer_patterns: tuple[re.Pattern[str], ...]
    dont_know_phrases: tuple[str, ...]
    stopwords: frozenset[str]
    structure: dict[str, tuple[str, ...]]
    specificity: dict[str, tuple[str, ...]]
    talking_points: dict[str, tuple[str, ...]]
    behavioral_question_cues: tuple[str, ...]
    behavioral_request_cues: tuple[str, ...]
    technical_question_cues: tuple[str, ...]
    behavioral_story_cues: tuple[str, ...]
    scenario_question_cues: tuple[str, ...]
    question_stopwords: frozenset[str]
    verb_form: re.Pattern[str] | None  # words of a question that are verb forms, not topics
    topic_verb_form: re.Pattern[str] | None  # more verb forms, skipped where a question's words become key points
    topic_verb_stems: frozenset[str]
    # Both lists at once: the words that name no topic of a question or claim (stopwords | question_stopwords).
    all_stopwords: frozenset[str]


@lru_cache(maxsize=2)
def lexicon(language: str) -> Lexicon:
    """The cue lists for "ko" or "en" (anything else falls back to English)."""
    lang = language if language in LANGS else "en"
    raw = _read(f"lexicon_{lang}.yaml")
    fillers = tuple(
        Filler(
            word=str(f["word"]).lower(),
            weight=float(f.get("weight", 1.0)),
            marked=bool(f.get("marked", False)),
            not_after=frozenset(str(w).lower() for w in f.get("not_after", ())),
            only_after=frozenset(str(w).lower() for w in f.get("only_after", ())),
        )
        for f in raw["fillers"]
    )
    stopwords = frozenset(str(w).lower() for w in raw["stopwords"])
    question_stopwords = frozenset(str(w).lower() for w in raw["question_stopwords"])
    return Lexicon(
        language=lang,
        fillers=fillers,
        non_answer_patterns=tuple(re.compile(p, re.IGNORECASE) for p in raw["non_answer_patterns"]),
        dont_know_phrases=tuple(str(p).lower() for p in raw["dont_know_phrases"]),
        stopwords=stopwords,
        structure={k: tuple(str(x) for x in v) for k, v in raw["structure"].items()},
        specificity={k: tuple(str(x) for x in v) for k, v in raw["specificity"].items()},
        talking_points={k: tuple(str(x) for x in v) for k, v in raw["talking_points"].items()},
        behavioral_question_cues=tuple(str(x) for x in raw["behavioral_question_cues"]),
        behavioral_request_cues=tuple(str(x) for x in raw["behavioral_request_cues"]),
        technical_question_cues=tuple(str(x) for x in raw["technical_question_cues"]),
        behavioral_story_cues=tuple(str(x) for x in raw["behavioral_story_cues"]),
        scenario_question_cues=tuple(str(x) for x in raw["scenario_question_cues"]),
        question_stopwords=question_stopwords,
        verb_form=re.compile(raw["verb_form_pattern"]) if raw.get("verb_form_pattern") else None,
        topic_verb_form=re.compile(raw["topic_verb_form_pattern"]) if raw.get("topic_verb_form_pattern") else None,
        topic_verb_stems=frozenset(str(w) for w in raw.get("topic_verb_stems", ())),
        all_stopwords=stopwords | question_stopwords,
    )


@lru_cache(maxsize=1)
def tech_terms() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(case-insensitive technology names, names that only count when capitalised as written)."""
    raw = _tech_terms_file()
    return tuple(str(t) for t in raw["terms"]), tuple(str(t) for t in raw.get("case_sensitive", ()))


@lru_cache(maxsize=1)
def listed_names() -> frozenset[str]:
    """Lower-cased technology names (tech_terms.yaml `terms`)."""
    return frozenset(t.lower() for t in tech_terms()[0])


@lru_cache(maxsize=1)
def setting_terms() -> frozenset[str]:
    """Lower-cased technology names that name the setting (a platform, a language), not a choice made in it."""
    return frozenset(str(t).lower() for t in _tech_terms_file().get("setting", ()))


@lru_cache(maxsize=1)
def unit_words() -> frozenset[str]:
    """Upper-cased units of size ("GB", "MIB"): written like acronyms, but no technology's name."""
    return frozenset(str(t).upper() for t in _tech_terms_file().get("units", ()))


@lru_cache(maxsize=1)
def _tech_terms_file() -> dict[str, Any]:
    """tech_terms.yaml, parsed once for the names, the case-sensitive names and the setting."""
    return _read("tech_terms.yaml")


@lru_cache(maxsize=1)
def synonym_index() -> dict[str, tuple[str, ...]]:
    """lower-cased word → every member of its synonym group(s)."""
    index: dict[str, set[str]] = {}
    for group in _read("synonyms.yaml")["groups"]:
        members = {str(m).lower() for m in group}
        for m in members:
            index.setdefault(m, set()).update(members)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def expand_terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    """Terms plus their synonyms (deduplicated, order kept)."""
    index = synonym_index()
    out: dict[str, None] = {}
    for term in terms:
        out[term] = None
        for syn in index.get(term.lower(), ()):
            out.setdefault(syn, None)
    return tuple(out)


@lru_cache(maxsize=1)
def calibration() -> dict[str, Any]:
    """Per-embedder similarity ranges and the criterion weights (calibration.yaml)."""
    return _read("calibration.yaml")


@lru_cache(maxsize=1)
def combiner_fits() -> dict[str, Any]:
    """Per-embedder weights of the overall score's last step (combiner.json, written by bench/fit_combiner.py).
    JSON, not YAML: 800 trees a block are ~30,000 nodes, 2 s to parse as YAML and a few milliseconds as JSON."""
    path = DATA_DIR / "combiner.json"
    if not path.exists():
        return {}
    return {name: fit for name, fit in json.loads(path.read_text(encoding="utf-8")).items() if not name.startswith("_")}


@lru_cache(maxsize=2)
def feedback_phrases(language: str) -> dict[str, Any]:
    """Coach phrases for feedback in "ko" or "en"."""
    return _read(f"feedback_{language if language in LANGS else 'en'}.yaml")


@lru_cache(maxsize=1)
def derived_points() -> dict[str, Any]:
    """Generic key points used when a question has no bank neighbour (derived_points.yaml)."""
    return _read("derived_points.yaml")
