"""The six rubric criteria, each 0-100 with the evidence behind it."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from core.embeddings import canonical_name
from core.question_bank.loader import KeyPoint
from core.scoring.acronyms import named_by_acronyms
from core.scoring.analysis import Answer, cue_hits, first_position
from core.scoring.claims import without_unclaimed_absolutes
from core.scoring.concepts import explained, explained_instead
from core.scoring.context import QuestionContext, holds, topic_terms
from core.scoring.feedback import surface
from core.scoring.lexicon import calibration, lexicon, tech_terms, unit_words
from core.scoring.references import References
from core.scoring.text import Prepared, find_term, prepare

# A number with its unit, so feedback quotes "2주" and "3 weeks", not "2". Not a measured figure: one digit glued to a
# word by a hyphen, which is part of a name ("3-way handshake", "2-phase commit"; longer numbers stay: "30-day",
# "64-bit"), and a ratio or clock time ("1:1", "10:30").
_NUMBER = re.compile(r"(?<![A-Za-z+\-_/.\d:])(?!\d-[A-Za-z가-힣])\d+(?:[.,]\d+)*(?![\d:])"
                     r"\s*(?:%|퍼센트|seconds?|minutes?|hours?|days?|weeks?|months?|years?|ms|s|x|배|초|분|시간|개월|주|일|년|"
                     r"건|명|개|회|번|만|천|억|gb|mb|kb|tb|rps|qps|k|m)?", re.IGNORECASE)


# Hyphenated compounds are one name ("write-through"), and a word glued to a number is part of it ("3-way").
_NAME_LIKE = re.compile(r"(?<![A-Za-z0-9\-])[A-Za-z][A-Za-z0-9]*(?:[-.+#][A-Za-z0-9]+)*")
_CAMEL = re.compile(r"[a-z][A-Z]")
_CAPITALISED_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z]")
_HANGUL = re.compile(r"[가-힣]")
# SQL's own keywords, upper-cased by convention: code, not a concrete detail.
_SQL_KEYWORDS = frozenset({"SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "JOIN", "INSERT", "UPDATE", "DELETE",
                           "INTO", "VALUES", "SET", "LIMIT", "HAVING", "AS", "ON", "IN", "IS", "NOT", "NULL", "LIKE",
                           "DESC", "ASC"})
_NOT_NAMES = frozenset({"I", "OK", "AND", "OR", "THE", "IT", "TO", "IF", "AM", "PM", "ID", "VS", "ETC", "A", "NO", "YES"}
                       | _SQL_KEYWORDS)
_NOT_NAMES_LOWER = frozenset({"and", "the", "for", "not", "but", "vs", "etc", "yes", "okay"})


def ramp(x: float, lo: float, hi: float) -> float:
    """0 at lo, 1 at hi, linear between (clamped)."""
    if hi == lo:
        return 1.0 if x >= hi else 0.0
    return float(min(1.0, max(0.0, (x - lo) / (hi - lo))))


def standard_score(x: float | np.ndarray, sample: np.ndarray) -> float | np.ndarray:
    """How many of the sample's standard deviations x (a value, or each of an array's) lies above its mean."""
    return (x - float(sample.mean())) / (float(sample.std()) + 1e-6)


def _cal() -> dict[str, Any]:
    return calibration()["embedders"][canonical_name()]


@dataclass
class Criterion:
    """One criterion's score and what it was based on."""

    score: float
    evidence: dict[str, Any] = field(default_factory=dict)


# --- relevance --------------------------------------------------------------------------------


def relevance(ctx: QuestionContext, ans: Answer, refs: References) -> Criterion:
    """Semantic closeness to the question (and model answer), judged against the rest of the bank."""
    cal = _cal()["relevance"]
    vec = ans.vec
    s_q = float(refs.question @ vec)
    bg_q = refs.bg_questions @ vec
    bg_m = refs.bg_answers @ vec
    # How unusual is this closeness compared with every other bank question? Generic answers are
    # close to everything; a relevant one stands out from the crowd.
    z_q = standard_score(s_q, bg_q)
    # Best single sentence window: a long answer with a relevant core is not diluted away.
    unit_q = float((ans.unit_vecs @ refs.question).max()) if ans.unit_vecs is not None and len(ans.unit_vecs) else s_q
    parts = {"s_q": s_q, "z_q": z_q, "unit_q": unit_q}
    # The same closeness from the question's side (against how close the bank's answers come to this question), the
    # share of bank questions the answer is closer to than to its own, and its closeness to the nearest bank answer:
    # an answer on the field's usual topic instead of this question's sits near other questions and their answers.
    parts["z_qa"] = standard_score(s_q, refs.bg_answers_to_question)
    parts["rank_q"] = float((bg_q > s_q).mean())
    parts["s_bank"] = float(bg_m.max())
    absolute = ramp(max(s_q, unit_q - cal["unit_discount"]), cal["q_lo"], cal["q_hi"])
    contrast = ramp(z_q, cal["z_lo"], cal["z_hi"])
    semantic = cal["w_abs"] * absolute + (1 - cal["w_abs"]) * contrast
    if refs.model_answer is not None:
        # Per reference answer (the model answer, or weighted yardsticks from related questions).
        sims = refs.model_answer @ vec
        # One standardisation for every reference answer (float64, as each cosine was read one by one).
        z_ms = standard_score(sims.astype(np.float64), bg_m)
        best = 0.0
        for s_m, z_m, w in zip(sims.tolist(), z_ms.tolist(), refs.model_weights.tolist(), strict=True):
            via = cal["w_abs"] * max(absolute, ramp(s_m, cal["m_lo"], cal["m_hi"])) + (1 - cal["w_abs"]) * max(
                contrast, ramp(z_m, cal["z_lo"], cal["z_hi"]))
            best = max(best, w * via)
        top = int(np.argmax(sims))
        # How far the closest reference answer can be trusted: 1 for the question's own model answer, less for a
        # related question's (its weight), so a cosine to a distant question's answer is read as the weak signal it is.
        parts.update(s_m=float(sims[top]), z_m=float(z_ms[top]), m_trust=float(refs.model_weights[top]))
        semantic = max(semantic, best)
    # Topic fingerprint: does the answer resemble the same bank answers the question resembles?
    # Robust to wording, useless for questions far from every bank topic (then it stays low).
    profile = float(np.corrcoef(refs.profile, bg_m)[0, 1]) if len(bg_m) > 2 else 0.0
    parts["profile"] = profile
    semantic = max(semantic, ramp(profile, cal["profile_lo"], cal["profile_hi"]))
    # Lexical backstop: naming most of the question's own topic words is on-topic even when a long,
    # detailed answer drifts away from the short question in embedding space.
    topic = topic_terms(ctx.text, ctx.language)
    # "CLT" names the question's "central limit theorem" (and "server-side rendering" its "SSR").
    by_acronym = named_by_acronyms(ctx.text, ans.raw)
    shared = [t for t in topic if holds(ans.prepared, t) or t.lower() in by_acronym]
    lexical = ramp(len(shared) / len(topic), 0.15, 0.6) if topic else 0.0
    # Outside the bank, explaining the concept the question names counts as naming it (no key points say more).
    explains = explained(ctx.text, ans.prepared) if ctx.source != "bank" else []
    lexical = max(lexical, ramp(len(explains), cal["explained_lo"], cal["explained_hi"]))
    parts.update(semantic=semantic, lexical=lexical)
    score = 100 * max(semantic, 0.9 * lexical)
    found = {"shared_terms": shared[:6], "explained": explains[:6]}
    # Outside the bank the cosine reads a neighbouring topic as this one ("how do you choose a shard key" answered
    # with how replication works): an answer that names or explains another concept, and none of the question's,
    # with at most one of its words, is about that other concept.
    if ctx.source != "bank" and ctx.kind == "technical" and len(shared) <= 1:
        instead = explained_instead(ctx.text, ans.prepared)
        if instead is not None:
            score = min(score, cal["elsewhere_cap"])
            found["elsewhere"] = instead.label(ctx.language)
    return Criterion(score=score, evidence={k: round(v, 3) for k, v in parts.items()} | found)


# --- coverage ---------------------------------------------------------------------------------


def coverage(ctx: QuestionContext, ans: Answer, refs: References, exclude: frozenset[int] = frozenset()) -> Criterion:
    """Key points *stated* by a claim: its terms (stems, synonyms, either language) or its meaning.

    Only creditable claims count (a predicate, not a run of terms, not the question's own words, not
    waving the concept away, not a stated misconception: `exclude`). Each point remembers the claim
    that covered it, for the highlights.
    """
    cal = _cal()["coverage"]
    rows = [(k, i) for k, i in enumerate(ans.credit) if i not in exclude]
    claims = [ans.claims[i] for _, i in rows]
    vecs = ans.claim_vecs[[k for k, _ in rows]] if ans.claim_vecs is not None and rows else None
    any_claim = [c.prepared for c in ans.claims]
    spec = lexicon(ctx.language).specificity
    waved = [c.prepared for c in ans.claims if cue_hits(c.prepared, spec["dismissive"], spec["not_dismissive"])]
    per_point = []
    parts = dict(ctx.story_points)
    for kp, terms, kvecs in zip(ctx.key_points, refs.kp_terms, refs.kp_vecs, strict=True):
        hits: list[str] = []
        where: int | None = None
        for t in terms:
            for j, c in enumerate(claims):
                if find_term(t, c.prepared):
                    hits.append(t)
                    where = where if where is not None else j
                    break
        named = not hits and any(find_term(t, p) for t in terms for p in any_claim)
        # Distinct hits: synonyms of one word count once.
        distinct = len({h.lower() for h in hits})
        need = ctx.derived_need.get(kp.point, 1)
        part = parts.get(kp.point)
        if part and not distinct and ans.shape == "statements" and story_parts(ctx.language, ans)[part]:
            distinct = need  # the story tells this part without a listed cue word
        if distinct == 0:
            term_score = 0.0
        elif distinct >= need:
            term_score = min(1.0, 0.75 + 0.25 * (distinct - need))
        else:
            term_score = 0.4 * distinct / need
        sem, sem_at = 0.0, None
        if vecs is not None and len(kvecs):
            sims = (vecs @ kvecs.T).max(axis=1)
            sem_at = int(np.argmax(sims))
            sem = float(sims[sem_at])
        sem_score = ramp(sem, cal["sem_lo"], cal["sem_hi"])
        score = min(1.0, max(cal["w_term"] * term_score + cal["w_sem_bonus"] * sem_score, cal["w_sem_only"] * sem_score))
        at = where if where is not None else sem_at
        span = (claims[at].start, claims[at].end) if at is not None and score >= 0.5 else None
        per_point.append({"point": kp.point, "score": score, "terms": hits[:4], "sem": round(sem, 3),
                          # Named only outside a statement: dismissed, listed or stated wrongly.
                          "dismissed": named and any(find_term(t, p) for t in terms for p in waved),
                          "named_only": named,
                          "span": span})
    if not per_point:
        return Criterion(score=0.0, evidence={"points": []})
    per_point, took = _held_to(per_point, ctx.key_points)
    mean = sum(p["score"] for p in per_point) / len(per_point)
    return Criterion(score=100 * mean, evidence={"points": per_point, "claims": len(ans.credit)}
                     | ({"variant": took} if took else {}))


def _held_to(per_point: list[dict], key_points: tuple[KeyPoint, ...]) -> tuple[list[dict], str]:
    """The points an answer is held to where the question offers a choice ("on iOS or Android").

    The answer took the variant whose points it covers best (the first listed on a tie); the other variants'
    points are neither credited nor missed. Points without a variant always count.
    """
    variants = list(dict.fromkeys(kp.variant for kp in key_points if kp.variant))
    if len(variants) < 2:
        return per_point, ""

    def covered(variant: str) -> float:
        scores = [p["score"] for p, kp in zip(per_point, key_points, strict=True) if kp.variant == variant]
        return sum(scores) / len(scores)

    took = max(variants, key=covered)
    return [p for p, kp in zip(per_point, key_points, strict=True) if kp.variant in ("", took)], took


# --- specificity ------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _listed_terms(text: str) -> tuple[str, ...]:
    """The tech list's terms found in text: the costly scan (~570 terms), shared by every `exclude`."""
    prepared = prepare(text)
    return tuple(t for t in tech_terms()[0] if find_term(t, prepared))


@lru_cache(maxsize=1)
def _case_sensitive_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The case-sensitive names, compiled once: more of them than `re`'s own pattern cache holds."""
    return tuple((t, re.compile(r"(?<![A-Za-z])" + re.escape(t) + r"(?![a-z])")) for t in tech_terms()[1])


@lru_cache(maxsize=256)
def named_technologies(text: str, raw: str, exclude: str = "") -> tuple[str, ...]:
    """Technologies named in text (case-insensitive list + case-sensitive names), minus those in `exclude`."""
    excluded = prepare(exclude) if exclude else None
    found: dict[str, None] = {}
    for t in _listed_terms(text):
        if not (excluded and find_term(t, excluded)):
            found.setdefault(t, None)
    for t, pattern in _case_sensitive_patterns():
        if t in raw and pattern.search(raw) and not (exclude and t in exclude):
            found.setdefault(t, None)
    # Name-like tokens the list doesn't know: CamelCase (PreparedStatement), acronyms (WAF), and in
    # Korean speech any Latin-script word (technical terms are usually said in English).
    korean = bool(_HANGUL.search(raw))
    exclude_lower = exclude.lower()
    for m in _NAME_LIKE.finditer(raw):
        word = m.group(0)
        camel = bool(_CAMEL.search(word)) or bool(_CAPITALISED_CAMEL.match(word))
        unit = word.upper() in unit_words()  # "GB" is an amount's unit, not a name
        acronym = word.isupper() and 2 <= len(word) <= 6 and word.isalpha() and word not in _NOT_NAMES and not unit
        latin_in_korean = (korean and len(word) >= 3 and word.lower() not in _NOT_NAMES_LOWER and word not in _SQL_KEYWORDS
                           and not unit)
        in_question = bool(exclude) and word.lower() in exclude_lower  # _NAME_LIKE words are ASCII
        known = any(word.lower() == f.lower() for f in found)
        if (camel or acronym or latin_in_korean) and not in_question and not known:
            found.setdefault(word, None)
    # Drop entries contained in a longer found one ("spring" inside "spring boot").
    names = list(found)
    return tuple(n for n in names if not any(n != m and n.lower() in m.lower() for m in names))


def specificity(ctx: QuestionContext, ans: Answer) -> Criterion:
    """Concrete examples, numbers, named technologies and first-person actions, minus vague filler phrases."""
    lex = lexicon(ctx.language).specificity
    numbers = [m.group(0).strip() for m in _NUMBER.finditer(ans.clean) if not _in_question(m.group(0), ctx.text)]
    counted = spelled_counts(ans.clean, ctx.language, exclude=ctx.text)
    numbers += counted
    quantity = cue_hits(ans.prepared, lex["quantity_words"])
    techs = [surface(t, ans.clean) for t in named_technologies(ans.clean, ans.clean, exclude=ctx.text)]
    examples = cue_hits(ans.prepared, lex["example_markers"])
    first_person = 0
    story = _first_person_past(ctx.language)
    # Korean: "저는 … 짚었고" is an action though "짚었" is in no list; any past predicate after the first person counts.
    past = _past_action(ctx.language)
    for sent in ans.sentences:
        p = prepare(sent)
        acted = bool(cue_hits(p, lex["past_action"])) or bool(past and past.search(p.lower))
        if (acted and cue_hits(p, lex["first_person"])) or (story and story.search(p.lower)):
            first_person += 1
    vague = cue_hits(ans.prepared, lex["vague"], lex["not_vague"])
    points = (
        1.0 * min(len(numbers) + len(quantity), 4)
        + 0.7 * min(len(techs), 5)
        + 1.0 * min(len(examples), 2)
        + 0.8 * min(first_person, 3)
        - 0.8 * min(len(vague), 3)
    )
    # Concrete details per word, not their count: a short answer that names the two things that matter is as specific
    # as a long one that names five.
    lang = ctx.language if ctx.language in ("ko", "en") else "en"
    dense = float(calibration()["specificity_words"][lang])
    points *= min(2.0, max(1.0, dense / max(1, ans.words)))
    score = 100 * (1 - math.exp(-max(points, 0.0) / 3.2))
    return Criterion(score=score, evidence={
        "numbers": numbers[:6] + quantity[:3], "counted": counted[:3], "technologies": techs[:8],
        "examples": examples[:3],
        "first_person_actions": first_person, "vague": vague[:3],
        "absolute": cue_hits(_unhedged(ans), lex["absolute"])[:3],
    })


def _unhedged(ans: Answer) -> Prepared:
    """The answer without the absolutes that claim nothing (claims.without_unclaimed_absolutes: "not always", "절대
    경로", "never marked"), in either language's cues: an answer in the other language hedges in its own words."""
    text = ans.clean
    for language in ("en", "ko"):
        text = without_unclaimed_absolutes(text, language)
    return ans.prepared if text == ans.clean else prepare(text)


@lru_cache(maxsize=2)
def _counted(language: str) -> re.Pattern[str] | None:
    """A count spelled out in words (lexicon `counted`): "세 명", "이틀", "three new hires"."""
    pattern = lexicon(language).specificity.get("counted")
    return re.compile(pattern[0], re.IGNORECASE) if pattern else None


def spelled_counts(text: str, language: str, exclude: str = "") -> list[str]:
    """The counts spelled out in words in `text`, as written, minus those the question itself says."""
    pattern = _counted(language)
    if pattern is None:
        return []
    asked = exclude.lower()
    return [m.group(0) for m in pattern.finditer(text) if m.group(0).lower() not in asked]


@lru_cache(maxsize=2)
def _first_person_past(language: str) -> re.Pattern[str] | None:
    """"I/we" + a past-tense verb, at most one adverb between (lexicon `past_irregular`; English only:
    Korean drops the subject, and its past endings are already in `past_action`)."""
    irregular = lexicon(language).specificity.get("past_irregular")
    if not irregular:
        return None
    verbs = "|".join(sorted((re.escape(v) for v in irregular), key=len, reverse=True))
    return re.compile(r"\b(?:i|we)\s+(?:[a-z]+ly\s+|also\s+|then\s+|first\s+|just\s+|soon\s+)?"
                      r"(?!(?:need|feed|speed|proceed|succeed|exceed|embed|shed)\b)(?:[a-z]{2,}ed|" + verbs + r")\b")


@lru_cache(maxsize=2)
def _past_action(language: str) -> re.Pattern[str] | None:
    """Korean: a past-tense predicate (lexicon `past_predicate`). Korean drops the subject, so in a story
    "나눠서 크래시 두 건을 먼저 고쳤습니다" is the speaker's own action without "제가"."""
    pattern = lexicon(language).structure.get("past_predicate")
    return re.compile(pattern[0]) if pattern else None


def _in_question(number: str, question: str) -> bool:
    digits = re.sub(r"\D", "", number)
    return bool(digits) and digits in re.sub(r"[^\d ]", " ", question).split()


# --- structure --------------------------------------------------------------------------------


def story_parts(language: str, ans: Answer) -> dict[str, bool]:
    """The STAR parts a story tells (situation, task, action, result, lesson), read once per answer: the structure
    criterion scores them, and the generic behavioural key points are held by them."""
    if language in ans.story_parts:
        return ans.story_parts[language]
    cues = lexicon(language).structure
    p = ans.prepared
    found = {k: bool(cue_hits(p, cues[k])) for k in ("situation", "task", "action", "result", "lesson")}
    # The candidate's own actions show in any past-tense verb after "I/we", not only in the cue list.
    story = _first_person_past(language)
    past = _past_action(language)
    found["action"] = found["action"] or bool(story and story.search(p.lower)) or bool(past and past.search(p.lower))
    # A measured outcome told after the actions ("within two months his PRs passed in one round", "4주 만에
    # 20초에서 0.3초로") is the result even without a cue word: a number in a later sentence.
    if not found["result"] and found["action"] and len(ans.sentences) >= 3:
        quantity = lexicon(language).specificity["quantity_words"]
        found["result"] = any(_NUMBER.search(x) or cue_hits(prepare(x), quantity) or spelled_counts(x, language)
                              for x in ans.sentences[-2:])
    ans.story_parts[language] = found
    return found


def structure(ctx: QuestionContext, ans: Answer) -> Criterion:
    """STAR order for behavioral answers; definition → reason → example/trade-off for technical ones."""
    cues = lexicon(ctx.language).structure
    p = ans.prepared
    multi = len(ans.sentences) >= 2
    if ctx.kind == "behavioral":
        found = story_parts(ctx.language, ans)
        weights = {"situation": 0.2, "task": 0.1, "action": 0.3, "result": 0.25, "lesson": 0.15}
        score = sum(weights[k] for k, v in found.items() if v)
        order = [first_position(p, cues[k]) for k in ("situation", "action", "result")]
        in_order = all(x >= 0 for x in order) and order == sorted(order)
        score = min(1.0, score + (0.1 if in_order else 0.0))
    else:
        found = {k: bool(cue_hits(p, cues[k])) for k in ("definition", "reason", "example", "tradeoff", "sequence")}
        weights = {"definition": 0.2, "reason": 0.3, "example": 0.25, "tradeoff": 0.25, "sequence": 0.1}
        score = min(1.0, sum(weights[k] for k, v in found.items() if v))
        in_order = False
    if not multi:
        score = min(score, 0.6)
    return Criterion(score=100 * score, evidence={"parts": [k for k, v in found.items() if v], "in_order": in_order})


# --- delivery and fillers ----------------------------------------------------------------------


def delivery(ctx: QuestionContext, ans: Answer, speech: dict[str, Any] | None) -> Criterion:
    """Length adequacy plus pace and pauses when speech metrics are present (not answer quality).

    Reads core.speech_metrics output: words_per_minute / syllables_per_minute (Korean pace is judged
    by syllables when available), pace, long_pauses ({count} or a number), total_time_s.
    """
    # Measured in the answer's own language: a Korean answer has fewer words (eojeol) than the same content in English,
    # and three precise Korean sentences to an English question were "too short" by the English bands.
    lang = ans.written_in
    cal = calibration()["delivery"][lang if lang in ("ko", "en") else "en"]
    words = ans.words
    lo, ideal_lo, ideal_hi, hi = cal["words"]
    if words < ideal_lo:
        length = ramp(words, lo, ideal_lo)
    elif words <= ideal_hi:
        length = 1.0
    else:
        length = max(0.6, 1.0 - 0.4 * ramp(words, ideal_hi, hi))
    evidence: dict[str, Any] = {"words": words, "length": "short" if words < ideal_lo else "long" if words > ideal_hi else "ok"}
    parts = [(length, 1.0)]
    if speech:
        spm = _num(speech, "syllables_per_minute") if lang == "ko" else None
        wpm = _num(speech, "words_per_minute", "wpm")
        rate, bands, unit = (spm, cal["spm"], "spm") if spm else (wpm, cal["wpm"], "wpm")
        if rate:
            r_lo, r_ideal_lo, r_ideal_hi, r_hi = bands
            if rate < r_ideal_lo:
                pace, label = ramp(rate, r_lo, r_ideal_lo), "slow"
            elif rate <= r_ideal_hi:
                pace, label = 1.0, "ok"
            else:
                pace, label = 1.0 - ramp(rate, r_ideal_hi, r_hi), "fast"
            given = speech.get("pace")
            evidence.update(rate=round(rate), rate_unit=unit, pace=given if given in ("slow", "ok", "fast") else label)
            parts.append((pace, 0.8))
        pauses = speech.get("long_pauses")
        count = _num(pauses, "count") if isinstance(pauses, dict) else _num(speech, "long_pauses", "pauses")
        duration = _num(speech, "total_time_s", "duration_seconds", "duration_s", "duration")
        if count is not None:
            per_min = count / max(duration / 60, 0.5) if duration else count
            evidence["long_pauses"] = int(count)
            parts.append((1.0 - ramp(per_min, 1.0, 6.0), 0.6))
    score = sum(s * w for s, w in parts) / sum(w for _, w in parts)
    return Criterion(score=100 * score, evidence=evidence)


def _num(d: dict[str, Any], *keys: str) -> float | None:
    for k in keys:
        v = d.get(k)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v):
            return float(v)
    return None


def filler_words(ctx: QuestionContext, ans: Answer, speech: dict[str, Any] | None) -> Criterion:
    """100 = no fillers; falls with the weighted filler rate (text count, or the speech count if larger)."""
    counts = dict(ans.fillers.counts)
    weighted = ans.fillers.weighted
    if speech:
        # The speech pipeline sees pauses the transcript doesn't; trust whichever found more.
        spoken = speech.get("filler_words") or speech.get("fillers")
        if isinstance(spoken, dict) and sum(int(v) for v in spoken.values()) > sum(counts.values()):
            counts = {str(k): int(v) for k, v in spoken.items()}
            weighted = float(sum(counts.values()))
        total = _num(speech, "filler_count")
        if total is not None and total > weighted:
            weighted = total
    rate = weighted / ans.words if ans.words else 0.0
    score = 100 * (1 - ramp(rate, 0.02, 0.2)) if ans.words else 100.0
    return Criterion(score=score, evidence={"counts": counts, "rate": round(rate, 3)})
