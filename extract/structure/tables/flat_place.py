"""Placement of a flattened row's pieces into the header's columns (``flat.py``): a small dynamic
programme whose costs live in ``rules/tables.yaml`` (``cost``); see ``flat.py``'s module doc."""

from __future__ import annotations

import functools
import math
import re
from typing import Optional

from extract.memo import lasting
from extract.structure.tables.cells import DEPT_ROLES, Cell, is_ditto, looks_like_deadline, looks_like_departments, table_rules

Line = list[Cell]
_MAX_PIECES = 80
_WRAP = re.compile(r"[ \t\u3000]*\n[ \t\u3000]*")
_LIST_PIECE = 16  # characters of a piece of a broken unit list at most
_LIST_MARKS = ("、", "，", ",", "；", ";")  # a line ending in one goes on with the list (no "、" added)
OTHER = "other"  # a column of no role (rule flat_header_other)
_WORDS = {"short", "text"}  # kinds of a column of words


@functools.lru_cache(maxsize=1)
def _repairs() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(dept-name fragment, glued-deadline cut, CJK space) regexes, compiled once."""
    rules = table_rules()
    return tuple(re.compile(rules[key]["pattern"]) for key in ("dept_fragment", "glued_deadline", "cjk_space"))


@lasting(maxsize=1 << 14)  # (a pure function of the piece, asked of every piece of every row)
def is_dept_fragment(piece: str) -> bool:
    """True for a piece that starts a department name broken by a space
    ("市市场监管" before "局"); a complete unit ("市科技局") is none."""
    return bool(_repairs()[0].search(piece)) and not looks_like_departments(piece)


def _place(text: str, pieces: Line, roles: list[str], above: dict, layout=None) -> Optional[dict[str, Cell]]:
    """Best placement of ``pieces`` into columns ``roles`` (see module doc)."""
    found = place_scored(text, pieces, roles, above, layout)
    return found[0] if found else None


def place_scored(text: str, pieces: Line, roles: list[str], above: dict,
                 layout=None) -> Optional[tuple[dict[str, Cell], float]]:
    """Best placement of ``pieces`` into columns ``roles`` and its cost.  ``layout`` (a :class:`Layout`, the
    table's own regularity) prices gluing two pieces and a cell unlike its column's cells in whole rows."""
    if len(pieces) > _MAX_PIECES:
        return None
    cost = table_rules()["cost"]
    m, k = len(pieces), len(roles)
    inf = float("inf")
    best = [[inf] * (k + 1) for _ in range(m + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    open_end = _open_end()
    suffixes = table_rules()["dept_suffixes"]
    fragment = [is_dept_fragment(piece.text) or bool(open_end.search(piece.text))
                or i + 1 < m and pieces[i + 1].text in suffixes  # a name broken before its suffix ("申通地铁\n集团")
                for i, piece in enumerate(pieces)]
    joins = [cost["fragment_join"] if fragment[i] else
             _join_cost(layout, text, pieces[i], pieces[i + 1] if i + 1 < len(pieces) else None, cost)
             for i in range(len(pieces))]
    # (rule flat_cell_unit_lines: in a table whose cells are paragraphs no cell ends at a line break inside a paragraph)
    kept = _paragraph_lines(text, pieces) if layout is not None and layout.paragraphs else ()
    cells: dict[tuple[int, int], tuple[str, str]] = {}  # (i, stop) -> the cell's text and kind (any column)
    bounded = _no_negative_cost()  # (a way already as cheap as a cell's best case is not beaten by pricing it)
    for j in range(k):
        skip = cost["skip"][_cost_key(roles[j])] + (0 if roles[j] in above else cost["skip_without_above"])
        if layout is not None and roles[j] in layout.printed:
            skip = cost["empty"][_cost_key(roles[j])]  # a column the table's other rows all print: an empty cell
        for i in range(m + 1):
            if best[i][j] == inf:
                continue
            _relax(best, back, i, j + 1, best[i][j] + skip, (i, j))
            glue = 0.0
            for stop in range(i + 1, m + 1):
                if stop - 1 > i:  # pieces[stop - 2] is glued to pieces[stop - 1]
                    glue += joins[stop - 2]
                if stop in kept:
                    continue
                if bounded and best[i][j] + glue >= best[stop][j + 1] - 1e-9:
                    continue  # (no cell cost is negative: this way cannot be cheaper, its cell is not priced)
                cell = cells.get((i, stop))
                if cell is None:
                    cell = cells[(i, stop)] = _cell_kind(text, pieces[i:stop])
                value = best[i][j] + glue + _compat(roles[j], text, pieces[i:stop], layout, cell)
                _relax(best, back, stop, j + 1, value, (i, j))
    if best[m][k] == inf:
        return None
    placed: dict[str, Cell] = {}
    i, j = m, k
    while j > 0:
        pi, pj = back[(i, j)]
        if pi < i:
            placed[roles[pj]] = (_join_units(text, pieces[pi:i]) if layout is not None and layout.paragraphs
                                 and roles[pj] in DEPT_ROLES and i - pi > 1 else _join(text, pieces[pi:i]))
        i, j = pi, pj
    return placed, best[m][k]


class Layout:
    """A flattened table's own regularity, read from its rows (not from any wording):

    * ``width``: the width its long cells are wrapped at — a PDF's text layer breaks a cell at its column's
      width, so most long pieces share one length and none is longer (rule ``flat_layout``); a piece filled
      to that width runs on into the next piece, a shorter one ends its cell;
    * ``one_a_line``: no wrap width, and (nearly) every row prints no more pieces than the header has
      cells — each line is a whole cell (a crawl printing each ``<td>`` on a line), so two pieces are
      one cell only when the first is left open (``flat_open_piece``) or is a broken unit name;
    * ``profile``: per column, the kinds (short, text, dept, …) of its cells in rows that print as many
      pieces as the header has cells (a kind at least ``profile_share`` of them show), and for a column of
      words its median length (``lengths``: a title column's cells are short, a measure column's long) —
      a merged cell printed once leaves out the column whose cells the row's pieces fit worst.
    """

    def __init__(self, width: Optional[int], one_a_line: bool, profile: dict[str, set],
                 lengths: Optional[dict[str, float]] = None) -> None:
        self.width, self.one_a_line, self.profile, self.lengths = width, one_a_line, profile, lengths or {}
        self.printed: set[str] = set()  # columns (nearly) every row prints a cell of (``note_printed``)
        self.paragraphs = False  # cells are paragraphs: the lines of one paragraph are one cell (h12t)

    def note_printed(self, placements: list[dict], roles: list[str], share: float) -> None:
        """Columns that at most ``share`` of the rows' placements (a first reading; or one row) leave out: the table
        prints their cells in every row, so a row is read with a cell there too."""
        if placements:
            self.printed = {role for role in roles if sum(role not in placed for placed in placements)
                            <= max(1.0, share * len(placements))}

    def nearest(self, size: int) -> Optional[str]:
        """The column of words (task, detail, category …) whose cells in whole rows are nearest ``size``
        characters long (by ratio); None without two such columns."""
        if len(self.lengths) < 2:
            return None
        return min(self.lengths, key=lambda role: abs(math.log(max(size, 1) / self.lengths[role])))


def read_layout(text: str, blocks: list[list[Line]], roles: list[str], inline: bool) -> Optional[Layout]:
    """The :class:`Layout` of a table whose rows are ``blocks`` (lines of pieces, the number first), read
    from its lines (a line's text from its first to its last piece); None for a table printed one row a
    line (``inline``) or too small to show a regularity."""
    rule = table_rules()["flat_layout"]
    if inline or len(blocks) < rule["min_rows"]:
        return None
    gaps = [text[a[-1].span[1]:b[0].span[0]] for block in blocks for a, b in zip(block[1:], block[2:]) if a and b]
    paragraphs = len(gaps) >= rule["min_rows"] and sum(gap.count("\n") > 1 for gap in gaps) >= rule.get(
        "paragraph_share", rule["fit_share"]) * len(gaps)  # (cells of several lines, one unit a line: fewer blank gaps)
    rows = [_paragraphs(text, block) if paragraphs else [text[line[0].span[0]:line[-1].span[1]] for line in block if line]
            for block in blocks]
    long = [len(line) for row in rows for line in row[1:] if len(line) >= rule["long"]]
    width = None
    if len(long) >= rule["min_rows"]:
        common = max(set(long), key=lambda n: (long.count(n), n))
        near = sum(1 for n in long if common - 1 <= n <= common)
        over = sum(1 for n in long if n > common + 1)
        if near >= rule["wrap_share"] * len(long) and over <= rule["over_share"] * len(long):
            width = common
    fits = sum(1 for row in rows if all(b - a + 1 <= len(roles) for a, b in _parts(row)))
    one_a_line = width is None and fits >= rule["fit_share"] * len(rows)
    profile: dict[str, set] = {}
    whole = [row for row in rows if len(row) == len(roles)]
    if one_a_line:
        for c, role in enumerate(roles[1:], 1):
            kinds = [_kind(row[c]) for row in whole]
            profile[role] = {kind for kind in kinds if kinds.count(kind) >= rule["profile_share"] * len(kinds)}
    lengths = {}
    for role, kinds in profile.items():
        sizes = sorted(len(row[roles.index(role)]) for row in whole)
        if kinds and kinds <= _WORDS and sizes:
            lengths[role] = max(1, sizes[len(sizes) // 2])  # (the median: a column's width)
    layout = Layout(width, one_a_line, profile, lengths)
    layout.paragraphs = one_a_line and paragraphs
    return layout


def _paragraphs(text: str, block: list[Line]) -> list[str]:
    """The texts of a row's paragraphs (the lines of one paragraph read as one, wraps removed)."""
    out: list[str] = []
    last = None
    for line in block:
        if not line:
            continue
        value = text[line[0].span[0]:line[-1].span[1]]
        if last is not None and text.count("\n", last, line[0].span[0]) == 1:
            out[-1] += value
        else:
            out.append(value)
        last = line[-1].span[1]
    return out


def sub_row_cuts(values: list[str]) -> list[int]:
    """Where the sub-rows of a row printed one whole cell a line start (``values``: its cells, the number
    first): at a text cell right after a unit cell, once the row holds a text cell — a merged number and
    item cell printed once over several rows (each sub-row a 主要内容 cell and its units)."""
    kinds = [_kind(value) for value in values]
    return [i for i in range(2, len(values)) if kinds[i] == "text" and kinds[i - 1] == "dept" and "text" in kinds[1:i]]


def _parts(row: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the row's sub-rows' cells past the number."""
    bounds = [1, *sub_row_cuts(row), len(row)]
    return list(zip(bounds, bounds[1:]))


def _join_cost(layout: Optional[Layout], text: str, piece: Cell, after: Optional[Cell], cost: dict) -> float:
    """Cost of gluing ``piece`` to the piece ``after`` it (no broken name, no open end): in a table of a
    known layout two pieces of one line are one cell; across a line break, a line filled to the wrap width
    runs on, a shorter one ends its cell, and in a table of one whole cell a line every line ends one."""
    if layout is None or after is None:
        return cost["join"]
    if "\n" not in text[piece.span[1]:after.span[0]]:
        return cost["join_same_line"] if layout.width is not None or layout.one_a_line else cost["join"]
    if layout.paragraphs and text.count("\n", piece.span[1], after.span[0]) == 1:
        return cost["join_same_line"]  # (two lines of one paragraph, in a table whose cells are paragraphs)
    if layout.width is not None:
        start = text.rfind("\n", 0, piece.span[0]) + 1
        line = text[start:piece.span[1]].strip()
        return cost["join_filled"] if len(line) >= layout.width - 1 else cost["join_short"]
    return cost["join_cell_line"] if layout.one_a_line else cost["join"]


@functools.lru_cache(maxsize=1)
def _no_negative_cost() -> bool:
    """Whether no cost :func:`_compat` adds to a cell is negative (rule ``cost``: ``compat``, ``lead_list``,
    ``off_profile``, ``open_cell``): a way to a state that costs at least as much before its cell is priced as
    the state's best so far then loses (:func:`_relax` keeps the first of equals), and ``place_scored`` does
    not price it."""
    cost = table_rules()["cost"]
    return min([cost["lead_list"], cost["off_profile"], cost["open_cell"]]
               + [v for column in cost["compat"].values() for v in column.values()]) >= 0


@functools.lru_cache(maxsize=1)
def _open_end() -> re.Pattern:
    """A piece left open (rule ``flat_open_piece``)."""
    return re.compile(table_rules()["flat_open_piece"]["pattern"])


def _relax(best, back, i: int, j: int, value: float, origin: tuple[int, int]) -> None:
    """Keep the cheaper way to reach state (i, j); ties keep the first."""
    if value < best[i][j] - 1e-9:
        best[i][j] = value
        back[(i, j)] = origin


def _join(text: str, pieces: Line) -> Cell:
    """One cell from adjacent pieces: the source slice with line wraps removed."""
    start, end = pieces[0].span[0], pieces[-1].span[1]
    return Cell(_WRAP.sub("", text[start:end]), (start, end))


def _paragraph_lines(text: str, pieces: Line) -> set[int]:
    """Indexes ``s`` where ``pieces[s]`` starts the next line of the paragraph ``pieces[s - 1]`` ends a line of (one line
    break between them, no blank line): in a table whose cells are paragraphs no cell ends there (rule
    ``flat_cell_unit_lines``)."""
    if not table_rules().get("flat_cell_unit_lines", {}).get("enabled", False):
        return set()
    return {s for s in range(1, len(pieces)) if text.count("\n", pieces[s - 1].span[1], pieces[s].span[0]) == 1}


def _join_units(text: str, pieces: Line) -> Cell:
    """Rule ``flat_cell_unit_lines``: a unit cell of a table whose cells are paragraphs, printed one unit a line
    ("区建设管理委\n（区水务局）\n上海城投集团"): lines that each name whole units are a list ("、" between them); a
    line that opens with a bracket or a broken name's rest stays glued to the line before."""
    if not table_rules().get("flat_cell_unit_lines", {}).get("enabled", False):
        return _join(text, pieces)
    out = [pieces[0]]
    for piece in pieces[1:]:
        gap = text[out[-1].span[1]:piece.span[0]]
        if (gap.count("\n") == 1 and not piece.text.startswith(("（", "(")) and not out[-1].text.endswith(_LIST_MARKS)
                and looks_like_departments(_WRAP.sub("", out[-1].text))
                and looks_like_departments(piece.text) and not is_dept_fragment(piece.text)):
            out.append(piece)
        else:
            out[-1] = Cell(text[out[-1].span[0]:piece.span[1]], (out[-1].span[0], piece.span[1]))
    if len(out) == 1:
        return _join(text, pieces)
    return Cell("、".join(_WRAP.sub("", cell.text) for cell in out), (pieces[0].span[0], pieces[-1].span[1]))


def _cell_kind(text: str, pieces: Line) -> tuple[str, str]:
    """The text and content kind of the cell made of ``pieces`` (the same in every column)."""
    value = _join(text, pieces).text
    kind = _kind(value)
    head = pieces[:-2] if len(pieces) > 1 and pieces[-1].text in table_rules()["dept_suffixes"] else pieces[:-1]
    if kind == "dept" and not all(_list_part(piece.text) or is_dept_fragment(piece.text) for piece in head):
        kind = "short" if len(value) <= 12 else "text"  # 提升能力 + 市科技局 is no list
    return value, kind


def _compat(role: str, text: str, pieces: Line, layout: Optional[Layout] = None,
            cell: Optional[tuple[str, str]] = None) -> float:
    """Cost of the cell made of ``pieces`` in a column of ``role`` (``cell``: its :func:`_cell_kind`, when known)."""
    cost = table_rules()["cost"]
    value, kind = cell if cell is not None else _cell_kind(text, pieces)
    extra = cost["lead_list"] if _cost_key(role) == "lead" and kind == "dept" and "、" in value else 0.0
    if layout is not None and layout.profile.get(role) and kind not in layout.profile[role] and not (
            kind in _WORDS and layout.nearest(len(value)) == role):
        extra += cost["off_profile"]
    elif layout is not None and kind in _WORDS and layout.nearest(len(value)) not in (None, role):
        extra += cost["off_profile"]  # words as long as another column's words
    if layout is not None and layout.one_a_line and _open_end().search(pieces[-1].text):
        extra += cost["open_cell"]  # a whole cell a line: a line left open ("区绿化市容局、") goes on
    return cost["compat"][_cost_key(role)][kind] + extra


def _cost_key(role: str) -> str:
    """The cost table's column for ``role`` ("lead:2" → lead, detail → task)."""
    return "task" if role == "detail" else role.split(":")[0]


def _list_part(value: str) -> bool:
    """True for a piece that can start a wrapped department list: a unit name, or a short piece broken
    after a list mark (a sentence of a text cell running on, "…得1分。；", starts none)."""
    return (value.endswith(("、", "，", ",", "；", ";")) and len(value) <= _LIST_PIECE and "。" not in value
            or looks_like_departments(value))


def _mostly_units(value: str) -> bool:
    """A 、-list most of whose items are unit names, the first opening with a level word ("市交通委、
    市经济信息化委、各项目实施主体"; not "新建高架车站、地面车站、基地库房…": no level word, figures)."""
    if "、" not in value or re.search("[，。；;,0-9%]", value):
        return False
    items = value.split("、")
    opener = table_rules()["glued_table"]["chain"]["opener"]
    return re.match(f"(?:{opener})", items[0]) is not None and \
        sum(1 for item in items if looks_like_departments(item)) * 2 > len(items)


def _kind(value: str) -> str:
    """Content kind of a cell: ditto, dept, deadline, short or text."""
    if is_ditto(value):
        return "ditto"
    if len(value.strip()) < 2:
        return "short"  # "局" alone is the tail of a broken name, not a unit
    if (looks_like_departments(value) or _mostly_units(value)) and not is_sentence(value):
        return "dept"
    if looks_like_deadline(value):
        return "deadline"
    return "short" if len(value) <= 12 else "text"


def is_sentence(value: str) -> bool:
    """A cell too long for a unit list that holds a sentence end ("指导各街道…建设政府专职消防队、志愿消防队、
    微型消防站。" ends on a unit word but is a task), or one opening with an item number ("5.实化运行消防安全委员会",
    a 项目 cell: no unit name opens so)."""
    return len(value) > _LIST_PIECE * 2 and re.search("[。；;]", value) is not None \
        or re.match(table_rules()["flat_unnumbered"]["item"], value) is not None
