"""The figure cells of a task table's row read as targets (rule ``figure_columns`` in ``tables.yaml``).

``row_targets(cell, start, columns)`` takes the text of a row's task cell (in a glued table: the
task or indicator name run together with the row's figures, "养老服务床位总量（张）-60",
"中原安置小区…南隅1052 岚城片区…"), where it starts in the text and the header text of the columns
between the task and the unit column ("指标名称2020年完成值2025年目标值", "项目名称建设地址套数 （户数）"),
and returns the targets its figures state.  The header must have value columns: a count column
("套数": unit 套) or year columns ("2020年完成值", "2025年目标值"), the last a target column.  The
row's figures are the number run that ends the cell (or is followed only by a cell of words after a
space).  One value column: the run is its figure.  A base and a target column: the run splits where
it is unambiguous — an empty base cell ("-60", "—100%"), or exactly one split into two numbers
without a leading zero or a trailing decimal zero (percentages at most 100) — else no target.
Unit: the bracket that ends the name ("（张）"), else the count column's, else a "%" after the figure;
comparator "="; the year of the target column.  Returns ``[]`` when nothing is unambiguous.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.model import Target
from extract.structure.tables.cells import table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["figure_columns"]
    return {
        "year_column": re.compile(r["year_column"]),
        "target_kind": re.compile(r["target_kind"]),
        "count_column": re.compile(r["count_column"]),
        "empty": r["empty_cell"],
        "figures": re.compile(r["figures"].replace("{empty}", r["empty_cell"])),
        "bracket": re.compile(r["unit_bracket"]),
    }


def value_columns(columns: str) -> tuple[list[str], Optional[int], Optional[str]]:
    """(kinds of the value columns in order: "base"/"target"/"count", the target column's year,
    the count column's unit) of a header text."""
    r = _rules()
    kinds, year, unit = [], None, None
    for m in r["year_column"].finditer(columns):
        target = bool(r["target_kind"].search(m["kind"]))
        kinds.append("target" if target else "base")
        if target:
            year = int(m["year"])
    count = r["count_column"].search(columns)
    if count and not kinds:
        kinds, unit = ["count"], count["unit"]
    return kinds, year, unit


def row_targets(cell: str, start: int, columns: str) -> list[Target]:
    """Targets of a row's figure cells (see module doc); spans are ``start`` + offsets in ``cell``."""
    kinds, year, count_unit = value_columns(columns)
    if not kinds or kinds[-1] not in ("target", "count") or len(kinds) > 2:
        return []
    fig = _rules()["figures"].search(cell)
    if fig is None:
        return []
    run, at = fig["run"], fig.start("run")
    name = cell[:fig.start()].rstrip()
    bracket = _rules()["bracket"].search(name)
    unit = bracket["unit"] if bracket else count_unit
    percent = run.endswith(("%", "％"))
    if percent:
        run, unit = run[:-1], unit or "%"
    if len(kinds) == 1:
        value = run if _number(run) else None
        offset = 0
    else:
        offset = _split(run, unit in ("%", "％"))
        value = run[offset:] if offset is not None else None
    if value is None:
        return []
    s = start + at + offset
    return [Target(indicator=name, value=float(value), unit=unit, comparator="=", text=value,
                   span=(s, s + len(value)), year=year, value_text=value)]


def _number(s: str) -> bool:
    """A figure as a cell prints it: no leading zero (but "0" and "0.5"), no trailing decimal zero."""
    return bool(re.fullmatch(r"(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?", s))


def _split(run: str, percent: bool) -> Optional[int]:
    """Where the target cell starts in a base cell glued to it: after an empty mark, or the only
    split into two figures (each at most 100 for percentages); None when ambiguous."""
    if re.match(_rules()["empty"], run):
        return 1 if _number(run[1:]) else None
    found = [k for k in range(1, len(run)) if _number(run[:k]) and _number(run[k:])
             and (not percent or (float(run[:k]) <= 100 and float(run[k:]) <= 100))]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=1)
def _column_rules() -> dict:
    from extract.rules.loader import load_rules

    r = table_rules()["figure_columns"]["columns"]
    t = load_rules("targets.yaml")
    units = sorted({m + w for m in ["", *t["magnitudes"]] for u in t["units"] for w in u["words"]}, key=len, reverse=True)
    unit_alt = "|".join(map(re.escape, units))
    return {"year": re.compile(r["year_header"]), "base": re.compile(r["base_kind"]),
            "period": re.compile(r["period_header"]),
            "value": re.compile(r["value"].replace("{units}", unit_alt)),
            "range": re.compile(r["range"].replace("{units}", unit_alt)),
            "bracket": re.compile(r"[（(](?P<unit>" + unit_alt + r")[）)]"),
            "signs": r["signs"], "qualifiers": {q: c["comparator"] for c in t["qualifiers"] for q in c["words"]}}


def column_targets(header: list[str], roles: list, cells: list, task_text: str) -> list[Target]:
    """Targets in the figure columns of a pipe or HTML task table's row (rule ``figure_columns.columns``):
    a column headed by a year ("2024年", "2025年目标", not a base "2020年完成值") or a target column
    (role ``target``: 目标值, 预期目标) whose cell is a bare figure ("500", "≥90%", "20家", "30以上").  Unit:
    the cell's, else the header's bracket ("（万亩）"), else the bracket that ends the task's name; year: the
    header's.  ``roles`` are the columns' roles, ``cells`` the row's :class:`Cell` objects."""
    r = _column_rules()
    out: list[Target] = []
    for c, cell in enumerate(cells):
        if c >= len(header) or not cell.text.strip():
            continue
        h = re.sub(r"\s+", "", header[c])
        ym = r["year"].fullmatch(h)
        pm = r["period"].fullmatch(h) if ym is None else None  # "十四五装机计划（MW）", "2021—2025年目标（个）"
        due = int(ym["year"]) if ym else _period_end(pm) if pm else None
        if ym is None and pm is None and (c >= len(roles) or roles[c] != "target"):
            continue
        if ym is not None and r["base"].search(ym["kind"] or ""):
            continue
        vm = r["value"].fullmatch(cell.text.strip())
        rm = r["range"].fullmatch(cell.text.strip()) if vm is None else None  # "35-36": its lower bound, ">="
        if vm is None and rm is None:
            continue
        m = vm or rm
        unit = m["unit"] or next((b["unit"] for b in (r["bracket"].search(h), r["bracket"].search(task_text.strip()[-12:]))
                                  if b), None)
        cmp = ">=" if rm else r["signs"].get(vm["cmp"] or "") or r["qualifiers"].get(vm["qual"] or "") or "="
        at = cell.span[0] + len(cell.text) - len(cell.text.lstrip()) + m.start("value")
        out.append(Target(indicator=task_text.strip()[:40], value=float(m["value"]), unit=unit, comparator=cmp,
                          text=m["value"], span=(at, at + len(m["value"])), year=due, value_text=m["value"]))
    return out


def _period_end(m: re.Match) -> Optional[int]:
    """The last year of the period a figure column's header names (rule ``figure_columns.columns.period_header``:
    "十四五…" → 2025, "2021—2025年…" → 2025)."""
    from extract.entities.plan_periods import five_year_plan_first

    if m["plan"]:
        return five_year_plan_first(m["plan"]) + 4
    return int(m["last"]) if int(m["last"]) >= int(m["first"]) else None
