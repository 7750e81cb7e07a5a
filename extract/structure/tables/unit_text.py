"""Per-unit target tables printed one cell a line or a paragraph (rule ``unit_text_table``): a header whose
first column names the units (街镇、园区, 乡镇, 区县 …: the ``quota_table`` unit header words, a second place
word after 、 allowed) and whose other columns are word columns (目标任务, 工作任务 …: a task or target role,
``header_roles``), then rows of exactly as many lines as the header has cells, each opening with a unit's
name ("罗店镇", "宝山工业园区"), its other cells the unit's work or targets ("垃圾分类绿色账户推进100%全覆盖，
创建达标累计61个小区…").  The table ends at the first line group that does not open with a name (the row
period, read from the header's width, is the table's own regularity).

A division of duties printed so (rule keys ``unit_words``, ``duty_words``, ``max_unit``; s36f) has a unit column
("单位", "部门", "成员单位") beside a duty column ("职责", "职责分工", "主要职责"): its name cells are any name the department
recogniser takes ("区规划资源局", "公安局奉贤分局", "各街镇"), and a duty cell printed over several paragraphs runs to the
next name cell (the last row keeps one cell: nothing marks where the table ends).

``unit_text_rows(text)`` gives one :class:`TableRow` per row: the ``task`` cell the row's word cells (the
first one; a second is ``target``), ``responsible`` the name cell.  Spans point into ``text``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.structure.tables.cells import Cell, TableRow, header_role, rows_at_matches, table_rules

_WORD_ROLES = ("task", "target")


@lru_cache(maxsize=1)
def _rules() -> dict:
    """The compiled rule ``unit_text_table``."""
    rule = dict(table_rules()["unit_text_table"])
    units = table_rules()["quota_table"]["unit_header"]
    rule["header"] = re.compile(rf"^[ \t\u3000]*(?:(?:{units})(?:[ \t\u3000]*[、/，][ \t\u3000]*(?:{rule['second_place']}))?"
                                rf"|(?P<numbered>序号[ \t\u3000]*\n\s*)?(?P<units>{rule['unit_words']}))[ \t\u3000]*$", re.M)
    rule["name_re"] = re.compile(rule["name"])
    rule["duty_re"] = re.compile(rule["duty_words"])
    rule["cue"] = list(rule["cue"]) + ["职责"]  # (a division of duties: its duty column's header word)
    return rule


def header_cell(line: str) -> bool:
    """``line`` is a lone header cell of a unit-column table ("单位", "职责分工", "责任单位"): no title line of an annex
    (``documents._annex_title`` stops before it, as before "序号")."""
    r = _rules()
    line = line.strip()
    return bool(re.fullmatch(r["unit_words"], line) or r["duty_re"].fullmatch(line))


def duty_cell(line: str) -> bool:
    """``line`` is the duty column's header cell of a unit-column table ("职责分工", "主要职责")."""
    return bool(_rules()["duty_re"].fullmatch(line.strip()))


def _duty_role(cell: str) -> Optional[str]:
    """The role of a word column of a unit-column table: ``task`` for a duty column ("职责分工"), else its header role."""
    return "task" if _rules()["duty_re"].fullmatch(cell) else header_role(cell)


def _lines(text: str, pos: int):
    """(stripped line, span) of every non-blank line from ``pos`` on."""
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            yield stripped, (start, start + len(stripped))
        pos = end + 1


def unit_text_rows(text: str) -> list[TableRow]:
    """Rows of every per-unit target table printed one cell a line in ``text`` (see module doc)."""
    rule = _rules()
    if not any(word in text for word in rule["cue"]):
        return []
    return rows_at_matches(rule["header"], text, _table)


def unit_text_tables(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, "") of the per-unit target tables of ``text``, from the end of the line before the
    header: a line break there separates two cells (no line join may cross it, ``flat.paragraph_tables``)."""
    rule = _rules()
    if not any(word in text for word in rule["cue"]):
        return []
    spans: list[tuple[int, int, str]] = []
    for match in rule["header"].finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue
        rows = _table(text, match)
        if rows:
            spans.append((len(text[:match.start()].rstrip()), rows[-1].span[1], ""))
    return spans


def _table(text: str, match: re.Match) -> Optional[list[TableRow]]:
    """The rows of the table whose header starts at ``match`` (None: no such table)."""
    rule = _rules()
    lines = _lines(text, match.end())
    unit = Cell(match.group().strip(), (match.start() + match.group().index(match.group().strip()[0]),) * 2)
    header = [unit.text]
    numbered = bool(match.group("numbered"))  # ("序号\n\n单位\n\n主要职责\n\n1\n\n区发改委\n\n负责…": a number cell opens each row)
    roles: list[str] = []
    pending = next(lines, None)
    units = match.group("units") is not None  # (a unit column: a division of duties, any unit name)
    role_of = _duty_role if units else header_role
    while pending is not None and role_of(pending[0]) in _WORD_ROLES and len(header) <= rule["max_columns"]:
        role = role_of(pending[0])
        roles.append(role if role not in roles else "target")
        header.append(pending[0])
        pending = next(lines, None)
    if not roles:
        return None
    if units and len(roles) != 1:
        return None
    width = len(header)
    is_name = _is_unit if units else _is_name
    rows: list[TableRow] = []
    number = None
    if numbered:  # (the row's number cell, then its name cell)
        number, pending = _row_number(pending), next(lines, None) if _row_number(pending) else None
    while pending is not None and is_name(pending[0]):
        cells = [pending]
        for _ in range(width - 1):
            pending = next(lines, None)
            if pending is None or is_name(pending[0]) or len(pending[0]) < rule["min_text"]:
                return rows if len(rows) >= rule["min_rows"] else None
            cells.append(pending)
        pending = next(lines, None)
        if units:  # (a duty cell over several paragraphs: up to the next name cell, never past the table's last row)
            more = []
            while pending is not None and not is_name(pending[0]) and not (numbered and _row_number(pending)):
                more.append(pending)
                pending = next(lines, None)
            if pending is not None and more:
                cells[-1] = (text[cells[-1][1][0]:more[-1][1][1]], (cells[-1][1][0], more[-1][1][1]))
        row = {"responsible": Cell(cells[0][0], cells[0][1])}
        for role, (value, span) in zip(roles, cells[1:]):
            row.setdefault(role, Cell(value, span))
        rows.append(TableRow(number=number, cells=row, span=(cells[0][1][0], cells[-1][1][1]), header=list(header),
                             inline=units))  # (an item read over the same paragraphs gives way to the rows)
        if numbered:
            number = _row_number(pending)
            if number is None:
                break
            pending = next(lines, None)
    return rows if len(rows) >= rule["min_rows"] else None


def _row_number(line) -> Optional[str]:
    """The row number a number cell holds ("1", "12"), else None."""
    return line[0] if line is not None and line[0].isdigit() and len(line[0]) <= 3 else None


def _is_name(line: str) -> bool:
    """A name cell: a short unit-shaped name (a township, a 街道, a 园区 …)."""
    return len(line) <= _rules()["max_name"] and _rules()["name_re"].fullmatch(line) is not None


def _is_unit(line: str) -> bool:
    """A name cell of a unit column: a name the department recogniser takes, at most ``max_unit`` characters."""
    from extract.entities.unit_shape import is_unit_name

    return len(line) <= _rules()["max_unit"] and not any(c in line for c in "。；;，,：:") and is_unit_name(line)
