"""Text out of an uploaded PDF résumé or job description: bounded in pages, time and memory.

A PDF can be built to make a parser spin (thousands of pages, huge content streams, deep object nesting), so
extraction runs in a short-lived child process that is killed when its time budget runs out, reads at most
`pdf_max_pages` pages, and stops as soon as it has enough text.
"""
from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import sys
import time

log = logging.getLogger(__name__)
MAX_PDF_BYTES = 5 * 1024 * 1024
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024  # address-space cap of the extraction process
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# NULs and other control characters: some fonts' text decodes with them, and PostgreSQL text refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class PdfTextError(ValueError):
    """The file is not a readable PDF, has no extractable text (e.g. a scan), or is too costly to read.

    `reason` is one of: not_pdf, unreadable, no_text, too_slow, too_big.
    """

    def __init__(self, message: str, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.reason = reason


def pdf_text(data: bytes, max_chars: int, max_pages: int = 30, deadline: float | None = None) -> str:
    """Page text, whitespace tidied, cut to `max_chars`; at most `max_pages` pages, stopping at `deadline`."""
    if not data.startswith(b"%PDF"):
        raise PdfTextError("The file is not a PDF.", "not_pdf")
    if len(data) > MAX_PDF_BYTES:
        raise PdfTextError("The PDF is too large.", "too_big")
    from pypdf import PdfReader  # imported here: the parent process never parses

    pages: list[str] = []
    size = 0
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        for number, page in enumerate(reader.pages):
            if number >= max_pages or size >= max_chars:
                break  # enough: never walk the rest of a 2000-page file
            if deadline is not None and time.monotonic() > deadline:
                if not pages:
                    raise PdfTextError("Reading the PDF took too long.", "too_slow")
                break
            text = _SPACES.sub(" ", _CONTROL.sub("", page.extract_text() or "")).strip()
            pages.append(text)
            size += len(text)
    except PdfTextError:
        raise
    except RecursionError as exc:
        raise PdfTextError("The PDF is too deeply nested to read.", "unreadable") from exc
    except Exception as exc:  # pypdf raises LimitReachedError, PdfReadError, and plain Python errors
        raise PdfTextError(f"The PDF could not be read ({type(exc).__name__}).", "unreadable") from exc
    text = _BLANK_LINES.sub("\n\n", "\n".join(pages)).strip()
    if not text:
        raise PdfTextError("The PDF has no text (is it a scan?).", "no_text")
    return text[:max_chars]


async def pdf_text_async(data: bytes, max_chars: int, *, max_pages: int | None = None,
                         timeout: float | None = None) -> str:
    """`pdf_text` in a child process that is killed after `timeout` seconds (settings by default)."""
    from core.config import settings

    max_pages = settings.pdf_max_pages if max_pages is None else max_pages
    timeout = settings.pdf_timeout_seconds if timeout is None else timeout
    if not data.startswith(b"%PDF"):
        raise PdfTextError("The file is not a PDF.", "not_pdf")
    if len(data) > MAX_PDF_BYTES:
        raise PdfTextError("The PDF is too large.", "too_big")
    # -I: isolated (no script dir or user site on sys.path); the venv's packages are still there.
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-I", __file__, str(max_chars), str(max_pages), str(timeout),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(data), timeout)
    except (TimeoutError, asyncio.CancelledError):
        proc.kill()
        await proc.wait()
        log.warning("PDF extraction killed after %.1f s", timeout)
        raise PdfTextError("Reading the PDF took too long.", "too_slow") from None
    try:
        answer = json.loads(out)
    except ValueError:
        raise PdfTextError("The PDF could not be read.", "unreadable") from None  # the child died (e.g. memory cap)
    if "error" in answer:
        raise PdfTextError(answer["error"], answer.get("reason", "unreadable"))
    return str(answer["text"])


def _child_main(argv: list[str]) -> None:
    import resource

    max_chars, max_pages, timeout = int(argv[1]), int(argv[2]), float(argv[3])
    # Belt and braces: even if the parent is gone, the child can't outlive its budget or eat the machine.
    cpu = int(timeout) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    data = sys.stdin.buffer.read()
    try:
        # stop reading pages a little before the parent's deadline, to answer with what was read
        answer = {"text": pdf_text(data, max_chars, max_pages, time.monotonic() + timeout * 0.8)}
    except PdfTextError as exc:
        answer = {"error": str(exc), "reason": exc.reason}
    except MemoryError:
        answer = {"error": "The PDF is too large to read.", "reason": "too_big"}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    _child_main(sys.argv)
