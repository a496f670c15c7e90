"""Speech delivery metrics: pace, pauses, fillers, with and without word timings."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.speech_metrics import (
    compute_speech_metrics,
    count_syllables,
    english_syllables,
    find_fillers,
)


@dataclass
class W:
    word: str
    start: float
    end: float


def _timed(text: str, step: float = 0.4, pauses: dict[int, float] | None = None) -> list[W]:
    """Words every `step` s (0.3 s long); pauses[i] adds extra silence before word i."""
    words, t = [], 0.0
    for i, token in enumerate(text.split()):
        t += (pauses or {}).get(i, 0.0)
        words.append(W(token, round(t, 3), round(t + 0.3, 3)))
        t += step
    return words


def test_english_timed_answer() -> None:
    words = _timed("um I worked on the uh database migration project", pauses={4: 1.5})
    m = compute_speech_metrics(words, "", "en")
    assert m["timed"] and m["word_count"] == 9
    assert m["long_pauses"]["count"] == 1
    assert m["long_pauses"]["items"][0]["after"] == "on" and m["long_pauses"]["items"][0]["duration"] == pytest.approx(1.6)
    assert m["longest_pause_s"] == pytest.approx(1.6)
    span = words[-1].end - words[0].start
    assert m["total_time_s"] == pytest.approx(span)
    assert m["speaking_time_s"] == pytest.approx(span - 1.6)
    assert m["words_per_minute"] == pytest.approx(9 / span * 60, abs=0.1)
    assert m["filler_words"] == {"um": 1, "uh": 1} and m["filler_rate"] == pytest.approx(2 / 9, abs=1e-3)


def test_pace_bands_english() -> None:
    fast = compute_speech_metrics(_timed("one two three four five six seven eight nine ten", step=0.3), "", "en")
    slow = compute_speech_metrics(_timed("one two three four five six seven eight nine ten", step=0.7), "", "en")
    ok = compute_speech_metrics(_timed("one two three four five six seven eight nine ten", step=0.45), "", "en")
    assert (fast["pace"], slow["pace"], ok["pace"]) == ("fast", "slow", "ok")


def test_text_only_uses_duration_and_has_no_pause_data() -> None:
    text = "Um so I think, like, the project was basically hard. I like to code. You know, it was fine."
    m = compute_speech_metrics([], text, "en", duration=10.0)
    assert not m["timed"] and m["word_count"] == 19 and m["total_time_s"] == 10.0
    assert m["words_per_minute"] == pytest.approx(114.0) and m["pace"] == "ok"
    assert m["speaking_time_s"] is None and m["long_pauses"]["count"] == 0 and m["longest_pause_s"] is None
    assert m["filler_words"] == {"um": 1, "so": 1, "like": 1, "basically": 1, "you know": 1}
    no_duration = compute_speech_metrics([], text, "en")
    assert no_duration["words_per_minute"] is None and no_duration["pace"] is None


def test_like_as_verb_or_preposition_is_not_a_filler() -> None:
    assert find_fillers(["i", "like", "python", "and", "tools", "like", "docker"], "en") == {}
    assert find_fillers(["it", "was", "like", "really", "hard"], "en") == {"like": 1}


def test_korean_syllables_fillers_and_pace() -> None:
    text = "음 그 저는 이제 음 백엔드 개발자로서 그 프로젝트를 진행했습니다"
    m = compute_speech_metrics([], text, "ko", duration=5.0)
    assert m["syllable_count"] == 27 and m["word_count"] == 10
    assert m["syllables_per_minute"] == pytest.approx(324.0) and m["pace"] == "ok"
    # "그" next to "음" is a filler; "그 프로젝트" (that project) is not.
    assert m["filler_words"] == {"음": 2, "그": 1, "이제": 1}
    assert compute_speech_metrics([], text, "ko", duration=3.0)["pace"] == "fast"
    assert compute_speech_metrics([], text, "ko", duration=9.0)["pace"] == "slow"


def test_korean_ambiguous_filler_before_a_pause() -> None:
    words = [W("약간", 0.0, 0.4), W("어려운", 0.9, 1.3), W("약간", 1.4, 1.8), W("문제", 1.85, 2.2)]
    assert compute_speech_metrics(words, "", "ko-KR")["filler_words"] == {"약간": 1}


def test_dict_words_and_mixed_script_syllables() -> None:
    words = [{"word": "API", "start": 0.0, "end": 0.5}, {"word": "서버를", "start": 0.6, "end": 1.0}]
    m = compute_speech_metrics(words, "ignored when words exist", "ko")
    assert m["word_count"] == 2 and m["syllable_count"] == count_syllables("API 서버를", "ko") == 4
    assert [english_syllables(w) for w in ("time", "minutes", "difficult", "database")] == [1, 2, 3, 3]


def test_empty_answer() -> None:
    m = compute_speech_metrics([], "", "en")
    assert m["word_count"] == 0 and m["filler_rate"] == 0.0 and m["pace"] is None
