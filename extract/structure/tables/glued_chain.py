"""The department cell of a glued task-table row read backwards from its time limit.

In a glued table whose department column is followed by a time column ("序号工作任务负责单位
时间进度备注"), a row is its number, the task, the unit list and the time limit run together:
"3发挥社区服务中心…的养老服务功能市民政局（牵头）、市住房城乡规划建设局、市老龄办会同市卫生局、
市体育局等相关部门和各区市县人民政府、园区管委会2014年4季度出台具体措施".  The task may hold
sentence ends and 、 lists of its own, so the cell is found from its right end: the time limit
(a deadline opening, rule ``glued_table.deadline_start``, with at most ``chain.max_tail``
characters after it), then, leftwards, the names between the list's joiners as long as each is
name-shaped (a unit suffix, optionally a role bracket "（牵头）" and "等相关部门", at most
``chain.max_name`` characters, no character of running text ``chain.not_in_name``); the piece
where that stops holds the end of the task and the first name, which starts at the last place
where the names' common opening (the level word most of the other names open with, "市") or a
gazetteer name begins.  ``chain_cell(text, body, end)`` returns (cell start, cell end) or None.
Pure; linear in the row.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from extract.rules.loader import gazetteer_files
from extract.structure.tables.cells import table_rules


@lru_cache(maxsize=1)
def _rules() -> dict:
    g = table_rules()["glued_table"]
    r = g["chain"]
    suffixes = sorted(table_rules()["dept_suffixes"], key=len, reverse=True)
    suffix = "(?:" + "|".join(map(re.escape, suffixes)) + ")"
    role = r"(?:[（(](?:" + r["role_words"] + r")[）)])?"
    tail = "(?:" + r["group_tail"] + ")?"
    bracket = r"[（(][\u4e00-\u9fff、]{1,12}[）)]"  # "各县（市、区）人民政府", "（市委网信办）"
    name = r"(?:[\u4e00-\u9fff]|%s){1,%d}?" % (bracket, int(r["max_name"])) + suffix + "(?:%s)?" % bracket + role + tail
    return {
        "deadline": re.compile(g["deadline_start"]),
        "max_tail": int(r["max_tail"]),
        "name": re.compile(name),
        "opener": re.compile(r["opener"]),
        "not_in_name": re.compile(r["not_in_name"]),
        "joiner": re.compile(r["joiner"]),
        "heading_tail": re.compile(r["heading_tail"]),
        "inner": set(r["inner_joiners"]),
        "max_name": int(r["max_name"]),
        "after_table": tuple(g["mid_column"]["not_after"]),
        "min_first": int(r["min_first"]),
        "short_name": int(r["short_name"]),
        "max_first": int(r["max_first"]),
        "sentence_end": re.compile(r"[。；;！？]"),
        "role_tail": re.compile(role + tail + "$"),
        "not_opening": re.compile(r["not_opening"]),
        "brackets": re.compile(r"[（(][^（）()]*[）)]|" + tail + "$"),
    }


def _name_shaped(piece: str) -> bool:
    r = _rules()
    return bool(r["name"].fullmatch(piece)) and not r["not_in_name"].search(piece)


def _whole_name(piece: str) -> bool:
    """A piece between two joiners is a whole name: name-shaped, and short or opening with an opener
    (a longer piece is the end of the task run into the first name)."""
    r = _rules()
    return _name_shaped(piece) and (len(piece) <= r["short_name"] or bool(r["opener"].match(piece)))


def _inside_name(text: str, left: int, m: re.Match, right: int) -> bool:
    """和/及/与 stands inside one name ("市经济和信息化委"): the part before it is no whole name,
    the whole is."""
    return not _whole_name(text[left:m.start()]) and _whole_name(text[left:right])


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    """Names of the department gazetteer (labels and aliases, read as data), two characters or more."""
    names = set()
    for entry in (e for gazetteer in gazetteer_files() for e in gazetteer.get("departments") or []):
        names.update([entry["label"], *entry.get("aliases", []), *entry.get("local_aliases", [])])
    return frozenset(n for n in names if len(n) >= 2)


def _known_wider(text: str, lo: int, k: int, end: int) -> int:
    """The start of the longest gazetteer name that ends at ``end`` and starts before ``k`` ("团市委"
    where the opener found "市委"), else ``k``."""
    known = _known_names()
    for j in range(max(lo, end - 16), k):
        if text[j:end] in known:
            return j
    return k


def chain_cell(text: str, body: int, end: int) -> Optional[tuple[int, int]]:
    """(start, end) of the department cell of the glued row ``text[body:end]`` whose time limit
    closes it (see module doc), or None when no name-shaped list ends at a time limit."""
    r = _rules()
    for word in r["after_table"]:  # what follows the last row ("附件：", "来源：")
        k = text.find(word, body + 4, end)
        end = k if k >= 0 else end
    h = r["heading_tail"].search(text, body, end)  # a group heading glued to the row's end
    stop = h.start() if h else end
    for d in r["deadline"].finditer(text, max(body + 4, stop - r["max_tail"]), stop):
        cell = _chain_before(text, body, d.start())
        if cell is not None:
            return cell
    return None


def _chain_before(text: str, body: int, at: int) -> Optional[tuple[int, int]]:
    """The unit list ending at ``at``: its name-shaped pieces, leftwards, then the first name."""
    r = _rules()
    pieces: list[tuple[int, int]] = []  # (start, end) of the whole names, right to left
    right = at
    joiners = [m for m in r["joiner"].finditer(text, body, at) if not _in_bracket(text, body, m.start())]
    for k in range(len(joiners) - 1, -1, -1):
        m = joiners[k]
        if m.end() >= right:
            continue
        if m.group() in r["inner"] and _inside_name(text, joiners[k - 1].end() if k else body, m, right):
            continue
        if _whole_name(text[m.end():right]):
            pieces.append((m.end(), right))
            right = m.start()
        elif m.group() not in r["inner"] or right - m.end() > r["max_name"]:
            break  # (和/及 may stand inside a name: "市经济和信息化委" is tried whole)
    # text[body:right] ends with the first name (or is a whole name of the list when the list
    # stopped at a joiner inside a name, "市经济和信息化委": then it is searched the same way)
    first = _first_name(text, body, right, [text[a:b] for a, b in pieces])
    if first is None:
        return None
    return (first, at)


def _in_bracket(text: str, body: int, at: int) -> bool:
    """Whether ``at`` stands inside a bracket opened after ``body`` ("各县（市、区）人民政府")."""
    depth = 0
    for ch in text[max(body, at - 12):at]:
        depth += ch in "（(" and 1 or (-1 if ch in "）)" and depth > 0 else 0)
    return depth > 0


def _first_name(text: str, body: int, right: int, others: list[str]) -> Optional[int]:
    """Start of the name that ends at ``right``, glued to the end of the task before it: right after
    the task's last sentence end when the rest is one name; else the last
    place after which the rest is name-shaped and opens like most other names of the list (their
    common first character, when two or more share it), else like an opener, widened to a gazetteer
    name that ends there and starts before it ("团市委"); None when that name is longer than
    ``chain.max_first`` (the task's end is then not told from the name)."""
    r = _rules()
    lo = max(body + 1, right - r["max_name"] - 8)
    ends = [m.end() for m in r["sentence_end"].finditer(text, lo, right)]
    if ends and _name_shaped(text[ends[-1]:right]) \
            and len(r["brackets"].sub("", text[ends[-1]:right])) <= r["max_first"]:
        return ends[-1]  # the task's last sentence ends where the name begins ("…创新服务。人行广安市中心支行")
    shared = [c for c, n in Counter(p[0] for p in others).most_common(1) if n >= 2]
    for opener in shared + [None]:
        k = _opening(text, lo, right, opener)
        if k is not None:
            core = r["role_tail"].sub("", text[k:right])
            k = _known_wider(text, lo, k, k + len(core))
            core = r["brackets"].sub("", text[k:right])  # (its length without brackets)
            return k if len(core) <= r["max_first"] else None
    return None


def _opening(text: str, lo: int, right: int, opener: Optional[str]) -> Optional[int]:
    """The last place in ``text[lo:right]`` after which the rest is name-shaped and opens with
    ``opener`` (a character), or with a rule opener when ``opener`` is None; no level word that
    opens a word ("市场", "区域")."""
    r = _rules()
    for k in range(right - r["min_first"], lo - 1, -1):
        if (text[k] == opener if opener is not None else bool(r["opener"].match(text, k))) \
                and not r["not_opening"].match(text, k) and _name_shaped(text[k:right]):
            return k
    return None
