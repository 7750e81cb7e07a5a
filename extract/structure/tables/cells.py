"""The shared base of the table readers: cells, rows, header roles, ditto cells.

``Cell`` (a cell's text and span), ``TableRow`` (one data row, cells keyed by
role), ``table_rules`` (``rules/tables.yaml`` compiled once), ``header_role``,
``is_ditto``, the content tests ``looks_like_departments`` /
``looks_like_deadline``, ``dept_role`` and ``build_row`` (merged and ditto
cells inherit the row above) are shared by the pipe, flat, glued and html
table readers of this package; this module imports none of them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from extract.model import ROLE_FIELDS
from extract.rules.loader import copied_rules

ROLES = ("number", "category", "task", "detail", "lead", "participants", "responsible", "deadline", "target")
DEPT_ROLES = ROLE_FIELDS  # department columns: ("lead", "participants", "responsible")

_HEADER_NOISE = re.compile(r"（[^（）]{0,30}）|\([^()]{0,30}\)|[\s*＊:：]")
_NUMBER_TAIL = re.compile(r"[.、．。]$")


@dataclass
class Cell:
    """A cell's text (newlines of wrapped cells removed) and its span in text."""

    text: str
    span: tuple[int, int]


@dataclass
class TableRow:
    """One data row: ``number`` as written (None when the table has none),
    ``cells`` keyed by role (see ROLES), ``span`` of the whole row and the
    ``header`` texts of the table's columns; ``inline`` for a row of a table flattened into
    running text, whose span the item tasks read from the same text give way to."""

    number: Optional[str]
    cells: dict[str, Cell]
    span: tuple[int, int]
    header: list[str] = field(default_factory=list)
    inline: bool = False  # read from running text that other readers may also have cut into items
    targets: list = field(default_factory=list)  # Targets the row's figure cells state (quota tables), spans into text


@functools.lru_cache(maxsize=1)
def table_rules() -> dict:
    """The parsed ``rules/tables.yaml`` with compiled patterns (loaded once)."""
    rules = copied_rules("tables.yaml")
    for rule in rules["header_roles"]:
        rule["regex"] = re.compile(rule["pattern"])
    rules["deadline_re"] = re.compile(rules["deadline"]["pattern"])
    rules["dept_tail_re"] = re.compile(rules["dept_tail_strip"])
    rules["dept_group_re"] = re.compile(rules["dept_group"]["pattern"])
    rules["dept_suffixes"] = tuple(sorted(rules["dept_suffixes"], key=len, reverse=True))
    rules["ditto_set"] = frozenset(rules["ditto"])
    return rules


def header_role(cell: str) -> Optional[str]:
    """The role of a header cell text, or None when it names no known column."""
    key = _HEADER_NOISE.sub("", cell)
    if not key or len(key) > 16:
        return None
    for rule in table_rules()["header_roles"]:
        if rule["regex"].fullmatch(key):
            return rule["role"]
    return None


def is_ditto(text: str) -> bool:
    """True for a cell meaning "same as above" (〃, 同上)."""
    return text.strip() in table_rules()["ditto_set"]


def looks_like_departments(text: str) -> bool:
    """True when a cell reads like a department list (市发改委、市科技局等)."""
    text = text.strip()
    if not text or len(text) > 120:
        return False
    text = table_rules()["dept_tail_re"].sub("", text)
    last = re.split(r"[、，,；;/\s]", text)[-1] if text else ""
    return 0 < len(last) <= 24 and (last.endswith(table_rules()["dept_suffixes"])
                                    or table_rules()["dept_group_re"].match(last) is not None)


def looks_like_deadline(text: str) -> bool:
    """True when a cell reads like a time limit (2023年底, 长期坚持)."""
    text = text.strip()
    return len(text) <= 30 and bool(table_rules()["deadline_re"].match(text))


def dept_role(key: str) -> Optional[str]:
    """The department role of a row's cell key ("lead", "lead:2" → "lead"), else None."""
    role = key.split(":", 1)[0]
    return role if role in DEPT_ROLES else None


def build_row(own: dict[str, Cell], above: dict[str, Cell], group: Optional[Cell],
              span: tuple[int, int], header: list[str]) -> Optional[TableRow]:
    """Assemble a TableRow from the row's own cells by role.

    Empty/ditto cells (except the number) take the cell of the row above;
    the group heading fills ``category`` when the row has none.  Returns None
    when the row ends up without a task.
    """
    cells: dict[str, Cell] = {}
    section = _section_number(own.get("number")) and not _section_number(above.get("number"))  # ("二、" after "6"
    # a section row: no units of the row above, rule section_units)
    for role, cell in own.items():
        if role != "number" and (not cell.text or is_ditto(cell.text)):
            if role in above and not (section and dept_role(role)):
                cells[role] = above[role]
        elif cell.text:
            cells[role] = cell
    for role, cell in above.items():
        if role not in own and role != "number" and role not in cells and not (section and dept_role(role)):
            cells[role] = cell
    if group is not None and "category" not in cells:
        cells["category"] = group
    if "task" not in cells:
        return None
    number = cells.get("number")
    label = _NUMBER_TAIL.sub("", number.text) if number else None
    return TableRow(number=label or None, cells=cells, span=span, header=list(header))


def _section_number(cell: Optional[Cell]) -> bool:
    """Whether ``cell`` (a number cell) numbers a section row ("二、", rule ``section_units.number``)."""
    return cell is not None and re.match(table_rules()["section_units"]["number"], cell.text.strip()) is not None


def rows_at_headers(text: str, read) -> list[TableRow]:
    """The rows of every table ``read(at) -> (rows, end) | None`` finds at a "序号" of ``text``, in
    text order; a 序号 inside a table already read starts no other."""
    out: list[TableRow] = []
    at = text.find("序号")
    resume = 0
    while at != -1:
        if at >= resume:
            table = read(at)
            if table is not None:
                rows, end = table
                out.extend(rows)
                resume = end
        at = text.find("序号", at + 2)
    return out


def rows_at_matches(header, text: str, read) -> list[TableRow]:
    """The rows of every table ``read(text, match) -> rows`` finds at a match of the compiled ``header`` pattern, in
    text order; a match inside a table already read (before its last row's end) starts no other."""
    out: list[TableRow] = []
    done = 0
    for match in header.finditer(text):
        if match.start() < done:
            continue
        rows = read(text, match)
        if rows:
            out.extend(rows)
            done = rows[-1].span[1]
    return out


def table_end(text: str, body: int, stop, max_table: int) -> int:
    """Where the table whose rows start at ``body`` ends: at its ``stop`` pattern (a sentence that is no
    row), at most ``max_table`` characters on, and before the next "序号" (another table's header)."""
    m = stop.search(text, body, body + max_table)
    end = m.start() if m else min(len(text), body + max_table)
    nxt = text.find("序号", body, end)
    return nxt if nxt != -1 else end


def dedupe_roles(roles: list[Optional[str]]) -> list[Optional[str]]:
    """Keep only the first column of each role; a second task column
    (任务名称 | 具体内容) is the task's ``detail``; a second department column
    of a role (牵头单位 | 委内牵头处室) is kept as ``"lead:2"`` (see
    ``dept_role``)."""
    seen, result = set(), []
    for role in roles:
        if role == "task" and "task" in seen and "detail" not in seen:
            role = "detail"
        if role in DEPT_ROLES and role in seen:
            n = 2
            while f"{role}:{n}" in seen:
                n += 1
            role = f"{role}:{n}"
        result.append(None if role in seen else role)
        seen.add(role)
    return result
