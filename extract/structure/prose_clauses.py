"""What one clause of running prose gives, for the clause reader :func:`extract.structure.prose.find_prose_assignments`
(rule ``prose`` in ``extract/rules/assignments.yaml``): the assignment of a "由X负责/会同Y…" clause (``by_assignment``,
``generic_penalty``), of "加强X与Y等部门的贯通协同" (``joint_work``), partners joined to the clause before
(``join_previous``, ``together_with``) or organised by its unit (``organised``), a pending "X要…" kept (``flush``),
the class a regulation addresses (``generic``) and the comma words that keep a clause live (``comma_must``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities.unit_lists import Name
from extract.structure.assignments import Assignment
from extract.rules.loader import load_rules
from extract.structure.prose_rules import clause_live, rules as _prose_rules
from extract.structure.prose_units import accepted_units, leading_units
from extract.structure.verb_roles import partner_units

__all__ = ["by_assignment", "comma_must", "flush", "generic", "generic_penalty", "join_previous", "joint_work",
           "organised", "run_together", "together_with"]


def comma_must(text: str, start: int, end: int, words: tuple) -> bool:
    """Whether one of ``words`` (rule ``must_comma``) starts in ``text[start:end + 1]`` (after the last
    clause too), where ``clause_live()`` found nothing in ``text[start:end]``: a word holding what it
    finds can only be one that runs past ``end``."""
    for w, holds_live in live_words(words):
        if not holds_live:
            if text.find(w, start, end + len(w)) >= 0:
                return True
            continue
        for at in range(max(start, end - len(w) + 1), end + 1):
            if text.startswith(w, at):
                return True
    return False


@lru_cache(maxsize=8)
def live_words(words: tuple) -> tuple:
    """``((word, whether clause_live() finds something in it), …)``."""
    return tuple((w, clause_live()(w) is not None) for w in words)


def generic(names: list[Name], rx: re.Pattern) -> bool:
    """Whether a "X应当…" list names the class a regulation addresses (rule ``shall_generic``): any
    of its names but the group that closes a list of named bodies ("X、Y等其他有关部门")."""
    named = [n for n, _ in names if not _prose_rules()["shall_group"].match(n)]
    return not named or any(rx.match(n) for n in named)


def organised(a: Assignment, clause: str, at: int, pos: int, accept) -> None:
    """"X组织Y（与Z）签订/开展…" (rule ``acts_partners``): X leads, the units Y (and Z) take part."""
    m = _prose_rules()["acts_partners"].match(clause, at)
    partners = accepted_units(m["with"], pos + m.start("with"), accept) if m else []
    if partners:
        a.lead, a.responsible = a.responsible, []
        a.participants.extend(partners)


def flush(found: list[Assignment], pending: tuple) -> None:
    """Keep a "X要…" assignment when no other clause of its sentence assigned its units
    ("科技部要发挥主责作用，牵头…" is read by the subject rule instead; "X要发挥牵头作用，Y等部门要密切配合"
    keeps X beside Y)."""
    a, at = pending
    own = {n for n, _ in a.lead + a.participants + a.responsible}
    if not any(n in own for b in found[at:] for n, _ in b.lead + b.participants + b.responsible):
        found.insert(at, a)
    return None


def together_with(text: str, start: int, end: int, accept) -> list[Name]:
    """The units Y of an item that opens with "会同Y…" (rule ``with_more``), whose
    subject is the unit of the item above ("X负责下列工作：…（四）会同Y制定…"); []
    otherwise."""
    clause = re.match(r"[^，,。；;：:\n]*", text[start:end]).group()
    m = _prose_rules()["with_more"].match(clause)
    return accepted_units(m["with"], start + m.start("with"), accept) if m else []


def generic_penalty(by: re.Match, pos: int, accept) -> bool:
    """A penalty "由X处理/给予…" whose X no one can tell (rule ``by_generic_penalty``)."""
    r = _prose_rules()
    names = accepted_units(by["list"], pos + by.start("list"), accept) if by["verb"] in r["by_penalty_verbs"] else []
    return bool(names) and all(r["by_generic_penalty"].match(n) for n, _ in names)


def by_assignment(by: re.Match, pos: int, accept):
    """The assignment of a "由X负责…" / "由X会同Y…" clause, or None."""
    if by["with"]:
        lead = accepted_units(by["list"], pos + by.start("list"), accept)
        partners = accepted_units(by["with"], pos + by.start("with"), accept)
        if lead and not partners and not _prose_rules()["by_interpretation"].search(by["with"]):
            # "由X会同有关部门进行认定" (rule verb_roles.partner_end; not "…负责解释")
            partners = [(n, (pos + s, pos + e)) for n, (s, e) in partner_units(
                by.string, by.start("with"), by.end("with"), accept)]
        return Assignment(span=(pos, pos + by.end()), lead=lead, participants=partners) if lead and partners else None
    names = [n for n in accepted_units(by["list"], pos + by.start("list"), accept)
             if not _prose_rules()["by_level_only"].match(n[0])]  # ("由市级承担": who pays, rule by_level_only)
    if by["verb"] == "责成" and names:  # "由X责成Y强制拆除": X orders, Y acts (rule by_order)
        m = _prose_rules()["by_order"].match(by.string, by.end())
        ordered = accepted_units(m["list"], pos + m.start("list"), accept) if m else []
        return Assignment(span=(pos, pos + (m.end() if m else by.end())), responsible=names + ordered)
    if by["verb"] in _prose_rules()["by_penalty_verbs"] and all(_prose_rules()["by_generic_penalty"].match(n) for n, _ in names):
        if names and _prose_rules()["reference"].match(by["list"]):  # "由本条例第十六条规定的有关部门责令…": the
            at = pos + by.start("list")  # bodies that article names, identified by the reference (kept as printed)
            return Assignment(span=(pos, pos + by.end()), responsible=[(by["list"], (at, at + len(by["list"])))])
        return None  # "由有关部门依法处理": no body one can tell (rule by_generic_penalty)
    return Assignment(span=(pos, pos + by.end()), responsible=names) if names else None


def joint_work(m: re.Match, pos: int, accept) -> Assignment | None:
    """The assignment of "加强X、Y等部门的协调联动" (X, Y responsible) or "加强X与Y等部门的贯通协同" (X leads, Y takes
    part), rule ``joint_work``; None when a name is no unit."""
    at, lst = pos + m.start("list"), m["list"]
    cut = lst.find("与")
    if cut > 0:
        lead = accepted_units(lst[:cut], at, accept)
        partners = accepted_units(lst[cut + 1:], at + cut + 1, accept) if lead else []
        return Assignment(span=(pos, pos + m.end()), lead=lead, participants=partners) if partners else None
    names = accepted_units(lst, at, accept)
    return Assignment(span=(pos, pos + m.end()), responsible=names) if names else None


def join_previous(last: Assignment, partners: list[Name]) -> bool:
    """Add ``partners`` to the assignment of the clause before (its units then lead)."""
    if not partners:
        return False
    last.lead.extend(n for n in last.responsible if n not in last.lead)
    last.responsible.clear()
    last.participants.extend(partners)
    return True


_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")


def run_together(text: str, found: list, end: int, accept) -> None:
    """Rule ``prose.run_together``: a run whose one assignment names one unit (responsible, or lead with no partners)
    and whose later clause opens with 会同/联合 and no subject ("X要…；会同Y…") makes X lead and Y its partners; in
    place.  A partner list no verb word ends is read by rule ``run_together.partner_fallback``."""
    rule = load_rules("assignments.yaml")["prose"]["run_together"]
    if not rule["enabled"] or len(found) != 1:
        return
    a = found[0]
    names = a.lead + a.responsible
    if len(names) != 1 or a.participants or (a.lead and a.responsible):
        return
    opens = _together_rx(rule["pattern"])
    fb = rule["partner_fallback"]
    partners = []
    for c in _CLAUSE.finditer(text, max(names[0][1][1], a.span[0]), end):  # (a clause of its own sentence too: "X要…，会同Y…")
        m = opens.match(c.group())
        if m:
            partners.extend(n for n in (together_with(text, c.start() + m.end() - 2, c.end(), accept) or partner_units(
                text, c.start() + m.end(), c.end(), accept) or leading_units(  # ("会同市场监管等部门深入研究…": partner_end;
                text, c.start() + m.end(), c.end(), accept, fb["name_ends"], fb["joiners"], fb["max_chars"]))  # "会同相关部门细化…")
                            if n not in partners and n[0] != names[0][0])
    if partners:
        a.lead, a.responsible, a.participants = names, [], partners


def partners_after(text: str, start: int, end: int, accept) -> list:
    """The units of a clause ``text[start:end]`` that opens with 会同/联合 (rule ``prose.run_together.pattern``: "会同Y…",
    "负责会同Y…"), read as :func:`run_together` reads them: the list a duty verb ends (``with_more``), else the one
    rule ``verb_roles.partner_end`` ends, else the shortest run of units that ends like a body's name
    (``partner_fallback``: "会同公安、城管部门查处…"); [] when the clause opens otherwise."""
    rule = load_rules("assignments.yaml")["prose"]["run_together"]
    m = _together_rx(rule["pattern"]).match(text, start, end)
    if not rule["enabled"] or not m:
        return []
    fb = rule["partner_fallback"]
    return (together_with(text, m.end() - 2, end, accept) or partner_units(text, m.end(), end, accept)
            or leading_units(text, m.end(), end, accept, fb["name_ends"], fb["joiners"], fb["max_chars"]))


@lru_cache(maxsize=4)
def _together_rx(pattern: str) -> re.Pattern:
    return re.compile(pattern)
