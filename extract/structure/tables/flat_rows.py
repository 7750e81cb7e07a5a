"""Rows of a flattened table assembled from its row blocks (``flat.py`` reads the header and cuts the rows):
the header's roles, the table's own layout (``flat_place.Layout``), sub-rows, group titles between rows, and
each row's cells placed in the header's columns (merged cells inherited)."""

from __future__ import annotations

import re
from typing import Optional

from extract.structure.tables.cells import DEPT_ROLES, Cell, TableRow, build_row, dedupe_roles, header_role
from extract.structure.tables.cells import looks_like_deadline, looks_like_departments, table_rules
from extract.structure.tables.flat_place import OTHER, _open_end, is_sentence, place_scored, read_layout, sub_row_cuts

Line = list[Cell]
_MAX_CELLS = 2000  # cells of a table with no number column read at most


def header_roles(names: list[str], inline: bool = False) -> list[Optional[str]]:
    """The roles of a flattened table's header cells; in a table one cell a line whose header has no task
    column (nor an indicator or a year column), the column of no role right after the number names each row's item (交通子行业 in 序号 | 交通子行业 |
    建设区域 | 十四五装机计划（MW） | 责任单位: a table allotting work to the units of a unit column)."""
    roles = [header_role(name) for name in names]
    if not inline and "task" not in roles and len(roles) > 2 and roles[0] == "number" and roles[1] is None \
            and any(role in DEPT_ROLES for role in roles) and not any(_indicator(name) for name in names):
        roles[1] = "task"
    return roles


def wrapped_header_cell(head: str, tail: str) -> bool:
    """Whether header lines ``head`` then ``tail`` are one wrapped cell (rule ``flat_header_wrap``): ``head`` names no
    column, is short and no column of its own, and the two joined name one."""
    rule = table_rules()["flat_header_wrap"]
    return (len(head) <= rule["max_head"] and len(tail) <= rule["max_head"] and head not in rule["not_heads"]
            and header_role(head) is None
            and header_role(head + tail) is not None)


def _indicator(name: str) -> bool:
    """A header cell of an indicator table (指标, a year column: read by the indicator reader, rule indicator_table)."""
    rule = table_rules()["indicator_table"]
    return re.fullmatch(rule["indicator_header"], name.strip()) is not None or re.search(r"(?:19|20)[0-9]{2}", name) is not None


def column_keys(names: list[str], inline: bool = False) -> list[str]:
    """The keys of a flattened table's columns in its rows' cells: the roles (a second column of a role read
    as the pipe reader reads it, ``detail``, ``lead:2``), a column of no role ``other``, ``other:2`` …"""
    roles = [role or OTHER for role in dedupe_roles(header_roles(names, inline))]
    return [f"{OTHER}:{roles[:i].count(OTHER) + 1}" if role == OTHER and OTHER in roles[:i] else role
            for i, role in enumerate(roles)]


def _sub_rows(text: str, pieces: Line, layout) -> list[Line]:
    """A row printed one whole cell a line split into its sub-rows: a merged number and item cell printed once
    over several rows (a text cell after a unit cell starts the next sub-row, which keeps the number piece
    first and inherits the merged cells)."""
    if layout is None or not layout.one_a_line or len(pieces) < 4:
        return [pieces]
    starts = [0] + [i for i in range(1, len(pieces)) if "\n" in text[pieces[i - 1].span[1]:pieces[i].span[0]]]
    lines = [text[pieces[a].span[0]:pieces[b - 1].span[1]] for a, b in zip(starts, starts[1:] + [len(pieces)])]
    cuts = [starts[i] for i in sub_row_cuts(lines)]  # (a line is a cell: its pieces are read together)
    if not cuts:
        return [pieces]
    bounds = [1, *cuts, len(pieces)]
    return [pieces[:bounds[1]]] + [[pieces[0], *pieces[a:b]] for a, b in zip(bounds[1:], bounds[2:])]


def _group_title(value: str) -> bool:
    """A piece that may title a group of rows: short, no sentence end, no unit list, no time limit."""
    rule = table_rules()["flat_group_title"]
    return len(value) <= rule["max"] and re.search(rule["not"], value) is None and not (
        looks_like_departments(value) or looks_like_deadline(value))


def _assemble(text: str, blocks, header: Line, inline: Optional[bool] = None) -> list[TableRow]:
    """Turn row blocks into TableRows (cell placement + inheritance); a second column of a role is read as
    the pipe reader reads it (``detail``, ``lead:2``), a column of no role is ``other`` (``column_keys``).  A table
    printed one whole cell a line is read twice: the first reading tells which columns every row prints
    (``Layout.note_printed``)."""
    roles = column_keys([cell.text for cell in header], bool(inline))
    names = [cell.text for cell in header if cell.span[1] > cell.span[0]]  # (not the number of a table with none)
    flat = [[piece for line in block for piece in line] for _, block in blocks]
    layout = read_layout(text, [block for _, block in blocks], roles, False) if inline is False else None
    figures = [cell.text for cell in header] if inline is False else None  # (a table of cells apart)
    rows, placements = _read_blocks(text, blocks, flat, roles, names, layout, figures)
    if layout is not None and layout.one_a_line:
        layout.note_printed(placements, roles[1:], table_rules()["flat_layout"]["printed_share"])
        if layout.printed:
            rows, _ = _read_blocks(text, blocks, flat, roles, names, layout, figures)
    return rows


def _figure_targets(row: TableRow, own: dict, header: list[str], keys: list[str]) -> None:
    """The figures a flattened table's row states in its figure columns (a year's, a plan period's or a target
    column: rule ``figure_columns.columns``, as in a pipe table), read from the row's own cells (not the merged cells
    above it).  In place."""
    from extract.structure.tables.figures import column_targets

    if row.targets or "task" not in row.cells or len(header) != len(keys):
        return
    cells = [own.get(key) or Cell("", (0, 0)) for key in keys]
    row.targets = column_targets(header, [header_role(name) for name in header], cells, row.cells["task"].text)


def unnumbered_blocks(text: str, lines, heading_re: re.Pattern, paragraphs: bool):
    """(row blocks, end) of a table printed one cell a line or a paragraph whose header has no number column
    (类别 | 项目 | 主要任务 | 牵头单位 | 配合单位): each row's first line is an empty number piece; a row starts at a
    text cell (a paragraph, or a line when cells are lines) after a unit or time cell, at a numbered item
    ("1.做好规划配套"), or — cells being paragraphs, or whole lines (no wrap width) — at a word cell after the
    row's text cell unless that one is left open (rule flat_open_piece): a task whose merged unit cells were
    printed once, above; a section heading between rows titles the rows after
    it ("一、做好政策保障", rule flat-section-heading).  The table ends at a blank line when cells are lines,
    at a heading no row follows, or at a cell too long for a table."""
    rule = table_rules()["flat_unnumbered"]
    blocks: list = []
    group, index, end, kinds = None, 0, None, []
    cells = _cells(lines, paragraphs)
    whole = not paragraphs and not _wrapped([_value(c) for c, _ in cells])  # (each line a whole cell)
    last = ""
    for at, (cell_lines, following) in enumerate(cells):
        value = _value(cell_lines)
        if not cell_lines or len(value) > rule["max_cell"]:
            break
        first = cell_lines[0][0]
        if re.match(rule["end"], first.text):
            break
        if heading_re.match(first.text) and not re.match(rule["item"], first.text):
            if at + 1 >= len(cells) or heading_re.match(cells[at + 1][0][0][0].text if cells[at + 1][0] else "。"):
                break
            group, kinds = Cell(text[first.span[0]:cell_lines[-1][-1].span[1]], (first.span[0], cell_lines[-1][-1].span[1])), []
            end = following
            continue
        item = re.match(rule["item"], first.text) is not None
        kind = ("short" if _group_title(value) or looks_like_departments(value) else "text") if item else _cell_kind(value)
        starts = not blocks or kinds == [] or item or kind in ("short", "text") and kinds[-1] in ("dept", "deadline") \
            or (paragraphs or whole) and kind in ("short", "text") and "text" in kinds and not _open_end().search(last)
        if kind in ("dept", "deadline") and not blocks:
            break
        if starts and kind in ("short", "text"):
            number = re.match("[0-9]+", first.text).group() if item else ""  # (the row's number: its item's)
            blocks.append((group, [[Cell(number, (first.span[0], first.span[0]))]]))
            group, kinds = None, []
        elif starts:
            break
        blocks[-1][1].extend(cell_lines)
        kinds.append(kind)
        last = value
        end = following
    return blocks, end if end is not None else 0


def _wrapped(values: list[str]) -> bool:
    """Whether lines hold cells wrapped at one width (most long lines share the commonest length, rule
    flat_layout, as ``flat_place.read_layout``)."""
    rule = table_rules()["flat_layout"]
    long = [len(value) for value in values if len(value) >= rule["long"]]
    if len(long) < rule["min_rows"]:
        return False
    common = max(set(long), key=lambda n: (long.count(n), n))
    return sum(1 for n in long if common - 1 <= n <= common) >= rule["wrap_share"] * len(long)


def _value(cell_lines: list) -> str:
    return "".join(piece.text for line in cell_lines for piece in line)


def _cell_kind(value: str) -> str:
    """A cell's kind when cutting rows: a unit list, a time, a short cell (an item, a title, a name) or text."""
    if looks_like_departments(value) and not is_sentence(value):
        return "dept"
    return "deadline" if looks_like_deadline(value) else "short" if _group_title(value) else "text"


def _cells(lines, paragraphs: bool) -> list:
    """[(lines of one cell, position after it)] from the table's body: a paragraph's lines, or one line, a
    cell (up to a blank line when cells are lines)."""
    out: list = []
    current: list = []
    index = 0
    while lines.has(index) and len(out) < _MAX_CELLS:
        pieces, following = lines[index]
        index += 1
        if pieces:
            current.append(pieces)
            if not paragraphs:
                out.append((current, following))
                current = []
            continue
        if current:
            out.append((current, following))
            current = []
        elif not paragraphs or index > 1 and not lines[index - 2][0]:
            break  # (two blank lines, or a blank line between lines of cells: the table ends)
        if not paragraphs:
            break
    if current:
        out.append((current, following))
    return out


def _read_blocks(text: str, blocks, flat, roles: list[str], names: list[str], layout, figures=None):
    """(rows, each row's own placement) of one table; with ``figures`` (the header's texts) each row's figure
    columns give its targets (``_figure_targets``)."""
    rows: list[TableRow] = []
    placements: list[dict] = []
    above: dict[str, Cell] = {}
    group: Optional[Cell] = None
    titled: Optional[Cell] = None
    parts = [(block_group, part, n > 0) for (block_group, _), pieces in zip(blocks, flat)
             for n, part in enumerate(_sub_rows(text, pieces, layout))]
    for block_group, pieces, sub in parts:
        if block_group is not None and not sub or titled is not None:
            group, above, titled = block_group or titled, {}, None
        own = {"number": pieces[0]}
        found = place_scored(text, pieces[1:], roles[1:], above, layout)
        if layout is not None and layout.one_a_line and len(pieces) > 2 and _group_title(pieces[-1].text):
            # a group title row printed after the row's cells, before the next row number
            shorter = place_scored(text, pieces[1:-1], roles[1:], above, layout)
            if shorter is not None and (found is None or shorter[1] + table_rules()["cost"]["group_title"] < found[1]):
                found, titled, pieces = shorter, pieces[-1], pieces[:-1]
        if found is None:
            continue
        placed = found[0]
        placements.append(placed)
        own.update(placed)
        span = (pieces[1 if sub else 0].span[0], pieces[-1].span[1])
        if layout is not None:  # a column every row prints left out: an empty cell, not the cell above (a row
            # printing no unit cell at all keeps the units above: merged over it and printed once)
            merged = not any(role.split(":")[0] in DEPT_ROLES for role in own)
            above = {role: cell for role, cell in above.items()
                     if role in own or role not in layout.printed or merged and role.split(":")[0] in DEPT_ROLES}
        row = build_row(own, above, group, span, names)
        if row is not None:
            if figures is not None:
                _figure_targets(row, own, figures, roles)
            rows.append(row)
            above = row.cells
    return rows, placements
