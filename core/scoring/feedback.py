"""Turn criterion evidence into coach-like feedback in the session language (phrases from YAML)."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.question_bank import bank
from core.scoring.lexicon import feedback_phrases
from core.scoring.text import stem_en

_JOSA = re.compile(r"\{josa:([^/}]+)/([^}]+)\}")
_TRAIL = re.compile(r"[\s)\]'\"’”.,·]+$")
_BATCHIM_DIGITS = set("013678")


def has_batchim(word: str) -> bool:
    """Whether the word ends in a final consonant when read in Korean (for 을/를, 이/가, 은/는)."""
    w = _TRAIL.sub("", word)
    # "X(Y)" reads as X: look before a parenthesised tail.
    w = re.sub(r"\([^)]*$", "", w) or w
    if not w:
        return False
    last = w[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    if last.isdigit():
        return last in _BATCHIM_DIGITS
    return _latin_has_batchim(w)


_VOWEL = "aeiou"
# Korean readings of English words that break the spelling rules below (체크, 허브, 서브, 비트, 루프).
_OPEN_ENDINGS = ("check", "hub", "sub", "bit", "oop")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]*$")


def _latin_has_batchim(word: str) -> bool:
    """How a Korean reads the English word: Git 깃, Slack 슬랙, heap 힙 and SQL 에스큐엘 close on a consonant; Redis 레디스,
    Docker 도커, log 로그 and API 에이피아이 do not."""
    tail = re.search(r"[A-Za-z]+$", word)
    if not tail:
        return False
    token = tail.group()
    if len(token) == 1 or _ACRONYM.fullmatch(token):
        # Read letter by letter: 엘, 엠, 엔, 알 are the letter names that end in a consonant.
        return token[-1].upper() in "LMNR"
    w = token.lower()
    if w.endswith(_OPEN_ENDINGS):
        return False
    if w.endswith(("ng", "m", "n", "l", "me", "ne", "le", "ck", "ook")):
        return True
    last, before = w[-1], w[-2]
    if last == "p":
        return before in _VOWEL or before == "p"
    if last in "tkb":
        # A single short vowel before t/k/b keeps the consonant (socket 소켓, chat 챗, web 웹); a long one or a cluster
        # adds a vowel (boot 부트, test 테스트, task 태스크).
        return before in _VOWEL and (len(w) < 3 or w[-3] not in _VOWEL) or w.endswith("out")
    return False


def _apply_josa(text: str) -> str:
    out, pos = [], 0
    for m in _JOSA.finditer(text):
        before = text[pos:m.start()]
        out.append(before)
        prefix = "".join(out)
        out.append(m.group(1) if has_batchim(prefix) else m.group(2))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


@dataclass
class Phrases:
    """Phrase picker for one answer: deterministic variants, josa-aware rendering."""

    language: str
    seed: int

    @classmethod
    def for_answer(cls, language: str, answer: str) -> Phrases:
        """Phrases whose variant choice depends only on the answer text."""
        digest = hashlib.sha1(answer.encode("utf-8")).digest()
        return cls(language=language, seed=int.from_bytes(digest[:4], "big"))

    @property
    def data(self) -> dict[str, Any]:
        """The raw phrase tree."""
        return feedback_phrases(self.language)

    def get(self, path: str, **values: Any) -> str:
        """Render the phrase at a dotted path (a list picks one variant)."""
        node: Any = self.data
        for part in path.split("."):
            node = node[part]
        if isinstance(node, list):
            node = node[(self.seed + len(path)) % len(node)]
        return self.render(str(node), **values)

    def render(self, template: str, **values: Any) -> str:
        """Fill {placeholders}, then pick Korean particles for {josa:A/B} markers."""
        text = template
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        return _apply_josa(text) if self.language == "ko" else text

    def join(self, items: list[str]) -> str:
        """A short natural list: "A, B" (ko) / "A and B" (en)."""
        items = [i for i in items if i]
        if self.language == "ko" or len(items) < 2:
            return ", ".join(items)
        return ", ".join(items[:-1]) + " and " + items[-1]


@lru_cache(maxsize=1)
def _capitalised_names() -> frozenset[str]:
    """Words the English bank writes capitalised mid-sentence more often than in lower case ("on Android"): names."""
    text = " ".join(f"{q.text} {q.model_answer}" for q in bank() if q.language == "en")
    capitalised = Counter(re.findall(r"(?<=[a-z] )([A-Z][a-z][A-Za-z0-9]*)", text))
    lower = Counter(re.findall(r"\b[a-z][A-Za-z0-9]*", text))
    return frozenset(w for w, n in capitalised.items() if n > lower[w.lower()])


def point_phrase(point: str, language: str) -> str:
    """A key-point label as it reads mid-sentence (English: lower-case a capitalised first word, unless it is a name
    such as "Android" or "Kubernetes", or is written with a capital inside: "OpenTelemetry", "Cache-Control")."""
    if language == "en" and len(point) > 1 and point[0].isupper() and point[1].islower():
        first = point.split(maxsplit=1)[0].rstrip(":,;")
        if first in _capitalised_names() or any(ch.isupper() for ch in first[1:]):
            return point
        return point[0].lower() + point[1:]
    return point


def quote(text: str, limit: int = 40) -> str:
    """A short quotation from the answer, cut between words where one ends in its last third ("… push back on or…",
    not "… push back on or s…")."""
    text = text.strip().rstrip(".")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1].isalnum() and cut[-1].isalnum():
        space = cut.rfind(" ")
        if space >= (limit * 2) // 3:
            cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


_ASCII_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9.+#-]*[A-Za-z0-9+#]|(?<![A-Za-z0-9])[A-Za-z]")


@lru_cache(maxsize=4096)
def _word_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![A-Za-z0-9])" + re.escape(term) + r"(?![A-Za-z0-9])", re.IGNORECASE)


def surface(term: str, text: str) -> str:
    """The term as the candidate wrote it ("redis" → "Redis"; "https" found by its stem in "an HTTP API" → "HTTP"),
    else the term itself."""
    if term.isascii():
        m = _word_pattern(term).search(text)
        if m:
            return m.group(0)
        if " " not in term:
            stem = stem_en(term.lower())
            for m in _ASCII_WORD.finditer(text):
                if stem_en(m.group(0).lower()) == stem:
                    return m.group(0)
    return term
