"""Rows of assignment tables (任务分工表) found in an already read text.

``find_table_rows(text)`` finds (a) Markdown pipe tables (as produced by
``extract.readers`` for .docx/.html, or written by hand) and (b) tables
flattened to one cell per line or one row per line (pypdf, copy-paste; see
``extract.structure.tables.flat``), and returns one :class:`TableRow` per data row with
its cells keyed by role.  Header keywords -> roles are data in
``extract/rules/tables.yaml``.  All spans point into ``text``.
"""

from __future__ import annotations

import re
from typing import Optional

from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, build_row, dedupe_roles, header_role
from extract.structure.tables.cells import looks_like_departments, table_rules
from extract.structure.tables.figures import column_targets

INFERRED = "responsible:inferred"  # the role of a unit column found by its cells (rule unit_column)

_SEPARATOR = re.compile(r"^:?-{1,}:?$")
_PIPE = re.compile(r"(?<!\\)\|")


def find_table_rows(text: str) -> list[TableRow]:
    """All assignment-table rows of ``text``, in text order.

    A table counts when its header maps to a task column and at least one
    department column (lead/participants/responsible).  Empty or ditto cells
    inherit the cell above (merged cells).  Never raises on any str input.
    """
    from extract.structure.tables.bar_rows import bar_table_rows
    from extract.structure.tables.flat import flat_table_rows
    from extract.structure.tables.general import general_table_rows
    from extract.structure.tables.glued import glued_table_rows
    from extract.structure.tables.glued_blocks import unit_block_rows
    from extract.structure.tables.glued_cells import glued_cell_rows
    from extract.structure.tables.glued_goals import goal_rows
    from extract.structure.tables.glued_pair import pair_rows
    from extract.structure.tables.glued_scored import scored_rows
    from extract.structure.tables.html import html_blocks
    from extract.structure.tables.glued_last import glued_last_rows
    from extract.structure.tables.glued_measures import glued_measure_rows
    from extract.structure.tables.glued_weighted import weighted_rows
    from extract.structure.tables.person_rows import person_deadline_rows, person_table_rows
    from extract.structure.tables.spaced import spaced_table_rows
    from extract.structure.tables.spaced_bare import spaced_bare_rows
    from extract.structure.tables.spaced_last import spaced_last_rows
    from extract.structure.tables.quota import quota_block_rows, quota_table_rows
    from extract.structure.tables.score_rows import score_table_rows
    from extract.structure.tables.unit_groups import unit_figure_rows, unit_group_rows
    from extract.structure.tables.unit_text import unit_text_rows
    from extract.structure.tables.unit_paragraphs import unit_paragraph_rows

    rows = [row for block in pipe_blocks(text) + html_blocks(text)
            for row in (_pipe_table_rows(block) or quota_block_rows(block))]  # (a per-unit quota table: rule quota_table)
    rows.extend(flat_table_rows(text))
    rows.extend(glued_table_rows(text))
    rows.extend(spaced_table_rows(text))
    rows.extend(glued_last_rows(text))
    rows.extend(glued_measure_rows(text))
    rows.extend(glued_cell_rows(text))
    rows.extend(unit_block_rows(text))
    rows.extend(spaced_bare_rows(text))
    rows.extend(quota_table_rows(text))
    rows.extend(unit_text_rows(text))  # a per-unit target table one cell a line (rule unit_text_table)
    rows.extend(score_table_rows(text))
    rows.extend(weighted_rows(text))
    rows.extend(goal_rows(text))  # goals closed by a score, then basis, unit and person cells (rule goal_score_table)
    rows.extend(bar_table_rows(text))
    rows.extend(unit_group_rows(text))
    rows.extend(unit_figure_rows(text, [row.span for row in rows]))  # (rows other readers took are theirs)
    rows.extend(unit_paragraph_rows(text, [row.span for row in rows]))  # per-place figure rows one cell a paragraph (w2a)
    rows.extend(person_table_rows(text, [row.span for row in rows]))  # unit cells framed by person cells
    rows.extend(person_deadline_rows(text, [row.span for row in rows]))  # the same, rows closed by a deadline
    rows.extend(scored_rows(text, [row.span for row in rows]))  # assessment tables cut at their unit cells (h13g)
    rows.extend(pair_rows(text, [row.span for row in rows]))  # numbered tables, 牵头|配合 or unit|time last (h13g)
    rows.extend(spaced_last_rows(text, [row.span for row in rows]))  # one row a line, spaced cells, units last (h16g)
    rows.extend(general_table_rows(text, [row.span for row in rows]))  # the fallback: tables none of the above read
    return sorted(rows, key=lambda row: row.span)


# ------------------------------------------------------------ pipe tables


def pipe_blocks(text: str) -> list[list[tuple[tuple[int, int], list[Cell]]]]:
    """Runs of consecutive pipe-table lines: per line (line span, cells)."""
    blocks, current = [], []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            start = position + len(line) - len(line.lstrip())
            cells = _split_pipe_line(text, position, line)
            if not all(_SEPARATOR.match(cell.text) for cell in cells):
                current.append(((start, position + len(line.rstrip())), cells))
        elif current:
            blocks.append(current)
            current = []
        position += len(line) + 1
    if current:
        blocks.append(current)
    return blocks


def _split_pipe_line(text: str, offset: int, line: str) -> list[Cell]:
    """Cells of one pipe-table line with spans into ``text``."""
    if "\\" in line:
        bars = [match.start() for match in _PIPE.finditer(line)]
    else:
        bars, at = [], line.find("|")
        while at >= 0:
            bars.append(at)
            at = line.find("|", at + 1)
    ends = bars[1:] + ([len(line)] if line.rstrip()[-1:] != "|" else [])
    cells = []
    for left, right in zip(bars, ends):
        raw = line[left + 1 : right]
        start = left + 1 + len(raw) - len(raw.lstrip())
        value = raw.strip()
        cells.append(Cell(value.replace("\\|", "|"), (offset + start, offset + start + len(value))))
    return cells


def column_roles(rows: list[list[str]]) -> tuple[int, list[Optional[str]], list[str]]:
    """Find the header in the first rows of a table.

    Returns (number of header rows, role per column, header text per column);
    (0, [], []) when no row maps to a task and a department column.  A row
    directly below the header whose cells all map to roles is a second header
    level (责任单位 over 牵头/配合) and refines the roles.
    """
    from extract.structure.tables.flat import header_roles

    for first in range(min(3, len(rows))):
        roles = header_roles(rows[first])  # (no task column: the column of no role after 序号 names the item)
        if "task" in roles and not any(role in DEPT_ROLES for role in roles):
            unit = _unit_column(rows[first + 1:], roles)  # a column of unit names under no unit header
            if unit is not None:
                roles[unit] = INFERRED
                return first + 1, dedupe_roles(roles), list(rows[first])
        if "task" not in roles or not any(role in DEPT_ROLES for role in roles):
            continue
        header = list(rows[first])
        count = 1
        for row in rows[first + 1 : first + 3]:
            sub = [header_role(cell) for cell in row]
            if any(cell and role is None for cell, role in zip(row, sub)) or sub == roles:
                break
            for index, role in enumerate(sub):
                if role and index < len(roles):
                    roles[index] = role
                    header[index] = row[index]
            count += 1
        return first + count, dedupe_roles(roles), header
    return 0, [], []


def _unit_column(rows: list[list[str]], roles: list[Optional[str]]) -> Optional[int]:
    """The column, after the first task column, whose data cells are mostly
    unit names although its header names no unit role (rule ``unit_column``
    in tables.yaml: a headerless sub-column of a merged header, "考核项目 |
    县农粮局"); when none is after it, such a column before it (a division of duties, "单位 | 职责"); else None."""
    rule = table_rules()["unit_column"]
    filled = [row for row in rows if any(row)]
    if len(filled) < rule["min_rows"]:
        return None
    task = roles.index("task")
    width = max(len(row) for row in filled)
    for columns in (range(task + 1, width), range(task)):
        best, share = None, 0.0
        for c in columns:
            if roles[c] in ("number", "deadline", "target") if c < len(roles) else False:
                continue
            hits = sum(1 for row in filled if c < len(row) and looks_like_departments(row[c]))
            if hits >= rule["min_rows"] and hits / len(filled) > share:
                best, share = c, hits / len(filled)
        if share >= rule["min_share"]:
            return best
    return None


def _pipe_table_rows(block) -> list[TableRow]:
    """TableRows of one pipe table block (header detection, merged cells)."""
    texts = [[cell.text for cell in cells] for _, cells in block]
    skip, roles, header = column_roles(texts)
    if not skip:
        return []
    rows: list[TableRow] = []
    above: dict[str, Cell] = {}
    group: Optional[Cell] = None
    for span, cells in block[skip:]:
        values = [cell.text for cell in cells]
        if not any(values) or values[: len(header)] == header:
            continue
        heading = _group_heading(cells, roles)
        if heading is not None:
            group, above = heading, {}
            continue
        own = {role: cell for role, cell in zip(roles, cells) if role}
        row = build_row(own, above, group, span, header)
        if row is not None and INFERRED in row.cells and not looks_like_departments(row.cells[INFERRED].text):
            del row.cells[INFERRED]  # a row of a headerless unit column that names no unit ("总分")
        if row is not None:
            row.targets = column_targets(header, roles, cells, row.cells["task"].text)  # rule figure_columns.columns
            rows.append(row)
            above = row.cells
    return rows


def _group_heading(cells: list[Cell], roles: list[Optional[str]]) -> Optional[Cell]:
    """The cell of a group heading row (一、科技创新 spanning all columns), else None.

    Such a row has one distinct non-empty text, either repeated in every cell
    (a merged cell rendered by the readers) or alone in the first cell when
    that is the number/category column and the text is not a bare number.
    """
    if cells and cells[0].text.isdigit():
        return None
    filled = [cell for cell in cells if cell.text]
    if not filled or len({cell.text for cell in filled}) != 1 or len(cells) < 2:
        return None
    if len(filled) == len(cells) or (
        filled[0] is cells[0] and len(filled) == 1 and roles[0] in ("number", "category")
        and not cells[0].text.rstrip(".、．").isdigit()
    ):
        return filled[0]
    return None
