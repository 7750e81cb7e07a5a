"""Which names count as units inside a department-first list (rule ``duty_lists.unit_heads``, issue 7 family 6):
the recogniser widened by the list's own entries.

``listed_accept(text, start, end, accept)`` -> a recogniser that also takes the entry names of a list of at least
``sibling_min`` entries "X：…" in ``text[start:end]`` (and, rule ``unit_heads.listed_duty``, of lines "X负责…");
``sibling_accept`` the same over item ``i``'s siblings; ``opens_own(text, items, i, ends, accept)`` whether item ``i``
opens with its own unit.  Pure functions, no exceptions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from extract.structure.unit_heads import _rule, _work


def _heading_scopes():
    """:mod:`extract.structure.heading_scopes` (it imports :mod:`~extract.structure.duties`, imported late as ``_duties``)."""
    from extract.structure import heading_scopes

    return heading_scopes

__all__ = ["listed_accept", "opens_own", "sibling_accept"]

_LISTED = re.compile(r"(?:^|(?<=[\n。；;]))[ \t\u3000]*(?:[（(][0-9]{1,2}[）)]|[0-9]{1,2}[.．、](?![0-9])|[（(]?[一二三四五六七八九十]{1,3}[）)、])?"
                     r"[ \t\u3000]*(?P<name>[^\s：:，,。；;（）()]{2,30}?)[：:]", re.MULTILINE)


@lru_cache(maxsize=256)  # (every item of a list asks for its siblings' region: one reading, one acceptor)
def listed_accept(text: str, start: int, end: int, accept: Callable[[str], bool]) -> Callable[[str], bool]:
    """Rule ``unit_heads.listed_min``: ``accept`` widened by the entries of a department-first list in ``text[start:end]``.
    When at least ``listed_min`` entries (a line, a sentence or a numbered item that opens with a name and a colon) name
    a unit ``accept`` takes, an entry's name that ``accept`` does not take is a unit too if it ends like an organ
    (``sibling_name``), no earlier part of its 、 list does (a list whose first words alone name no body is one unit,
    GOLD_GUIDE 5: "（14）澳前、岚城、金井湾片区开发管理局：配合做好…") and it states work after its colon: the list says
    what its entries are.  ``accept`` itself when the text holds no such list or no such entry."""
    r = _rule()
    if not r["enabled"] or r["listed_min"] <= 0:
        return accept
    if text.count("：", start, end) + text.count(":", start, end) < 2:
        return _duty_listed(text, start, end, accept, r)
    named, extra = 0, set()
    for m in _LISTED.finditer(text, start, end):
        name = m["name"]
        if accept(name):
            named += 1
        elif (r["sibling_name"].search(name) and not r["not_heads"].search(name) and _work(text, m.end(), end)
              and not any(accept(p) or r["sibling_name"].search(p) for p in name.split("、")[:-1])):
            extra.add(name)
    if named < r["listed_min"] or not extra:
        return accept
    return lambda n: n in extra or accept(n)


def _duty_listed(text: str, start: int, end: int, accept: Callable[[str], bool], r: dict) -> Callable[[str], bool]:
    """Rule ``unit_heads.listed_duty``: :func:`listed_accept` for a department-first list whose entries are lines (or
    clauses after 分号) opening with a name and its duty verb, no colon ("房管所负责…；\n综合行政执法队负责…；"): at least
    ``min`` entries name a unit ``accept`` takes, and an entry's name it does not take ends like an organ."""
    pat = r["listed_duty"]
    if pat is None or r["listed_duty_min"] <= 0:
        return accept
    named, extra = 0, set()
    for m in pat.finditer(text, start, end):
        name = m["name"]
        if accept(name):
            named += 1
        elif (r["sibling_name"].search(name) and not r["not_heads"].search(name) and not r["listed_duty_not"].search(name)
              and _work(text, m.end(), end) and not any(accept(p) or r["sibling_name"].search(p) for p in name.split("、")[:-1])):
            extra.add(name)
    if named < r["listed_duty_min"] or not extra:
        return accept
    return lambda n: n in extra or accept(n)


_ITEM_HEAD = re.compile(r"[ \t\u3000]*(?P<name>[^\s：:，,。；;（）()]{2,30}?)[：:]")


def opens_own(text: str, items: list, i: int, ends: list, accept: Callable[[str], bool]) -> bool:
    """Whether the sub-item ``items[i]`` of a unit heading names its own unit: a duty clause ("1.市财政局负责…",
    :func:`~extract.structure.duties.opens_with_unit`) or a unit's colon entry ("1.海渔处：负责…" under "（4）区农村发展局：",
    a division's duties: the heading's unit is not added)."""
    if _heading_scopes().opens_with_unit(text, items[i].head_start, ends[i], accept):
        return True
    m = _ITEM_HEAD.match(text, items[i].head_start, ends[i])
    return bool(m) and sibling_accept(text, items, i, ends, accept)(m["name"]) and _work(text, m.end(), ends[i])


def sibling_accept(text: str, items: list, i: int, ends: list, accept: Callable[[str], bool]) -> Callable[[str], bool]:
    """:func:`listed_accept` over the items numbered like ``items[i]`` under its parent: an entry's name the recogniser
    refuses reads the same whether a list's entries are numbered items or sentences run together in one."""
    item = items[i]
    m = _ITEM_HEAD.match(text, item.head_start, ends[i])  # (only an entry the recogniser refuses needs its siblings)
    if not m or accept(m["name"]) or not _rule()["sibling_name"].search(m["name"]):
        return accept
    kids = items[item.parent].children if item.parent is not None else range(len(items))
    kids = [k for k in kids if items[k].style == item.style and items[k].parent == item.parent]
    return listed_accept(text, items[kids[0]].start, ends[kids[-1]], accept) if kids else accept
