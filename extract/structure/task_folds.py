"""Where a section of numbered items is one task, or each of its items is,
although the numbering says otherwise (rules ``group_closing`` and
``label_items`` in ``extract/rules/assignments.yaml``).

Both work on the items of ``extract.structure.numbering`` and the nodes
``build_tasks`` made of them (``kinds``: item index -> Section or Task), and
call ``fold(j, inner, first)`` (from ``tasks``) to turn section item ``j``
into one task with the units of task ``first``, dropping ``inner``.

* ``fold_groups(items, kinds, scoped, fold)``: under a closing assignment of a
  group ("（一）… 1.…（1）…（2）… 5.…。（责任单位：A、B）") each item of the closed run is
  one task; an item holding numbered sub-points of its own, none with an
  assignment of its own, takes them in.
* ``fold_labels(text, items, kinds, fold)``: a section whose sub-items are
  only structural labels ("1．行动目标。… 2．主要任务…。牵头单位：X", a label item
  holding numbered points of its own too) and hold one assignment between them is one task.
* ``scoped_items(items, scoped)`` / ``closed_by_scope(items, scoped)``: the items a
  closing "以上任务由…" paragraph covers (its earlier siblings back to the previous
  one under the same parent, with their subtrees).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING

from extract.model import Section, Task
from extract.rules.loader import load_rules

if TYPE_CHECKING:
    from extract.structure.numbering import Item


def subtree(items, j: int) -> list[int]:
    """Item ``j`` and every item under it (indexes into ``items``, in order)."""
    out, todo = [], [j]
    while todo:
        k = todo.pop()
        out.append(k)
        todo.extend(items[k].children)
    return sorted(out)


def fold_groups(items, kinds: dict, scoped: list, fold) -> None:
    """Fold the items of every run closed by a scoped assignment (see module doc).  In place."""
    if not _group_rule()["enabled"]:
        return
    done: set = set()
    top = [k for k, it in enumerate(items) if it.parent is None]
    for i, hit in enumerate(scoped):
        if hit is None:
            continue
        parent = items[i].parent
        siblings = top if parent is None else items[parent].children
        for j in siblings[:bisect_left(siblings, i) + 1]:
            node = kinds.get(j)
            if j in done or not isinstance(node, Section) or not items[j].children:
                continue
            done.add(j)
            inner = [kinds.get(k) for k in subtree(items, j) if k != j]
            own = [t for t in inner if isinstance(t, Task)]
            if not own or any(t.assignment_span and t.assignment_span != hit[1].span for t in own):
                continue  # a sub-point with its own assignment: keep them
            if any(_units(t) != _units(own[0]) for t in own):
                continue
            fold(j, inner, own[0])


def fold_labels(text: str, items, kinds: dict, fold) -> None:
    """Fold every section whose sub-items are only labels (see module doc).  In place."""
    label = _label_items()
    for j, node in list(kinds.items()):
        kids = items[j].children
        if not isinstance(node, Section) or len(kids) < 2:
            continue
        if not all(label.match(text, items[k].head_start) for k in kids):
            continue
        # (a label item may hold numbered points of its own: "2．主要措施（1）…（2）…。牵头部门：X" — taken in
        # with it when the one assignment of the whole subtree closes them)
        inner = [kinds.get(k) for k in subtree(items, j) if k != j]
        assigned = [t for t in inner if isinstance(t, Task) and (t.lead or t.participants or t.responsible)]
        if assigned and _covered(assigned) and all(isinstance(t, (Task, Section)) for t in inner) and all(
                isinstance(kinds.get(k), Task) for k in kids if not items[k].children):
            fold(j, inner, assigned[-1])


def fold_label_runs(text: str, items, kinds: dict, fold) -> None:
    """Rule ``label_runs_inline``: an item whose numbered points all run on from inline labels
    ("（一）…工作目标：①…②…工作举措：由X负责：①…②…。牵头处室：Y配合单位：Z") and whose subtree ends in
    one assignment (the closing label) is one task with the label's units; the points are its
    goals and measures, and the label wins over their prose (GOLD_GUIDE "Prose duties" 2).  In place."""
    rule = _label_runs_rule()
    if not rule:
        return
    run_start, tail = rule
    for j, node in list(kinds.items()):
        kids = items[j].children
        if not isinstance(node, (Section, Task)) or len(kids) < 2 or items[j].parent is None:
            continue
        first = items[kids[0]].number
        if not all(run_start.search(text[max(0, items[k].start - 40):items[k].start].rstrip())
                   for k in kids if items[k].number == first):
            continue
        inner = [kinds.get(k) for k in subtree(items, j) if k != j]
        if not all(isinstance(t, (Task, Section)) for t in inner):
            continue
        assigned = [t for t in inner if isinstance(t, Task) and (t.lead or t.participants or t.responsible)]
        if isinstance(node, Task) and (node.lead or node.participants or node.responsible):
            continue
        last = max(assigned, key=lambda t: t.assignment_span or (0, 0), default=None)
        if last is None or not last.assignment_span or not (last.lead or last.participants):
            continue
        end = max(items[k].end for k in subtree(items, j))
        if not tail.fullmatch(text[last.assignment_span[1]:end]):
            continue  # the subtree does not end with its assignment
        fold(j, inner + ([node] if isinstance(node, Task) else []), last, segments=True)


@lru_cache(maxsize=1)
def _label_runs_rule():
    r = load_rules("assignments.yaml")["label_runs_inline"]
    if not r["enabled"]:
        return None
    return re.compile(r["pattern"]), re.compile(r["tail"])


def _covered(assigned: list) -> bool:
    """One assignment between the labels, or the last one (the label that closes them) naming every unit
    an earlier point names in its prose ("（1）由X牵头组织实施…" … "牵头部门：Y、X"): the closing label wins
    inside its item (GOLD_GUIDE "Prose duties" 2)."""
    last = {r.name for k in ("lead", "participants", "responsible") for r in getattr(assigned[-1], k)}
    return all({r.name for k in ("lead", "participants", "responsible") for r in getattr(t, k)} <= last
               for t in assigned[:-1])


def _units(t: Task) -> list:
    return [[r.name for r in getattr(t, k)] for k in ("lead", "participants", "responsible")]


@lru_cache(maxsize=1)
def _label_items() -> re.Pattern:
    return re.compile(load_rules("assignments.yaml")["label_items"]["pattern"])


@lru_cache(maxsize=1)
def _group_rule() -> dict:
    return load_rules("assignments.yaml")["group_closing"]


def closed_by_scope(items: list[Item], scoped: list) -> set[int]:
    """Items that a closing assignment (``scoped``) covers: the siblings since
    the previous one under the same parent, the closing item and their subtrees
    (as ``tasks._apply_scoped`` assigns them)."""
    return {k for k, _ in scoped_items(items, scoped)}


def scoped_items(items: list[Item], scoped: list):
    """(item index, the closing paragraph's assignment) for every item a closing "以上任务由…"
    paragraph covers: item i's earlier siblings back to the previous such paragraph under the
    same parent, item i included, with their sub-items.  Each sibling is visited once per
    parent (linear)."""
    if not any(scoped):
        return
    top = [k for k, it in enumerate(items) if it.parent is None]
    done: dict = {}  # parent -> how many of its children were handled
    for i, hit in enumerate(scoped):
        if hit is None:
            continue
        parent = items[i].parent
        siblings = top if parent is None else items[parent].children
        first = done.get(parent, 0)
        upto = bisect_left(siblings, i) + 1
        done[parent] = upto
        for j in siblings[first:upto]:
            for k in subtree(items, j):
                yield k, hit



@lru_cache(maxsize=1)
def _article_items():
    """(enabled, lead_in) of rule ``prose.article_items``."""
    r = load_rules("assignments.yaml")["prose"]["article_items"]
    return bool(r["enabled"]), re.compile(r["lead_in"])


def article_item(text: str, items, i: int, parent) -> bool:
    """Rule ``prose.article_items`` (GOLD_GUIDE "Prose duties" 7, decided): whether item ``i``, a sub-item without
    units of its own that takes those of ``parent`` (the task of the article it is a sub-item of), is part of that
    article's one task rather than a task of its own: the article's own text ends with a lead-in to its unit's
    duty list (rule ``lead_in``: "第五条 X负责…，具体履行下列职责：", "X履行下列职责：").  Sub-items that each open with
    a unit keep their own units and are not asked about."""
    enabled, lead_in = _article_items()
    p = items[i].parent
    if not enabled or p is None or items[p].style != "article" or not isinstance(parent, Task) or parent.inherited:
        return False
    first = items[p].children[0] if items[p].children else None
    end = items[first].start if first is not None else items[p].end
    return bool(lead_in.search(text, max(items[p].head_start, end - 60), end))


def drop_organisation(text: str, tasks: list) -> None:
    """Rule ``prose.documents.organisation``: the units of ``tasks`` (a prose document's) without its leading
    groups ("…应急领导小组": organisation, GOLD_GUIDE "Prose duties" 4), unless the text gives the group an office's
    short name ("…领导小组（以下简称“区打非办”）统筹…", rule ``organisation_alias``): it acts as that office."""
    org, alias = _organisation_rule()
    for t in tasks:
        for role in ("lead", "participants", "responsible"):
            setattr(t, role, [u for u in getattr(t, role) if not org.search(u.name) or (
                u.span and alias.match(text, u.span[1]))])


@lru_cache(maxsize=1)
def _organisation_rule() -> tuple[re.Pattern, re.Pattern]:
    r = load_rules("assignments.yaml")["prose"]["documents"]
    return re.compile(r["organisation"]), re.compile(r["organisation_alias"])
