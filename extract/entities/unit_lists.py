"""Brackets and lists of unit names, with clean-text spans.

``split_top(s, offset, seps)`` splits at separators outside brackets;
``names(s, offset)`` reads "A、B和C等" into ``[(name, span), …]`` (levels
joined: "各设区市、县（市、区）人民政府"; spaces, 和/及 and run-together units
split where the rules say; 等/prefixes/work-share brackets dropped);
``parentheticals(text, start, end, max_length)`` yields the top-level bracketed
spans.  Rules: ``brackets``, ``strip_suffixes``, ``strip_prefixes``,
``trailing_group``, ``space_separated``, ``level_item``, ``conjoined``,
``glued_units`` and ``scope_bracket`` in ``extract/rules/assignments.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Optional

from extract.memo import LIMIT, document_memo, offset_memo
from extract.rules.loader import load_rules
from extract.entities.unit_shape import glued_opening, glued_verb

Name = tuple[str, tuple[int, int]]  # (name, clean span)
_BRACKETS = load_rules("assignments.yaml")["brackets"]
OPEN = _BRACKETS["open"]  # （…）, (…), 【责任单位：…】, 〔…〕
CLOSE = _BRACKETS["close"]
_OPEN_RE = re.compile("[" + OPEN + "]")
_BRACKET_RE = re.compile("[" + "".join(map(re.escape, dict.fromkeys(OPEN + CLOSE))) + "]")
_SPACES = re.compile(r"\s+")
_NONSPACE = re.compile(r"\S+")


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = load_rules("assignments.yaml")
    return {
        "suffixes": sorted(r["strip_suffixes"], key=len, reverse=True),
        "any_suffix": tuple(r["strip_suffixes"]),
        "prefixes": r["strip_prefixes"],
        "any_prefix": tuple(r["strip_prefixes"]),
        "trailing_group": re.compile(r["trailing_group"]["pattern"]),
        "unit_end": re.compile(r["space_separated"]["unit_end"]),
        "min_part": int(r["space_separated"]["min_part"]),
        "level_start": re.compile(r["space_separated"]["level_start"]),
        "level_item": re.compile(r["level_item"]["pattern"]),
        "level_own_group": re.compile(r["level_item"]["own_group"]),
        "joiners": re.compile("|".join(map(re.escape, sorted(r["conjoined"]["joiners"], key=len, reverse=True)))),
        "joined_end": re.compile(r["conjoined"]["unit_end"]),
        "joined_min": int(r["conjoined"]["min_left"]),
        "joined_group": re.compile(r["conjoined"]["group_right"]),
        "type_pair": re.compile(r["conjoined"]["type_pair"]),
        "type_joiners": frozenset(r["conjoined"]["type_joiners"]),
        "kind_after": re.compile(r["conjoined"]["kind_after"]),
        "type_joiner": re.compile("|".join(map(re.escape, r["conjoined"]["type_joiners"]))),
        "type_compounds": tuple(r["conjoined"].get("type_compounds", ())),
        "type_organ": re.compile(r["conjoined"]["type_organ"]),
        "collective": frozenset(r["conjoined"].get("collective", [])),
        "collective_note": re.compile(r["conjoined"].get("collective_note") or "(?!)"),
        "glued_cut": re.compile(r["glued_units"]["cut"]),
        "glued_min": int(r["glued_units"]["min_part"]),
        "scope_bracket": re.compile(r["scope_bracket"]["pattern"]),
        "subpoint_ref": re.compile(r["subpoint_ref"]["pattern"]),
        "lead_in": re.compile(r["lead_in"]["pattern"]),
        "head_item": re.compile(r["group_head_item"]["pattern"]),
        "head_group": re.compile(r["group_head_item"]["group"]),
    }


def unit_shaped(name: str) -> bool:
    """``name`` ends like a unit and is long enough to stand alone beside a joiner (rule ``conjoined``)."""
    r = _rules()
    return len(name) >= r["joined_min"] and bool(r["joined_end"].search(name))


def generic_group(name: str) -> bool:
    """``name`` is a generic group that may follow a type name and a joiner ("其他有关部门" of
    "审计及其他有关部门"; rule ``conjoined.group_right``)."""
    return bool(_rules()["joined_group"].match(name))


def strip_prefixes() -> list[str]:
    """Words removed from the start of a listed name (由, 请 …)."""
    return _rules()["prefixes"]


def lead_in(s: str) -> int:
    """The length of a heading glued before a "由X…" list ("巡查阶段（9月27日-28日）由…",
    rule ``lead_in``), 0 when there is none."""
    m = _rules()["lead_in"].match(s)
    return m.end() if m else 0


def split_top(s: str, offset: int, seps: str) -> list[tuple[str, int]]:
    """Split on separators outside brackets; return (piece, absolute start)."""
    if _BRACKET_RE.search(s) is None:  # (no bracket: every separator splits, in one call)
        out = []
        for piece in _seps(seps).split(s):
            out.append((piece, offset))
            offset += len(piece) + 1
        return out
    out = []
    depth = 0
    start = 0
    for m in _stops(seps).finditer(s):  # only the brackets and separators, not every character
        i, ch = m.start(), m.group()
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append((s[start:i], offset + start))
            start = i + 1
    out.append((s[start:], offset + start))
    return out


@lru_cache(maxsize=64)
def _seps(seps: str) -> re.Pattern:
    """One character of ``seps`` (what ``split_top`` cuts at where ``s`` holds no bracket)."""
    return re.compile("[" + "".join(re.escape(c) for c in dict.fromkeys(seps)) + "]") if seps else re.compile("(?!)")


@lru_cache(maxsize=64)
def _stops(seps: str) -> re.Pattern:
    """One character of ``OPEN``, ``CLOSE`` or ``seps`` (what ``split_top`` looks at)."""
    return re.compile("[" + "".join(re.escape(c) for c in dict.fromkeys(OPEN + CLOSE + seps)) + "]")


@offset_memo(kept=True)  # (a list is read again and again: by several readers, a document's two readings, and
# the documents of a corpus name the same units: remembered across documents)
def names(s: str, offset: int) -> list[Name]:
    """Department names in a list "A、B和C等" with spans."""
    r = _rules()
    names: list[Name] = []
    pieces = _join_levels(s, offset, split_top(s, offset, "、，,；;/"))
    for piece, pos in _glued_split(_conjoined_split(_space_split(_ref_split(pieces)))):
        lead_ws = len(piece) - len(piece.lstrip())
        name = piece.strip()
        pos += lead_ws
        for p in r["prefixes"] if name.startswith(r["any_prefix"]) else ():
            if name.startswith(p) and len(name) > len(p) + 1:
                name, pos = name[len(p):], pos + len(p)
        glue = glued_opening(name)  # "工作要求地方各级…": the unit starts at its head (rule glued_opening)
        name, pos = name[glue:], pos + glue
        if glued_verb(name):  # "配合有关部门": the object of a verb, no unit of the list
            continue
        m = r["trailing_group"].match(name)
        if m:
            names.append((m["name"], (pos, pos + len(m["name"]))))
            g = m["group"]
            gpos = pos + m.start("group")
            names.append((g, (gpos, gpos + len(g))))
            continue
        if name in r["suffixes"]:  # a stray joiner before the closing 等 ("规划局、等按职责分工负责"): no unit
            continue
        for suf in r["suffixes"] if name.endswith(r["any_suffix"]) else ():
            if name.endswith(suf) and len(name) > len(suf):
                name = name[: -len(suf)].rstrip()
                break
        scope = r["scope_bracket"].search(name)  # "省交通运输厅（其他交通运输项目）"
        if scope and scope.start() > 1:
            name = name[:scope.start()].rstrip()
        written = len(name)  # "市 科技局": the span covers the spaces
        name = _SPACES.sub("", name)
        if names and r["head_item"].match(name) and r["head_group"].match(names[-1][0]):
            (prev, (start, _)) = names.pop()  # "相关处室、单位": one group (rule group_head_item)
            names.append((_SPACES.sub("", s[start - offset:pos + written - offset]), (start, pos + written)))
        elif name:
            names.append((name, (pos, pos + written)))
    return names


def _join_levels(s: str, offset: int, pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Join an item that is only a level word ("各设区市", "市") to the item
    after it: "各设区市、县（市、区）人民政府" is one group (rule ``level_item``)."""
    level = _rules()["level_item"]
    out: list[tuple[str, int]] = []
    pending: Optional[int] = None  # start of a run of level words
    for i, (piece, pos) in enumerate(pieces):
        start = pos if pending is None else pending
        if level.match(piece.strip()) and i + 1 < len(pieces) and not _rules()["level_own_group"].match(pieces[i + 1][0]):
            pending = start
            continue
        end = pos + len(piece)
        out.append((s[start - offset:end - offset], start))
        pending = None
    return out


def _space_split(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Split "市发改委 市科技局" at its spaces when every part ends like a
    unit (see ``space_separated`` in the rules); keep "市 发改委" whole."""
    unit_end, min_part = _rules()["unit_end"], _rules()["min_part"]
    out = []
    for piece, pos in pieces:
        if not _SPACES.search(piece):  # (one part at most)
            out.append((piece, pos))
            continue
        parts = [(m.group(), pos + m.start()) for m in _NONSPACE.finditer(piece)]
        if len(parts) > 1 and all(unit_end.search(p.rstrip("等")) and (len(p) >= min_part or _leveled(parts, i))
                                  for i, (p, _) in enumerate(parts)):
            out.extend(parts)
        else:
            out.append((piece, pos))
    return out


def _leveled(parts: list[tuple[str, int]], i: int) -> bool:
    """Part ``i`` and the parts next to it open with a level word ("区经济与发展局 区办")."""
    level = _rules()["level_start"]
    return all(level.match(p) for p, _ in parts[max(0, i - 1):i + 2])


def _conjoined_split(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Split "各区市县政府及园区管委会" at its joiner when both sides end like a
    unit (rule ``conjoined``); "省工业和信息化厅" stays whole."""
    r = _rules()
    unit, min_left, collective, group = r["joined_end"], r["joined_min"], r["collective"], r["joined_group"]

    def is_unit(part: str) -> bool:  # (a collective with a note in brackets too: "各街镇（工业区）", rule collective_note)
        return part in collective or (len(part) >= min_left and bool(unit.search(part))) or (
            r["collective_note"].sub("", part) in collective)
    out = []
    for i, (piece, pos) in enumerate(pieces):
        cut = 0  # start of the part not yet split off
        for m in r["joiners"].finditer(piece):
            left = piece[cut:m.start()].strip().rstrip("等")
            right = piece[m.end():].strip().rstrip("等")
            if (is_unit(left) or len(left) > 1 and group.match(right)) and is_unit(right) or _type_pair(
                    left, m.group(), right) and (i > 0 or bool(unit.search(right))):  # (a later item of a list, or
                # a right side that ends like a unit: "公路和水利部门"; not a heading's "预防和预警信息区气象、…")
                out.append((piece[cut:m.start()], pos + cut))
                cut = m.end()
        out.append((piece[cut:], pos + cut))
    return out


def _type_pair(left: str, joiner: str, right: str) -> bool:
    """Two bare department types joined by 和/及 ("民政和老龄工作机构", "自然资源和电力"), not one type a known name
    holds ("自然资源和规划") (rule ``conjoined.type_pair``)."""
    r = _rules()
    right = r["kind_after"].sub("", right)  # ("自然资源和电力等部门": the list's kind word after 等, rule conjoined.kind_after)
    if joiner not in r["type_joiners"] or not (r["type_pair"].match(left) and r["type_pair"].match(right)) or r[
            "type_organ"].match(right):
        return False
    return f"{left[-2:]}{joiner}{right[:2]}" not in _joined_types()


@lru_cache(maxsize=None)
def _joined_types() -> frozenset[str]:
    """"A和BB" windows (two characters either side of 和/及) of the known names and standard stems: the pairs that
    are one type ("源和规", "房和城", "展和改")."""
    from extract.entities.departments import _known_names
    from extract.entities.standard_names import rules as standard_rules
    out = set()
    for name in (*_known_names(), *standard_rules()["stems"], *_rules()["type_compounds"]):
        for m in _rules()["type_joiner"].finditer(name):
            out.add(name[max(0, m.start() - 2):m.end() + 2])
    return frozenset(out)


def _ref_split(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Drop the sub-point references of a table cell ("区效能办（1-2）"), cutting a piece where
    one ends before a glued next unit (rule ``subpoint_ref``)."""
    rx = _rules()["subpoint_ref"]
    out = []
    for piece, pos in pieces:
        if "）" not in piece and ")" not in piece:
            out.append((piece, pos))
            continue
        cut = 0
        for m in rx.finditer(piece):
            if m.start() > cut:
                out.append((piece[cut:m.start()], pos + cut))
            cut = m.end()
        if cut == 0 or piece[cut:].strip():
            out.append((piece[cut:], pos + cut))
    return out


def _glued_split(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Cut "区经发局区环土局" into two units (rule ``glued_units``)."""
    r = _rules()
    out = []
    for piece, pos in pieces:
        cut = 0
        stripped = piece.rstrip()
        for m in r["glued_cut"].finditer(stripped):
            left = stripped[cut:m.start()].strip()
            if len(left) >= r["glued_min"] and len(stripped) - m.start() >= r["glued_min"]:
                out.append((piece[cut:m.start()], pos + cut))
                cut = m.start()
        out.append((piece[cut:], pos + cut))
    return out


def parentheticals(text: str, start: int, end: int, max_length: int):
    """Top-level bracketed spans ``(open, close+1)`` in ``text[start:end]``."""
    if len(text) >= _INDEXED:  # (a document's text, read item by item: its brackets found once)
        yield from _indexed_parentheticals(_bracket_index(text), start, end, max_length)
        return
    i = start
    while i < end:
        j = _next_open(text, i, end)
        if j == -1:
            return
        depth = 0
        k = -1
        for b in _BRACKET_RE.finditer(text, j, min(end, j + max_length)):  # (the brackets only)
            if b.group() in OPEN:
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    k = b.start()
                    break
        if k >= 0:
            yield j, k + 1
            i = k + 1
        else:
            i = j + 1


def _next_open(text: str, i: int, end: int) -> int:
    m = _OPEN_RE.search(text, i, end)
    return m.start() if m else -1


_INDEXED = 2000  # texts at least this long: their brackets are indexed once (per document, memo below)
_BRACKET_INDEX = document_memo()


def _bracket_index(text: str) -> tuple[list[int], list[int], list[bool]]:
    """(positions of the opening brackets, positions of every bracket, whether each of these opens) of ``text``."""
    got = _BRACKET_INDEX.get(text)
    if got is None:
        brackets = [(m.start(), m.group() in OPEN) for m in _BRACKET_RE.finditer(text)]
        got = ([m.start() for m in _OPEN_RE.finditer(text)], [b for b, _ in brackets], [o for _, o in brackets])
        if len(_BRACKET_INDEX) >= LIMIT:
            _BRACKET_INDEX.clear()
        _BRACKET_INDEX[text] = got
    return got


def _indexed_parentheticals(index, start: int, end: int, max_length: int):
    """``parentheticals`` read from a text's bracket index (the same spans)."""
    opens, at, opening = index
    i = start
    while i < end:
        n = bisect_left(opens, i)
        if n == len(opens) or opens[n] >= end:
            return
        j = opens[n]
        limit = min(end, j + max_length)
        depth = 0
        k = -1
        for b in range(bisect_left(at, j), len(at)):
            if at[b] >= limit:
                break
            if opening[b]:
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    k = at[b]
                    break
        if k >= 0:
            yield j, k + 1
            i = k + 1
        else:
            i = j + 1
