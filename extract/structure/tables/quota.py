"""Per-unit quota tables flattened into running text ("面积：亩区市县（园区）2019年—2021年小计花卉
绿化苗木广安区18001080720前锋区1300760540…合计1000060004000"; rule ``quota_table`` in
``tables.yaml``).

``quota_table_rows(text)`` finds a header that opens with a column of units (区市县, 县（市、区）,
乡镇 …: rule ``unit_header``), optionally a year or period and the names of the value columns, then
rows that each open with the unit's name (a division written in full, a unit-shaped name or a
group) followed by its figures.  Figures separated by spaces are one cell each; figures a
crawler glued together ("18001080720") are split only where the header has a total column
(小计/合计/总计: rule ``total_column``) and exactly one split makes the total the sum of the
other cells; a row whose figures cannot be split so keeps its unit and states no target.  A
total row (合计 …) is no task.  Each row is a :class:`TableRow` whose task cell is the row,
whose ``responsible`` cell is the unit's name and whose ``targets`` are its figures: the table's
measure unit (the caption "面积：亩", "单位：万元" before the header, or a bracket in the header),
comparator "=", due at the header's year (or the end of its period).  A total that equals the
only other filled cell is one figure.  Spans point into ``text``; nothing is raised.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations
from typing import Optional

from extract.entities.jurisdiction import is_division
from extract.entities.unit_shape import is_unit_name
from extract.model import Target
from extract.rules.loader import load_rules
from extract.structure.tables.cells import Cell, TableRow, rows_at_matches, table_rules


_DIGIT = re.compile(r"[0-9]")
_PUNCT = re.compile(r"[。；;，,：:]")
_SECOND_ROW = re.compile(r"[0-9.]+(?:[ \u3000\t\n]+[0-9.]+)*[ \u3000\t\n]*[\u4e00-\u9fff（）()、]{2,24}[ \u3000\t\n]*[0-9]")


@lru_cache(maxsize=1)
def unit_alternation() -> str:
    """A regex alternation of every measure unit of ``targets.yaml`` with and without a magnitude (万人, 亿元), longest first."""
    units = [w for rule in load_rules("targets.yaml")["units"] for w in rule["words"]]
    mags = load_rules("targets.yaml")["magnitudes"]
    return "|".join(map(re.escape, sorted({m + u for m in ["", *mags] for u in units}, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = table_rules()["quota_table"]
    unit_alt = unit_alternation()
    return {
        "header": re.compile(r["unit_header"]),
        "block_unit": re.compile("(?:" + r["unit_header"] + "|" + r["block_unit_header"] + ")"),
        "period": re.compile(r["period"]),
        "caption": re.compile("(?:" + r["caption"] + ")(?P<unit>" + unit_alt + ")$"),
        "bracket": re.compile(r"[（(](?P<unit>" + unit_alt + r")[）)]"),
        "total": re.compile(r["total_column"]),
        "single": re.compile(r["single_column"]),
        "total_row": re.compile(r["total_row"]),
        "name": re.compile(r["name"]),
        "township": re.compile(r["township"]),
        "figures": re.compile(r"[ \u3000\t\n]*(?:[0-9]+(?:\.[0-9]+)?)(?:[ \u3000\t\n]+[0-9]+(?:\.[0-9]+)?)*"),
        "max_columns": int(r["max_columns"]),
        "max_glued": int(r["max_glued"]),
        "min_rows": int(r["min_rows"]),
        "max_head": int(r["max_head"]),
        "caption_window": int(r["caption_window"]),
        "column_sums": {"max_digits": int(r["column_sums"]["max_digits"]), "budget": int(r["column_sums"]["budget"])},
        "total_digits": re.compile("(?:" + r["total_row"] + r")[ \u3000]*[0-9]{4}"),
    }


def _is_name(name: str) -> bool:
    return is_division(name) or bool(_rules()["township"].fullmatch(name)) or is_unit_name(name)


def quota_table_rows(text: str) -> list[TableRow]:
    """Rows of flattened per-unit quota tables in ``text`` (see module doc)."""
    r = _rules()
    out = rows_at_matches(r["header"], text, _table)
    if r["total_digits"].search(text):  # tables closed by a total row whose sums split the glued runs
        taken = [row.span for row in out]
        out.extend(row for row in _summed_rows(text) if not any(a <= row.span[0] < b for a, b in taken))
    return out


def _summed_rows(text: str) -> list[TableRow]:
    """Rows of glued quota tables whose figures the total row's sums split (rule
    ``quota_table.column_sums``, extract/structure/tables/quota_sums.py): each a task of its unit with
    its figures as targets (no measure unit unless a caption states it, comparator "=", undated)."""
    from extract.structure.tables.quota_sums import summed_rows

    rows = []
    for (ns, ne), (fs, fe), figures in summed_rows(text, _is_name):
        unit = _measure_unit(text, ns, "")
        targets = [Target(indicator="", value=float(text[a:b]), unit=unit, comparator="=", text=text[a:b],
                          span=(a, b), value_text=text[a:b]) for a, b in figures]
        rows.append(TableRow(number=None, cells={"task": Cell(text[ns:fe], (ns, fe)),
                                                 "responsible": Cell(text[ns:ne], (ns, ne))},
                             span=(ns, fe), header=[], inline=True, targets=targets))
    return rows


def _table(text: str, m: re.Match) -> list[TableRow]:
    r = _rules()
    pos = m.end()
    period = r["period"].match(text, pos)
    years = (int(period["y1"]), int(period["y2"] or period["y1"])) if period else None
    first_digit = _DIGIT.search(text, period.end() if period else pos, pos + r["max_head"] + 1)
    if first_digit is None:
        return []
    head = text[pos:first_digit.start()]
    if _PUNCT.search(head) or not _SECOND_ROW.match(text, first_digit.start()):
        return []  # (cheap tests first: a header with no sentence punctuation, a second row of name and figures)
    if years is None and not r["total"].search(head) and not r["bracket"].search(head) \
            and _measure_unit(text, m.start(), "") is None:
        return []
    name_at = _first_name(text, period.end() if period else pos, first_digit.start())
    if name_at is None:
        return []
    columns = text[period.end() if period else pos:name_at]
    if not re.search(r"[\u4e00-\u9fff]", columns):
        return []
    total = _total_side(columns)
    if total is None and r["single"].fullmatch(re.sub(r"[ \u3000\t\n]", "", columns)):
        total = "single"  # one value column: a glued run is one figure
    unit = _measure_unit(text, m.start(), columns)
    if years is None and total is None and unit is None:
        return []  # a header states a year, a total column or a measure unit ("各乡镇人民政府和…" is none)
    header = [m.group(), text[pos:name_at]]
    rows: list[TableRow] = []
    runs: list = []  # (name match, figures match, name) of the data rows
    total_run = None  # the total row's figures
    at = name_at
    while True:
        nm = r["name"].match(text, at)
        if nm is None:
            break
        name = nm.group().strip()
        fig = r["figures"].match(text, nm.end())
        if fig is None or not name:
            break
        is_total = bool(r["total_row"].fullmatch(name))
        if not is_total and not _is_name(name):
            break
        if not is_total:
            rows.append(_row(text, nm, fig, name, total, unit, years, header))
            runs.append((nm, fig, name))
        elif total_run is None:
            total_run = fig.group().strip(" \u3000\t\n")
        at = fig.end()
    if len(rows) < r["min_rows"]:
        return []
    if total is None and total_run and all(not row.targets for row in rows):
        rows = _by_sums(text, runs, total_run, unit, years, header) or rows  # rule column_sums
    return rows


def _by_sums(text, runs, total_run, unit, years, header) -> list[TableRow]:
    """The rows again, their glued runs split by the total row's column sums (rule
    ``quota_table.column_sums``); [] when a run is spaced or the sums decide no single split."""
    from extract.structure.tables.quota_sums import split_by_sums

    digits = [fig.group().strip(" \u3000\t\n") for _, fig, _ in runs]
    if not all(d.isdigit() and d.isascii() for d in [*digits, total_run]):
        return []
    c = _rules()["column_sums"]
    solved = split_by_sums(digits, total_run, _rules()["max_columns"], c["max_digits"], c["budget"])
    if solved is None:
        return []
    return [_row(text, nm, fig, name, None, unit, years, header, cuts=list(zip(b, b[1:])))
            for (nm, fig, name), b in zip(runs, solved[2])]


def _first_name(text: str, start: int, end: int) -> Optional[int]:
    """Where the first row's name starts in ``text[start:end]`` (the header's column names, then
    the name glued or after a space): the longest ending that is a division, else a unit name."""
    seg = text[start:end].rstrip(" \u3000\t\n")
    stop = start + len(seg)
    space = max(seg.rfind(" "), seg.rfind("\u3000"), seg.rfind("\n"))
    if space >= 0 and _is_name(seg[space + 1:]):
        return start + space + 1
    for test in (is_division, _rules()["township"].fullmatch, is_unit_name):
        for k in range(start + 1, stop - 1):  # longest first, leaving a column name before it
            if test(text[k:stop]):
                return k
    return None


def _total_side(columns: str) -> Optional[str]:
    """"first" or "last" when a total column opens or closes the value columns, else None."""
    t = _rules()["total"].search(columns)
    if t is None:
        return None
    before = re.sub(r"[\s\u3000]", "", _rules()["period"].sub("", columns[:t.start()]))
    after = re.sub(r"[\s\u3000]", "", columns[t.end():])
    if not before and after:
        return "first"
    if before and not after:
        return "last"
    return None


def _measure_unit(text: str, header_start: int, columns: str) -> Optional[str]:
    """The table's measure unit: a bracket in the header ("（亩）") or a caption right before it."""
    b = _rules()["bracket"].search(columns)
    if b:
        return b["unit"]
    window = text[max(0, header_start - _rules()["caption_window"]):header_start].rstrip(" \u3000\t")
    c = _rules()["caption"].search(window)
    return c["unit"] if c else None


def split_figures(digits: str, total: Optional[str], max_columns: int) -> Optional[list[tuple[int, int]]]:
    """The (start, end) cells of a run of glued figures when exactly one split into 2 … max_columns
    cells (no leading zero) makes the total cell (``total``: "first"/"last") the sum of the others;
    None otherwise."""
    if total not in ("first", "last") or len(digits) > _rules()["max_glued"]:
        return None
    found = []
    for k in range(2, max_columns + 1):
        for cuts in combinations(range(1, len(digits)), k - 1):
            bounds = list(zip((0, *cuts), (*cuts, len(digits))))
            parts = [digits[a:b] for a, b in bounds]
            if any(_bad(p) for p in parts):
                continue
            values = [float(p) for p in parts]
            tot, rest = (values[0], values[1:]) if total == "first" else (values[-1], values[:-1])
            if abs(tot - sum(rest)) < 1e-6:
                found.append(bounds)
                if len(found) > 1:
                    return None
    return found[0] if found else None


def _number(s: str) -> bool:
    return not _bad(s) and bool(re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", s))


def _bad(part: str) -> bool:
    return (part.startswith("0") and not part.startswith("0.")) or part.startswith(".") or part.endswith(".") \
        or part.count(".") > 1


def _row(text, nm, fig, name, total, unit, years, header, cuts=None) -> TableRow:
    name_start = nm.start() + len(nm.group()) - len(nm.group().lstrip())
    lead = len(fig.group()) - len(fig.group().lstrip(" \u3000\t\n"))
    figures, fig_start = fig.group()[lead:], fig.start() + lead
    if lead or re.search(r"[ \u3000\t\n]", figures):  # a spaced row: every figure is a cell
        cells = [(a.start(), a.end()) for a in re.finditer(r"[0-9.]+", figures)]
    else:
        cells = (cuts if cuts is not None else [(0, len(figures))] if total == "single" and _number(figures)
                 else split_figures(figures, total, _rules()["max_columns"]) or [])  # ambiguous: no figure read
    values = [(figures[a:b], fig_start + a, fig_start + b) for a, b in cells]
    if total in ("first", "last") and len(values) == 2 and float(values[0][0]) == float(values[1][0]):
        values = values[:1] if total == "first" else values[1:]  # the total is the one filled cell
    targets = [Target(indicator=header[1].strip(), value=float(v), unit=unit, comparator="=", text=v, span=(s, e),
                      year=None if years is None or years[0] != years[1] else years[1],
                      period=years if years and years[0] != years[1] else None, value_text=v)
               for v, s, e in values]
    row_cell = Cell(text[name_start:fig.end()], (name_start, fig.end()))
    return TableRow(number=None, cells={"task": row_cell, "responsible": Cell(name, (name_start, name_start + len(name)))},
                    span=(name_start, fig.end()), header=header, inline=True, targets=targets)


def quota_block_rows(block) -> list[TableRow]:
    """Rows of a pipe or HTML per-unit quota table (one block of ``pipe_blocks``/``html_blocks``): the
    header's first cell (after a 序号 column) a unit column (rule ``unit_header``, or 地区/单位), at least one
    other column a year, a period or a quantity headed by a year ("2019—2021年任务（亩）", "2024年", "小计"),
    rows opening with a unit's name; each row a task of its unit with its bare figures as targets (unit:
    the cell's or the header's bracket or the caption; year: the column's, else the header's period)."""
    r = _rules()
    if len(block) < 1 + r["min_rows"]:
        return []
    header = [c.text.strip() for c in block[0][1]]
    col = 1 if header and re.fullmatch(r"序号|编号", header[0]) else 0
    if col >= len(header) or not r["block_unit"].fullmatch(re.sub(r"\s+", "", header[col])):
        return []
    value_cols = [c for c in range(col + 1, len(header)) if r["period"].search(header[c]) or r["total"].search(header[c])
                  or r["bracket"].search(header[c])]
    if not value_cols:
        return []
    years = {c: _years(header[c]) for c in value_cols}
    spanned = next((y for y in years.values() if y), None)
    rows: list[TableRow] = []
    for span, cells in block[1:]:
        if col >= len(cells):
            continue
        name = cells[col].text.strip()
        if not name or r["total_row"].fullmatch(name) or not _is_name(name):
            continue
        targets = []
        for c in value_cols:
            if c >= len(cells):
                continue
            m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*", cells[c].text)
            if m is None:
                continue
            b = r["bracket"].search(header[c]) or r["bracket"].search(" ".join(header))
            y = years[c] or spanned
            at = cells[c].span[0] + m.start(1)
            targets.append(Target(indicator=re.sub(r"\s+", "", header[c]), value=float(m.group(1)),
                                  unit=b["unit"] if b else None, comparator="=", text=m.group(1), span=(at, at + len(m.group(1))),
                                  year=y[1] if y and y[0] == y[1] else None, period=y if y and y[0] != y[1] else None,
                                  value_text=m.group(1)))
        unit_cell = cells[col]
        start = unit_cell.span[0] + len(unit_cell.text) - len(unit_cell.text.lstrip())
        rows.append(TableRow(number=None, span=span, header=header, targets=targets,
                             cells={"task": Cell(name, (start, start + len(name))),
                                    "responsible": Cell(name, (start, start + len(name)))}))
    return rows if len(rows) >= r["min_rows"] else []


def _years(header: str) -> Optional[tuple[int, int]]:
    m = _rules()["period"].search(header)
    return (int(m["y1"]), int(m["y2"] or m["y1"])) if m else None
