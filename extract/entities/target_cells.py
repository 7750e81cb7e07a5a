"""Yearly quota cells of a task table printed one cell per line (w2t; rule ``year_cells`` in targets.yaml).

``year_cell_targets(text, start, end, taken)`` reads, in ``text[start:end]`` (a table row's span), every cell that is
only a year ("2018年") followed by a cell that is only counts ("24.3万户/682个", "634吨/日"): one target per count,
due that year, "=" — or "<=" when the row before the cell names a ceiling (控制量); a row number cell after the
first year cell ends the row (a row run on over later rows). A count whose span overlaps one of
``taken`` (spans the row's own reading already gave a target) is skipped.  Pure; nothing is raised on text input.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.model import Target
from extract.rules.loader import load_rules


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    r = load_rules("targets.yaml")["year_cells"]
    return re.compile(r["pattern"], re.M), re.compile(r["item"]), re.compile(r["ceiling"]), re.compile(r["row_number"], re.M)


def year_cell_targets(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[Target]:
    """The targets of the year cells in ``text[start:end]`` (see module doc)."""
    if "年" not in text[start:end]:
        return []
    cells, item, ceiling, number = _rules()
    first = cells.search(text, start, end)
    nxt = number.search(text, first.start(), end) if first else None  # (the next row's number cell ends this row)
    out = []
    for m in cells.finditer(text, start, nxt.start() if nxt else end):
        comparator = "<=" if ceiling.search(text, start, m.start()) else "="
        for c in item.finditer(text, m.start("cell"), m.end("cell")):
            span = c.span()
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            out.append(Target(indicator=text[start:m.start()].strip().split("\n")[0][:40], value=float(c.group("value")),
                              unit=c.group("unit"), comparator=comparator, text=c.group(0), span=span,
                              year=int(m.group("year")), value_text=c.group("value")))
    return out
