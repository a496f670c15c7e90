"""Page logic through NiceGUI's simulated user (no browser), on the real database with a real worker."""
from __future__ import annotations

from nicegui.testing.user import User

from core.config import settings
from tests.conftest import wait_until
from tests.ui.conftest import PASSWORD, first_of, log_in, make_user, new_username, see
from ui.i18n import Translator

KO, EN = Translator("ko"), Translator("en")


async def test_pages_need_login(user: User) -> None:
    await user.open("/history")
    await see(user, marker="login-submit")
    await see(user, KO("auth.login_title"))


async def test_signup_validates_fields(user: User) -> None:
    await user.open("/signup")
    user.find(marker="username").type("ab")
    user.find(marker="password").type("123")
    user.find(marker="password-confirm").type("124")
    user.find(marker="signup-submit").click()
    await see(user, KO("auth.username_rule"))
    await see(user, KO("auth.password_rule", n=settings.password_min_length))
    await see(user, KO("auth.password_mismatch"))


async def test_signup_logs_in_and_rejects_taken_name(user: User) -> None:
    name = new_username()
    await user.open("/signup")
    user.find(marker="username").type(name)
    user.find(marker="password").type(PASSWORD)
    user.find(marker="password-confirm").type(PASSWORD)
    user.find(marker="signup-submit").click()
    await see(user, KO("landing.title"))
    user.find(marker="logout").click()
    await see(user, marker="login-submit")
    await user.open("/signup")
    user.find(marker="username").type(name)
    user.find(marker="password").type(PASSWORD)
    user.find(marker="password-confirm").type(PASSWORD)
    user.find(marker="signup-submit").click()
    await see(user, KO("errors.codes.USERNAME_TAKEN"))


async def test_wrong_password_is_shown_inline(user: User) -> None:
    account = await make_user()
    await log_in(user, account.username, "not-the-password")
    await see(user, KO("errors.codes.INVALID_CREDENTIALS"))
    await log_in(user, account.username)
    await see(user, KO("landing.title"))


async def test_language_switch_is_remembered(user: User) -> None:
    from core.services import users as user_service
    from db.engine import db_session

    account = await make_user(lang="ko")
    await log_in(user, account.username)
    await see(user, KO("landing.title"))
    user.find(marker="lang-switch").click()
    await see(user, EN("landing.title"))
    async with db_session() as db:
        assert (await user_service.get_user(db, account.id)).ui_language == "en"
    user.find(marker="logout").click()
    await see(user, marker="login-submit")
    await log_in(user, account.username)
    await see(user, EN("landing.title"))


async def test_candidate_cannot_open_admin(user: User) -> None:
    account = await make_user()
    await log_in(user, account.username)
    await see(user, KO("landing.title"))
    await user.open("/admin")
    await see(user, marker="forbidden")
    await user.should_not_see(marker="tab-bank")


async def test_other_users_session_is_not_shown(user: User) -> None:
    from core.services import interviews
    from db.engine import db_session

    owner = await make_user()
    async with db_session() as db:
        s = await interviews.create_session(db, owner, {"user_name": "Owner", "position": "Backend", "language": "en",
                                                        "question_count": 1})
    intruder = await make_user()
    await log_in(user, intruder.username)
    await see(user, KO("landing.title"))
    for path in (f"/interview/{s.id}", f"/result/{s.id}", f"/report/{s.id}"):
        await user.open(path)
        await user.should_not_see(marker="question-text")
        await user.should_not_see(marker="overall-score")


def _has(user: User, marker: str) -> bool:
    try:
        user.find(marker=marker)
        return True
    except AssertionError:
        return False


GOOD_EN = ("I design REST APIs around resources with plural nouns like /orders, use GET to read, POST to create, "
           "PUT and PATCH to update and DELETE to remove. GET, PUT and DELETE are idempotent. I return proper "
           "status codes such as 201 Created and 404 Not Found, and version the API under /v1. For example at my "
           "last job I designed an order API used by 30 services and added pagination.")


async def test_typed_interview_follows_next_action_to_results(user: User) -> None:
    from core.services import interviews
    from db.engine import db_session

    account = await make_user(lang="en")
    await log_in(user, account.username)
    await see(user, EN("landing.title"))
    user.find(marker="name").type("Jane Doe")
    with user:
        user.find(marker="language").elements.pop().value = "en"
        user.find(marker="question-count").elements.pop().value = 2
    user.find(marker="start").click()
    await see(user, marker="continue")
    user.find(marker="continue").click()
    await see(user, marker="question-text")
    await see(user, EN("interview.progress", n=1, total=2))
    user.find(marker="submit-answer").click()
    await see(user, EN("interview.empty_answer"))  # an empty answer is refused on the page
    for attempt in range(12):  # each screen is whatever the backend's next_action says; stop at the end card
        await see(user, marker="question-text")
        retry = _has(user, "retry-banner")
        user.find(marker="answer-input").type(f"{GOOD_EN} ({attempt})" if retry else GOOD_EN)
        user.find(marker="submit-answer").click()
        await see(user, marker="evaluating")
        if await first_of(user, "end-card", "question-text") == "end-card":
            break
    else:
        raise AssertionError("the interview never reached its end")
    user.find(marker="finish").click()
    await see(user, marker="overall-score", seconds=90)  # via the loading page once the report is built
    await see(user, marker="radar-chart")
    await see(user, marker="question-chart")
    async with db_session() as db:
        sessions = await interviews.list_sessions(db, account)
    assert sessions[0].status == "completed" and sessions[0].report_status == "ready"
    assert sessions[0].report and "overall" in sessions[0].report


async def test_admin_edits_and_retires_a_question(user: User) -> None:
    from core.services import bank
    from db.engine import db_session

    admin = await make_user(role="admin", lang="en")
    async with db_session() as db:
        question = (await bank.list_questions(db, language="en", position="frontend"))[0]
    await log_in(user, admin.username)
    await see(user, EN("landing.title"))
    await user.open("/admin")
    await see(user, marker="tab-bank")
    user.find(marker="bank-table").trigger("edit", question.id)
    await see(user, marker="bank-dialog")
    new_text = f"How does the browser render a page, step by step? ({question.id})"
    user.find(marker="q-text").clear().type(new_text)
    user.find(marker="q-key-points").clear().type("critical rendering path | DOM, CSSOM, layout, paint")
    user.find(marker="q-save").click()
    await see(user, EN("admin.saved"))
    async with db_session() as db:
        row = await bank.get_question(db, question.id)
    assert row.text == new_text and row.origin == "admin"
    assert row.key_points == [{"point": "critical rendering path", "terms": ["DOM", "CSSOM", "layout", "paint"]}]
    user.find(marker="bank-table").trigger("edit", question.id)
    await see(user, marker="q-retire")
    user.find(marker="q-retire").click()
    await see(user, EN("admin.retired"))
    async with db_session() as db:
        assert (await bank.get_question(db, question.id)).retired
        await bank.update_question(db, question.id, {"retired": False})


async def test_admin_edits_and_clears_a_behavioural_premise(user: User) -> None:
    from core.services import bank
    from db.engine import db_session

    admin = await make_user(role="admin", lang="en")
    async with db_session() as db:
        question, _ = await bank.rows_for_key(db, "behavioral-upward-feedback", "en")
    assert question is not None and question.premise
    original = question.premise
    await log_in(user, admin.username)
    await see(user, EN("landing.title"))
    await user.open("/admin")
    await see(user, marker="tab-bank")
    try:
        user.find(marker="bank-table").trigger("edit", question.id)
        await see(user, marker="bank-dialog")
        [field] = user.find(marker="q-premise").elements  # the editor shows the premise the bank holds
        assert field.value.startswith(original["point"] + " | ")
        user.find(marker="q-premise").clear().type("Feedback to a skip-level manager | skip-level, director, VP")
        user.find(marker="q-save").click()
        await see(user, EN("admin.saved"))
        async with db_session() as db:
            row = await bank.get_question(db, question.id)
        assert row.premise == {"point": "Feedback to a skip-level manager", "terms": ["skip-level", "director", "VP"]}
        user.find(marker="bank-table").trigger("edit", question.id)
        await see(user, marker="bank-dialog")
        user.find(marker="q-premise").clear()
        user.find(marker="q-save").click()

        async def cleared() -> bool:  # the first save's notice is still on the page: wait for the row itself
            async with db_session() as db:
                return (await bank.get_question(db, question.id)).premise is None

        await wait_until(cleared, 10.0)  # emptied: the question takes any story
    finally:
        async with db_session() as db:
            await bank.update_question(db, question.id, {"premise": original})


async def test_admin_rejects_an_invalid_new_question(user: User) -> None:
    admin = await make_user(role="admin", lang="en")
    await log_in(user, admin.username)
    await see(user, EN("landing.title"))
    await user.open("/admin")
    await see(user, marker="bank-add")
    user.find(marker="bank-add").click()
    await see(user, marker="bank-dialog")
    user.find(marker="q-text").type("Hi?")
    user.find(marker="q-save").click()
    await see(user, EN("admin.invalid", detail="").rstrip())


async def test_account_exports_and_erases_data(user: User) -> None:
    import json

    from core.errors import NotFound
    from core.services import interviews
    from core.services import users as user_service
    from db.engine import db_session

    account = await make_user(lang="en")
    async with db_session() as db:
        await interviews.create_session(db, account, {"user_name": "Me", "position": "Mobile", "language": "en",
                                                      "question_count": 1})
    await log_in(user, account.username)
    await see(user, EN("landing.title"))
    await user.open("/account")
    user.find(marker="download-data").click()
    response = await user.download.next(timeout=10)
    exported = json.loads(response.content)
    assert exported["user"]["username"] == account.username and "password_hash" not in exported["user"]
    assert len(exported["sessions"]) == 1
    user.find(marker="confirm-username").type("someone-else")
    user.find(marker="delete-account").click()
    await see(user, EN("account.username_mismatch"))
    user.find(marker="confirm-username").clear().type(account.username)
    user.find(marker="delete-account").click()
    await see(user, marker="confirm-ok")
    user.find(marker="confirm-ok").click()
    await see(user, marker="login-submit")
    async with db_session() as db:
        try:
            await user_service.get_user(db, account.id)
            raise AssertionError("the account still exists")
        except NotFound:
            pass


async def test_history_deletes_a_session_after_confirmation(user: User) -> None:
    from core.services import interviews
    from db.engine import db_session

    account = await make_user(lang="en")
    async with db_session() as db:
        s = await interviews.create_session(db, account, {"user_name": "Me", "position": "Frontend", "language": "en",
                                                          "question_count": 1})
    await log_in(user, account.username)
    await see(user, EN("landing.title"))
    await user.open("/history")
    await see(user, marker=f"delete-session-{s.id}")
    user.find(marker=f"delete-session-{s.id}").click()
    await see(user, marker="confirm-cancel")
    user.find(marker="confirm-cancel").click()
    await see(user, marker=f"delete-session-{s.id}")
    user.find(marker=f"delete-session-{s.id}").click()
    await see(user, marker="confirm-ok")
    user.find(marker="confirm-ok").click()
    await see(user, EN("history.deleted"))
    async with db_session() as db:
        assert await interviews.list_sessions(db, account) == []


def _emit(user: User, event: str, args: dict) -> None:
    """What the browser's media code sends the page (emitEvent), delivered to the page's handlers."""
    from nicegui.testing.user_interaction import UserInteraction

    assert user.client is not None
    UserInteraction(user, {user.client.layout}, None).trigger(event, args)


async def _open_interview(user: User, lang: str = "en", **options: object) -> tuple[object, int]:
    from core.services import interviews
    from db.engine import db_session

    account = await make_user(lang=lang)
    async with db_session() as db:
        s = await interviews.create_session(db, account, {"user_name": "Me", "position": "Backend", "language": "en",
                                                          "question_count": 2, **options})
    await log_in(user, account.username)
    await see(user, Translator(lang)("landing.title"))
    await user.open(f"/interview/{s.id}")
    await see(user, marker="question-text")
    return account, s.id


async def test_voice_events_fill_an_editable_draft_and_low_confidence_asks_first(user: User) -> None:
    from core.services import answers, interviews
    from db.engine import db_session

    account, sid = await _open_interview(user)
    async with db_session() as db:
        record = interviews.current_record(await interviews.questions(db, account, sid))
    _emit(user, "ic_media_ready", {"audio": True, "video": False})
    await see(user, EN("interview.mic_ready"))
    user.find(marker="record").click()
    _emit(user, "ic_recording", {"ok": True, "record_id": record.id})
    await see(user, EN("interview.stop_answer"))
    _emit(user, "ic_stt_live", {"text": "i use", "is_final": False, "record_id": record.id})
    _emit(user, "ic_stt_live", {"text": "i use cache aside", "is_final": True, "record_id": record.id})
    await see(user, "i use cache aside")
    user.find(marker="record").click()  # stop: the recording is uploaded and transcribed
    await see(user, EN("interview.transcribing"))
    _emit(user, "ic_stt_final", {"record_id": record.id, "transcript": "i use cache aside with a ttl",
                                 "draft_answer": "i use cache aside with a ttl", "low_confidence": True,
                                 "speech_metrics": {"words_per_minute": 120}, "provider": "pocketsphinx"})
    await see(user, marker="low-confidence")
    with user:
        assert user.find(marker="answer-input").elements.pop().value == "i use cache aside with a ttl"
    user.find(marker="submit-answer").click()
    await see(user, marker="confirm-cancel")  # unedited low-confidence text: asked before sending
    user.find(marker="confirm-cancel").click()
    user.find(marker="answer-input").type(" and invalidate on write")  # the candidate corrects it
    user.find(marker="submit-answer").click()
    await see(user, marker="evaluating")
    async with db_session() as db:
        rec, _ = await answers.owned_record(db, account, record.id)
    assert rec.answer_text == "i use cache aside with a ttl and invalidate on write"
    assert rec.transcript["edited"] is True


async def test_speech_recognition_failure_offers_retry_and_keeps_the_live_text(user: User) -> None:
    from core.services import interviews
    from db.engine import db_session

    account, sid = await _open_interview(user)
    async with db_session() as db:
        record = interviews.current_record(await interviews.questions(db, account, sid))
    _emit(user, "ic_media_ready", {"audio": True, "video": False})
    user.find(marker="record").click()
    _emit(user, "ic_recording", {"ok": True, "record_id": record.id})
    _emit(user, "ic_stt_live", {"text": "we shard by user id", "is_final": True, "record_id": record.id})
    user.find(marker="record").click()
    _emit(user, "ic_stt_error", {"error_code": "STT_FAILED", "error_message": "x", "retry_available": True})
    await see(user, EN("errors.dialog.stt.title"))
    await see(user, EN("errors.codes.STT_FAILED"))
    await see(user, marker="error-retry")
    with user:
        assert user.find(marker="answer-input").elements.pop().value == "we shard by user id"
    user.find(marker="error-close").click()
    _emit(user, "ic_media_error", {"name": "NotAllowedError", "message": "denied"})
    await see(user, EN("errors.dialog.media.title"))
    await see(user, EN("device.problem.denied"))


async def test_timed_mode_counts_down_preparation_then_the_answer(user: User) -> None:
    await _open_interview(user, timed=True, prep_seconds=2, answer_seconds=15)
    await see(user, EN("interview.prep_countdown", s=2), seconds=2)
    await see(user, EN("interview.answer_countdown", s=15), seconds=10)  # prep over: the answer clock runs
    await see(user, EN("interview.answer_countdown", s=13), seconds=10)


async def test_a_non_answer_brings_the_retry_screen(user: User) -> None:
    await _open_interview(user)
    await see(user, EN("interview.progress", n=1, total=2))
    user.find(marker="answer-input").type("I don't know.")
    user.find(marker="submit-answer").click()
    await see(user, marker="retry-banner", seconds=60)  # next_action == "retry" after the verdict
    with user:  # the previous answer stays in the box, to be seen and improved
        assert user.find(marker="answer-input").elements.pop().value == "I don't know."
    user.find(marker="submit-answer").click()
    await see(user, EN("interview.same_answer"))  # the same answer again would change nothing
    user.find(marker="skip-retry").click()
    await see(user, EN("interview.progress", n=2, total=2))
    await user.should_not_see(marker="retry-banner")


async def test_password_change_revokes_other_sessions_but_keeps_this_one(user: User) -> None:
    from core.services import users as user_service
    from db.engine import db_session

    account = await make_user(lang="en")
    await log_in(user, account.username)
    await see(user, EN("landing.title"))
    await user.open("/account")
    user.find(marker="old-password").type(PASSWORD)
    user.find(marker="new-password").type("a-new-Passw0rd-42")
    user.find(marker="change-password").click()
    await see(user, EN("account.password_changed"))
    async with db_session() as db:
        fresh = await user_service.get_user(db, account.id)
    assert fresh.token_version > account.token_version  # every earlier token and tab is signed out
    await user.open("/history")  # ...but this tab signed in again under the new version
    await see(user, EN("history.title"))
