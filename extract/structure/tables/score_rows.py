"""Assessment-standard tables flattened into running text ("考核内容考核标准考核分值繁育基地…完成年度目标
任务，基地设施配套完善。30栽植花街各区市县每年新建花街2条，各园区每年新建花街1条。…5花道…"; rule
``score_table`` in ``tables.yaml``).

``score_table_rows(text)`` finds the glued header of an item, a standard and a score column, then cuts
rows where a score (a number of at most three digits) stands right after the end of a standard's
sentence and before the next row's words.  A row is a task when its standard gives the work to units
named with a distributive word ("各区市县每年新建…", "各园区在2021年前…", "每个区市县各新（改）建…": rule
``subject``): those units are its ``responsible`` cell (a name after 每个 as printed without it, "区市县");
a row whose standard names no such unit (a place, "各区市县城镇…", or no body) is no task.  The row's
text (item and standard) is its task cell, so its targets are read from it.  Spans point into ``text``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities import departments
from extract.rules.loader import compile_scan
from extract.structure.tables.cells import Cell, TableRow, table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["score_table"]
    return {"header": compile_scan(r["header"]), "score": re.compile(r["score"]), "end": re.compile(r["table_end"]),
            "subject": re.compile(r["subject"]), "own_suffix": tuple(r["own_suffixes"]),
            "min_rows": int(r["min_rows"]), "max_table": int(r["max_table"])}


def score_table_rows(text: str) -> list[TableRow]:
    """Task rows of flattened assessment-standard tables in ``text`` (see module doc)."""
    r = _rules()
    out: list[TableRow] = []
    for h in r["header"].finditer(text):
        end_m = r["end"].search(text, h.end(), h.end() + r["max_table"])
        end = end_m.start() if end_m else min(len(text), h.end() + r["max_table"])
        bounds, at = [], h.end()
        for s in r["score"].finditer(text, h.end(), end):
            bounds.append((at, s.start("score"), s.end("score")))
            at = s.end("score")
        if end > at and text[at:end].strip():  # the last row's score ends the table
            tail = re.search(r"(?<=[。；;])\s*([0-9]{1,3})\s*$", text[at:end])
            if tail:
                bounds.append((at, at + tail.start(1), at + tail.end(1)))
        if len(bounds) < r["min_rows"]:
            continue
        header = [h.group()]
        for start, score_at, score_end in bounds:
            units = _subjects(text, start, score_at)
            if not units:
                continue
            cells = {"task": Cell(text[start:score_at].strip(), (start, score_at))}
            for k, (name, span) in enumerate(units):
                cells["responsible" if k == 0 else f"responsible:{k + 1}"] = Cell(name, span)
            out.append(TableRow(number=None, cells=cells, span=(start, score_end), header=header, inline=True))
    return out


def _subjects(text: str, start: int, end: int) -> list[tuple[str, tuple[int, int]]]:
    """The units a row's standard gives its work to (rule ``subject``), in order, each once."""
    out: list[tuple[str, tuple[int, int]]] = []
    for m in _rules()["subject"].finditer(text, start, end):
        name = m["name"]
        whole = "各" + name
        known = departments.is_group(whole) or name.endswith(_rules()["own_suffix"])
        printed = whole if m["each"] == "各" else name
        if known and printed not in [n for n, _ in out]:
            at = m.start("name") - (1 if m["each"] == "各" else 0)
            out.append((printed, (at, at + len(printed))))
    return out
