"""Deterministic, label-aware ring layouts for the network views (no physics, no scipy).

``place(nodes, edges, layers) -> {id: (x, y)}`` puts each layer (a list of
node ids, in the order wanted) on one or more concentric rings around the
origin.  A node's footprint is its shape plus its label (:func:`footprint`);
neighbours on a ring are at least the diagonal of their joint footprint
apart, and rings are at least the largest footprint diagonal apart, so no two
footprints overlap.  A layer whose nodes are linked to an inner layer is
ordered by the mean angle of those links (partners sit next to their tasks);
``fixed_order`` layers keep the given order (groups separated by a gap where
the ``group`` of consecutive nodes changes).  The same input always gives the
same output; nothing here is random.  Raises nothing for any input.
"""

from __future__ import annotations

import math
from collections import defaultdict

FONT = 14          # px, the label font size every view uses
MARGIN = 10        # px between footprints
GROUP_GAP = 0.6    # a group boundary costs this many average footprints of arc
RING_STEP = 1.35   # a new layer's ring is at least this much wider than the one inside it


def text_width(text: str, size: float = FONT) -> float:
    """Width in px of ``text`` in a CJK sans font: a wide character is 1 em, others 0.62 em."""
    return sum(size if ord(ch) > 0x2E7F else 0.62 * size for ch in text)


def footprint(node: dict) -> tuple[float, float, float]:
    """(width, height, vertical offset of its centre from the node's centre) of a node and its label."""
    size = node.get("size", 12)
    font = node.get("font_size", FONT)
    lines = (node.get("label") or "").split("\n")
    w = max((text_width(line, font) for line in lines), default=0) + 6
    h = 1.25 * font * len(lines) + 4
    if node.get("shape") == "box":     # the label is inside the box
        return w + 12, h + 10, 0.0
    # a dot with its label below: the dot (2*size) over the label
    total_h = 2 * size + 4 + h
    return max(w, 2 * size), total_h, total_h / 2 - size


def _need(a: tuple, b: tuple) -> float:
    """Centre distance that keeps footprints ``a`` and ``b`` apart in any direction."""
    half_w = (a[0] + b[0]) / 2 + MARGIN
    half_h = (a[1] + b[1]) / 2 + abs(a[2] - b[2]) + MARGIN
    return math.hypot(half_w, half_h)


def _spread(desired: list[float], gaps: list[float]) -> list[float]:
    """Angles in ``desired`` order with consecutive gaps >= ``gaps`` (radians), kept near their wish."""
    n = len(desired)
    if n == 0:
        return []
    out = list(desired)
    for i in range(1, n):
        out[i] = max(out[i], out[i - 1] + gaps[i])
    # spread the overflow evenly: shift everything back by half of the mean push
    push = sum(o - d for o, d in zip(out, desired)) / n
    out = [o - push for o in out]
    return out


def _ring_radius(fps: list[tuple], inner: float, group_breaks: list[bool]) -> tuple[float, list[float]]:
    """Smallest radius >= ``inner`` fitting ``fps`` round a circle; returns (radius, chord lengths)."""
    n = len(fps)
    chords = [_need(fps[i - 1], fps[i]) for i in range(n)]
    avg = sum(chords) / n if n else 0
    chords = [c + (GROUP_GAP * avg if br else 0) for c, br in zip(chords, group_breaks)]
    if n == 1:
        return inner, chords
    radius = inner
    # the arc for chord c at radius r is 2*asin(c / 2r); the ring is full when the arcs add up to 2*pi
    while True:
        if all(c < 2 * radius for c in chords):
            total = sum(2 * math.asin(c / (2 * radius)) for c in chords)
            if total <= 2 * math.pi:
                return radius, chords
        radius = max(radius * 1.05, max(chords) / 2 + 1, radius + 5)


def _circular_mean(angles: list[float]) -> float:
    s = sum(math.sin(a) for a in angles)
    c = sum(math.cos(a) for a in angles)
    return math.atan2(s, c) % (2 * math.pi)


def place(nodes: list[dict], edges: list[dict], layers: list[list[str]], *,
          fixed_order: set[int] = frozenset(), max_ring_nodes: int = 400) -> dict[str, tuple[float, float]]:
    """Positions for ``nodes`` (see the module docstring); nodes not in any layer go on a last ring."""
    by_id = {n["id"]: n for n in nodes}
    listed = {i for layer in layers for i in layer}
    rest = [n["id"] for n in nodes if n["id"] not in listed]
    layers = [list(layer) for layer in layers if layer] + ([rest] if rest else [])
    fps = {i: footprint(by_id[i]) for i in by_id}
    nbrs: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        nbrs[e["source"]].append(e["target"])
        nbrs[e["target"]].append(e["source"])
    pos: dict[str, tuple[float, float]] = {}
    angle: dict[str, float] = {}
    outer = 0.0      # radius of the outermost ring so far
    outer_fp = 0.0   # largest footprint diagonal on it
    for li, layer in enumerate(layers):
        if li == 0 and len(layer) == 1:
            pos[layer[0]] = (0.0, 0.0)
            w, h, _ = fps[layer[0]]
            outer, outer_fp = 0.0, math.hypot(w, h) / 2
            continue
        order = list(layer)
        if li not in fixed_order:
            wish = {}
            for i, nid in enumerate(order):
                placed = [angle[m] for m in nbrs[nid] if m in angle]
                wish[nid] = _circular_mean(placed) if placed else 2 * math.pi * i / len(order)
            order.sort(key=lambda nid: (wish[nid], nid))
        # split a large layer into several interleaved rings
        rings = max(1, math.ceil(len(order) / max_ring_nodes))
        layer_fp = max(math.hypot(*fps[i][:2]) + 2 * abs(fps[i][2]) for i in order)
        for r in range(rings):
            members = order[r::rings]
            inner = 0.0 if not pos else max(outer + (outer_fp + layer_fp) / 2 + MARGIN,
                                            outer * (RING_STEP if r == 0 else 1.0))
            mf = [fps[m] for m in members]
            breaks = [False] * len(members)
            if li in fixed_order:
                groups = [by_id[m].get("group") for m in members]
                breaks = [groups[i] != groups[i - 1] for i in range(len(members))]
            radius, chords = _ring_radius(mf, max(inner, 1.0), breaks)
            gaps = [2 * math.asin(min(1.0, c / (2 * radius))) for c in chords]
            if li in fixed_order or li == 0:
                # evenly distributed leftover so the ring closes neatly
                spare = max(0.0, 2 * math.pi - sum(gaps)) / len(members)
                angles, a = [], -math.pi / 2
                for i, g in enumerate(gaps):
                    a = a + (g + spare if i else 0)
                    angles.append(a)
            else:
                desired = []
                for m in members:
                    placed = [angle[x] for x in nbrs[m] if x in angle]
                    desired.append(_circular_mean(placed) if placed else 0.0)
                # unwrap so that the wishes are increasing
                for i in range(1, len(desired)):
                    while desired[i] < desired[i - 1]:
                        desired[i] += 2 * math.pi
                gaps0 = [0.0] + gaps[1:]
                angles = _spread(desired, gaps0)
                # the first and the last must also keep their gap across the seam
                if len(angles) > 1 and angles[-1] - angles[0] > 2 * math.pi - gaps[0]:
                    total = sum(gaps0) + gaps[0]
                    spare = max(0.0, 2 * math.pi - total) / len(angles)
                    a0 = angles[0]
                    angles = [a0]
                    for g in gaps0[1:]:
                        angles.append(angles[-1] + g + spare)
            for m, a in zip(members, angles):
                angle[m] = a % (2 * math.pi)
                pos[m] = (round(radius * math.cos(a), 1), round(radius * math.sin(a), 1))
            outer, outer_fp = radius, layer_fp
    return pos


def hop_layers(nodes: list[dict], edges: list[dict], centre: list[str]) -> list[list[str]]:
    """Layers by hop distance from ``centre`` (ids in input order); unreachable nodes last, by id."""
    ids = [n["id"] for n in nodes]
    nbrs: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        nbrs[e["source"]].append(e["target"])
        nbrs[e["target"]].append(e["source"])
    seen = set(centre)
    layers = [list(centre)]
    while layers[-1]:
        nxt = []
        for nid in layers[-1]:
            for m in nbrs[nid]:
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        layers.append(nxt)
    rest = sorted(i for i in ids if i not in seen)
    return [layer for layer in layers if layer] + ([rest] if rest else [])
