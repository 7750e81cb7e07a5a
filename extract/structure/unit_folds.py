"""A heading that names a unit over sub-items that are its duties is one task of that unit (rule
``duty_lists.unit_folds``, GOLD_GUIDE "Prose duties" 6 and the session-26 decision: the sub-items of one unit's duty list
are the content of that unit's clause): "（2）各级兽医行政管理部门 ①组织…②…⑦…", "2.3.2 区防办职责（1）及时掌握…（4）…".

* ``fold_head(text, title, pos, end, accept)``: the unit a heading over sub-items names (its whole title, a duty word
  after it left out: "区防办职责" → 区防办), or None.
* ``fold_unit_heads(items, kinds, heads, blocked, fold)``: every such heading whose sub-items are all tasks with no unit
  of their own (``blocked``: a sub-item that opens with its own unit or closes with a bracket keeps today's reading, a
  task each) becomes one task with the units its sub-items took from it (``fold`` from ``task_nodes._folder``).
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from typing import Callable, Optional

from extract.model import DeptRef, Section, Task
from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.duty_split import title_name
from extract.structure.task_folds import subtree


@lru_cache(maxsize=1)
def _rule() -> dict:
    import re
    r = load_rules("assignments.yaml")["duty_lists"]["unit_folds"]
    heads = load_rules("assignments.yaml")["duty_lists"]["unit_heads"]["not_heads"]  # (a measure's heading words too)
    return {"enabled": r["enabled"], "name_max": r["name_max"], "not_heads": re.compile(f"{r['not_heads']}|{heads}"),
            "child_title": re.compile(r["child_title"]), "work": re.compile(r["work"])}


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


def fold_unit_heads(items, kinds: dict, heads: dict, blocked: set, fold) -> None:
    """Fold each heading of ``heads`` (item index -> its unit) over its sub-items (see module doc).  In place."""
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
                isinstance(n, Task) or (isinstance(n, Section) and not items[k].children) for k, n in zip(below, nodes)):
            continue  # (a short sub-item without a full stop reads as a heading: "④承担…技术培训（4）…")
        work = _rule()["work"]
        if 2 * sum(bool(work.search(getattr(n, "text", None) or n.title or "")) for n in nodes) < len(nodes):
            continue  # "（一）省工业和信息化厅 1.全省食盐储备保持在…": facts, no duties
        if any(_duty_title(n) for n in nodes):
            continue  # "二、区应急办工作职责 （一）主任职责 …（三）总值班室职责 …": each sub-item is a post's or unit's own list
        fold(j, nodes, _merged([n for n in nodes if isinstance(n, Task)], heads[j]))


def _duty_title(node) -> bool:
    """Whether an item opens with a name and a duty word as its heading ("总值班室职责 负责…", "主任职责"; rule
    ``child_title``)."""
    return bool(_rule()["child_title"].match(getattr(node, "text", None) or node.title or ""))


def _merged(tasks: list, head: Assignment) -> SimpleNamespace:
    """The units of ``tasks`` as one task's: the heading's unit with its strongest role (lead > responsible >
    participants) and whom the sub-items lead with it or take part, once each (another body a sub-item's prose names
    as responsible is the subject of a condition or a proposal there: "②…必要时，建议区管委会召集…")."""
    roles: dict = {}
    rank = {"lead": 0, "responsible": 1, "participants": 2}
    own = {n for n, _ in head.lead + head.participants + head.responsible}
    for name, span in head.responsible:  # the heading's unit, responsible unless a sub-item makes it lead
        roles[name] = ("responsible", DeptRef(name=name, span=span))
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
    out.assignment_span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
    return out
