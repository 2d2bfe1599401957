"""Geometry for the gap report's pictures, drawn as inline SVG by the templates."""

from datetime import date

from dovetail.core.charts import COLOURS

TREND_WIDTH, TREND_HEIGHT, TREND_LEFT, TREND_RIGHT, TREND_BOTTOM = 900, 220, 40, 30, 30
LAG_WIDTH, LAG_LEFT, LAG_ROW = 900, 230, 22


def heat_class(share) -> int:
    """CSS lightness class 0–5 for a coverage share 0–1 (0: nothing covered)."""
    if share is None or share <= 0:
        return 0
    return min(5, 1 + int(share * 5))


def heat_cell(share: float) -> dict:
    return {"share": share, "percent": round(100 * share), "level": heat_class(share)}


def heat_rows(groups, programmes, heat) -> list[dict]:
    return [
        {
            "group": group,
            "anchor": f"group-{n}",
            "cells": [heat_cell(heat.get(group, {}).get(str(p.pk), 0.0)) for p in programmes],
        }
        for n, group in enumerate(groups)
    ]


def trend_lines(months: list[str], trends: dict[str, list[int]], limit: int = 6) -> dict:
    """Polylines of demand per month for the busiest skill groups."""
    busiest = sorted(trends.items(), key=lambda item: -sum(item[1]))[:limit]
    peak = max((max(counts) for _group, counts in busiest), default=0) or 1
    plot_width = TREND_WIDTH - TREND_LEFT - TREND_RIGHT  # room for the last month's label
    plot_height = TREND_HEIGHT - TREND_BOTTOM - 10
    step = plot_width / max(len(months) - 1, 1)

    def point(index, count):
        return TREND_LEFT + index * step, 10 + plot_height * (1 - count / peak)

    lines = [
        {
            "group": group,
            "colour": COLOURS[n % len(COLOURS)],
            "points": " ".join("{:.1f},{:.1f}".format(*point(i, c)) for i, c in enumerate(counts)),
            "total": sum(counts),
        }
        for n, (group, counts) in enumerate(busiest)
    ]
    ticks = [
        {"x": f"{point(i, 0)[0]:.1f}", "label": month}
        for i, month in enumerate(months)
        if i % max(1, len(months) // 6) == 0
    ]
    return {
        "width": TREND_WIDTH,
        "height": TREND_HEIGHT,
        "lines": lines,
        "ticks": ticks,
        "peak": peak,
        "baseline": 10 + plot_height,
        "left": TREND_LEFT,
    }


def median_lag(days) -> dict | None:
    """The summary's median lag in whole days, and whether teaching began before demand rose."""
    if days is None:
        return None
    return {"days": abs(round(days)), "ahead": days < 0}


def lag_timeline(rows: list[dict], start: date, end: date, limit: int = 15) -> dict:
    """One bar per skill from when its demand rose to when the curriculum first covered it
    (to the end of the period while it is still uncovered)."""
    chosen = [r for r in rows if r["rise"]][:limit]
    dates = [date.fromisoformat(r["first_covered"]) for r in chosen if r["first_covered"]]
    first = min([start, *dates])
    span = max((end - first).days, 1)
    scale = (LAG_WIDTH - LAG_LEFT - 10) / span

    def x(day):
        return LAG_LEFT + (day - first).days * scale

    bars = []
    for index, row in enumerate(chosen):
        rise = date.fromisoformat(row["rise"])
        covered = date.fromisoformat(row["first_covered"]) if row["first_covered"] else None
        stop = covered or end
        left, right = sorted((x(rise), x(stop)))
        bars.append(
            {
                "y": 8 + index * LAG_ROW,
                "label": row["label"],
                "x": f"{left:.1f}",
                "width": f"{max(right - left, 2):.1f}",
                "rise_x": f"{x(rise):.1f}",
                "kind": "open" if covered is None else ("late" if covered > rise else "ahead"),
                "days": row["lag_days"],
                "skill": row["skill"],
            }
        )
    return {
        "width": LAG_WIDTH,
        "height": 20 + len(bars) * LAG_ROW,
        "bars": bars,
        "left": LAG_LEFT,
        "start": first.isoformat(),
        "end": end.isoformat(),
        "right": LAG_WIDTH - 10,
    }
