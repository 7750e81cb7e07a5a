"""Carry-forward notes: units named once ("以下均需X落实，不再列出", rule ``carry_forward`` in
``extract/rules/assignments.yaml``) added to the later tasks the note covers.

* ``carry_forward(tasks, notes, top_of, note_top)``: add each note's units to the tasks it covers (in place).
* ``apply_carry_forward(text, start, end, items, tasks, item_of)``: find the notes
  (:func:`extract.structure.conventions.find_carry_forward`) and their scopes, then apply them.
Pure over the clean text and the items of :mod:`extract.structure.numbering`.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Callable

from extract.entities.numbers import numeral
from extract.model import ROLE_FIELDS, DeptRef, Task
from extract.structure.assignment_record import label_notes
from extract.structure.assignment_rules import rules
from extract.structure.assignments import Assignment
from extract.structure.conventions import find_carry_forward
from extract.structure.numbering import Item

ROLES = ROLE_FIELDS


def carry_forward(tasks: list[Task], notes: list[tuple[int, int, Assignment]],
                  top_of: Callable[[Task], object], note_top: Callable[[int], object]) -> None:
    """Add each note's units to the tasks after it, up to the note's scope end
    or the next note: to every task with units of its own or inherited, and to
    an unassigned task only when it lies in the note's top-level section
    (``top_of`` / ``note_top`` give that section).  ``notes`` are
    ``(offset, scope end, units)`` sorted by offset.  A unit already on the
    task is not added again.  In place."""
    if not notes:
        return
    k = -1
    for task in sorted(tasks, key=lambda t: t.span[0]):
        while k + 1 < len(notes) and notes[k + 1][0] < task.span[0]:
            k += 1
        if k < 0 or task.span[0] >= notes[k][1]:
            continue
        pos, _, note = notes[k]
        assigned = task.lead or task.participants or task.responsible
        if not assigned and top_of(task) != note_top(pos):
            continue
        have = {r.name for role in ROLES for r in getattr(task, role)}
        for role in ROLES:
            for name, span in getattr(note, role):
                if name not in have:
                    have.add(name)
                    getattr(task, role).append(DeptRef(name=name, span=span))


def _root(items: list[Item], i: int) -> int:
    while items[i].parent is not None:
        i = items[i].parent
    return i


def apply_carry_forward(text: str, start: int, end: int, items: list[Item], tasks: list[Task], item_of) -> None:
    """Apply carry-forward notes ("以下均需X落实，不再列出") to later tasks, up to
    the end of the document or the next restart of the note's top-level
    numbering ("一、" again: the next of several documents printed in one).  A note naming units
    as holders of a label role ("X为实施单位，下同") covers the task it stands in too."""
    notes = find_carry_forward(text, start, end)
    if not notes:
        return
    starts = [it.start for it in items]

    def note_top(pos: int):
        k = bisect_left(starts, pos + 1) - 1
        return _root(items, k) if k >= 0 else None

    scoped = []
    carry = rules()["carry"]
    labelled = {at for at, _, _, _ in label_notes(text, start, end)}
    for pos, note in notes:
        top = note_top(pos)
        m = carry.match(text, pos)
        if pos in labelled or m is not None and m["label2"] and not m["ahead2"]:
            # "（…；X为实施单位，下同）", "各项任务的实施单位均为X": the note's own task too
            own = [t.span[0] for t in tasks if t.span[0] <= pos < t.span[1]]
            pos = max(own) - 1 if own else pos
        style = items[top].style if top is not None else None
        stop = next((it.start for it in items[(top or 0) + 1:]
                     if it.parent is None and it.style == style and numeral(it.number) == "1"), end)
        scoped.append((pos, stop, note))
    carry_forward(tasks, scoped, lambda t: _root(items, item_of[id(t)]), note_top)
