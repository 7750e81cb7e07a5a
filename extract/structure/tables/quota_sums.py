"""Glued figure runs of a per-unit quota table split by the sums its total row states.

A crawler that drops every cell separator turns a quota table into runs like
"屿头乡7072200707大练乡4042100404…南海乡5052150505合计335022510551501800215": each row is a unit's
name and its figures run together, and the header does not say where one figure ends.  When the
table closes with a total row (合计/总计: rule ``quota_table.total_row``), its run is the column sums:
a split of every row into k figures (no leading zero, at most ``column_sums.max_digits`` digits, k
from 2 to ``quota_table.max_columns``) whose column sums are the total row's figures decides them.
Such a split is taken only when it is the only one over every k; any other outcome (none, two or
more, or more than ``column_sums.budget`` steps of search) splits nothing.

``split_by_sums(runs, total, max_columns, max_digits, budget)`` is the search: (k, bounds of the
total's figures, bounds per run) or None.  ``summed_rows(text, is_name)`` reads such a table
backwards from its total row: rows "<name><digits>" whose names are units (a township, a division or
a unit-shaped name), the first name cut from the header glued before it (its length the one most
other names have, else the shortest unit ending); or, when the total row opens the table, forwards
from it.  A table whose split the sums do not decide (rounded figures: "各项数据采取四舍五入的办法计入")
gives its rows without figures when a unit column header stands right before its first row.  Pure functions; the search is bounded.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Callable, Optional

from extract.structure.tables.cells import table_rules

Split = tuple[tuple[int, ...], tuple[int, ...]]  # (figure values, cut positions 0 … len)


@lru_cache(maxsize=1)
def _rules() -> dict:
    q = table_rules()["quota_table"]
    r = q["column_sums"]
    return {
        "total": re.compile("(?:" + q["total_row"] + r")[ \u3000]*([0-9]+)(?![0-9.])"),
        "max_digits": int(r["max_digits"]),
        "budget": int(r["budget"]),
        "min_rows": int(r["min_rows"]),
        "max_columns": int(q["max_columns"]),
        "name_chars": re.compile(r"[\u4e00-\u9fff（）()、]"),
        "unsplit": re.compile(r["unsplit_rows"]["header"]) if r["unsplit_rows"]["enabled"] else None,
        "unsplit_window": int(r["unsplit_rows"]["window"]),
        "shares": r["shares"] if r["shares"]["enabled"] else None,
    }


def _splits(digits: str, k: int, max_digits: int) -> list[Split]:
    """Every split of ``digits`` into ``k`` figures with no leading zero and at most ``max_digits``
    digits each."""
    n = len(digits)
    out: list[Split] = []

    def cut(at: int, left: int, bounds: tuple[int, ...]) -> None:
        if digits[at] == "0":
            return
        if left == 1:
            if n - at <= max_digits:
                b = (*bounds, n)
                out.append((tuple(int(digits[b[i]:b[i + 1]]) for i in range(k)), b))
            return
        for e in range(at + 1, min(n - left + 1, at + max_digits) + 1):
            if n - e <= (left - 1) * max_digits:
                cut(e, left - 1, (*bounds, e))

    cut(0, k, (0,))
    return out


def _sums(choices: list[set[int]], cap: int) -> int:
    """The sums one value of each set can make, as a bit set (bit s: sum s), up to ``cap``."""
    mask = (1 << (cap + 1)) - 1
    acc = 1
    for values in choices:
        nxt = 0
        for v in values:
            nxt |= acc << v
        acc = nxt & mask
    return acc


def split_by_sums(runs: list[str], total: str, max_columns: int, max_digits: int,
                  budget: int) -> Optional[tuple[int, tuple[int, ...], list[tuple[int, ...]]]]:
    """(k, the total's cut positions, each run's cut positions) of the only split of every run
    into k figures whose column sums are the total's figures; None when there is none, more than
    one, or the search passes ``budget`` steps."""
    found = []
    steps = 0
    for k in range(2, max_columns + 1):
        if any(len(r) < k or len(r) > k * max_digits for r in (*runs, total)):
            continue
        cache = {r: _splits(r, k, max_digits) for r in set(runs)}
        per_run = [cache[r] for r in runs]
        totals = _splits(total, k, max_digits)
        steps += sum(len(s) for s in cache.values()) + len(totals)
        if not totals or any(not s for s in per_run):
            continue
        cap = max(max(t) for t, _ in totals)
        columns = [_sums([{v[j] for v, _ in s} for s in per_run], cap) for j in range(k)]
        for target, tb in totals:
            if any(not (columns[j] >> target[j]) & 1 for j in range(k)):
                continue  # a column total no choice of the rows' figures makes
            hit, used = _match(per_run, target, budget - steps)
            steps += used
            if steps > budget:
                return None
            if hit is None:
                continue
            if hit == "many":
                return None
            found.append((k, tb, hit))
            if len(found) > 1:
                return None
    return found[0] if len(found) == 1 else None


def split_by_shares(runs: list[str], total: str, max_columns: int, max_digits: int,
                    rule: dict) -> Optional[list[tuple[int, ...]]]:
    """Each run's cut positions of the only split of every run into k figures that allocates the
    total row's figures in proportion to the first column (rule ``column_sums.shares``): the runs'
    first figures sum exactly to the total's first figure, and every other figure is within
    ``tolerance`` of its share (first figure × column total ÷ first total); None when no split or more
    than one (over every k and every split of the total) does, or past ``budget`` steps."""
    tol, extra, budget = float(rule["tolerance"]), int(rule["total_extra_digits"]), int(rule["budget"])
    found = None
    steps = 0
    for k in range(2, max_columns + 1):
        if any(len(r) < k or len(r) > k * max_digits for r in runs):
            continue
        for totals, _ in _splits(total, k, max_digits + extra):
            steps += 1
            if totals[0] <= 0 or any(t > totals[0] for t in totals[1:]):
                continue  # (shares of a base: no column total exceeds the base's)
            picks = []
            for run in runs:
                fits = _share_splits(run, totals, max_digits, tol)
                steps += len(run)
                if len(fits) != 1:
                    break
                picks.append(fits[0])
            if steps > budget:
                return None
            if len(picks) != len(runs) or sum(int(run[:b[1]]) for run, b in zip(runs, picks)) != totals[0]:
                continue
            if found is not None:
                return None
            found = picks
    return found


def _share_splits(run: str, totals: tuple[int, ...], max_digits: int, tol: float) -> list[tuple[int, ...]]:
    """Cut positions of the splits of ``run`` whose figures after the first are each within ``tol``
    of the first figure's share of the column totals ``totals`` (first: the base)."""
    out = []
    k = len(totals)
    for e in range(1, min(max_digits, len(run) - k + 1) + 1):
        if run[0] == "0":
            break
        base = int(run[:e])
        want = [base * t / totals[0] for t in totals[1:]]

        def rest(at: int, j: int, bounds: tuple[int, ...]) -> None:
            if j == k - 1:
                if at == len(run):
                    out.append(bounds)
                return
            for f in range(at + 1, min(len(run), at + max_digits) + 1):
                if run[at] == "0" and f > at + 1:
                    break
                if abs(int(run[at:f]) - want[j]) <= tol:
                    rest(f, j + 1, (*bounds, f))

        rest(e, 0, (0, e))
    return out


def _match(per_run: list[list[Split]], target: tuple[int, ...], budget: int):
    """(the runs' cut positions whose values sum to ``target`` column by column, steps) — "many"
    when two choices do, None when none does (or past ``budget``)."""
    k = len(target)
    runs = [[(v, b) for v, b in s if all(x <= y for x, y in zip(v, target))] for s in per_run]
    steps = sum(len(s) for s in per_run)
    if any(not s for s in runs):
        return None, steps
    n = len(runs)
    after = [[1] * k for _ in range(n + 1)]  # per column: the sums runs i.. can still make
    for i in range(n - 1, -1, -1):
        after[i] = [_add({v[j] for v, _ in runs[i]}, after[i + 1][j], target[j]) for j in range(k)]
    states: dict[tuple[int, ...], tuple[int, tuple]] = {(0,) * k: (1, ())}
    for i, choices in enumerate(runs):
        nxt: dict[tuple[int, ...], tuple[int, tuple]] = {}
        rest = after[i + 1]
        for vec, (ways, path) in states.items():
            for values, bounds in choices:
                new = tuple(a + v for a, v in zip(vec, values))
                if any(x > y or not (rest[j] >> (y - x)) & 1 for j, (x, y) in enumerate(zip(new, target))):
                    continue
                steps += 1
                old = nxt.get(new)
                nxt[new] = (min(2, old[0] + ways), old[1]) if old else (ways, path + (bounds,))
        if steps > budget or not nxt:
            return None, steps
        states = nxt
    hit = states.get(target)
    if hit is None:
        return None, steps
    return ("many" if hit[0] > 1 else list(hit[1])), steps


def _add(values: set[int], sums: int, cap: int) -> int:
    """The sums of one of ``values`` and one sum of the bit set ``sums``, up to ``cap``."""
    acc = 0
    for v in values:
        acc |= sums << v
    return acc & ((1 << (cap + 1)) - 1)


def summed_rows(text: str, is_name: Callable[[str], bool]) -> list[tuple[tuple[int, int], tuple[int, int], list[tuple[int, int]]]]:
    """Rows of glued quota tables closed by a total row, read backwards from it: per row
    ((name start, name end), (digits start, digits end), figure spans), in text order; only
    tables whose split the total row decides (see module doc)."""
    r = _rules()
    out = []
    for m in r["total"].finditer(text):
        rows = _rows_before(text, m.start(), is_name)
        if len(rows) < r["min_rows"]:
            rows = _rows_after(text, m.end(), is_name)  # the total row opens the table
        if len(rows) < r["min_rows"]:
            continue
        runs = [text[a:b] for _, (a, b) in rows]
        solved = split_by_sums(runs, m.group(1), r["max_columns"], r["max_digits"], r["budget"])
        shares = None
        if solved is None and r["shares"] is not None:
            shares = split_by_shares(runs, m.group(1), r["max_columns"], r["max_digits"], r["shares"])
        if shares is not None:  # (rule column_sums.shares: the base column is a baseline, no target)
            for (name, (a, _)), bounds in zip(rows, shares):
                out.append((name, (a, a + bounds[-1]), [(a + bounds[i], a + bounds[i + 1]) for i in range(1, len(bounds) - 1)]))
            continue
        if solved is None:
            # (rounded figures whose sums miss the total by a few: the rows stand, each its unit's, without
            # figures, when a unit column header is glued right before the first row — rule column_sums.unsplit_rows)
            first = rows[0][0][0]
            if r["unsplit"] is not None and r["unsplit"].search(text, max(0, first - r["unsplit_window"]), first):
                out.extend((name, digits, []) for name, digits in rows)
            continue
        _, _, cuts = solved
        for (name, (a, _)), bounds in zip(rows, cuts):
            out.append((name, (a, a + bounds[-1]), [(a + bounds[i], a + bounds[i + 1]) for i in range(len(bounds) - 1)]))
    return out


def _rows_before(text: str, at: int, is_name: Callable[[str], bool]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(name span, digits span) of the "<name><digits>" rows that end at ``at``, in text order."""
    rows = []
    chars = _rules()["name_chars"]
    while True:
        d = at
        while d > 0 and text[d - 1].isdigit() and text[d - 1].isascii():
            d -= 1
        if d == at:
            break
        n = d
        while n > 0 and (chars.match(text, n - 1) or text[n - 1] in " \u3000"):
            n -= 1
        run = text[n:d]
        if run.strip() and is_name(run.strip()) and (n == 0 or text[n - 1].isdigit()):
            s = n + len(run) - len(run.lstrip(" \u3000"))
            rows.append(((s, s + len(run.strip())), (d, at)))
            at = n
            continue
        first = _first(text, n, d, [b - a for (a, b), _ in rows], is_name)
        if first is not None:
            rows.append(((first, d), (d, at)))
        break
    return rows[::-1]


def _rows_after(text: str, at: int, is_name: Callable[[str], bool]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(name span, digits span) of the "<name><digits>" rows that start at ``at`` (after a total row)."""
    rows = []
    chars = _rules()["name_chars"]
    while True:
        n = at
        while n < len(text) and text[n] in " \u3000":
            n += 1
        e = n
        while e < len(text) and chars.match(text, e):
            e += 1
        d = e
        while d < len(text) and text[d].isdigit() and text[d].isascii():
            d += 1
        if e == n or d == e or not is_name(text[n:e]) or (d < len(text) and text[d] == "."):
            break
        rows.append(((n, e), (e, d)))
        at = d
    return rows


def _first(text: str, start: int, end: int, lengths: list[int], is_name: Callable[[str], bool]) -> Optional[int]:
    """Start of the first row's name glued to the header before it: the ending as long as most
    other names when that is a name, else the shortest ending that is one."""
    common = Counter(lengths).most_common(1)
    if common and end - common[0][0] >= start and is_name(text[end - common[0][0]:end]):
        return end - common[0][0]
    for k in range(end - 2, start - 1, -1):
        if is_name(text[k:end]):
            return k
    return None
