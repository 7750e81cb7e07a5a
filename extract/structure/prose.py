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

from extract.structure.assignments import Assignment
from extract.rules.loader import load_rules
from extract.entities.unit_lists import Name, names as _names, split_top as _split_top, strip_prefixes


def find_prose_assignments(text: str, start: int, end: int, accept, duty: bool = False) -> list[Assignment]:
    """Assignments stated in running prose in ``text[start:end]`` ("省有关部门按职责
    分工负责", "A要会同B建立…"), clause by clause; ``accept(name) -> bool`` must
    hold for every unit named (rules: ``prose`` in assignments.yaml).  With
    ``duty`` (an article of a regulation) a bare "X负责…" counts too."""
    r = _prose_rules()
    role = r["duty"] if duty else r["role"]
    found: list[Assignment] = []
    after, previous = -1, ""  # assignments found before the previous clause; that clause
    for clause, pos in _split_top(text[start:end], start, "，,。；;！!？?\n"):
        stripped = clause.lstrip()
        pos += len(clause) - len(stripped)
        follows, after = len(found) > after >= 0, len(found)
        opens = pos == start or text[pos - 1] in r["sentence_marks"] or bool(r["by_after"].match(previous))
        previous = stripped
        more = r["with_more"].match(stripped) if follows else None
        if more and _join_previous(found[-1], accepted_units(more["with"], pos + more.start("with"), accept)):
            continue  # "由X研究制定…，会同Y建立…": Y joins the clause before
        # "由X负责/制定/会同Y…": in a duty context anywhere in the clause, elsewhere
        # only in a clause that opens a sentence with 由 (rule by_initial)
        by = r["by"].match(stripped) if duty or (opens and r["by_initial"].match(stripped)) else None
        a = _by_assignment(by, pos, accept) if by else None
        if a is None and not (duty and by and by["verb"]):
            m = r["with"].match(stripped)
            if m:
                lead = accepted_units(m["lead"], pos + m.start("lead"), accept)
                partners = accepted_units(m["with"], pos + m.start("with"), accept)
                if lead and partners:
                    found.append(Assignment(span=(pos, pos + m.end()), lead=lead, participants=partners))
                continue
        if a is not None:
            found.append(a)
            continue
        m = r["role"].match(stripped) or (duty and role.match(stripped))
        if m:
            names = accepted_units(m["list"], pos, accept)
            if names:
                a = Assignment(span=(pos, pos + m.end()))
                getattr(a, r["verbs"][m["verb"]]).extend(names)
                found.append(a)
    return found


def _by_assignment(by: re.Match, pos: int, accept):
    """The assignment of a "由X负责…" / "由X会同Y…" clause, or None."""
    if by["with"]:
        lead = accepted_units(by["list"], pos + by.start("list"), accept)
        partners = accepted_units(by["with"], pos + by.start("with"), accept)
        return Assignment(span=(pos, pos + by.end()), lead=lead, participants=partners) if lead and partners else None
    names = accepted_units(by["list"], pos + by.start("list"), accept)
    return Assignment(span=(pos, pos + by.end()), responsible=names) if names else None


def _join_previous(last: Assignment, partners: list[Name]) -> bool:
    """Add ``partners`` to the assignment of the clause before (its units then lead)."""
    if not partners:
        return False
    last.lead.extend(n for n in last.responsible if n not in last.lead)
    last.responsible.clear()
    last.participants.extend(partners)
    return True


@lru_cache(maxsize=1)
def _prose_rules() -> dict:
    p = load_rules("assignments.yaml")["prose"]
    return {"with": re.compile(p["with"]), "role": re.compile(p["role"]), "duty": re.compile(p["duty"]),
            "by": re.compile(p["by"]), "by_initial": re.compile(p["by_initial"]),
            "by_after": re.compile(p["by_after"]), "sentence_marks": p["sentence_marks"],
            "with_more": re.compile(p["with_more"]), "verbs": p["verbs"]}


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
