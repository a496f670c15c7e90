"""Language-light text handling: language detection, sentences, tokens, stems and term matching."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN = re.compile(r"[A-Za-z]")
# Sentence ends: . ! ? … and Korean final endings followed by space when punctuation is missing
# (speech-to-text output rarely has punctuation).
SENTENCE_BOUNDARY = re.compile(r"(?<=[.!?。…])\s+|\n+|(?<=[다요죠까])(?<![\s,]다)(?<!필요|중요|주요|수요|개요|강요|소요|보다|바다|마다|니까)\s+(?!보[면니])(?=[가-힣A-Za-z])")
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.\-'][a-z0-9+#]+)*|[\uac00-\ud7a3]+|%")
_SPACE = re.compile(r"\s+")


def detect_language(text: str, default: str = "en") -> str:
    """"ko" when Hangul makes up a real share of the letters, else "en" (or default for no letters)."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    if hangul == 0 and latin == 0:
        return default
    # A Korean syllable carries ~2-3 Latin letters' worth of content.
    return "ko" if hangul * 2.5 >= latin * 0.5 else "en"


def normalise(text: str) -> str:
    """Collapse whitespace and strip; keeps case and punctuation."""
    return _SPACE.sub(" ", text or "").strip()


def sentences(text: str) -> list[str]:
    """Split into sentences, also for unpunctuated Korean speech (split after final endings)."""
    parts = [p.strip() for p in SENTENCE_BOUNDARY.split(normalise_newlines(text)) if p and p.strip()]
    return parts or ([text.strip()] if text and text.strip() else [])


def normalise_newlines(text: str) -> str:
    """Keep line breaks (they separate sentences) but collapse other runs of whitespace."""
    return "\n".join(_SPACE.sub(" ", line).strip() for line in (text or "").splitlines())


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens: Latin words (keeping c++, node.js, b+tree), Hangul eojeol runs, and %."""
    return _TOKEN.findall((text or "").lower())


# Inflections only: derivational suffixes (-ization, -ly) merge unrelated words (normally/normalization).
_EN_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s")
_SIBILANTS = ("ss", "sh", "ch", "x", "zz")


@lru_cache(maxsize=65536)
def stem_en(word: str) -> str:
    """A deliberately small English stemmer: caching/cached/caches → cach, queries → query."""
    w = word.lower()
    if "-" in w and all(part.isalpha() for part in w.split("-")):
        # A compound inflects on its last part: "b-trees" is "b-tree", "read-replicas" is "read-replica".
        head, _, last = w.rpartition("-")
        return f"{head}-{stem_en(last)}"
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix in _EN_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith(("ss", "us", "is")):
            if suffix == "es" and not w[:-2].endswith(_SIBILANTS):
                # "nodes" is "node" + s (so it meets "node"), "boxes" and "caches" are "box" and "cach" + es.
                suffix = "s"
            w = w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    # An adverb meets its adjective (remotely → remote, automatically → automatic); a short or -ply word is no
    # adverb (early, apply, multiply).
    if w.endswith("ically") and len(w) > 8:
        w = w[:-4]
    elif w.endswith("ly") and len(w) >= 7 and w[-3] != "p":
        w = w[:-2]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    # Undo doubled final consonants (stopped → stopp → stop). A doubled l goes too, whatever the word, so that the
    # British doubling meets the base: cancelled, cancel → cancel; installed, install → instal.
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeious":
        w = w[:-1]
    return w


def _stem_stream(stems: list[str] | tuple[str, ...]) -> str:
    """Stems as one space-padded string for phrase search, hyphenated compounds split into their words."""
    return " " + " ".join(stems).replace("-", " ") + " "


def member_of(token: str) -> str:
    """The stem of a dotted name's last part ("event.target" → "target"), or "" for any other token. A term search
    already finds "target" in "event.target" (its word boundary is the dot); word-order matching reads tokens."""
    head, dot, last = token.rpartition(".")
    return stem_en(last) if dot and head and last.isalpha() and head[-1].isalnum() else ""


@dataclass
class Prepared:
    """An answer (or any text) pre-processed once for all matching: lowered text and stem stream."""

    raw: str
    lower: str
    toks: list[str]
    compact: str  # lowered, whitespace removed: Korean compound terms match with or without spaces
    stems: str = field(default="")
    stem_toks: tuple[str, ...] = ()  # per token: its English stem, or the Korean eojeol as written

    def __post_init__(self) -> None:
        self.stem_toks = tuple(stem_en(t) if t.isascii() else t for t in self.toks)
        # Hyphens read as spaces in the stem stream: "LSM trees", "LSM-trees" and the term "LSM-tree" are one phrase.
        self.stems = _stem_stream(self.stem_toks)

    @cached_property
    def heads(self) -> frozenset[str]:
        """The English stems and the first syllables of the Korean tokens: a word-order match cannot start
        without its words here (most signal phrases are not in a given clause at all)."""
        heads = {t if t.isascii() else t[0] for t in self.stem_toks}
        # A member name ("event.target", "Object.freeze") also heads its last part, as `member_of` matches it.
        heads.update(member for t in self.stem_toks if t.isascii() and (member := member_of(t)))
        return frozenset(heads)


def prepare(text: str) -> Prepared:
    """Pre-process text once for repeated term matching."""
    lower = normalise(text).lower()
    return Prepared(raw=text, lower=lower, toks=tokens(lower), compact=_SPACE.sub("", lower))


@lru_cache(maxsize=65536)
def _term_matchers(term: str) -> tuple[re.Pattern[str] | None, str | None, str | None, str]:
    """(raw regex, stem sequence, compact Hangul form, a literal the regex cannot match without) used to find
    `term` in a Prepared text. The literal is a substring test that spares most regex searches: a scan of the
    ~300 confusable terms per clause was a tenth of an answer's scoring time."""
    t = normalise(term).lower()
    if not t:
        return None, None, None, ""
    if t.isascii():
        # Word boundaries on alphanumerics only: "redis를", "(jwt)" and "b+tree" all match. A term made only of
        # symbols may follow a digit: "%" belongs to its number ("40%"); after a letter ("why?") it is punctuation.
        before = r"(?<![a-z])" if not any(ch.isalnum() for ch in t) else r"(?<![a-z0-9])"
        pattern = re.compile(before + r"\s*".join(re.escape(p) for p in t.split()) + r"(?![a-z0-9])")
        toks = tokens(t)
        stem_seq = _stem_stream([stem_en(x) for x in toks]) if toks and all(x.replace("-", "").isalpha() for x in toks) else None
        return pattern, stem_seq, None, next(iter(t.split()), "")
    hangul_only = _SPACE.sub("", t)
    if len(_HANGUL.findall(hangul_only)) == 1 and len(hangul_only) == 1:
        # A single syllable is too ambiguous inside eojeol: it must start a word.
        return re.compile(r"(?:^|[\s(\"'])" + re.escape(t)), None, None, t
    # Korean stems match inside eojeol (particles attach), spaces optional.
    return None, None, hangul_only, hangul_only


def find_term(term: str, text: Prepared) -> bool:
    """Whether `term` occurs in the prepared text (stem-aware for English, inside eojeol for Korean)."""
    pattern, stem_seq, compact, literal = _term_matchers(term)
    if compact is not None:
        return compact in text.compact
    if stem_seq is not None and stem_seq in text.stems:
        return True
    return bool(pattern and literal in text.lower and pattern.search(text.lower))


@lru_cache(maxsize=4096)
def _within_words(term: str) -> re.Pattern[str]:
    return re.compile(r"\s*".join(re.escape(w) for w in normalise(term).lower().split()))


def find_term_within_words(term: str, text: Prepared) -> bool:
    """find_term, except that a Korean term does not match across a space of the text: "이사" (a director) is not in
    "시간이 사흘" (time, three days). The term's own spaces stay optional ("테크 리드", "테크리드")."""
    if normalise(term).isascii():
        return find_term(term, text)
    return bool(_within_words(term).search(text.lower))


def count_term(term: str, text: Prepared) -> int:
    """How many times `term` occurs (same rules as find_term)."""
    pattern, stem_seq, compact, _ = _term_matchers(term)
    if compact is not None:
        return text.compact.count(compact)
    hits = len(pattern.findall(text.lower)) if pattern else 0
    if stem_seq is not None:
        hits = max(hits, text.stems.count(stem_seq))
    return hits


# --- Korean particles -----------------------------------------------------------------------

_JOSA = sorted(
    [
        "으로부터", "에서부터", "이라고", "이라는", "라고", "라는", "에게서", "한테서", "으로써", "으로서",
        "에서는", "에서도", "에서의", "까지는", "부터는", "에게는", "으로는", "로는", "과는", "와는",
        "이나", "이랑", "에서", "에게", "한테", "까지", "부터", "처럼", "보다", "으로", "마다", "조차",
        "밖에", "이며", "이고", "하고", "이다", "입니다", "이에요", "예요", "에는", "에도", "의",
        "은", "는", "이", "가", "을", "를", "에", "와", "과", "도", "만", "로", "랑", "나", "며", "고", "요",
    ],
    key=len,
    reverse=True,
)
_VERB_ENDINGS = sorted(
    ["했습니다", "합니다", "하였", "했던", "하는", "하고", "해서", "하면", "하게", "하여", "했고", "하며",
     "됩니다", "되는", "되어", "되고", "됐", "된", "되", "한", "할", "해", "하"],
    key=len,
    reverse=True,
)


@lru_cache(maxsize=65536)
def strip_josa(word: str) -> str:
    """Strip one trailing particle / light-verb ending from a Hangul eojeol ("인덱스를" → "인덱스")."""
    if not word or not _HANGUL.search(word):
        return word
    for ending in _VERB_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    for josa in _JOSA:
        if word.endswith(josa) and len(word) - len(josa) >= 1:
            return word[: -len(josa)]
    return word


_JOSA_SET = frozenset(_JOSA) | frozenset(_VERB_ENDINGS)


def is_particle(token: str) -> bool:
    """A Hangul token that is only a particle/ending split off a Latin word ("Redis를" → "를")."""
    return token in _JOSA_SET


def content_words(text: str, stopwords: frozenset[str]) -> list[str]:
    """Content-bearing words: stems of Latin words and particle-stripped eojeol, minus stopwords."""
    out = []
    for tok in tokens(text):
        if is_particle(tok):
            continue
        word = stem_en(tok) if tok.isascii() else strip_josa(tok)
        if len(word) < 2 or word in stopwords or tok in stopwords or word.isdigit():
            continue
        out.append(word)
    return out


def hangul_share(text: str) -> float:
    """Share of Hangul among letters (0..1)."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return hangul / (hangul + latin) if hangul + latin else 0.0


def word_count(text: str) -> int:
    """Words for length/pace purposes: whitespace-separated units (eojeol for Korean)."""
    return len([w for w in normalise(text).split(" ") if w])
