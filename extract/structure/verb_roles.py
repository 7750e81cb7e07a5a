"""The role that a duty clause's verb phrase gives its unit (rule ``verb_roles`` in
``extract/rules/assignments.yaml``; GOLD_GUIDE "roles" and "Prose duties" 5).

A prose or department-first reader finds "<unit><verb>…" and, without a role word of its own,
names the unit responsible.  :func:`reread` reads the verb phrase that follows the unit:

* ``reread(a, text, accept, organise=True)``: ``a`` (an :class:`~extract.structure.assignments.Assignment`
  whose units are all responsible) with the roles its verb phrase states — "X负责牵头…" → lead X;
  "X负责参与…" → participants X; "X应会同Y…", "X要组织Y…" → lead X, participants Y; a later clause of the
  sentence "…，牵头…" / "…，会同Y…" → lead X (and Y).  ``a`` is changed in place and returned; an
  assignment with a lead or participants already, or whose verb phrase states no role, is left as it is.
  ``organise``: whether "组织Y" reads so (rule ``organise_in_articles`` says whether a regulation's
  article does).  ``accept(name) -> bool`` says what may stand for a partner unit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.entities.unit_lists import names as _names
from extract.structure.prose_units import accepted_units

__all__ = ["item_lead", "organise_in_articles", "partner_units", "reading", "reread", "sentence_subjects"]

_CLAUSE_MARKS = "，,"
_JOINERS = ("以及", "和", "及", "与")


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = load_rules("assignments.yaml")["verb_roles"]
    ends = r["sentence_ends"]
    return {"opening": re.compile(r["opening"]), "later": re.compile(r["later"]),
            "end": re.compile(r["partner_end"]), "remit": re.compile(r["partner_remit"]),
            "item_lead": re.compile(r["item_lead"]), "joins": re.compile(r["subject_joins"]),
            "subject_max": int(r["subject_max"]), "subject_end": re.compile(r["subject_end"]), "own_units": re.compile(r["own_units"]), "own_duty": re.compile(r["own_duty"]), "own_duty_verbs": tuple(r["own_duty_verbs"]), "own_duty_condition": re.compile(r["own_duty_condition"]), "joined_partner": re.compile(r["joined_partner"]), "distributive": re.compile(r["distributive"]),
            "organise_in_articles": bool(r["organise_in_articles"]), "others": re.compile(r["partner_others"]),
            "lead_not": re.compile(r["lead_partners_not"]), "led_start": re.compile(r["led_start"]),
            "sentence": re.compile("[" + re.escape(ends) + "]"),
            "clause": re.compile("[" + re.escape(ends + _CLAUSE_MARKS) + "]")}


def organise_in_articles() -> bool:
    """Whether "X应当组织Y…" makes X lead in a regulation's article (rule ``organise_in_articles``)."""
    return _rules()["organise_in_articles"]


def reread(a: Assignment, text: str, accept: Callable[[str], bool], organise: bool = True,
           end: Optional[int] = None) -> Assignment:
    """``a`` with the roles the verb phrase after its units (before ``end``) states (see the module doc).
    Units that lead already ("X要发挥牵头作用，…，会同Y…") take the partners of a later 会同 clause."""
    if a.participants or bool(a.lead) == bool(a.responsible):
        return a
    units = a.responsible or a.lead
    found = reading(text, max(e for _, (_, e) in units), accept, organise, end, tuple(n for n, _ in units))
    if found is None or (a.lead and found[2] != "participants"):
        return a
    role, partners, partner_role = found
    if a.responsible:
        a.responsible = []
        getattr(a, role).extend(units)
    own = {n for n, _ in units}
    getattr(a, partner_role).extend(p for p in partners if p[0] not in own)
    return lead_shares(text, a, len(text) if end is None else end, accept, True)  # ("X牵头，Y按职责分工负责", lead_shares)


def item_lead(a: Assignment, text: str, start: int, end: int) -> Assignment:
    """``a``, the unit of a department-first item, leading when the item's text ``text[start:end]`` says
    it leads part of its work anywhere ("…。负责对…进行牵头整治。", rule ``item_lead``); changed in place."""
    if a.responsible and not (a.lead or a.participants) and _rules()["item_lead"].search(text, start, end):
        a.lead, a.responsible = a.responsible, []
    return a


def reading(text: str, at: int, accept: Callable[[str], bool], organise: bool = True,
            end: Optional[int] = None, subject: tuple = ()) -> Optional[tuple]:
    """The roles the verb phrase at ``text[at:end]`` (up to its sentence's end) gives the unit named
    right before it (``subject``: its names): (role of the unit, partner names, their role), or None
    when it states none.  A later clause "…，会同Y…" makes the unit lead; after a verb phrase that opens
    with 负责 a later "联合Y" / "协同Y", or a 会同 clause under a condition ("…的，会同Y…"), leaves it
    responsible (rules ``own_duty``, ``own_duty_verbs``); Y takes part either way."""
    r = _rules()
    end = len(text) if end is None else end
    stop = r["sentence"].search(text, at, end)
    end = stop.start() if stop else end
    clause = r["clause"].search(text, at, end)
    role, partners, partner_role = _opening(text, at, clause.start() if clause else end, accept, organise, subject)
    if role is None and r["joined_partner"].search(text, at, clause.start() if clause else end) \
            and not r["own_duty"].match(text, at, end):
        return "participants", [], "participants"  # "X…指导并协助Y…" (rule joined_partner)
    if role is None and clause:  # a later clause of the sentence: "…，牵头召开…", "…，会同Y组织…"
        role, partners, partner_role, verb, where = _later(text, clause.end(), end, accept)
        if partners and r["own_duty"].match(text, at, end) and (
                verb in r["own_duty_verbs"] or r["own_duty_condition"].search(text, max(at, where - 4), where)):
            role = "responsible"  # "X负责…，联合Y…", "X负责…，…的，会同Y…": X's own work stays its responsibility
    return None if role is None else (role, partners, partner_role)


def _opening(text: str, at: int, end: int, accept, organise: bool, subject) -> tuple:
    """(role, partners, their role) of the verb that opens ``text[at:end]``, or (None, [], "");
    ``subject``: the names of the unit(s) before it."""
    r = _rules()
    m = r["opening"].match(text, at, end)
    if not m:
        return None, [], ""
    if m["lead"]:  # "X牵头Y…": the units right after 牵头 take part (rule lead_partners_not: no 各部门 / 各单位)
        return "lead", _led(text, m.end(), end, accept), "participants"
    if m["partner"]:
        return "participants", [], "participants"
    if m["organise"] and (not organise or r["own_units"].match(text, m.end(), end)
                          or any(r["distributive"].match(n) for n in subject)):
        return None, [], ""  # "X组织本系统…", "各乡镇组织…": a body directing its own units (rule own_units)
    partners, remit = _partners(text, m.end(), end, accept)
    if not partners:
        return None, [], ""
    return "lead", partners, "responsible" if remit and m["organise"] else "participants"


def _later(text: str, start: int, end: int, accept) -> tuple:
    """(role, partners, their role, verb, clause start) of the first later clause of ``text[start:end]`` that
    opens with 牵头 (the unit leads) or 会同Y / 联合Y / 协同Y (the unit leads, Y takes part), or
    (None, [], "", "", -1)."""
    r = _rules()
    pos = start
    while pos < end:
        stop = r["clause"].search(text, pos, end)
        c_end = stop.start() if stop else end
        m = r["later"].match(text, pos, c_end)
        if m and m["lead"]:
            return "lead", _led(text, m.end(), c_end, accept), "participants", m["lead"], pos
        if m and m["with"] and not (m["with"] == "组织" and r["own_units"].match(text, m.end(), c_end)):
            partners, _ = _partners(text, m.end(), c_end, accept)  # ("…，组织本系统…": its own units, rule own_units)
            if partners:
                return "lead", partners, "participants", m["with"], pos
        pos = c_end + 1
    return None, [], "", "", -1


def partner_units(text: str, start: int, end: int, accept) -> list:
    """The units of the partner list at ``text[start:end]`` (after 会同 / 联合 / 组织): the longest list
    that ends where rule ``partner_end`` allows ("有关部门" of "有关部门密切跟踪…") and whose items are
    all units; [] when there is none."""
    return _partners(text, start, end, accept)[0]


def _led(text: str, start: int, end: int, accept) -> list:
    """The units a "牵头" leads when they follow it ("区绿化市容局牵头各相关单位横向协作", "牵头区建管委、区交通委…，每周开展…":
    GOLD_GUIDE roles, X牵头 → lead, the units it leads take part as after 会同); [] when a verb or a non-unit group
    (rule ``lead_partners_not``: 各部门, 各单位) follows."""
    if start >= end or not _rules()["led_start"].match(text, start, end):
        return []
    partners, _ = _partners(text, start, end, accept)
    return [p for p in partners if not _rules()["lead_not"].match(p[0])]


def _partners(text: str, start: int, end: int, accept) -> tuple[list, bool]:
    """The units of the longest list at ``start`` (before ``end``, of at most 60 characters) that ends
    where rule ``partner_end`` allows and whose items are all units, and whether "按照职责分工…" follows
    it (rule ``partner_remit``); ([], False) when no such list."""
    r = _rules()
    best: tuple[list, bool] = ([], False)
    for m in r["end"].finditer(text, start + 2, min(end, start + 60)):
        stop = m.start()
        names = [n for n in accepted_units(text[start:stop], start, accept) if not r["others"].search(n[0])] \
            or _units_among(text[start:stop], start, accept)  # (institutions organised are no units: R1)
        if names:
            best = names, bool(r["remit"].match(text, stop, end))
    return best


def _units_among(s: str, start: int, accept) -> list:
    """The units of a list that also names non-units a body brings in ("相关行业主管部门、行业协会、技术专家等":
    rule ``partner_others``; GOLD_GUIDE R1: experts, associations, enterprises are no units), else []."""
    others = _rules()["others"]
    for joiner in _JOINERS:  # "省有关部门和相关专家": the units before a joined last item that is no unit
        k = s.rfind(joiner)
        if k >= 2 and "、" not in s[k:] and others.search(s):
            left = accepted_units(s[:k], start, accept)
            if left and not any(others.search(n) for n, _ in left) and others.search(s[k + len(joiner):]):
                return left
    listed = _names(s, start) if "、" in s else []
    units = [n for n in listed if accept(n[0]) and not others.search(n[0])]
    if units and len(units) < len(listed) and all(accept(n) or others.search(n) for n, _ in listed):
        return units
    return []


def sentence_subjects(text: str, start: int, end: int, found: list, accept, organise: bool = True) -> list:
    """Assignments of the sentences of ``text[start:end]`` that no assignment of ``found`` starts in,
    that open with their unit and name its role only in a later clause ("区市县卫生计生部门根据…确定…，
    会同财政、编制部门研究提出…": lead X, participants Y; rule ``subject_joins``): the shortest opening
    of at most ``subject_max`` characters that ``accept`` takes and that an act follows (rule
    ``subject_end``: 根据, 制定, 充分 …) is the unit, its roles those of :func:`reread`.  A sentence whose opening is no unit, or whose later clause names no partner
    unit nor 牵头, gives none."""
    r = _rules()
    if not r["joins"].search(text, start, end):  # (most texts: no later 会同 clause at all)
        return []
    starts = sorted(a.span[0] for a in found)
    out = []
    pos = start
    while pos < end:
        stop = r["sentence"].search(text, pos, end)
        s_end = stop.start() if stop else end
        if r["joins"].search(text, pos, s_end) and not any(pos <= x < s_end for x in starts):
            at = pos
            while at < s_end and text[at] in " \t\u3000":
                at += 1
            clause = r["clause"].search(text, at, s_end)
            head_end = min(clause.start() if clause else s_end, at + r["subject_max"])
            condition = clause is not None and text[clause.start() - 1] == "的"  # "X协调不成的，会同…"
            name = None if condition else next((text[at:m.start()] for m in r["subject_end"].finditer(
                text, at + 2, head_end) if accept(text[at:m.start()])), None)
            if name:
                a = reread(Assignment(span=(at, s_end), responsible=[(name, (at, at + len(name)))]), text, accept,
                           organise, s_end)
                if a.lead or a.participants:
                    out.append(a)
        pos = s_end + 1
    return out


@lru_cache(maxsize=1)
def _shares() -> Optional[re.Pattern]:
    r = load_rules("assignments.yaml")["verb_roles"]["lead_shares"]
    return re.compile(r["pattern"]) if r["enabled"] else None


@lru_cache(maxsize=1)
def _members_not() -> re.Pattern:
    return re.compile(load_rules("assignments.yaml")["verb_roles"]["lead_shares"].get("members_not") or "(?!)")


def lead_shares(text: str, a: Assignment, end: int, accept: Callable[[str], bool], prose: bool = False) -> Assignment:
    """Rule ``verb_roles.lead_shares`` (GOLD_GUIDE roles: "X牵头，Y、Z按职责分工负责" → lead X, responsible Y, Z): for
    ``a`` that names leads, the later clauses of its sentence (before ``end``) that open with units and their
    share of the work ("区发展改革委、…等部门履行相应职责，各镇政府…落实主体责任", "Y配合") add those units
    (responsible; participants after 配合/协助/参与 or 共同介入…).  ``a`` is changed in place and returned.  ``prose``:
    a prose reading, whose own clause reader takes "Y配合/参与" (those clauses are left to it)."""
    pattern = _shares()
    if pattern is None or not a.lead:
        return a
    stop = _rules()["sentence"].search(text, a.span[1], end)
    stop = stop.start() if stop else end
    before: list = []  # a clause of units only, continued by "，以及Y共同…" ("海事局、农发局、边防，以及附近沿海相关乡镇共同介入处置")
    for c in re.finditer(r"[^，,]+", text[a.span[1]:stop]):
        m = pattern.match(c.group())
        if m and m["member"] and _members_not().search(text, text.rfind("。", 0, a.span[0]) + 1, stop):
            m = None  # ("由…领导任组长，…为成员单位": a leading group's composition, rule lead_shares.members_not)
        if c.start() == 0 or not m or (prose and m["part"]):  # (the lead's own clause, "…牵头，": nothing to share)
            before = accepted_units(c.group(), a.span[1] + c.start(), accept) if c.start() and not m else []
            continue
        at = a.span[1] + c.start() + m.start("list")
        listed = m["list"]
        more = before if m["also"] else []
        have = {n for n, _ in a.lead + a.participants + a.responsible}
        units = [n for n in more + accepted_units(listed, at, accept) if n[0] not in have]
        getattr(a, "participants" if m["part"] or m["joint"] or m["member"] else "responsible").extend(units)
        before = []
    return a
