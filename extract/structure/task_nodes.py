"""How the nodes of ``extract.structure.tasks`` are made: a task's units from its
assignments (``_assign``), a heading split into tasks of its runs (``_heading_segments``,
``_segment_task``), a section item folded into one task (``_folder``) and the units a
closing "以上任务由…" paragraph gives earlier siblings (``_apply_scoped``)."""

from __future__ import annotations

import re
from typing import Optional

from extract.structure import paths, task_folds
from extract.structure.assignments import Assignment
from extract.structure.prose_units import repeated_name
from extract.model import DeptRef, Section, Task
from extract.entities.unit_shape import glued_opening
from extract.entities.numbers import numeral
from extract.structure.numbering import Item
from extract.structure.task_titles import TITLE_TRIM as _TITLE_TRIM, own_end as _own_end

_INNER_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


def _refs(names) -> list[DeptRef]:
    """Names as references, once each, without a space a PDF left inside ("人力资源社会保障 部门")."""
    seen, out = set(), []
    for name, span in names:
        name = _INNER_SPACE.sub("", name)
        glue = glued_opening(name)  # (words run into the front of the name: rule glued_opening)
        name, span = name[glue:], (span[0] + glue, span[1]) if glue else span
        if name not in seen and not any(s.endswith(name) and repeated_name(name, s) for s in seen):  # (it ends so)
            seen.add(name)
            out.append(DeptRef(name=name, span=span))
    return out


def _heading_segments(text: str, items: list[Item], i: int, kinds, sections: list, tasks: list, item_of: dict,
                      names: tuple, runs: list) -> None:
    """Item ``i`` becomes a section and each of ``runs`` ((start, end), its
    assignments) a task under it, numbered "<item>.1", "<item>.2" …;
    ``names`` is (key, parent key, title, shown number) of the item."""
    item = items[i]
    key, parent_key, title, shown = names
    sec = Section(key=key, number=item.marker, title=title, span=(item.start, _own_end(items, i)),
                  level=int(item.rank), parent=parent_key)
    sections.append(sec)
    kinds[i] = sec
    path = paths.section_path(items, i, kinds, sections, include_self=True)
    for k, ((s0, e0), assignments) in enumerate(runs, 1):
        seg = _segment_task(text, s0, e0, f"{shown}.{k}", f"{key}-{k}", None, path, assignments)
        if k == 1 and s0 <= item.head_start:  # a first run at the heading holds its number (R8 (a), h12d)
            seg.span = (item.start, seg.span[1])
        seg.section_key = paths.section_key(items, i, kinds)
        tasks.append(seg)
        item_of[id(seg)] = i


def _segment_task(text: str, s: int, e: int, tid: str, key: str, parent: Optional[str], path: str,
                  assignments: list[Assignment]) -> Task:
    """One bracket-closed run of sentences as a task with its own assignment."""
    body = text[s:e].strip()
    m = re.match(r"[^。！？；;]{1,60}[。！？；;]", body)
    title = (m.group() if m else body[:60]).strip(_TITLE_TRIM)
    task = Task(id=tid, key=key, parent=parent, section=path, title=title, text=body,
                span=(s, _rstrip_end(text, s, e)))
    _assign(task, [a for a in assignments if s <= a.span[0] < e])
    return task


def _apply_scoped(items: list[Item], kinds: dict, scoped: list) -> None:
    """A closing "以上任务由…" paragraph (found in item i's text) assigns every
    task without an assignment among i's earlier siblings – back to the
    previous such paragraph under the same parent – and their sub-items,
    item i included.  Each sibling is visited once per parent (linear)."""
    for k, hit in task_folds.scoped_items(items, scoped):
        task = kinds.get(k)
        if isinstance(task, Task) and not (task.lead or task.participants or task.responsible):
            _assign(task, [hit[1]])


def _folder(text: str, items: list[Item], kinds: dict, sections: list, tasks: list, item_of: dict):
    """``fold(j, inner, first)``: section item ``j`` becomes one task over its
    whole text with the units of task ``first``; the ``inner`` nodes (its
    sub-items' tasks and sections) are dropped (see ``task_folds``)."""
    def fold(j: int, inner: list, first: Task, segments: bool = False) -> None:
        item, node = items[j], kinds[j]
        end = max(items[k].end for k in task_folds.subtree(items, j))
        task = Task(id=numeral(item.number) if item.number.isascii() else item.number, key=node.key,
                    parent=None, section=paths.section_path(items, j, kinds, sections), title=node.title,
                    text=text[item.head_start:end].strip(), span=(item.start, _rstrip_end(text, item.start, end)))
        task.lead, task.participants, task.responsible = list(first.lead), list(first.participants), list(first.responsible)
        task.assignment_span = first.assignment_span
        gone = {id(t) for t in inner if t is not None}
        if segments:  # the sentence segments of a sub-item go too (``task_folds.fold_label_runs``)
            under = set(task_folds.subtree(items, j))
            gone |= {id(t) for t in tasks if item_of.get(id(t)) in under}
        tasks[:] = [t for t in tasks if id(t) not in gone]
        sections[:] = [x for x in sections if id(x) not in gone and x is not node]
        for k in task_folds.subtree(items, j):
            kinds.pop(k, None)
        kinds[j] = task
        tasks.append(task)
        item_of[id(task)] = j
    return fold


def _rstrip_end(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _assign(task: Task, assignments: list[Assignment]) -> None:
    task.lead = _refs(n for a in assignments for n in a.lead)
    task.participants = _refs(n for a in assignments for n in a.participants)
    task.responsible = _refs(n for a in assignments for n in a.responsible)
    if assignments:
        task.assignment_span = (assignments[0].span[0], assignments[-1].span[1])
