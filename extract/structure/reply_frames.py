"""Reply frames (rule ``reply_frames`` in ``extract/rules/assignments.yaml``; issue 7 family 6).

A reply letter (国务院办公厅 … 办理情况的函, replies to proposals) answers each numbered request with a frame that
names the units who worked out the answer, at the start of a paragraph or sentence:
"发展改革委会同水利部研究提出了办理意见：…", "发展改革委意见：…", "证监会、发展改革委提出了以下意见：…".  The frame
is the item's assignment, read as a department-first label (GOLD_GUIDE "roles": 会同 → lead X, participants Y; no
会同 → responsible X); a unit of the answer's own sentences that states what it will do ("交通部将进行行业审查",
"水利部也表示将积极配合…") joins with the role of its words (配合/协助/参与 → participants, else responsible), the
strongest role kept (R2: lead > responsible > participants).

``reply_frames(text, start, end, accept)`` -> ``[assignment]`` or ``[]`` (the item reader ``reply_frames`` of rule
``reader-order``); only the item's own text before its first sub-item is read, so a heading over framed sub-items
("八、关于防灾…问题。" over "1.关于…问题。X会同Y研究提出了办理意见：…") is no task of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.duty_split import opening_unit
from extract.structure.prefilter import any_needed
from extract.structure.prose_units import accepted_units
from extract.structure.verb_roles import partner_units

__all__ = ["reply_frames"]

_ROLES = ("lead", "responsible", "participants")  # strongest first (GOLD_GUIDE R2)
_CLAUSE = re.compile(r"[^，,。；;\n]+")


@lru_cache(maxsize=1)
def _rule() -> dict:
    r = load_rules("assignments.yaml")["reply_frames"]
    frame = re.compile(r["pattern"])
    return {"enabled": bool(r["enabled"]), "frame": frame, "needs": any_needed([frame]), "own": re.compile(r["own"]),
            "with": re.compile(r["with"]), "not_units": re.compile(r["not_units"]),
            "sub_item": re.compile(r["sub_item"]), "name_max": int(r["name_max"])}


def _units(s: str, at: int, accept) -> list:
    r = _rule()
    return [n for n in accepted_units(s, at, accept) if not r["not_units"].search(n[0])]


def reply_frames(text: str, start: int, end: int, accept: Callable[[str], bool]) -> list[Assignment]:
    """The assignment the reply frame of ``text[start:end]`` states (the first frame of the item's own text), with
    the units of the answer's own-duty sentences; ``[]`` when the rule is off or no frame names a unit."""
    r = _rule()
    if not r["enabled"] or (r["needs"] is not None and not r["needs"](text, start, end)):  # (the words every frame holds)
        return []
    sub = r["sub_item"].search(text, start, end)  # (the item's own text: up to its first sub-item)
    own_end = sub.start() if sub else end
    m = r["frame"].search(text, start, own_end)
    while m is not None and not _units(m["list"], m.start("list"), accept):
        m = r["frame"].search(text, m.end(), own_end)
    if m is None:
        return []
    leads = _units(m["list"], m.start("list"), accept)
    partners = _units(m["with"], m.start("with"), accept) if m["with"] else []
    a = Assignment(span=(m.start("list"), m.end()))
    if partners:
        a.lead, a.participants = leads, [p for p in partners if p not in leads]
    else:
        a.responsible = leads
    nxt = r["frame"].search(text, m.end(), end)  # the answer: up to the next frame
    stop = nxt.start() if nxt else end
    own = lambda n: accept(n) and not r["not_units"].search(n)  # noqa: E731
    for c in _CLAUSE.finditer(text, m.end(), stop):
        at = c.start() + len(c.group()) - len(c.group().lstrip(" \t\u3000"))
        w = r["with"].match(text, at, c.end())
        if w:  # "…，同时将会同发展改革委、财政部等有关部门认真研究…": the answer's partners
            for n in partner_units(text, w.end(), c.end(), own):
                _add(a, "participants", n)
            continue
        name = opening_unit(text, at, c.end(), own, r["name_max"])
        v = r["own"].match(text, at + len(name), stop) if name else None
        if v:  # "交通部将进行行业审查", "水利部也表示将积极配合…"
            _add(a, "participants" if v["part"] else "responsible", (name, (at, at + len(name))))
    return [a]


def _add(a: Assignment, role: str, unit: tuple) -> None:
    """``unit`` into ``a`` with ``role`` unless it holds a stronger one; a weaker one it held is dropped (R2)."""
    for k, have in enumerate(_ROLES):
        names = getattr(a, have)
        if any(n[0] == unit[0] for n in names):
            if _ROLES.index(role) < k:
                names[:] = [n for n in names if n[0] != unit[0]]
                getattr(a, role).append(unit)
            return
    getattr(a, role).append(unit)
