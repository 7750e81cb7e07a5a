"""Task tables a crawler flattened into running text whose cells are separated by
single spaces: "序号 项目名称 项目内容 … 牵头领导 责任单位 责任单位负责人 负责事项
一、…1台湾国泰…项目 国泰财产…公司。10叶勤13509351223郭小童 区财政金融局 邓连生 区财政金融局负责对接。2…"
(rule ``spaced_table`` in ``tables.yaml``).

``spaced_table_rows(text)`` finds such a table by its header (序号 and at least
``min_header`` space-separated header cells, one of them a department column),
cuts rows at the row numbers 1, 2, 3 … glued to the row's first cell (the
glued-table scan, numbering may restart after a group heading "（二）…"), and
in each row finds the department cell by its content: after the row's contact
details (a run of ``contact_digits`` digits, a telephone number) or else its
first sentence end, the first run of space-separated tokens that are unit
names or role labels ("牵头单位：X 配合单位：Y"), past at most ``max_before``
other tokens (the persons of a 牵头领导 column).  The tokens after the run
(persons of a 负责人 column, the 负责事项 text) are the row's detail.  Returns
:class:`~extract.structure.tables.cells.TableRow` objects with spans into
``text``: cells ``number``, ``task``, the department cell under the role of
the table's department column, and ``detail``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extract.entities.unit_lists import names as unit_names
from extract.entities.unit_shape import is_unit_name as _is_unit
from extract.rules.loader import load_rules
from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, header_role, table_rules
from extract.structure.tables.glued import _row_starts, glued_starts_at


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["spaced_table"]
    labels = load_rules("assignments.yaml")["labels"]
    words = sorted((w for role in DEPT_ROLES for w in labels[role]), key=len, reverse=True)
    label = "(?:" + "|".join(map(re.escape, words)) + r")[ \t\u3000]*[：:]"
    return {
        "header": re.compile(r["header"]),
        "cell": re.compile(r["header_cell"]),
        "min_header": int(r["min_header"]),
        "contact": re.compile(r["contact_digits"]),
        "max_before": int(r["max_before"]),
        "max_row": int(r["max_row"]),
        "label": re.compile(label),
        "spaced_number": re.compile(r["row_number"]),
        "group": re.compile(r["group_heading"]),
        # a token: a label, or a run of non-space characters up to the next label
        "token": re.compile(rf"{label}|(?:(?!{label})\S)+"),
    }


def _unit_token(token: str) -> bool:
    """A token that is one unit name or several glued together ("区环境与国土资源局区规划局")."""
    parts = [n for n, _ in unit_names(token, 0)]
    return bool(parts) and all(_is_unit(p) for p in parts)


def spaced_table_rows(text: str) -> list[TableRow]:
    """Rows of space-separated flattened tables in ``text`` (see module doc)."""
    if "序号" not in text:
        return []
    r = _rules()
    out: list[TableRow] = []
    for m in r["header"].finditer(text):
        if glued_starts_at(text, m.start()):
            continue  # a glued table's header (its own reader)
        cells = r["cell"].findall(m.group("cells"))
        roles = [header_role(c) for c in cells]
        depts = [x for x in roles if x in DEPT_ROLES]
        if len(cells) < r["min_header"] or len(depts) != 1:
            continue
        starts = _row_starts(text, m.end(), len(text))
        if len(starts) < 2:  # "1 推进项目落地 …": the number is a cell of its own
            starts = _spaced_starts(text, m.end(), min(len(text), m.end() + 200 * r["max_row"]))
        for k, (n, num_at, body) in enumerate(starts):
            row_end = starts[k + 1][1] if k + 1 < len(starts) else min(len(text), body + r["max_row"])
            row = _row(text, n, num_at, body, row_end, depts[0], ["序号", *cells])
            if row is not None:
                out.append(row)
    return out


def _spaced_starts(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(number, its start, start of the row text) for rows whose number is a cell of its own
    ("… 1 推进项目落地 … 2 强化要素保障 …"): 1, 2, 3 … in sequence, or 1 again after a group
    heading ("二、…", "（二）…")."""
    r = _rules()
    return numbered_starts(r["spaced_number"], r["group"], text, start, end)


def numbered_starts(number: re.Pattern, group: re.Pattern, text: str, start: int, end: int,
                    max_gap: Optional[int] = None) -> list[tuple[int, int, int]]:
    """(number, its start, start of the row text) of the matches of ``number`` (group 1 the row
    number) in ``text[start:end]`` that number rows 1, 2, 3 … in sequence, or 1 again after a match of
    ``group`` (a group heading) since the last row; with ``max_gap``, the search stops at an
    out-of-sequence number further than that from the last row's text."""
    out: list[tuple[int, int, int]] = []
    n = 1
    for m in number.finditer(text, start, end):
        v = int(m.group(1))
        restart = v == 1 and out and group.search(text, out[-1][2], m.start())
        if v == n or restart:
            out.append((v, m.start(1), m.end()))
            n = v + 1
        elif max_gap is not None and out and m.start() - out[-1][2] > max_gap:
            break
    return out


def _row(text: str, n: int, num_at: int, body: int, end: int, role: str, header: list[str]) -> Optional[TableRow]:
    """One row: the task cell, the department cell found by its content, the rest."""
    r = _rules()
    if end - body > r["max_row"]:
        return None
    contact = r["contact"].search(text, body, end)
    first_stop = _STOP.search(text, body, end)
    # after the contact details, else after the first sentence end, else after the task's first cell
    first_cell = re.compile(r"\S+").match(text, body, end)
    scan = contact.end() if contact else (first_stop.end() if first_stop else (first_cell.end() if first_cell else end))
    cell_start = cell_end = None
    before = 0
    for t in r["token"].finditer(text, scan, end):
        tok = t.group()
        if r["label"].fullmatch(tok) or _unit_token(tok):
            cell_start = t.start() if cell_start is None else cell_start
            cell_end = t.end()
            continue
        if cell_start is not None:
            break
        before += 1
        if before > r["max_before"]:
            return None
    if cell_start is None or not _has_unit(text[cell_start:cell_end]):
        return None
    task_end = contact.start() if contact else cell_start
    cells = {"number": Cell(str(n), (num_at, num_at + len(str(n)))),
             "task": Cell(text[body:task_end].strip(), (body, task_end)),
             role: Cell(text[cell_start:cell_end], (cell_start, cell_end))}
    if cell_end < end and text[cell_end:end].strip():
        cells["detail"] = Cell(text[cell_end:end].strip(), (cell_end, end))
    return TableRow(number=str(n), cells=cells, span=(num_at, end), header=header)


_STOP = re.compile(r"[。；;]")


def _has_unit(cell: str) -> bool:
    """The cell names a unit, not only labels."""
    return bool(_rules()["label"].sub(" ", cell).strip())
