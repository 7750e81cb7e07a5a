"""Labelled duty sentences (rule ``duty_lists.labelled`` in ``extract/rules/assignments.yaml``): the clauses of
"责任分工：…" sentences that name a unit and its verb — shared heads, listed groups, "X各司其职，协同配合".

``labelled_duties(text, start, end, accept)`` -> a list of :class:`~extract.structure.assignments.Assignment`
(empty when there is no such sentence); raises nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from extract.structure.assignments import Assignment
from extract.structure.duties import read_clause
from extract.structure.duty_rules import CLAUSE as _CLAUSE, rules as _rules
from extract.structure.entry_names import shared_head_units

Accept = Callable[[str], bool]

__all__ = ["labelled_duties"]


@lru_cache(maxsize=1)
def _labelled() -> dict:
    from extract.rules.loader import load_rules

    r = load_rules("assignments.yaml")["duty_lists"]["labelled"]
    return {"places": range(int(r["shared_place_min"]), int(r["shared_place_max"]) + 1),
            "groups": re.compile(r["groups"]), "attitude": re.compile(r["attitude"])}


def labelled_duties(text: str, start: int, end: int, accept: Accept) -> list[Assignment]:
    """Clauses of "责任分工：…" sentences in ``text[start:end]`` that name a unit and its verb
    (rule ``duty_lists.labelled``: shared heads, listed groups, "X各司其职，协同配合")."""
    lab, verbs = _labelled(), _rules()["verbs"]

    def named(name: str) -> bool:
        return accept(name) or bool(lab["groups"].fullmatch(name))

    out = []
    for m in _rules()["label"].finditer(text, start, end):
        stop = text.find("。", m.end(), end)
        stop = end if stop == -1 else stop
        for c in _CLAUSE.finditer(text, m.end(), stop):
            a = read_clause(text, c.start(), c.end(), named, shared_head_units)
            if a is None:
                a = _attitude_clause(text, c.start(), stop, named, lab["attitude"], verbs)
            if a is not None:
                out.append(a)
    return out


def _attitude_clause(text: str, pos: int, stop: int, accept: Accept, pattern: re.Pattern, verbs: dict):
    """"区直各部门各司其职，协同配合": the units of an attitude clause with the role of the
    verb clause after it; else None."""
    m = pattern.match(text, pos, stop)
    if not m:
        return None
    names = shared_head_units(m["list"], m.start("list"), accept)
    if not names:
        return None
    role = verbs.get(m["verb"]) or verbs[m["verb"][-2:]]
    a = Assignment(span=(m.start(), m.end()))
    getattr(a, role).extend(names)
    return a
