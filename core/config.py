"""One settings object, read from the environment (and `.env`)."""
from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, computed_field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.home() / ".interview-coach"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- deployment -------------------------------------------------------------------------
    data_dir: Path = Field(default_factory=_default_data_dir)
    # Empty means "start the embedded PostgreSQL / Redis under data_dir".
    database_url: str = ""
    redis_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    # Run the arq worker inside `serve` (embedded mode default); off when workers scale out.
    embedded_worker: bool = True

    # --- auth -------------------------------------------------------------------------------
    jwt_secret: str = ""  # else generated once into data_dir/secret.key
    jwt_algorithm: str = "HS256"
    access_token_minutes: int = 60 * 24
    password_min_length: int = 6
    # argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~25 ms per hash on one core here.
    password_hash_memory_kib: int = 19456
    password_hash_time_cost: int = 2
    password_hash_parallelism: int = 1
    username_pattern: str = r"^[A-Za-z0-9_.\-@가-힣]{3,40}$"

    # --- limits -----------------------------------------------------------------------------
    max_answer_chars: int = 8000
    max_text_field_chars: int = 20000  # résumé / job description
    max_question_count: int = 15
    default_question_count: int = 5
    rate_limit_per_minute: int = 600  # per user, all endpoints

    # --- jobs -------------------------------------------------------------------------------
    job_max_tries: int = 3
    job_timeout_seconds: int = 120
    worker_heartbeat_seconds: int = 5

    # --- interview intelligence ------------------------------------------------------------
    embedder: Literal["use", "e5", "sentence-transformers"] = "use"
    sentence_transformers_model: str = ""  # local path, only for embedder=sentence-transformers
    question_diversity_threshold: float = 0.85  # max cosine similarity between two chosen questions
    behavioral_share: float = 0.3
    percentile_min_answers: int = 10

    # --- LLM (optional upgrade) --------------------------------------------------------------
    llm_backend: Literal["none", "llama_cpp", "openai", "transformers"] = "none"
    llm_model_path: str = ""  # GGUF path for llama_cpp; "packaged" = the packaged Gemma 270M
    llm_base_url: str = ""  # OpenAI-compatible server, e.g. http://localhost:11434/v1
    llm_api_key: str = ""
    llm_model: str = ""
    llm_timeout_seconds: float = 5.0
    llm_max_requests_per_minute: int = 60
    llm_blend_weight: float = 0.35  # share of the LLM's judgment in blended scores

    # --- speech -----------------------------------------------------------------------------
    deepgram_api_key: str = ""
    deepgram_model: str = "nova-2"
    deepgram_interim_results: bool = True
    deepgram_endpointing_ms: int = 300
    faster_whisper_model_dir: str = ""
    stt_provider_ko: str = "auto"  # auto | vosk | deepgram | faster_whisper
    stt_provider_en: str = "auto"  # auto | pocketsphinx | deepgram | faster_whisper
    stt_min_confidence: float = 0.55
    deepgram_url: str = ""  # empty = Deepgram's production endpoint
    # Measured: 4 live calls still transcribe correctly on 2 cores but finals lag 3-4 s (bench/README.md).
    max_peers: int = 3
    max_peer_seconds: int = 1800
    peer_connect_timeout_seconds: float = 20.0  # an offer whose browser never connects frees its slot
    ice_servers: str = ""  # comma-separated STUN/TURN URLs; empty = host candidates only
    max_audio_upload_mb: int = 25
    max_audio_seconds: int = 600
    emotion_workers: int = 1

    # --- emotion ----------------------------------------------------------------------------
    emotion_frame_interval_seconds: float = 2.0
    deepface_home: str = ""
    store_raw_frames: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def embedded(self) -> bool:
        return not (self.database_url and self.redis_url)

    @cached_property
    def secret_key(self) -> str:
        """JWT signing secret: from the environment, else generated once and kept in data_dir."""
        if self.jwt_secret:
            return self.jwt_secret
        path = self.data_dir / "secret.key"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key


settings = Settings()
