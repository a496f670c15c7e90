"""Delivery metrics of a spoken answer: pace, pauses and filler words (ko / en)."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).with_name("speech_metrics.yaml")

# Words, plus the punctuation that disambiguates fillers ("I think, like, the ...").
_TOKEN = re.compile(r"[\w']+|[,.;!?\u2026]", re.UNICODE)
_PUNCT = {",", ".", ";", "!", "?", "\u2026"}
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def _lang(language: str) -> str:
    code = language.strip().lower().split("-")[0].split("_")[0]
    return code if code in ("ko", "en") else "en"


def english_syllables(word: str) -> int:
    """Heuristic syllable count of one English word (vowel groups, silent e, -le, min 1)."""
    w = word.lower().strip("'")
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    count = len(_VOWEL_GROUP.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent e: "make", "time"
    if w.endswith("ed") and not w.endswith(("ted", "ded")) and count > 1:
        count -= 1  # "worked", "solved"
    if w.endswith("es") and not re.search(r"(?:[sxz]|ch|sh|ge|ce)es$", w) and count > 1:
        count -= 1  # "minutes", "times"
    return max(1, count)


def count_syllables(text: str, language: str) -> int:
    """Hangul syllable blocks (ko) plus heuristic syllables of Latin words (any language)."""
    hangul = len(_HANGUL.findall(text))
    latin = sum(english_syllables(w) for w in _LATIN_WORD.findall(text.lower()))
    return hangul + latin


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def _normalise_words(words: Sequence[Any]) -> list[tuple[str, float | None, float | None]]:
    out = []
    for item in words:
        token = str(_field(item, "word") or "").strip()
        if not token:
            continue
        start, end = _field(item, "start"), _field(item, "end")
        out.append((token, None if start is None else float(start), None if end is None else float(end)))
    return out


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def _word_count(tokens: Sequence[str]) -> int:
    return sum(1 for t in tokens if t not in _PUNCT)


def find_fillers(tokens: Sequence[str], language: str, pauses_after: Sequence[float] | None = None) -> dict[str, int]:
    """Filler word/phrase counts; `pauses_after[i]` is the gap (s) after token i, if timed."""
    lang = _lang(language)
    spec = _data()["fillers"][lang]
    short = float(_data()["pause"]["short_s"])
    always = sorted((tuple(p.split()) for p in spec["always"]), key=len, reverse=True)
    ambiguous = {a for a in spec.get("ambiguous", [])}
    counts: dict[str, int] = {}
    flagged = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        for phrase in always:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                key = " ".join(phrase)
                counts[key] = counts.get(key, 0) + 1
                for k in range(i, i + len(phrase)):
                    flagged[k] = True
                i += len(phrase)
                break
        else:
            i += 1
    always_single = {p[0] for p in always if len(p) == 1}
    for i, token in enumerate(tokens):
        if flagged[i]:
            continue
        if lang == "en" and token == "like":
            before = tokens[i - 1] if i > 0 else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            set_off = before == "," and after in _PUNCT
            plural = before.endswith("s") and before not in spec["like_plural_exceptions"]
            verb_or_preposition = before in spec["like_not_after"] or plural or after in spec["like_not_before"]
            if set_off or not verb_or_preposition:
                counts["like"] = counts.get("like", 0) + 1
                flagged[i] = True
            continue
        if token in ambiguous:
            neighbours = {tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)}
            paused = pauses_after is not None and i < len(pauses_after) and pauses_after[i] >= short
            comma_after = i + 1 < len(tokens) and tokens[i + 1] in {",", "\u2026"}
            if neighbours & (always_single | {token}) or paused or comma_after:
                counts[token] = counts.get(token, 0) + 1
                flagged[i] = True
    return counts


def pace_label(language: str, words_per_minute: float | None, syllables_per_minute: float | None) -> str | None:
    """slow / ok / fast from the language's band (None if the rate is unknown)."""
    band = _data()["pace"][_lang(language)]
    rate = words_per_minute if band["basis"] == "words_per_minute" else syllables_per_minute
    if rate is None:
        return None
    if rate < band["slow_below"]:
        return "slow"
    if rate > band["fast_above"]:
        return "fast"
    return "ok"


def compute_speech_metrics(
    words: Sequence[Any], text: str, language: str, duration: float | None = None
) -> dict[str, Any]:
    """Pace, pauses and fillers of one answer.

    `words` are Word-like objects or dicts with word/start/end (may be empty: then `text` is
    used and pause metrics are unavailable). Rates use the speech span (first word start to
    last word end) when timings exist, else `duration`.
    """
    lang = _lang(language)
    pause_cfg = _data()["pause"]
    short, long_ = float(pause_cfg["short_s"]), float(pause_cfg["long_s"])
    entries = [(" ".join(_tokens(w)), s, e) for w, s, e in _normalise_words(words)]
    entries = [entry for entry in entries if _word_count(entry[0].split())]
    timed = bool(entries) and all(s is not None and e is not None for _, s, e in entries)
    if timed:
        entries.sort(key=lambda entry: entry[1])
    spoken_text = " ".join(w for w, _, _ in entries) if entries else text
    word_count = len(entries) if entries else _word_count(_tokens(text))

    # Filler matching works on single tokens; each carries the gap that follows it (if timed).
    tokens: list[str] = []
    pauses_after: list[float] = []
    gaps: list[float] = []
    long_items: list[dict[str, Any]] = []
    span = speaking = None
    if entries:
        for index, (word, _start, end) in enumerate(entries):
            parts = word.split()
            gap = 0.0
            if timed and index + 1 < len(entries):
                gap = max(0.0, entries[index + 1][1] - end)
                gaps.append(gap)
                if gap >= long_:
                    long_items.append(
                        {"after": word, "start": round(end, 3), "end": round(entries[index + 1][1], 3), "duration": round(gap, 3)}
                    )
            tokens += parts
            pauses_after += [0.0] * (len(parts) - 1) + [gap]
    else:
        tokens = _tokens(text)
    if timed:
        span = max(e for _, _, e in entries) - entries[0][1]
        speaking = span - sum(g for g in gaps if g >= short)

    syllables = count_syllables(spoken_text, lang)
    basis = span if span else duration
    wpm = round(word_count / basis * 60, 1) if basis else None
    spm = round(syllables / basis * 60, 1) if basis else None
    fillers = find_fillers(tokens, lang, pauses_after if timed else None)
    filler_count = sum(fillers.values())
    total = duration if duration is not None else span
    return {
        "language": lang,
        "timed": timed,
        "word_count": word_count,
        "syllable_count": syllables,
        "total_time_s": None if total is None else round(total, 3),
        "speaking_time_s": None if speaking is None else round(speaking, 3),
        "words_per_minute": wpm,
        "syllables_per_minute": spm,
        "pace": pace_label(lang, wpm, spm),
        "long_pauses": {
            "count": len(long_items),
            "threshold_s": long_,
            "total_s": round(float(sum(p["duration"] for p in long_items)), 3),
            "items": long_items,
        },
        "longest_pause_s": round(max(gaps), 3) if gaps else None,
        "filler_words": fillers,
        "filler_count": filler_count,
        "filler_rate": round(filler_count / word_count, 4) if word_count else 0.0,
    }
