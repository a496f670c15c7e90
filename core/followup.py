"""Follow-up questions built from what the candidate actually said (no LLM)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from core.question_bank import KeyPoint
from core.scoring.acronyms import spelled_out_in
from core.scoring.context import (
    QuestionContext,
    holds,
    listed_as_term,
    names_technology,
    topic_rarity,
)
from core.scoring.feedback import Phrases, quote
from core.scoring.lexicon import expand_terms, listed_names, setting_terms
from core.scoring.text import Prepared, find_term, prepare

_ABSTRACT = 40  # specificity below this: ask for a concrete example
_THIN = 60  # coverage below this: ask about a missed point before asking for an example
_LOW_STATUSES = {"empty", "non_answer", "copied_question", "off_topic"}
# The restart's phrasing by the answer's status (default "restart": the candidate is stuck).
_OPENERS = {"off_topic": "redirect", "copied_question": "redirect", "keyword_list": "listing"}


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _fits(follow_up: str, kp: KeyPoint) -> bool:
    """Whether a bank follow-up question probes this key point (shares one of its terms)."""
    prepared = prepare(follow_up)
    return any(find_term(t, prepared) for t in expand_terms(kp.terms))


def make_follow_up(
    ctx: QuestionContext, answer: str, evaluation: dict[str, Any], asked: Sequence[str] = ()
) -> str:
    """The next question: probe a missed key point, ask for an example, or dig into a term used.

    Prefers the bank's own follow-ups when one fits the gap; never returns a question in `asked`
    (or the current question itself).
    """
    seen = {_norm(q) for q in (*asked, ctx.text)}
    ph = Phrases.for_answer(ctx.language, f"{ctx.text}\n{answer}")
    candidates = list(_candidates(ctx, evaluation, ph, answer))
    for question in candidates:
        if question and _norm(question) not in seen:
            return question
    # Every tailored option was used already: rotate through all variants of the generic prompts.
    for path in ("follow_up.generic", "follow_up.example_generic"):
        for variant in ph.data["follow_up"][path.split(".")[1]]:
            if _norm(variant) not in seen:
                return variant
    for f in ctx.follow_ups:
        if _norm(f) not in seen:
            return f
    return ph.get("follow_up.generic")


def _term(kp: KeyPoint, ctx: QuestionContext, answer: Prepared) -> str:
    """How an interviewer names a key point: one of its words in the session language, never its label. The point a
    question the bank lacks is held to (its own topic words) is named by a name or term among them the answer did not
    say, not by the first of them: those were "cut" of "To cut cost, we want to run …", "Last" of "Last month our
    Prometheus server …", "특정" of "특정 제조사 기기에서만 …" (blind61, round 47)."""
    if ctx.source == "derived" and kp.point not in ctx.term_only:
        rarity = topic_rarity(ctx.text, ctx.language)
        setting = setting_terms()
        # A technology's name ("CI", "getCurrentPosition") or a word the bank's keys list as a term ("holiday",
        # "호스팅"), the rarest first: the rarest word of the scene alone was "feels", "worried" or "잠깐".
        named = [t for t in kp.terms if t in rarity and t.lower() not in setting and not any(c.isdigit() for c in t)
                 and (names_technology(t) or listed_as_term(t)) and not holds(answer, t)]
        if named:
            return max(named, key=lambda t: (names_technology(t), rarity[t]))  # the first of equals
    hangul = ctx.language == "ko"
    for t in kp.terms:
        if bool(re.search(r"[가-힣]", t)) == hangul or t.isupper():
            return t
    return kp.terms[0] if kp.terms else kp.point


def _inflected(term: str) -> bool:
    """A verb form of a listed term ("branched", "rebasing"): the candidate did something, named no choice."""
    return (term.isascii() and term.isalpha() and term.islower() and term.endswith(("ed", "ing"))
            and term not in listed_names())


def _only_in_a_path(term: str, answer: str) -> bool:
    """Every mention is one segment of a slash-joined name ("Asia/Seoul", "application/json", "/var/log")."""
    spans = [m.span() for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", answer)]
    return bool(spans) and all(answer[a - 1:a] == "/" or answer[b:b + 1] == "/" for a, b in spans)


def _candidates(ctx: QuestionContext, ev: dict[str, Any], ph: Phrases, answer: str):
    """Follow-up options, best first: a stated misconception, a missed point, the skipped example."""
    status = ev.get("status", "ok")
    # A borrowed key (a close bank question's points) can name what this question never asks ("foreground services"
    # for a share-sheet question): only its points the question itself names are probed.
    if ctx.source == "neighbour":
        asked = prepare(f"{ctx.text}\n{ctx.alt_text or ''}")
        points = [kp for kp in ctx.key_points if any(find_term(t, asked) for t in kp.terms)]
    else:
        points = list(ctx.key_points)
    by_label = {kp.point: kp for kp in points}
    missed = [by_label[m] for m in ev.get("missed_key_points", []) if m in by_label]
    criteria = ev.get("criteria", {})
    question = prepare(ctx.text)
    said = prepare(answer)
    # Named technologies first ("Redis"), then other job terms the candidate used.
    techs = ev.get("evidence", {}).get("specificity", {}).get("technologies", [])
    pool = [*techs, *ev.get("insights", {}).get("job_terms", [])]
    # Not the setting ("iOS", "Java"): "why did you choose it over the alternatives" asks about a decision. Nor a verb
    # form, one part of a slash-joined name, or an acronym of the question's own words ("PR" for "pull requests").
    setting = setting_terms()
    terms = list(dict.fromkeys(
        t for t in pool if len(t) > 1 and not find_term(t, question) and t.lower() not in setting
        and not _inflected(t) and not _only_in_a_path(t, answer) and not spelled_out_in(t, ctx.text)))

    if status in _LOW_STATUSES or status == "keyword_list":
        # "That's fine" answers a candidate who said they don't know; after an answer about something else or a
        # run of terms it reads as approval, so those are brought back to the question (or to one of the terms).
        opener = _OPENERS.get(status, "restart")
        if ctx.kind == "behavioral":
            # A story question has no concept to start simpler from: its points' words are cues ("at the time",
            # "당시"), and "what do you know about at the time" asks nothing. Ask for one real situation instead.
            yield from ph.data["follow_up"]["redirect_behavioral" if opener != "restart" else "restart_behavioral"]
            return
        if opener == "listing":
            # Ask for one of the terms they listed explained; a list of none of the key's terms is stuck.
            listed = next((t for kp in points for t in kp.terms if len(t) > 1 and holds(said, t)), None)
            if listed is not None:
                for variant in ph.data["follow_up"]["listing"]:
                    yield ph.render(variant, term=listed)
                return
            opener = "restart"
        # The candidate is stuck: ask about the first (most basic) point, plainly.
        first = next((kp for kp in points if kp.point not in ctx.term_only), None)
        if first is not None:
            for variant in ph.data["follow_up"][opener]:
                yield ph.render(variant, term=_term(first, ctx, said))
        return

    # A wrong claim the candidate made: make them test it, in their own words.
    for m in ev.get("misconceptions", [])[:1]:
        for variant in ph.data["follow_up"]["misconception"]:
            yield ph.render(variant, quote=quote(m["quote"], 70))

    if ctx.kind == "behavioral":
        parts = set(ev.get("evidence", {}).get("structure", {}).get("parts", []))
        if parts and "action" not in parts:
            yield ph.get("follow_up.behavioral_action")
        if parts and "result" not in parts:
            yield ph.get("follow_up.behavioral_result")
        if parts and "lesson" not in parts:
            yield ph.get("follow_up.behavioral_lesson")

    # A missed point, most important first (bank order), via a fitting bank follow-up if any.
    ordered = sorted((kp for kp in missed if kp.point not in ctx.term_only), key=lambda kp: ctx.key_points.index(kp))
    for kp in ordered[:2]:
        yield from _bank_fits(ctx, kp)

    probe_missed = []
    if ordered and ctx.kind != "behavioral":
        probe_missed = [ph.render(v, term=_term(ordered[0], ctx, said)) for v in ph.data["follow_up"]["missed_point"]]
    if criteria.get("coverage", 100) < _THIN:
        yield from probe_missed  # the gap in substance first, then the example

    if criteria.get("specificity", 100) < _ABSTRACT:
        # The example they skipped, about what they talked about.
        if terms:
            for variant in ph.data["follow_up"]["example"]:
                yield ph.render(variant, term=terms[0])
        yield ph.get("follow_up.example_generic")
    yield from probe_missed

    if ctx.kind == "behavioral":
        yield from ph.data["follow_up"]["generic"][::-1]
    else:
        for term in terms[:2]:
            for variant in ph.data["follow_up"]["deeper"]:
                yield ph.render(variant, term=term)
    yield from ctx.follow_ups


def _bank_fits(ctx: QuestionContext, kp: KeyPoint):
    for f in ctx.follow_ups:
        if _fits(f, kp):
            yield f
