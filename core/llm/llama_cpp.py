"""In-process llama.cpp backend (llama-cpp-python): any GGUF, JSON constrained by a grammar."""
from __future__ import annotations

import asyncio
import atexit
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from core.cpu_portability import cpu_flags
from core.llm.base import LLMBadOutput, LLMError, LLMUnavailable
from core.llm.jsonout import parse_json_object
from core.llm.packaged import resolve_gguf

log = logging.getLogger(__name__)

# One Llama per GGUF per process, each with its own lock: Llama objects are not thread-safe.
_models: dict[Path, tuple[Any, threading.Lock]] = {}
_models_lock = threading.Lock()


@atexit.register
def _close_models() -> None:
    """Free the loaded models while llama.cpp's bindings still exist. Left to `Llama.__del__` during interpreter
    teardown, the bindings may already be gone ("TypeError: 'NoneType' object is not callable" at the end of a test
    run; llama-cpp-python issue #2002). A model still generating in another thread is left alone."""
    with _models_lock:
        for llama, lock in _models.values():
            if lock.acquire(timeout=5):
                try:
                    llama.close()
                finally:
                    lock.release()
        _models.clear()


def _default_threads() -> int:
    # Leave a core for the event loop / web server on the 2-core target machine.
    return max(1, (os.cpu_count() or 2) - 1)


def avoid_amx_repack() -> bool:
    """On a CPU with AMX, load models without llama.cpp's extra buffer types; True if it had to.

    A native build of llama.cpp repacks the weights into an AMX buffer there, and the first decode then segfaults
    (ggml_backend_amx_mul_mat; ggml-org/llama.cpp#20824, measured here on a Sapphire Rapids machine with the packaged
    Q4_K_M model: SIGSEGV with the repack, a correct completion without). llama-cpp-python has no argument for it, so
    the defaults every Llama starts from are changed, once per process, before any model is loaded."""
    if not any(flag.startswith("amx") for flag in cpu_flags()):
        return False
    import llama_cpp.llama_cpp as bindings

    default = bindings.llama_model_default_params
    if hasattr(default, "original"):  # already done in this process
        return True

    def without_extra_buffers() -> Any:
        params = default()
        params.use_extra_bufts = False
        return params

    without_extra_buffers.original = default  # type: ignore[attr-defined]
    bindings.llama_model_default_params = without_extra_buffers
    return True


def load_model(path: Path, n_ctx: int = 2048, n_threads: int | None = None) -> tuple[Any, threading.Lock]:
    """Load `path` once per process and return (llama, lock)."""
    with _models_lock:
        if path in _models:
            return _models[path]
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise LLMUnavailable("llama-cpp-python is not installed (install the 'llm' extra)") from exc
        if avoid_amx_repack():
            log.info("AMX CPU: loading %s without llama.cpp's AMX weight repack", path.name)
        started = time.perf_counter()
        try:
            llama = Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=n_threads or _default_threads(),
                n_batch=256,
                seed=7,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise LLMUnavailable(f"cannot load {path}: {exc}") from exc
        log.info("loaded %s in %.1fs", path.name, time.perf_counter() - started)
        _models[path] = (llama, threading.Lock())
        return _models[path]


class LlamaCppBackend:
    """Runs a GGUF in this process; completion prompts, so base models without chat templates work."""

    name = "llama_cpp"

    def __init__(self, model_path: str, *, n_ctx: int = 2048, n_threads: int | None = None) -> None:
        self.model_path = model_path
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.last_stats: dict[str, float] = {}  # timing of the latest finished generation

    def _model(self) -> tuple[Any, threading.Lock]:
        return load_model(resolve_gguf(self.model_path), self.n_ctx, self.n_threads)

    def generate_json_sync(
        self,
        *,
        system: str,
        prompt: str,
        schema: dict[str, Any],
        max_tokens: int = 256,
        cancel: threading.Event | None = None,
    ) -> dict[str, Any]:
        """Blocking generation; `cancel` stops decoding early (set when the async caller gives up)."""
        from llama_cpp import StoppingCriteriaList

        llama, lock = self._model()
        grammar = _grammar_for(schema)
        text = f"{system.strip()}\n\n{prompt.strip()}\n"
        stop_on_cancel = StoppingCriteriaList([lambda _ids, _logits: bool(cancel and cancel.is_set())])
        with lock:
            if cancel is not None and cancel.is_set():
                raise LLMError("cancelled before start")
            started = time.perf_counter()
            try:
                out = llama.create_completion(
                    prompt=text,
                    max_tokens=max_tokens,
                    temperature=0.2,
                    top_p=0.9,
                    repeat_penalty=1.1,
                    grammar=grammar,
                    stopping_criteria=stop_on_cancel,
                )
            except ValueError as exc:  # e.g. prompt longer than the context window
                raise LLMBadOutput(str(exc)) from exc
            elapsed = time.perf_counter() - started
        usage = out.get("usage", {})
        self.last_stats = {
            "seconds": elapsed,
            "prompt_tokens": usage.get("prompt_tokens", 0),
            "completion_tokens": usage.get("completion_tokens", 0),
            "cancelled": float(bool(cancel and cancel.is_set())),
        }
        choice = out["choices"][0]
        if choice.get("finish_reason") == "length":
            raise LLMBadOutput(f"ran out of tokens ({max_tokens}) before the JSON closed")
        return parse_json_object(choice["text"], schema)

    async def generate_json(
        self, *, system: str, prompt: str, schema: dict[str, Any], max_tokens: int = 256
    ) -> dict[str, Any]:
        """Generate in a worker thread; on cancellation the thread is told to stop decoding."""
        cancel = threading.Event()
        try:
            return await asyncio.to_thread(
                self.generate_json_sync,
                system=system,
                prompt=prompt,
                schema=schema,
                max_tokens=max_tokens,
                cancel=cancel,
            )
        except asyncio.CancelledError:
            cancel.set()
            raise

    async def status(self) -> dict[str, Any]:
        """Report the GGUF, its size, and whether llama-cpp-python can load it."""
        info: dict[str, Any] = {"backend": self.name, "model_path": self.model_path}
        try:
            path = await asyncio.to_thread(resolve_gguf, self.model_path)
            info["resolved_path"] = str(path)
            info["size_bytes"] = path.stat().st_size
            import llama_cpp

            info["llama_cpp_version"] = llama_cpp.__version__
            info["loaded"] = path in _models
            info["ok"] = True
        except (LLMUnavailable, ImportError) as exc:
            info["ok"] = False
            info["reason"] = str(exc)
        return info


_grammars: dict[str, Any] = {}
_grammars_lock = threading.Lock()


def _grammar_for(schema: dict[str, Any]) -> Any:
    """Compile (and cache) a GBNF grammar from a JSON schema."""
    from llama_cpp import LlamaGrammar

    key = json.dumps(schema, sort_keys=True)
    with _grammars_lock:
        if key not in _grammars:
            _grammars[key] = LlamaGrammar.from_json_schema(key, verbose=False)
        return _grammars[key]
