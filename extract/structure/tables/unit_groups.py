"""Rows of a flattened table grouped under a unit header row: "序号 项目名称 区交建局（44个） 1 金井湾市民广场
2 … 区经济发展局（4个） 1 …" (rule ``unit_group_table`` in ``tables.yaml``).

``unit_group_rows(text)`` finds, after a 序号 header cell, each header "<unit>（N个）" whose name is a unit
(not a place or a total: "金井湾片区（16个）", "合计（47个）"), then the rows numbered 1 … N after it (a row
number stands after a space, before the row's words; figures of the row before it are passed over).  Each row,
and each sub-item "（1）…" inside a row, is a :class:`TableRow` whose ``responsible`` cell is the header's unit
(its span in the header); a header that carries its own figures before its first row is a row of its own, its figures
read against the table's header (``column_quotas``).
A row ends at the next row, the next group header, a repeated header or the rule's ``table_end``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities.unit_shape import is_unit_name
from extract.structure.tables.cells import Cell, TableRow, table_rules
from extract.structure.tables.column_quotas import figure_targets, header_columns


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["unit_group_table"]
    return {"start": re.compile(r["table_start"]), "header": re.compile(r["header"]), "number": r["row_number"],
            "sub": re.compile(r["sub_item"]), "figures": re.compile(r["figures"]),
            "end": re.compile(r["table_end"]), "max_row": int(r["max_row"])}


@lru_cache(maxsize=256)
def _number(n: int) -> re.Pattern:
    return re.compile(_rules()["number"].replace("{n}", str(n)))


def unit_group_rows(text: str) -> list[TableRow]:
    """Rows of tables grouped under unit header rows in ``text`` (see module doc)."""
    if "个" not in text or "序号" not in text:
        return []
    r = _rules()
    start = r["start"].search(text)
    if start is None:
        return []
    every = list(r["header"].finditer(text, start.end()))  # (a place or a total ends the group before it too)
    heads = [h for h in every if is_unit_name(h["unit"])]
    if not heads:
        return []
    bounds = [h.start() for h in every]
    out: list[TableRow] = []
    for h in heads:
        limit = next((b for b in bounds if b > h.start()), len(text))
        unit = Cell(h["unit"], h.span("unit"))
        starts, at = [], h.end()
        for n in range(1, int(h["count"]) + 1):
            # a figure before a repeated header ("1000 11 序号 项目名称 … 11吉钓安置小区") is no row number
            m = next((x for x in _number(n).finditer(text, at, min(limit, at + r["max_row"]))
                      if not r["end"].match(text, x.end())), None)
            if m is None:
                break
            starts.append((n, m.start(1), m.end()))
            at = m.end()
        if not starts:
            continue
        fig = r["figures"].fullmatch(text, h.end(), starts[0][1])
        if fig and text[h.end():fig.end()].strip():  # its figures read against the table's header (rule column_quotas)
            head = _make("", (h.start(), starts[0][1]), (h.start(), fig.end()), unit, text)
            top = text.rfind("序号", start.start(), h.start())
            head.targets = figure_targets(text, h.end(), fig.end(), header_columns(text, top, h.start()) if top >= 0 else [])
            out.append(head)
        for k, (n, num_at, body) in enumerate(starts):
            end = starts[k + 1][1] if k + 1 < len(starts) else min(limit, body + r["max_row"])
            stop = r["end"].search(text, body, end)
            end = stop.start() if stop else end
            subs = list(r["sub"].finditer(text, body, end))
            first = subs[0].start() if subs else end
            out.append(_make(str(n), (num_at, first if subs else end), (body, first), unit, text))
            for j, s in enumerate(subs):
                s_end = subs[j + 1].start() if j + 1 < len(subs) else end
                out.append(_make(f"{n}.{s[1]}", (s.start(), s_end), (s.end(), s_end), unit, text))
    return out


def _make(number: str, span: tuple[int, int], task: tuple[int, int], unit: Cell, text: str) -> TableRow:
    a, b = task
    while b > a and text[b - 1].isspace():
        b -= 1
    cells = {"task": Cell(text[a:b], (a, b)), "responsible": unit}
    if number:
        cells["number"] = Cell(number, (span[0], span[0] + len(number)))
    return TableRow(number=number or None, cells=cells, span=span, header=["序号", "项目名称"], inline=True)


@lru_cache(maxsize=1)
def _figure_rules() -> dict:
    r = table_rules()["unit_figure_table"]
    return {"header": re.compile(r["header"]), "row": re.compile(r["row"]), "end": re.compile(r["table_end"]),
            "max_table": int(r["max_table"])}


_BRACKET_TAIL = re.compile(r"[（(][^（）()]*[）)]$")


def unit_figure_rows(text: str, taken: list[tuple[int, int]] = ()) -> list[TableRow]:
    """Rows "<n><unit><figures>" of flattened tables whose first column after 序号 is the unit (rule
    ``unit_figure_table``): one row per unit, its ``responsible`` cell the name, its targets the figures of the
    header's goal columns (``column_quotas``); rows overlapping ``taken`` (spans other readers read) are left out."""
    if "序号" not in text:
        return []
    r = _figure_rules()
    out: list[TableRow] = []
    seen: set[int] = set()  # rows a repeated header ("序号 责任单位 …" on the next page) reads again
    for h in r["header"].finditer(text):
        stop = r["end"].search(text, h.end(), h.end() + r["max_table"])
        end = stop.start() if stop else min(len(text), h.end() + r["max_table"])
        rows = list(r["row"].finditer(text, h.end(), end))
        columns = header_columns(text, h.end(), rows[0].start()) if rows else []  # units per column (rule column_quotas)
        for m in rows:
            name = m["unit"]
            if m.start() in seen or not is_unit_name(_BRACKET_TAIL.sub("", name)) or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            seen.add(m.start())
            unit = Cell(name, m.span("unit"))
            cells = {"number": Cell(m["n"], m.span("n")), "task": Cell(text[m.start("unit"):m.end()], (m.start("unit"), m.end())),
                     "responsible": unit}
            out.append(TableRow(number=m["n"], cells=cells, span=(m.start(), m.end()), header=["序号", "责任单位"], inline=True,
                                targets=figure_targets(text, m.start("figures"), m.end("figures"), columns)))
    return out
