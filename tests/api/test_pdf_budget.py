"""PDF résumé extraction is bounded: page cap, time budget (the child is killed), parse errors → PdfTextError."""
from __future__ import annotations

import time
import zlib

import pytest

from ui.pdf_text import PdfTextError, pdf_text, pdf_text_async


def many_pages_pdf(pages: int) -> bytes:
    """A small PDF with `pages` pages, each saying "Page N" (own content streams, one shared font)."""
    catalog, font = b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects: list[bytes] = [catalog, b"", font]  # the page tree (2) is filled in once the kids are known
    kids = []
    for n in range(pages):
        stream = f"BT /F1 12 Tf 72 720 Td (Page {n + 1} Kafka) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content_id = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % content_id)
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, b" ".join(b"%d 0 R" % k for k in kids))
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def bomb_pdf() -> bytes:
    """One page whose content stream inflates to ~400 MB (pypdf refuses it with LimitReachedError)."""
    raw = zlib.compress(b" " * (400 * 1024 * 1024), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Count 1 /Kids [4 0 R] >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"),
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(raw), raw)]
    return _assemble(objects)


async def test_page_cap_on_a_2000_page_pdf() -> None:
    data = many_pages_pdf(2000)
    started = time.monotonic()
    text = await pdf_text_async(data, 100_000, max_pages=25, timeout=20)
    elapsed = time.monotonic() - started
    assert "Page 1 Kafka" in text and "Page 25 Kafka" in text
    assert "Page 26 " not in text and "Page 2000" not in text
    assert elapsed < 15, elapsed  # generous: a bound, not a speed figure (those are in bench/)


async def test_stops_once_it_has_enough_text() -> None:
    text = pdf_text(many_pages_pdf(300), 40, max_pages=1000)
    assert text.startswith("Page 1 Kafka") and len(text) <= 40


async def test_time_budget_kills_the_extraction() -> None:
    import psutil

    before = {p.pid for p in psutil.Process().children(recursive=True)}
    started = time.monotonic()
    with pytest.raises(PdfTextError) as err:
        # a budget far below what reading 2000 pages takes: the child is killed, the caller gets an answer
        await pdf_text_async(many_pages_pdf(2000), 10**9, max_pages=10**6, timeout=0.05)
    assert err.value.reason == "too_slow"
    assert time.monotonic() - started < 5
    after = {p.pid for p in psutil.Process().children(recursive=True)}
    assert not (after - before), "extraction process left running"


async def test_decompression_bomb_and_broken_files_are_clear_errors() -> None:
    with pytest.raises(PdfTextError) as err:
        await pdf_text_async(bomb_pdf(), 10_000, timeout=20)
    assert err.value.reason in ("unreadable", "too_big", "no_text")
    with pytest.raises(PdfTextError) as err:
        pdf_text(bomb_pdf(), 10_000)
    assert err.value.reason == "unreadable"  # pypdf's LimitReachedError, caught
    for junk in (b"%PDF-1.7\n" + b"\xff" * 5000, b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj"):
        with pytest.raises(PdfTextError):
            await pdf_text_async(junk, 1000)
    with pytest.raises(PdfTextError) as err:
        await pdf_text_async(b"GIF89a not a pdf", 1000)
    assert err.value.reason == "not_pdf"
