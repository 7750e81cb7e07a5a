"""Assignments written in running prose, read only where a task has no
bracketed or labelled one (rule ``prose`` in ``extract/rules/assignments.yaml``).

``find_prose_assignments(text, start, end, accept, duty)`` reads "省有关部门按职责
分工负责", "A要会同B建立…", "<units>牵头/配合" clauses and, with ``duty`` (an article
of a regulation, a 职责分工 section), a bare "X负责…" and "由X统一制定…";
``accepted_units(s, pos, accept)`` gives the units of a phrase when every one
passes ``accept`` (the caller's test of what may stand for a unit).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .assignments import Assignment
from .rules import load_rules
from .unit_lists import Name, names as _names, split_top as _split_top, strip_prefixes


def find_prose_assignments(text: str, start: int, end: int, accept, duty: bool = False) -> list[Assignment]:
    """Assignments stated in running prose in ``text[start:end]`` ("省有关部门按职责
    分工负责", "A要会同B建立…"), clause by clause; ``accept(name) -> bool`` must
    hold for every unit named (rules: ``prose`` in assignments.yaml).  With
    ``duty`` (an article of a regulation) a bare "X负责…" counts too."""
    r = _prose_rules()
    role = r["duty"] if duty else r["role"]
    found = []
    for clause, pos in _split_top(text[start:end], start, "，,。；;！!？?\n"):
        stripped = clause.lstrip()
        pos += len(clause) - len(stripped)
        m = None if duty and r["by"].match(stripped) else r["with"].match(stripped)
        if m:
            lead = accepted_units(m["lead"], pos + m.start("lead"), accept)
            partners = accepted_units(m["with"], pos + m.start("with"), accept)
            if lead and partners:
                found.append(Assignment(span=(pos, pos + m.end()), lead=lead, participants=partners))
            continue
        m = r["by"].match(stripped) if duty else None
        if m and m["with"]:  # "由X会同Y制定"
            lead = accepted_units(m["list"], pos + m.start("list"), accept)
            partners = accepted_units(m["with"], pos + m.start("with"), accept)
            if lead and partners:
                found.append(Assignment(span=(pos, pos + m.end()), lead=lead, participants=partners))
            continue
        if m:
            names = accepted_units(m["list"], pos + m.start("list"), accept)
            if names:
                found.append(Assignment(span=(pos, pos + m.end()), responsible=names))
                continue
        m = r["role"].match(stripped) or (duty and role.match(stripped))
        if m:
            names = accepted_units(m["list"], pos, accept)
            if names:
                a = Assignment(span=(pos, pos + m.end()))
                getattr(a, r["verbs"][m["verb"]]).extend(names)
                found.append(a)
    return found


@lru_cache(maxsize=1)
def _prose_rules() -> dict:
    p = load_rules("assignments.yaml")["prose"]
    return {"with": re.compile(p["with"]), "role": re.compile(p["role"]), "duty": re.compile(p["duty"]),
            "by": re.compile(p["by"]), "verbs": p["verbs"]}


def accepted_units(s: str, pos: int, accept) -> list[Name]:
    """The units of ``s`` when all pass ``accept``: the whole phrase if it is one
    unit (各市、县（市、区）人民政府), else its 、-separated items; [] otherwise."""
    lead_ws = len(s) - len(s.lstrip())
    whole = s.strip()
    for p in strip_prefixes():  # "由区规划局": the unit is after 由
        if whole.startswith(p) and len(whole) > len(p) + 1:
            whole, lead_ws = whole[len(p):], lead_ws + len(p)
            break
    if "等" not in whole and accept(whole):
        return [(whole, (pos + lead_ws, pos + lead_ws + len(whole)))]
    names = _names(s, pos)
    return names if names and all(accept(n) for n, _ in names) else []
