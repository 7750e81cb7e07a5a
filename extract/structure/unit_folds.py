"""A heading of a plan that names a unit over numbered sub-items that are its duties gives each sub-item that unit
(rule ``duty_lists.unit_folds``, GOLD_GUIDE R10: each numbered sub-item is one task carrying the heading's unit, the
heading gives no task of its own): "（2）各级兽医行政管理部门 ①组织…②…⑦…", "2.3.2 区防办职责（1）及时掌握…（4）…".

* ``fold_head(text, title, pos, end, accept)``: the unit a heading over sub-items names (its whole title, a duty word
  after it left out: "区防办职责" → 区防办), or None.
* ``carry_unit_heads(text, items, kinds, heads, blocked, fold)``: every such heading whose sub-items are all leaves with
  no unit of their own (``blocked``: a sub-item that opens with its own unit or closes with a bracket keeps today's
  reading) gives each sub-item task the heading's unit with the role its own words give (``duties.head_role``: 牵头 →
  lead, 配合/协助 → participants, else responsible) and whom the sub-item itself leads with it or involves; a short
  sub-item read as a heading becomes a task (``fold`` from ``task_nodes._folder``).
* ``carry_to_headings(...)``: the same for a short sub-item under a heading ``duties.unit_heading`` already read.
* ``sub_role(head, text, start, end, accept)``: the heading's unit for one sub-item, with the units it brings in.
* ``inline_runs(text, start, end, accept)``: the run-in form "区管委会①…。 ②…" of one item, a run per marker.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace
from typing import Callable, Optional

from extract.model import DeptRef, Section, Task
from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.duties import read_clause
from extract.structure.heading_scopes import head_role
from extract.structure.duty_split import title_name
from extract.structure.prose_units import accepted_units
from extract.structure.task_folds import subtree


_CLAUSE_END = re.compile("[，,。；;！!？?\n]")


@lru_cache(maxsize=1)
def _rule() -> dict:
    r = load_rules("assignments.yaml")["duty_lists"]["unit_folds"]
    heads = load_rules("assignments.yaml")["duty_lists"]["unit_heads"]["not_heads"]  # (a measure's heading words too)
    verbs = load_rules("assignments.yaml")["verb_roles"]  # (where a partner list ends; the non-units it may name)
    return {"enabled": r["enabled"], "name_max": r["name_max"], "not_heads": re.compile(f"{r['not_heads']}|{heads}"),
            "child_title": re.compile(r["child_title"]), "work": re.compile(r["work"]),
            "inline": re.compile(r["inline"]), "inline_marks": r["inline_marks"], "inline_before": r["inline_before"],
            "partner_verb": re.compile(r["partner_verb"]),
            "partner_end": re.compile(f"{verbs['partner_end']}|{r['partner_end']}"),
            "partner_others": re.compile(verbs["partner_others"])}


def enabled() -> bool:
    return _rule()["enabled"]


def fold_head(text: str, title: str, pos: int, end: int, accept: Callable[[str], bool]) -> Optional[Assignment]:
    """The unit the heading ``title`` (of the item at ``pos``) names as a whole, or None (see module doc)."""
    r = _rule()
    t = title_name(title)
    if not r["enabled"] or not t or len(t) > r["name_max"] or r["not_heads"].search(t) or not accept(t):
        return None
    at = text.find(t, pos, end)
    return Assignment(span=(at, at + len(t)), responsible=[(t, (at, at + len(t)))]) if at >= 0 else None


def carry_unit_heads(text: str, items, kinds: dict, heads: dict, blocked: set, fold, accept) -> None:
    """Give the sub-items of each heading of ``heads`` (item index -> its unit) that unit (see module doc).  In place."""
    if not _rule()["enabled"]:
        return
    for j in sorted(heads):
        if j in blocked or not isinstance(kinds.get(j), Section):
            continue
        below = subtree(items, j)[1:]
        if items[j].style == "article" or any(items[k].children for k in below):
            continue  # (a regulation's article is read by rule prose.article_items; a heading over headings is no list)
        nodes = [kinds.get(k) for k in below]
        if not any(isinstance(n, Task) for n in nodes) or any(k in blocked for k in below) or not all(
                isinstance(n, Task) or isinstance(n, Section) for n in nodes):
            continue
        work = _rule()["work"]
        if 2 * sum(bool(work.search(getattr(n, "text", None) or n.title or "")) for n in nodes) < len(nodes):
            continue  # "（一）省工业和信息化厅 1.全省食盐储备保持在…": facts, no duties
        if any(_duty_title(n) for n in nodes):
            continue  # "二、区应急办工作职责 （一）主任职责 …（三）总值班室职责 …": each sub-item is a post's or unit's own list
        for k, n in zip(below, nodes):
            units = _merged([n] if isinstance(n, Task) else [], sub_role(heads[j], text, items[k].head_start, items[k].end, accept))
            if isinstance(n, Task):
                n.lead, n.participants, n.responsible = units.lead, units.participants, units.responsible
                n.assignment_span = n.assignment_span or units.assignment_span
            else:  # "④承担…技术培训（4）…": a short sub-item without a full stop reads as a heading
                fold(k, [], units)


def carry_to_headings(text: str, items, kinds: dict, heads: dict, fold, accept) -> None:
    """Under a heading another reader already gave its sub-items (``heads``: item index -> its unit, rule
    ``unit_headings``: "（三）各级动物疫病预防控制机构 ①负责…"), a short leaf sub-item read as a heading ("④承担…技术培训")
    is a task of that unit too (GOLD_GUIDE R10), when its siblings are leaves and one of them took the unit.  In place."""
    if not _rule()["enabled"]:
        return
    for j in sorted(heads):
        below = subtree(items, j)[1:]
        if any(items[k].children for k in below) or not isinstance(kinds.get(j), Section):
            continue
        names = {n for n, _ in heads[j].lead + heads[j].participants + heads[j].responsible}
        if not any(isinstance(kinds.get(k), Task) and names & {r.name for r in kinds[k].lead + kinds[k].participants
                                                                + kinds[k].responsible} for k in below):
            continue
        work = _rule()["work"]
        for k in below:
            if isinstance(kinds.get(k), Section) and work.search(kinds[k].title or "") and not _duty_title(kinds[k]):
                fold(k, [], _merged([], sub_role(heads[j], text, items[k].head_start, items[k].end, accept)))


def inline_runs(text: str, start: int, end: int, accept: Callable[[str], bool]) -> list:
    """A leaf item whose text is a unit's name with its numbered sub-items run into it ("区管委会①组织协调有关部门….
    ②根据….③…", a crawl that kept no break before a marker glued to the name; rule ``inline``): each sub-item as a run
    ((start, end), [the unit with the role the sub-item's words give]), or [] (fewer than two markers in order, a
    name no unit, or sub-items of their own units or of no work)."""
    r = _rule()
    m = r["inline"].match(text, start, end)
    if not r["enabled"] or not m:
        return []
    name = m["name"].strip(" \t\u3000")
    if len(name) > r["name_max"] or r["not_heads"].search(name) or not accept(name):
        return []
    marks, at, pos = r["inline_marks"], m.start("mark"), m.start("mark")
    cuts = []
    for k, mark in enumerate(marks):
        at = text.find(mark, pos, end)
        if at < 0 or (k and text[at - 1] not in r["inline_before"]):
            break
        cuts.append(at)
        pos = at + 1
    if len(cuts) < 2:
        return []
    spans = [(c, (cuts[k + 1] if k + 1 < len(cuts) else end)) for k, c in enumerate(cuts)]
    if any(_own_unit(text, s0 + 1, e0, accept) for s0, e0 in spans):
        return []  # "①区财政局负责…": a division of duties, no unit heading
    if 2 * sum(bool(r["work"].search(text, s0, e0)) for s0, e0 in spans) < len(spans):
        return []
    at = text.find(name, start, end)
    heads = [Assignment(span=(s0, s0 + 1), responsible=[(name, (at, at + len(name)))]) for s0, _ in spans]
    return [((s0, e0), [sub_role(h, text, s0 + 1, e0, accept)]) for h, (s0, e0) in zip(heads, spans)]  # (a run's own span)


def sub_role(head: Assignment, text: str, start: int, end: int, accept: Callable[[str], bool]) -> Assignment:
    """The heading's unit for the sub-item ``text[start:end]`` with the role its words give (``duties.head_role``), and
    the units a clause of it brings in ("①组织动物卫生监督机构和动物疫病预防控制机构开展…", "会同有关部门停止…"; rule
    ``partner_verb``, GOLD_GUIDE R1): those take part and the heading's unit leads."""
    role = head_role(head, text, start, end)
    if role.participants:
        return role  # "配合…": the heading's unit takes part
    partners = []
    for m in _rule()["partner_verb"].finditer(text, start, end):
        if m.start() > start and not _CLAUSE_END.match(text, m.start() - 1) and text[m.start() - 1] not in " \t\u3000":
            continue  # (a clause's opening words only)
        stop = _CLAUSE_END.search(text, m.end(), end)
        partners += _partner_list(text, m.end(), stop.start() if stop else end, accept)
    if not partners:
        return role
    names = role.lead + role.responsible
    return Assignment(span=role.span, lead=names, participants=[p for p in partners if p[0] not in {n for n, _ in names}])


def _partner_list(text: str, start: int, end: int, accept: Callable[[str], bool]) -> list:
    """The longest list of units at ``start`` that ends where rule ``verb_roles.partner_end`` (or this rule's
    ``partner_end``) allows and none of whose
    names holds such a word itself ("有关部门依法在交通站点设置…检查站" is no name), less those rule ``partner_others``
    leaves out (experts, associations, enterprises: R1); [] if none."""
    ends, others = _rule()["partner_end"], _rule()["partner_others"]
    best: list = []
    for m in ends.finditer(text, start + 2, min(end, start + 60)):
        names = accepted_units(text[start:m.start()], start, accept)
        if names and all(not _inner_end(ends, n) and not others.search(n) for n, _ in names):
            best = names
    return best


def _inner_end(ends: re.Pattern, name: str) -> bool:
    """Whether a word a partner list may end before stands inside ``name`` (past its first two characters)."""
    return any(m.start() < len(name) for m in ends.finditer(name, 2))


def _own_unit(text: str, start: int, end: int, accept: Callable[[str], bool]) -> bool:
    """Whether a sub-item opens with a duty clause of its own unit ("①区财政局负责…"; not a verb the recogniser took
    for a name: "①组织协调有关部门参与…")."""
    found = read_clause(text, start, end, accept)
    return bool(found) and any(not _rule()["work"].match(n) for n, _ in found.lead + found.participants + found.responsible)


def _duty_title(node) -> bool:
    """Whether an item opens with a name and a duty word as its heading ("总值班室职责 负责…", "主任职责"; rule
    ``child_title``)."""
    return bool(_rule()["child_title"].match(getattr(node, "text", None) or node.title or ""))


def _merged(tasks: list, head: Assignment) -> SimpleNamespace:
    """The units of a sub-item task (``tasks``: it, or none for a heading-like one): the heading's unit with the role
    ``head`` gives it, or a stronger one its own reading gives (lead > responsible > participants), and whom the
    sub-item leads with it or involves, once each (another body a sub-item's prose names as responsible is the subject
    of a condition or a proposal there: "②…必要时，建议区管委会召集…")."""
    roles: dict = {}
    rank = {"lead": 0, "responsible": 1, "participants": 2}
    own = {n for n, _ in head.lead + head.participants + head.responsible}
    for role in ("lead", "responsible", "participants"):  # the heading's unit, in the role the sub-item's words give
        for name, span in getattr(head, role):
            roles[name] = (role, DeptRef(name=name, span=span))
    for t in tasks:
        for role in ("lead", "responsible", "participants"):
            for ref in getattr(t, role):
                if role == "responsible" and ref.name not in own:
                    continue
                if ref.name not in roles or rank[role] < rank[roles[ref.name][0]]:
                    roles[ref.name] = (role, ref)
    out = SimpleNamespace(lead=[], participants=[], responsible=[], assignment_span=None)
    for role, ref in roles.values():
        getattr(out, role).append(ref)
    spans = [t.assignment_span for t in tasks if getattr(t, "assignment_span", None)]
    out.assignment_span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else head.span
    return out
