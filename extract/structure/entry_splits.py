"""A unit's entry in a department-first list that later gives another unit work (rule
``duty_lists.unit_heads.later_subjects`` in ``extract/rules/assignments.yaml``; GOLD_GUIDE R8).

"4.建管中心。积极依托…协同开展…。负责牵头落实…。消委办和建管中心（房办）推动小区增设…。": the entry is the task of its
unit (anchored at its heading, number printed); every later sentence whose subject is a different unit is a task of its
own, anchored at that unit's name; later sentences of the same unit stay in the task before them (R8: "every later
sentence whose subject is a different unit is a task of its own"). A subject joined by 和/及/与 whose parts are all units
names each of them (``entry_names.heading_units``).

``later_subjects(text, entry, start, end, accept)`` -> [((start, end), Assignment), ...]: the entry's run first, then one
run per later subject; [] when no later sentence opens with a different unit (the entry stays one task).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from extract.rules.loader import load_rules
from extract.structure.assignments import Assignment
from extract.structure.entry_names import heading_units, self_governing
from extract.structure.prose_subjects import opens_with_name

__all__ = ["division_runs", "later_subjects"]

_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


@lru_cache(maxsize=1)
def _enabled() -> bool:
    return bool(load_rules("assignments.yaml")["duty_lists"]["unit_heads"].get("later_subjects"))


@lru_cache(maxsize=1)
def _organisation() -> re.Pattern:
    """A sentence that states organisation ("…负责人任成员", "办公室挂靠X": rule ``unit_heads.later_not``)."""
    return re.compile(load_rules("assignments.yaml")["duty_lists"]["unit_heads"].get("later_not") or "(?!)")


def _names(a: Assignment) -> list:
    return [n for n, _ in a.lead + a.participants + a.responsible]


def _same(a: Assignment, before: set) -> bool:
    """Whether every unit of ``a`` is one of ``before`` (as printed, or its short or long form)."""
    return all(any(b.startswith(u) or b.endswith(u) or u.startswith(b) or u.endswith(b) for b in before) for u in _names(a))


def _subject(text: str, s: int, a: Assignment) -> int:
    """Where the later sentence opens whose subject the units of ``a`` (a run read from ``s`` on) are: only white space
    before its first name since the sentence before it ended (after ``s``), every name may open a unit's name
    (``prose_subjects.opens_with_name``: no verb, preposition), no name cut out of a self-governing body's ("居民委" of
    居民委员会), no organisation stated (rule ``later_not``); -1 when it is none."""
    names = a.lead + a.participants + a.responsible
    at = min(span[0] for _, span in names)
    opening = max(text.rfind(c, s, at) for c in "。；;！!？?\n") + 1
    stop = _SENTENCE_END.search(text, at)
    good = (opening > 0 and not text[opening:at].strip() and _whole(text, at) and opens_with_name(text[at:stop.start() if stop else len(text)])
            and all(opens_with_name(n) for n, _ in names)
            and not self_governing(text[at:at + len(names[0][0]) + 2])
            and not _organisation().search(text, at, stop.end() if stop else len(text)))
    return opening if good else -1


def _whole(text: str, at: int) -> bool:
    """Whether a sentence opens at ``at`` after a sentence's end (。；！？ or a colon, white space between), not after a
    line a hard wrap broke ("区绿化市容局负责本区装修\n垃圾处理…")."""
    k = at - 1
    while k >= 0 and text[k] in " \t\u3000\r\n":
        k -= 1
    return k >= 0 and text[k] in "。；;！!？?：:"


def _split(a: Assignment, accept: Callable[[str], bool]) -> Assignment:
    """``a`` with each name joined by 和/及/与 whose parts are all units named apart ("消委办和建管中心（房办）")."""
    for role in ("lead", "participants", "responsible"):
        setattr(a, role, [part for n, (s, _) in getattr(a, role) for part in heading_units(n, s, accept)])
    return a


def later_subjects(text: str, entry: Optional[Assignment], start: int, end: int,
                   accept: Callable[[str], bool]) -> list:
    """The runs of the entry ``text[start:end]`` of the unit(s) ``entry`` (see the module doc); [] when none."""
    from extract.structure.duties import duty_sentences  # (duties imports the entry-name helpers this module uses)

    if not _enabled() or entry is None or not _names(entry):
        return []
    first = _SENTENCE_END.search(text, entry.span[1], end)
    if first is None:
        return []
    runs: list = [[start, None, entry]]
    seen = set(_names(entry))
    for (s, e), a in duty_sentences(text, first.end(), end, accept, True):
        if not _names(a) or _same(a, seen if len(runs) == 1 else set(_names(runs[-1][2]))):
            continue  # (the entry's own unit again: its sentence stays in the run before it)
        s = _subject(text, max(s - 1, first.end() - 1), a)
        if s < 0:
            continue
        runs[-1][1] = s
        runs.append([s, None, _split(a, accept)])
    if len(runs) < 2:
        return []
    runs[-1][1] = end
    return [((s, e), a) for s, e, a in runs]


def division_runs(text: str, title: str, start: int, end: int, accept: Callable[[str], bool]) -> list:
    """A heading line that names a division of duties or cooperation (rule 6, R11: "（四）加强司法联动和维稳监督") over its
    paragraph(s) ``text[start:end]``: a run per sentence opened by a different unit (``duties.duty_sentences``, any verb),
    each unit named apart; [] for fewer than two (the item stays one task)."""
    from extract.structure.duties import duty_sentences
    from extract.structure.prose_rules import rules

    if not _enabled() or not rules()["duty_list_heading"].search(title):  # (rule prose.duty_list_heading: R11's words too)
        return []
    runs: list = []
    for (s, e), a in duty_sentences(text, start, end, accept, True):
        if runs and not _whole(text, min(span[0] for _, span in a.lead + a.participants + a.responsible)):
            runs[-1][0] = (runs[-1][0][0], e)  # (a line a hard wrap broke continues the run before it)
            continue
        runs.append([(s, e), _split(a, accept)])
    return [tuple(r) for r in runs] if len(runs) >= 2 else []
