"""Per-place figure tables printed one cell a paragraph (rule ``unit_paragraph_table`` in ``tables.yaml``): a header
whose first cells are an optional 序号 and a column of places (街镇, 乡镇 …: the ``quota_table`` unit header words),
then rows that each open, at a paragraph of its own, with the row number (when the header has 序号) and a place's
name, followed by a paragraph holding one figure ("1\\n\\n马陆镇\\n\\n122.52\\n\\n…", 嘉定 2026 违法用地 任务表;
"青村镇\\n\\n1145.10\\n\\n77…", 奉贤 任务量分解表, real_unseen58).  A merged place cell over two rows prints the place
and its first sub-row's name ("奉城镇\\n\\n老奉城\\n\\n759.67"); the next row opens with a sub-row name that is no place
("头桥\\n\\n544.41") and keeps the merged place.  Total rows (合计 …) are no task.

``unit_paragraph_rows(text, taken)`` gives one :class:`TableRow` per row (rows overlapping ``taken``, spans other
readers read, are left out): its ``task`` cell the row (name to its last cell), ``responsible`` the place.  The rows'
figures are left to the target readers.  Spans point into ``text``; nothing is raised.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.structure.tables.cells import Cell, TableRow, rows_at_matches, table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["unit_paragraph_table"]
    places = table_rules()["quota_table"]["unit_header"]
    blank = r"(?:(?<=\n\n)|(?<=\n[ \t\u3000]\n)|(?<=\n[ \t\u3000]{2}\n))"  # (a paragraph's start)
    return {
        "header": re.compile(rf"(?:^|\n)[ \t\u3000]*(?P<number>序号[ \t\u3000]*\n\s*)?(?:{places})[ \t\u3000]*\n[ \t\u3000]*\n"),
        # (numbered: "1\n\n马陆镇\n\n122.52"; unnumbered: "青村镇\n\n1145.10", no figure before the name)
        **{key: re.compile(rf"{blank}[ \t\u3000]*{lead}(?P<unit>{r['name']})[ \t\u3000]*\n\s*"
                           rf"(?:(?P<sub>{r['name']})[ \t\u3000]*\n\s*)?(?P<figure>[0-9]+(?:\.[0-9]+)?)[ \t\u3000]*(?=\n|$)")
           for key, lead in (("numbered", r"(?P<n>[0-9]{1,3})[ \t\u3000]*\n\s*"), ("bare", r"(?P<n>)(?<![0-9])"))},
        "gap_cell": re.compile(r["gap_cell"]),
        "end": re.compile(r["table_end"]),
        "total": re.compile(rf"(?:{table_rules()['quota_table']['total_row']})$"),
        "max_head": int(r["max_head"]), "max_table": int(r["max_table"]), "min_rows": int(r["min_rows"]),
    }


def _is_place(name: str) -> bool:
    from extract.structure.tables.quota import _is_name

    return _is_name(name)


def unit_paragraph_rows(text: str, taken: list[tuple[int, int]] = ()) -> list[TableRow]:
    """Rows of every per-place figure table printed one cell a paragraph in ``text`` (see module doc)."""
    if "\n\n" not in text:
        return []
    r = _rules()

    def read(text: str, h: re.Match) -> list[TableRow]:
        rows = _table(text, h)
        return rows if len(rows) >= r["min_rows"] else []

    return [row for row in rows_at_matches(r["header"], text, read)
            if not any(a < row.span[1] and row.span[0] < b for a, b in taken)]


def _table(text: str, h: re.Match) -> list[TableRow]:
    r = _rules()
    stop = r["end"].search(text, h.end(), h.end() + r["max_table"])
    end = stop.start() if stop else min(len(text), h.end() + r["max_table"])
    numbered = h["number"] is not None
    found: list[re.Match] = []
    at = h.end()
    for m in r["numbered" if numbered else "bare"].finditer(text, h.end(), end):
        if numbered and int(m["n"]) != len(found) + 1:
            continue  # (a table with 序号 numbers every row in sequence)
        if not _gap_ok(text[at:m.start()], bool(found)):
            break
        found.append(m)
        at = m.end()
    rows: list[TableRow] = []
    merged: Optional[Cell] = None
    for k, m in enumerate(found):
        stop_at = found[k + 1].start() if k + 1 < len(found) else _last_end(text, m.end(), end)
        row_end = len(text[:stop_at].rstrip())
        name = m["unit"]
        if r["total"].match(name):
            merged = None
            continue
        if _is_place(name):
            unit = Cell(name, m.span("unit"))
            merged = unit if m["sub"] is not None and not _is_place(m["sub"]) else None
        elif merged is not None and m["sub"] is None:
            unit = merged  # the next sub-row of a merged place cell
        else:
            return rows if rows else []
        cells = {"task": Cell(text[m.start("unit"):row_end], (m.start("unit"), row_end)), "responsible": unit}
        if m["n"]:
            cells["number"] = Cell(m["n"], m.span("n"))
        rows.append(TableRow(number=m["n"] or None, cells=cells, span=(m.start("n") if m["n"] else m.start("unit"), row_end),
                             header=["序号", "责任单位"] if numbered else ["责任单位"], inline=False))
    return rows


def _gap_ok(gap: str, inside: bool) -> bool:
    """Whether the paragraphs between two rows (or between the header and the first row) are cells of a row or
    of the header: each short (rule ``gap_cell``); at most ``max_head`` characters before the first row."""
    r = _rules()
    if not inside and len(gap) > r["max_head"]:
        return False
    return all(r["gap_cell"].fullmatch(p.strip()) for p in re.split(r"\n[ \t\u3000]*\n", gap) if p.strip())


def _last_end(text: str, pos: int, end: int) -> int:
    """The end of the last row: its figure and the short cells after it, up to ``end``."""
    r = _rules()
    last = pos
    for p in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text[pos:end]):
        if not r["gap_cell"].fullmatch(p.group().strip()) or re.search(r"[\u4e00-\u9fff]", p.group()) and not re.search(r"[0-9]", p.group()):
            break
        last = pos + p.end()
    return last


def unit_paragraph_tables(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, "") of the per-place figure tables of ``text``, from the end of the line before the header:
    a line break there separates two cells (no line join may cross it, ``flat.paragraph_tables``)."""
    if "\n\n" not in text:
        return []
    r = _rules()
    spans: list[tuple[int, int, str]] = []
    for h in r["header"].finditer(text):
        if spans and h.start() < spans[-1][1]:
            continue
        rows = _table(text, h)
        if len(rows) >= r["min_rows"]:
            spans.append((len(text[:h.start()].rstrip()), rows[-1].span[1], ""))
    return spans
