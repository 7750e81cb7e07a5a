"""The sentences and clauses of a prose article or measure that :func:`extract.structure.prose_runs.duty_runs` reads
one by one (rules ``prose.clause_list`` and ``prose.list_lead_in`` in ``extract/rules/assignments.yaml``).

``pieces(text, start, end, accept)`` yields each sentence, cut again before a clause that opens a department-first
list with its own unit ("局药械处负责…，各分局派人员配合…，稽查支队负责…") and after a lead-in colon that opens such a
list ("其中：区海关负责…；").
"""

from __future__ import annotations

import re

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.duty_split import opening_unit
from extract.structure.prose_rules import rules as _prose_rules
from extract.structure.prose_units import accepted_units
from extract.structure.verb_roles import reread

__all__ = ["pieces"]

_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")


class _Span:
    """A sentence's span, as a match object gives it (start, end, group)."""
    __slots__ = ("text", "s", "e")

    def __init__(self, text: str, s: int, e: int):
        self.text, self.s, self.e = text, s, e

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e

    def group(self) -> str:
        return self.text[self.s:self.e]


def _sentences(text: str, start: int, end: int, accept):
    """The sentences of ``text[start:end]``, each cut again after a lead-in colon that opens a department-first
    list inside it (rule ``prose.list_lead_in``: "各行业主管部门要按照分工做好审核工作，其中：区海关负责…；"): the
    list's first clause, opening with a unit's name, is a piece of its own ("其中：省级承担30%…" is none)."""
    lead_in = _prose_rules()["list_lead_in"]
    for s in _SENTENCE.finditer(text, start, end):
        sentence = s.group()  # (searched by itself: a prefiltered pattern scans the whole string it is given)
        m = lead_in.search(sentence) if "：" in sentence or ":" in sentence else None
        cut = s.start() + m.end() if m else -1
        if m and m.start() > 0 and cut < s.end() and _opens_with_name(text, cut, s.end(), accept):
            yield _Span(text, s.start(), cut)
            yield _Span(text, cut, s.end())
        else:
            yield s


def _opens_with_name(text: str, pos: int, end: int, accept) -> bool:
    """Whether ``text[pos:end]`` opens with a unit's name, alone or as the first item of a list ("区海关负责…",
    "区海关、区国税局共同负责…")."""
    most = int(load_rules("assignments.yaml")["prose"]["unit_run"]["name_max"])
    if opening_unit(text, pos, end, accept, most):
        return True
    k = text.find("、", pos, min(end, pos + most + 1))
    return k > pos + 1 and accept(text[pos:k])


def pieces(text: str, start: int, end: int, accept, organise: bool = True):
    """The sentences of ``text[start:end]``, each cut again before a clause that opens a
    department-first list with its own unit ("局药械处负责…，各分局派人员配合…，稽查支队负责…",
    rule ``clause_list``): ``(start, end, assignment of the list clause or None)``; a clause's role is
    the one its verb phrase states (rule ``verb_roles``; ``organise``: "X组织Y…" reads so)."""
    rx = _prose_rules()["clause_list"]
    for s in _sentences(text, start, end, accept):
        sentence = s.group()
        if ("负责" not in sentence and "配合" not in sentence) or not rx.search(sentence):
            yield s.start(), s.end(), None
            continue
        listed = []  # (where the clause opens, its assignment)
        for c in _CLAUSE.finditer(text, s.start(), s.end()):
            at = c.start() + len(c.group()) - len(c.group().lstrip(" \t\u3000"))
            m = rx.match(text[at:c.end()])
            names = accepted_units(m["list"], at + m.start("list"), accept) if m else []
            if names:
                a = Assignment(span=(at, at + m.end()))
                getattr(a, _prose_rules()["verbs"][m["verb"]]).extend(names)
                listed.append((at, reread(a, text, accept, organise, s.end())))  # (rule verb_roles)
        if len(listed) < 2:  # one unit's clause is no list ("X牵头对接…，Y配合…")
            yield s.start(), s.end(), None
            continue
        cut, a = s.start(), None
        for at, clause in listed:
            if at > cut:
                yield cut, at, a
            cut, a = at, clause
        yield cut, s.end(), a
