"""The question-bank editor's text fields <-> the bank's structured fields."""
from __future__ import annotations

from typing import Any


def format_key_points(points: list[dict[str, Any]]) -> str:
    """One key point per line: `point | term, term`, and `| variant` where the question offers a choice."""
    return "\n".join(
        f"{kp.get('point', '')} | {', '.join(kp.get('terms', []))}" + (f" | {kp['variant']}" if kp.get("variant") else "")
        for kp in points)


def parse_key_points(text: str) -> list[dict[str, Any]]:
    """Inverse of format_key_points; a line without terms uses the point itself as its only term."""
    points = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        point, _, rest = line.partition("|")
        terms, _, variant = rest.partition("|")
        point = point.strip()
        term_list = [x.strip() for x in terms.split(",") if x.strip()] or [point]
        points.append({"point": point, "terms": term_list} | ({"variant": variant.strip()} if variant.strip() else {}))
    return points


def parse_list(text: str, sep: str = "\n") -> list[str]:
    return [x.strip() for x in (text or "").split(sep) if x.strip()]


_SIGNALS_ONLY = "signals"  # a misconception found by its signal phrases only (SCHEMA.md)


def format_misconceptions(items: list[dict[str, Any]]) -> str:
    """One misconception per line: `wrong claim | correction | signal, signal`, and `| signals` after them for one
    found by its signal phrases only."""
    return "\n".join(f"{m.get('claim', '')} | {m.get('correction', '')} | {', '.join(m.get('signals', []))}"
                     + (f" | {_SIGNALS_ONLY}" if m.get("match") == _SIGNALS_ONLY else "")
                     for m in items or [])


def parse_misconceptions(text: str) -> list[dict[str, Any]]:
    """Inverse of format_misconceptions; a line without a correction is kept for the validator to reject."""
    items = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        claim, _, rest = line.partition("|")
        correction, _, rest = rest.partition("|")
        signals, _, match = rest.partition("|")
        item = {"claim": claim.strip(), "correction": correction.strip(),
                "signals": [s.strip() for s in signals.split(",") if s.strip()]}
        if match.strip().lower() == _SIGNALS_ONLY:
            item["match"] = _SIGNALS_ONLY
        items.append(item)
    return items


def format_premise(premise: dict[str, Any] | None) -> str:
    """A behavioural question's premise on one line: `point | term, term` (empty: none)."""
    return format_key_points([premise]) if premise else ""  # a key point's line, without a variant


def parse_premise(text: str) -> dict[str, Any] | None:
    """Inverse of format_premise; an empty field is no premise, a point without terms is its own only term."""
    point, _, terms = (text or "").partition("|")
    if not point.strip():
        return None
    return {"point": point.strip(), "terms": [x.strip() for x in terms.split(",") if x.strip()] or [point.strip()]}
