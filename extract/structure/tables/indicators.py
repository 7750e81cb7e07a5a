"""Targets stated in indicator tables (主要指标), for the document.

``indicator_targets(text, start, end) -> list[Target]`` reads the Markdown
pipe tables in ``text[start:end]`` (as produced by the .docx/.html readers or
written by hand) whose header has an indicator column and a year column, and
returns one :class:`~extract.model.Target` per row with a number in the
target-year column.  ``row_target(header, cells)`` does one row.  Patterns
live in ``extract/rules/tables.yaml`` (``indicator_table``).  Never raises on
a ``str``; spans are offsets into ``text``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.model import Target
from extract.structure.tables.pipe import pipe_blocks
from extract.structure.tables.cells import table_rules
from extract.entities.target_rules import compiled_rules

_SQUEEZE = re.compile(r"[\s*＊:：]+")


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["indicator_table"]
    out = {key: re.compile(r[key]) for key in ("indicator_header", "unit_header", "year_header",
                                               "unit_bracket", "value")}
    out["comparators"] = {**compiled_rules().qualifier_cmp, **r["signs"]}
    return out


def _columns(header: list[str]) -> Optional[tuple[int, Optional[int], int, int]]:
    """(indicator column, unit column or None, target column, its year), or None."""
    r = _rules()
    names = [_SQUEEZE.sub("", h) for h in header]
    indicator = next((i for i, h in enumerate(names) if r["indicator_header"].fullmatch(h)), None)
    if indicator is None:
        return None
    unit = next((i for i, h in enumerate(names) if r["unit_header"].fullmatch(h)), None)
    years = [(i, r["year_header"].fullmatch(h)) for i, h in enumerate(names)]
    years = [(i, m) for i, m in years if m]
    if not years:
        return None
    goal = [(i, m) for i, m in years if m["goal"]]
    i, m = (goal or sorted(years, key=lambda x: int(x[1]["year"])))[-1]
    return indicator, unit, i, int(m["year"])


def row_target(header: list[str], cells: list[str]) -> Optional[tuple[str, float, Optional[str], str, int]]:
    """(indicator, value, unit, comparator, year) of one row, or None."""
    cols = _columns(header)
    if cols is None:
        return None
    indicator_col, unit_col, value_col, year = cols
    if max(indicator_col, value_col) >= len(cells):
        return None
    r = _rules()
    vm = r["value"].match(_SQUEEZE.sub("", cells[value_col]))
    name = _SQUEEZE.sub("", cells[indicator_col])
    if not vm or not name:
        return None
    um = r["unit_bracket"].search(name)
    unit = um["unit"] if um else None
    if um:
        name = name[:um.start()]
    if unit is None and unit_col is not None and unit_col < len(cells):
        unit = _SQUEEZE.sub("", cells[unit_col]) or None
    value = float(vm["value"] or vm["value2"])
    comparator = r["comparators"].get(vm["qual"] or vm["cmp"] or "", "=")
    return name, value, unit, comparator, year


def indicator_targets(text: str, start: int = 0, end: Optional[int] = None) -> list[Target]:
    """Targets of the indicator tables in ``text[start:end]`` (see module doc)."""
    end = len(text) if end is None else end
    region = text[start:end]
    if "|" not in region:
        return []
    out: list[Target] = []
    for block in pipe_blocks(region):
        header = [c.text for c in block[0][1]]
        if _columns(header) is None:
            continue
        for (s, e), cells in block[1:]:
            hit = row_target(header, [c.text for c in cells])
            if hit is None:
                continue
            name, value, unit, comparator, year = hit
            out.append(Target(indicator=name, value=value, unit=unit, comparator=comparator,
                              text=region[s:e], span=(start + s, start + e), year=year))
    return out
