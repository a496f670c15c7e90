"""A spoken answer in headless Chromium: fake microphone -> WebRTC -> Silero segments -> Whisper -> answer box.

The microphone plays a piper (or flite) sentence in a loop. The test presses stop and requires the spoken
words, not just "a draft or an error", in the answer box. The stop->draft time is printed (the bench's job is
to hold it to 2 s: bench/README.md); the only bound here is the page's own timeout.
"""
from __future__ import annotations

import time
import wave
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from media.audio import SAMPLE_RATE
from media.stt.wer import tokens
from tests.media import speech_set
from tests.ui.test_browser import (  # noqa: F401  (fixtures are used by name)
    CHROMIUM,
    EN,
    KO,
    chromium_with_microphone,
    fix_server,
    live,
    needs_chromium,
    new_page,
    sign_up,
    start_interview,
)

SENTENCE = "I would use a token bucket stored in Redis to limit requests per user."
# Words whisper-base hears in these voices through Opus; "Redis" is not among them (piper's comes back as
# "release" about half the time), so it is reported, not required. Number is not required either: a sentence
# cut by the loop came back as "limit request per user" on the CI machine, where the plural was said.
MUST_HEAR = ["token", "bucket", "stored", "limit", "requests", "user"]
PAUSE_S = 1.5  # silence after the sentence in the looped file


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


pytestmark = needs_chromium


@pytest.fixture(name="voice_wav", scope="module")
def fix_voice_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sentence once, then PAUSE_S of silence (Chromium loops the file)."""
    folder = tmp_path_factory.mktemp("voice")
    engine, voice = ("piper", "joe") if speech_set.available("piper") else ("flite", "slt")
    pcm = speech_set.synthesize(engine, voice, SENTENCE, folder / "raw.wav")
    path = folder / "answer.wav"
    with wave.open(str(path), "wb") as w:
        w.setframerate(SAMPLE_RATE)
        w.setsampwidth(2)
        w.setnchannels(1)
        w.writeframes(pcm + bytes(int(PAUSE_S * SAMPLE_RATE) * 2))
    return path


@pytest.fixture(name="voice_browser", scope="module")
async def fix_voice_browser(voice_wav: Path) -> AsyncIterator[object]:
    async with chromium_with_microphone(voice_wav) as browser:
        yield browser


def _window_ms(voice_wav: Path) -> int:
    """How long to record so that at least one whole sentence is inside, whatever the loop's phase at the start: a
    loop (sentence and pause) plus one more sentence, and half a second for the capture to start. 7.5 s was less than
    that (piper's loop is 5.3 s, its sentence 3.8 s): the CI machine once caught a first pass with "per user" heard as
    "for use" and a second one cut before it."""
    with wave.open(str(voice_wav), "rb") as w:
        loop = w.getnframes() / w.getframerate()
    return int(1000 * (loop + (loop - PAUSE_S) + 0.5))


async def test_spoken_words_reach_the_answer_box(server: str, voice_browser: object, voice_wav: Path) -> None:
    page = await new_page(voice_browser)
    await page.goto(f"{server}/login")
    await live(page)
    await page.get_by_role("button", name=KO("lang.switch_to_en")).click()
    await page.get_by_role("button", name=EN("auth.login")).wait_for()
    await sign_up(page, server, EN)
    await start_interview(page, server, EN, "en", 1)
    await page.get_by_role("switch", name=EN("device.camera_opt_in")).wait_for()
    await page.get_by_role("button", name=EN("device.start_check")).click()
    await page.get_by_text(EN("device.mic_ok")).wait_for()
    await page.get_by_role("button", name=EN("device.continue")).click()
    await page.locator(".ic-question").wait_for()
    await page.get_by_text(EN("interview.mic_ready")).wait_for()
    # Wait until the live call is up, so the answer goes through WebRTC and not an upload.
    await page.wait_for_function("() => window.IC && window.IC.state.liveReady === true", timeout=30_000)

    await page.get_by_role("button", name=EN("interview.start_answer")).click()
    await page.get_by_text(EN("interview.recording")).wait_for()
    await page.wait_for_timeout(_window_ms(voice_wav))
    await page.get_by_role("button", name=EN("interview.stop_answer")).click()
    stopped = time.monotonic()
    box = page.get_by_label(EN("interview.answer_label"), exact=True)
    failed = page.get_by_text(EN("errors.dialog.stt.title"))
    draft = ""
    while time.monotonic() - stopped < 10:  # STOP_TIMEOUT_MS in media.js is 8 s
        draft = (await box.input_value()).strip()
        if draft or await failed.is_visible():
            break
        await page.wait_for_timeout(50)
    elapsed = time.monotonic() - stopped
    print(f"stop -> draft in the answer box: {elapsed:.2f} s; draft: {draft!r}")
    assert draft, "recognition failed or timed out: " + await page.locator("body").inner_text()
    heard = {_singular(word) for word in tokens(draft)}
    # Whisper may fuse a word with the sound before it ("Redis to limit" came back as "Redis Delimit" on the CI
    # machine): a word heard inside another still reached the box.
    missing = [w for w in MUST_HEAR if not any(_singular(w) in h for h in heard)]
    assert not missing, f"the draft lacks {missing}: {draft!r}"
    assert await page.evaluate("window.IC.state.lastLive") is True  # the live call's finals, not an upload
