"""Issue 12 in headless Chromium: nothing typed is lost, one session per click, logout ends every tab,
a count that does not move, honest feedback shown where it happened, and axe-core clean on every page.

Screenshots of the highlighted answer go to docs/screenshots/ (result-highlights-{ko,en}-{desktop,phone}).
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from tests.ui.conftest import PASSWORD, make_user
from tests.ui.test_browser import (  # noqa: F401  (fixtures are used by name)
    CHROMIUM,
    EN,
    GOOD_EN,
    GOOD_KO,
    KO,
    fix_browser,
    fix_server,
    fix_speech_wav,
    live,
    log_in_page,
    needs_chromium,
    new_page,
    next_screen,
    shot,
    sign_up,
    start_interview,
    submit,
)
from ui.i18n import Translator, catalog

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".venv/lib/python3.11/site-packages/axe_playwright_python/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = needs_chromium


def axe_source() -> str:
    if AXE.exists():
        return AXE.read_text(encoding="utf-8")
    import axe_playwright_python  # the installed package bundles axe.min.js

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


async def axe_problems(page, skip: tuple[str, ...] = ()) -> list[str]:  # type: ignore[no-untyped-def]
    """Serious and critical WCAG 2.1 AA violations on the page as it is now."""
    if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
        await page.add_script_tag(content=axe_source())
    result = await page.evaluate(
        "([tags, skip]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "rules: Object.fromEntries(skip.map(r => [r, {enabled: false}]))})", [AXE_TAGS, list(skip)])
    return [f'{v["id"]} ({v["impact"]}): {v["help"]} — ' + "; ".join(_node(n) for n in v["nodes"][:4])
            for v in result["violations"] if v.get("impact") in ("serious", "critical")]


def _node(node: dict) -> str:
    """Where and why: the element's HTML and axe's own explanation."""
    why = next((c.get("message") for c in node.get("any", []) + node.get("all", []) if c.get("message")), "")
    return f'{node.get("html", "")[:140]} [{why}]'



# Contrast of every button in an open dialog, from computed colours. axe-core measures a Quasar dialog's
# buttons against the page behind the backdrop (it reports the backdrop's #999 for all of them, even for a
# solid indigo button), so in a dialog this check replaces axe's color-contrast rule.
DIALOG_CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const bgOf = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0.9)) return c; } return [255, 255, 255]; };
  return [...document.querySelectorAll('.q-dialog .q-btn')].map(b => {
    const fg = rgb(getComputedStyle(b).color), bg = bgOf(b);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return [b.innerText.trim(), (hi + 0.05) / (lo + 0.05)];
  }).filter(([, ratio]) => ratio < 4.5).map(([text, ratio]) => `${text}: ${ratio.toFixed(2)}`);
}"""


async def assert_accessible(page, name: str, problems: dict[str, list[str]], *,  # type: ignore[no-untyped-def]
                            dialog: bool = False) -> None:
    await page.wait_for_timeout(300)  # transitions settle
    found = await axe_problems(page, skip=("color-contrast",) if dialog else ())
    if dialog:
        found += [f"dialog button contrast {p}" for p in await page.evaluate(DIALOG_CONTRAST)]
    lang = await page.evaluate("document.documentElement.lang")
    if lang not in ("ko", "en"):
        found.append(f"html lang is {lang!r}")
    if found:
        problems[name] = found


async def box_value(page, t: Translator) -> str:  # type: ignore[no-untyped-def]
    return await page.get_by_label(t("interview.answer_label"), exact=True).input_value()


async def db_draft(record_id: int) -> str | None:
    from db.engine import db_session
    from db.models import InterviewRecord

    async with db_session() as db:
        rec = await db.get(InterviewRecord, record_id)
        return rec.draft_answer if rec else None


async def current_record_id(session_id: int) -> int:
    from core.services import interviews
    from db.engine import db_session
    from db.models import InterviewSession

    async with db_session() as db:
        s = await db.get(InterviewSession, session_id)
        records = await interviews.records_of(db, s.id)  # type: ignore[union-attr]
    rec = interviews.current_record(records)
    assert rec is not None and rec.id is not None
    return rec.id


async def wait_for(predicate, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await predicate():
            return
        import asyncio

        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


async def sign_up_in(page, base: str, t: Translator) -> str:  # type: ignore[no-untyped-def]
    """Sign up with the UI in `t`'s language (Korean is the default; English is switched to first)."""
    if t.language == "en":
        await page.goto(f"{base}/signup")
        await live(page)
        await page.get_by_role("button", name=KO("lang.switch_to_en")).click()
        await page.get_by_role("button", name=EN("auth.signup")).wait_for()
    return await sign_up(page, base, t)


async def open_interview(page, base: str, t: Translator, language: str, questions: int) -> int:  # type: ignore[no-untyped-def]
    sid = await start_interview(page, base, t, language, questions)
    await page.get_by_role("button", name=t("device.continue")).click()
    await page.locator(".ic-question").wait_for()
    return sid


async def submit_by_keyboard(page, t: Translator) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Enter in the answer box, then wait until this question's card is gone (as `submit` does for the button)."""
    card = await page.locator(".ic-question").element_handle()
    await page.get_by_label(t("interview.answer_label"), exact=True).press("Control+Enter")
    await wait_for(lambda: card.evaluate("el => !el.isConnected"), 30, "Ctrl+Enter to submit")


# Keeps draft.js from ever wiring up an answer box (ICDraft.watch does nothing), as if the server's call to it
# had not arrived yet when the key was pressed.
NO_WATCH = """Object.defineProperty(window, "ICDraft", {configurable: true, get() { return undefined; },
  set(v) { v.watch = () => false; Object.defineProperty(window, "ICDraft", {value: v, writable: true}); }});"""


async def test_ctrl_enter_submits_before_the_answer_box_is_wired_up(server: str, browser: object) -> None:
    page = await new_page(browser)
    await page.context.add_init_script(NO_WATCH)
    await sign_up_in(page, server, EN)
    await open_interview(page, server, EN, "en", 1)
    assert await page.evaluate("() => typeof ICDraft.watch === 'function' && ICDraft.watch(0, 0) === false")
    await page.get_by_label(EN("interview.answer_label"), exact=True).fill(GOOD_EN)
    await submit_by_keyboard(page, EN)


async def test_a_typed_answer_survives_a_network_drop_a_reload_and_a_new_tab(server: str, browser: object) -> None:
    page = await new_page(browser)
    await sign_up_in(page, server, EN)
    sid = await open_interview(page, server, EN, "en", 2)
    record_id = await current_record_id(sid)
    box = page.get_by_label(EN("interview.answer_label"), exact=True)
    # Focus is in the answer box when the question appears: typing goes straight in.
    await wait_for(lambda: page.evaluate("() => document.activeElement?.tagName === 'TEXTAREA'"), 10,
                   "focus in the answer box")
    first = "I design REST APIs around resources and use GET to read."
    await page.keyboard.type(first)
    await wait_for(lambda: _equals(db_draft(record_id), first), 10, "the draft saved on the server")

    await page.context.set_offline(True)
    later = " POST creates, PUT replaces, PATCH updates, DELETE removes."
    await box.press("End")
    await page.keyboard.type(later)  # typed while the connection is down
    popup = page.locator("#popup")
    await wait_for(lambda: _attr_is(popup, "aria-hidden", "false"), 10, "the reconnect banner")
    assert EN("app.reconnecting") in (await popup.text_content() or "")  # our words, not NiceGUI's
    await page.wait_for_timeout(6000)
    await page.context.set_offline(False)
    full = first + later
    await wait_for(lambda: _equals(db_draft(record_id), full), 20, "the offline keystrokes reaching the server")
    assert await box_value(page, EN) == full

    await page.reload()
    await page.locator(".ic-question").wait_for()
    await wait_for(lambda: _equals(box_value(page, EN), full), 10, "the draft after a reload")
    other_tab = await page.context.new_page()
    await other_tab.goto(f"{server}/interview/{sid}")
    await other_tab.locator(".ic-question").wait_for()
    await wait_for(lambda: _equals(box_value(other_tab, EN), full), 10, "the draft in a new tab")
    await page.context.close()


async def _equals(value, expected: str) -> bool:  # type: ignore[no-untyped-def]
    return (await value) == expected


async def _attr_is(locator, name: str, expected: str) -> bool:  # type: ignore[no-untyped-def]
    return (await locator.get_attribute(name)) == expected


async def test_a_double_click_on_start_creates_one_session(server: str, browser: object) -> None:
    from core.services import interviews, users
    from db.engine import db_session

    page = await new_page(browser)
    username = await sign_up(page, server, KO)
    await page.get_by_label(KO("landing.question_count"), exact=True).fill("2")
    await page.get_by_role("button", name=KO("landing.start")).dblclick()
    await page.wait_for_url(re.compile(r".*/device-check\?session_id=\d+"), timeout=60_000)
    await page.wait_for_timeout(1500)  # a second session, if any, would have been created by now
    async with db_session() as db:
        account = await users.authenticate(db, username, PASSWORD)
        sessions = await interviews.list_sessions(db, account)
    assert len(sessions) == 1
    await page.context.close()


async def test_an_invalid_count_is_shown_next_to_the_field(server: str, browser: object) -> None:
    page = await new_page(browser, width=375, height=640)
    await sign_up(page, server, KO)
    count = page.get_by_label(KO("landing.question_count"), exact=True)
    await count.fill("")  # no count at all (out-of-range numbers are clamped by the field itself)
    await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    await page.get_by_role("button", name=KO("landing.start")).click()
    message = page.get_by_text(KO("landing.count_rule", n=15))
    await message.wait_for()
    await page.wait_for_timeout(800)  # the smooth scroll ends
    box = await message.bounding_box()
    assert box is not None and 0 <= box["y"] <= 640  # scrolled into view
    assert await page.evaluate("() => document.activeElement?.tagName") == "INPUT"
    await page.context.close()


async def test_logout_ends_every_tab_of_the_account(server: str, browser: object) -> None:
    from core.services import interviews, users
    from db.engine import db_session

    page = await new_page(browser)
    username = await sign_up_in(page, server, EN)
    sid = await open_interview(page, server, EN, "en", 2)
    elsewhere = await new_page(browser)  # another browser, signed in to the same account
    await log_in_page(elsewhere, server, username)
    await elsewhere.goto(f"{server}/interview/{sid}")
    await elsewhere.locator(".ic-question").wait_for()

    second_tab = await page.context.new_page()
    await second_tab.goto(f"{server}/history")
    await second_tab.get_by_role("button", name=EN("nav.logout")).click()
    await second_tab.wait_for_url(re.compile(r".*/login.*"))
    await page.wait_for_url(re.compile(r".*/login.*"), timeout=10_000)  # the interview tab follows

    # The other browser's interview cannot submit any more: it is sent to the login page instead.
    await elsewhere.get_by_label(EN("interview.answer_label"), exact=True).fill(GOOD_EN)  # the account is English
    await elsewhere.get_by_role("button", name=EN("interview.submit")).click()
    await elsewhere.wait_for_url(re.compile(r".*/login.*"), timeout=10_000)
    async with db_session() as db:
        account = (await users.list_users(db, limit=10_000))
        owner = next(u for u in account if u.username == username)
        _, records = await interviews.results(db, owner, sid)
    assert all(r.answer_text is None for r in records)
    await page.context.close()
    await elsewhere.context.close()


async def answer_for(session_id: int, fallback: str, *, with_misconception: bool) -> str:
    """A good answer to the question on screen: its bank model answer (plus, if asked, one of the bank's
    known misconceptions stated as a claim, so the result can show a correction); else `fallback`."""
    from sqlalchemy import select

    from core.services import interviews
    from db.engine import db_session
    from db.models import BankQuestionRow, InterviewSession

    async with db_session() as db:
        s = await db.get(InterviewSession, session_id)
        rec = interviews.current_record(await interviews.records_of(db, session_id))
        if s is None or rec is None or not rec.bank_key:
            return fallback
        row = (await db.execute(select(BankQuestionRow).where(BankQuestionRow.key == rec.bank_key,
                                                              BankQuestionRow.language == s.language))
               ).scalar_one_or_none()
    if row is None or not row.model_answer:
        return fallback
    claims = [m["claim"] for m in row.misconceptions or [] if m.get("claim")]
    return f"{row.model_answer} {claims[0]}" if with_misconception and claims else row.model_answer


async def _interview_to_results(page, base: str, t: Translator, language: str, answer: str,  # type: ignore[no-untyped-def]
                                questions: int, seen: list[str]) -> int:
    """A typed interview; records every progress text it shows. Returns the session id."""
    sid = await open_interview(page, base, t, language, questions)
    progress = page.locator(".ic-progress")
    for attempt in range(14):
        if await next_screen(page, t) == "end":
            break
        seen.append((await progress.inner_text()).strip())
        retry = await page.get_by_text(t("interview.retry_title")).is_visible()
        good = await answer_for(sid, answer, with_misconception=attempt == 0)
        text = f"{good} ({attempt})" if retry else good
        await page.get_by_label(t("interview.answer_label"), exact=True).fill(text)
        if attempt % 2:  # Ctrl+Enter submits as well as the button
            await submit_by_keyboard(page, t)
        else:
            await submit(page, t)
    else:
        raise AssertionError("the interview never reached its end")
    await page.get_by_role("button", name=t("interview.finish")).click()
    await page.wait_for_url(f"{base}/result/{sid}", timeout=120_000)
    await page.locator(".ic-score").first.wait_for()
    return sid


# Where delivery (pace, fillers, pauses) is talked about: the coaching templates and the speech labels. Their fixed
# text is what must not show for a typed interview; a bare word such as "속도" may be in the answer or a key point.
DELIVERY_TEMPLATES = (("weaknesses", "fillers"), ("weaknesses", "pace_fast"), ("weaknesses", "pace_slow"),
                      ("weaknesses", "pauses"), ("strengths", "fluent"), ("next_steps", "fillers"),
                      ("next_steps", "pace_fast"), ("next_steps", "pace_slow"), ("report", "strength", "delivery"),
                      ("report", "strength", "filler_words"), ("report", "improvement", "delivery"),
                      ("report", "improvement", "filler_words"), ("status", "off_topic", "strengths"))


def delivery_phrases(lang: str) -> list[str]:
    """The literal pieces (between placeholders) of every delivery template and speech label in `lang`."""
    feedback = yaml.safe_load((ROOT / "core" / "scoring" / f"feedback_{lang}.yaml").read_text(encoding="utf-8"))
    texts: list[str] = []
    for path in DELIVERY_TEMPLATES:
        node = feedback
        for part in path:
            node = node[part]
        texts += node if isinstance(node, list) else [node]
    texts += [v for k, v in catalog(lang).items()  # pace_ok/slow/fast are single words such as "good"
              if k.startswith("speech.") and k.split(".")[1] not in {"pace_ok", "pace_slow", "pace_fast"}]
    pieces = [p.strip(" .,:()'") for text in texts for p in re.split(r"\{[^}]*\}", text)]
    # Long enough to be this template and nothing else: three words, or eight Korean characters.
    return sorted({p for p in pieces if (len(p.split()) >= 3 if p.isascii() else len(p) >= 8)})


def test_delivery_phrases_are_found() -> None:
    """The check below is only as good as its phrase list: it must hold the real template text."""
    for lang, expected in (("ko", "말하는 속도가 빠른 편입니다"), ("en", "You spoke quite fast")):
        phrases = delivery_phrases(lang)
        assert len(phrases) >= 10, phrases
        assert any(expected in p for p in phrases), phrases


@pytest.mark.parametrize("lang", ["ko", "en"])
async def test_typed_interview_count_is_stable_feedback_is_honest_and_highlighted(
        server: str, browser: object, lang: str) -> None:
    t = KO if lang == "ko" else EN
    page = await new_page(browser)
    await sign_up_in(page, server, t)
    seen: list[str] = []
    sid = await _interview_to_results(page, server, t, lang, GOOD_KO if lang == "ko" else GOOD_EN, 3, seen)
    # "Question n / 3" throughout: the total never moves and n never goes back, follow-ups included.
    totals = {re.search(r"/\s*(\d+)", s).group(1) for s in seen}  # type: ignore[union-attr]
    numbers = [int(re.search(r"(\d+)\s*/", s).group(1)) for s in seen]  # type: ignore[union-attr]
    assert totals == {"3"}, seen
    assert numbers == sorted(numbers) and numbers[0] == 1 and numbers[-1] == 3, seen

    body = await page.locator(".q-page").inner_text()
    assert t("result.answered_of", n=3, total=3) in body  # the result counts what history counts
    marks = page.locator(".ic-answer mark")
    assert await marks.count() >= 1, "no phrase of the answers is highlighted"
    await _highlight_shot(page, f"result-highlights-{lang}-desktop")
    await page.goto(f"{server}/history")
    await page.get_by_text(t("sessions.questions", n=3), exact=False).first.wait_for()  # history agrees

    phone = await new_page(browser, width=375, height=812)
    await phone.context.add_cookies(await page.context.cookies())
    await phone.goto(f"{server}/result/{sid}")
    await phone.locator(".ic-annotated").first.wait_for()
    assert await phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    await _highlight_shot(phone, f"result-highlights-{lang}-phone")
    await phone.context.close()
    await page.context.close()
    said = [p for p in delivery_phrases(lang) if p in body]
    assert not said, f"a typed interview got feedback on its delivery: {said}"


async def _highlight_shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The first question card whose answer has a correction (else any highlighted one), header hidden."""
    await page.add_style_tag(content=".q-header { display: none !important; }")
    cards = page.locator(".q-card--bordered:has(.ic-annotated)")  # one question's card, not the section
    corrected = page.locator(".q-card--bordered:has(.ic-hl-mis)")
    card = corrected.first if await corrected.count() else cards.first
    await card.scroll_into_view_if_needed()
    await page.wait_for_timeout(300)
    await card.screenshot(path=str(_shot_path(name)))


def _shot_path(name: str) -> Path:
    from tests.ui.test_browser import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"{name}.png"


async def test_every_page_is_axe_clean_and_errors_are_localized(server: str, browser: object) -> None:
    problems: dict[str, list[str]] = {}
    page = await new_page(browser)
    await page.goto(f"{server}/login")
    await assert_accessible(page, "login", problems)
    await page.goto(f"{server}/signup")
    await assert_accessible(page, "signup", problems)
    await sign_up(page, server, KO)
    await assert_accessible(page, "landing", problems)
    sid = await start_interview(page, server, KO, "ko", 2)
    await assert_accessible(page, "device-check", problems)
    await page.get_by_role("button", name=KO("device.continue")).click()
    await page.locator(".ic-question").wait_for()
    await assert_accessible(page, "interview", problems)
    for attempt in range(14):
        if await next_screen(page, KO) == "end":
            break
        retry = await page.get_by_text(KO("interview.retry_title")).is_visible()
        await page.get_by_label(KO("interview.answer_label"), exact=True).fill(
            f"{GOOD_KO} ({attempt})" if retry else GOOD_KO)
        await submit(page, KO)
    await assert_accessible(page, "interview-end", problems)
    await page.get_by_role("button", name=KO("interview.finish")).click()
    await page.wait_for_url(f"{server}/result/{sid}", timeout=120_000)
    await page.locator(".ic-score").first.wait_for()
    await assert_accessible(page, "result", problems)
    for path in (f"/report/{sid}", "/history", "/account", "/device-check", f"/loading/{sid}"):
        await page.goto(f"{server}{path}")
        await page.wait_for_load_state("networkidle")
        await assert_accessible(page, path, problems)

    # Error pages: in the user's language, no raw JSON, exception names or status texts.
    for path in ("/result/abc", "/no-such-page", "/interview/999999999"):
        response = await page.goto(f"{server}{path}")
        assert response is not None
        text = await page.locator("body").inner_text()
        assert "{" not in text and "HTTPException" not in text and "Not Found" not in text, (path, text)
        assert await page.evaluate("document.documentElement.lang") == "ko"
    await page.goto(f"{server}/result/abc")
    await page.get_by_text(KO("errors.not_found_title")).first.wait_for()
    await assert_accessible(page, "404", problems)
    await page.context.close()

    admin = await make_user(role="admin", lang="ko")
    page = await new_page(browser)
    await log_in_page(page, server, admin.username)
    await page.goto(f"{server}/admin")
    await page.get_by_text(KO("admin.sessions_completed")).wait_for()
    await assert_accessible(page, "admin-overview", problems)
    for tab in ("tab_users", "tab_sessions", "tab_bank", "tab_system"):
        await page.get_by_role("tab", name=KO(f"admin.{tab}")).click()
        await page.wait_for_timeout(500)
        await assert_accessible(page, f"admin-{tab}", problems)
    text = await page.locator(".q-page").inner_text()
    assert "Records per page" not in text and "completed" not in text
    await page.get_by_role("tab", name=KO("admin.tab_bank")).click()
    await page.get_by_role("button", name=KO("admin.add_question")).click()
    await page.get_by_label(KO("admin.text"), exact=True).fill("짧음")
    await page.get_by_role("button", name=KO("common.save")).click()
    await page.get_by_text(KO("admin.rules.string_too_short", min_length=5)).first.wait_for()
    await page.wait_for_timeout(1000)  # the dialog's opening transition
    await assert_accessible(page, "admin-editor", problems, dialog=True)
    await page.context.close()

    phone = await new_page(browser, width=375, height=812)
    await log_in_page(phone, server, admin.username)
    await phone.goto(f"{server}/admin")
    await phone.get_by_role("tab", name=KO("admin.tab_bank")).click()
    await phone.get_by_role("button", name=KO("admin.edit")).first.wait_for()
    height = await phone.evaluate("document.documentElement.scrollHeight")
    assert height < 8000, f"the bank list is {height}px tall at phone width"
    assert await phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    await assert_accessible(phone, "admin-bank-phone", problems)
    await shot(phone, "16-admin-bank-phone")
    await phone.context.close()
    assert not problems, "\n".join(f"{name}: {p}" for name, ps in problems.items() for p in ps)
