"""Optional Hugging Face transformers backend for a local model directory (never downloads)."""
from __future__ import annotations

import asyncio
import importlib.util
import logging
import threading
from pathlib import Path
from typing import Any

from core.llm.base import LLMBadOutput, LLMError, LLMUnavailable
from core.llm.jsonout import parse_json_object

log = logging.getLogger(__name__)

_models: dict[Path, tuple[Any, Any, threading.Lock]] = {}
_models_lock = threading.Lock()


def unavailable_reason(model_path: str) -> str | None:
    """Why this backend cannot run, or None when it can."""
    if importlib.util.find_spec("transformers") is None or importlib.util.find_spec("torch") is None:
        return "transformers/torch are not installed (they are not project dependencies)"
    path = Path(model_path).expanduser() if model_path else None
    if path is None or not path.is_dir():
        return f"llm_model_path must be a local model directory, got {model_path!r}"
    if not (path / "config.json").is_file():
        return f"{path} has no config.json"
    return None


def _first_json_object(text: str) -> str:
    """Cut the first balanced {...} from free text: transformers has no grammar constraint here."""
    start = text.find("{")
    depth = 0
    in_string = escaped = False
    for i in range(max(start, 0), len(text)):
        ch = text[i]
        if in_string:
            escaped = ch == "\\" and not escaped
            if ch == '"' and not escaped:
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and start >= 0:
                return text[start : i + 1]
    raise LLMBadOutput(f"no JSON object in {text[:120]!r}")


class TransformersBackend:
    """Local causal LM via transformers; JSON is parsed from the text and shape-checked."""

    name = "transformers"

    def __init__(self, model_path: str) -> None:
        self.model_path = model_path

    def _model(self) -> tuple[Any, Any, threading.Lock]:
        reason = unavailable_reason(self.model_path)
        if reason:
            raise LLMUnavailable(reason)
        path = Path(self.model_path).expanduser().resolve()
        with _models_lock:
            if path not in _models:
                from transformers import AutoModelForCausalLM, AutoTokenizer

                tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
                model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
                model.eval()
                _models[path] = (tokenizer, model, threading.Lock())
            return _models[path]

    def generate_json_sync(
        self,
        *,
        system: str,
        prompt: str,
        schema: dict[str, Any],
        max_tokens: int = 256,
        cancel: threading.Event | None = None,
    ) -> dict[str, Any]:
        """Blocking generation; greedy, then the first JSON object is parsed."""
        import json

        tokenizer, model, lock = self._model()
        text = f"{system.strip()}\n\nJSON schema: {json.dumps(schema)}\n\n{prompt.strip()}\n"
        with lock:
            if cancel is not None and cancel.is_set():
                raise LLMError("cancelled before start")
            inputs = tokenizer(text, return_tensors="pt")
            output = model.generate(**inputs, max_new_tokens=max_tokens, do_sample=False)
        completion = tokenizer.decode(output[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True)
        return parse_json_object(_first_json_object(completion), schema)

    async def generate_json(
        self, *, system: str, prompt: str, schema: dict[str, Any], max_tokens: int = 256
    ) -> dict[str, Any]:
        """Generate in a worker thread."""
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
        """Say whether transformers and the model directory are usable."""
        reason = unavailable_reason(self.model_path)
        info: dict[str, Any] = {"backend": self.name, "model_path": self.model_path, "ok": reason is None}
        if reason:
            info["reason"] = reason
        return info
