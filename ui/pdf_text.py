"""Text out of an uploaded PDF résumé or job description (pypdf, off the event loop)."""
from __future__ import annotations

import asyncio
import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError

log = logging.getLogger(__name__)
MAX_PDF_BYTES = 5 * 1024 * 1024
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# NULs and other control characters: some fonts' text decodes with them, and PostgreSQL text refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class PdfTextError(ValueError):
    """The file is not a readable PDF, or has no extractable text (e.g. a scan)."""


def pdf_text(data: bytes, max_chars: int) -> str:
    """All page text, whitespace tidied, cut to `max_chars`."""
    if not data.startswith(b"%PDF"):
        raise PdfTextError("not a PDF")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise PdfTextError(str(exc)) from exc
    text = "\n".join(_SPACES.sub(" ", _CONTROL.sub("", p)).strip() for p in pages)
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if not text:
        raise PdfTextError("no text in PDF")
    return text[:max_chars]


async def pdf_text_async(data: bytes, max_chars: int) -> str:
    return await asyncio.to_thread(pdf_text, data, max_chars)
