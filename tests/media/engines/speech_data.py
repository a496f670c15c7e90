"""Real speech for the engine tests: interview-like sentences spoken by flite."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# flite's kal16 and rms voices are the ones PocketSphinx hears best.
SENTENCES = [
    "Tell me about a time you solved a difficult problem at work.",
    "I led a small team that migrated our database to a new cluster, and we reduced the downtime to ten minutes.",
    "My greatest strength is that I communicate clearly with other people.",
    "I would like to work here because the company builds products that help people learn.",
]
VOICES = ["kal16", "rms"]


def flite_wav(text: str, voice: str, path: Path) -> Path:
    """Synthesize `text` with flite into a WAV file (flite is a Debian package CI installs)."""
    if shutil.which("flite") is None:
        raise RuntimeError("flite is required for the speech tests: apt-get install flite")
    subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(path)], check=True, capture_output=True)
    return path
