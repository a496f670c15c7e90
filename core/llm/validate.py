"""Checks on LLM output: right language, one well-formed question, scores in range."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

SCORE_KEYS = ("technical_score", "communication_score")
PROSE_KEYS = ("strengths", "weaknesses", "feedback")
MAX_PROSE_CHARS = 1000
MIN_PROSE_LETTERS = 3
QUESTION_MIN_CHARS = 15
QUESTION_MAX_CHARS = 300
COPY_SIMILARITY = 0.85  # normalised similarity at or above which output counts as copied
MIN_COPIED_CHARS = 20  # a verbatim excerpt of the input at least this long is a copy, not a judgement
KO_MIN_HANGUL_SHARE = 0.5  # Korean technical prose keeps English terms (API, TCP), so not 1.0
EN_MIN_ASCII_SHARE = 0.9

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# Polite Korean endings that make a sentence a question or request without a '?'.
_KO_QUESTION_END = re.compile(r"(까요|나요|세요|습니까|십니까|십시오|주시겠어요|는지요)[.!]?$")
_PROMPT_ECHO = re.compile(r"</?answer>", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])\s+|\n+")


def letter_counts(text: str) -> tuple[int, int, int]:
    """(Hangul, ASCII letters, other letters) in `text`."""
    hangul = ascii_letters = other = 0
    for ch in text:
        if _HANGUL.match(ch):
            hangul += 1
        elif ch.isascii() and ch.isalpha():
            ascii_letters += 1
        elif ch.isalpha():
            other += 1
    return hangul, ascii_letters, other


def language_problem(text: str, language: str) -> str | None:
    """None when `text` is written in `language` ("ko" or "en"), else why not."""
    hangul, ascii_letters, other = letter_counts(text)
    total = hangul + ascii_letters + other
    if total == 0:
        return "no letters"
    if language == "ko":
        share = hangul / total
        return None if share >= KO_MIN_HANGUL_SHARE else f"Hangul share {share:.2f} < {KO_MIN_HANGUL_SHARE}"
    if language == "en":
        share = ascii_letters / total
        return None if share >= EN_MIN_ASCII_SHARE else f"ASCII-letter share {share:.2f} < {EN_MIN_ASCII_SHARE}"
    return f"unsupported language {language!r}"


def clean_text(text: str) -> str:
    """Collapse whitespace and strip wrapping quotes the model may add."""
    text = " ".join(text.split())
    for left, right in (('"', '"'), ("'", "'"), ("“", "”"), ("「", "」")):
        if len(text) > 2 and text.startswith(left) and text.endswith(right):
            text = text[1:-1].strip()
    return text


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def _is_question_sentence(sentence: str, language: str) -> bool:
    sentence = sentence.strip()
    if sentence.endswith(("?", "？")):
        return True
    return language == "ko" and bool(_KO_QUESTION_END.search(sentence))


def question_problem(text: str, language: str, grounding: Sequence[str] = ()) -> str | None:
    """None when `text` is one question in `language`, 15-300 chars, not a copy of `grounding`."""
    if not QUESTION_MIN_CHARS <= len(text) <= QUESTION_MAX_CHARS:
        return f"length {len(text)} outside {QUESTION_MIN_CHARS}-{QUESTION_MAX_CHARS}"
    problem = language_problem(text, language)
    if problem:
        return problem
    if _PROMPT_ECHO.search(text):
        return "echoes the prompt markup"
    marks = text.count("?") + text.count("？")
    if marks > 1:
        return f"{marks} question marks"
    sentences = [s for s in _SENTENCE_SPLIT.split(text) if s.strip()]
    questions = [s for s in sentences if _is_question_sentence(s, language)]
    if len(questions) != 1:
        return f"{len(questions)} question sentences"
    # The question must close the text so the candidate knows what to answer.
    if not _is_question_sentence(sentences[-1], language):
        return "does not end with the question"
    return copy_problem(text, grounding)


def copy_problem(text: str, sources: Sequence[str]) -> str | None:
    """None unless `text` (nearly) repeats one of `sources` or is a long verbatim piece of one."""
    mine = _normalise(text)
    for source in sources:
        theirs = _normalise(source)
        ratio = SequenceMatcher(None, mine, theirs).ratio()
        if ratio >= COPY_SIMILARITY:
            return f"copies its input (similarity {ratio:.2f})"
        if len(mine) >= MIN_COPIED_CHARS and mine in theirs:
            return "is a verbatim piece of its input"
    return None


def judgement_problem(data: Any, language: str, sources: Sequence[str] = ()) -> str | None:
    """None when `data` is a well-formed judgement in `language` that does not parrot `sources`."""
    if not isinstance(data, dict):
        return "not an object"
    for key in SCORE_KEYS:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{key} is not an integer: {value!r}"
        if not 1 <= value <= 5:
            return f"{key} out of range: {value}"
    for key in PROSE_KEYS:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            return f"{key} is empty or not text"
        if len(value) > MAX_PROSE_CHARS:
            return f"{key} longer than {MAX_PROSE_CHARS} chars"
        if sum(letter_counts(value)) < MIN_PROSE_LETTERS:
            return f"{key} has fewer than {MIN_PROSE_LETTERS} letters"
        if _PROMPT_ECHO.search(value):
            return f"{key} echoes the prompt markup"
        copied = copy_problem(value, sources)
        if copied:
            return f"{key} {copied}"
    prose = " ".join(data[k] for k in PROSE_KEYS)
    problem = language_problem(prose, language)
    if problem:
        return f"prose not in {language}: {problem}"
    for key in PROSE_KEYS:
        words = data[key].split()
        # Small models loop ("good good good ..."); such text is not feedback.
        if len(words) >= 8 and len(set(words)) / len(words) < 0.3:
            return f"{key} is degenerate, repetitive prose"
    return None
