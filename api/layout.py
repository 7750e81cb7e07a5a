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


def _sides(a: tuple, b: tuple) -> tuple[float, float]:
    """Half-widths summed (W) and half-heights summed (H) that keep footprints ``a`` and ``b`` apart."""
    return ((a[0] + b[0]) / 2 + MARGIN,
            (a[1] + b[1]) / 2 + abs(a[2] - b[2]) + MARGIN)


def _gap(at: float, radius: float, a: tuple, b: tuple) -> float:
    """Angle to step from ``at`` so that ``b`` clears ``a`` on a ring of ``radius``.

    Two points on a ring whose angles are a1 < a2 differ by chord*|sin(mid)| in x and
    chord*|cos(mid)| in y (mid = their mean angle); their boxes are apart when |dx| >= W or
    |dy| >= H.  Near the top and bottom a label needs its width, at the sides only its height.
    """
    return _clear(at, radius, *_sides(a, b))


def _clear(at: float, radius: float, w: float, h: float) -> float:
    """:func:`_gap` for the sides ``w``, ``h`` (:func:`_sides`) of the two footprints."""
    step, diagonal, sin, cos, inf = 0.0, math.hypot(w, h), math.sin, math.cos, math.inf
    for _ in range(4):
        mid = at + step / 2
        sx, cy = abs(sin(mid)), abs(cos(mid))
        chord = min(w / sx if sx > 1e-9 else inf, h / cy if cy > 1e-9 else inf, diagonal)
        if chord >= 2 * radius:
            return inf
        wider = max(step, 2 * math.asin(chord / (2 * radius)))
        if wider == step:  # the same step gives the same mid again: nothing more to widen
            break
        step = wider
    return step


def _pair_sides(fps: list[tuple]) -> list[tuple[float, float]]:
    """:func:`_sides` of each footprint and the one before it (the first: with the last)."""
    return [_sides(fps[i - 1], fps[i]) for i in range(len(fps))]


def _walk(fps: list[tuple], radius: float, start: float, extra: list[float],
          sides: list[tuple[float, float]] | None = None) -> list[float] | None:
    """Angles from ``start``, each node just clear of the one before (plus ``extra``); None when
    they do not close round the ring.  ``sides``: :func:`_pair_sides` of ``fps``, when known."""
    sides = _pair_sides(fps) if sides is None else sides
    angles = [start]
    last = start
    for i in range(1, len(fps)):
        last = last + _clear(last, radius, *sides[i]) + extra[i]
        angles.append(last)
        if last - start > 2 * math.pi:
            return None
    if len(fps) > 1 and last + _clear(last, radius, *sides[0]) + extra[0] > start + 2 * math.pi:
        return None
    return angles


def _fixed_ring(fps: list[tuple], inner: float, breaks: list[bool]) -> tuple[float, list[float]]:
    """The smallest radius >= ``inner`` holding ``fps`` in order from the top, spare spread evenly."""
    n = len(fps)
    if n == 1:
        return inner, [-math.pi / 2]
    radius = max(inner, 1.0)
    sides = _pair_sides(fps)  # the same pairs for every radius and spread tried
    while True:
        plain = _walk(fps, radius, -math.pi / 2, [0.0] * n, sides)
        if plain is not None:
            mean = (plain[-1] - plain[0]) / max(n - 1, 1)
            extra = [GROUP_GAP * mean if br else 0.0 for br in breaks]
            angles = _walk(fps, radius, -math.pi / 2, extra, sides)
            if angles is not None:
                # spread what is left over: the largest even extra step that still closes the ring
                lo, hi = 0.0, 2 * math.pi / n
                for _ in range(24):
                    mid = (lo + hi) / 2
                    if _walk(fps, radius, -math.pi / 2, [x + mid for x in extra], sides) is None:
                        hi = mid
                    else:
                        lo = mid
                return radius, _walk(fps, radius, -math.pi / 2, [x + lo for x in extra], sides)
        radius *= 1.04


def _wished_ring(fps: list[tuple], inner: float, desired: list[float]) -> tuple[float, list[float]]:
    """A radius >= ``inner`` and angles as close after ``desired`` (increasing) as the labels allow."""
    n = len(fps)
    radius = max(inner, 1.0)
    for _ in range(60):
        angles = [desired[0]]
        for i in range(1, n):
            angles.append(max(desired[i], angles[-1] + _gap(angles[-1], radius, fps[i - 1], fps[i])))
        if n == 1 or angles[-1] + _gap(angles[-1], radius, fps[-1], fps[0]) <= angles[0] + 2 * math.pi:
            return radius, angles
        radius *= 1.04
    return _fixed_ring(fps, radius, [False] * n)


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
    outer_fp = 0.0   # the widest footprint on it (a ring beside it at the sides needs its width)
    for li, layer in enumerate(layers):
        if li == 0 and len(layer) == 1:
            pos[layer[0]] = (0.0, 0.0)
            w, h, off = fps[layer[0]]
            outer, outer_fp = 0.0, max(w, h + 2 * abs(off))
            continue
        order = list(layer)
        wish: dict[str, float] = {}
        if li not in fixed_order and angle:
            for i, nid in enumerate(order):
                placed = [angle[m] for m in nbrs[nid] if m in angle]
                wish[nid] = _circular_mean(placed) if placed else 2 * math.pi * i / len(order)
            order.sort(key=lambda nid: (wish[nid], nid))
        # a large layer goes on several interleaved rings
        rings = max(1, math.ceil(len(order) / max_ring_nodes))
        layer_fp = max(max(fps[i][0], fps[i][1] + 2 * abs(fps[i][2])) for i in order)
        for r in range(rings):
            members = order[r::rings]
            inner = 0.0 if not pos else max(outer + (outer_fp + layer_fp) / 2 + MARGIN,
                                            outer * (RING_STEP if r == 0 else 1.0))
            mf = [fps[m] for m in members]
            if wish:
                radius, angles = _wished_ring(mf, inner, [wish[m] for m in members])
            else:
                groups = [by_id[m].get("group") for m in members]
                breaks = ([groups[i] != groups[i - 1] for i in range(len(members))] if li in fixed_order
                          else [False] * len(members))
                radius, angles = _fixed_ring(mf, inner, breaks)
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
