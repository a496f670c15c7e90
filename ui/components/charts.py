"""ECharts option builders (plain dicts, so they can be checked without a browser)."""
from __future__ import annotations

from typing import Any

PALETTE = ["#4338ca", "#0891b2", "#16a34a", "#ca8a04", "#dc2626", "#9333ea", "#64748b"]
_BASE: dict[str, Any] = {"aria": {"enabled": True}, "color": PALETTE, "animation": False}


def radar(labels: list[str], values: list[float], series_name: str, maximum: float = 100) -> dict[str, Any]:
    return {**_BASE,
            "tooltip": {},
            # A modest radius leaves room for the axis names on a phone-width chart.
            "radar": {"indicator": [{"name": label, "max": maximum} for label in labels], "radius": "55%",
                      "axisName": {"color": "#334155", "fontSize": 11}},
            "series": [{"type": "radar", "name": series_name,
                        "data": [{"value": [round(v, 1) for v in values], "name": series_name,
                                  "areaStyle": {"opacity": 0.25}}]}]}


def bars(categories: list[str], values: list[float | None], series_name: str, *,
         maximum: float | None = 100) -> dict[str, Any]:
    y_axis: dict[str, Any] = {"type": "value", "min": 0}
    if maximum is not None:
        y_axis["max"] = maximum
    return {**_BASE,
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 40, "right": 16, "top": 24, "bottom": 40, "containLabel": True},
            "xAxis": {"type": "category", "data": categories, "axisLabel": {"interval": 0, "rotate": 0}},
            "yAxis": y_axis,
            "series": [{"type": "bar", "name": series_name, "data": values, "barMaxWidth": 36,
                        "label": {"show": True, "position": "top"}}]}


def lines(categories: list[str], series: dict[str, list[float | None]], *, maximum: float | None = None,
          y_name: str = "") -> dict[str, Any]:
    y_axis: dict[str, Any] = {"type": "value", "min": 0, "name": y_name}
    if maximum is not None:
        y_axis["max"] = maximum
    return {**_BASE,
            "tooltip": {"trigger": "axis"},
            "legend": {"type": "scroll", "bottom": 0},
            "grid": {"left": 40, "right": 16, "top": 28, "bottom": 48, "containLabel": True},
            "xAxis": {"type": "category", "data": categories, "boundaryGap": False},
            "yAxis": y_axis,
            "series": [{"type": "line", "name": name, "data": data, "connectNulls": True, "showSymbol": True}
                       for name, data in series.items()]}


def emotion_timeline(frames: list[dict[str, Any]], labels: dict[str, str], y_name: str) -> dict[str, Any]:
    """One line per emotion (its score 0-1 over time); frames without a face leave gaps."""
    emotions: list[str] = []
    for f in frames:
        for name in (f.get("scores") or {}):
            if name not in emotions:
                emotions.append(name)
    times = [f"{float(f.get('t_seconds', 0)):.0f}s" for f in frames]
    series = {labels.get(e, e): [round(float(f["scores"][e]), 3) if f.get("face") and f.get("scores")
                                 and e in f["scores"] else None for f in frames] for e in emotions}
    return lines(times, series, maximum=1, y_name=y_name)


def described(option: dict[str, Any], description: str) -> dict[str, Any]:
    """Screen readers get `description` (in the UI language) instead of ECharts' English auto-description."""
    return {**option, "aria": {"enabled": True, "label": {"enabled": True, "description": description}}}
