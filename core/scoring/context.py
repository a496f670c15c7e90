"""What the scorer knows about a question: key points, model answer, and how they were obtained."""
from __future__ import annotations

import itertools
import logging
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from core.embeddings import cached_embedder, canonical_name
from core.question_bank import (
    BankQuestion,
    KeyPoint,
    bank,
    find_question,
    resolve_position,
)
from core.question_bank.loader import Misconception, Premise
from core.scoring.concepts import explaining_words
from core.scoring.lexicon import (
    Lexicon,
    calibration,
    derived_points,
    expand_terms,
    lexicon,
    listed_names,
    setting_terms,
    unit_words,
)
from core.scoring.text import (
    Prepared,
    content_words,
    detect_language,
    find_term,
    is_particle,
    normalise,
    prepare,
    strip_josa,
    tokens,
)

log = logging.getLogger(__name__)


@dataclass
class QuestionContext:
    """Everything the rubric needs about one question."""

    text: str
    language: str
    kind: str
    position: str
    key_points: tuple[KeyPoint, ...]
    model_answer: str | None
    bank_key: str | None
    follow_ups: tuple[str, ...] = ()
    # How the key points were obtained: "bank" (the question itself), "neighbour" (a close bank
    # question's key points) or "derived" (from the question's own words + generic points).
    source: str = "bank"
    # For "derived" key points, how many of a point's terms must appear for full credit.
    derived_need: dict[str, int] = field(default_factory=dict)
    # A derived topic point's label and the question's words it names ("the key concepts (recover, sync.RWMutex)"):
    # where it is credited, the feedback names only those the answer said.
    topic_label: tuple[str, tuple[str, ...]] | None = None
    # Generic points (no topic meaning to embed) judged by their cue terms alone.
    term_only: frozenset[str] = frozenset()
    # Generic behavioural points and the STAR part whose detection also holds them (derived_points.yaml `part`).
    story_points: tuple[tuple[str, str], ...] = ()
    # Model answers of related bank questions: hidden yardsticks for relevance, never shown as
    # "the model answer" because they answer a different question.
    reference_answers: tuple[str, ...] = ()
    reference_weights: tuple[float, ...] = ()  # trust in each yardstick (0..1)
    # Wrong claims candidates make, per language (both, so an answer in the other language is checked).
    misconceptions: dict[str, tuple[Misconception, ...]] = field(default_factory=dict)
    # A question outside the bank: the misconceptions of close bank questions (yardstick weight from
    # `correctness.key_yardstick` up) with their model answers per language. A wrong fact stays wrong whatever
    # the wording of the question; finding none verifies nothing.
    close_misconceptions: tuple[tuple[dict[str, tuple[Misconception, ...]], dict[str, str]], ...] = ()
    # The other language's model answer: an answer in that language is checked against it.
    alt_model_answer: str | None = None
    alt_text: str | None = None  # the question in the other language (its words are not content either)
    key_source: str = "bank"  # bank | llm (key points written once by the LLM for a new question)
    # A behavioural bank question's premise (the situation its story must be about), with both languages' terms.
    premise: Premise | None = None
    # A question outside the bank read as a rewording of a bank question, or borrowing a related one's points: that
    # bank question's text, so the feedback can say whose key judged the answer (a borrowed key can fit another
    # question: bench/README.md, thirty-third round).
    borrowed_from: str | None = None

    @property
    def reference(self) -> str:
        """What correctness was checked against: bank | neighbour | derived | llm."""
        return "llm" if self.key_source == "llm" and self.source == "bank" else self.source

    @property
    def has_misconceptions(self) -> bool:
        return any(self.misconceptions.values())


def merge_languages(points: tuple[KeyPoint, ...], other: BankQuestion | None) -> tuple[KeyPoint, ...]:
    """Key points with the other language's terms added (same order in both files), so an answer
    given in the other language is graded by its content."""
    if other is None or len(other.key_points) != len(points):
        return points
    return tuple(replace(kp, terms=tuple(dict.fromkeys((*kp.terms, *alt.terms))))
                 for kp, alt in zip(points, other.key_points, strict=True))


def merge_premise(q: BankQuestion, other: BankQuestion | None) -> Premise | None:
    """The question's premise with the other language's terms added (a story told in that language counts)."""
    if q.premise is None or other is None or other.premise is None:
        return q.premise
    return replace(q.premise, terms=tuple(dict.fromkeys((*q.premise.terms, *other.premise.terms))))


def context_from_bank(q: BankQuestion, other: BankQuestion | None = None, key_source: str = "bank") -> QuestionContext:
    """Context for a bank question: its own key points and model answer (+ the other language's version)."""
    mis = {q.language: q.misconceptions}
    if other is not None and other.language != q.language:
        mis[other.language] = other.misconceptions
    else:
        other = None
    return QuestionContext(
        text=q.text,
        language=q.language,
        kind=q.kind,
        position=q.position,
        key_points=merge_languages(q.key_points, other),
        model_answer=q.model_answer,
        bank_key=q.key,
        follow_ups=q.follow_ups,
        source="bank",
        misconceptions=mis,
        alt_model_answer=other.model_answer if other is not None else None,
        alt_text=other.text if other is not None else None,
        key_source=key_source,
        premise=merge_premise(q, other),
    )


# --- bank index (per embedder) -----------------------------------------------------------------


@dataclass
class BankIndex:
    """Embeddings of every bank question text and model answer, for neighbour search and contrast."""

    questions: list[BankQuestion]
    question_vecs: np.ndarray  # kind="query"
    answer_vecs: np.ndarray  # kind="passage" (model answers)
    by_text: dict[str, BankQuestion]
    follow_up_parent: dict[str, BankQuestion]
    key_texts: dict[str, Prepared]  # per bank key: both languages' question texts, key points and terms
    # per bank key: everything the bank says about it (also model answers, wrong claims, corrections, follow-ups)
    full_texts: dict[str, Prepared] = field(default_factory=dict)
    _idf: dict[str, float] = field(default_factory=dict)
    _terms: frozenset[str] | None = None

    def idf(self, term: str) -> float:
        """How rare the term is: log(keys / keys whose full text has it), over everything the bank writes about each
        key, so a plain word ("shows", "says") that one key's terms happen to use does not weigh as the rarest.
        0 for a term no key's key text holds (no key can be matched on it)."""
        found = self._idf.get(term)
        if found is None:
            found = 0.0
            if any(holds(text, term) for text in self.key_texts.values()):
                holders = sum(1 for text in self.full_texts.values() if holds(text, term))
                found = math.log(len(self.full_texts) / holders)
            self._idf[term] = found
        return found

    def lists_as_term(self, word: str) -> bool:
        """Whether some key point of the bank lists the word as a term of its own: the interview vocabulary ("holiday",
        "ETA", "호스팅"), not words a question's scene merely uses ("feels", "잠깐")."""
        if self._terms is None:
            self._terms = frozenset(t.lower() for q in self.questions for kp in q.key_points for t in kp.terms)
        return word.lower() in self._terms

    def rows(self, language: str) -> np.ndarray:
        """Row indices of one language's questions."""
        return np.array([i for i, q in enumerate(self.questions) if q.language == language], dtype=np.int64)


_index_lock = threading.Lock()
_indexes: dict[str, BankIndex] = {}


def _key_text(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text.lower())


def bank_index(embedder: str | None = None) -> BankIndex:
    """The bank index for the configured embedder, built once per process."""
    name = canonical_name(embedder)
    found = _indexes.get(name)
    if found is not None:
        return found
    with _index_lock:
        found = _indexes.get(name)
        if found is None:
            questions = list(bank())
            enc = cached_embedder(name)
            found = BankIndex(
                questions=questions,
                question_vecs=enc.embed([q.text for q in questions], kind="query"),
                answer_vecs=enc.embed([q.model_answer for q in questions], kind="passage"),
                by_text={_key_text(q.text): q for q in questions},
                follow_up_parent={_key_text(f): q for q in questions for f in q.follow_ups},
                key_texts=_texts_per_key(questions, _key_parts),
                full_texts=_texts_per_key(questions, _full_parts),
            )
            _indexes[name] = found
            log.info("bank index for %s: %d questions", name, len(questions))
    return found


def holds(text: Prepared, term: str) -> bool:
    """The term, or one of its synonyms or spellings, occurs in the text."""
    return any(find_term(v, text) for v in expand_terms((term,)))


def _key_parts(q: BankQuestion) -> list[str]:
    """What a question's key is: its text, key-point labels and terms."""
    return [q.text, *(part for kp in q.key_points for part in (kp.point, *kp.terms))]


def _full_parts(q: BankQuestion) -> list[str]:
    """Everything the bank writes about a question: its key, model answer, follow-ups, wrong claims, corrections."""
    wrong = (part for m in q.misconceptions for part in (m.claim, m.correction))
    return [*_key_parts(q), q.model_answer, *q.follow_ups, *wrong]


def _texts_per_key(questions: list[BankQuestion], parts_of: Callable[[BankQuestion], list[str]]
                   ) -> dict[str, Prepared]:
    """Per bank key, its parts in both languages as one prepared text."""
    texts: dict[str, list[str]] = {}
    for q in questions:
        texts.setdefault(q.key, []).extend(parts_of(q))
    return {key: prepare("\n".join(parts)) for key, parts in texts.items()}


# --- contexts for free-text questions ---------------------------------------------------------


def _looks_behavioral(question: str, language: str) -> bool:
    prepared = prepare(question)
    lex = lexicon(language)
    behavioral = sum(find_term(c, prepared) for c in lex.behavioral_question_cues)
    if behavioral:
        behavioral += sum(find_term(c, prepared) for c in lex.behavioral_request_cues)
    technical = sum(find_term(c, prepared) for c in lex.technical_question_cues)
    story = sum(find_term(c, prepared) for c in lex.behavioral_story_cues)
    # "…어떻게 하시겠어요?" / "How would you …?" sets a scene to act in now, not a past to tell: a colleague or a failure
    # in the scene ("팀원이 … 배포하자고 합니다", "배치가 실패해서") makes it no less a technical question.
    if not story and any(find_term(c, prepared) for c in lex.scenario_question_cues):
        technical += 1
    return (story >= 1 and story >= technical) or behavioral > technical or (behavioral >= 2 and behavioral >= technical)


# The first this many salient words name a question's concepts (derived key points, relevance's lexical share).
_TOPIC_TERMS_SHOWN = 8


@lru_cache(maxsize=4096)
def topic_terms(question: str, language: str, *, with_verb_forms: bool = False, every: bool = False
                ) -> tuple[str, ...]:
    """Salient words of the question (cached): the first _TOPIC_TERMS_SHOWN, or `every` one."""
    if not every:
        # The first few are a prefix of the full list: read from its cache entry instead of reading the question again.
        return topic_terms(question, language, with_verb_forms=with_verb_forms, every=True)[:_TOPIC_TERMS_SHOWN]
    return tuple(_topic_terms(question, language, with_verb_forms=with_verb_forms))


def _topic_terms(question: str, language: str, *, with_verb_forms: bool = False) -> list[str]:
    """Salient words of the question, in order: technologies/concepts the answer should address.

    Korean verb forms ("만들었는데", "다르") are skipped unless `with_verb_forms`: the bank-share rules keep them
    (see `_topic_weights`)."""
    lex = lexicon(language)
    stop = lex.all_stopwords
    seen: dict[str, None] = {}
    for tok in tokens(question):
        if is_particle(tok):
            continue
        word = tok if tok.isascii() else strip_josa(tok)
        if len(word) < 2 or word in stop or tok in stop or word.isdigit():
            continue
        if not tok.isascii() and (lex.verb_form is not None and lex.verb_form.search(tok)
                                  or not with_verb_forms and _is_topic_verb_form(tok, word, lex)):
            continue
        if tok.isascii():
            # Keep the question's own spelling ("HTTPS", "TLS") for labels; matching ignores case.
            m = re.search(r"(?<![A-Za-z0-9])" + re.escape(tok) + r"(?![A-Za-z0-9])", question, re.IGNORECASE)
            word = m.group(0) if m else tok
        seen.setdefault(word, None)
    return list(seen)


def _is_topic_verb_form(token: str, word: str, lex: Lexicon) -> bool:
    """A Korean verb form the derived key points skip ("만들었는데", "다르"): a listed stem or ending, or a
    syllable with final ㅆ (past or future tense, which no topic noun has)."""
    if word in lex.topic_verb_stems or token in lex.topic_verb_stems:
        return True
    if lex.topic_verb_form is not None and (lex.topic_verb_form.search(token) or lex.topic_verb_form.search(word)):
        return True
    return any(0xAC00 <= ord(ch) <= 0xD7A3 and (ord(ch) - 0xAC00) % 28 == _FINAL_SSANG_SIOT for ch in token)


_FINAL_SSANG_SIOT = 20  # index of the final consonant ㅆ in a precomposed Hangul syllable


# How many of the question's words the derived point's label names.
_TOPIC_LABEL_WORDS = 4


@lru_cache(maxsize=4096)
def derived_topic(question: str, language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words a question outside the bank is held to, and those its label names.

    Its rarest topic words over the bank's keys (`topic_rarity`), in the question's order: a question opens with its
    scene ("Right after every deploy of our Java API, p99 latency …", "오프라인에서도 상품 목록을 보여 주려고 IndexedDB에 …"),
    and its first words alone held a right answer about IndexedDB transactions to "오프라인, 상품, 목록, 주려" (blind66).
    The label names technologies and words the bank lists as terms first, as follow-ups do (core/followup.py)."""
    every = topic_terms(question, language, every=True)
    rarity = topic_rarity(question, language)
    rare = sorted((t for t in every if t in rarity), key=lambda t: -rarity[t])[:_TOPIC_TERMS_SHOWN]
    terms = tuple(t for t in every if t in rare) or every[:_TOPIC_TERMS_SHOWN]
    setting = setting_terms()
    named = [t for t in terms if t.lower() not in setting and not any(c.isdigit() for c in t)
             and (names_technology(t) or listed_as_term(t))]
    shown = sorted(named, key=lambda t: (not names_technology(t), -rarity.get(t, 0.0)))[:_TOPIC_LABEL_WORDS]
    if len(shown) < 2:
        shown = [*shown, *(t for t in terms if t not in shown)][:_TOPIC_LABEL_WORDS]
    return terms, tuple(t for t in terms if t in shown)


def derived_context(question: str, language: str, position: str, kind: str | None = None) -> QuestionContext:
    """Key points from the question's own words plus generic rubric points (no bank neighbour)."""
    spec = derived_points()[language if language in ("ko", "en") else "en"]
    kind = kind or ("behavioral" if _looks_behavioral(question, language) else "technical")
    points: list[KeyPoint] = []
    need: dict[str, int] = {}
    topic_label = None
    if kind == "technical":
        topic, named = derived_topic(question, language)
        if topic:
            label = spec["topic_point"].format(topic=", ".join(named))
            topic_label = (label, named)
            # An answer that explains a concept the question names, without repeating its name, is about it.
            points.append(KeyPoint(point=label, terms=tuple(dict.fromkeys([*topic, *explaining_words(question)]))))
            # Naming one word of the question is not yet an explanation of it.
            need[label] = min(2, len(topic))
    # The answer may come in the other language: its cue words count too (same order in both lists).
    other = derived_points()["en" if language == "ko" else "ko"][kind]
    generic = [KeyPoint(point=p["point"], terms=tuple(dict.fromkeys([*p["terms"], *(o["terms"] if o else [])])))
               for p, o in itertools.zip_longest(spec[kind], other[:len(spec[kind])])]
    points.extend(generic)
    return QuestionContext(
        text=question, language=language, kind=kind, position=position, key_points=tuple(points),
        model_answer=None, bank_key=None, source="derived", derived_need=need, topic_label=topic_label,
        term_only=frozenset(p.point for p in generic),
        story_points=tuple((p["point"], p["part"]) for p in spec[kind] if p.get("part")),
    )


def _same_language(q: BankQuestion, language: str) -> BankQuestion:
    """The same bank question in `language` (q itself when the bank has no such version)."""
    return q if q.language == language else find_question(q.key, language) or q


def _other_language(q: BankQuestion) -> BankQuestion | None:
    return find_question(q.key, "en" if q.language == "ko" else "ko")


def _relevant_points(question: str, q: BankQuestion, language: str) -> tuple[KeyPoint, ...]:
    """The neighbour's key points that the new (narrower) question actually asks about, with the other
    language's terms too (an answer in the other language is graded by its content, as on bank questions)."""
    merged = merge_languages(q.key_points, _other_language(q))
    prepared = prepare(question)
    keep = [i for i, kp in enumerate(q.key_points) if any(find_term(t, prepared) for t in expand_terms(kp.terms))]
    if not keep:
        # No term overlap: keep the points semantically closest to the question.
        enc = cached_embedder()
        qv = enc.embed([question], kind="query")[0]
        pv = enc.embed([f"{kp.point}: {', '.join(kp.terms[:5])}" for kp in q.key_points], kind="passage")
        keep = sorted(np.argsort(-(pv @ qv))[:2].tolist())
    return tuple(merged[i] for i in keep)


def context_for_text(question: str, language: str | None = None, position: str | None = None) -> QuestionContext:
    """Context for any question text: the bank question itself, a close bank neighbour, or derived points."""
    text = normalise(question)
    lang = language if language in ("ko", "en") else detect_language(text, default="en")
    slug = resolve_position(position, use_embeddings=False) if position else None
    index = bank_index()
    exact = index.by_text.get(_key_text(text))
    if exact is not None:
        own = _same_language(exact, lang)
        ctx = context_from_bank(own, _other_language(own))
        ctx.text = text
        return ctx
    thresholds = calibration()["embedders"][canonical_name()]["neighbour"]
    parent = index.follow_up_parent.get(_key_text(text))
    if parent is not None:
        return _follow_up_of(text, lang, slug, parent)
    vec = cached_embedder().embed([text], kind="query")[0]
    sims = index.question_vecs @ vec
    order = np.argsort(-sims)
    best_sim = float(sims[order[0]])
    neighbour = _same_language(index.questions[order[0]], lang)
    if best_sim >= thresholds["same"]:
        return _neighbour_context(text, lang, slug, neighbour, full=True)
    behavioral = _looks_behavioral(text, lang)
    reworded = None if behavioral else _reworded_bank_question(text, lang, index, sims, order, thresholds["yardstick"])
    if reworded is not None:
        own = _same_language(reworded, lang)
        return replace(_neighbour_context(text, lang, slug, own, full=True), borrowed_from=own.text)
    # Model answers of the nearest bank questions serve as hidden relevance yardsticks, trusted in
    # proportion to how close their question is (they only ever raise relevance).
    yardsticks: dict[str, tuple[BankQuestion, float]] = {}
    for i in order[:8]:
        weight = _ramp(float(sims[i]), thresholds["yardstick"], thresholds["related"])
        if weight > 0:
            q = _same_language(index.questions[i], lang)
            yardsticks.setdefault(q.key, (q, weight))
    top = list(yardsticks.values())[:3]
    related = best_sim >= thresholds["related"]
    # A related cosine alone also finds questions that only sound alike: the neighbour's key must hold enough of
    # this question's topic words to lend its points.
    lends = related and neighbour.kind == "technical" and not behavioral and _key_holds_topic(text, lang, index, neighbour)
    if lends:
        # Technical key points carry over only where the new question asks about them.
        ctx = replace(_neighbour_context(text, lang, slug, neighbour, full=False, show_model=False),
                      borrowed_from=neighbour.text)
    elif related and neighbour.kind == "behavioral":
        # A related behavioral question has topic-specific points ("committing to the manager's
        # decision") that may not fit; the generic STAR points always do.
        ctx = derived_context(text, lang, slug or "behavioral", kind="behavioral")
    else:
        ctx = derived_context(text, lang, slug or "backend")
    ctx.reference_answers = tuple(q.model_answer for q, _ in top)
    ctx.reference_weights = tuple(w for _, w in top)
    # The yardsticks trusted as a key (sorted by closeness, so these are the closest) also lend their misconceptions.
    floor = calibration()["correctness"]["key_yardstick"]
    ctx.close_misconceptions = _close_misconceptions([q for q, w in top if w >= floor])
    return ctx


def follow_up_context(question: str, language: str, parent_key: str, position: str | None = None
                      ) -> QuestionContext | None:
    """Context for a follow-up the interview asked about an answer to bank question `parent_key` (core/followup.py,
    or an LLM's): graded like the bank's own follow-ups, on the parent's key points it names. Read as free text,
    "Thanks. You didn't mention multi-stage — how does that come into play here?" was graded on "the key concepts
    (Thanks, mention, multi-stage, come)". None when the bank no longer holds the key."""
    text = normalise(question)
    lang = language if language in ("ko", "en") else detect_language(text, default="en")
    parent = find_question(parent_key, lang) or find_question(parent_key, "en" if lang == "ko" else "ko")
    if parent is None:
        return None
    slug = resolve_position(position, use_embeddings=False) if position else None
    return _follow_up_of(text, lang, slug, parent)


def _follow_up_of(text: str, lang: str, slug: str | None, parent: BankQuestion) -> QuestionContext:
    own = _same_language(parent, lang)
    ctx = _neighbour_context(text, lang, slug, own, full=False)
    ctx.close_misconceptions = _close_misconceptions([own])
    return ctx


def _reworded_bank_question(text: str, lang: str, index: BankIndex, sims: np.ndarray, order: np.ndarray,
                            floor: float) -> BankQuestion | None:
    """The technical bank question this (technical-looking) one rewords, if any.

    Reworded questions sit well below the `same` cosine (USE: 0.49-0.74 on the blind sets' event-loop, isolation-level
    and configuration-change questions) and a sentence cosine also ranks "difference between X and Y, when would you
    choose" next to any other such question. The topic words decide instead: the candidate whose key holds most of
    the question's rare words (idf over the bank's keys), when that share is high enough.
    """
    weights = _topic_weights(text, lang, index)
    if not weights:
        return None
    best: tuple[float, float, BankQuestion] | None = None
    min_terms = int(calibration()["reworded"]["min_terms"])
    # Two or three common words ("주문", "결과"; "SELECT", "FROM") held by a key are not yet a rewording of it.
    min_weight = float(calibration()["reworded"]["min_weight"])
    for i in order[:10]:
        sim = float(sims[i])
        q = index.questions[i]
        if q.kind != "technical":
            continue
        held = _held_terms(weights, index, q)
        share = _share_of(weights, held)
        # Below the yardstick cosine only a key holding every topic word (and more than the minimum of them) counts:
        # "What are Web Workers …?" sits at 0.43 from the bank's Web Worker question, which words it as a frozen page.
        if (len(held) < min_terms or _weight_of(weights, held) < min_weight
                or (sim < floor and (share < 1.0 or len(held) <= min_terms))):
            continue
        if best is None or (share, sim) > best[:2]:
            best = (share, sim, q)
    if best is None or best[0] < calibration()["reworded"]["term_share"]:
        return None
    return best[2]


# A name as a technology writes it: an inner capital ("NotReady", "WebSocket") or two or more capitals ("GDPR").
_NAMED_TERM = re.compile(r"[a-z][A-Z]|[A-Z]{2,}")


def _topic_weights(text: str, lang: str, index: BankIndex) -> dict[str, float]:
    """The question's topic words, each weighted by its idf over the bank's keys (0-weight words dropped).

    Every topic word, not only the first few: a long question names its subject late ("Product wants to ask users for
    an App Store or Google Play rating … when would you show the prompt?"), and its first eight words alone were held by
    the in-app purchase question's key, which then graded a correct answer about the rating prompt (blind48: 19)."""
    weights = {t: index.idf(t) for t in topic_terms(text, lang, with_verb_forms=True, every=True)}
    # A technology's own name that no bank key holds ("NotReady", "GDPR") says the question is about something the bank
    # does not cover: it weighs as the rarest word, so a key holding the question's other, common words ("nodes",
    # "Pods") is not taken for a rewording of it.
    rarest = math.log(max(2, len(index.full_texts)))
    return {t: (w if w > 0 else rarest) for t, w in weights.items() if w > 0 or _written_as_name(t)}


def names_technology(term: str) -> bool:
    """A technology's name: listed (tech_terms.yaml) or written as one ("getCurrentPosition", "GPU")."""
    return term.lower() in listed_names() or _written_as_name(term)


def _written_as_name(term: str) -> bool:
    """CamelCase or capitals ("getCurrentPosition", "GPU"), and not a unit ("GB" is written like one)."""
    return bool(_NAMED_TERM.search(term)) and term.upper() not in unit_words()


def listed_as_term(word: str) -> bool:
    """Whether a key point of the bank lists the word as a term (`BankIndex.lists_as_term`)."""
    return bank_index().lists_as_term(word)


def topic_rarity(question: str, language: str) -> dict[str, float]:
    """The question's topic words, each weighted by how rare it is over the bank's keys (`_topic_weights`); a word no
    key holds is left out unless it is written as a technology's name."""
    return _topic_weights(question, language, bank_index())


def _held_terms(weights: dict[str, float], index: BankIndex, q: BankQuestion) -> list[str]:
    """The question's topic words that bank question q's key holds."""
    key_text = index.key_texts[q.key]
    return [t for t in weights if holds(key_text, t)]


def _weight_of(weights: dict[str, float], held: list[str]) -> float:
    return sum(weights[t] for t in held)


def _share_of(weights: dict[str, float], held: list[str]) -> float:
    total = sum(weights.values())
    return _weight_of(weights, held) / total if total else 0.0


def _key_holds_topic(text: str, lang: str, index: BankIndex, q: BankQuestion) -> bool:
    """Whether a related neighbour's key holds enough of the question's topic words to lend its points: a share of
    them (`related_share`) that weighs enough (`min_weight`; two common words are no topic)."""
    weights = _topic_weights(text, lang, index)
    held = _held_terms(weights, index, q)
    rule = calibration()["reworded"]
    if _share_of(weights, held) < rule["related_share"]:
        return False
    # Common words weigh little, but where the neighbour's own question asks about every topic word it is the same
    # topic: "프로세스와 스레드의 차이를 설명해 주세요" (both words common across the bank's keys) is the bank's process-and-thread
    # question, narrowed; its points the question asks about carry over.
    asks_all = (len(held) >= rule["min_terms"] and len(held) == len(weights)
                and all(holds(prepare(q.text), t) for t in held))
    return _weight_of(weights, held) >= rule["min_weight"] or asks_all


def _by_language(q: BankQuestion, other: BankQuestion | None) -> dict[str, tuple[Misconception, ...]]:
    """A bank question's misconceptions in its language and the other one (the same items, the same order)."""
    return {q.language: q.misconceptions} | ({other.language: other.misconceptions} if other else {})


def _close_misconceptions(questions: list[BankQuestion]
                          ) -> tuple[tuple[dict[str, tuple[Misconception, ...]], dict[str, str]], ...]:
    """Each close bank question's misconceptions and model answers, in both languages (same order)."""
    out = []
    for q in questions:
        other = _other_language(q)
        mis = _by_language(q, other)
        refs = {q.language: q.model_answer} | ({other.language: other.model_answer} if other else {})
        if any(mis.values()):
            out.append((mis, refs))
    return tuple(out)


def _ramp(x: float, lo: float, hi: float) -> float:
    return min(1.0, max(0.0, (x - lo) / (hi - lo))) if hi > lo else float(x >= hi)


def _neighbour_context(
    text: str, lang: str, slug: str | None, q: BankQuestion, *, full: bool, show_model: bool = True
) -> QuestionContext:
    """A context borrowing a bank question's key points (all of them when it is the same question)."""
    if full:
        other = _other_language(q)
        mis = _by_language(q, other)
        return QuestionContext(
            text=text, language=lang, kind=q.kind, position=slug or q.position,
            key_points=merge_languages(q.key_points, other), misconceptions=mis,
            alt_model_answer=other.model_answer if other and show_model else None,
            alt_text=other.text if other else None,
            model_answer=q.model_answer if show_model else None, bank_key=q.key if show_model else None,
            follow_ups=q.follow_ups if show_model else (), source="neighbour",
            reference_answers=() if show_model else (q.model_answer,),
            reference_weights=() if show_model else (1.0,), premise=merge_premise(q, other),
        )
    points = _relevant_points(text, q, lang)
    term_only: frozenset[str] = frozenset()
    if q.kind == "technical" and len(points) < 3:
        # Too few borrowed points to judge by: add the generic "why / example" points.
        derived = derived_context(text, lang, slug or q.position, kind="technical")
        extra = tuple(kp for kp in derived.key_points if kp.point in derived.term_only)
        points = points + extra
        term_only = derived.term_only
    return QuestionContext(
        text=text, language=lang, kind=q.kind, position=slug or q.position, key_points=points,
        # The neighbour's model answer answers a different question: never show it for this one.
        model_answer=None, bank_key=None, follow_ups=(), source="neighbour", term_only=term_only,
        reference_answers=(q.model_answer,),
        reference_weights=(1.0,),
    )


def question_words(ctx: QuestionContext) -> frozenset[str]:
    """Content words of the question (to spot answers that only echo it)."""
    return _question_words(ctx.text, ctx.language, ctx.alt_text)


@lru_cache(maxsize=4096)
def _question_words(text: str, language: str, alt_text: str | None) -> frozenset[str]:
    words = set(content_words(text, lexicon(language).all_stopwords))
    if alt_text:
        other = "en" if language == "ko" else "ko"
        words |= set(content_words(alt_text, lexicon(other).all_stopwords))
    return frozenset(words)

