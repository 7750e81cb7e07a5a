"""A closing bracket that is itself a department-first duty list (rule ``bracket_duties`` in
``extract/rules/assignments.yaml``).

"3.加快推进平台建设。（区财政金融局负责…系统的建设，区环境与国土资源局负责…的建设，区行政审批局、
区公共资源交易中心负责…的建设，并实现…的对接，2016年6月底完成）": the bracket that ends the item is
its assignment (GOLD_GUIDE "Prose duties" 2: the bracket wins inside its item), and each of its
clauses that opens with units and a role verb ("X负责…", "X牵头…", "X配合…") names units with that
verb's role; the other clauses continue the duty before them ("并实现…") or are remarks (deadlines).
The item stays one task.

``bracket_duties(text, start, end, accept)`` returns ``[assignment]`` or ``[]``; ``accept(name) -> bool``
says what may stand for a unit.
"""

from __future__ import annotations

from typing import Callable

from extract.entities.unit_lists import parentheticals, split_top
from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.duties import read_clause
from extract.structure.task_units import ends_item

__all__ = ["bracket_duties"]

_ROLES = ("lead", "participants", "responsible")


def _closing_bracket(text: str, start: int, end: int, max_length: int) -> tuple[int, int] | None:
    """The last top-level bracket of ``text[start:end]`` when only punctuation or a sign-off follows it."""
    last = None
    for span in parentheticals(text, start, end, max_length):
        last = span
    return last if last is not None and ends_item(text, last[1], end) else None


def bracket_duties(text: str, start: int, end: int, accept: Callable[[str], bool]) -> list[Assignment]:
    """The assignment of the bracket that closes ``text[start:end]`` when it opens with a duty clause
    ("<units><verb>…", :func:`extract.structure.duties.read_clause`): the units of every such clause with
    its verb's role, the other clauses being part of a duty or remarks; ``[]`` when the rule is off, no
    bracket closes the item or its first clause is no duty clause."""
    rule = load_rules("assignments.yaml")["bracket_duties"]
    if not rule["enabled"]:
        return []
    last = _closing_bracket(text, start, end, int(rule["max_length"]))
    if last is None:
        return []
    s, e = last
    a = Assignment(span=(s + 1, e - 1))
    for clause, pos in split_top(text[s + 1:e - 1], s + 1, "，,；;"):
        lead_ws = len(clause) - len(clause.lstrip())
        found = read_clause(text, pos + lead_ws, pos + len(clause.rstrip()), accept) if clause.strip() else None
        if found is None:
            if a.empty():
                return []  # the bracket must open with its first unit's duty
            continue
        for role in _ROLES:
            getattr(a, role).extend(n for n in getattr(found, role) if n not in getattr(a, role))
    return [a] if not a.empty() else []
