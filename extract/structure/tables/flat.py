"""Assignment tables flattened to plain lines (pypdf output, copy-paste).

Two layouts are recognised, both starting with a header whose cells all map
to roles, the first being the number (序号) column:

* one cell per line: ``序号\\n重点任务\\n牵头单位\\n配合单位`` then rows
  ``1\\n任务…\\n市发改委\\n市科技局、市工信局``;
* one row per line: ``序号 重点任务 牵头单位 配合单位`` then
  ``1 任务… 市发改委 市科技局、市工信局``.

A row starts at a line whose first token is the next bare number (1, 2, …)
and runs to the next such line.  Its pieces (whitespace-separated tokens of
its lines, number excluded) are placed in the header's columns by a small
dynamic programme: adjacent pieces may be glued into one cell (wrapped
cells), columns may be skipped (merged cells: they inherit the row above),
and each placement is scored by content — department lists (ending with
局/委/办/部/厅/单位/政府…) belong in lead/participants/responsible columns,
time limits in the deadline column, long sentences in the task column, short
labels in the category column.  When a row has one department cell but two
department columns, the cell goes to the later column (participants) and
the lead is inherited: a lead unit spans several tasks far more often than a
participant list does.  Costs live in ``rules/tables.yaml`` (``cost``).

A third layout, one cell a paragraph (a crawl printing each ``<td>`` between blank lines), is the first
with blank lines between cells (``_read_header``: the header's cells are paragraphs).  A table printed one
cell a line or a paragraph is read by its own regularity (``flat_rows``, ``flat_place.Layout``, h11b):
its wrap width, whether each line is a whole cell, the kinds and widths of its columns' cells in rows that
print every cell, the columns every row prints, group titles between rows, sub-rows under a merged number;
``paragraph_tables`` gives the spans where no line join may glue two cells (``normalize``).

The table ends at a blank line not followed by the next row or a repeated
header, or at a section heading not followed by the next row.  The last row
keeps at most one line per column (one line in the one-row-per-line layout)
and stops before a sentence that follows a department cell.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from extract.structure.tables.cells import (DEPT_ROLES, Cell, TableRow, _section_number, header_role,
                                            looks_like_deadline, looks_like_departments, table_rules)
from extract.structure.tables.flat_place import OTHER, _place, _repairs, is_dept_fragment  # noqa: F401
from extract.structure.tables.flat_rows import _assemble, _group_title, column_keys, header_roles  # noqa: F401
from extract.structure.tables.flat_rows import unnumbered_blocks, wrapped_header_cell

_TOKEN = re.compile(r"\S+")
_BARE_NUMBER = re.compile(r"(\d{1,3})[.、．]?")
_GLUED_NUMBER = re.compile(r"(\d{1,3})(?=[\u4e00-\u9fff])")
_MAX_PIECES = 80
_PREAMBLE = 4  # lines after the header that may precede the first numbered row
_MAX_OTHER = 3  # header cells of no role (rule flat_header_other) in a row

Line = list[Cell]


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(candidate header-line regex, section heading regex, role-less header cell regex), compiled once."""
    rules = table_rules()
    number = next(rule["pattern"] for rule in rules["header_roles"] if rule["role"] == "number")
    cell = "|".join(f"(?:{rule['pattern']})" for rule in rules["header_roles"] if rule["role"] != "number")
    # (a header with no number column, its cells one a line or a paragraph, opens with a cell of a role alone)
    candidate = re.compile(rf"^[ \t\u3000]*(?:{number})[ \t\u3000]*$|^[ \t\u3000]*(?:{number})[ \t\u3000]"
                           rf"|^[ \t\u3000]*(?:{cell})[ \t\u3000]*$", re.M)
    return candidate, re.compile(rules["section_heading"]["pattern"]), re.compile(rules["flat_header_other"]["pattern"])


def flat_table_rows(text: str) -> list[TableRow]:
    """Rows of all flattened tables in ``text`` (pipe-table lines are ignored)."""
    rows: list[TableRow] = []
    resume = 0
    for match in _patterns()[0].finditer(text):
        if match.start() < resume:
            continue
        header = _read_header(text, match.start())
        if header is None:
            continue
        cells, inline, body, paragraphs = header
        found, resume = _read_rows(text, body, cells, inline, paragraphs)
        rows.extend(found)
    return rows


def paragraph_tables(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, "") of the tables printed one cell a line or a paragraph (every header cell alone on
    its line, ``_read_header``): a line break there separates two cells, so no line join may cross it
    (``extract.structure.normalize``; "区绿化市容局、区民政局\n\n各街镇（园区）" are a lead and a partner cell; a
    cell wrapped over lines is glued by the reader, which sees the table's width)."""
    spans: list[tuple[int, int, str]] = []
    resume = 0
    for match in _patterns()[0].finditer(text):
        if match.start() < resume:
            continue
        header = _read_header(text, match.start())
        if header is None or header[1]:
            continue
        found, resume = _read_rows(text, header[2], header[0], header[1], header[3])
        if found:  # (from the end of the line before the header: no line runs into the header either)
            spans.append((len(text[:match.start()].rstrip()), resume, ""))
    from extract.structure.tables.unit_paragraphs import unit_paragraph_tables
    from extract.structure.tables.unit_text import unit_text_tables

    return spans + unit_text_tables(text) + unit_paragraph_tables(text)


def unwrap(cell_text: str) -> str:
    """A text cell without the spaces a wrapped line left between Chinese
    characters ("通关时间 压缩到" → "通关时间压缩到"; "5G 网络" stays)."""
    return _repairs()[2].sub("", cell_text)


def split_glued(piece: Cell) -> list[Cell]:
    """``piece`` cut where a unit runs into a year ("市商务局2026年9月")."""
    match = _repairs()[1].search(piece.text)
    if match is None:
        return [piece]
    cut, start = match.start(), piece.span[0]
    return [Cell(piece.text[:cut], (start, start + cut)), Cell(piece.text[cut:], (start + cut, piece.span[1]))]


def _lines(text: str, pos: int):
    """Yield (pieces, next line start) for each line from ``pos`` on."""
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        pieces = [part for m in _TOKEN.finditer(text, pos, end) for part in split_glued(Cell(m.group(), m.span()))]
        yield pieces, end + 1
        pos = end + 1


def _read_header(text: str, pos: int) -> Optional[tuple[Line, bool, int, bool]]:
    """Parse a header run at ``pos``: (header cells, one-row-per-line?, body start, one cell a paragraph?).
    A header whose every cell stands alone between blank lines (a crawl printing each ``<td>`` as a
    paragraph) marks a table whose cells are paragraphs: its blank lines separate cells, not rows."""
    cells: Line = []
    inline, body, blanks, pending = False, pos, 0, []
    gaps: list[int] = []
    for pieces, following in _lines(text, pos):
        if not pieces:
            blanks += 1
            if blanks > 1:
                break
            continue
        if pieces[0].text.startswith("|"):
            break
        if cells and not header_role(pieces[0].text) and header_role(cells[-1].text + pieces[0].text):
            # a header cell wrapped over two lines ("序\n号 重点工作 …")
            cells[-1] = Cell(cells[-1].text + pieces[0].text, (cells[-1].span[0], pieces[0].span[1]))
            pieces = pieces[1:]
        if pending and not blanks and len(pieces) == 1 and not inline \
                and wrapped_header_cell(pending[-1].text, pieces[0].text):
            # a header cell wrapped over two lines whose first names no column ("重点\n任务", rule flat_header_wrap)
            head = pending.pop()
            gaps.pop()
            pieces = [Cell(head.text + pieces[0].text, (head.span[0], pieces[0].span[1]))]
        if not all(header_role(p.text) for p in pieces):
            if len(pending) < _MAX_OTHER and cells and len(pieces) == 1 and _patterns()[2].match(pieces[0].text):
                pending.append(pieces[0])  # a column of no role, if a role cell follows (rule flat_header_other)
                gaps.append(blanks)
                blanks = 0
                continue
            break
        cells.extend(pending)
        pending = []
        if cells:
            gaps.append(blanks)
        cells.extend(pieces)
        inline = inline or len(pieces) > 1
        body, blanks = following, 0
    if not inline and len(gaps) == len(cells) - 1 and 0 < gaps.count(0) < gaps.count(1):
        cells, gaps = _paragraph_cells(cells, gaps)  # "任务\n类型" one wrapped cell of a header printed a cell a paragraph
    roles = header_roles([cell.text for cell in cells], inline)
    known = [role for role in roles if role]
    if roles and roles[0] != "number" and (inline or _after_header_cell(text, pos)):
        return None  # (a header with no number column: its cells one a line, not inside another header)
    if (len(known) < 3 or "task" not in roles or len(set(known)) != len(known) and inline
            or not any(role in DEPT_ROLES for role in roles)):
        return None
    return cells, inline, body, not inline and len(gaps) >= 2 and all(gap == 1 for gap in gaps)


def _paragraph_cells(cells: Line, gaps: list[int]) -> tuple[Line, list[int]]:
    """Rule ``flat_header_paragraphs``: in a header whose cells are mostly paragraphs (one blank line between them), a
    line right under a cell (no blank line between) is the rest of that cell, wrapped ("任务\n类型"): joined."""
    if not table_rules().get("flat_header_paragraphs", {}).get("enabled", False):
        return cells, gaps
    out, kept = [cells[0]], []
    for cell, gap in zip(cells[1:], gaps):
        if gap == 0:
            out[-1] = Cell(out[-1].text + cell.text, (out[-1].span[0], cell.span[1]))
        else:
            out.append(cell)
            kept.append(gap)
    return out, kept


def _after_header_cell(text: str, pos: int) -> bool:
    """Whether the line before ``pos`` (blank lines skipped) is a header cell: ``pos`` is inside a header."""
    before = text[:pos].rstrip().rsplit("\n", 1)[-1].strip()
    return bool(before) and header_role(before) is not None


def _bare_number(pieces: Line) -> Optional[int]:
    """The row number when the line starts with a bare number token."""
    match = _BARE_NUMBER.fullmatch(pieces[0].text) if pieces else None
    return int(match.group(1)) if match else None


def _number_mark(pieces: Line) -> str:
    """The mark after a row number ("" for "1", "." for "1.", "、" for "1、"), "+" when text follows it on
    its line: a table prints its row numbers in one style, so a numbered line inside a cell ("1\n\n1. 强化…
    \n2. 紧扣…", 静安 2025 生活垃圾分类 task list, real_unseen57) starts no row."""
    match = _BARE_NUMBER.fullmatch(pieces[0].text)
    return (pieces[0].text[match.end(1):] if match else "") + ("+" if len(pieces) > 1 else "")


def _split_glued_number(pieces: Line, expected: Optional[int]) -> Line:
    """A line whose first token is the expected row number glued to the task
    ("1推行…", the space removed with conversion damage) as two pieces."""
    match = _GLUED_NUMBER.match(pieces[0].text) if pieces else None
    if match is None or int(match.group(1)) != (expected or 1):
        return pieces
    first, cut = pieces[0], match.end(1)
    return [Cell(first.text[:cut], (first.span[0], first.span[0] + cut)),
            Cell(first.text[cut:], (first.span[0] + cut, first.span[1])), *pieces[1:]]


def _read_rows(text: str, pos: int, header: Line, inline: bool, paragraphs: bool = False) -> tuple[list[TableRow], int]:
    """Rows of one table whose body starts at ``pos``; also the end position.  ``paragraphs``: every cell
    is a paragraph of its own (a blank line between cells ends no row)."""
    heading_re = _patterns()[1]
    names = [cell.text for cell in header]
    roles = header_roles(names, inline)
    if roles[0] != "number":  # no number column: rows cut at their first text cell (flat_rows.unnumbered_blocks)
        blocks, end = unnumbered_blocks(text, _LazyLines(text, pos), heading_re, paragraphs)
        if roles[0] == "category" and any(group is not None for group, _ in blocks):
            header = header[1:]  # (its cells printed as section rows between the rows: the rows' group)
        return _assemble(text, blocks, [Cell("序号", (pos, pos)), *header], inline), end
    reach = next((i for i, role in enumerate(roles) if role in DEPT_ROLES), len(roles))
    blocks: list[tuple[Optional[Cell], list[Line]]] = []
    expected, blank, group, end = None, False, None, pos
    mark = None  # the first row number's mark ("" for "1" alone on its line): the table numbers every row so
    lines = _LazyLines(text, pos)
    index = 0
    while lines.has(index):
        pieces, following = lines[index]
        pieces = _split_glued_number(pieces, expected)
        number = _bare_number(pieces)
        if number is not None and mark == "" and _number_mark(pieces) != mark:
            number = None  # "2. 紧扣…" under rows numbered "1" alone: a numbered line inside the task cell
        if not pieces:
            blank = not paragraphs
        elif _is_header_repeat(lines, index, names):
            index += _header_length(lines, index, len(names))
            blank = False
            continue
        elif not blocks and index < _PREAMBLE and len(pieces) == 1 \
                and (len(pieces[0].text) <= 12 or paragraphs and _group_title(pieces[0].text)) \
                and number != 1 and not _section_number(pieces[0]) and not heading_re.match(pieces[0].text) \
                and _first_row_ahead(lines, index + 1):
            pass  # a short row before the first numbered one (a total: "总分", "100")
        elif number is not None and (expected is None or number == expected) and (
                _row_done(blocks, reach, number, expected) or None not in roles and _text_follows(lines, index + 1)):
            blocks.append((group, [pieces]))
            group, expected, blank = None, number + 1, False
            mark = _number_mark(pieces) if mark is None else mark
        elif len(pieces) == 1 and _section_number(pieces[0]) and _next_number(lines, index + 1) is None:
            blocks.append((None, [pieces]))  # a section row printed cell by cell ("二、", its title, its cells)
            group, blank = None, False
        elif heading_re.match(pieces[0].text):
            following_number = _next_number(lines, index + 1)
            if following_number is None or expected not in (None, following_number):
                break
            group = Cell(text[pieces[0].span[0]:pieces[-1].span[1]], (pieces[0].span[0], pieces[-1].span[1]))
        elif blocks and not blank and sum(map(len, blocks[-1][1])) < _MAX_PIECES:
            blocks[-1][1].append(pieces)
        else:
            break
        end = following
        index += 1
    if blocks:
        blocks[-1] = (blocks[-1][0], _trim_last(blocks[-1][1], len(header), inline))
    return _assemble(text, blocks, header, inline), end


def _first_row_ahead(lines, index: int) -> bool:
    """Whether a line holding only "1" or a section number ("一、") follows within ``_PREAMBLE`` lines."""
    for pieces, _ in lines.window(index, _PREAMBLE):
        if len(pieces) == 1 and (_bare_number(pieces) == 1 or _section_number(pieces[0])):
            return True
    return False


def _row_done(blocks, reach: int, number: int, expected: Optional[int]) -> bool:
    """Whether the row read so far may end at a bare number (the row period): it has as many cells as the
    header has columns before its first unit column, or it ends with a unit or deadline cell; a score or a
    count cell equal to the next row number ("7") in a row printed one cell a line stays in its row.  A
    section row ("一、" and its title) ends at the next row number, the first one at 1."""
    if not blocks:
        return True
    pieces = [piece for line in blocks[-1][1] for piece in line]
    if _section_number(pieces[0]):
        return number == (expected or 1)
    last = pieces[-1].text
    return len(pieces) >= reach or looks_like_departments(last) or looks_like_deadline(last)


def _text_follows(lines, index: int) -> bool:
    """Whether the next non-blank line is one piece of text (no number, no unit list, no time limit): in a
    table with no column of figures (every header cell has a role; a score column has none, rule
    flat_header_other) a bare number before it starts a row (a merged cell left the row above with fewer
    cells than the columns before the unit column)."""
    for pieces, _ in lines.window(index, 3):
        if pieces:
            value = pieces[0].text
            return len(pieces) == 1 and _bare_number(pieces) is None and not (
                looks_like_departments(value) or looks_like_deadline(value))
    return False


class _LazyLines:
    """Lines of ``text`` from ``pos`` on, split into pieces only when asked."""

    def __init__(self, text: str, pos: int) -> None:
        self._source = _lines(text, pos)
        self._items: list[tuple[Line, int]] = []

    def has(self, index: int) -> bool:
        """True when line ``index`` exists (reads lines up to it)."""
        while len(self._items) <= index:
            item = next(self._source, None)
            if item is None:
                return False
            self._items.append(item)
        return True

    def __getitem__(self, index: int) -> tuple[Line, int]:
        self.has(index)
        return self._items[index]

    def window(self, index: int, size: int) -> list[tuple[Line, int]]:
        """Up to ``size`` lines starting at ``index``."""
        self.has(index + size - 1)
        return self._items[index : index + size]


def _next_number(lines, index: int) -> Optional[int]:
    """Row number of the next non-blank line at or after ``index``."""
    for pieces, _ in lines.window(index, 3):
        if pieces:
            return _bare_number(pieces)
    return None


def _header_length(lines, index: int, size: int) -> int:
    """How many lines a repeated header of ``size`` cells occupies."""
    count, taken = 0, 0
    while taken < size and lines.has(index + count):
        taken += len(lines[index + count][0])
        count += 1
    return count


def _is_header_repeat(lines, index: int, names: list[str]) -> bool:
    """True when the header cells repeat from line ``index`` (a new page)."""
    first = lines[index][0]
    if not first or first[0].text != names[0]:
        return False
    found: list[str] = []
    for pieces, _ in lines.window(index, 2 * len(names) + 1):  # (blank lines between cells: paragraphs)
        found.extend(piece.text for piece in pieces)
        if len(found) >= len(names):
            return found == names
    return False


def _trim_last(block: list[Line], columns: int, inline: bool) -> list[Line]:
    """Cut trailing prose off the last row of a table."""
    if inline:
        return block[:1]
    kept, count = [block[0]], len(block[0])
    for pieces in block[1:]:
        if count >= columns:
            break
        previous = " ".join(piece.text for piece in kept[-1])
        joined = " ".join(piece.text for piece in pieces)
        if looks_like_departments(previous) and not (
            looks_like_departments(joined) or looks_like_deadline(joined) or len(joined) <= 12
        ):
            break
        kept.append(pieces)
        count += len(pieces)
    return kept
