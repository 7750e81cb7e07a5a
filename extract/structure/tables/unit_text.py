"""Per-unit target tables printed one cell a line or a paragraph (rule ``unit_text_table``): a header whose
first column names the units (街镇、园区, 乡镇, 区县 …: the ``quota_table`` unit header words, a second place
word after 、 allowed) and whose other columns are word columns (目标任务, 工作任务 …: a task or target role,
``header_roles``), then rows of exactly as many lines as the header has cells, each opening with a unit's
name ("罗店镇", "宝山工业园区"), its other cells the unit's work or targets ("垃圾分类绿色账户推进100%全覆盖，
创建达标累计61个小区…").  The table ends at the first line group that does not open with a name (the row
period, read from the header's width, is the table's own regularity).

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
    rule["header"] = re.compile(rf"^[ \t\u3000]*(?:{units})(?:[ \t\u3000]*[、/，][ \t\u3000]*(?:{rule['second_place']}))?[ \t\u3000]*$", re.M)
    rule["name_re"] = re.compile(rule["name"])
    return rule


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
    roles: list[str] = []
    pending = next(lines, None)
    while pending is not None and header_role(pending[0]) in _WORD_ROLES and len(header) <= rule["max_columns"]:
        role = header_role(pending[0])
        roles.append(role if role not in roles else "target")
        header.append(pending[0])
        pending = next(lines, None)
    if not roles:
        return None
    width = len(header)
    rows: list[TableRow] = []
    while pending is not None and _is_name(pending[0]):
        cells = [pending]
        for _ in range(width - 1):
            pending = next(lines, None)
            if pending is None or _is_name(pending[0]) or len(pending[0]) < rule["min_text"]:
                return rows if len(rows) >= rule["min_rows"] else None
            cells.append(pending)
        row = {"responsible": Cell(cells[0][0], cells[0][1])}
        for role, (value, span) in zip(roles, cells[1:]):
            row.setdefault(role, Cell(value, span))
        rows.append(TableRow(number=None, cells=row, span=(cells[0][1][0], cells[-1][1][1]), header=list(header)))
        pending = next(lines, None)
    return rows if len(rows) >= rule["min_rows"] else None


def _is_name(line: str) -> bool:
    """A name cell: a short unit-shaped name (a township, a 街道, a 园区 …)."""
    return len(line) <= _rules()["max_name"] and _rules()["name_re"].fullmatch(line) is not None
