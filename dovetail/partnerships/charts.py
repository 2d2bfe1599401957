"""Geometry for the conflict-flow picture: a three-column Sankey diagram (trigger → strategy →
outcome), drawn as inline SVG by the template."""

from collections import defaultdict

from dovetail.core.charts import COLOURS

WIDTH, NODE_WIDTH, GAP, LABEL_ROOM = 960, 14, 10, 250
# Labels longer than this end in "…" (the full label is in the node's tooltip and the table).
LABEL_CHARACTERS = 40
PER_CASE, MIN_HEIGHT = 26, 160


def sankey(flows, labels: dict[str, dict[str, str]]) -> dict | None:
    """Nodes and bands for ``flows`` [(trigger, strategy, outcome, count)]; ``labels`` maps each
    column ("trigger", "strategy", "outcome") to {code: words}. None when there is nothing."""
    flows = [flow for flow in flows if flow.count]
    total = sum(flow.count for flow in flows)
    if not total:
        return None
    columns = ("trigger", "strategy", "outcome")
    values = {column: defaultdict(int) for column in columns}
    for flow in flows:
        for column in columns:
            values[column][getattr(flow, column)] += flow.count
    height = max(MIN_HEIGHT, min(640, total * PER_CASE))
    busiest = max(len(values[column]) for column in columns)
    scale = (height - GAP * (busiest - 1)) / total
    xs = [LABEL_ROOM, WIDTH / 2 - NODE_WIDTH / 2, WIDTH - LABEL_ROOM - NODE_WIDTH]
    nodes, place = [], {}
    for index, column in enumerate(columns):
        y = 0.0
        for code, value in sorted(values[column].items(), key=lambda item: -item[1]):
            node_height = value * scale
            place[(column, code)] = [y, y]  # where the next band leaves and arrives
            nodes.append(
                {
                    "x": xs[index],
                    "y": round(y, 1),
                    "height": round(max(node_height, 1), 1),
                    "label": labels[column].get(code, code),
                    "short_label": _shorten(str(labels[column].get(code, code))),
                    "value": value,
                    "anchor": "end" if index == 0 else "start",
                    "label_x": xs[index] - 6 if index == 0 else xs[index] + NODE_WIDTH + 6,
                    "label_y": round(y + node_height / 2 + 4, 1),
                }
            )
            y += node_height + GAP
    bands = []
    colour_of = {
        code: COLOURS[n % len(COLOURS)]
        for n, code in enumerate(sorted(values["trigger"], key=lambda c: -values["trigger"][c]))
    }
    for left, right in (("trigger", "strategy"), ("strategy", "outcome")):
        joined = defaultdict(int)
        colours = {}
        for flow in flows:
            key = (getattr(flow, left), getattr(flow, right))
            joined[key] += flow.count
            colours.setdefault(key, colour_of[flow.trigger])
        x0 = xs[columns.index(left)] + NODE_WIDTH
        x1 = xs[columns.index(right)]
        for (source, target), count in sorted(joined.items(), key=lambda item: -item[1]):
            thickness = count * scale
            y0 = place[(left, source)][0]
            y1 = place[(right, target)][1]
            place[(left, source)][0] += thickness
            place[(right, target)][1] += thickness
            bands.append(
                {
                    "path": _band(x0, y0, x1, y1, thickness),
                    "colour": colours[(source, target)],
                    "title": f"{labels[left].get(source, source)} → "
                    f"{labels[right].get(target, target)}: {count}",
                }
            )
    return {"width": WIDTH, "height": round(height), "nodes": nodes, "bands": bands}


def _shorten(label: str) -> str:
    # a Chinese character is about twice as wide as a Latin one
    limit = (
        LABEL_CHARACTERS // 2 if any("\u4e00" <= c <= "\u9fff" for c in label) else LABEL_CHARACTERS
    )
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _band(x0, y0, x1, y1, thickness) -> str:
    middle = (x0 + x1) / 2
    return (
        f"M{x0:.1f},{y0:.1f} C{middle:.1f},{y0:.1f} {middle:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
        f"L{x1:.1f},{y1 + thickness:.1f} C{middle:.1f},{y1 + thickness:.1f} "
        f"{middle:.1f},{y0 + thickness:.1f} {x0:.1f},{y0 + thickness:.1f} Z"
    )
