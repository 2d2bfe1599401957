"""Geometry for the pictures on records pages, drawn as inline SVG by the templates."""

import math

SIZE = 320
CENTRE = SIZE / 2
RADIUS = 110
TOP = 5
# Spoke labels wrap at this many characters, on at most two lines; the picture's margins leave
# room for that much text at 11 px on either side.
LABEL_LINE = 18
LABEL_MARGIN = 150


def _label_lines(text: str) -> list[str]:
    """A label on one or two lines, split between words; a longer one ends with "…". Chinese
    characters are twice as wide, so a Chinese line holds half as many."""
    limit = LABEL_LINE // 2 if any("\u4e00" <= c <= "\u9fff" for c in text) else LABEL_LINE
    if len(text) <= limit:
        return [text]
    words, first = text.split(), ""
    while words and len(f"{first} {words[0]}".strip()) <= limit:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one long word, or text without spaces (Chinese)
        first, rest = text[:limit], text[limit:]
    else:
        rest = " ".join(words)
    if len(rest) > limit:
        rest = rest[: limit - 1].rstrip() + "…"
    return [first, rest]


def _point(index, count, value):
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * value / TOP
    return CENTRE + distance * math.cos(angle), CENTRE + distance * math.sin(angle)


def _polygon(points):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar(values):
    """A radar chart of [(label, value 0–5)]: rings, spokes with labels, and the learner's shape."""
    count = max(len(values), 3)
    rings = [_polygon(_point(i, count, level) for i in range(count)) for level in range(1, TOP + 1)]
    spokes = []
    for index, (label, value) in enumerate(values):
        x, y = _point(index, count, TOP)
        lx, ly = _point(index, count, TOP + 0.9)
        anchor = "middle" if abs(lx - CENTRE) < 10 else ("start" if lx > CENTRE else "end")
        spokes.append(
            {
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "lx": f"{lx:.1f}",
                "ly": f"{ly:.1f}",
                "label": label,
                "lines": _label_lines(f"{label} ({value:.1f})"),
                "value": f"{value:.1f}",
                "anchor": anchor,
            }
        )
    shape = _polygon(_point(i, count, value) for i, (_label, value) in enumerate(values))
    return {
        "size": SIZE,
        "centre": CENTRE,
        "rings": rings,
        "spokes": spokes,
        "shape": shape,
        "view_box": f"{-LABEL_MARGIN} -30 {SIZE + 2 * LABEL_MARGIN} {SIZE + 60}",
    }


def heat(value):
    """(text, CSS lightness class 0–5) for a mean proficiency, or an empty cell."""
    if value is None:
        return ("", 0)
    return (f"{value:.1f}", min(5, max(1, round(value))))


def agreement(rows, level_count):
    """One track per criterion with the teacher's and the mentor's level marked on it."""
    left, right, step = 240, 620, 34
    span = (right - left) / max(level_count - 1, 1)
    bars = []
    for index, row in enumerate(rows):
        if row["teacher"] is None or row["mentor"] is None:
            continue
        y = 24 + index * step
        bars.append(
            {
                "y": y,
                "label": str(row["criterion"])[:34],
                "teacher_x": f"{left + span * row['teacher'].level:.0f}",
                "mentor_x": f"{left + span * row['mentor'].level:.0f}",
                "flagged": row["flagged"],
            }
        )
    ticks = [{"x": f"{left + span * i:.0f}", "label": i + 1} for i in range(level_count)]
    return {
        "bars": bars,
        "left": left,
        "right": right,
        "ticks": ticks,
        "height": 40 + step * len(rows),
    }
